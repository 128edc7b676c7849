// The first schema: directory, supervision relationships, triggers, sessions, records, actions,
// group attendance, the audit log and the outbox. Plain SQL, so it reads the same on PGlite and PostgreSQL.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisation (
      id text primary key,
      name text not null,
      policy_id text not null,
      created_at timestamptz not null default now()
    );

    create table team (
      id text primary key,
      organisation_id text not null references organisation (id),
      name text not null,
      unique (organisation_id, name)
    );

    create table person (
      id text primary key,
      organisation_id text not null references organisation (id),
      email text not null,
      display_name text not null,
      role text not null check (role in ('practitioner', 'supervisor', 'manager', 'senior-manager', 'auditor', 'admin')),
      team_id text references team (id),
      cohort text,
      start_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, email)
    );

    -- Who supervises whom; an ended relationship keeps its history.
    create table supervision_relationship (
      id text primary key,
      supervisee_id text not null references person (id),
      supervisor_id text not null references person (id),
      cover_supervisor_id text references person (id),
      reason text,
      started_on date not null,
      ended_on date,
      check (supervisee_id <> supervisor_id)
    );
    create unique index supervision_relationship_current on supervision_relationship (supervisee_id) where ended_on is null;

    create table absence (
      id text primary key,
      person_id text not null references person (id),
      from_date date not null,
      to_date date not null,
      recorded_by text not null references person (id),
      recorded_at timestamptz not null default now(),
      check (to_date >= from_date)
    );
    create index absence_person on absence (person_id, from_date);

    -- How to reach a person on each platform; a Teams conversation reference is kept for proactive messages.
    create table chat_identity (
      person_id text not null references person (id),
      platform text not null check (platform in ('slack', 'teams', 'playground')),
      platform_user_id text not null,
      direct_conversation_id text,
      conversation_reference jsonb,
      updated_at timestamptz not null default now(),
      primary key (platform, platform_user_id),
      unique (person_id, platform)
    );

    create table trigger_request (
      id text primary key,
      organisation_id text not null references organisation (id),
      practitioner_id text not null references person (id),
      trigger_id text,
      case_reference text,
      urgency text not null,
      state text not null,
      assigned_to text references person (id),
      escalation_level integer not null default 0,
      respond_by timestamptz,
      version integer not null default 1,
      raised_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index trigger_request_open on trigger_request (state, respond_by);
    create index trigger_request_practitioner on trigger_request (practitioner_id, raised_at);

    create table trigger_event (
      id bigint generated always as identity primary key,
      trigger_request_id text not null references trigger_request (id),
      at timestamptz not null,
      actor_id text references person (id),
      from_state text,
      to_state text not null,
      detail jsonb not null default '{}'
    );
    create index trigger_event_request on trigger_event (trigger_request_id, id);

    create table supervision_session (
      id text primary key,
      organisation_id text not null references organisation (id),
      kind text not null,
      supervisee_id text references person (id),
      supervisor_id text references person (id),
      team_id text references team (id),
      trigger_request_id text references trigger_request (id),
      starts_at timestamptz not null,
      duration_minutes integer not null check (duration_minutes > 0),
      status text not null check (status in ('booked', 'held', 'not-held', 'cancelled')),
      status_reason text,
      version integer not null default 1,
      created_at timestamptz not null default now()
    );
    create index supervision_session_supervisee on supervision_session (supervisee_id, kind, starts_at);
    create index supervision_session_due on supervision_session (status, starts_at);

    -- Records are versioned: a signed version never changes; an amendment is a new version.
    create table record (
      id text primary key,
      record_key text not null,
      version_no integer not null check (version_no >= 1),
      session_id text references supervision_session (id),
      trigger_request_id text references trigger_request (id),
      supervisee_id text not null references person (id),
      author_id text not null references person (id),
      model text not null,
      stored_on text not null check (stored_on in ('child-record', 'personal-record', 'both')),
      case_reference text,
      content jsonb not null,
      due_at timestamptz,
      created_at timestamptz not null,
      signed_at timestamptz,
      signed_by jsonb,
      unique (record_key, version_no)
    );

    create function record_immutable_once_signed() returns trigger language plpgsql as $$
    begin
      if old.signed_at is not null then
        raise exception 'record % version % is signed and cannot change; add a new version', old.record_key, old.version_no;
      end if;
      return new;
    end $$;
    create trigger record_signed_guard before update or delete on record
      for each row execute function record_immutable_once_signed();

    create table action_item (
      id text primary key,
      record_id text not null references record (id),
      owner_id text not null references person (id),
      case_reference text,
      description text not null,
      due_on date not null,
      status text not null check (status in ('open', 'done', 'carried-forward', 'dropped')),
      status_reason text,
      version integer not null default 1,
      updated_at timestamptz not null
    );
    create index action_item_owner_due on action_item (owner_id, status, due_on);
    create index action_item_due on action_item (status, due_on);

    create table group_attendance (
      session_id text not null references supervision_session (id),
      person_id text not null references person (id),
      attended boolean not null,
      role text check (role in ('facilitator', 'advisor', 'presenter', 'participant')),
      primary key (session_id, person_id)
    );

    -- Append-only: who read or changed what, and when.
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      actor_id text,
      action text not null,
      object_type text not null,
      object_id text not null,
      detail jsonb not null default '{}'
    );
    create index audit_log_object on audit_log (object_type, object_id, id);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only';
    end $$;
    create trigger audit_log_no_change before update or delete on audit_log
      for each statement execute function audit_log_append_only();

    -- Every outgoing message, written in the same transaction as the change that caused it.
    create table outbox (
      id bigint generated always as identity primary key,
      idempotency_key text not null unique,
      platform text not null,
      conversation text not null,
      payload jsonb not null,
      status text not null check (status in ('pending', 'sending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      claimed_by text,
      claimed_until timestamptz,
      last_error text,
      created_at timestamptz not null,
      sent_at timestamptz
    );
    create index outbox_ready on outbox (next_attempt_at) where status in ('pending', 'sending');

    -- Keys of side effects that must happen once (an escalation, a reminder), claimed by the sweeper.
    create table once_key (
      key text primary key,
      claimed_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table once_key, outbox, audit_log, group_attendance, action_item, record, supervision_session,
      trigger_event, trigger_request, chat_identity, absence, supervision_relationship, person, team, organisation;
    drop function record_immutable_once_signed, audit_log_append_only;
  `.execute(db);
}
