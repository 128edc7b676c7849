// Issue 19. The supervision agreement (Cafcass Cymru 1.14, Cumberland 10, Bexley appendix 1): offered to
// a supervisor and supervisee at their first session held, signed by each in chat, kept on the personal
// supervision file, and reviewed (a new round, signed again) every year.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table supervision_agreement (
      id text primary key,
      supervisee_id text not null references person (id),
      supervisor_id text not null references person (id),
      round integer not null,
      session_id text references supervision_session (id),
      content text not null,
      offered_at timestamptz not null,
      supervisor_signed_at timestamptz,
      supervisee_signed_at timestamptz,
      signed_at timestamptz,
      review_due date,
      unique (supervisee_id, supervisor_id, round)
    );
    create index supervision_agreement_supervisor on supervision_agreement (supervisor_id);
    create index supervision_agreement_review on supervision_agreement (review_due) where review_due is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table supervision_agreement`.execute(db);
}
