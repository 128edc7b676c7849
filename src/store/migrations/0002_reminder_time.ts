// A person's own reminder time (issue: reminders go out in working hours, at a time each person may choose).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person add column reminder_time text check (reminder_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person drop column reminder_time`.execute(db);
}
