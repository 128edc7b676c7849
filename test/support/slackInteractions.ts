// Slack's interaction payloads, signed and POSTed to /slack/events as Slack sends them: a button click
// (block_actions) and a modal submission (view_submission). Returns the bot's JSON answer, if any.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { SIGNING_SECRET, type BotHarness } from './botServer.js';
import { slackSignature } from './fakePlatforms.js';

export function slackInteractions(harness: BotHarness) {
  const post = async (payload: Record<string, unknown>) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    expect(response.status).toBe(200);
    const text = await response.text();
    return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };
  /**
   * A button's click; `value` is the button's data, or its value as Slack holds it. A button inside a modal (`inModal`)
   * comes with the modal, what is typed in it and no response_url, as Slack sends it.
   */
  const click = (
    user: string,
    actionId: string,
    value: Record<string, unknown> | string = {},
    inModal?: { view: { callback_id: string; private_metadata: string }; values: Record<string, Record<string, unknown>> },
  ) =>
    post({
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: user },
      api_app_id: 'A0TEST',
      trigger_id: `t-${randomUUID()}`,
      ...(inModal
        ? {
            container: { type: 'view', view_id: 'V0TEST' },
            view: { id: 'V0TEST', type: 'modal', hash: '1700000000.abc', ...inModal.view, state: { values: inModal.values } },
          }
        : { response_url: `${harness.slack.responseUrl}${actionId}` }),
      actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: typeof value === 'string' ? value : JSON.stringify(value), action_ts: '1' }],
    });
  const submit = (user: string, view: { callback_id: string; private_metadata: string }, values: Record<string, Record<string, unknown>>) =>
    post({
      type: 'view_submission',
      team: { id: 'T0TEST' },
      user: { id: user },
      api_app_id: 'A0TEST',
      view: { id: 'V0TEST', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
    });
  return { post, click, submit };
}
