// The playground's time travel, kept: how far its clock was moved on from real time (issue 17).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bot_clock (
      name text primary key,
      offset_ms bigint not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table bot_clock`.execute(db);
}
