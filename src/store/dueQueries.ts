// The sweeper's questions to the database, each answered from an index (EXPLAINs in docs/benchmarks.md):
// which triggers have waited past their response time, which sessions and actions are coming due.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Raised triggers nobody has accepted by their respond-by time: the next escalations. */
export function triggersPastResponseTime(db: Kysely<Database>, now: Date, limit = 500) {
  return db
    .selectFrom('trigger_request')
    .select(['id', 'practitioner_id', 'assigned_to', 'escalation_level', 'respond_by', 'urgency'])
    .where('state', '=', 'waiting')
    .where('respond_by', '<=', now)
    .orderBy('respond_by')
    .limit(limit)
    .execute();
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

/** Open actions due on or before `lastDay` (YYYY-MM-DD), from `firstDay`: due soon, or newly overdue. */
export function openActionsDueBetween(db: Kysely<Database>, firstDay: string, lastDay: string) {
  return db
    .selectFrom('action_item')
    .select(['id', 'owner_id', 'due_on'])
    .where('status', '=', 'open')
    .where('due_on', '>=', firstDay)
    .where('due_on', '<=', lastDay)
    .execute();
}
