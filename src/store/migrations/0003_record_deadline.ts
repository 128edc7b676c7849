// When the record of an accepted trigger is due, and when to remind the supervisor before then.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table trigger_request add column record_remind_at timestamptz, add column record_due_at timestamptz;
    create index trigger_request_record_due on trigger_request (state, record_due_at) where state = 'accepted';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index trigger_request_record_due;
    alter table trigger_request drop column record_remind_at, drop column record_due_at;
  `.execute(db);
}
