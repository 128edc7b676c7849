// Issue 18. A dispute about a signed record: open while the two try to resolve it (Cymru 2.8, Bexley
// appendix 1), escalated to the one who settles it, or resolved between them. And a practitioner's
// arrangement to speak to a supervisor other than their own (Cumberland 12): asked for, agreed by each
// party the pack names (or declined), in force until its end date, then ended.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table record_dispute (
      record_id text primary key references record (id),
      raised_by text not null references person (id),
      raised_at timestamptz not null,
      state text not null check (state in ('open', 'escalated', 'resolved')),
      settled_by text references person (id),
      settled_at timestamptz
    );
    create table different_supervisor (
      id text primary key,
      practitioner_id text not null references person (id),
      supervisor_id text not null references person (id),
      other_id text not null references person (id),
      asked_at timestamptz not null,
      ends_on date,
      supervisor_answer text check (supervisor_answer in ('agreed', 'declined', 'not-asked')),
      other_answer text check (other_answer in ('agreed', 'declined', 'not-asked')),
      state text not null check (state in ('asking', 'agreed', 'declined', 'lapsed', 'ended')),
      decided_at timestamptz
    );
    create unique index different_supervisor_asking on different_supervisor (practitioner_id, other_id) where state = 'asking';
    create index different_supervisor_in_force on different_supervisor (ends_on) where state in ('asking', 'agreed');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table different_supervisor; drop table record_dispute`.execute(db);
}
