// What changed since a moment, from an index: the reminders' half-hourly look for actions agreed or
// moved and people whose reminder time changed since the day's reminders were listed (issue 8).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index action_item_open_changed on action_item (updated_at) where status = 'open';
    create index person_changed on person (updated_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index action_item_open_changed;
    drop index person_changed;
  `.execute(db);
}
