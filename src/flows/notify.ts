// Messages to a person, through the outbox, on the platform where the bot can reach them: Teams when
// the bot holds their conversation reference, else Slack (a Slack user id is a conversation).
import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import { enqueue, outboxInsertTo, type QueuedMessage, type TargetQuery } from '../delivery/outbox.js';
import type { Database } from '../store/schema.js';

export interface Notice {
  personId: string;
  view: View;
  text: string;
  key: string;
  now: Date;
}

/** Where the bot can reach a person, as a query: Teams when it holds their conversation reference, else Slack. */
function targetOf(db: QueryCreator<Database>, personId: string): TargetQuery {
  return db
    .selectFrom('chat_identity')
    .select([
      'platform',
      sql<string>`case when platform = 'teams' then direct_conversation_id else coalesce(direct_conversation_id, platform_user_id) end`.as('conversation'),
    ])
    .where('person_id', '=', personId)
    .where((where) =>
      where.or([
        where('platform', '=', 'slack'),
        where.and([where('platform', '=', 'teams'), where('conversation_reference', 'is not', null), where('direct_conversation_id', 'is not', null)]),
      ]),
    )
    .orderBy(sql`platform = 'teams'`, 'desc')
    .limit(1);
}

/** Where the bot can reach a person, or undefined when it cannot reach them at all. */
export async function deliveryTarget(
  db: Kysely<Database> | Transaction<Database>,
  personId: string,
): Promise<Pick<QueuedMessage, 'platform' | 'conversation'> | undefined> {
  return targetOf(db, personId).executeTakeFirst();
}

/** The outbox insert for a notice, reading where the person can be reached in the same statement; nothing is queued when they cannot be. */
export function noticeInsert(db: QueryCreator<Database>, notice: Notice) {
  return outboxInsertTo(db, targetOf(db, notice.personId), { idempotencyKey: notice.key, payload: { text: notice.text, view: notice.view } }, notice.now);
}

/** The outbox message for a notice to a target found by deliveryTarget(). */
export function noticeMessage(target: Pick<QueuedMessage, 'platform' | 'conversation'>, notice: Notice): QueuedMessage {
  return { idempotencyKey: notice.key, ...target, payload: { text: notice.text, view: notice.view } };
}

export async function notifyPerson(trx: Transaction<Database>, input: Notice): Promise<boolean> {
  const target = await deliveryTarget(trx, input.personId);
  if (!target) return false;
  await enqueue(trx, noticeMessage(target, input), input.now);
  return true;
}
