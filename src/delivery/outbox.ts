// Writing to the outbox: in the same transaction as the state change that caused the message, with an
// idempotency key, so a retried or repeated change never queues the message twice.
import { sql, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { SerialisedJson } from '../store/compiledOnce.js';
import type { Database } from '../store/schema.js';
import { priorityOf } from './priority.js';

export interface QueuedMessage {
  idempotencyKey: string;
  platform: string;
  conversation: string;
  payload: Record<string, unknown> | SerialisedJson;
  /** Not before this moment (a reminder that waits for working hours). */
  notBefore?: Date;
}

/** Queues a message; returns false when one with the same key was queued before. */
export async function enqueue(db: Kysely<Database> | Transaction<Database>, message: QueuedMessage, now: Date): Promise<boolean> {
  const inserted = await outboxInsert(db, message, now).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** The insert enqueue() runs. (A statement that queues messages with the change that caused them uses outboxInsertFrom().) */
function outboxInsert(db: QueryCreator<Database>, message: QueuedMessage, now: Date) {
  return db
    .insertInto('outbox')
    .values({ ...outboxRow(message, now), priority: priorityOf(sql.val(message.idempotencyKey)) })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing());
}

/**
 * Queues many messages with one insert (a sweep's batch); those queued before under the same key are
 * left as they were. One array a column (unnest), so the statement has five parameters however many
 * rows it holds, for PostgreSQL to parse and plan at once.
 */
export async function enqueueMany(db: Kysely<Database> | Transaction<Database>, messages: readonly QueuedMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((message) => outboxRow(message, now));
  const column = <K extends keyof (typeof rows)[number]>(name: K) => rows.map((row) => row[name]);
  await sql`
    insert into outbox (idempotency_key, platform, conversation, payload, status, next_attempt_at, created_at, priority)
    select key, platform, conversation, payload::jsonb, 'pending', next_attempt_at, ${now}, ${priorityOf(sql.ref('key'))}
    from unnest(
      ${column('idempotency_key')}::text[], ${column('platform')}::text[], ${column('conversation')}::text[],
      ${column('payload')}::text[], ${column('next_attempt_at')}::timestamptz[]
    ) as message (key, platform, conversation, payload, next_attempt_at)
    on conflict (idempotency_key) do nothing`.execute(db);
}

function outboxRow(message: QueuedMessage, now: Date) {
  return {
    idempotency_key: message.idempotencyKey,
    platform: message.platform,
    conversation: message.conversation,
    payload: typeof message.payload === 'string' ? message.payload : JSON.stringify(message.payload),
    status: 'pending' as const,
    next_attempt_at: message.notBefore && message.notBefore > now ? message.notBefore : now,
    created_at: now,
  };
}

/** Where a message goes, as a query of one row or none: for a message that reads its target in the statement that queues it. */
export type TargetQuery = SelectQueryBuilder<Database, any, { platform: string; conversation: string }>;

/** The columns of a queued message, as a query gives them to outboxInsertFrom(). */
export interface OutboxRowQuery {
  idempotency_key: string;
  platform: string;
  conversation: string;
  payload: string;
  next_attempt_at: Date;
  created_at: Date;
}

/**
 * Queues the messages a query gives, each as pending (for a statement that queues messages with the
 * changes that caused them, as a CTE); a message queued before under the same key is left as it was.
 */
export function outboxInsertFrom(db: QueryCreator<Database>, messages: SelectQueryBuilder<any, any, OutboxRowQuery>) {
  return db
    .insertInto('outbox')
    .columns(['idempotency_key', 'platform', 'conversation', 'payload', 'status', 'next_attempt_at', 'created_at', 'priority'])
    .expression(
      db
        .selectFrom(messages.as('message'))
        .select([
          'idempotency_key',
          'platform',
          'conversation',
          sql<string>`payload::jsonb`.as('payload'),
          sql.lit('pending').as('status'),
          'next_attempt_at',
          'created_at',
          priorityOf(sql.ref('idempotency_key')).as('priority'),
        ]),
    )
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing());
}
