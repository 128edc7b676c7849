// Slack over HTTP, as Slack does it: signed slash commands, block_actions and view_submission
// payloads POSTed to /slack/events, with the Web API answered by a local fake at SLACK_API_URL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startBot, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

async function postSlack(form: Record<string, string>, options: { secret?: string; timestamp?: number } = {}) {
  const body = new URLSearchParams(form).toString();
  const response = await fetch(`${harness.bot.url}/slack/events`, {
    method: 'POST',
    headers: slackSignature(options.secret ?? SIGNING_SECRET, body, options.timestamp),
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const slash = (user: string, text = '') =>
  postSlack({
    token: 'legacy',
    team_id: 'T0TEST',
    channel_id: 'C0GENERAL',
    user_id: user,
    command: '/supervision',
    text,
    response_url: `${harness.slack.responseUrl}${user}`,
    // Unique, as Slack's are: the same signed request twice is refused as a replay.
    trigger_id: `trigger-${user}-${randomUUID()}`,
  });

const interaction = (payload: Record<string, unknown>) => postSlack({ payload: JSON.stringify(payload) });

/** A click on a message button, as block_actions. */
const click = (user: string, verb: string) =>
  interaction({
    type: 'block_actions',
    team: { id: 'T0TEST' },
    user: { id: user },
    api_app_id: 'A0TEST',
    trigger_id: `trigger-${verb}-${randomUUID()}`,
    response_url: `${harness.slack.responseUrl}${verb}`,
    container: { type: 'message', is_ephemeral: true },
    actions: [{ type: 'button', action_id: verb, block_id: 'b1', value: '{}', action_ts: '1' }],
  });

const blocksText = (blocks: unknown) => JSON.stringify(blocks);

describe('Slack', () => {
  it('answers /supervision with an ephemeral home card, by role', async () => {
    const practitioner = await slash('U0WORKER1');
    expect(practitioner.status).toBe(200);
    expect(practitioner.json).toMatchObject({ response_type: 'ephemeral' });
    const buttons = (practitioner.json!.blocks as { type: string; elements?: { action_id: string }[] }[])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements!.map((element) => element.action_id));
    expect(buttons).toEqual(['raise', 'upcoming', 'actions', 'settings', 'help']);
    expect(blocksText(practitioner.json!.blocks)).toContain('Hello Social Worker C');

    const supervisor = await slash('U0SUPERV1');
    expect(blocksText(supervisor.json!.blocks)).toContain('"action_id":"team"');
  });

  it('answers help and unknown subcommands with the help card', async () => {
    const unknown = await slash('U0WORKER1', 'holiday');
    expect(blocksText(unknown.json!.blocks)).toContain('I did not understand “holiday”');
  });

  it('opens a modal for a card with inputs', async () => {
    const calls = harness.slack.calls.length;
    const response = await slash('U0WORKER1', 'settings');
    expect(response.status).toBe(200);
    // Bolt acknowledges first, then opens the modal.
    await expect.poll(() => harness.slack.calls.slice(calls).some((call) => call.method === 'views.open')).toBe(true);
    const open = harness.slack.calls.slice(calls).find((call) => call.method === 'views.open');
    expect(open?.args).toMatchObject({ trigger_id: expect.stringMatching(/^trigger-U0WORKER1-/), view: { type: 'modal', callback_id: 'settings.save' } });
  });

  it('answers a button (block_actions) by replacing the message through response_url', async () => {
    const response = await click('U0WORKER1', 'upcoming');
    expect(response.status).toBe(200);
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(0);
    const replacement = harness.slack.responses.at(-1)!;
    expect(replacement).toMatchObject({ replace_original: true });
    expect(blocksText(replacement.blocks)).toContain('Scheduled case supervision (overdue since Mon 14 Sep 2026)');
  });

  it('re-authorises a replayed button: a practitioner cannot see a team', async () => {
    const before = harness.slack.responses.length;
    await click('U0WORKER1', 'team');
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
    expect(blocksText(harness.slack.responses.at(-1)!.blocks)).toContain('Only for supervisors');
  });

  it('validates a modal submission on the server: errors keyed by block, then saved', async () => {
    const submission = (time: string) =>
      interaction({
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: 'U0WORKER1' },
        api_app_id: 'A0TEST',
        view: {
          id: 'V0TEST',
          type: 'modal',
          callback_id: 'settings.save',
          private_metadata: '{}',
          state: { values: { reminderTime: { reminderTime: { type: 'timepicker', selected_time: time } } } },
        },
      });
    const bad = await submission('07:15');
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: { reminderTime: "Choose a time from 09:00 to before 17:00, your organisation's working hours." },
    });
    const good = await submission('11:45');
    expect(good.json).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(blocksText(good.json!.view)).toContain('Saved: I will send your reminders at 11:45.');
    const person = await harness.store.db.selectFrom('person').select('reminder_time').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    expect(person.reminder_time).toBe('11:45');
  });

  it('links a newcomer by the email users.info reports, and turns away a stranger', async () => {
    harness.slack.emails.set('U0NEWCOMR', 'MANAGER@example.org');
    await harness.store.db.deleteFrom('chat_identity').where('platform', '=', 'slack').where('platform_user_id', '=', 'U0MANAGER').execute();
    const newcomer = await slash('U0NEWCOMR');
    expect(blocksText(newcomer.json!.blocks)).toContain('Hello Team Manager A');

    harness.slack.emails.set('U0STRANGE', 'stranger@example.org');
    const stranger = await slash('U0STRANGE');
    expect(blocksText(stranger.json!.blocks)).toContain('Please ask your administrator to add you');
    const stored = await harness.store.db.selectFrom('chat_identity').select('platform_user_id').where('platform', '=', 'slack').execute();
    expect(stored.map((row) => row.platform_user_id)).not.toContain('U0STRANGE');
  });

  it('refuses a bad signature and an old timestamp', async () => {
    const calls = harness.slack.calls.length;
    const forged = await postSlack({ command: '/supervision', user_id: 'U0WORKER1', text: '' }, { secret: 'wrong-secret' });
    expect(forged.status).toBe(401);
    const stale = await postSlack({ command: '/supervision', user_id: 'U0WORKER1', text: '' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(harness.slack.calls.slice(calls).filter((call) => call.method !== 'auth.test')).toEqual([]);
  });
});
