// What the disagreement form promises happens, over Teams (the practitioner and their supervisor) and
// Slack (the managers above), as each pack says:
// - Cafcass names nobody to settle disputes: the supervisor's own manager is told, as the form says.
// - Bexley (appendix 1): a casework disagreement goes to the team manager, who makes the final decision;
//   a difference over the personal development record the two try to resolve first, then take to the
//   service manager, never the team manager.
// - Cafcass Cymru (2.8): a PRD dispute the two try to resolve first; only Escalate tells the Senior Manager.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { cardText, directoryCsv, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { pack } from '../support/packs.js';
import { slackInteractions } from '../support/slackInteractions.js';
import { fieldValue, inputs, type Card } from '../support/walk.js';

type Person = (typeof TEAMS)['practitioner'];

function chat(harness: () => BotHarness) {
  const invoke = async (from: Person, verb: string, data: Record<string, unknown> = {}) => {
    const response = await postTeams(harness(), teamsActivity(harness(), { from, invoke: { verb, data } }));
    expect(response.status).toBe(200);
    return response.body!.value as Card;
  };
  /** What a Slack user is sent from now until the outbox is drained. */
  const sentInSlack = async (run: () => Promise<unknown>) => {
    const since = harness().slack.calls.length;
    await run();
    await harness().bot.dispatcher.drain();
    return (user: string) =>
      harness()
        .slack.calls.slice(since)
        .filter((call) => call.method === 'chat.postMessage' && call.args.channel === user)
        .map((call) => String(call.args.text));
  };
  /** The supervisor books a session of `kind` on `day` at 10:00, marks it held at noon and records it; the record's id. */
  const recordedSession = async (kind: string, day: string, caseReference = '') => {
    const worker = await harness().store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    const sessionId = randomUUID();
    expect(cardText(await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind, date: day, time: '10:00' }))).toContain(
      'Booked',
    );
    harness().clock.advance(Date.parse(`${day}T12:00:00Z`) - harness().clock.now().getTime());
    await invoke(TEAMS.supervisor, 'session.held', { sessionId });
    const card = await invoke(TEAMS.supervisor, 'record.open', { sessionId });
    const save = card.actions!.find((action) => action.verb === 'record.save')!;
    const form = inputs(card.body);
    const values: Record<string, unknown> = { ...save.data, significant: 'false', draft: 'false' };
    for (const input of form) {
      if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
      if (input.id?.startsWith('prev.')) values[input.id] = 'done';
    }
    if (form.some((input) => input.id === 'caseReference')) values.caseReference = caseReference;
    values['action.1.what'] = 'Review the plan';
    values['action.1.owner'] = form.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
    values['action.1.due'] = '2026-12-30';
    expect(cardText(await invoke(TEAMS.supervisor, 'record.save', values))).toContain('to sign');
    await harness().bot.dispatcher.drain();
    return (await harness().store.db.selectFrom('record').select('id').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).id;
  };
  return { invoke, sentInSlack, recordedSession };
}

/** The test directory with a senior manager (role senior-manager, in Slack) above the team manager. */
async function withSeniorManager(harness: BotHarness, policy: string, name: string) {
  const text = `${directoryCsv
    .replace('manager@example.org,Team Manager A,manager,North,,', 'manager@example.org,Team Manager A,manager,North,senior@example.org,')
    .replace(',nqsw,', `,${policy === 'bexley' ? 'case-holder' : 'practitioner'},`)}senior@example.org,${name},senior-manager,North,,,,U0SENIOR1,\n`;
  const imported = await importDirectory({ db: harness.store.db, pack: pack(policy).pack, fileName: 'staff.csv', text, now: harness.clock.now() });
  expect(imported.ok).toBe(true);
  // Everyone has chosen English (a pack's rules are checked in English), as in flowSetup.
  await harness.store.db.updateTable('person').set({ language: 'en-GB' }).execute();
  // Both reach the bot in Teams first, so what they are sent comes to their personal chats there.
  for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
}

describe('a record signed with a disagreement, in Cafcass', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  });
  afterAll(async () => harness.close());
  const { invoke } = chat(() => harness);

  it('tells the supervisor and their manager, as the form promises', async () => {
    const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;
    const story = { caseReference: 'CF-204520', urgency: 'urgent', experience: 'What happened.', goal: 'What I need.', availability: '' };
    expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story }))).toContain('Sent to');
    const record = inputs((await invoke(TEAMS.supervisor, 'record.open', { requestId })).body);
    const values: Record<string, string> = { requestId, significant: 'false', draft: 'false' };
    for (const input of record)
      if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
    values['action.1.what'] = 'Refer to the local authority';
    values['action.1.owner'] = record.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
    values['action.1.due'] = '2026-11-30';
    expect(cardText(await invoke(TEAMS.supervisor, 'record.save', values))).toContain('to sign');
    const saved = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();

    const disagreeForm = await invoke(TEAMS.practitioner, 'record.disagree', { recordId: saved.id });
    expect(cardText(disagreeForm)).toContain('your supervisor and their manager are told');
    // A way back in Teams, where this form took the record card's place (in Slack, Cancel goes back to it).
    expect(JSON.stringify(disagreeForm.body)).toContain(
      JSON.stringify({ type: 'Action.Execute', title: 'Agree and sign instead', verb: 'record.sign', data: { recordId: saved.id }, fallback: 'drop' }),
    );
    const calls = harness.slack.calls.length;
    expect(
      cardText(await invoke(TEAMS.practitioner, 'record.dispute', { recordId: saved.id, comment: 'The analysis leaves out the school’s view.' })),
    ).toContain('your disagreement is recorded');
    await harness.bot.dispatcher.drain();
    // The manager (reached in Slack) is told; so is the supervisor who wrote it.
    const toManager = harness.slack.calls.slice(calls).filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0MANAGER');
    expect(toManager.map((call) => String(call.args.text))).toEqual([expect.stringContaining('was signed with a disagreement')]);
    const toSupervisor = await harness.store.db
      .selectFrom('outbox')
      .select('idempotency_key')
      .where('idempotency_key', '=', `record:${saved.id}:signed`)
      .execute();
    expect(toSupervisor).toHaveLength(1);
  });
});

describe('a record signed with a disagreement, in Bexley (appendix 1)', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'bexley' });
    await withSeniorManager(harness, 'bexley', 'Service Manager S');
  });
  afterAll(async () => harness.close());
  const { invoke, sentInSlack, recordedSession } = chat(() => harness);

  it('takes a casework disagreement to the team manager at once, who makes the final decision; the service manager is not told', async () => {
    const recordId = await recordedSession('case', '2026-11-25', 'ICS-55012');
    expect(cardText(await invoke(TEAMS.practitioner, 'record.disagree', { recordId }))).toContain(
      'your supervisor and the team manager are told, to settle it (Bexley supervision policy, appendix 1)',
    );
    const told = await sentInSlack(() => invoke(TEAMS.practitioner, 'record.dispute', { recordId, comment: 'The safety scale is too high.' }));
    expect(told('U0MANAGER')).toEqual([expect.stringContaining('was signed with a disagreement')]);
    expect(told('U0SENIOR1')).toEqual([]);
  });

  it('asks the two to resolve a personal record difference first, then takes it to the service manager, never the team manager', async () => {
    const recordId = await recordedSession('personal', '2026-11-27');
    const form = cardText(await invoke(TEAMS.practitioner, 'record.disagree', { recordId }));
    expect(form).toContain('The policy asks the two of you to try to resolve it first (Bexley supervision policy, appendix 1)');
    expect(form).toContain('the service manager is told');

    let signed: Card | undefined;
    let told = await sentInSlack(async () => {
      signed = await invoke(TEAMS.practitioner, 'record.dispute', { recordId, comment: 'My caseload was not discussed.' });
    });
    expect(cardText(signed)).toContain('Practice Supervisor B is asked to talk it through with you');
    expect(signed!.actions!.map((action) => [(action as { title?: string }).title, action.verb])).toEqual([
      ['Escalate to the service manager', 'record.dispute-escalate'],
      ['We resolved it', 'record.dispute-resolve'],
    ]);
    // Nobody above is told yet: the two try first.
    expect(told('U0MANAGER')).toEqual([]);
    expect(told('U0SENIOR1')).toEqual([]);
    const talk = await harness.store.db.selectFrom('outbox').select('conversation').where('idempotency_key', '=', `record:${recordId}:dispute-talk`).execute();
    expect(talk).toEqual([{ conversation: `a:personal-${TEAMS.supervisor.id}` }]);

    // The team manager cannot escalate it for them; the practitioner can, once.
    const { click } = slackInteractions(harness);
    await click('U0MANAGER', 'record.dispute-escalate', { recordId });
    const refused = await harness.store.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'record.dispute-escalate.refused').execute();
    expect(refused).toHaveLength(1);
    told = await sentInSlack(async () => {
      expect(cardText(await invoke(TEAMS.practitioner, 'record.dispute-escalate', signed!.actions![0]!.data))).toContain(
        'Service Manager S, the service manager, is told',
      );
    });
    expect(told('U0SENIOR1')).toEqual([expect.stringContaining('was signed with a disagreement')]);
    expect(told('U0MANAGER')).toEqual([]);
    expect(cardText(await invoke(TEAMS.practitioner, 'record.dispute-escalate', { recordId }))).toContain('Already escalated');
  });
});

describe('a PRD signed with a disagreement, in Cafcass Cymru (2.8)', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'cafcass-cymru' });
    await withSeniorManager(harness, 'cafcass-cymru', 'Senior Manager M');
  });
  afterAll(async () => harness.close());
  const { invoke, sentInSlack, recordedSession } = chat(() => harness);

  it('asks the supervisor to resolve it with the practitioner first; only Escalate tells the Senior Manager', async () => {
    const recordId = await recordedSession('prd', '2026-11-25');
    expect(cardText(await invoke(TEAMS.practitioner, 'record.disagree', { recordId }))).toContain(
      'The policy asks the two of you to try to resolve it first (Cafcass Cymru supervision procedure, section 2.8): your supervisor is told and asked to talk it through with you.',
    );
    const before = harness.connector.sent.length;
    const told = await sentInSlack(() => invoke(TEAMS.practitioner, 'record.dispute', { recordId, comment: 'The development areas are not agreed.' }));
    expect(told('U0SENIOR1')).toEqual([]);
    expect(told('U0MANAGER')).toEqual([]);
    // The supervisor's card: talk it through, with Escalate and We resolved it.
    const toSupervisor = harness.connector.sent
      .slice(before)
      .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${TEAMS.supervisor.id}`))
      .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content)
      .find((card) => cardText(card).includes('A disagreement to talk through'))!;
    expect(cardText(toSupervisor)).toContain('"The development areas are not agreed."');
    const escalate = toSupervisor.actions!.find((action) => action.verb === 'record.dispute-escalate')!;
    expect(escalate).toMatchObject({ title: 'Escalate to the Senior Manager', data: { recordId } });

    const escalated = await sentInSlack(async () => {
      expect(cardText(await invoke(TEAMS.supervisor, 'record.dispute-escalate', escalate.data))).toContain('Senior Manager M, the Senior Manager, is told');
    });
    expect(escalated('U0SENIOR1')).toEqual([expect.stringContaining('was signed with a disagreement')]);
    const toPractitioner = await harness.store.db
      .selectFrom('outbox')
      .select('conversation')
      .where('idempotency_key', '=', `record:${recordId}:dispute-escalated`)
      .execute();
    expect(toPractitioner).toEqual([{ conversation: `a:personal-${TEAMS.practitioner.id}` }]);
    expect(cardText(await invoke(TEAMS.practitioner, 'record.dispute-resolve', { recordId }))).toContain('Already escalated');
  });

  it('has the Senior Manager record the outcome agreed with both, in Slack; both are told, once, and nobody else may record it', async () => {
    const recordId = await recordedSession('prd', '2026-11-27');
    await invoke(TEAMS.practitioner, 'record.dispute', { recordId, comment: 'The actions were not agreed.' });
    // Before Escalate the two are still at it: not the Senior Manager's to settle.
    const { click, submit } = slackInteractions(harness);
    const answer = async (user: string, verb: string, data: Record<string, unknown>) => {
      const before = harness.slack.responses.length;
      await click(user, verb, data);
      await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
      return JSON.stringify(harness.slack.responses.at(-1));
    };
    expect(await answer('U0SENIOR1', 'record.dispute-outcome-form', { recordId })).toContain('Not yours to settle yet');
    await sentInSlack(() => invoke(TEAMS.supervisor, 'record.dispute-escalate', { recordId }));
    const notice = await harness.store.db
      .selectFrom('outbox')
      .select('payload')
      .where('idempotency_key', '=', `record:${recordId}:dispute`)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(notice.payload)).toContain('record.dispute-outcome-form');
    expect(cardText(await invoke(TEAMS.supervisor, 'record.dispute-outcome-form', { recordId }))).toContain("This isn't yours to act on");
    // The form opens in a modal; an empty outcome is refused on its field.
    let since = harness.slack.calls.length;
    await click('U0SENIOR1', 'record.dispute-outcome-form', { recordId });
    await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
    const modal = harness.slack.calls.slice(since).find((call) => call.method === 'views.open')!.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.stringify(modal)).toContain('Meet them both, appraise the results and actions');
    const typed = (value: string) => ({ outcome: { outcome: { type: 'plain_text_input', value } } });
    expect(await submit('U0SENIOR1', modal, typed(' '))).toEqual({
      response_action: 'errors',
      errors: { outcome: 'Say what outcome was agreed with them both.' },
    });
    const outcome = 'The actions stand; a PSM in two weeks reviews the second one.';
    since = harness.slack.calls.length;
    expect(await submit('U0SENIOR1', modal, typed(outcome))).toBeUndefined();
    await expect
      .poll(
        async () =>
          (await harness.store.db.selectFrom('outbox').select('id').where('idempotency_key', 'like', `record:${recordId}:dispute-outcome:%`).execute()).length,
      )
      .toBe(2);
    const notices = await harness.store.db
      .selectFrom('outbox')
      .select(['conversation', 'payload'])
      .where('idempotency_key', 'like', `record:${recordId}:dispute-outcome:%`)
      .execute();
    expect(notices.map((row) => row.conversation).sort()).toEqual([`a:personal-${TEAMS.practitioner.id}`, `a:personal-${TEAMS.supervisor.id}`].sort());
    expect(JSON.stringify(notices[0]!.payload)).toContain(outcome);
    // A second outcome changes nothing.
    expect(await answer('U0SENIOR1', 'record.dispute-outcome-form', { recordId })).toContain('Recorded already');
    await submit('U0SENIOR1', modal, typed('Something else.'));
    expect((await harness.store.db.selectFrom('record_dispute').select('outcome').where('record_id', '=', recordId).executeTakeFirstOrThrow()).outcome).toBe(
      outcome,
    );
  });

  it('tells nobody above when the two resolve it between them', async () => {
    const recordId = await recordedSession('prd', '2026-11-30');
    const told = await sentInSlack(async () => {
      await invoke(TEAMS.practitioner, 'record.dispute', { recordId, comment: 'One action is not realistic.' });
      expect(cardText(await invoke(TEAMS.supervisor, 'record.dispute-resolve', { recordId }))).toContain('Marked resolved');
    });
    expect(told('U0SENIOR1')).toEqual([]);
    expect(cardText(await invoke(TEAMS.practitioner, 'record.dispute-escalate', { recordId }))).toContain('Already resolved');
  });
});
