// Who asked to read a personal supervision record that is not theirs, and on what basis (Cumberland 10): the
// supervisee's consent asked, given or declined, or read at once on a need-to-know basis with the reason given.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table record_access (
      id text primary key,
      record_id text not null references record (id),
      asker_id text not null references person (id),
      supervisee_id text not null references person (id),
      state text not null check (state in ('asking', 'given', 'declined', 'need-to-know')),
      reason text,
      asked_at timestamptz not null,
      answered_at timestamptz
    );
    create unique index record_access_asking on record_access (record_id, asker_id) where state = 'asking';
    create index record_access_of on record_access (record_id, asker_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table record_access`.execute(db);
}
