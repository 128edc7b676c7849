// What the cadence watch last told of each case's overdue supervision, kept on the case (issue 19's bench):
// "<worker>:<overdue since>:week-<n>". The watch tells a case again only when that changes (a week on, a new
// worker, a new overdue stretch), and marks it in the same transaction as the message, only where it still
// differs: so a case is told once whatever replica or sweep lists it, with one key per supervisor's summary
// rather than a once-key per case (36,109 of them on the bench's first morning).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table allocated_case add column overdue_told text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table allocated_case drop column overdue_told`.execute(db);
}
