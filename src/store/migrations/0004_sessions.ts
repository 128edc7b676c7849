// Booking scheduled supervision (issue 8): who booked a session, when it last changed, the cancelled
// session it rebooks, and, once held, when its record is due.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table supervision_session
      add column booked_by text references person (id),
      add column updated_at timestamptz,
      add column replaces_session_id text references supervision_session (id),
      add column record_due_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table supervision_session drop column booked_by, drop column updated_at, drop column replaces_session_id, drop column record_due_at;
  `.execute(db);
}
