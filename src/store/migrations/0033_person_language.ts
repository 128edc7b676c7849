// A person's language (issue 21): the one they chose in settings, or null until they choose (the organisation's
// default then speaks for them: the pack's `language`).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person add column language text check (language in ('en-GB', 'cy'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person drop column language`.execute(db);
}
