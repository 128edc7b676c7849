// Proactive messages to Teams (reminders, escalations, admin notices) through the conversation
// reference kept when the person last wrote to the bot in a personal chat, or, for a team channel's
// group supervision, the one kept when the channel was set up.
import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Kysely } from 'kysely';
import { renderCard } from '../../cards/render.js';
import type { Messenger, OutgoingMessage, SendResult } from '../../delivery/messenger.js';
import { readPayload } from '../../delivery/payload.js';
import type { Database } from '../../store/schema.js';

export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly db: Kysely<Database>,
  ) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const payload = readPayload(message.payload);
    if (!payload) return { ok: false, permanent: true, error: 'payload has neither text nor a card' };
    const identity =
      (await this.db
        .selectFrom('chat_identity')
        .select('conversation_reference')
        .where('platform', '=', 'teams')
        .where('direct_conversation_id', '=', message.conversation)
        .executeTakeFirst()) ??
      (await this.db
        .selectFrom('group_channel')
        .select('conversation_reference')
        .where('platform', '=', 'teams')
        .where('conversation_id', '=', message.conversation)
        .executeTakeFirst()) ??
      (payload.reference ? { conversation_reference: payload.reference } : undefined);
    if (!identity?.conversation_reference)
      return { ok: false, permanent: true, error: 'no Teams conversation reference: the person has not chatted with the bot yet' };
    try {
      await this.adapter.continueConversationAsync(this.appId, identity.conversation_reference as Partial<ConversationReference>, async (context) => {
        await context.sendActivity(
          payload.view ? MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(payload.view)), payload.text) : MessageFactory.text(payload.text!),
        );
      });
      return { ok: true };
    } catch (error) {
      // The connector's timeout (reusingAuthentication.ts) aborts the call: retried, as a 5xx is.
      if ((error as Error).name === 'AbortError') return { ok: false, error: 'Teams connector timed out' };
      const status = (error as { statusCode?: number }).statusCode;
      const retryAfter = Number((error as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers?.get?.('retry-after'));
      return {
        ok: false,
        error: `Teams ${status ?? ''} ${(error as Error).message}`.trim(),
        ...(status === 429 && Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}),
        ...(status === 403 || status === 404 ? { permanent: true } : {}),
      };
    }
  }
}
