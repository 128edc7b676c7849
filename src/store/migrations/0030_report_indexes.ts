// What the month's oversight report reads (issue 20), by team and by month: people by team; requests by when
// they were raised; records by supervisee and by when they were written; actions by their record and their date.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index person_team on person (team_id);
    create index trigger_request_raised on trigger_request (raised_at);
    create index record_supervisee on record (supervisee_id, created_at);
    create index record_created on record (created_at);
    create index action_item_record on action_item (record_id);
    create index action_item_due_on on action_item (due_on);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index person_team;
    drop index trigger_request_raised;
    drop index record_supervisee;
    drop index record_created;
    drop index action_item_record;
    drop index action_item_due_on;
  `.execute(db);
}
