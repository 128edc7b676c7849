// Group supervision (issue 8): a team's channel, bound by `group setup`, with what the messenger needs
// to post there; each group session's place in the team's series, the presenter's private case
// reference, who took attendance and who records it; and the rota of each session.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table group_channel (
      team_id text primary key references team (id),
      platform text not null check (platform in ('slack', 'teams', 'playground')),
      conversation_id text not null,
      -- Teams: the channel's conversation reference, for proactive posts; Slack needs only the channel id.
      conversation_reference jsonb,
      time_of_day text not null check (time_of_day ~ '^[0-2][0-9]:[0-5][0-9]$'),
      duration_minutes integer not null check (duration_minutes > 0),
      set_up_by text not null references person (id),
      set_up_at timestamptz not null,
      unique (platform, conversation_id)
    );

    create table group_session (
      session_id text primary key references supervision_session (id),
      team_id text not null references team (id),
      sequence integer not null check (sequence >= 1),
      presenter_case_reference text,
      attendance_by text references person (id),
      attendance_at timestamptz,
      recorder_id text references person (id),
      recorded_at timestamptz,
      unique (team_id, sequence)
    );

    create table group_role (
      session_id text not null references supervision_session (id),
      person_id text not null references person (id),
      role text not null check (role in ('facilitator', 'advisor', 'presenter')),
      primary key (session_id, person_id)
    );
    create index group_role_person on group_role (person_id, role);
    create index supervision_session_team on supervision_session (team_id, kind, starts_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index supervision_session_team;
    drop table group_role, group_session, group_channel;
  `.execute(db);
}
