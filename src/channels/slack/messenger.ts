// Messages to Slack from the outbox: chat.postMessage, with Slack's rate-limit answer (429 and
// Retry-After) handed back to the dispatcher instead of being retried here. Every call has a timeout:
// one that hangs is given up and retried by the dispatcher, as a 5xx is.
import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { renderCard } from '../../cards/render.js';
import { BlockKitConversionError, toBlockKit } from '../../cards/slack/toBlockKit.js';
import type { Messenger, OutgoingMessage, SendResult } from '../../delivery/messenger.js';
import { readPayload } from '../../delivery/payload.js';

/** Errors that no retry will cure. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'invalid_auth',
  'not_authed',
  'msg_too_long',
  'invalid_blocks',
]);

/** Slack answers chat.postMessage within a second or so; one that has not answered by then will not. */
export const SLACK_SEND_TIMEOUT_MS = 15_000;

export class SlackMessenger implements Messenger {
  private readonly client: WebClient;

  constructor(botToken: string, apiUrl?: string, { timeoutMs = SLACK_SEND_TIMEOUT_MS }: { timeoutMs?: number } = {}) {
    this.client = new WebClient(botToken, {
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: timeoutMs,
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const payload = readPayload(message.payload);
    if (!payload) return { ok: false, permanent: true, error: 'payload has neither text nor a card' };
    let text = payload.text ?? '';
    let blocks: unknown[] | undefined;
    if (payload.view) {
      let slack: ReturnType<typeof toBlockKit>;
      try {
        slack = toBlockKit(payload.view.card, renderCard(payload.view));
      } catch (error) {
        // A card template Slack cannot show: no retry will change it. The error names the card's structure.
        if (error instanceof BlockKitConversionError) return { ok: false, permanent: true, error: `card '${payload.view.card}' cannot be shown in Slack` };
        throw error;
      }
      if (slack.kind === 'modal') return { ok: false, permanent: true, error: `card '${payload.view.card}' is a form and cannot be sent as a message` };
      blocks = slack.blocks;
      text = payload.text ?? slack.text;
    }
    try {
      await this.client.chat.postMessage({ channel: message.conversation, text, ...(blocks ? { blocks: blocks as never } : {}) });
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === ErrorCode.RateLimitedError) {
        return { ok: false, error: 'Slack rate limited', retryAfterMs: (error as WebAPIRateLimitedError).retryAfter * 1000 };
      }
      if (code === ErrorCode.PlatformError) {
        const slackError = (error as WebAPIPlatformError).data.error;
        return { ok: false, error: `Slack ${slackError}`, ...(PERMANENT.has(slackError) ? { permanent: true } : {}) };
      }
      return { ok: false, error: `Slack ${(error as Error).message}` };
    }
  }
}
