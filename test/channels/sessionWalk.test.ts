// A held session from "It was held" to a signed record over HTTP, as Teams sends it: the supervisor
// marks a Bexley case supervision held, presses *Record it* on the card that comes back, fills the
// Signs of Safety card (the case reference it asks for, a child's name refused), and the practitioner
// signs the record delivered to their personal chat; the supervisor gets the case-file text.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { fieldValue, inputs, teamsChat } from '../support/walk.js';

let harness: BotHarness;
const { invoke, delivered } = teamsChat(() => harness);
beforeAll(async () => {
  harness = await startBot({ POLICY: 'bexley' });
});
afterAll(async () => harness.close());

it('walks a held session through Teams: It was held, Record it, the record card, the signature', async () => {
  for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
  const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
  const sessionId = randomUUID();
  const booked = await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind: 'case', date: '2026-11-25', time: '10:00' });
  expect(cardText(booked)).toContain('Booked');
  await delivered(TEAMS.practitioner);
  harness.clock.advance(Date.parse('2026-11-25T12:00:00Z') - harness.clock.now().getTime());

  const held = await invoke(TEAMS.supervisor, 'session.held', { sessionId });
  expect(cardText(held)).toContain('Record it by Wed 2 Dec 2026 23:59');
  const recordIt = held.actions!.find((action) => action.verb === 'record.open')!;
  expect(recordIt.data).toEqual({ sessionId });
  expect(cardText(await invoke(TEAMS.practitioner, 'record.open', recordIt.data))).toContain("This isn't yours to act on");

  const card = await invoke(TEAMS.supervisor, 'record.open', recordIt.data);
  const save = card.actions!.find((action) => action.verb === 'record.save')!;
  expect(save.data).toEqual({ requestId: '', sessionId, recordId: '' });
  const form = inputs(card.body);
  const values: Record<string, unknown> = { ...save.data, significant: 'false', draft: 'false' };
  for (const input of form) if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
  values['action.1.what'] = 'Update the chronology';
  values['action.1.owner'] = form.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
  values['action.1.due'] = '2026-11-30';
  expect(form.some((input) => input.id === 'caseReference')).toBe(true);
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', { ...values, caseReference: 'Amelia Hart' }))).toContain("Never type a child's name here.");
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', { ...values, caseReference: 'ICS-55012' }))).toContain('Sent to Social Worker C to sign');

  // The first session held also brings the supervision agreement (agreement.test.ts): the record is the card to sign here.
  const toSign = (await delivered(TEAMS.practitioner)).find((card) => cardText(card).includes('recorded your supervision'));
  expect(cardText(toSign)).toContain('Practice Supervisor B recorded your supervision on case ICS-55012.');
  const sign = toSign!.actions!.find((action) => action.verb === 'record.sign')!;
  expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', sign.data))).toContain('You agreed and signed the record.');
  const [caseFile] = await delivered(TEAMS.supervisor);
  expect(cardText(caseFile)).toContain('Supervision: Formal individual supervision (case management), held Wed 25 Nov 2026 10:00');
  expect(caseFile!.actions!.map((action) => action.verb)).toEqual(['record.amend-form', 'record.download']);
  expect(caseFile!.actions![0]!.data).toMatchObject({ requestId: '', sessionId });
  expect(JSON.stringify(harness.connector.sent)).not.toContain('Amelia Hart');
});
