// The database's tables as Kysely types: one place, matching src/store/migrations/.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A calendar date, kept as YYYY-MM-DD text in and out. */
type DateText = ColumnType<string, string, string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationTable {
  id: string;
  name: string;
  policy_id: string;
  created_at: DefaultedTimestamp;
}

export interface TeamTable {
  id: string;
  organisation_id: string;
  name: string;
}

export type DirectoryRole = 'practitioner' | 'supervisor' | 'manager' | 'senior-manager' | 'auditor' | 'admin';

export interface PersonTable {
  id: string;
  organisation_id: string;
  email: string;
  display_name: string;
  role: DirectoryRole;
  team_id: string | null;
  cohort: string | null;
  start_date: DateText | null;
  /** HH:MM; null means the start of the organisation's working hours. */
  reminder_time: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last session held of each kind before the bot, as the directory import gave it: JSON, kind to YYYY-MM-DD. */
  held_before: ColumnType<string | null, string | null | undefined, string | null>;
  /** Missed supervision counts from this day (the organisation's go-live), where nothing earlier is known. */
  counted_from: ColumnType<string | null, string | null | undefined, string | null>;
  /** Agreed in chat (agreements.ts): how often a kind is held, where the pack lets the agreement set it; JSON, kind to an interval ("1 month"). */
  agreed_frequency: ColumnType<string | null, string | null | undefined, string | null>;
  /** Agreed in chat: the days phases lasting "until agreed" ended (Cumberland students), JSON list of YYYY-MM-DD. */
  agreed_phase_ends: ColumnType<string | null, string | null | undefined, string | null>;
  /** Recorded in chat: the day of the person's last Practice Review, from which a PRD is due (Cafcass Cymru 2.4). */
  practice_review_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** From the directory: whether the person is a registered social worker; null when it does not say (Cafcass appendix 2 quality 8). */
  registered_social_worker: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  /** From the directory: the registered social worker who gives this person additional professional supervision. */
  professional_supervisor_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Chosen in settings: 'en-GB' or 'cy'; null until chosen, when the pack's `language` default speaks for them. */
  language: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface SupervisionRelationshipTable {
  id: string;
  supervisee_id: string;
  supervisor_id: string;
  cover_supervisor_id: string | null;
  reason: string | null;
  started_on: DateText;
  ended_on: DateText | null;
}

export interface AbsenceTable {
  id: string;
  person_id: string;
  from_date: DateText;
  to_date: DateText;
  recorded_by: string;
  recorded_at: DefaultedTimestamp;
}

export interface ChatIdentityTable {
  person_id: string;
  platform: 'slack' | 'teams' | 'playground';
  platform_user_id: string;
  direct_conversation_id: string | null;
  conversation_reference: JSONColumnType<Record<string, unknown>> | null;
  updated_at: DefaultedTimestamp;
}

export interface TriggerRequestTable {
  id: string;
  organisation_id: string;
  practitioner_id: string;
  trigger_id: string | null;
  case_reference: string | null;
  urgency: string;
  state: string;
  assigned_to: string | null;
  escalation_level: ColumnType<number, number | undefined, number>;
  respond_by: Timestamp | null;
  /** For an accepted trigger: when to remind the supervisor to record it, and when the record is due. */
  record_remind_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  record_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The supervisor's draft of its record (0011): the card's values, seen by nobody else, replaced by each save. */
  record_draft: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** Who records it when the pack names someone other than whoever accepted it (0015: Cumberland's outgoing team manager). */
  recorder_id: ColumnType<string | null, string | null | undefined, string | null>;
  version: ColumnType<number, number | undefined, number>;
  raised_at: Timestamp;
  updated_at: Timestamp;
}

export interface TriggerEventTable {
  id: Generated<string>;
  trigger_request_id: string;
  at: Timestamp;
  actor_id: string | null;
  from_state: string | null;
  to_state: string;
  detail: JSONColumnType<Record<string, unknown>>;
}

export interface SupervisionSessionTable {
  id: string;
  organisation_id: string;
  kind: string;
  supervisee_id: string | null;
  supervisor_id: string | null;
  team_id: string | null;
  trigger_request_id: string | null;
  starts_at: Timestamp;
  duration_minutes: number;
  status: 'booked' | 'held' | 'not-held' | 'cancelled';
  status_reason: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  booked_by: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The cancelled session this one rebooks. */
  replaces_session_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Once held: when its record is due under the pack. */
  record_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When to remind the supervisor to record it (halfway to record_due_at). */
  record_remind_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Null until its record is written; then as a trigger's state: recorded (to sign), signed. */
  record_state: ColumnType<'recorded' | 'signed' | null, 'recorded' | 'signed' | null | undefined, 'recorded' | 'signed' | null>;
  /** The supervisor's draft of its record: the card's values, seen by nobody else. */
  record_draft: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** A session recorded one record per child: when its last case was recorded (0015); its personal record comes next. */
  cases_recorded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RecordTable {
  id: string;
  record_key: string;
  version_no: number;
  session_id: string | null;
  trigger_request_id: string | null;
  supervisee_id: string;
  author_id: string;
  model: string;
  stored_on: 'child-record' | 'personal-record' | 'both';
  case_reference: string | null;
  content: JSONColumnType<Record<string, unknown>>;
  due_at: Timestamp | null;
  created_at: Timestamp;
  signed_at: Timestamp | null;
  signed_by: JSONColumnType<string[]> | null;
}

export interface ActionItemTable {
  id: string;
  record_id: string;
  owner_id: string;
  case_reference: string | null;
  description: string;
  due_on: DateText;
  status: 'open' | 'done' | 'carried-forward' | 'dropped';
  status_reason: string | null;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

/** An owner's ask for more time on an action, and the recording supervisor's answer. */
export interface ActionExtensionTable {
  id: string;
  action_id: string;
  asked_by: string;
  asked_at: Timestamp;
  from_due_on: DateText;
  to_due_on: DateText;
  reason: string;
  state: 'asked' | 'agreed' | 'refused' | 'withdrawn';
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A record signed with a disagreement: open while the two try to resolve it, escalated, or resolved (issue 18). */
export interface RecordDisputeTable {
  record_id: string;
  raised_by: string;
  raised_at: Timestamp;
  state: 'open' | 'escalated' | 'resolved';
  settled_by: ColumnType<string | null, string | null | undefined, string | null>;
  settled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** What the one who settles it recorded as the outcome (0025). */
  outcome: ColumnType<string | null, string | null | undefined, string | null>;
  outcome_by: ColumnType<string | null, string | null | undefined, string | null>;
  outcome_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Someone other than the supervisee and its supervisor asking to read a personal supervision record (Cumberland 10; 0029). */
export interface RecordAccessTable {
  id: string;
  record_id: string;
  asker_id: string;
  supervisee_id: string;
  state: 'asking' | 'given' | 'declined' | 'need-to-know';
  /** Why they ask: required on a need-to-know basis (the concern of a breach of standards). */
  reason: string | null;
  asked_at: Timestamp;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Whose answer an arrangement waits for: null until they answer; 'not-asked' where the pack only has them told. */
export type PartyAnswer = 'agreed' | 'declined' | 'not-asked';

/** A practitioner speaking to a supervisor other than their own, for a time, once each party agrees (Cumberland 12). */
export interface DifferentSupervisorTable {
  id: string;
  practitioner_id: string;
  /** Their own supervisor when they asked. */
  supervisor_id: string;
  other_id: string;
  asked_at: Timestamp;
  /** The last day it is in force; null where the pack does not limit it in time. */
  ends_on: DateText | null;
  supervisor_answer: ColumnType<PartyAnswer | null, PartyAnswer | null | undefined, PartyAnswer | null>;
  other_answer: ColumnType<PartyAnswer | null, PartyAnswer | null | undefined, PartyAnswer | null>;
  state: 'asking' | 'agreed' | 'declined' | 'lapsed' | 'ended';
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A supervision agreement between a supervisee and their supervisor, one row per round: 0 the first, then each yearly review (issue 19). */
export interface SupervisionAgreementTable {
  id: string;
  supervisee_id: string;
  supervisor_id: string;
  round: number;
  /** The held session it was offered at, where it was. */
  session_id: string | null;
  /** JSON: the pack's headings as offered, and the rule they come from. */
  content: string;
  offered_at: Timestamp;
  supervisor_signed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  supervisee_signed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the last of those who sign signed. */
  signed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The day its review is due, once signed. */
  review_due: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface GroupAttendanceTable {
  session_id: string;
  person_id: string;
  attended: boolean;
  role: 'facilitator' | 'advisor' | 'presenter' | 'participant' | null;
}

/** A team's channel for group supervision, bound by `group setup`. */
export interface GroupChannelTable {
  team_id: string;
  platform: 'slack' | 'teams' | 'playground';
  /** Slack: the channel id; Teams: the channel's conversation id (no message id). */
  conversation_id: string;
  /** Teams: the conversation reference proactive posts need. */
  conversation_reference: JSONColumnType<Record<string, unknown>> | null;
  /** HH:MM, the sessions' local start time; and their length. */
  time_of_day: string;
  duration_minutes: number;
  set_up_by: string;
  set_up_at: Timestamp;
  /** Weeks between sessions the team chose within the pack's bounds ("every 2 to 4 weeks"); null: the pack's. */
  interval_weeks: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A group session's place in its team's series and what only the group flows need. */
export interface GroupSessionTable {
  session_id: string;
  team_id: string;
  sequence: number;
  /** The presenter's case, kept private: never posted in the channel. */
  presenter_case_reference: ColumnType<string | null, string | null | undefined, string | null>;
  attendance_by: ColumnType<string | null, string | null | undefined, string | null>;
  attendance_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Who is asked to record the session (the pack's recordedBy), once attendance is taken. */
  recorder_id: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type GroupRole = 'facilitator' | 'advisor' | 'presenter';

export interface GroupRoleTable {
  session_id: string;
  person_id: string;
  role: GroupRole;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string;
  detail: JSONColumnType<Record<string, unknown>>;
}

export interface OutboxTable {
  id: Generated<string>;
  idempotency_key: string;
  platform: string;
  conversation: string;
  payload: JSONColumnType<Record<string, unknown>>;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  /** 0 a trigger's messages, 1 reminders, 2 other notices (src/delivery/priority.ts): claimed in that order. */
  priority: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface OnceKeyTable {
  key: string;
  claimed_at: Timestamp;
}

/** A Slack request signature seen within its replay window (migration 0012). */
export interface SlackRequestSeenTable {
  signature: string;
  expires_at: Timestamp;
}

export interface BotClockTable {
  name: string;
  /** bigint: node-postgres gives it as text. */
  offset_ms: ColumnType<string, string, string>;
  updated_at: Date;
}

/** A case a worker holds, from the case list import (migration 0020): a reference, never a child's name. */
export interface AllocatedCaseTable {
  case_reference: string;
  /** A key of the pack's caseCategories. */
  category: string;
  worker_id: string;
  allocated_on: DateText;
  /** The day a full import left it out; null while open. */
  closed_on: DateText | null;
  imported_at: Timestamp;
  /** Raised above the category's frequency (migration 0023): every this many weeks; null for the category's. */
  every_weeks: ColumnType<number | null, number | null | undefined, number | null>;
  every_set_by: ColumnType<string | null, string | null | undefined, string | null>;
  every_set_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** 'supervisor' (their discretion) or 'supervisee' (at their request). */
  every_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Kept by the database (0026): the latest start of a session recorded under this reference, or the record's time. */
  last_discussed: ColumnType<Date | null, never, never>;
  /** What the cadence watch last told of its overdue supervision (0034): "<worker>:<overdue since>:week-<n>". */
  overdue_told: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  organisation: OrganisationTable;
  team: TeamTable;
  person: PersonTable;
  supervision_relationship: SupervisionRelationshipTable;
  absence: AbsenceTable;
  chat_identity: ChatIdentityTable;
  trigger_request: TriggerRequestTable;
  trigger_event: TriggerEventTable;
  supervision_session: SupervisionSessionTable;
  record: RecordTable;
  action_item: ActionItemTable;
  action_extension: ActionExtensionTable;
  record_dispute: RecordDisputeTable;
  different_supervisor: DifferentSupervisorTable;
  record_access: RecordAccessTable;
  supervision_agreement: SupervisionAgreementTable;
  group_attendance: GroupAttendanceTable;
  group_channel: GroupChannelTable;
  group_session: GroupSessionTable;
  group_role: GroupRoleTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  once_key: OnceKeyTable;
  slack_request_seen: SlackRequestSeenTable;
  bot_clock: BotClockTable;
  allocated_case: AllocatedCaseTable;
}
