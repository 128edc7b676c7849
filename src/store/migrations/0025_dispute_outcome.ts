// The outcome of a dispute about a signed record, as the one who settles it records it (Cafcass Cymru 2.8:
// the Senior Manager meets both, appraises the results and actions and agrees an outcome with them; Bexley:
// the team manager makes the final decision). Kept with the dispute; the signed record never changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table record_dispute add column outcome text`.execute(db);
  await sql`alter table record_dispute add column outcome_by text references person (id)`.execute(db);
  await sql`alter table record_dispute add column outcome_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table record_dispute drop column outcome_at`.execute(db);
  await sql`alter table record_dispute drop column outcome_by`.execute(db);
  await sql`alter table record_dispute drop column outcome`.execute(db);
}
