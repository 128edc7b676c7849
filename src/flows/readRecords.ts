// Reading signed records in chat: "/supervision records CASE-REF", or "/supervision records" for your own
// records that name no case. Only the practitioner, the
// supervisor who wrote it or held the request, the people above them in the line, and auditors may
// read a record; every list and every opening is written to the audit log. Where the pack says so
// (Cumberland 10), a personal record asks the supervisee's consent first (recordAccess.ts, recordConsent.ts).
import type { Kysely, Selectable, Transaction } from 'kysely';
import { writeAudit } from '../store/audit.js';
import { caseReferenceIssue, normaliseCaseReference, triggerTitle } from '../domain/triggers/raise.js';
import { caseFileText } from '../domain/records/recordForm.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { Database, RecordTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { dayText, momentText, textParts, today } from './format.js';
import { kindTitle } from './schedule.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { accessView, needsConsent } from './recordAccess.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';
import { said, speechOf, triggerTitleIn } from './speech.js';
import { caseReferenceProblemIn } from './checks.js';

/** A message card in a speech. */
type Db = Kysely<Database> | Transaction<Database>;
const LINE_DEPTH = 6;

/** Is `actor` the practitioner, the writer, the one who held the request, above the practitioner in the line, or an auditor? */
export async function maySeeRecord(db: Db, actor: Actor, record: Selectable<RecordTable>, auditors = true): Promise<boolean> {
  if ((auditors && actor.role === 'auditor') || actor.id === record.supervisee_id || actor.id === record.author_id) return true;
  const request = record.trigger_request_id
    ? await db.selectFrom('trigger_request').select('assigned_to').where('id', '=', record.trigger_request_id).executeTakeFirst()
    : undefined;
  if (request?.assigned_to === actor.id) return true;
  return isAboveInLine(db, actor.id, record.supervisee_id);
}

/** Is `actorId` above `personId` in the supervision line (their supervisor, that one's, and so on)? */
export async function isAboveInLine(db: Db, actorId: string, personId: string): Promise<boolean> {
  let current: string | undefined = personId;
  for (let depth = 0; depth < LINE_DEPTH && current; depth += 1) {
    const up: { supervisor_id: string } | undefined = await db
      .selectFrom('supervision_relationship')
      .select('supervisor_id')
      .where('supervisee_id', '=', current)
      .where('ended_on', 'is', null)
      .executeTakeFirst();
    if (up?.supervisor_id === actorId) return true;
    current = up?.supervisor_id;
  }
  return false;
}

/**
 * May `actor` take the record away as a file? Those who may read it; but a personal record's file goes only
 * to the people in the practitioner's own supervision line: a file can be copied anywhere, and auditors
 * read a personal record in chat, where every reading is audited.
 */
export async function mayTakeRecordFile(db: Db, actor: Actor, record: Selectable<RecordTable>): Promise<boolean> {
  return maySeeRecord(db, actor, record, !isPersonalRecord(record));
}

export async function audit(context: FlowContext, actor: Actor, action: string, objectType: string, objectId: string) {
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: action, objectType: objectType, objectId: objectId });
}

/**
 * "records CASE-REF": the case's signed records the actor may read. "records" alone: the actor's own signed
 * records that name no case (personal supervision, PRDs and PSMs), which no case reference would find.
 */
export async function listRecords(context: FlowContext, actor: Actor, rest: string): Promise<FlowResult> {
  // "records cf 204518": the words after the command, read as the case system writes them.
  const speech = speechOf(context.pack, actor);
  const reference = normaliseCaseReference(context.pack, rest);
  if (reference === '') return listOwnRecords(context, actor, speech);
  if (caseReferenceIssue(context.pack, reference)) {
    return said(speech, 'records.whichCaseTitle', 'records.whichCaseText', (locale) => ({
      problem: caseReferenceProblemIn(locale, context.pack, reference) ?? '',
    }));
  }
  const rows = await signedRecords(context).where('case_reference', '=', reference).execute();
  const visible = [];
  for (const row of rows) if (await maySeeRecord(context.db, actor, row)) visible.push(row);
  await audit(context, actor, 'record.list', 'case', reference);
  if (visible.length === 0) return said(speech, 'records.forCase', 'records.noneForCase', { reference });
  return recordList(context, speech, t(speech, 'records.forCase', { reference }), t(speech, 'records.youMayRead', {}, { paragraphs: true }), visible);
}

async function listOwnRecords(context: FlowContext, actor: Actor, speech: Speech): Promise<FlowResult> {
  const rows = await signedRecords(context).where('supervisee_id', '=', actor.id).where('case_reference', 'is', null).execute();
  await audit(context, actor, 'record.list', 'person', actor.id);
  if (rows.length === 0) return said(speech, 'records.ownTitle', 'records.ownNone');
  return recordList(context, speech, t(speech, 'records.ownTitle'), t(speech, 'records.ownIntro', {}, { paragraphs: true }), rows);
}

function signedRecords(context: FlowContext) {
  return context.db.selectFrom('record').selectAll().where('signed_at', 'is not', null).orderBy('created_at', 'desc').limit(40);
}

async function recordList(context: FlowContext, speech: Speech, title: string, intro: string, rows: RecordRow[]): Promise<FlowResult> {
  const records = [];
  for (const row of rows.slice(0, 10)) {
    const of = await recordOf(context, row);
    // The day it was written where the organisation is (not in UTC, which is the day before for the first hour of a summer day).
    // In the reader's first language alone: Slack takes 75 characters on a button. A trigger by its title in that language.
    const first = speech.split('+')[0] as 'cy' | 'en-GB';
    const trigger = of.triggerId ? entryOf(context.pack.triggers, of.triggerId) : undefined;
    const what = trigger ? triggerTitleIn(trigger, first) : of.title;
    const label = t(first, 'records.label', { day: dayText(today(row.created_at, context.calendar), first), what, version: row.version_no });
    records.push(
      { title: label.slice(0, 75), verb: 'record.show', recordId: row.id },
      { title: t(speech, 'records.asData').slice(0, 75), verb: 'record.json', recordId: row.id },
    );
  }
  return { view: { card: 'records', speech, data: { title, intro, records } } };
}

type RecordRow = Selectable<RecordTable>;

/** What a record is of, as its text names it: the request's trigger, or the held session's kind. */
async function recordOf(context: FlowContext, record: RecordRow): Promise<{ title: string; triggerId: string | null }> {
  if (record.session_id) {
    const session = await context.db.selectFrom('supervision_session').select('kind').where('id', '=', record.session_id).executeTakeFirst();
    return { title: session ? kindTitle(context, session.kind as SupervisionKind) : 'supervision', triggerId: null };
  }
  const request = record.trigger_request_id
    ? await context.db.selectFrom('trigger_request').select('trigger_id').where('id', '=', record.trigger_request_id).executeTakeFirst()
    : undefined;
  const trigger = request?.trigger_id ? entryOf(context.pack.triggers, request.trigger_id) : undefined;
  return { title: trigger ? triggerTitle(trigger) : 'supervision', triggerId: request?.trigger_id ?? null };
}
type RecordContent = { values: Record<string, string>; heldAt: string; disagreement?: string; amendment?: { author: string; reason: string } };

/** Kept on the practitioner's personal supervision file, never the child's: so headed, and never offered for the case file. */
export const isPersonalRecord = (record: Pick<RecordRow, 'stored_on'>) => record.stored_on === 'personal-record';

/**
 * A signed record as text, the one text the case-file card shows and the downloadable file holds: under the
 * heading of the pack's case-management system (or of the personal supervision file), or as JSON.
 */
export async function recordText(context: FlowContext, record: RecordRow & { signed_at: Date }, as: 'text' | 'json'): Promise<string> {
  const content = record.content as RecordContent;
  const model = entryOf(context.pack.recordingModels, record.model);
  const [author, practitioner] = await Promise.all([
    context.db.selectFrom('person').select('display_name').where('id', '=', record.author_id).executeTakeFirstOrThrow(),
    context.db.selectFrom('person').select('display_name').where('id', '=', record.supervisee_id).executeTakeFirstOrThrow(),
  ]);
  const actions = await context.db
    .selectFrom('action_item')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .select(['action_item.description', 'action_item.due_on', 'action_item.status', 'person.display_name'])
    .where('record_id', '=', record.id)
    .execute();
  const of = await recordOf(context, record);
  if (as === 'json')
    return JSON.stringify(
      {
        caseReference: record.case_reference,
        version: record.version_no,
        model: record.model,
        trigger: of.triggerId,
        heldAt: content.heldAt,
        signedAt: record.signed_at.toISOString(),
        supervisor: author.display_name,
        practitioner: practitioner.display_name,
        fields: content.values,
        actions: actions.map((action) => ({ what: action.description, owner: action.display_name, due: action.due_on, status: action.status })),
        ...(content.disagreement ? { disagreement: content.disagreement } : {}),
        ...(content.amendment ? { amendment: content.amendment } : {}),
      },
      null,
      2,
    );
  if (!model) return JSON.stringify(content.values, null, 2);
  return caseFileText({
    heading: isPersonalRecord(record)
      ? 'Personal supervision record (for the personal supervision file, not the case file)'
      : (model.caseFileHeading ?? `${context.pack.caseReference.system} supervision record`),
    caseReference: record.case_reference ?? '',
    trigger: of.title,
    heldOn: momentText(new Date(content.heldAt), context.calendar),
    supervisor: author.display_name,
    practitioner: practitioner.display_name,
    model,
    values: content.values,
    previous: [],
    actions: actions.map((action) => ({ what: action.description, owner: action.display_name, due: dayText(parseIsoDate(action.due_on)!) })),
    ...(content.disagreement ? { disagreement: content.disagreement } : {}),
    ...(content.amendment ? { amendment: { version: record.version_no, ...content.amendment } } : {}),
  });
}

/** The button that sends a record as a file, in a speech. */
export const downloadButton = (speech: Speech = 'en-GB') => ({ title: t(speech, 'caseFile.download'), verb: 'record.download' }) as const;

export async function showRecord(context: FlowContext, actor: Actor, input: { recordId: string }, as: 'text' | 'json' = 'text'): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  if (!record || !record.signed_at) return said(speech, 'common.somethingWrong', 'record.unknownRecord');
  if (!(await maySeeRecord(context.db, actor, record))) {
    await audit(context, actor, 'record.read.refused', 'record', record.id);
    return said(speech, 'records.notYoursToReadTitle', 'records.notYoursToReadText');
  }
  if (await needsConsent(context, actor, record)) {
    await audit(context, actor, 'record.read.consent-needed', 'record', record.id);
    return accessView(context, actor, record);
  }
  await audit(context, actor, 'record.read', 'record', record.id);
  return recordView(context, { ...record, signed_at: record.signed_at }, as, await mayTakeRecordFile(context.db, actor, record), speech);
}

/** The signed record on its case-file card; `offerFile`: with its Download button (never on a need-to-know reading). */
export async function recordView(
  context: FlowContext,
  record: RecordRow & { signed_at: Date },
  as: 'text' | 'json',
  offerFile: boolean,
  speech: Speech = 'en-GB',
): Promise<FlowResult> {
  // The text is in the record language; the card around it in the reader's.
  const text = await recordText(context, record, as);
  const heldOn = today(new Date((record.content as RecordContent).heldAt), context.calendar);
  return {
    view: {
      card: 'case-file',
      speech,
      data: {
        title: inEach(speech, (locale) =>
          record.case_reference
            ? t(locale, 'caseFile.viewTitleCase', { caseReference: record.case_reference, version: record.version_no })
            : t(locale, 'caseFile.viewTitlePersonal', { day: dayText(heldOn, locale), version: record.version_no }),
        ),
        intro:
          as === 'json'
            ? t(speech, 'caseFile.asData', {}, { paragraphs: true })
            : inEach(
                speech,
                (locale) =>
                  t(locale, isPersonalRecord(record) ? 'caseFile.signedPersonal' : 'caseFile.signedAt', {
                    when: momentText(record.signed_at, context.calendar, locale),
                  }),
                { paragraphs: true },
              ),
        text,
        parts: textParts(text),
        requestId: record.trigger_request_id ?? '',
        sessionId: record.session_id ?? '',
        recordId: record.id,
        buttons: as === 'text' && offerFile ? [downloadButton(speech)] : [],
      },
    },
  };
}
