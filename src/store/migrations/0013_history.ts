// What a directory import knows of a person's supervision before the bot: the last session held of each
// kind (`last_held_<kind>`), and the day from which missed supervision counts (`go_live`), so a person
// imported with years of service and no history in the bot does not start with a wall of overdue dates.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person add column held_before text;
    alter table person add column counted_from date;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table person drop column held_before;
    alter table person drop column counted_from;
  `.execute(db);
}
