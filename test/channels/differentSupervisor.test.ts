// Cumberland 12 over Teams (the practitioner and their own supervisor) and Slack (the team manager they
// would rather speak to): "agreed by all 3 parties, time limited and recorded". Until all three agree, and
// again after the last day, requests go to the own supervisor; the end is told once, in working hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackInteractions } from '../support/slackInteractions.js';
import type { Card } from '../support/walk.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot({ POLICY: 'cumberland' });
  for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
});
afterAll(async () => harness.close());

type Person = (typeof TEAMS)['practitioner'];
const invoke = async (from: Person, verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
const setClock = (iso: string) => harness.clock.advance(Date.parse(iso) - harness.clock.now().getTime());
/** The cards delivered to someone's Teams chat while `run` runs and the outbox drains. */
async function deliveredInTeams(to: Person, run: () => Promise<unknown>): Promise<Card[]> {
  const before = harness.connector.sent.length;
  await run();
  await harness.bot.dispatcher.drain();
  return harness.connector.sent
    .slice(before)
    .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${to.id}`))
    .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);
}
const slackTo = (user: string, since: number) =>
  harness.slack.calls
    .slice(since)
    .filter((call) => call.method === 'chat.postMessage' && call.args.channel === user)
    .map((call) => String(call.args.text));
const keysLike = async (pattern: string) =>
  (await harness.store.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', pattern).orderBy('idempotency_key').execute()).map(
    (row) => row.idempotency_key,
  );

/** The practitioner raises a team transfer, choosing `askInstead`; the answer card and the request's assignee. */
async function raiseChoosing(askInstead: string) {
  const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'team-transfer' });
  const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
  const story = {
    caseReference: 'EHM-123456',
    urgency: 'priority',
    experience: 'The case moves team next week.',
    goal: 'Plan the transfer.',
    availability: '',
  };
  const answer = await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, askInstead });
  const request = await harness.store.db
    .selectFrom('trigger_request')
    .innerJoin('person', 'person.id', 'trigger_request.assigned_to')
    .select('person.display_name')
    .where('trigger_request.id', '=', submit.data!.requestId as string)
    .executeTakeFirstOrThrow();
  return { form, answer, assignedTo: request.display_name };
}

describe('asking for a different supervisor, in Cumberland (section 12)', () => {
  it('asks all three to agree, each on their own card, keeps requests with the own supervisor until they do, then ends on the last day and tells the three once, in working hours', async () => {
    const manager = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'manager@example.org').executeTakeFirstOrThrow();

    // Choosing the team manager, with nothing agreed: the request goes to the own supervisor, and the ask is offered.
    let since = harness.slack.calls.length;
    const first = await raiseChoosing(manager.id);
    expect(cardText(first.form)).toContain(
      'Ask someone other than your supervisor? All three of you must agree first, for a limited time (Cumberland supervision framework, section 12',
    );
    expect(cardText(first.form)).toContain('Team Manager A, to ask for');
    expect(first.assignedTo).toBe('Practice Supervisor B');
    expect(cardText(first.answer)).toContain('Sent to Practice Supervisor B, your own supervisor: you and Team Manager A have no arrangement agreed yet.');
    // Section 12's support outside supervision, from the pack, on the card the practitioner asks with.
    expect(cardText(first.answer)).toContain('for example through a mentor or an appropriate staff network. (Cumberland supervision framework, section 12');
    const ask = first.answer.actions!.find((action) => action.verb === 'different-supervisor.ask')!;
    await harness.bot.dispatcher.drain();
    expect(slackTo('U0MANAGER', since)).toEqual([]);

    // The end date is required: the policy asks for a limited time.
    expect(cardText(await invoke(TEAMS.practitioner, 'different-supervisor.ask', { ...ask.data, other: manager.id, endsOn: '' }))).toContain(
      'Choose the last day: the policy asks for a limited time.',
    );
    since = harness.slack.calls.length;
    let asked: Card | undefined;
    const toSupervisor = await deliveredInTeams(TEAMS.supervisor, async () => {
      asked = await invoke(TEAMS.practitioner, 'different-supervisor.ask', { ...ask.data, other: manager.id, endsOn: '2027-01-29' });
    });
    expect(cardText(asked)).toContain('Practice Supervisor B and Team Manager A are asked to agree');
    // The own supervisor is asked (and so told), on a card of their own; so is the team manager, in Slack.
    const supervisorCard = toSupervisor.find((card) => cardText(card).includes('Do you agree?'))!;
    expect(cardText(supervisorCard)).toContain('Social Worker C asks to speak to Team Manager A for supervision instead of you, until Fri 29 Jan 2027.');
    expect(supervisorCard.actions!.map((action) => action.verb)).toEqual(['different-supervisor.agree', 'different-supervisor.decline']);
    expect(slackTo('U0MANAGER', since)).toEqual(['Social Worker C asks you to agree to a different supervisor']);
    const { arrangementId } = supervisorCard.actions![0]!.data as { arrangementId: string };

    // Only the person asked may answer: the practitioner's click on a forwarded card is refused, and nothing changes.
    expect(cardText(await invoke(TEAMS.practitioner, 'different-supervisor.agree', { arrangementId }))).toContain("This isn't yours to act on");
    expect(cardText(await invoke(TEAMS.supervisor, 'different-supervisor.agree', { arrangementId }))).toContain('The others still to answer are waiting');
    expect(cardText(await invoke(TEAMS.supervisor, 'different-supervisor.agree', { arrangementId }))).toContain('You agreed already');

    // Two of three have agreed: still to the own supervisor.
    const waiting = await raiseChoosing(manager.id);
    expect(waiting.assignedTo).toBe('Practice Supervisor B');
    expect(cardText(waiting.answer)).toContain('you asked for Team Manager A on Mon 23 Nov 2026, and not everyone has agreed yet');

    since = harness.slack.calls.length;
    const toldAgreed = await deliveredInTeams(TEAMS.practitioner, () =>
      slackInteractions(harness).click('U0MANAGER', 'different-supervisor.agree', { arrangementId }),
    );
    expect(slackTo('U0MANAGER', since)).toEqual(['A different supervisor was agreed, until Fri 29 Jan 2027']);
    expect(toldAgreed.map(cardText).join('\n')).toContain(
      'Social Worker C may ask Team Manager A for supervision instead of Practice Supervisor B, until Fri 29 Jan 2027. It is recorded.',
    );
    expect(await keysLike(`different-supervisor:${arrangementId}:agreed:%`)).toHaveLength(3);

    // In force: the request goes to the team manager, named with the end date on the practitioner's form.
    const agreed = await raiseChoosing(manager.id);
    expect(cardText(agreed.form)).toContain('Team Manager A, agreed until Fri 29 Jan 2027');
    expect(agreed.assignedTo).toBe('Team Manager A');
    expect(cardText(agreed.answer)).toContain('Sent to Team Manager A');

    // The day after the last day is a Saturday: requests go back to the own supervisor at once, but nobody is told until Monday's working hours.
    setClock('2027-01-30T10:00:00Z');
    await harness.bot.sweeper.sweepOnce();
    expect(await keysLike(`different-supervisor:${arrangementId}:ended%`)).toEqual([]);
    const after = await raiseChoosing(manager.id);
    expect(after.assignedTo).toBe('Practice Supervisor B');
    expect(cardText(after.answer)).toContain('you and Team Manager A have no arrangement agreed yet');

    setClock('2027-02-01T09:30:00Z');
    since = harness.slack.calls.length;
    await harness.bot.sweeper.sweepOnce();
    await harness.bot.sweeper.sweepOnce();
    await harness.bot.dispatcher.drain();
    expect(await keysLike(`different-supervisor:${arrangementId}:ended:%`)).toHaveLength(3);
    expect(slackTo('U0MANAGER', since).filter((text) => text.includes('ended'))).toEqual([
      'The arrangement for a different supervisor ended on Fri 29 Jan 2027',
    ]);

    // Recorded: asked, agreed by each, in force, ended.
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'different_supervisor')
      .where('object_id', '=', arrangementId)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      'different-supervisor.ask',
      'different-supervisor.answer.refused',
      'different-supervisor.agree',
      'different-supervisor.agree',
      'different-supervisor.agreed',
      'different-supervisor.end',
    ]);
  });

  it('does not send requests to the other supervisor when one party declines', async () => {
    const manager = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'manager@example.org').executeTakeFirstOrThrow();
    const first = await raiseChoosing(manager.id);
    const ask = first.answer.actions!.find((action) => action.verb === 'different-supervisor.ask')!;
    expect(cardText(await invoke(TEAMS.practitioner, 'different-supervisor.ask', { ...ask.data, other: manager.id, endsOn: '2027-03-31' }))).toContain(
      'are asked to agree',
    );
    const { id: arrangementId } = await harness.store.db
      .selectFrom('different_supervisor')
      .select('id')
      .where('state', '=', 'asking')
      .executeTakeFirstOrThrow();
    const toPractitioner = await deliveredInTeams(TEAMS.practitioner, async () => {
      expect(cardText(await invoke(TEAMS.supervisor, 'different-supervisor.decline', { arrangementId }))).toContain('Not agreed');
    });
    expect(toPractitioner.map(cardText).join('\n')).toContain('Practice Supervisor B did not agree to Social Worker C speaking to Team Manager A');
    await slackInteractions(harness).click('U0MANAGER', 'different-supervisor.agree', { arrangementId });
    expect((await harness.store.db.selectFrom('different_supervisor').select('state').where('id', '=', arrangementId).executeTakeFirstOrThrow()).state).toBe(
      'declined',
    );
    expect((await raiseChoosing(manager.id)).assignedTo).toBe('Practice Supervisor B');
  });
});
