// What goes first, read from the message's idempotency key (each flow keys its messages by kind): a
// trigger's messages (the request to a supervisor, its escalations, the safeguarding alert, its
// acceptance) before reminders, and reminders before routine notices. Claimed in that order, so a
// backlog of notices never stands between a practitioner and the supervisor they need now.
import { sql, type Expression, type RawBuilder } from 'kysely';

export const PRIORITY = { trigger: 0, reminder: 1, notice: 2 } as const;

/** Keys (SQL LIKE patterns) of a trigger's messages. */
const TRIGGER_KEYS = ['trigger:%'];

/** Keys of reminders: actions, record deadlines, sessions (prepare, on the day, was it held?), group attendance and records, a catch-up. */
const REMINDER_KEYS = [
  'action:%',
  'catch-up:%',
  'record-due:%',
  'group-attendance:%',
  'session:%:prepare',
  'session:%:today:%',
  'session:%:outcome',
  'group:%:attendance',
  'group:%:attendance:again',
  'group:%:record:reminder',
  'group:%:record:overdue%',
];

const anyOf = (patterns: readonly string[]) => sql`array[${sql.join(patterns.map((pattern) => sql.lit(pattern)))}]`;

/** A message's priority, as SQL over its key: the statement that queues it ranks it (anything else is a notice). */
export function priorityOf(key: Expression<string>): RawBuilder<number> {
  return sql<number>`(case when ${key} like any (${anyOf(TRIGGER_KEYS)}) then ${sql.lit(PRIORITY.trigger)}
    when ${key} like any (${anyOf(REMINDER_KEYS)}) then ${sql.lit(PRIORITY.reminder)} else ${sql.lit(PRIORITY.notice)} end)::smallint`;
}
