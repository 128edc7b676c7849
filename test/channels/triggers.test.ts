// A trigger from raise to accept over HTTP, as Teams and Slack send it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

type Card = { body: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
const story = {
  caseReference: 'CF-204518',
  urgency: 'urgent',
  experience: 'A new allegation was made at the visit today.',
  goal: 'Agree whether to refer today.',
  availability: '',
};

describe('a trigger in Teams', () => {
  it('is raised through guided cards, reaches the supervisor, and is accepted; others are refused', async () => {
    // The supervisor has chatted with the bot, so it can reach them in Teams.
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, text: 'help' }));

    const pick = await invoke(TEAMS.practitioner, 'raise');
    expect(cardText(pick)).toContain('d) Current harm or risk of harm');
    const formCard = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'harm-or-risk' });
    expect(cardText(formCard)).toContain('A child where there is current harm or risk of harm');
    const submit = formCard.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;

    const bad = await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, caseReference: 'Jane' });
    expect(cardText(bad)).toContain("That is not a ChildFirst case reference. It looks like CF-204518. Never type a child's name here.");

    const sent = await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story });
    expect(cardText(sent)).toContain('Sent to Practice Supervisor B');

    const before = harness.connector.sent.length;
    expect(await harness.bot.dispatcher.drain()).toBe(1);
    const delivered = harness.connector.sent.slice(before);
    expect(delivered).toHaveLength(1);
    expect(decodeURIComponent(delivered[0]!.path)).toContain(`/v3/conversations/a:personal-${TEAMS.supervisor.id}/activities`);
    const requestCard = (delivered[0]!.activity.attachments as { content: Card }[])[0]!.content;
    expect(cardText(requestCard)).toContain('Social Worker C asks for supervision: d) Current harm or risk of harm.');
    expect(requestCard.actions![0]).toMatchObject({ verb: 'trigger.accept', data: { requestId } });

    const refused = await invoke(TEAMS.practitioner, 'trigger.accept', { requestId });
    expect(cardText(refused)).toContain("This isn't yours to act on");
    const accepted = await invoke(TEAMS.supervisor, 'trigger.accept', { requestId });
    expect(cardText(accepted)).toContain('You accepted this request');
    const again = await invoke(TEAMS.supervisor, 'trigger.accept', { requestId });
    expect(cardText(again)).toContain('Already accepted');

    const beforeNotice = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const notice = harness.connector.sent
      .slice(beforeNotice)
      .map((sentActivity) => cardText((sentActivity.activity.attachments as { content: Card }[])[0]!.content));
    expect(notice).toEqual([expect.stringContaining('Practice Supervisor B accepted your request')]);
  });
});

describe('a trigger in Slack', () => {
  const post = async (payload: Record<string, unknown>) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    const text = await response.text();
    return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };

  it('opens the form as a modal, checks it by field, then sends it to the supervisor in Slack', async () => {
    const calls = harness.slack.calls.length;
    await post({
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: 'U0WORKER1' },
      api_app_id: 'A0TEST',
      trigger_id: 'trigger-raise',
      response_url: `${harness.slack.responseUrl}raise`,
      actions: [{ type: 'button', action_id: 'raise.form#4', block_id: 'b1', value: JSON.stringify({ triggerId: 'harm-or-risk' }), action_ts: '1' }],
    });
    await expect.poll(() => harness.slack.calls.slice(calls).some((call) => call.method === 'views.open')).toBe(true);
    const view = harness.slack.calls.slice(calls).find((call) => call.method === 'views.open')!.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('raise.submit');
    const metadata = JSON.parse(view.private_metadata) as { triggerId: string; requestId: string };
    expect(metadata.triggerId).toBe('harm-or-risk');

    const submission = (values: typeof story) => ({
      type: 'view_submission',
      team: { id: 'T0TEST' },
      user: { id: 'U0WORKER1' },
      api_app_id: 'A0TEST',
      view: {
        id: 'V0TEST',
        type: 'modal',
        callback_id: 'raise.submit',
        private_metadata: view.private_metadata,
        state: {
          values: {
            caseReference: { caseReference: { type: 'plain_text_input', value: values.caseReference } },
            urgency: { urgency: { type: 'static_select', selected_option: { value: values.urgency } } },
            experience: { experience: { type: 'plain_text_input', value: values.experience } },
            goal: { goal: { type: 'plain_text_input', value: values.goal } },
            availability: { availability: { type: 'plain_text_input', value: null } },
          },
        },
      },
    });
    const bad = await post(submission({ ...story, goal: '' }));
    expect(bad).toEqual({ response_action: 'errors', errors: { goal: 'Say what you need from supervision.' } });

    const good = await post(submission({ ...story, caseReference: 'CF-777001' }));
    expect(good).toBeUndefined(); // the modal closes; the confirmation comes as a message
    await expect.poll(() => harness.slack.calls.some((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0WORKER1')).toBe(true);
    const row = await harness.store.db.selectFrom('trigger_request').selectAll().where('id', '=', metadata.requestId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'waiting', case_reference: 'CF-777001' });

    // The supervisor last used Teams, so the bot reaches them there.
    const before = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    expect(
      harness.connector.sent.slice(before).map((sentActivity) => cardText((sentActivity.activity.attachments as { content: Card }[])[0]!.content)),
    ).toEqual([expect.stringContaining('CF-777001')]);
  });
});
