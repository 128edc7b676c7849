// When a message fails for good, every admin is told, once, through the outbox: a bug report of ids (the outbox
// row, the card, the conversation), never the message's content nor its error, which can quote it (the error
// stays in the row, for whoever may read the database). A failed notice tells nobody (no loop).
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { OutboxRow } from './dispatcher.js';
import { enqueue } from './outbox.js';

export const ADMIN_NOTICE = 'admin-notice';

export async function notifyAdminsOfFailure(trx: Transaction<Database>, row: OutboxRow, now: Date): Promise<void> {
  if (row.payload.kind === ADMIN_NOTICE) return;
  const admins = await trx
    .selectFrom('person')
    .innerJoin('chat_identity', 'chat_identity.person_id', 'person.id')
    .select(['person.id', 'chat_identity.platform', 'chat_identity.direct_conversation_id'])
    .where('person.role', '=', 'admin')
    .where('chat_identity.direct_conversation_id', 'is not', null)
    .execute();
  for (const admin of admins) {
    await enqueue(
      trx,
      {
        idempotencyKey: `delivery-failed:${row.id}:${admin.id}:${admin.platform}`,
        platform: admin.platform,
        conversation: admin.direct_conversation_id!,
        payload: {
          kind: ADMIN_NOTICE,
          text:
            `A message could not be delivered after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: outbox ${row.id}, ` +
            `${cardOf(row.payload)}${row.platform} conversation ${row.conversation}. Its last error is kept in that outbox row (status failed). ` +
            'If it is not the platform refusing, please report it as a bug with these ids.',
        },
      },
      now,
    );
  }
}

/** "card trigger-request, " when the message was a card: a name from cards/, never data. */
function cardOf(payload: Record<string, unknown>): string {
  const view = payload.view;
  const card = view !== null && typeof view === 'object' ? (view as { card?: unknown }).card : undefined;
  return typeof card === 'string' && /^[a-z][a-z-]{0,40}$/.test(card) ? `card ${card}, ` : '';
}
