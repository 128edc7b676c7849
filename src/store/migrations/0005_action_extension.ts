// Asking for more time on an action (issue 8): the owner proposes a new due date with a reason; the
// supervisor who recorded the action agrees (the due date moves) or refuses. One open ask per action.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_extension (
      id text primary key,
      action_id text not null references action_item (id),
      asked_by text not null references person (id),
      asked_at timestamptz not null,
      from_due_on date not null,
      to_due_on date not null,
      reason text not null,
      state text not null check (state in ('asked', 'agreed', 'refused', 'withdrawn')),
      decided_by text references person (id),
      decided_at timestamptz
    );
    create unique index action_extension_open on action_extension (action_id) where state = 'asked';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table action_extension`.execute(db);
}
