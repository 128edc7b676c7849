// Cafcass appendix 2 quality 8: "additional professional supervision by a registered social worker for
// practitioners whose line manager is not a social worker". The directory says who is a registered social
// worker (null: not said) and who gives a practitioner their additional professional supervision.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person add column registered_social_worker boolean`.execute(db);
  await sql`alter table person add column professional_supervisor_id text references person (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person drop column professional_supervisor_id`.execute(db);
  await sql`alter table person drop column registered_social_worker`.execute(db);
}
