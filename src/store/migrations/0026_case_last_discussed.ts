// Each open case's last discussion kept on the case (issue 19's bench): the cadence watch and `team` read it
// with the case instead of grouping every case record joined to its session (which hashed the whole session
// table on every look). It is what the grouping gave: the latest start of a session recorded under the case's
// reference, or the record's own time where it has no session. Kept by the database itself, so that every
// way a record is written (a session's, a request's, a group's; an amendment is a new version) updates it:
// on a record inserted, and on a case imported that already has records.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table allocated_case add column last_discussed timestamptz;
    update allocated_case set last_discussed = discussed.last
      from (
        select record.case_reference, max(coalesce(supervision_session.starts_at, record.created_at)) as last
        from record left join supervision_session on supervision_session.id = record.session_id
        where record.case_reference is not null
        group by record.case_reference
      ) as discussed
      where discussed.case_reference = allocated_case.case_reference;

    create function record_discusses_case() returns trigger language plpgsql as $$
    declare
      held timestamptz;
    begin
      if new.case_reference is null then
        return new;
      end if;
      held := coalesce((select starts_at from supervision_session where id = new.session_id), new.created_at);
      update allocated_case set last_discussed = greatest(last_discussed, held)
        where case_reference = new.case_reference and (last_discussed is null or last_discussed < held);
      return new;
    end
    $$;
    create trigger record_discusses_case after insert on record
      for each row execute function record_discusses_case();

    create function case_discussed_before() returns trigger language plpgsql as $$
    begin
      new.last_discussed := (
        select max(coalesce(supervision_session.starts_at, record.created_at))
        from record left join supervision_session on supervision_session.id = record.session_id
        where record.case_reference = new.case_reference
      );
      return new;
    end
    $$;
    create trigger case_discussed_before before insert on allocated_case
      for each row execute function case_discussed_before();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger case_discussed_before on allocated_case;
    drop function case_discussed_before();
    drop trigger record_discusses_case on record;
    drop function record_discusses_case();
    alter table allocated_case drop column last_discussed;
  `.execute(db);
}
