// The oversight report's records viewed (Bexley quality assuring c, issue 20) reads the audit log by action and
// by when: the records opened in the last months, out of every entry the bot has written.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_log_action_at on audit_log (action, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_action_at`.execute(db);
}
