// Messages to a person, through the outbox, on the platform where the bot can reach them: Teams when
// the bot holds their conversation reference, else Slack (a Slack user id is a conversation).
import { sql, type Expression, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import { enqueue, outboxInsertFrom, type QueuedMessage, type TargetQuery } from '../delivery/outbox.js';
import type { Database } from '../store/schema.js';

export interface Notice {
  personId: string;
  view: View;
  text: string;
  key: string;
  now: Date;
}

/** Each chat identity the bot can send to, with its conversation: Teams once it holds their conversation reference; Slack always. */
function reachable(db: QueryCreator<Database>) {
  return db
    .selectFrom('chat_identity')
    .select([
      'platform',
      sql<string>`case when platform = 'teams' then direct_conversation_id else coalesce(direct_conversation_id, platform_user_id) end`.as('conversation'),
    ])
    .where((where) =>
      where.or([
        where('platform', '=', 'slack'),
        where.and([where('platform', '=', 'teams'), where('conversation_reference', 'is not', null), where('direct_conversation_id', 'is not', null)]),
      ]),
    );
}

/** Of a person's reachable identities, Teams first. */
const TEAMS_FIRST = sql`platform = 'teams'`;

/**
 * Where the bot can reach a person, as a query of one row or none. The person is an id, or a column
 * of the statement around it (a lateral join: one target for each of many notices).
 */
function targetOf(db: QueryCreator<Database>, personId: string | Expression<string>): TargetQuery {
  return reachable(db).where('person_id', '=', personId).orderBy(TEAMS_FIRST, 'desc').limit(1);
}

/** Where the bot can reach a person, or undefined when it cannot reach them at all. */
export async function deliveryTarget(
  db: Kysely<Database> | Transaction<Database>,
  personId: string,
): Promise<Pick<QueuedMessage, 'platform' | 'conversation'> | undefined> {
  return targetOf(db, personId).executeTakeFirst();
}

/** deliveryTarget() for many people with one query (a sweep's batch): those the bot cannot reach are left out. */
export async function deliveryTargets(
  db: Kysely<Database> | Transaction<Database>,
  personIds: readonly string[],
): Promise<Map<string, Pick<QueuedMessage, 'platform' | 'conversation'>>> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return new Map();
  const rows = await reachable(db)
    .select('person_id')
    .distinctOn('person_id')
    // One array, so the statement is the same (and prepared once) for a batch of any size.
    .where(sql<boolean>`person_id = any(${unique}::text[])`)
    .orderBy('person_id')
    .orderBy(TEAMS_FIRST, 'desc')
    .execute();
  return new Map(rows.map((row) => [row.person_id, { platform: row.platform, conversation: row.conversation }]));
}

/** What a notice is queued as: its text (the platform's notification) and its card. */
export function noticePayload(notice: Pick<Notice, 'text' | 'view'>): Record<string, unknown> {
  return { text: notice.text, view: notice.view };
}

/** Notices as a query gives them to noticesInsertFrom(): to whom, under which key, when, and the payload (noticePayload(), serialised). */
export interface NoticeRowQuery {
  person_id: string;
  key: string;
  now: Date;
  payload: string;
}

/**
 * Queues the notices a query gives (a CTE, with the change that causes them), each where its person can
 * be reached, read in the same statement: nothing is queued for someone the bot cannot reach.
 */
export function noticesInsertFrom(db: QueryCreator<Database>, notices: SelectQueryBuilder<any, any, NoticeRowQuery>) {
  return outboxInsertFrom(
    db,
    db
      .selectFrom(notices.as('notice'))
      .innerJoinLateral(targetOf(db, sql.ref<string>('notice.person_id')).as('target'), (join) => join.onTrue())
      .select([
        'notice.key as idempotency_key',
        'target.platform',
        'target.conversation',
        'notice.payload',
        'notice.now as next_attempt_at',
        'notice.now as created_at',
      ]),
  );
}

/** The outbox message for a notice to a target found by deliveryTarget(). */
export function noticeMessage(target: Pick<QueuedMessage, 'platform' | 'conversation'>, notice: Notice): QueuedMessage {
  return { idempotencyKey: notice.key, ...target, payload: noticePayload(notice) };
}

export async function notifyPerson(trx: Transaction<Database>, input: Notice): Promise<boolean> {
  const target = await deliveryTarget(trx, input.personId);
  if (!target) return false;
  await enqueue(trx, noticeMessage(target, input), input.now);
  return true;
}
