// Recording a held session (issue 8): where its record stands (null until recorded, then 'recorded' or
// 'signed', as a trigger's state does), the supervisor's draft (seen by nobody else, never in the audit
// log), and when to remind them before the record is due.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table supervision_session
      add column record_state text check (record_state in ('recorded', 'signed')),
      add column record_draft jsonb,
      add column record_remind_at timestamptz;
    create index supervision_session_record_due on supervision_session (record_remind_at)
      where status = 'held' and record_state is null and record_due_at is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index supervision_session_record_due;
    alter table supervision_session drop column record_state, drop column record_draft, drop column record_remind_at;
  `.execute(db);
}
