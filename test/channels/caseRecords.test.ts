// Bexley records formal supervision in two places (individual standard four): part 1 on ICS for each child
// discussed, and part 2, once, on the personal development record, cross-referencing ICS. Walked over HTTP as
// Teams sends it: a held case supervision about two children, each child's card in turn, then the personal
// record; the practitioner signs three records, and the supervisor gets each child's case-file text, apart.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { fieldValue, inputs, teamsChat, type Card } from '../support/walk.js';

let harness: BotHarness;
const { invoke, delivered } = teamsChat(() => harness);
beforeAll(async () => {
  harness = await startBot({ POLICY: 'bexley' });
});
afterAll(async () => harness.close());

type Element = ReturnType<typeof inputs>[number] & { value?: string; title?: string };

/** The record card filled as a supervisor would: every field, one action for the practitioner. */
function filled(card: Card, extra: Record<string, string>): Record<string, unknown> {
  const save = card.actions!.find((action) => action.verb === 'record.save')!;
  const form = inputs(card.body) as Element[];
  const values: Record<string, unknown> = { ...save.data, significant: 'false', draft: 'false' };
  for (const input of form)
    if (input.id?.startsWith('f.')) values[input.id] = input.value || fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
  values['action.1.what'] = 'Update the chronology';
  values['action.1.owner'] = form.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
  values['action.1.due'] = '2026-11-30';
  return { ...values, ...extra };
}

it('records a Bexley case supervision about two children on each child’s ICS record, then once on the personal development record (individual standard four)', async () => {
  for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
  const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
  const sessionId = randomUUID();
  expect(
    cardText(await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind: 'case', date: '2026-11-25', time: '10:00' })),
  ).toContain('Booked');
  await delivered(TEAMS.practitioner);
  harness.clock.advance(Date.parse('2026-11-25T12:00:00Z') - harness.clock.now().getTime());
  await invoke(TEAMS.supervisor, 'session.held', { sessionId });

  // The first child: part 1, with the box saying another child was discussed.
  const first = await invoke(TEAMS.supervisor, 'record.open', { sessionId });
  expect(cardText(first)).toContain('Supervision record - case management (part 1)');
  expect((inputs(first.body) as Element[]).find((input) => input.id === 'anotherCase')?.title).toBe(
    'Another child was discussed: record them next, under their own reference',
  );
  const kept = await invoke(
    TEAMS.supervisor,
    'record.save',
    filled(first, { caseReference: 'ICS-55012', anotherCase: 'true', 'f.worried': 'Worried about the first child.' }),
  );
  expect(cardText(kept)).toContain('Sent to Social Worker C to sign: case ICS-55012');
  expect(kept.actions!.map((action) => [action.verb, action.data])).toEqual([
    ['record.open', { sessionId }],
    ['record.finish', { sessionId }],
  ]);

  // The second child, under their own reference: a name, and the first child's reference, are refused.
  const second = await invoke(TEAMS.supervisor, 'record.open', kept.actions![0]!.data);
  expect(cardText(second)).toContain('Cases recorded so far');
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', filled(second, { caseReference: 'Amelia Hart' })))).toContain(
    "Never type a child's name here.",
  );
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', filled(second, { caseReference: 'ICS-55012' })))).toContain(
    'ICS-55012 has its record from this supervision already.',
  );
  const last = await invoke(TEAMS.supervisor, 'record.save', filled(second, { caseReference: 'ics 60001' }));
  expect(cardText(last)).toContain('Sent to Social Worker C to sign: case ICS-60001');
  const writePersonal = last.actions!.find((action) => action.verb === 'record.open')!;

  // Part 2, once for the session: it names both cases by their reference, for the supervisor to add to.
  const personal = await invoke(TEAMS.supervisor, 'record.open', writePersonal.data);
  expect(cardText(personal)).toContain('Supervision record - professional development (part 2)');
  expect((inputs(personal.body) as Element[]).find((input) => input.id === 'f.management')?.value).toBe(
    'Case discussions are recorded on ICS/LCS, one record per child: ICS-55012 and ICS-60001.',
  );
  expect((inputs(personal.body) as Element[]).some((input) => input.id === 'anotherCase' || input.id === 'caseReference')).toBe(false);
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', filled(personal, {})))).toContain('Sent to Social Worker C to sign');
  const state = async () =>
    (await harness.store.db.selectFrom('supervision_session').select('record_state').where('id', '=', sessionId).executeTakeFirstOrThrow()).record_state;
  expect(await state()).toBe('recorded');

  // Three records to sign: one per child, and the personal one.
  // (The supervision agreement the first session held brings is left aside: agreement.test.ts.)
  const toSign = (await delivered(TEAMS.practitioner)).filter((card) => !cardText(card).includes('supervision agreement'));
  expect(toSign.map((card) => cardText(card).split('\n')[1])).toEqual([
    'Practice Supervisor B recorded your supervision on case ICS-55012. Read it, then agree and sign, or sign with your disagreement recorded.',
    'Practice Supervisor B recorded your supervision on case ICS-60001. Read it, then agree and sign, or sign with your disagreement recorded.',
    'Practice Supervisor B recorded your supervision on Wed 25 Nov 2026. Read it, then agree and sign, or sign with your disagreement recorded.',
  ]);
  for (const card of toSign) {
    const sign = card.actions!.find((action) => action.verb === 'record.sign')!;
    expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', sign.data))).toContain('You agreed and signed the record.');
  }
  expect(await state()).toBe('signed');

  // The supervisor gets each child's case-file text on its own, and the personal record kept off the case file.
  const caseFiles = await delivered(TEAMS.supervisor);
  const texts = caseFiles.map(cardText);
  expect(texts).toHaveLength(3);
  expect(texts[0]).toContain('Case reference: ICS-55012');
  expect(texts[0]).toContain('Worried about the first child.');
  expect(texts[0]).not.toContain('ICS-60001');
  expect(texts[1]).toContain('Case reference: ICS-60001');
  expect(texts[1]).not.toContain('ICS-55012');
  expect(texts[1]).not.toContain('Worried about the first child.');
  expect(texts[2]).toContain('It is kept on their personal supervision record, not the case file.');
  expect(JSON.stringify(harness.connector.sent)).not.toContain('Amelia Hart');
});
