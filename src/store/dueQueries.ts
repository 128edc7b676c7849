// The sweeper's questions to the database, each answered from an index (EXPLAINs in docs/benchmarks.md):
// which triggers have waited past their response time, which sessions and actions are coming due.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Raised triggers nobody has accepted by their respond-by time: the next escalations. */
export function triggersPastResponseTime(db: Kysely<Database>, now: Date, limit = 500) {
  return pastResponseTime(db, now).orderBy('respond_by').limit(limit).execute();
}

/** The query of triggersPastResponseTime(), unexecuted: for asking whether there are any (`exists`). */
export function pastResponseTime(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('trigger_request')
    .select(['id', 'practitioner_id', 'assigned_to', 'escalation_level', 'respond_by', 'urgency'])
    .where('state', '=', 'waiting')
    .where('respond_by', '<=', now);
}

/** Booked sessions starting in [from, to): the preparation and on-the-day reminders. */
export function sessionsStartingBetween(db: Kysely<Database>, from: Date, to: Date) {
  return db
    .selectFrom('supervision_session')
    .select(['id', 'kind', 'supervisee_id', 'supervisor_id', 'team_id', 'starts_at'])
    .where('status', '=', 'booked')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .execute();
}

/** The keys of an action's reminders: one before it is due, one each overdue week, per due date. */
export const actionReminderKey = {
  dueSoon: (actionId: string, dueOn: string) => `action:${actionId}:soon:${dueOn}`,
  overdue: (actionId: string, dueOn: string, week: number) => `action:${actionId}:overdue:${dueOn}:week-${week}`,
};

/**
 * Open actions due from `firstDay` to `lastDay` (YYYY-MM-DD) whose due-soon reminder has not gone: a
 * range on action_item_due, and the reminder's key looked up in once_key (the key built as above).
 * With `changedSince`, only those agreed or changed since.
 */
export function openActionsDueBetween(db: Kysely<Database>, firstDay: string, lastDay: string, changedSince?: Date) {
  return db
    .selectFrom('action_item as a')
    .select(['a.id', 'a.owner_id', 'a.case_reference', 'a.description', 'a.due_on', 'a.updated_at'])
    .where('a.status', '=', 'open')
    .where('a.due_on', '>=', firstDay)
    .where('a.due_on', '<=', lastDay)
    .$if(changedSince !== undefined, (query) => query.where('a.updated_at', '>=', changedSince!))
    .orderBy('a.due_on')
    .orderBy('a.id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('once_key')
            .select('once_key.key')
            .where('once_key.key', '=', sql<string>`'action:' || a.id || ':soon:' || to_char(a.due_on, 'YYYY-MM-DD')`),
        ),
      ),
    )
    .execute();
}

/** The first due date of any open action: how far back overdue ones can go (one step down action_item_due). */
export async function oldestOpenActionDue(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('action_item').select('due_on').where('status', '=', 'open').orderBy('due_on').limit(1).executeTakeFirst();
  return row?.due_on;
}

export interface OverdueAction {
  id: string;
  owner_id: string;
  case_reference: string | null;
  description: string;
  due_on: string;
  week: number;
}

/**
 * Open actions on the given due dates, each with the overdue week whose reminder is due, whose reminder
 * for that week has not gone: one index probe of action_item_due per due date, one of once_key per action.
 * With `changedSince`, only those changed since.
 */
export async function openActionsOverdue(
  db: Kysely<Database>,
  weeks: readonly { dueOn: string; week: number }[],
  changedSince?: Date,
): Promise<OverdueAction[]> {
  const changed = changedSince ? sql`and a.updated_at >= ${changedSince}` : sql``;
  const found: OverdueAction[] = [];
  for (let start = 0; start < weeks.length; start += 500) {
    const values = sql.join(weeks.slice(start, start + 500).map(({ dueOn, week }) => sql`(${dueOn}::date, ${week}::integer)`));
    const { rows } = await sql<OverdueAction>`
      select a.id, a.owner_id, a.case_reference, a.description, to_char(a.due_on, 'YYYY-MM-DD') as due_on, w.week
      from (values ${values}) as w (due_on, week)
      join action_item a on a.status = 'open' and a.due_on = w.due_on ${changed}
      where not exists (
        select from once_key k where k.key = 'action:' || a.id || ':overdue:' || to_char(a.due_on, 'YYYY-MM-DD') || ':week-' || w.week
      )
      order by a.due_on, a.id`.execute(db);
    found.push(...rows);
  }
  return found;
}
