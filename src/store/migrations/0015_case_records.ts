// One record per child, and the outgoing team manager (issue 18). A session or request can now have several
// records (one per case discussed, and for Bexley the personal record too), so records are looked up by what
// they are of; a held session remembers when its last case was recorded (its personal record comes next);
// an accepted request remembers who records it when the pack names someone other than whoever accepted it
// (Cumberland's transfer: the outgoing team manager, fixed when it is accepted, whatever the directory says later).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index record_session on record (session_id) where session_id is not null;
    create index record_trigger_request on record (trigger_request_id) where trigger_request_id is not null;
    alter table supervision_session add column cases_recorded_at timestamptz;
    alter table trigger_request add column recorder_id text references person (id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table trigger_request drop column recorder_id;
    alter table supervision_session drop column cases_recorded_at;
    drop index record_trigger_request;
    drop index record_session;
  `.execute(db);
}
