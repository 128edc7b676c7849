// What the supervisor and supervisee agreed in chat (issue 19): how often a kind is held where the pack lets
// the agreement set it (Cafcass Cymru 2.11: JSON, kind to an interval such as "1 month"), the days on which
// phases that last "until agreed" were agreed to end (Cumberland 3, students: JSON list of YYYY-MM-DD), and
// the day of the last Practice Review, from which the next PRD is due (Cafcass Cymru 2.4).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person add column agreed_frequency text`.execute(db);
  await sql`alter table person add column agreed_phase_ends text`.execute(db);
  await sql`alter table person add column practice_review_on date`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person drop column practice_review_on`.execute(db);
  await sql`alter table person drop column agreed_phase_ends`.execute(db);
  await sql`alter table person drop column agreed_frequency`.execute(db);
}
