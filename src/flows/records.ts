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
import { caseReferenceProblem, normaliseCaseReference } from '../domain/triggers/raise.js';
import { caseFileText, checkFields, fieldInputId, shownValue, writtenFields } from '../domain/records/recordForm.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, momentText, textParts, today } from './format.js';
import { notifyPerson } from './notify.js';
import { acceptTrigger } from './triggers.js';
import { DOWNLOAD_BUTTON } from './readRecords.js';
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
const notYours = () => message("This isn't yours to act on", 'This belongs to someone else. Nothing was changed.');
/** A forwarded or forged card: refused, and the refusal audited (who, which action, on what; ids only). */
async function refused(context: FlowContext, actor: Actor, action: string, objectType: string, objectId: string): Promise<FlowResult> {
  await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${action}.refused`, objectType, objectId });
  return notYours();
}
const unknown = (ids: Partial<SubjectIds>) =>
  message('Something was wrong with that', ids.sessionId ? 'That session is not one I know.' : 'That request is not one I know.');
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
  const subject = await loadSubject(context, ids);
  if (!subject) return { result: unknown(ids) };
  if (subject.recorderId !== actor.id) return { result: await refused(context, actor, action, subject.type, subject.id) };
  if (subject.state === 'to-accept') {
    // "We have talked: record it": the supervisor talked without pressing Accept first.
    await acceptTrigger(context, actor, { requestId: subject.id });
    return loadForRecording(context, actor, ids, action);
  }
  if (subject.state !== 'open' || !subject.rule || !subject.model) {
    const closed = subject.closed ?? {
      title: 'Already recorded',
      text: 'This supervision has been recorded and sent for signing; a signed record can only be amended.',
    };
    return { result: message(closed.title, closed.text) };
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
  const { model, significantByDefault, kind } = subject;
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
      data: {
        ...subject.ids,
        title: `Record of supervision: ${model.title}`,
        facts: [
          ...subject.leadFacts,
          { title: 'Practitioner', value: practitioner.display_name },
          ...subject.whatFacts,
          { title: 'Record due', value: `${momentText(due.due.toJSDate(), context.calendar)} (${due.rule})` },
        ],
        caseReference: {
          ask: subject.asksCaseReference && !state.amending,
          label: `${system} case reference of the case discussed (never a child's name)`,
          example,
          value: values.caseReference ?? '',
          error: errors.caseReference ?? '',
        },
        saved: state.saved ?? '',
        previous: previousActions.map((action) => ({
          inputId: `prev.${action.id}`,
          reasonId: `prevReason.${action.id}`,
          what: `${action.description} (${action.owner}, by ${dayText(parseIsoDate(action.due_on)!)})`,
          status: values[`prev.${action.id}`] ?? '',
          reason: values[`prevReason.${action.id}`] ?? '',
          error: errors[`prev.${action.id}`] ?? '',
        })),
        previousChoices: [
          { title: 'Done', value: 'done' },
          { title: 'Carried forward', value: 'carried-forward' },
          { title: 'Dropped', value: 'dropped' },
        ],
        fields: writtenFields(model).map((field) => ({
          inputId: fieldInputId(field),
          kind: field.type === 'scale' ? 'number' : field.type === 'choice' || field.type === 'yes-no' ? 'choice' : field.type === 'date' ? 'date' : 'text',
          label: `${field.label}${field.required === false && !field.requiredWhen ? ' (optional)' : ''}`,
          help: field.help ?? '',
          multiline: field.type !== 'text',
          min: field.min ?? 0,
          max: field.max ?? 10,
          options:
            field.type === 'yes-no'
              ? [
                  { title: 'Yes', value: 'yes' },
                  { title: 'No', value: 'no' },
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
          previousNote: field.showsPrevious === undefined || state.amending ? '' : previousNote(previous.get(fieldInputId(field)), caseKnown),
          ...promptsOf(field),
          error: errors[fieldInputId(field)] ?? '',
        })),
        actionPlan: state.amending
          ? []
          : model.fields
              .filter((field) => field.type === 'actions' && (field.prompts ?? []).length > 0)
              .map((field) => ({ label: field.label, ...promptsOf(field) })),
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
        significantLabel: significantRule
          ? // Short: Slack allows 75 characters in a checkbox. The date is the Record due above, not a second one.
            `A significant decision was made: the record is due ${significantRule.type === 'duration' ? 'within ' : ''}${significantRule.text}`
          : 'A significant decision was made',
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

function promptsOf(field: RecordField): { prompts: string; foldedPrompts: string; foldTitle: string } {
  const prompts = field.prompts ?? [];
  const list = prompts.map((prompt) => `- ${prompt}`).join('\n');
  return prompts.length > PROMPTS_SHOWN
    ? { prompts: '', foldedPrompts: list, foldTitle: `Show all ${prompts.length} prompts` }
    : { prompts: list, foldedPrompts: '', foldTitle: '' };
}

/** A number input takes a number (Teams and Slack refuse the text "6"); anything else, the text. */
function inputValue(field: RecordField, value: string): string | number {
  return field.type === 'scale' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** Under a field that shows the last record's value: what it was and when, or where it will come from. */
function previousNote(last: LastValue | undefined, caseKnown: string | null): string {
  if (last) return `Last time: ${last.value} on ${last.on}.`;
  return caseKnown ? 'No earlier record of this case gives one.' : 'Left empty, it is filled in from the last record of the case, if there is one.';
}

/** The case the record is of, as far as it is known: the request's or group's own, or the one typed on the card, once it is a case reference. */
function caseOf(context: FlowContext, subject: RecordSubject, values: Record<string, string>): string | null {
  if (!subject.asksCaseReference) return subject.caseReference;
  const typed = values.caseReference ?? '';
  return typed && !caseReferenceProblem(context.pack, typed) ? normaliseCaseReference(context.pack, typed) : null;
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
  const { rule, model } = subject;
  const values: Record<string, string> = writtenValues(input);
  if (input.draft === 'true') {
    const now = context.clock.now();
    // The deadline as the draft's box stands is the one reminders give from now on.
    const due = deadlineOf(context, subject, (values.significant ?? String(subject.significantByDefault)) === 'true').due;
    const remindAt = recordReminder({ from: DateTime.fromJSDate(now), due, calendar: context.calendar }).toJSDate();
    await context.db.transaction().execute((trx) => subject.saveDraft(trx, { actorId: actor.id, values, at: now, due: { dueAt: due.toJSDate(), remindAt } }));
    return openRecord(context, actor, subject.ids, {
      values,
      saved: `Draft saved at ${momentText(now, context.calendar)}. Nobody else sees it until you save it without the draft tick.`,
    });
  }
  const { caseReference: typedReference = '', ...asWritten } = values;
  // A field that shows the last record's value, left empty, takes it (the card says so).
  const last = await previousValues(context.db, context.calendar, model, caseOf(context, subject, values), subject.id);
  const content = {
    ...asWritten,
    ...Object.fromEntries([...last].filter(([inputId]) => !(asWritten[inputId] ?? '').trim()).map(([inputId, { value }]) => [inputId, value])),
  };
  const errors = checkFields(model, content);
  if (subject.asksCaseReference) {
    const problem = caseReferenceProblem(context.pack, typedReference);
    if (problem) errors.caseReference = problem;
  }
  const caseReference = subject.asksCaseReference ? normaliseCaseReference(context.pack, typedReference) : subject.caseReference;
  const taken = errors.caseReference ? undefined : caseTaken(subject, caseReference);
  if (taken) errors.caseReference = taken;
  const previous = await subject.previousActions(context.db);
  for (const action of previous) {
    const status = values[`prev.${action.id}`] ?? '';
    if (!PREVIOUS_STATUSES.includes(status as never)) errors[`prev.${action.id}`] = 'Mark it done, carried forward or dropped.';
    else if (status !== 'done' && !(values[`prevReason.${action.id}`] ?? '').trim()) errors[`prev.${action.id}`] = 'Give the reason.';
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
    if (!what || !owner || dueDay === undefined) errors[`action.${number}.what`] = `Action ${number} needs what, who and by when.`;
    else if (!owners.has(owner)) errors[`action.${number}.what`] = `Action ${number}: the lead must be someone who was there. Choose them from the list.`;
    else if (dueDay < tomorrow || !context.calendar.isWorkingDay(dueDay))
      errors[`action.${number}.what`] = `Action ${number} must be due on a working day after today.`;
    else actions.push({ what, owner, due });
  }
  // Only where the pack's model asks for actions: Cymru 2.2 records actions "if relevant" (required: false).
  const actionsRequired = model.fields.find((field) => field.type === 'actions')?.required !== false;
  if (actionsRequired && actions.length === 0 && !errors['action.1.what']) errors['action.1.what'] = 'Agree at least one action: what, who and by when.';
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
    await notifyPerson(trx, {
      personId: subject.practitionerId,
      key: `record:${recordId}:sign`,
      now,
      text: `Your supervision record for ${about.for} is ready to sign`,
      view: signView(recordId, {
        values: content,
        actions: actions.map((action) => ({ ...action, owner: owners.get(action.owner)! })),
        author: actor.display_name,
        on: about.on,
        model,
      }),
    });
    return true;
  });
  if (!saved) return message('Already recorded', 'This supervision was recorded a moment ago. Nothing was changed.');
  if (part.keepsOpen) return keptView(subject, { caseReference: caseReference!, practitioner: practitioner.display_name, personalNext: part.personalNext });
  const [first, ...others] = combined;
  if (first)
    return openRecord(
      context,
      actor,
      { requestId: '', sessionId: first.sessionId },
      {
        saved: `The ${subject.title} record is sent to ${practitioner.display_name} to sign. The ${first.title} held in it is recorded separately, on its own template: here.${others
          .map((other) => ` The ${other.title} held in it is also recorded separately, on its own template; you are reminded of it before it is due.`)
          .join('')}`,
      },
    );
  return {
    view: subject.statusView({
      // A group's presenter may record their own case's discussion (Bexley): then they sign it too.
      title: practitioner.id === actor.id ? 'Recorded: now sign it' : `Sent to ${practitioner.display_name} to sign`,
      text: `The record is due by ${momentText(deadline.due.toJSDate(), context.calendar)} (${deadline.rule}). ${
        practitioner.id === actor.id
          ? 'Sign it on the card I sent you; once signed it cannot change, and you get the text for the case file.'
          : `${practitioner.display_name} can agree, or sign with a disagreement recorded.`
      }`,
      facts: [
        ...about.facts,
        ...actions.map((action, index) => ({
          title: `Action ${index + 1}`,
          value: `${action.what} (${owners.get(action.owner)}, by ${dayText(parseIsoDate(action.due)!)})`,
        })),
      ],
      buttons: [],
    }),
  };
}

function signView(
  recordId: string,
  record: {
    values: Record<string, string>;
    actions: { what: string; owner: string; due: string }[];
    author: string;
    /** "case CF-204518", or the day of a session with no case reference. */
    on: string;
    model: RecordingModel;
  },
) {
  return {
    card: 'record-sign' as const,
    data: {
      recordId,
      title: 'Your supervision record to sign',
      intro: `${record.author} recorded your supervision on ${record.on}. Read it, then agree and sign, or sign with your disagreement recorded.`,
      sections: [
        ...writtenFields(record.model)
          .filter((field) => (record.values[fieldInputId(field)] ?? '').trim())
          .map((field) => ({ title: field.label, value: shownValue(field, record.values[fieldInputId(field)]!) })),
        ...record.actions.map((action) => ({ title: 'Action', value: `${action.what} (${action.owner}, by ${dayText(parseIsoDate(action.due)!)})` })),
      ],
      buttons: [
        { title: 'Agree and sign', verb: 'record.sign' },
        { title: 'I disagree', verb: 'record.disagree' },
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
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  if (!record) return message('Something was wrong with that', 'That record is not one I know.');
  if (record.supervisee_id !== actor.id) return refused(context, actor, 'record.disagree', 'record', record.id);
  if (record.signed_at)
    return message(
      'Already signed',
      'You have signed this record already. If it needs to change, your supervisor can amend it, and you will be asked to sign the new version.',
    );
  const { kind } = await subjectOfRecord(context, record);
  return {
    view: {
      card: 'record-disagree',
      data: {
        recordId: record.id,
        // What signing with a disagreement does (signRecord, openDispute): who is told, and when.
        intro: await disagreementIntro(context, record, kind),
        comment: state.comment ?? '',
        error: state.error ?? '',
      },
    },
    ...(state.error ? { fieldErrors: { comment: state.error } } : {}),
  };
}

export async function signRecord(context: FlowContext, actor: Actor, input: { recordId: string; comment?: string }, disagree = false): Promise<FlowResult> {
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  if (!record) return message('Something was wrong with that', 'That record is not one I know.');
  if (record.supervisee_id !== actor.id) return refused(context, actor, 'record.sign', 'record', record.id);
  if (record.signed_at)
    return message(
      'Already signed',
      'You have signed this record already. If it needs to change, your supervisor can amend it, and you will be asked to sign the new version.',
    );
  const comment = (input.comment ?? '').trim();
  if (disagree && !comment) return disagreeForm(context, actor, { recordId: record.id }, { error: 'Say what you disagree with.' });
  const now = context.clock.now();
  const content = record.content as { values: Record<string, string>; heldAt: string; amendment?: { author: string; reason: string } };
  const subject = await subjectOfRecord(context, record);
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
    await notifyPerson(trx, {
      personId: record.author_id,
      key: `record:${record.id}:signed`,
      now,
      text: `${actor.display_name} signed the supervision record for ${about.for}`,
      view: forCaseFile
        ? {
            card: 'case-file',
            data: {
              title: `${actor.display_name} signed${disagree ? ', with a disagreement' : ''}: copy this to the case file`,
              intro: `Paste it into ${context.pack.caseReference.system} as the supervision record for ${record.case_reference}.`,
              text,
              parts: textParts(text),
              ...subject.ids,
              recordId: record.id,
              buttons: [{ title: 'Amend the record', verb: 'record.amend-form' }, DOWNLOAD_BUTTON],
            },
          }
        : subject.statusView({
            title: `${actor.display_name} signed the record${disagree ? ', with a disagreement' : ''}`,
            text: 'It is kept on their personal supervision record, not the case file.',
            facts: [],
            buttons: [],
          }),
    });
    // Who is told of the disagreement, and whether the two try to resolve it first (disputes.ts).
    return disagree ? ((await openDispute(trx, context, { record, kind, practitioner: actor, author, comment, about, now })) ?? true) : true;
  });
  if (typeof signed === 'object') return { view: signed };
  if (!signed)
    return message(
      'Already signed',
      'You have signed this record already. If it needs to change, your supervisor can amend it, and you will be asked to sign the new version.',
    );
  return {
    view: subject.statusView({
      title: 'Signed',
      text: disagree
        ? 'You signed, and your disagreement is recorded with the record.'
        : 'You agreed and signed the record. If it needs to change later, your supervisor can amend it, and you will be asked to sign again.',
      facts: about.facts,
      buttons: [],
    }),
  };
}

async function loadForAmending(
  context: FlowContext,
  actor: Actor,
  input: Partial<SubjectIds> & { recordId: string },
  action: 'record.amend-form' | 'record.amend',
) {
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  // The card names what the record is of; it must be what the record says it is of.
  const sameSubject = record && (record.trigger_request_id ?? '') === (input.requestId ?? '') && (record.session_id ?? '') === (input.sessionId ?? '');
  if (!record || !sameSubject) return { result: message('Something was wrong with that', 'That record is not one I know.') };
  if (record.author_id !== actor.id) return { result: await refused(context, actor, action, 'record', record.id) };
  const latest = await context.db
    .selectFrom('record')
    .select(['id', 'version_no'])
    .where('record_key', '=', record.record_key)
    .orderBy('version_no', 'desc')
    .executeTakeFirstOrThrow();
  if (latest.id !== record.id) return { result: message('There is a newer version', 'This record has been amended since; amend the newest version.') };
  if (!record.signed_at) return { result: message('Not signed yet', 'This version is waiting to be signed; it can be amended once signed.') };
  const subject = await subjectOfRecord(context, record);
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
  const { model } = subject;
  const { caseReference: _ignored, ...values } = writtenValues(input);
  const reason = (input.amendReason ?? '').trim();
  const errors = checkFields(model, values);
  if (!reason) errors.amendReason = 'Say why the signed record is being amended.';
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
    const view = signView(newId, {
      values,
      actions: actions.map((action) => ({ what: action.description, owner: action.display_name, due: action.due_on })),
      author,
      on: about.on,
      model,
    });
    view.data.intro = `${author} amended your signed supervision record on ${about.on} (version ${record.version_no + 1}): ${reason} Read it, then agree and sign, or sign with your disagreement recorded.`;
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record:${newId}:sign`,
      now,
      text: `An amended supervision record for ${about.for} is ready to sign`,
      view,
    });
    return true;
  });
  if (!done) return message('Something changed meanwhile', 'This record changed a moment ago. Nothing was saved.');
  return {
    view: subject.statusView({
      title: 'Amendment sent to be signed',
      text: `Version ${record.version_no + 1} keeps version ${record.version_no} unchanged beside it.`,
      facts: about.facts,
      buttons: [],
    }),
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
