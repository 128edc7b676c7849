// One record per child, through the record card (records.ts). Where the pack's recording model is `perCase`,
// a supervision that discussed several children is recorded child by child: each child's record is written
// under its own case reference and goes to the practitioner to sign as it is saved, with its own actions and,
// once signed, its own case-file text. "Another child was discussed" keeps the supervision open for the next
// child; the last child closes it. Where the kind's record also names a `personalRecord` (Bexley: "recorded
// in two places"), a held session's last child is followed by that one personal record, which names the cases
// by reference only. A supervision is recorded when all its records are written, and signed when all are signed.
import type { Kysely, Transaction } from 'kysely';
import type { RecordingModel } from '../domain/policy/schema.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { crossReferenceText, recordsPerCase, reviewedActionIds } from '../domain/records/perCase.js';
import { fieldInputId } from '../domain/records/recordForm.js';
import { writeAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { loadSubject, type RecordingState, type RecordSubject, type SubjectIds } from './recordSubject.js';
import { inEach, languagesOf, t, type MessageId, type Speech } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';
import { modelTitleIn } from './recordWords.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a supervision recorded one record per child stands. */
export interface CaseStep {
  /** Writing a child's record, or (all children written) the personal record. */
  step: 'case' | 'personal';
  /** One record per child: another child may follow this one. */
  perCase: boolean;
  /** The case references recorded so far in this supervision, in the order written. */
  recorded: string[];
  /** The personal record written after the children's (a held session's only), if the pack asks for one. */
  personal: { model: RecordingModel } | undefined;
}

type Stepped = RecordSubject & { cases?: CaseStep };

/** The step a subject loaded for recording is at; undefined for a supervision with one record. */
export const caseStepOf = (subject: RecordSubject): CaseStep | undefined => (subject as Stepped).cases;

const subjectColumn = (subject: Pick<RecordSubject, 'type'>) => (subject.type === 'trigger_request' ? 'trigger_request_id' : 'session_id');

async function recordsOf(db: Db, subject: Pick<RecordSubject, 'type' | 'id'>) {
  return db
    .selectFrom('record')
    .select(['id', 'case_reference', 'content'])
    .where(subjectColumn(subject), '=', subject.id)
    .orderBy('created_at')
    .orderBy('version_no')
    .execute();
}

/**
 * The subject as the record card takes it at its step: for the next child, the case reference asked for and the
 * earlier actions not yet reviewed in this supervision; for the personal record, its model, kept on the personal
 * record, naming the cases written. A subject recorded in one record comes back as it was.
 */
export async function withCaseStep(context: FlowContext, subject: RecordSubject): Promise<RecordSubject> {
  if (subject.state !== 'open' || !subject.rule || !subject.model) return subject;
  const { rule } = subject;
  const perCase = recordsPerCase(subject.model, rule);
  // Formal supervision (a held session) is recorded in two places; a request's discussion only on the case.
  const personalRule = subject.type === 'supervision_session' ? rule.personalRecord : undefined;
  const personalModel = personalRule ? entryOf(context.pack.recordingModels, personalRule.model) : undefined;
  if (!perCase && !personalModel) return subject;
  const records = await recordsOf(context.db, subject);
  const recorded = [...new Set(records.flatMap((record) => (record.case_reference ? [record.case_reference] : [])))];
  const reviewed = new Set(records.flatMap((record) => reviewedActionIds((record.content as { values?: Record<string, string> }).values ?? {})));
  const agreedHere =
    records.length === 0
      ? new Set<string>()
      : new Set(
          (
            await context.db
              .selectFrom('action_item')
              .select('id')
              .where(
                'record_id',
                'in',
                records.map((record) => record.id),
              )
              .execute()
          ).map((action) => action.id),
        );
  const personalNow = personalModel !== undefined && (await casesRecorded(context.db, subject));
  const cases: CaseStep = {
    step: personalNow ? 'personal' : 'case',
    perCase,
    recorded,
    personal: personalModel ? { model: personalModel } : undefined,
  };
  const casesFact = (title: MessageId, speech: Speech = subject.speech) =>
    recorded.length > 0 ? [{ title: t(speech, title), value: recorded.join(', ') }] : [];
  const stepped: Stepped = {
    ...subject,
    cases,
    // What this supervision reviewed or agreed already is not for review again.
    previousActions: async (db) => (await subject.previousActions(db)).filter((action) => !reviewed.has(action.id) && !agreedHere.has(action.id)),
    about: (reference, speech = subject.speech) => {
      const about = subject.about(reference, speech);
      return { ...about, facts: [...about.facts, ...casesFact(personalNow ? 'caseRecords.caseRecords' : 'caseRecords.otherCases', speech)] };
    },
  };
  if (personalNow && personalRule && personalModel) {
    // The pack checks crossReference names a text field of the personal model.
    const field = personalModel.fields.find((candidate) => candidate.id === personalRule.crossReference);
    const prefill = field ? { [fieldInputId(field)]: crossReferenceText(context.pack.caseReference.system, recorded) } : {};
    return {
      ...stepped,
      rule: { ...rule, model: personalRule.model, storedOn: 'personal-record' },
      model: personalModel,
      caseReference: null,
      asksCaseReference: false,
      leadFacts: casesFact('caseRecords.thisSession'),
      latestDraft: async (db) => (await subject.latestDraft(db)) ?? prefill,
    };
  }
  if (recorded.length === 0) return stepped;
  // The next child: their own case reference, typed and checked as the first was.
  return { ...stepped, caseReference: null, asksCaseReference: true, leadFacts: casesFact('caseRecords.soFar') };
}

async function casesRecorded(db: Db, subject: Pick<RecordSubject, 'id'>): Promise<boolean> {
  const row = await db.selectFrom('supervision_session').select('cases_recorded_at').where('id', '=', subject.id).executeTakeFirst();
  return Boolean(row?.cases_recorded_at);
}

/** The record card's "Another child was discussed" box: for a child's record of a supervision recorded per child. */
export function anotherCaseToggle(subject: RecordSubject, values: Record<string, string>, amending: boolean) {
  const cases = caseStepOf(subject);
  return {
    show: !amending && cases?.step === 'case' && cases.perCase,
    // Short, in the first language alone: Slack allows 75 characters in a checkbox.
    label: t(languagesOf(subject.speech)[0]!, 'caseRecords.anotherChild'),
    value: values.anotherCase === 'true' ? 'true' : 'false',
  };
}

/** A child already recorded in this supervision is not recorded twice. */
export function caseTaken(subject: RecordSubject, caseReference: string | null): string | undefined {
  const cases = caseStepOf(subject);
  if (!cases || cases.step !== 'case' || !caseReference || !cases.recorded.includes(caseReference)) return undefined;
  return t(subject.speech, 'caseRecords.taken', { caseReference });
}

/** What saving this record does: keep the supervision open (another child, or the personal record, follows) or complete it. */
export function casePart(subject: RecordSubject, anotherTicked: boolean): { keepsOpen: boolean; personalNext: boolean } {
  const cases = caseStepOf(subject);
  if (!cases || cases.step !== 'case') return { keepsOpen: false, personalNext: false };
  if (anotherTicked && cases.perCase) return { keepsOpen: true, personalNext: false };
  if (cases.personal) return { keepsOpen: true, personalNext: true };
  return { keepsOpen: false, personalNext: false };
}

/**
 * A child's record written while the supervision stays open: its draft goes (the next child starts afresh) and,
 * after the last child, the session notes that the personal record comes next. False when it was recorded meanwhile.
 */
export async function keepOpen(trx: Transaction<Database>, subject: RecordSubject, input: { personalNext: boolean; at: Date }): Promise<boolean> {
  const updated =
    subject.type === 'trigger_request'
      ? await trx.updateTable('trigger_request').set({ record_draft: null }).where('id', '=', subject.id).where('state', '=', 'accepted').executeTakeFirst()
      : await trx
          .updateTable('supervision_session')
          .set({ record_draft: null, ...(input.personalNext ? { cases_recorded_at: input.at } : {}) })
          .where('id', '=', subject.id)
          .where('status', '=', 'held')
          .where('record_state', 'is', null)
          .where('cases_recorded_at', 'is', null)
          .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

const personalPrompt = (cases: CaseStep, speech: Speech) =>
  inEach(speech, (locale) => t(locale, 'caseRecords.personalPrompt', { model: modelTitleIn(cases.personal!.model, locale) }), { paragraphs: true });

/** After a child's record, with the supervision still open: the next child, or the personal record. */
export function keptView(subject: RecordSubject, input: { caseReference: string; practitioner: string; personalNext: boolean }): FlowResult {
  const cases = caseStepOf(subject)!;
  const { speech } = subject;
  const recorded = [...cases.recorded, input.caseReference];
  return {
    view: {
      ...subject.statusView({
        title: t(speech, 'caseRecords.sentCase', { name: input.practitioner, caseReference: input.caseReference }),
        text: input.personalNext ? personalPrompt(cases, speech) : t(speech, 'caseRecords.nextChildText', {}, { paragraphs: true }),
        facts: [{ title: t(speech, 'caseRecords.soFar'), value: recorded.join(', ') }],
        buttons: input.personalNext
          ? [{ title: t(speech, 'caseRecords.writePersonal'), verb: 'record.open' }]
          : [
              { title: t(speech, 'caseRecords.nextChild'), verb: 'record.open' },
              { title: t(speech, 'caseRecords.noMore'), verb: 'record.finish' },
            ],
      }),
      speech,
    },
  };
}

/** Lock the supervision's row, so that of two signatures (or a signature and an amendment) one sees the other. */
async function stateUnderLock(trx: Transaction<Database>, subject: Pick<RecordSubject, 'type' | 'id'>): Promise<RecordingState | 'closed'> {
  if (subject.type === 'trigger_request') {
    const row = await trx.selectFrom('trigger_request').select('state').where('id', '=', subject.id).forUpdate().executeTakeFirst();
    return row?.state === 'accepted' ? 'open' : row?.state === 'recorded' || row?.state === 'signed' ? row.state : 'closed';
  }
  const row = await trx.selectFrom('supervision_session').select(['status', 'record_state']).where('id', '=', subject.id).forUpdate().executeTakeFirst();
  return row?.status !== 'held' ? 'closed' : (row.record_state ?? 'open');
}

/** Is every record of the supervision (every child's, the personal one, the latest amendments) signed? */
export async function allRecordsSigned(trx: Transaction<Database>, subject: Pick<RecordSubject, 'type' | 'id'>): Promise<boolean> {
  await stateUnderLock(trx, subject);
  const unsigned = await trx.selectFrom('record').select('id').where(subjectColumn(subject), '=', subject.id).where('signed_at', 'is', null).executeTakeFirst();
  return unsigned === undefined;
}

/**
 * Amending one record of a supervision whose other records are still being written or signed: the supervision
 * stays where it is (it is not signed), and the amendment is audited as the move would have been.
 */
export async function amendWithin(
  trx: Transaction<Database>,
  subject: RecordSubject,
  input: { actorId: string; at: Date; detail: Record<string, unknown> },
  move: () => Promise<boolean>,
): Promise<boolean> {
  if (subject.state === 'signed') return move();
  const state = await stateUnderLock(trx, subject);
  if (state !== 'open' && state !== 'recorded') return false;
  await writeAudit(trx, { at: input.at, actorId: input.actorId, action: 'record.amend', objectType: subject.type, objectId: subject.id, detail: input.detail });
  return true;
}

/**
 * "No more children": the supervision's children are all recorded. With a personal record to come, that is next;
 * otherwise the supervision is recorded (signed, if every child's record is signed already).
 */
export async function finishCases(context: FlowContext, actor: Actor, ids: SubjectIds): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const said = (title: MessageId, text: MessageId): FlowResult => ({
    view: { ...message(t(speech, title), t(speech, text, {}, { paragraphs: true })).view, speech },
  });
  const loaded = await loadSubject(context, ids, speech);
  if (!loaded) return said('common.somethingWrong', ids.sessionId ? 'record.unknownSession' : 'common.unknownRequest');
  if (loaded.recorderId !== actor.id) {
    await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: 'record.finish.refused', objectType: loaded.type, objectId: loaded.id });
    return said('common.notYoursToActOn', 'record.notYoursText');
  }
  const subject = await withCaseStep(context, loaded);
  const cases = caseStepOf(subject);
  if (subject.state !== 'open' || !cases) return said('record.alreadyRecordedTitle', 'record.alreadyRecordedText');
  if (cases.recorded.length === 0) return said('caseRecords.noChildTitle', 'caseRecords.noChildText');
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
  const facts = [{ title: t(speech, 'caseRecords.caseRecords'), value: cases.recorded.join(', ') }];
  const now = context.clock.now();
  if (cases.personal) {
    if (cases.step === 'case' && !(await context.db.transaction().execute((trx) => keepOpen(trx, subject, { personalNext: true, at: now }))))
      return said('record.changedTitle', 'caseRecords.changedText');
    return {
      view: {
        ...subject.statusView({
          title: t(speech, 'caseRecords.allTitle'),
          text: personalPrompt(cases, speech),
          facts,
          buttons: [{ title: t(speech, 'caseRecords.writePersonal'), verb: 'record.open' }],
        }),
        speech,
      },
    };
  }
  const moved = await context.db.transaction().execute(async (trx) =>
    subject.move(trx, {
      from: 'open',
      to: (await allRecordsSigned(trx, subject)) ? 'signed' : 'recorded',
      actorId: actor.id,
      at: now,
      detail: { cases: cases.recorded.length },
      audit: 'record.finish',
    }),
  );
  if (!moved) return said('record.changedTitle', 'caseRecords.changedText');
  return {
    view: {
      ...subject.statusView({
        title: t(speech, 'caseRecords.recordedTitle', { count: cases.recorded.length }),
        text: t(speech, 'caseRecords.recordedText', { name: practitioner.display_name }, { paragraphs: true }),
        facts,
        buttons: [],
      }),
      speech,
    },
  };
}
