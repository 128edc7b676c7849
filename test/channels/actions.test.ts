// Action reminders over HTTP, as Teams and Slack send and receive them: the reminder arrives from the
// sweeper, Done is pressed, and more time is asked for and agreed by the supervisor who recorded it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { addAction } from '../support/actions.js';
import { slackInteractions } from '../support/slackInteractions.js';

type Card = { body: unknown[]; actions?: { title?: string; verb?: string; data?: Record<string, unknown> }[] };

/** Two open actions of the worker's, recorded by the supervisor, due Wednesday 25 November 2026 (the bot's clock: Monday 23rd). */
async function twoActions(harness: BotHarness) {
  const people = Object.fromEntries((await harness.store.db.selectFrom('person').select(['id', 'email']).execute()).map((p) => [p.email.split('@')[0]!, p.id]));
  const action = (what: string) =>
    addAction(harness.store.db, { ownerId: people.worker!, authorId: people.supervisor!, superviseeId: people.worker!, due: '2026-11-25', what });
  return { done: await action('Refer to the local authority'), later: await action('Book the family group conference') };
}

const dueOn = async (harness: BotHarness, id: string) =>
  await harness.store.db.selectFrom('action_item').select(['status', 'due_on']).where('id', '=', id).executeTakeFirstOrThrow();

describe('action reminders in Teams', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  }, 60_000);
  afterAll(async () => harness.close());

  const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
    const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
    expect(response.status).toBe(200);
    return response.body!.value as Card;
  };
  /** Cards delivered since `since` to a person's personal chat. */
  const deliveredTo = (person: (typeof TEAMS)['practitioner'], since: number) =>
    harness.connector.sent
      .slice(since)
      .filter((sent) => decodeURIComponent(sent.path).includes(`/v3/conversations/a:personal-${person.id}/activities`))
      .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);

  it('sends the reminder, takes Done, and moves the due date when the supervisor agrees to more time', async () => {
    for (const person of [TEAMS.practitioner, TEAMS.supervisor]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
    const ids = await twoActions(harness);
    let since = harness.connector.sent.length;
    await harness.bot.sweeper.sweepOnce();
    await harness.bot.dispatcher.drain();
    const reminders = deliveredTo(TEAMS.practitioner, since).filter((card) => cardText(card).includes('An action is due soon'));
    expect(reminders).toHaveLength(2);
    const shown = reminders.map((card) => ({ text: cardText(card), buttons: card.actions! }));
    const first = shown.find((reminder) => reminder.text.includes('Refer to the local authority'));
    const second = shown.find((reminder) => reminder.text.includes('Book the family group conference'));
    expect(first!.text).toContain('CF-204518');
    expect(first!.text).toContain('Refer to the local authority');
    expect(first!.buttons.map((button) => button.title)).toEqual(['Done', 'Ask for more time']);

    // Done, pressed twice; and by someone else.
    const done = first!.buttons.find((button) => button.title === 'Done')!;
    expect(cardText(await invoke(TEAMS.supervisor, done.verb!, done.data))).toContain("This isn't yours to act on");
    expect(cardText(await invoke(TEAMS.practitioner, done.verb!, done.data))).toContain('Marked done');
    expect(cardText(await invoke(TEAMS.practitioner, done.verb!, done.data))).toContain('Already closed');
    expect((await dueOn(harness, ids.done)).status).toBe('done');

    // Ask for more time: the form, a Saturday refused by its field, then a working day.
    const more = second!.buttons.find((button) => button.title === 'Ask for more time')!;
    const form = await invoke(TEAMS.practitioner, more.verb!, more.data);
    expect(cardText(form)).toContain('Practice Supervisor B will agree or refuse.');
    const ask = form.actions!.find((action) => action.verb === 'action.extend')!;
    const saturday = await invoke(TEAMS.practitioner, 'action.extend', { ...ask.data, date: '2026-11-28', reason: 'The family asked to meet later.' });
    expect(cardText(saturday)).toContain('Sat 28 Nov 2026 is not a working day: choose one that is.');
    since = harness.connector.sent.length;
    const asked = await invoke(TEAMS.practitioner, 'action.extend', { ...ask.data, date: '2026-12-02', reason: 'The family asked to meet later.' });
    expect(cardText(asked)).toContain('Asked for more time');
    await harness.bot.dispatcher.drain();
    const [request] = deliveredTo(TEAMS.supervisor, since);
    expect(cardText(request)).toContain('More time asked for an action');
    expect(cardText(request)).toContain('by Wed 2 Dec 2026');
    const agree = request!.actions!.find((action) => action.title === 'Agree')!;
    expect(cardText(await invoke(TEAMS.practitioner, agree.verb!, agree.data))).toContain("This isn't yours to act on");
    since = harness.connector.sent.length;
    expect(cardText(await invoke(TEAMS.supervisor, agree.verb!, agree.data))).toContain('is now due by Wed 2 Dec 2026. Social Worker C has been told.');
    await harness.bot.dispatcher.drain();
    expect(deliveredTo(TEAMS.practitioner, since).map(cardText)).toEqual([expect.stringContaining('the action is now due by Wed 2 Dec 2026')]);
    expect(await dueOn(harness, ids.later)).toEqual({ status: 'open', due_on: '2026-12-02' });

    // Nothing is sent again by a second sweep.
    since = harness.connector.sent.length;
    await harness.bot.sweeper.sweepOnce();
    await harness.bot.dispatcher.drain();
    expect(deliveredTo(TEAMS.practitioner, since)).toEqual([]);
  });
});

describe('action reminders in Slack', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  }, 60_000);
  afterAll(async () => harness.close());

  const slack = () => slackInteractions(harness);
  const click = (user: string, button: { action_id: string; value?: string }) => slack().click(user, button.action_id, button.value ?? '{}');
  type Block = { type: string; elements?: { action_id: string; value?: string; text: { text: string } }[] };
  /** Messages the bot posted to a person since `since`: their text and buttons. */
  const postedTo = (user: string, since: number) =>
    harness.slack.calls
      .slice(since)
      .filter((call) => call.method === 'chat.postMessage' && call.args.channel === user)
      .map((call) => ({
        text: `${String(call.args.text)}\n${JSON.stringify(call.args.blocks)}`,
        buttons: ((call.args.blocks ?? []) as Block[]).filter((block) => block.type === 'actions').flatMap((block) => block.elements!),
      }));
  const lastResponse = async (before: number) => {
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
    return JSON.stringify(harness.slack.responses.at(-1));
  };

  it('sends the reminder, takes Done, and moves the due date when the supervisor agrees to more time', async () => {
    const ids = await twoActions(harness);
    let since = harness.slack.calls.length;
    await harness.bot.sweeper.sweepOnce();
    await harness.bot.dispatcher.drain();
    const reminders = postedTo('U0WORKER1', since).filter((message) => message.text.includes('An action is due soon'));
    expect(reminders).toHaveLength(2);
    const first = reminders.find((message) => message.text.includes('Refer to the local authority'))!;
    const second = reminders.find((message) => message.text.includes('Book the family group conference'))!;
    expect(first.text).toContain('CF-204518');
    expect(first.buttons.map((button) => button.text.text)).toEqual(['Done', 'Ask for more time']);

    let responses = harness.slack.responses.length;
    await click(
      'U0WORKER1',
      first.buttons.find((button) => button.action_id === 'action.done')!,
    );
    expect(await lastResponse(responses)).toContain('Marked done');
    expect((await dueOn(harness, ids.done)).status).toBe('done');

    // Ask for more time opens a modal; a bad date is shown on its field; a good one goes to the supervisor.
    since = harness.slack.calls.length;
    await click(
      'U0WORKER1',
      second.buttons.find((button) => button.action_id === 'action.extend-form')!,
    );
    await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
    const modal = harness.slack.calls.slice(since).find((call) => call.method === 'views.open')!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe('action.extend');
    const submit = (date: string, reason: string) =>
      slack().submit('U0WORKER1', modal, {
        date: { date: { type: 'datepicker', selected_date: date } },
        reason: { reason: { type: 'plain_text_input', value: reason } },
      });
    expect(await submit('2026-11-20', '')).toEqual({
      response_action: 'errors',
      errors: { date: 'Choose a working day after Wed 25 Nov 2026.', reason: 'Say why you need more time.' },
    });
    since = harness.slack.calls.length;
    expect(await submit('2026-12-02', 'The family asked to meet later.')).toBeUndefined();
    await expect.poll(() => postedTo('U0WORKER1', since).some((message) => message.text.includes('Asked for more time'))).toBe(true);
    await harness.bot.dispatcher.drain();
    const [request] = postedTo('U0SUPERV1', since);
    expect(request!.text).toContain('More time asked for an action');
    expect(request!.text).toContain('The family asked to meet later.');

    responses = harness.slack.responses.length;
    since = harness.slack.calls.length;
    await click(
      'U0SUPERV1',
      request!.buttons.find((button) => button.action_id === 'action.extension-agree')!,
    );
    expect(await lastResponse(responses)).toContain('Social Worker C has been told.');
    await harness.bot.dispatcher.drain();
    expect(postedTo('U0WORKER1', since).map((message) => message.text)).toEqual([expect.stringContaining('now due by Wed 2 Dec 2026')]);
    expect(await dueOn(harness, ids.later)).toEqual({ status: 'open', due_on: '2026-12-02' });
  });
});
