// One draft of a request's record (issue 16): kept on the request and replaced by each save, as a held
// session's is (0007), not appended to the request's history as an event each save (up to 1 MB each).
// Drafts kept as history move here: each request still open to record keeps its latest; the history
// keeps its state changes only (a draft was never one; each save's audit entry stays).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table trigger_request add column record_draft jsonb;
    update trigger_request set record_draft = latest.draft
      from (
        select distinct on (trigger_request_id) trigger_request_id, detail->'draft' as draft
        from trigger_event
        where from_state = 'accepted' and to_state = 'accepted' and detail ? 'draft'
        order by trigger_request_id, id desc
      ) as latest
      where trigger_request.id = latest.trigger_request_id and trigger_request.state = 'accepted';
    delete from trigger_event where from_state = 'accepted' and to_state = 'accepted' and detail ? 'draft';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into trigger_event (trigger_request_id, at, actor_id, from_state, to_state, detail)
      select id, updated_at, assigned_to, 'accepted', 'accepted', jsonb_build_object('draft', record_draft)
      from trigger_request where record_draft is not null;
    alter table trigger_request drop column record_draft;
  `.execute(db);
}
