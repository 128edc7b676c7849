// Writing to the outbox: in the same transaction as the state change that caused the message, with an
// idempotency key, so a retried or repeated change never queues the message twice.
import { sql, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

export interface QueuedMessage {
  idempotencyKey: string;
  platform: string;
  conversation: string;
  payload: Record<string, unknown>;
  /** Not before this moment (a reminder that waits for working hours). */
  notBefore?: Date;
}

/** Queues a message; returns false when one with the same key was queued before. */
export async function enqueue(db: Kysely<Database> | Transaction<Database>, message: QueuedMessage, now: Date): Promise<boolean> {
  const inserted = await outboxInsert(db, message, now).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** The insert enqueue() runs, unexecuted: for a statement that queues the message with the change that caused it (a CTE). */
export function outboxInsert(db: QueryCreator<Database>, message: QueuedMessage, now: Date) {
  return db
    .insertInto('outbox')
    .values({
      idempotency_key: message.idempotencyKey,
      platform: message.platform,
      conversation: message.conversation,
      payload: JSON.stringify(message.payload),
      status: 'pending',
      next_attempt_at: message.notBefore && message.notBefore > now ? message.notBefore : now,
      created_at: now,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing());
}

/** Where a message goes, as a query of one row or none: for a message that reads its target in the statement that queues it. */
export type TargetQuery = SelectQueryBuilder<Database, any, { platform: string; conversation: string }>;

/** outboxInsert(), to the target the query finds; nothing is queued when it finds none. */
export function outboxInsertTo(db: QueryCreator<Database>, target: TargetQuery, message: Omit<QueuedMessage, 'platform' | 'conversation'>, now: Date) {
  const at = message.notBefore && message.notBefore > now ? message.notBefore : now;
  return db
    .insertInto('outbox')
    .columns(['idempotency_key', 'platform', 'conversation', 'payload', 'status', 'next_attempt_at', 'created_at'])
    .expression(
      db
        .selectFrom(target.as('target'))
        .select([
          sql<string>`${message.idempotencyKey}::text`.as('idempotency_key'),
          'target.platform',
          'target.conversation',
          sql<string>`${JSON.stringify(message.payload)}::jsonb`.as('payload'),
          sql<string>`'pending'`.as('status'),
          sql<Date>`${at}::timestamptz`.as('next_attempt_at'),
          sql<Date>`${now}::timestamptz`.as('created_at'),
        ]),
    )
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing());
}
