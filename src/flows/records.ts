// Recording a supervision and signing it, of a trigger request or of a held scheduled session (see
// recordSubject.ts): the supervisor fills the pack's recording model (reviewing the actions agreed
// before, adding SMART actions), the practitioner agrees and signs, or signs with their disagreement
// recorded; a signed record never changes. Only the supervisor who accepted the request or held the
// session (for a group session, its recorder) may record, only the practitioner (the presenter) may sign.
import { randomUUID } from 'node:crypto';
import { writeAudit } from '../store/audit.js';
import { DateTime } from 'luxon';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { RecordField, RecordingModel, SupervisionKind } from '../domain/policy/schema.js';
import { recordDeadline, recordReminder, significantDeadlineOf } from '../domain/records/deadline.js';
import { caseReferenceIssue, normaliseCaseReference } from '../domain/triggers/raise.js';
import { caseReferenceProblemIn } from './checks.js';
import { caseFileText, fieldInputId, shownValue, writtenFields } from '../domain/records/recordForm.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, momentText, textParts, today } from './format.js';
import { notifyPerson } from './notify.js';
import { acceptTrigger } from './triggers.js';
import { downloadButton } from './readRecords.js';
import { inEach, languagesOf, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';
import { fieldHelpIn, fieldLabelIn, fieldProblemsIn, fieldPromptsIn, modelTitleIn } from './recordWords.js';
import { loadSubject, subjectOfRecord, type RecordSubject, type SubjectIds } from './recordSubject.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { namesIn, namesMessage, namesWarning, type NamesFound } from './namesInText.js';
import { previousValues, type LastValue } from './recordPrevious.js';
import { leaveGapText } from './leaveGap.js';
import { disagreementIntro, openDispute } from './disputes.js';
import { allRecordsSigned, amendWithin, anotherCaseToggle, casePart, caseTaken, keepOpen, keptView, withCaseStep } from './caseRecords.js';
import { caseRecordKey } from '../domain/records/perCase.js';

/** At most this many new actions on one record: the form shows one row, and one more each time Add another action is pressed. */
const MOST_ACTIONS = 3;
const ACTION_PARTS = ['what', 'owner', 'due'] as const;
const PREVIOUS_STATUSES = ['done', 'carried-forward', 'dropped'] as const;
/** A message card in a speech. */
const said = (speech: Speech, title: string, text: string): FlowResult => ({ view: { ...message(title, text).view, speech } });
const notYours = (speech: Speech) => said(speech, t(speech, 'common.notYoursToActOn'), t(speech, 'record.notYoursText', {}, { paragraphs: true }));
/** A forwarded or forged card: refused, and the refusal audited (who, which action, on what; ids only). */
async function refused(context: FlowContext, actor: Actor, action: string, objectType: string, objectId: string): Promise<FlowResult> {
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${action}.refused`, objectType, objectId });
  return notYours(speechOf(context.pack, actor));
}
const unknown = (ids: Partial<SubjectIds>, speech: Speech) =>
  said(speech, t(speech, 'common.somethingWrong'), t(speech, ids.sessionId ? 'record.unknownSession' : 'common.unknownRequest', {}, { paragraphs: true }));
const unknownRecord = (speech: Speech) => said(speech, t(speech, 'common.somethingWrong'), t(speech, 'record.unknownRecord', {}, { paragraphs: true }));
const alreadySigned = (speech: Speech) => said(speech, t(speech, 'record.alreadySignedTitle'), t(speech, 'record.alreadySignedText', {}, { paragraphs: true }));
/** "Refer to the local authority (Social Worker C, by Tue 24 Nov 2026)", each language its own date. */
const actionLine = (speech: Speech, action: { what: string; owner: string; due: string }) =>
  inEach(speech, (locale) => t(locale, 'record.actionLine', { what: action.what, owner: action.owner, day: dayText(parseIsoDate(action.due)!, locale) }));
/** The card's own keys, not what was written. */
const CARD_KEYS = ['requestId', 'sessionId', 'recordId', 'draft', 'amendReason', 'sendAnyway', 'actionRows', 'anotherCase'];

/** What the supervisor may record now: theirs, held (or accepted), in a kind the pack keeps a record of, not recorded yet. */
type Recordable = RecordSubject & { rule: NonNullable<RecordSubject['rule']>; model: RecordingModel };

async function loadForRecording(
  context: FlowContext,
  actor: Actor,
  ids: Partial<SubjectIds>,
  action: 'record.open' | 'record.save' | 'record.add-action',
): Promise<{ subject: Recordable } | { result: FlowResult }> {
  const speech = speechOf(context.pack, actor);
  const subject = await loadSubject(context, ids, speech);
  if (!subject) return { result: unknown(ids, speech) };
  if (subject.recorderId !== actor.id) return { result: await refused(context, actor, action, subject.type, subject.id) };
  if (subject.state === 'to-accept') {
    // "We have talked: record it": the supervisor talked without pressing Accept first.
    await acceptTrigger(context, actor, { requestId: subject.id });
    return loadForRecording(context, actor, ids, action);
  }
  if (subject.state !== 'open' || !subject.rule || !subject.model) {
    const closed = subject.closed ?? {
      title: t(speech, 'record.alreadyRecordedTitle'),
      text: t(speech, 'record.alreadyRecordedText', {}, { paragraphs: true }),
    };
    return { result: said(speech, closed.title, closed.text) };
  }
  // Recorded one record per child: the next child's record, or the personal record after them (caseRecords.ts).
  return { subject: (await withCaseStep(context, subject)) as Recordable };
}

type RecordViewState = {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  saved?: string;
  amending?: { recordId: string; reason: string };
  /** What looks like a name, found in what was written: the form offers "Send anyway". */
  namesFound?: string[];
  /** How many action rows were asked for (Add another action); rows already written in are shown anyway. */
  actionRows?: number;
  /** The Draft and Send anyway ticks, as they were when Add another action was pressed. */
  draft?: boolean;
  sendAnyway?: boolean;
};

/** The rows to show: at least one, every row written in or marked wrong, as many as asked for, never more than MOST_ACTIONS. */
function actionRowCount(values: Record<string, string>, errors: Record<string, string>, asked = 1): number {
  let rows = Math.max(1, asked);
  for (let number = 1; number <= MOST_ACTIONS; number += 1) {
    const written = ACTION_PARTS.some((part) => (values[`action.${number}.${part}`] ?? '').trim() !== '');
    if (written || errors[`action.${number}.what`]) rows = Math.max(rows, number);
  }
  return Math.min(rows, MOST_ACTIONS);
}

/** Who may lead a new action: whoever was there (a group: everyone who attended), the practitioner first. */
async function leadsOf(context: FlowContext, subject: RecordSubject): Promise<{ id: string; display_name: string }[]> {
  const ids = await subject.present(context.db);
  const people = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return ids.flatMap((id) => people.filter((person) => person.id === id));
}

/** "Add another action": the form again with one more action row, and everything typed kept in it. */
export async function addActionRow(context: FlowContext, actor: Actor, input: SubjectIds & Record<string, string>): Promise<FlowResult> {
  const loaded = await loadForRecording(context, actor, input, 'record.add-action');
  if ('result' in loaded) return loaded.result;
  const { subject } = loaded;
  const shown = Number.parseInt(input.actionRows ?? '', 10);
  const values = writtenValues(input);
  // The ticks are kept too: Draft, and Send anyway with the warning it answers, while the text still has those names.
  const ticks: RecordViewState = { draft: input.draft === 'true' };
  if (input.sendAnyway !== undefined) {
    const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
    const { namesFound } = await namesInRecord(context, actor, {
      model: subject.model,
      values,
      practitioner: practitioner.display_name,
      sendAnyway: 'false',
      errors: {},
    });
    if (namesFound) Object.assign(ticks, { namesFound, sendAnyway: input.sendAnyway === 'true' });
  }
  return recordView(context, actor, subject, { values, ...ticks, actionRows: (Number.isFinite(shown) ? shown : 1) + 1 });
}

export async function openRecord(context: FlowContext, actor: Actor, input: Partial<SubjectIds>, state: RecordViewState = {}): Promise<FlowResult> {
  const loaded = await loadForRecording(context, actor, input, 'record.open');
  if ('result' in loaded) return loaded.result;
  return recordView(context, actor, loaded.subject, state);
}

async function recordView(context: FlowContext, actor: Actor, subject: Recordable, state: RecordViewState): Promise<FlowResult> {
  const { model, significantByDefault, kind, speech } = subject;
  const significantRule = significantDeadlineOf(context.pack, kind);
  const practitioner = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
  const values = state.values ?? (await subject.latestDraft(context.db)) ?? {};
  const errors = state.errors ?? {};
  // An amendment changes what was written; actions have their own lives once agreed.
  const previousActions = state.amending ? [] : await subject.previousActions(context.db);
  const caseKnown = caseOf(context, subject, values);
  const previous = await previousValues(context.db, context.calendar, model, caseKnown, subject.id);
  // A leave gap since the last session record, where the model has a place for it (Islington).
  const leaveGap =
    !state.amending && model.fields.some((field) => field.showsLeaveGap) ? await leaveGapText(context, context.db, subject.practitionerId, subject.id) : '';
  const { system, example } = context.pack.caseReference;
  // One deadline on the form: the one in force as the significance box stands (the request's own, as stored).
  const due = deadlineOf(context, subject, (values.significant ?? String(significantByDefault)) === 'true');
  const rows = state.amending ? 0 : actionRowCount(values, errors, state.actionRows);
  const leads = await leadsOf(context, subject);
  return {
    view: {
      card: 'record',
      speech,
      data: {
        ...subject.ids,
        title: t(speech, 'record.title', { model: modelTitleIn(model, speech) }),
        facts: [
          ...subject.leadFacts,
          { title: t(speech, 'record.factPractitioner'), value: practitioner.display_name },
          ...subject.whatFacts,
          { title: t(speech, 'record.factDue'), value: `${momentText(due.due.toJSDate(), context.calendar, speech)} (${due.rule})` },
        ],
        caseReference: {
          ask: subject.asksCaseReference && !state.amending,
          label: t(speech, 'record.caseReferenceLabel', { system }),
          example,
          value: values.caseReference ?? '',
          error: errors.caseReference ?? '',
        },
        saved: state.saved ?? '',
        previous: previousActions.map((action) => ({
          inputId: `prev.${action.id}`,
          reasonId: `prevReason.${action.id}`,
          what: actionLine(speech, { what: action.description, owner: action.owner, due: action.due_on }),
          status: values[`prev.${action.id}`] ?? '',
          reason: values[`prevReason.${action.id}`] ?? '',
          error: errors[`prev.${action.id}`] ?? '',
        })),
        previousChoices: [
          { title: t(speech, 'action.done'), value: 'done' },
          { title: t(speech, 'record.carriedForward'), value: 'carried-forward' },
          { title: t(speech, 'record.dropped'), value: 'dropped' },
        ],
        fields: writtenFields(model).map((field) => ({
          inputId: fieldInputId(field),
          kind: field.type === 'scale' ? 'number' : field.type === 'choice' || field.type === 'yes-no' ? 'choice' : field.type === 'date' ? 'date' : 'text',
          label: fieldLabelIn(field, speech, field.required === false && !field.requiredWhen),
          help: fieldHelpIn(field, speech),
          multiline: field.type !== 'text',
          min: field.min ?? 0,
          max: field.max ?? 10,
          options:
            field.type === 'yes-no'
              ? [
                  { title: t(speech, 'record.yes'), value: 'yes' },
                  { title: t(speech, 'record.no'), value: 'no' },
                ]
              : (field.options ?? []).map((option) => ({ title: option, value: option })),
          // Several answers as ticks (Slack takes at most 10 ticks; more would be a list to pick from).
          multiple: field.multiple === true,
          choiceStyle: field.multiple && (field.options ?? []).length <= MOST_TICKS ? 'expanded' : 'compact',
          // The last record's value where this field shows it (previous safety scale), unless something is written.
          value: inputValue(
            field,
            values[fieldInputId(field)] || (state.amending ? '' : (previous.get(fieldInputId(field))?.value ?? (field.showsLeaveGap ? leaveGap : ''))),
          ),
          previousNote: field.showsPrevious === undefined || state.amending ? '' : previousNote(previous.get(fieldInputId(field)), caseKnown, speech),
          ...promptsOf(field, speech),
          error: errors[fieldInputId(field)] ?? '',
        })),
        actionPlan: state.amending
          ? []
          : model.fields
              .filter((field) => field.type === 'actions' && (field.prompts ?? []).length > 0)
              .map((field) => ({ label: fieldLabelIn(field, speech), ...promptsOf(field, speech) })),
        amending: state.amending !== undefined,
        amendReason: state.amending?.reason ?? '',
        amendReasonError: errors.amendReason ?? '',
        saveVerb: state.amending ? 'record.amend' : 'record.save',
        recordId: state.amending?.recordId ?? '',
        actionRows: Array.from({ length: rows }, (_, index) => {
          const number = index + 1;
          return {
            number,
            whatId: `action.${number}.what`,
            ownerId: `action.${number}.owner`,
            dueId: `action.${number}.due`,
            what: values[`action.${number}.what`] ?? '',
            owner: values[`action.${number}.owner`] ?? '',
            due: values[`action.${number}.due`] ?? '',
            error: errors[`action.${number}.what`] ?? '',
          };
        }),
        // Add another action comes back with what was typed (a round trip: the same on Teams and Slack).
        canAddAction: !state.amending && rows < MOST_ACTIONS,
        actionRowsShown: String(rows),
        owners: leads.map((person) => ({ title: person.display_name, value: person.id })),
        draft: String(state.draft === true),
        sendAnyway: String(state.sendAnyway === true),
        // Short, in the first language alone: Slack allows 75 characters in a checkbox. The date is the Record due above, not a second one.
        significantLabel: significantRule
          ? t(languagesOf(speech)[0]!, significantRule.type === 'duration' ? 'record.significantWithin' : 'record.significantBy', {
              rule: significantRule.text,
            })
          : t(languagesOf(speech)[0]!, 'record.significantPlain'),
        significant: values.significant ?? String(significantByDefault),
        namesFound: state.namesFound !== undefined,
        namesWarning: state.namesFound ? namesWarning(state.namesFound) : '',
        anotherCase: anotherCaseToggle(subject, values, state.amending !== undefined),
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/** A stage's prompts (Cafcass appendix 3): a few shown under the field, a longer list folded behind "Show all". */
const PROMPTS_SHOWN = 3;
/** Slack shows at most 10 options as ticks. */
const MOST_TICKS = 10;

function promptsOf(field: RecordField, speech: Speech): { prompts: string; foldedPrompts: string; foldTitle: string } {
  const prompts = fieldPromptsIn(field, speech);
  const list = prompts.map((prompt) => `- ${prompt}`).join('\n');
  return prompts.length > PROMPTS_SHOWN
    ? { prompts: '', foldedPrompts: list, foldTitle: t(speech, 'record.showAllPrompts', { count: prompts.length }) }
    : { prompts: list, foldedPrompts: '', foldTitle: '' };
}

/** A number input takes a number (Teams and Slack refuse the text "6"); anything else, the text. */
function inputValue(field: RecordField, value: string): string | number {
  return field.type === 'scale' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** Under a field that shows the last record's value: what it was and when, or where it will come from. */
function previousNote(last: LastValue | undefined, caseKnown: string | null, speech: Speech): string {
  if (last) return inEach(speech, (locale) => t(locale, 'record.lastTime', { value: last.value, on: dayText(last.day, locale) }), { paragraphs: true });
  return t(speech, caseKnown ? 'record.noEarlier' : 'record.filledFromLast', {}, { paragraphs: true });
}

/** The case the record is of, as far as it is known: the request's or group's own, or the one typed on the card, once it is a case reference. */
function caseOf(context: FlowContext, subject: RecordSubject, values: Record<string, string>): string | null {
  if (!subject.asksCaseReference) return subject.caseReference;
  const typed = values.caseReference ?? '';
  return typed && !caseReferenceIssue(context.pack, typed) ? normaliseCaseReference(context.pack, typed) : null;
}

/**
 * A record, or an amendment, goes to the practitioner's chat: what looks like a child's name in it comes back
 * first, by its field, unless "Send anyway" was ticked. Only what was typed is looked at: a choice's option or a
 * date is the pack's, not the supervisor's words. Looked for once nothing else is wrong.
 */
async function namesInRecord(
  context: FlowContext,
  actor: Actor,
  input: { model: RecordingModel; values: Record<string, string>; practitioner: string; sendAnyway: string | undefined; errors: Record<string, string> },
): Promise<{ named?: NamesFound; namesFound?: string[] }> {
  if (Object.keys(input.errors).length > 0) return {};
  const typed = new Set(
    writtenFields(input.model)
      .filter((field) => field.type === 'text' || field.type === 'long-text' || field.type === 'list')
      .map(fieldInputId),
  );
  const written = Object.fromEntries(
    Object.entries(input.values).filter(([key]) => typed.has(key) || /^(action\.\d+\.what|prevReason\.|amendReason$)/.test(key)),
  );
  const named = await namesIn(context, actor, written, [input.practitioner]);
  if (!named) return {};
  if (input.sendAnyway === 'true') return { named };
  for (const [field, names] of Object.entries(named.byField)) input.errors[field] = namesMessage(names);
  return { namesFound: Object.values(named.byField).flat() };
}

/** The record's one deadline, as the form shows it, the saved record keeps it, and reminders and notices give it. */
function deadlineOf(context: FlowContext, subject: Recordable, significant: boolean) {
  const zone = context.calendar.zone;
  return recordDeadline({
    pack: context.pack,
    calendar: context.calendar,
    kind: subject.kind,
    at: DateTime.fromJSDate(subject.heldAt).setZone(zone),
    endedAt: DateTime.fromJSDate(subject.endedAt).setZone(zone),
    significant,
  });
}

/** What the card submitted that was written (the fields, actions, case reference, significance), without the card's own keys. */
const writtenValues = (input: Record<string, string>) => Object.fromEntries(Object.entries(input).filter(([key]) => !CARD_KEYS.includes(key)));

export async function saveRecord(context: FlowContext, actor: Actor, input: SubjectIds & Record<string, string>): Promise<FlowResult> {
  const loaded = await loadForRecording(context, actor, input, 'record.save');
  if ('result' in loaded) return loaded.result;
  const { subject } = loaded;
  const { rule, model, speech } = subject;
  const values: Record<string, string> = writtenValues(input);
  if (input.draft === 'true') {
    const now = context.clock.now();
    // The deadline as the draft's box stands is the one reminders give from now on.
    const due = deadlineOf(context, subject, (values.significant ?? String(subject.significantByDefault)) === 'true').due;
    const remindAt = recordReminder({ from: DateTime.fromJSDate(now), due, calendar: context.calendar }).toJSDate();
    await context.db.transaction().execute((trx) => subject.saveDraft(trx, { actorId: actor.id, values, at: now, due: { dueAt: due.toJSDate(), remindAt } }));
    return openRecord(context, actor, subject.ids, {
      values,
      saved: inEach(speech, (locale) => t(locale, 'record.draftSaved', { when: momentText(now, context.calendar, locale) }), { paragraphs: true }),
    });
  }
  const { caseReference: typedReference = '', ...asWritten } = values;
  // A field that shows the last record's value, left empty, takes it (the card says so).
  const last = await previousValues(context.db, context.calendar, model, caseOf(context, subject, values), subject.id);
  const content = {
    ...asWritten,
    ...Object.fromEntries([...last].filter(([inputId]) => !(asWritten[inputId] ?? '').trim()).map(([inputId, { value }]) => [inputId, value])),
  };
  const errors = fieldProblemsIn(model, content, speech);
  if (subject.asksCaseReference) {
    const problem = caseReferenceProblemIn(speech, context.pack, typedReference);
    if (problem) errors.caseReference = problem;
  }
  const caseReference = subject.asksCaseReference ? normaliseCaseReference(context.pack, typedReference) : subject.caseReference;
  const taken = errors.caseReference ? undefined : caseTaken(subject, caseReference);
  if (taken) errors.caseReference = taken;
  const previous = await subject.previousActions(context.db);
  for (const action of previous) {
    const status = values[`prev.${action.id}`] ?? '';
    if (!PREVIOUS_STATUSES.includes(status as never)) errors[`prev.${action.id}`] = t(speech, 'record.markPrevious');
    else if (status !== 'done' && !(values[`prevReason.${action.id}`] ?? '').trim()) errors[`prev.${action.id}`] = t(speech, 'record.giveReason');
  }
  const practitioner = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
  // Re-authorised: a lead must be someone who was there, whatever the card sent.
  const owners = new Map((await leadsOf(context, subject)).map((person) => [person.id, person.display_name]));
  const now = context.clock.now();
  const tomorrow = today(now, context.calendar) + 1;
  const actions: { what: string; owner: string; due: string }[] = [];
  for (let number = 1; number <= MOST_ACTIONS; number += 1) {
    const what = (values[`action.${number}.what`] ?? '').trim();
    const owner = values[`action.${number}.owner`] ?? '';
    const due = values[`action.${number}.due`] ?? '';
    if (!what && !owner && !due) continue;
    const dueDay = parseIsoDate(due);
    if (!what || !owner || dueDay === undefined) errors[`action.${number}.what`] = t(speech, 'record.actionIncomplete', { number });
    else if (!owners.has(owner)) errors[`action.${number}.what`] = t(speech, 'record.actionLead', { number });
    else if (dueDay < tomorrow || !context.calendar.isWorkingDay(dueDay)) errors[`action.${number}.what`] = t(speech, 'record.actionWorkingDay', { number });
    else actions.push({ what, owner, due });
  }
  // Only where the pack's model asks for actions: Cymru 2.2 records actions "if relevant" (required: false).
  const actionsRequired = model.fields.find((field) => field.type === 'actions')?.required !== false;
  if (actionsRequired && actions.length === 0 && !errors['action.1.what']) errors['action.1.what'] = t(speech, 'record.actionRequired');
  const { named, namesFound } = await namesInRecord(context, actor, {
    model,
    values,
    practitioner: practitioner.display_name,
    sendAnyway: input.sendAnyway,
    errors,
  });
  if (Object.keys(errors).length > 0) return openRecord(context, actor, subject.ids, { values, errors, ...(namesFound ? { namesFound } : {}) });

  const significant = values.significant === 'true';
  const held = DateTime.fromJSDate(subject.heldAt).setZone(context.calendar.zone);
  const deadline = deadlineOf(context, subject, significant);
  const recordId = randomUUID();
  const about = subject.about(caseReference);
  // One record per child: this child's record, with the supervision kept open for the next (or the personal record).
  const part = casePart(subject, input.anotherCase === 'true');
  let combined: { sessionId: string; title: string }[] = [];
  const saved = await context.db.transaction().execute(async (trx) => {
    const moved = part.keepsOpen
      ? await keepOpen(trx, subject, { personalNext: part.personalNext, at: now })
      : await subject.move(trx, { from: 'open', to: 'recorded', actorId: actor.id, at: now, detail: { recordId } });
    if (!moved) return false;
    await trx
      .insertInto('record')
      .values({
        id: recordId,
        record_key: part.keepsOpen ? caseRecordKey(subject.id, caseReference!) : subject.id,
        version_no: 1,
        session_id: subject.ids.sessionId || null,
        trigger_request_id: subject.ids.requestId || null,
        supervisee_id: subject.practitionerId,
        author_id: actor.id,
        model: rule.model,
        stored_on: rule.storedOn,
        case_reference: caseReference,
        content: JSON.stringify({ values: content, significant, heldAt: held.toISO() }),
        due_at: deadline.due.toJSDate(),
        created_at: now,
      })
      .execute();
    for (const action of actions) {
      await trx
        .insertInto('action_item')
        .values({
          id: randomUUID(),
          record_id: recordId,
          owner_id: action.owner,
          case_reference: caseReference,
          description: action.what,
          due_on: action.due,
          status: 'open',
          updated_at: now,
        })
        .execute();
    }
    for (const action of previous) {
      // Only an action still open: one its owner closed meanwhile (Done) stays as they left it.
      const reviewed = await trx
        .updateTable('action_item')
        .set((set) => ({
          status: values[`prev.${action.id}`] as (typeof PREVIOUS_STATUSES)[number],
          status_reason: values[`prevReason.${action.id}`] || null,
          version: set('version', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', action.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      // Closed, so an unanswered ask for more time has nothing left to move.
      if (Number(reviewed.numUpdatedRows) === 1)
        await trx.updateTable('action_extension').set({ state: 'withdrawn' }).where('action_id', '=', action.id).where('state', '=', 'asked').execute();
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'record.write',
      objectType: 'record',
      objectId: recordId,
      // Which fields went with what looked like a name, after the warning: never the words.
      detail: { significant, ...(named ? { sentAnywayWithNamesIn: Object.keys(named.byField) } : {}) },
    });
    // Cafcass Cymru 2.13: a meeting that combined another kind (a PRD in a PSM) is recorded on that kind's template too.
    if (!part.keepsOpen) combined = await openCombined(trx, context, subject, content, now);
    // The practitioner reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, subject.practitionerId);
    await notifyPerson(trx, {
      personId: subject.practitionerId,
      key: `record:${recordId}:sign`,
      now,
      text: inEach(theirs, (locale) => t(locale, 'record.readyToSign', { about: subject.about(caseReference, locale).for })),
      view: signView(recordId, theirs, {
        values: content,
        actions: actions.map((action) => ({ ...action, owner: owners.get(action.owner)! })),
        author: actor.display_name,
        onIn: (locale) => subject.about(caseReference, locale).on,
        model,
      }),
    });
    return true;
  });
  if (!saved) return said(speech, t(speech, 'record.alreadyRecordedTitle'), t(speech, 'record.recordedMomentAgo', {}, { paragraphs: true }));
  if (part.keepsOpen) return keptView(subject, { caseReference: caseReference!, practitioner: practitioner.display_name, personalNext: part.personalNext });
  const [first, ...others] = combined;
  if (first)
    return openRecord(
      context,
      actor,
      { requestId: '', sessionId: first.sessionId },
      {
        saved: inEach(
          speech,
          (locale) =>
            t(locale, 'record.combinedSent', { title: subject.title, name: practitioner.display_name, first: first.title }) +
            others.map((other) => t(locale, 'record.combinedAlso', { other: other.title })).join(''),
          { paragraphs: true },
        ),
      },
    );
  return {
    view: {
      ...subject.statusView({
        // A group's presenter may record their own case's discussion (Bexley): then they sign it too.
        title: practitioner.id === actor.id ? t(speech, 'record.recordedSignIt') : t(speech, 'record.sentToSign', { name: practitioner.display_name }),
        text: inEach(
          speech,
          (locale) =>
            t(locale, practitioner.id === actor.id ? 'record.dueSignOwn' : 'record.dueSignOther', {
              when: momentText(deadline.due.toJSDate(), context.calendar, locale),
              rule: deadline.rule,
              name: practitioner.display_name,
            }),
          { paragraphs: true },
        ),
        facts: [
          ...about.facts,
          ...actions.map((action, index) => ({
            title: t(speech, 'record.actionNumber', { number: index + 1 }),
            value: actionLine(speech, { ...action, owner: owners.get(action.owner)! }),
          })),
        ],
        buttons: [],
      }),
      speech,
    },
  };
}

function signView(
  recordId: string,
  speech: Speech,
  record: {
    values: Record<string, string>;
    actions: { what: string; owner: string; due: string }[];
    author: string;
    /** "case CF-204518", or the day of a session with no case reference, in a language. */
    onIn: (locale: Locale) => string;
    model: RecordingModel;
  },
) {
  return {
    card: 'record-sign' as const,
    speech,
    data: {
      recordId,
      title: t(speech, 'recordSign.title'),
      intro: inEach(speech, (locale) => t(locale, 'recordSign.intro', { author: record.author, on: record.onIn(locale) }), { paragraphs: true }),
      sections: [
        ...writtenFields(record.model)
          .filter((field) => (record.values[fieldInputId(field)] ?? '').trim())
          .map((field) => ({ title: fieldLabelIn(field, speech), value: shownValue(field, record.values[fieldInputId(field)]!) })),
        ...record.actions.map((action) => ({ title: t(speech, 'recordSign.action'), value: actionLine(speech, action) })),
      ],
      buttons: [
        { title: t(speech, 'recordSign.agree'), verb: 'record.sign' },
        { title: t(speech, 'recordSign.disagree'), verb: 'record.disagree' },
      ],
    },
  };
}

export async function disagreeForm(
  context: FlowContext,
  actor: Actor,
  input: { recordId: string },
  state: { comment?: string; error?: string } = {},
): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  if (!record) return unknownRecord(speech);
  if (record.supervisee_id !== actor.id) return refused(context, actor, 'record.disagree', 'record', record.id);
  if (record.signed_at) return alreadySigned(speech);
  const { kind } = await subjectOfRecord(context, record);
  return {
    view: {
      card: 'record-disagree',
      speech,
      data: {
        recordId: record.id,
        // What signing with a disagreement does (signRecord, openDispute): who is told, and when.
        intro: await disagreementIntro(context, record, kind, speech),
        comment: state.comment ?? '',
        error: state.error ?? '',
      },
    },
    ...(state.error ? { fieldErrors: { comment: state.error } } : {}),
  };
}

export async function signRecord(context: FlowContext, actor: Actor, input: { recordId: string; comment?: string }, disagree = false): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  if (!record) return unknownRecord(speech);
  if (record.supervisee_id !== actor.id) return refused(context, actor, 'record.sign', 'record', record.id);
  if (record.signed_at) return alreadySigned(speech);
  const comment = (input.comment ?? '').trim();
  if (disagree && !comment) return disagreeForm(context, actor, { recordId: record.id }, { error: t(speech, 'recordDisagree.required') });
  const now = context.clock.now();
  const content = record.content as { values: Record<string, string>; heldAt: string; amendment?: { author: string; reason: string } };
  const subject = await subjectOfRecord(context, record, speech);
  const { title, kind } = subject;
  const model = entryOf(context.pack.recordingModels, record.model)!;
  const about = subject.about(record.case_reference);
  const author = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', record.author_id).executeTakeFirstOrThrow();
  const actions = await context.db
    .selectFrom('action_item')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .select(['action_item.description', 'action_item.due_on', 'person.display_name'])
    .where('record_id', '=', record.id)
    .execute();
  const signed = await context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('record')
      .set({
        signed_at: now,
        signed_by: JSON.stringify([record.author_id, actor.id]),
        content: JSON.stringify({ ...content, ...(disagree ? { disagreement: comment } : {}) }),
      })
      .where('id', '=', record.id)
      .where('signed_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    // A supervision recorded one record per child is signed when the last of its records is.
    if (await allRecordsSigned(trx, subject))
      await subject.move(trx, { from: 'recorded', to: 'signed', actorId: actor.id, at: now, detail: { disagreement: disagree } });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: disagree ? 'record.sign-with-disagreement' : 'record.sign',
      objectType: 'record',
      objectId: record.id,
    });
    const text = caseFileText({
      heading: model.caseFileHeading ?? `${context.pack.caseReference.system} supervision record`,
      caseReference: record.case_reference ?? '',
      trigger: title,
      heldOn: momentText(new Date(content.heldAt), context.calendar),
      supervisor: author.display_name,
      practitioner: actor.display_name,
      model,
      values: content.values,
      previous: [],
      actions: actions.map((action) => ({ what: action.description, owner: action.display_name, due: dayText(parseIsoDate(action.due_on)!) })),
      ...(disagree ? { disagreement: comment } : {}),
      ...(content.amendment ? { amendment: { version: record.version_no, author: content.amendment.author, reason: content.amendment.reason } } : {}),
    });
    const forCaseFile = record.stored_on !== 'personal-record';
    // The supervisor reads the card in their own language; the case-file text is in the record language.
    const theirs = await speechOfPerson(trx, context.pack, record.author_id);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: record.author_id,
      key: `record:${record.id}:signed`,
      now,
      text: inEach(theirs, (locale) => t(locale, 'caseFile.notice', { name, about: subject.about(record.case_reference, locale).for })),
      view: forCaseFile
        ? {
            card: 'case-file',
            speech: theirs,
            data: {
              title: t(theirs, disagree ? 'caseFile.titleDisagreement' : 'caseFile.title', { name }),
              intro: t(
                theirs,
                'caseFile.intro',
                { system: context.pack.caseReference.system, caseReference: record.case_reference ?? '' },
                { paragraphs: true },
              ),
              text,
              parts: textParts(text),
              ...subject.ids,
              recordId: record.id,
              buttons: [{ title: t(theirs, 'caseFile.amend'), verb: 'record.amend-form' }, downloadButton(theirs)],
            },
          }
        : {
            ...subject.statusView({
              title: t(theirs, disagree ? 'record.signedPersonalTitleDisagreement' : 'record.signedPersonalTitle', { name }),
              text: t(theirs, 'record.signedPersonalText', {}, { paragraphs: true }),
              facts: [],
              buttons: [],
            }),
            speech: theirs,
          },
    });
    // Who is told of the disagreement, and whether the two try to resolve it first (disputes.ts).
    return disagree
      ? ((await openDispute(trx, context, {
          record,
          kind,
          practitioner: actor,
          author,
          comment,
          aboutIn: (said) => subject.about(record.case_reference, said),
          now,
        })) ?? true)
      : true;
  });
  if (typeof signed === 'object') return { view: signed };
  if (!signed) return alreadySigned(speech);
  return {
    view: {
      ...subject.statusView({
        title: t(speech, 'record.signedTitle'),
        text: t(speech, disagree ? 'record.signedDisagreeText' : 'record.signedText', {}, { paragraphs: true }),
        facts: about.facts,
        buttons: [],
      }),
      speech,
    },
  };
}

async function loadForAmending(
  context: FlowContext,
  actor: Actor,
  input: Partial<SubjectIds> & { recordId: string },
  action: 'record.amend-form' | 'record.amend',
) {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  // The card names what the record is of; it must be what the record says it is of.
  const sameSubject = record && (record.trigger_request_id ?? '') === (input.requestId ?? '') && (record.session_id ?? '') === (input.sessionId ?? '');
  if (!record || !sameSubject) return { result: unknownRecord(speech) };
  if (record.author_id !== actor.id) return { result: await refused(context, actor, action, 'record', record.id) };
  const latest = await context.db
    .selectFrom('record')
    .select(['id', 'version_no'])
    .where('record_key', '=', record.record_key)
    .orderBy('version_no', 'desc')
    .executeTakeFirstOrThrow();
  if (latest.id !== record.id) return { result: said(speech, t(speech, 'record.newerTitle'), t(speech, 'record.newerText', {}, { paragraphs: true })) };
  if (!record.signed_at) return { result: said(speech, t(speech, 'record.notSignedTitle'), t(speech, 'record.notSignedText', {}, { paragraphs: true })) };
  const subject = await subjectOfRecord(context, record, speech);
  const model = entryOf(context.pack.recordingModels, record.model)!;
  return { record, subject: { ...subject, rule: { ...subject.rule!, model: record.model, storedOn: record.stored_on }, model } as Recordable };
}

/** A signed record never changes: an amendment is a new version, with its author and reason, signed again. */
export async function amendForm(context: FlowContext, actor: Actor, input: Partial<SubjectIds> & { recordId: string }): Promise<FlowResult> {
  const loaded = await loadForAmending(context, actor, input, 'record.amend-form');
  if ('result' in loaded) return loaded.result!;
  const content = loaded.record.content as { values: Record<string, string> };
  return recordView(context, actor, loaded.subject, { values: content.values, amending: { recordId: loaded.record.id, reason: '' } });
}

export async function amendRecord(context: FlowContext, actor: Actor, input: SubjectIds & Record<string, string>): Promise<FlowResult> {
  const loaded = await loadForAmending(context, actor, { ...input, recordId: input.recordId ?? '' }, 'record.amend');
  if ('result' in loaded) return loaded.result!;
  const { record, subject } = loaded;
  const { model, speech } = subject;
  const { caseReference: _ignored, ...values } = writtenValues(input);
  const reason = (input.amendReason ?? '').trim();
  const errors = fieldProblemsIn(model, values, speech);
  if (!reason) errors.amendReason = t(speech, 'record.amendReasonRequired');
  // The amendment and its reason go to the practitioner's chat too: the same check for names as a record's.
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', record.supervisee_id).executeTakeFirstOrThrow();
  const { named, namesFound } = await namesInRecord(context, actor, {
    model,
    values: { ...values, amendReason: reason },
    practitioner: practitioner.display_name,
    sendAnyway: input.sendAnyway,
    errors,
  });
  if (Object.keys(errors).length > 0)
    return recordView(context, actor, subject, { values, errors, amending: { recordId: record.id, reason }, ...(namesFound ? { namesFound } : {}) });
  const now = context.clock.now();
  const newId = randomUUID();
  const author = actor.display_name;
  const previousContent = record.content as { heldAt: string; significant?: boolean };
  const about = subject.about(record.case_reference);
  const done = await context.db.transaction().execute(async (trx) => {
    const detail = { recordId: newId, amends: record.id };
    // Its other records still being written or signed, the supervision stays as it is (caseRecords.ts).
    const moved = await amendWithin(trx, subject, { actorId: actor.id, at: now, detail }, () =>
      subject.move(trx, { from: 'signed', to: 'recorded', actorId: actor.id, at: now, detail }),
    );
    if (!moved) return false;
    await trx
      .insertInto('record')
      .values({
        id: newId,
        record_key: record.record_key,
        version_no: record.version_no + 1,
        session_id: record.session_id,
        trigger_request_id: record.trigger_request_id,
        supervisee_id: record.supervisee_id,
        author_id: actor.id,
        model: record.model,
        stored_on: record.stored_on,
        case_reference: record.case_reference,
        content: JSON.stringify({
          values,
          significant: previousContent.significant ?? false,
          heldAt: previousContent.heldAt,
          amendment: { reason, author, amends: record.id, at: now.toISOString() },
        }),
        due_at: null,
        created_at: now,
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'record.amend',
      objectType: 'record',
      objectId: newId,
      // Which fields went with what looked like a name, after the warning: never the words.
      detail: { amends: record.id, ...(named ? { sentAnywayWithNamesIn: Object.keys(named.byField) } : {}) },
    });
    const actions = await trx
      .selectFrom('action_item')
      .innerJoin('person', 'person.id', 'action_item.owner_id')
      .select(['action_item.description', 'action_item.due_on', 'person.display_name'])
      .where('record_id', '=', record.id)
      .execute();
    // The practitioner reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, record.supervisee_id);
    const theirAbout = (locale: Locale) => subject.about(record.case_reference, locale);
    const view = signView(newId, theirs, {
      values,
      actions: actions.map((action) => ({ what: action.description, owner: action.display_name, due: action.due_on })),
      author,
      onIn: (locale) => theirAbout(locale).on,
      model,
    });
    view.data.intro = inEach(
      theirs,
      (locale) => t(locale, 'recordSign.amendedIntro', { author, on: theirAbout(locale).on, version: record.version_no + 1, reason }),
      { paragraphs: true },
    );
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record:${newId}:sign`,
      now,
      text: inEach(theirs, (locale) => t(locale, 'recordSign.amendedNotice', { about: theirAbout(locale).for })),
      view,
    });
    return true;
  });
  if (!done) return said(speech, t(speech, 'record.changedTitle'), t(speech, 'record.changedText', {}, { paragraphs: true }));
  return {
    view: {
      ...subject.statusView({
        title: t(speech, 'record.amendSentTitle'),
        text: t(speech, 'record.amendSentText', { newVersion: record.version_no + 1, oldVersion: record.version_no }, { paragraphs: true }),
        facts: about.facts,
        buttons: [],
      }),
      speech,
    },
  };
}

/**
 * A held session's record that says another kind was combined with it (a field with `opensRecordOf`, answered yes):
 * that kind's session of the same meeting, held, so its own record is written on its own model (Cafcass Cymru 2.13:
 * a PSM that combined a PRD is recorded separately on the PRD template). Within the save's transaction, so once.
 */
async function openCombined(
  trx: Transaction<Database>,
  context: FlowContext,
  subject: Recordable,
  content: Record<string, string>,
  now: Date,
): Promise<{ sessionId: string; title: string }[]> {
  if (subject.type !== 'supervision_session') return [];
  const opened = [];
  // Each field answered yes (Cafcass Cymru: the PSM's cases discussed, and a PRD combined with it), in the model's order.
  for (const field of subject.model.fields)
    if (field.opensRecordOf && content[fieldInputId(field)] === 'yes') {
      const one = await openCombinedKind(trx, context, subject, field.opensRecordOf, now);
      if (one) opened.push(one);
    }
  return opened;
}

async function openCombinedKind(
  trx: Transaction<Database>,
  context: FlowContext,
  subject: Recordable,
  kind: SupervisionKind,
  now: Date,
): Promise<{ sessionId: string; title: string } | undefined> {
  const kindRule = entryOf(context.pack.kinds, kind);
  if (!kindRule?.record) return undefined;
  const session = await trx.selectFrom('supervision_session').selectAll().where('id', '=', subject.id).executeTakeFirstOrThrow();
  const startsAt = DateTime.fromJSDate(session.starts_at).setZone(context.calendar.zone);
  const due = recordDeadline({
    pack: context.pack,
    calendar: context.calendar,
    kind,
    at: startsAt,
    endedAt: startsAt.plus({ minutes: session.duration_minutes }),
  }).due;
  const sessionId = randomUUID();
  await trx
    .insertInto('supervision_session')
    .values({
      id: sessionId,
      organisation_id: session.organisation_id,
      kind,
      supervisee_id: session.supervisee_id,
      supervisor_id: session.supervisor_id,
      team_id: session.team_id,
      trigger_request_id: null,
      starts_at: session.starts_at,
      duration_minutes: session.duration_minutes,
      status: 'held',
      status_reason: null,
      booked_by: subject.recorderId,
      record_due_at: due.toJSDate(),
      record_remind_at: recordReminder({ from: DateTime.fromJSDate(now), due, calendar: context.calendar }).toJSDate(),
      updated_at: now,
    })
    .execute();
  await writeAudit(trx, {
    at: now,
    actorId: subject.recorderId,
    action: 'session.combined',
    objectType: 'supervision_session',
    objectId: sessionId,
    detail: { with: subject.id },
  });
  return { sessionId, title: kindRule.title };
}
