// The supervisor's answers to a request for supervision, from the card that brought it and from
// `pending` (a card that scrolled away, or came before a restart): each item offers every next step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackInteractions } from '../support/slackInteractions.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

type Action = { verb?: string; title?: string; data?: Record<string, unknown> };
type Card = { body: unknown[]; actions?: Action[] };
const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
const story = { urgency: 'urgent', experience: 'A new allegation was made at the visit today.', goal: 'Agree whether to refer today.', availability: '' };

/** Raises a trigger in Teams as the practitioner; returns its request id. */
async function raiseInTeams(caseReference: string): Promise<string> {
  const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'harm-or-risk' });
  const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
  expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, caseReference }))).toContain('Sent to');
  return submit.data!.requestId as string;
}

/** Every button in a card, wherever it sits (the card's own actions, or an ActionSet in its body). */
function buttons(card: unknown): Action[] {
  const found: Action[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push(record as Action);
      Object.values(record).forEach(visit);
    }
  };
  visit(card);
  return found;
}

const ANSWERS = ['trigger.accept', 'trigger.propose-form', 'record.open', 'trigger.reassign-form'];

describe("the supervisor's request card", () => {
  it('in Slack, offers Accept, Propose a time, We have talked: record it and Reassign, and each opens its step', async () => {
    const { click } = slackInteractions(harness);
    const requestId = await raiseInTeams('CF-204601');
    // The supervisor has never used Teams here, so the bot reaches them in Slack.
    await harness.bot.dispatcher.drain();
    const posted = harness.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0SUPERV1').at(-1)!;
    type Element = { type: string; action_id: string; value: string; text: { text: string } };
    const elements = (posted.args.blocks as { type: string; elements?: Element[] }[])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);
    const titles = elements.map((element) => element.text.text);
    expect(titles).toEqual(["Accept: I'll talk to them now", 'Propose a time', 'We have talked: record it', 'Reassign']);
    for (const element of elements) expect(JSON.parse(element.value)).toEqual({ requestId });

    const opened = async (element: Element) => {
      const since = harness.slack.calls.length;
      await click('U0SUPERV1', element.action_id, element.value);
      await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
      return harness.slack.calls.slice(since).find((call) => call.method === 'views.open')!.args.view as { callback_id: string };
    };
    expect((await opened(elements[1]!)).callback_id).toBe('trigger.propose');
    expect((await opened(elements[3]!)).callback_id).toBe('trigger.reassign');
    // Recording without pressing Accept first accepts the request: the supervisor has talked to them.
    expect((await opened(elements[2]!)).callback_id).toBe('record.save');
    const row = await harness.store.db.selectFrom('trigger_request').select(['state', 'assigned_to']).where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.state).toBe('accepted');
  });

  it('in Teams, offers the same four answers, and pending lists each waiting request with them', async () => {
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, text: 'help' }));
    const first = await raiseInTeams('CF-204602');
    const second = await raiseInTeams('CF-204603');
    const before = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const cards = harness.connector.sent
      .slice(before)
      .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${TEAMS.supervisor.id}/`))
      .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);
    expect(cards).toHaveLength(2);
    for (const [card, requestId] of [
      [cards[0]!, first],
      [cards[1]!, second],
    ] as const) {
      expect(buttons(card).map((button) => button.verb)).toEqual(ANSWERS);
      for (const button of buttons(card)) expect(button.data).toEqual({ requestId });
    }

    const fromRequestCard = buttons(cards[0]!);
    expect(cardText(await invoke(TEAMS.supervisor, 'trigger.propose-form', fromRequestCard[1]!.data))).toContain('Proposing a time accepts the request.');
    expect(cardText(await invoke(TEAMS.supervisor, 'trigger.reassign-form', fromRequestCard[3]!.data))).toContain('Reassign this request');

    // The cards have scrolled away: pending still answers both, each with its own buttons.
    const pending = await invoke(TEAMS.supervisor, 'pending');
    const text = cardText(pending);
    expect(text).toContain('CF-204602');
    expect(text).toContain('CF-204603');
    // Each reference on a line of its own, never broken across lines ("CF-/300001").
    expect(JSON.stringify(pending)).toContain('{"type":"TextBlock","text":"CF-204602","weight":"Bolder","wrap":false');
    const listed = buttons(pending).filter((button) => ANSWERS.includes(button.verb ?? ''));
    expect(listed.map((button) => [button.verb, button.data?.requestId])).toEqual([
      ...ANSWERS.map((verb) => [verb, first]),
      ...ANSWERS.map((verb) => [verb, second]),
    ]);
    const accept = listed.find((button) => button.verb === 'trigger.accept' && button.data?.requestId === second)!;
    expect(cardText(await invoke(TEAMS.supervisor, accept.verb!, accept.data))).toContain('You accepted this request');
    const after = cardText(await invoke(TEAMS.supervisor, 'pending'));
    expect(after).toContain('CF-204602');
    expect(after).not.toContain('CF-204603');
  });
});
