// A team's own interval between group sessions, within the pack's bounds ("every 2 to 4 weeks", Bexley
// group standard one), chosen when the group is set up. Null: the pack's longest interval.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table group_channel add column interval_weeks integer`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table group_channel drop column interval_weeks`.execute(db);
}
