// Cumberland 10 over Teams (the practitioner and their supervisor) and Slack (the team manager above them): a
// personal supervision record is not the manager's to read without the practitioner's consent. The manager's
// reading opens a form to ask for it or to read on a need-to-know basis; the practitioner answers on a card of
// their own in Teams, which their supervisor cannot answer for them; the manager is told in Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { pack } from '../support/packs.js';
import { recordValues } from '../support/recording.js';
import { slackInteractions } from '../support/slackInteractions.js';
import type { Card } from '../support/walk.js';

let harness: BotHarness;
let recordId: string;
beforeAll(async () => {
  harness = await startBot({ POLICY: 'cumberland' });
  for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
  // A personal supervision, held and recorded by the supervisor and signed by the practitioner.
  const cumberland = pack('cumberland');
  const context: FlowContext = { db: harness.store.db, pack: cumberland.pack, calendar: cumberland.calendar, clock: harness.clock };
  const people = Object.fromEntries(
    (await harness.store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
  );
  const sessionId = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
  await runAction(context, people.supervisor!, 'session.book', {
    bookingId: sessionId,
    supervisee: people.worker!.id,
    kind: 'personal',
    date: '2026-11-23',
    time: '11:00',
  });
  harness.clock.advance(2 * 60 * 60_000);
  await runAction(context, people.supervisor!, 'session.held', { sessionId });
  const form = await runAction(context, people.supervisor!, 'record.open', { requestId: '', sessionId });
  await runAction(context, people.supervisor!, 'record.save', recordValues(form.view, { caseReference: '', actionDue: '2026-12-11' }));
  recordId = (await harness.store.db.selectFrom('record').select('id').executeTakeFirstOrThrow()).id;
  await runAction(context, people.worker!, 'record.sign', { recordId });
  await harness.bot.dispatcher.drain();
});
afterAll(async () => harness.close());

type Person = (typeof TEAMS)['practitioner'];
const invoke = async (from: Person, verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
async function deliveredInTeams(to: Person, run: () => Promise<unknown>): Promise<Card[]> {
  const before = harness.connector.sent.length;
  await run();
  await harness.bot.dispatcher.drain();
  return harness.connector.sent
    .slice(before)
    .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${to.id}`))
    .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);
}
const slackCalls = (since: number, method: string) => harness.slack.calls.slice(since).filter((call) => call.method === method);

describe('consent to read a personal supervision record, in Cumberland (section 10)', () => {
  it('asks the practitioner in Teams for the Slack manager, refuses their supervisor answering for them, tells the manager, and then opens it', async () => {
    const { click } = slackInteractions(harness);
    let since = harness.slack.calls.length;
    await click('U0MANAGER', 'record.show', { recordId });
    await expect.poll(() => slackCalls(since, 'views.open').length).toBe(1);
    const view = slackCalls(since, 'views.open')[0]!.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('record.need-to-know');
    expect(JSON.stringify(view.blocks)).toContain("Social Worker C's consent first");
    expect(JSON.stringify(view.blocks)).not.toContain('Written.');

    // "Ask for consent", inside the form: the practitioner gets a card of their own in Teams.
    let toPractitioner: Card[] = [];
    since = harness.slack.calls.length;
    toPractitioner = await deliveredInTeams(TEAMS.practitioner, () =>
      click(
        'U0MANAGER',
        'record.consent-ask',
        { recordId },
        { view, values: { reason: { reason: { type: 'plain_text_input', value: 'For the appraisal.' } } } },
      ),
    );
    await expect.poll(() => slackCalls(since, 'chat.postMessage').map((call) => JSON.stringify(call.args))).toEqual([expect.stringContaining('Asked')]);
    const consent = toPractitioner.find((card) => cardText(card).includes('May Team Manager A read your personal record?'))!;
    expect(cardText(consent)).toContain('For the appraisal.');
    const give = consent.actions!.find((action) => action.verb === 'record.consent-give')!;
    expect(consent.actions!.map((action) => action.verb)).toEqual(['record.consent-give', 'record.consent-decline']);

    // The supervisor pressing a forwarded card is refused; the record stays closed to the manager.
    expect(cardText(await invoke(TEAMS.supervisor, 'record.consent-give', give.data as Record<string, unknown>))).toContain("This isn't yours to answer");
    since = harness.slack.calls.length;
    await click('U0MANAGER', 'record.show', { recordId });
    await expect.poll(() => slackCalls(since, 'views.open').length).toBe(1);
    expect(JSON.stringify(slackCalls(since, 'views.open')[0]!.args.view)).toContain('You asked Social Worker C on Mon 23 Nov 2026');

    // The practitioner gives it: the manager is told in Slack, and reads it.
    since = harness.slack.calls.length;
    expect(cardText(await invoke(TEAMS.practitioner, 'record.consent-give', give.data as Record<string, unknown>))).toContain('Consent given');
    await harness.bot.dispatcher.drain();
    expect(slackCalls(since, 'chat.postMessage').map((call) => String(call.args.text))).toEqual(['Social Worker C gave consent to read their personal record']);
    since = harness.slack.calls.length;
    const responded = harness.slack.responses.length;
    await click('U0MANAGER', 'record.show', { recordId });
    await expect.poll(() => harness.slack.responses.length).toBe(responded + 1);
    expect(JSON.stringify(harness.slack.responses.at(-1))).toContain('Written.');
    expect(slackCalls(since, 'views.open')).toEqual([]);
  });
});
