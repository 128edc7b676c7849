// Issue 19. A case's supervision raised above its category's frequency, by the worker's supervisor or
// someone above them in the line (Cumberland 4: "at the supervisor's discretion or at the supervisee's
// request"): the interval in weeks, who set it, when, and why. Null: the category's cadence.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table allocated_case
      add column every_weeks integer check (every_weeks > 0),
      add column every_set_by text references person (id),
      add column every_set_at timestamptz,
      add column every_reason text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table allocated_case
      drop column every_weeks,
      drop column every_set_by,
      drop column every_set_at,
      drop column every_reason;
  `.execute(db);
}
