// What a record is of: an accepted trigger request (situational supervision), a held scheduled session,
// or a held group session (the presenting practitioner's case, written by the pack's recorder).
// records.ts records, signs and amends any of them through this one shape: who may record it, whose
// supervision it was, its kind and the pack's record rule and model for that kind, when it was held,
// its case reference (or whether the card asks for one), the actions to review, where drafts are kept,
// and the conditional moves of its recording state (of two racing callers exactly one wins).
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import type { KindRule, RecordingModel, SupervisionKind } from '../domain/policy/schema.js';
import { DateTime } from 'luxon';
import { discussionEnds } from '../domain/records/deadline.js';
import { recordKindOf, triggerStoredOn, triggerTitle } from '../domain/triggers/raise.js';
import { t, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { triggerTitleIn } from './speech.js';
import { writeAudit } from '../store/audit.js';
import type { Database, RecordTable, SupervisionSessionTable, TriggerRequestTable } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { dayText, momentText, today } from './format.js';
import { kindTitle } from './schedule.js';
import { moveTrigger } from './triggerLog.js';
import { requestFacts } from './requestCase.js';
import { entryOf } from '../domain/policy/entryOf.js';

type Db = Kysely<Database> | Transaction<Database>;
/** A record's deadline as stored for the watch: when it is due, and when its supervisor is reminded. */
type Deadline = { dueAt: Date; remindAt: Date };
export type RecordRule = NonNullable<KindRule['record']>;
/** Where a record stands: open to be written, written and waiting to be signed, signed. */
export type RecordingState = 'open' | 'recorded' | 'signed';
type Fact = { title: string; value: string };

export interface PreviousAction {
  id: string;
  description: string;
  due_on: string;
  owner: string;
}

/** The ids a card carries: one of them, the other empty. */
export type SubjectIds = { requestId: string; sessionId: string };

export interface RecordSubject {
  /** The table it lives in; also the audit log's object type. */
  type: 'trigger_request' | 'supervision_session';
  id: string;
  ids: SubjectIds;
  /** Who may record it: the trigger's assigned supervisor, the session's supervisor. */
  recorderId: string | null;
  practitionerId: string;
  kind: SupervisionKind;
  /** The pack's record rule and model for the kind; a session of a kind the pack keeps no record of has none. */
  rule: RecordRule | undefined;
  model: RecordingModel | undefined;
  /** How the supervision is named on cards and in the case-file text. */
  title: string;
  significantByDefault: boolean;
  heldAt: Date;
  /** When its discussion ended: "immediately" counts from here. */
  endedAt: Date;
  /** Fixed by the request; a session's comes from its record card, when the card asks for one. */
  caseReference: string | null;
  asksCaseReference: boolean;
  /** Where its record stands; 'to-accept' for a request the supervisor talked about without accepting. */
  state: RecordingState | 'to-accept' | 'closed';
  /** Why it cannot be recorded, when state is 'closed'. */
  closed?: { title: string; text: string };
  /** The speech its facts and words are in (the reader's); the case-file text is in the record language whatever this is. */
  speech: Speech;
  /** Facts for the record card: before the practitioner, and after. */
  leadFacts: Fact[];
  whatFacts: Fact[];
  /** How chat text names it: "case CF-204518", or for a session without one, its day. Never a child's name. In `speech`, else the subject's. */
  about(caseReference: string | null, speech?: Speech): { for: string; on: string; facts: Fact[] };
  previousActions(db: Db): Promise<PreviousAction[]>;
  /** Who was there, by id, the practitioner first: who may lead an action agreed in it. */
  present(db: Db): Promise<string[]>;
  latestDraft(db: Db): Promise<Record<string, string> | undefined>;
  /** Saves the draft; `due`, the deadline as the draft's significance box stands, replaces the one reminders give if it differs. */
  saveDraft(trx: Transaction<Database>, input: { actorId: string; values: Record<string, string>; at: Date; due: Deadline }): Promise<void>;
  move(
    trx: Transaction<Database>,
    input: { from: RecordingState; to: RecordingState; actorId: string; at: Date; detail: Record<string, unknown>; audit?: string },
  ): Promise<boolean>;
  /** A status card about it, with buttons that come back to it. */
  statusView(shown: { title: string; text: string; facts: Fact[]; buttons: { title: string; verb: string }[] }): View;
}

const alreadyRecorded = (speech: Speech) => ({
  title: t(speech, 'record.alreadyRecordedTitle'),
  text: t(speech, 'record.alreadyRecordedText', {}, { paragraphs: true }),
});

/** The subject, its facts and words in `speech` (the reader's). */
export async function loadSubject(context: FlowContext, ids: Partial<SubjectIds>, speech: Speech = 'en-GB'): Promise<RecordSubject | undefined> {
  if (ids.requestId) return triggerSubject(context, ids.requestId, speech);
  if (ids.sessionId) return sessionSubject(context, ids.sessionId, speech);
  return undefined;
}

/** What a record was made of. */
export async function subjectOfRecord(
  context: FlowContext,
  record: Pick<Selectable<RecordTable>, 'trigger_request_id' | 'session_id'>,
  speech: Speech = 'en-GB',
) {
  const subject = await loadSubject(context, { requestId: record.trigger_request_id ?? '', sessionId: record.session_id ?? '' }, speech);
  if (!subject) throw new Error('a record whose request or session is gone');
  return subject;
}

/**
 * Open and carried-forward actions agreed in the practitioner's earlier records: for this case only when given
 * one, those of no case when given none (a request kept on the personal file), else all.
 */
function previousActionsOf(db: Db, practitionerId: string, caseReference: string | null | undefined) {
  let query = db
    .selectFrom('action_item')
    .innerJoin('record', 'record.id', 'action_item.record_id')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .select(['action_item.id', 'action_item.description', 'action_item.due_on', 'person.display_name as owner'])
    .where('record.supervisee_id', '=', practitionerId)
    .where('action_item.status', 'in', ['open', 'carried-forward']);
  if (caseReference === null) query = query.where('action_item.case_reference', 'is', null);
  else if (caseReference !== undefined) query = query.where('action_item.case_reference', '=', caseReference);
  return query.orderBy('action_item.due_on').limit(10).execute();
}

const triggerStates: Record<string, RecordSubject['state']> = { waiting: 'to-accept', accepted: 'open', recorded: 'recorded', signed: 'signed' };
const triggerStateOf: Record<RecordingState, string> = { open: 'accepted', recorded: 'recorded', signed: 'signed' };

async function triggerSubject(context: FlowContext, requestId: string, speech: Speech): Promise<RecordSubject | undefined> {
  const request: Selectable<TriggerRequestTable> | undefined = await context.db
    .selectFrom('trigger_request')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!request) return undefined;
  const trigger = request.trigger_id ? entryOf(context.pack.triggers, request.trigger_id) : undefined;
  const kind = recordKindOf(trigger);
  const kindRule = entryOf(context.pack.kinds, kind)?.record ?? context.pack.kinds.situational!.record!;
  // The trigger may keep its record elsewhere than its kind does (Cymru 2.2: a discussion not about a case, on the personal file).
  const rule = { ...kindRule, storedOn: triggerStoredOn(context.pack, trigger) };
  const accepted = await context.db
    .selectFrom('trigger_event')
    .select(['at', 'detail'])
    .where('trigger_request_id', '=', request.id)
    .where('to_state', '=', 'accepted')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const state = triggerStates[request.state] ?? 'closed';
  // Held when accepted, or at the time proposed; taken to end one session length later (as its deadline was set).
  const proposedAt = (accepted?.detail as { proposedAt?: string } | null)?.proposedAt;
  const heldAt = proposedAt ? new Date(proposedAt) : (accepted?.at ?? request.updated_at);
  const heldOn = (said: Speech) => dayText(today(heldAt, context.calendar), said);
  return {
    type: 'trigger_request',
    id: request.id,
    ids: { requestId: request.id, sessionId: '' },
    // Whoever accepted it, unless the pack names another recorder (Cumberland's outgoing team manager: triggerRecorder.ts).
    recorderId: request.recorder_id ?? request.assigned_to,
    practitionerId: request.practitioner_id,
    kind,
    rule,
    model: entryOf(context.pack.recordingModels, rule.model)!,
    title: triggerTitle(trigger),
    significantByDefault: trigger?.significant ?? false,
    heldAt,
    endedAt: discussionEnds(context.pack, kind, DateTime.fromJSDate(heldAt)).toJSDate(),
    caseReference: request.case_reference,
    asksCaseReference: false,
    state,
    ...(state === 'open' || state === 'to-accept' ? {} : { closed: alreadyRecorded(speech) }),
    speech,
    leadFacts: requestFacts(request.case_reference, speech),
    whatFacts: [{ title: t(speech, 'record.factTrigger'), value: triggerTitleIn(trigger, speech) }],
    about: (reference, said = speech) =>
      reference
        ? { for: t(said, 'record.aboutCase', { reference }), on: t(said, 'record.aboutCase', { reference }), facts: requestFacts(reference, said) }
        : { for: t(said, 'record.aboutRequest', { day: heldOn(said) }), on: heldOn(said), facts: requestFacts(null, said) },
    previousActions: (db) => previousActionsOf(db, request.practitioner_id, request.case_reference),
    // The practitioner and the supervisor who talked with them.
    present: async () => [request.practitioner_id, ...(request.assigned_to ? [request.assigned_to] : [])],
    // One draft, on the request, replaced by each save (never a history of them): while it is open to record.
    async latestDraft(db) {
      const row = await db.selectFrom('trigger_request').select('record_draft').where('id', '=', request.id).executeTakeFirst();
      return row?.record_draft ?? undefined;
    },
    async saveDraft(trx, { actorId, values, at, due }) {
      await trx
        .updateTable('trigger_request')
        .set({ record_draft: JSON.stringify(values) })
        .where('id', '=', request.id)
        .where('state', '=', 'accepted')
        .execute();
      await trx
        .updateTable('trigger_request')
        .set({ record_due_at: due.dueAt, record_remind_at: due.remindAt })
        .where('id', '=', request.id)
        .where('state', '=', 'accepted')
        .where('record_due_at', '<>', due.dueAt)
        .execute();
      await writeAudit(trx, { at, actorId, action: 'record.draft', objectType: 'trigger_request', objectId: request.id });
    },
    move: (trx, input) =>
      moveTrigger(trx, {
        id: request.id,
        version: request.version,
        from: triggerStateOf[input.from],
        to: triggerStateOf[input.to],
        ...(input.to === 'recorded' && input.from === 'open' ? { set: { record_remind_at: null, record_due_at: null, record_draft: null } } : {}),
        actorId: input.actorId,
        at: input.at,
        detail: input.detail,
        ...(input.audit ? { audit: input.audit } : {}),
      }),
    statusView: (shown) => ({ card: 'trigger-status', data: { ...shown, requestId: request.id } }),
  };
}

/** Why a session cannot be recorded (yet, or at all), if it cannot. */
function sessionClosed(context: FlowContext, session: Selectable<SupervisionSessionTable>, rule: RecordRule | undefined, speech: Speech) {
  const said = (title: MessageId, text: MessageId, values?: MessageValues) => ({
    title: t(speech, title),
    text: t(speech, text, values, { paragraphs: true }),
  });
  if (session.status === 'booked') return said('record.notYetTitle', 'record.notYetText');
  if (session.status !== 'held') return said('record.nothingTitle', 'record.nothingText');
  if (!rule)
    return said('record.noneKeptTitle', 'record.noneKeptText', {
      organisation: context.pack.organisation,
      kind: kindTitle(context, session.kind as SupervisionKind),
    });
  return session.record_state ? alreadyRecorded(speech) : undefined;
}

async function sessionSubject(context: FlowContext, sessionId: string, speech: Speech): Promise<RecordSubject | undefined> {
  const session = await context.db.selectFrom('supervision_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) return undefined;
  if (session.supervisee_id) return heldSessionSubject(context, session, { recorderId: session.supervisor_id, practitionerId: session.supervisee_id }, speech);
  return session.kind === 'group' ? groupSubject(context, session, speech) : undefined;
}

/**
 * A group session's record is the presenting practitioner's (their case, their actions, their line may
 * read it), written by the pack's recorder (Bexley: the presenter themself), and signed by the presenter.
 * Recorded here, the group's own chase for its record stops, as "I have recorded it" stops it.
 */
async function groupSubject(context: FlowContext, session: Selectable<SupervisionSessionTable>, speech: Speech): Promise<RecordSubject | undefined> {
  const group = await context.db
    .selectFrom('group_session')
    .leftJoin('group_role', (join) => join.onRef('group_role.session_id', '=', 'group_session.session_id').on('group_role.role', '=', 'presenter'))
    .select(['group_session.recorder_id', 'group_session.presenter_case_reference', 'group_session.recorded_at', 'group_role.person_id as presenter_id'])
    .where('group_session.session_id', '=', session.id)
    .executeTakeFirst();
  if (!group?.presenter_id) return undefined;
  const closed =
    group.recorded_at && !session.record_state
      ? {
          title: t(speech, 'record.groupRecordedTitle'),
          text: t(speech, 'record.groupRecordedText', { system: context.pack.caseReference.system }, { paragraphs: true }),
        }
      : !groupRecordIsOfTheCase(context)
        ? {
            title: t(speech, 'record.recordedElsewhereTitle'),
            text: t(speech, 'record.recordedElsewhereText', { organisation: context.pack.organisation }, { paragraphs: true }),
          }
        : undefined;
  return heldSessionSubject(
    context,
    session,
    {
      recorderId: group.recorder_id,
      practitionerId: group.presenter_id,
      caseReference: group.presenter_case_reference,
      // Everyone the attendance says was there (Bexley App 4: a next step's Lead is anyone in the group).
      attended: async (db) =>
        (
          await db
            .selectFrom('group_attendance')
            .innerJoin('person', 'person.id', 'group_attendance.person_id')
            .select('group_attendance.person_id')
            .where('group_attendance.session_id', '=', session.id)
            .where('group_attendance.attended', '=', true)
            .orderBy('person.display_name')
            .execute()
        ).map((row) => row.person_id),
      ...(closed ? { closed } : {}),
      onRecorded: async (trx, at) => {
        await trx.updateTable('group_session').set({ recorded_at: at }).where('session_id', '=', session.id).where('recorded_at', 'is', null).execute();
      },
    },
    speech,
  );
}

/** A group record written here is the presenter's case discussion: only where the pack keeps it on the child's record (Bexley, Cumberland, Islington; not Cafcass's brief record). */
export function groupRecordIsOfTheCase(context: FlowContext): boolean {
  const storedOn = context.pack.kinds.group?.record?.storedOn;
  return storedOn === 'child-record' || storedOn === 'both';
}

/** Who a held session's record is by and of; a group's also has its presenter's case and its chase to stop. */
interface SessionParties {
  recorderId: string | null;
  practitionerId: string;
  caseReference?: string | null;
  closed?: { title: string; text: string };
  /** A group's attendance: who was there besides the presenter and the recorder. */
  attended?(db: Db): Promise<string[]>;
  onRecorded?(trx: Transaction<Database>, at: Date): Promise<void>;
}

function heldSessionSubject(context: FlowContext, session: Selectable<SupervisionSessionTable>, parties: SessionParties, speech: Speech): RecordSubject {
  const { practitionerId } = parties;
  const kind = session.kind as SupervisionKind;
  const rule = entryOf(context.pack.kinds, kind)?.record;
  const closed = parties.closed ?? sessionClosed(context, session, rule, speech);
  const title = kindTitle(context, kind);
  const held = (said: Speech) => momentText(session.starts_at, context.calendar, said);
  const day = (said: Speech) => dayText(today(session.starts_at, context.calendar), said);
  const caseReference = parties.caseReference ?? null;
  return {
    type: 'supervision_session',
    id: session.id,
    ids: { requestId: '', sessionId: session.id },
    recorderId: parties.recorderId,
    practitionerId,
    kind,
    rule,
    model: rule ? entryOf(context.pack.recordingModels, rule.model) : undefined,
    title,
    significantByDefault: false,
    heldAt: session.starts_at,
    endedAt: new Date(session.starts_at.getTime() + session.duration_minutes * 60_000),
    caseReference,
    // A record that goes on the child's file needs the child's case reference (a group's presenter chose theirs before).
    asksCaseReference: !caseReference && (rule?.storedOn === 'child-record' || rule?.storedOn === 'both'),
    state: closed && !session.record_state ? 'closed' : (session.record_state ?? 'open'),
    ...(closed ? { closed } : {}),
    speech,
    leadFacts: caseReference ? [{ title: t(speech, 'request.caseReference'), value: caseReference }] : [],
    whatFacts: [
      { title: t(speech, 'record.factSupervision'), value: title },
      { title: t(speech, 'record.factHeld'), value: held(speech) },
    ],
    about: (reference, said = speech) =>
      reference
        ? {
            for: t(said, 'record.aboutCase', { reference }),
            on: t(said, 'record.aboutCase', { reference }),
            facts: [{ title: t(said, 'request.caseReference'), value: reference }],
          }
        : {
            for: t(said, 'record.aboutSession', { day: day(said) }),
            on: day(said),
            facts: [{ title: t(said, 'record.factSupervision'), value: `${title}, ${held(said)}` }],
          },
    // Every action still open for this practitioner, whichever case it was agreed on (a group's: its case's).
    previousActions: (db) => previousActionsOf(db, practitionerId, caseReference ?? undefined),
    // A one-to-one: the two of them; a group: also everyone who attended. Each once, the practitioner first.
    present: async (db) => [...new Set([practitionerId, ...(parties.recorderId ? [parties.recorderId] : []), ...((await parties.attended?.(db)) ?? [])])],
    async latestDraft(db) {
      const row = await db.selectFrom('supervision_session').select('record_draft').where('id', '=', session.id).executeTakeFirst();
      return row?.record_draft ?? undefined;
    },
    async saveDraft(trx, { actorId, values, at, due }) {
      await trx
        .updateTable('supervision_session')
        .set({ record_draft: JSON.stringify(values) })
        .where('id', '=', session.id)
        .where('status', '=', 'held')
        .where('record_state', 'is', null)
        .execute();
      // A changed deadline replaces the stored one; a group's record is chased by its own watch, from
      // record_due_at alone, so it keeps no reminder time. The reminder first, while the old due date still tells.
      const changed = trx
        .updateTable('supervision_session')
        .where('id', '=', session.id)
        .where('status', '=', 'held')
        .where('record_state', 'is', null)
        .where('record_due_at', '<>', due.dueAt);
      await changed.set({ record_remind_at: due.remindAt }).where('record_remind_at', 'is not', null).execute();
      await changed.set({ record_due_at: due.dueAt }).execute();
      await writeAudit(trx, { at, actorId, action: 'record.draft', objectType: 'supervision_session', objectId: session.id });
    },
    async move(trx, input) {
      const updated = await trx
        .updateTable('supervision_session')
        .set({
          record_state: input.to === 'open' ? null : input.to,
          version: session.version + 1,
          updated_at: input.at,
          ...(input.from === 'open' ? { record_draft: null, record_remind_at: null } : {}),
        })
        .where('id', '=', session.id)
        .where('version', '=', session.version)
        .where('status', '=', 'held')
        .where((where) => (input.from === 'open' ? where('record_state', 'is', null) : where('record_state', '=', input.from)))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      if (input.from === 'open') await parties.onRecorded?.(trx, input.at);
      if (input.audit)
        await writeAudit(trx, {
          at: input.at,
          actorId: input.actorId,
          action: input.audit,
          objectType: 'supervision_session',
          objectId: session.id,
          detail: input.detail,
        });
      return true;
    },
    statusView: (shown) => ({ card: 'session', data: { ...shown, lists: [], sessionId: session.id } }),
  };
}
