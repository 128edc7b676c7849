// Recording a supervision and signing it, of a trigger request or of a held scheduled session (see
// recordSubject.ts): the supervisor fills the pack's recording model (reviewing the actions agreed
// before, adding SMART actions), the practitioner agrees and signs, or signs with their disagreement
// recorded; a signed record never changes. Only the supervisor who accepted the request or held the
// session (for a group session, its recorder) may record, only the practitioner (the presenter) may sign.
import { randomUUID } from 'node:crypto';
import { writeAudit } from '../store/audit.js';
import { DateTime } from 'luxon';
import type { Transaction } from 'kysely';
import type { RecordingModel } from '../domain/policy/schema.js';
import { recordDeadline } from '../domain/records/deadline.js';
import { caseReferenceProblem, normaliseCaseReference } from '../domain/triggers/raise.js';
import { caseFileText, checkFields, fieldInputId, writtenFields } from '../domain/records/recordForm.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, momentText, textParts, today } from './format.js';
import { notifyPerson } from './notify.js';
import { acceptTrigger } from './triggers.js';
import { DOWNLOAD_BUTTON } from './readRecords.js';
import { loadSubject, subjectOfRecord, type RecordSubject, type SubjectIds } from './recordSubject.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { namesIn, namesMessage, namesWarning } from './namesInText.js';

const ACTION_ROWS = 3;
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
const CARD_KEYS = ['requestId', 'sessionId', 'recordId', 'draft', 'amendReason', 'sendAnyway'];

/** What the supervisor may record now: theirs, held (or accepted), in a kind the pack keeps a record of, not recorded yet. */
type Recordable = RecordSubject & { rule: NonNullable<RecordSubject['rule']>; model: RecordingModel };

async function loadForRecording(
  context: FlowContext,
  actor: Actor,
  ids: Partial<SubjectIds>,
  action: 'record.open' | 'record.save',
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
  return { subject: subject as Recordable };
}

type RecordViewState = {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  saved?: string;
  amending?: { recordId: string; reason: string };
  /** What looks like a name, found in what was written: the form offers "Send anyway". */
  namesFound?: string[];
};

export async function openRecord(context: FlowContext, actor: Actor, input: Partial<SubjectIds>, state: RecordViewState = {}): Promise<FlowResult> {
  const loaded = await loadForRecording(context, actor, input, 'record.open');
  if ('result' in loaded) return loaded.result;
  return recordView(context, actor, loaded.subject, state);
}

async function recordView(context: FlowContext, actor: Actor, subject: Recordable, state: RecordViewState): Promise<FlowResult> {
  const { rule, model, significantByDefault, kind } = subject;
  const held = DateTime.fromJSDate(subject.heldAt).setZone(context.calendar.zone);
  const normal = recordDeadline({ pack: context.pack, calendar: context.calendar, kind, at: held });
  const significant = rule.significantDeadline
    ? recordDeadline({ pack: context.pack, calendar: context.calendar, kind, at: held, significant: true })
    : undefined;
  const practitioner = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
  const values = state.values ?? (await subject.latestDraft(context.db)) ?? {};
  const errors = state.errors ?? {};
  // An amendment changes what was written; actions have their own lives once agreed.
  const previous = state.amending ? [] : await subject.previousActions(context.db);
  const { system, example } = context.pack.caseReference;
  // One deadline on the form: the one in force as the significance box stands (the request's own, as stored).
  const significantNow = (values.significant ?? String(significantByDefault)) === 'true';
  const due = significantNow && significant ? significant : normal;
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
        previous: previous.map((action) => ({
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
          label: `${field.label}${field.required === false ? ' (optional)' : ''}`,
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
          value: values[fieldInputId(field)] ?? '',
          prompts: (field.prompts ?? []).slice(0, 4).join(' '),
          error: errors[fieldInputId(field)] ?? '',
        })),
        amending: state.amending !== undefined,
        amendReason: state.amending?.reason ?? '',
        saveVerb: state.amending ? 'record.amend' : 'record.save',
        recordId: state.amending?.recordId ?? '',
        actionRows: Array.from({ length: state.amending ? 0 : ACTION_ROWS }, (_, index) => {
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
        owners: [
          { title: practitioner.display_name, value: practitioner.id },
          { title: actor.display_name, value: actor.id },
        ],
        significantLabel: significant
          ? // Short: Slack allows 75 characters in a checkbox. The date is the Record due above, not a second one.
            `A significant decision was made: the record is due ${rule.significantDeadline!.type === 'duration' ? 'within ' : ''}${rule.significantDeadline!.text}`
          : 'A significant decision was made',
        significant: values.significant ?? String(significantByDefault),
        namesFound: state.namesFound !== undefined,
        namesWarning: state.namesFound ? namesWarning(state.namesFound) : '',
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/** What the card submitted that was written (the fields, actions, case reference, significance), without the card's own keys. */
const writtenValues = (input: Record<string, string>) => Object.fromEntries(Object.entries(input).filter(([key]) => !CARD_KEYS.includes(key)));

export async function saveRecord(context: FlowContext, actor: Actor, input: SubjectIds & Record<string, string>): Promise<FlowResult> {
  const loaded = await loadForRecording(context, actor, input, 'record.save');
  if ('result' in loaded) return loaded.result;
  const { subject } = loaded;
  const { rule, model, kind } = subject;
  const values: Record<string, string> = writtenValues(input);
  if (input.draft === 'true') {
    const now = context.clock.now();
    await context.db.transaction().execute((trx) => subject.saveDraft(trx, { actorId: actor.id, values, at: now }));
    return openRecord(context, actor, subject.ids, {
      values,
      saved: `Draft saved at ${momentText(now, context.calendar)}. Nobody else sees it until you save it without the draft tick.`,
    });
  }
  const { caseReference: typedReference = '', ...content } = values;
  const errors = checkFields(model, content);
  if (subject.asksCaseReference) {
    const problem = caseReferenceProblem(context.pack, typedReference);
    if (problem) errors.caseReference = problem;
  }
  const caseReference = subject.asksCaseReference ? normaliseCaseReference(context.pack, typedReference) : subject.caseReference;
  const previous = await subject.previousActions(context.db);
  for (const action of previous) {
    const status = values[`prev.${action.id}`] ?? '';
    if (!PREVIOUS_STATUSES.includes(status as never)) errors[`prev.${action.id}`] = 'Mark it done, carried forward or dropped.';
    else if (status !== 'done' && !(values[`prevReason.${action.id}`] ?? '').trim()) errors[`prev.${action.id}`] = 'Give the reason.';
  }
  const practitioner = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', subject.practitionerId).executeTakeFirstOrThrow();
  const owners = new Map([
    [practitioner.id, practitioner.display_name],
    [actor.id, actor.display_name],
  ]);
  const now = context.clock.now();
  const tomorrow = today(now, context.calendar) + 1;
  const actions: { what: string; owner: string; due: string }[] = [];
  for (let number = 1; number <= ACTION_ROWS; number += 1) {
    const what = (values[`action.${number}.what`] ?? '').trim();
    const owner = values[`action.${number}.owner`] ?? '';
    const due = values[`action.${number}.due`] ?? '';
    if (!what && !owner && !due) continue;
    const dueDay = parseIsoDate(due);
    if (!what || !owners.has(owner) || dueDay === undefined) errors[`action.${number}.what`] = `Action ${number} needs what, who and by when.`;
    else if (dueDay < tomorrow || !context.calendar.isWorkingDay(dueDay))
      errors[`action.${number}.what`] = `Action ${number} must be due on a working day after today.`;
    else actions.push({ what, owner, due });
  }
  // Only where the pack's model asks for actions: Cymru 2.2 records actions "if relevant" (required: false).
  const actionsRequired = model.fields.find((field) => field.type === 'actions')?.required !== false;
  if (actionsRequired && actions.length === 0 && !errors['action.1.what']) errors['action.1.what'] = 'Agree at least one action: what, who and by when.';
  // The record goes to the practitioner's chat: what looks like a child's name comes back first.
  // Only what was typed: a choice's option or a date is the pack's, not the supervisor's words.
  const typed = new Set(
    writtenFields(model)
      .filter((field) => field.type === 'text' || field.type === 'long-text' || field.type === 'list')
      .map(fieldInputId),
  );
  const written = Object.fromEntries(Object.entries(values).filter(([key]) => typed.has(key) || /^(action\.\d+\.what|prevReason\.)/.test(key)));
  const named = Object.keys(errors).length === 0 ? await namesIn(context, actor, written, [practitioner.display_name]) : undefined;
  if (named && input.sendAnyway !== 'true') for (const [field, names] of Object.entries(named.byField)) errors[field] = namesMessage(names);
  if (Object.keys(errors).length > 0)
    return openRecord(context, actor, subject.ids, {
      values,
      errors,
      ...(named && input.sendAnyway !== 'true' ? { namesFound: Object.values(named.byField).flat() } : {}),
    });

  const significant = values.significant === 'true';
  const held = DateTime.fromJSDate(subject.heldAt).setZone(context.calendar.zone);
  const deadline = recordDeadline({ pack: context.pack, calendar: context.calendar, kind, at: held, significant });
  const recordId = randomUUID();
  const about = subject.about(caseReference);
  const saved = await context.db.transaction().execute(async (trx) => {
    const moved = await subject.move(trx, { from: 'open', to: 'recorded', actorId: actor.id, at: now, detail: { recordId } });
    if (!moved) return false;
    await trx
      .insertInto('record')
      .values({
        id: recordId,
        record_key: subject.id,
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
          .map((field) => ({ title: field.label, value: record.values[fieldInputId(field)]! })),
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
  const disputesTo = entryOf(context.pack.kinds, kind)?.signOff?.disputesTo;
  return {
    view: {
      card: 'record-disagree',
      data: {
        recordId: record.id,
        // What signing with a disagreement does (signRecord): the author and the one above who settles it are told.
        intro: `Your disagreement is kept with the record, and your supervisor and ${disputesTo ? `the ${disputesTo.replace(/-/g, ' ')} above them` : 'their manager'} are told.`,
        comment: state.comment ?? '',
        error: state.error ?? '',
      },
    },
    ...(state.error ? { fieldErrors: { comment: state.error } } : {}),
  };
}

const LINE_DEPTH = 6;

/**
 * Who settles a dispute about a record (the pack's signOff.disputesTo): the first person above the record's
 * author with that role, else the author's own manager.
 */
async function disputeHandler(trx: Transaction<Database>, authorId: string, role: string | undefined): Promise<string | undefined> {
  let first: string | undefined;
  let current: string | undefined = authorId;
  for (let depth = 0; depth < LINE_DEPTH && current; depth += 1) {
    const up: { id: string; role: string } | undefined = await trx
      .selectFrom('supervision_relationship')
      .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
      .select(['person.id', 'person.role'])
      .where('supervision_relationship.supervisee_id', '=', current)
      .where('supervision_relationship.ended_on', 'is', null)
      .executeTakeFirst();
    if (!up) break;
    first ??= up.id;
    if (!role || up.role === role) return up.id;
    current = up.id;
  }
  return first;
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
    // Where the pack names who settles disputes, the first of that role above the author; else the author's manager.
    const disputesTo = entryOf(context.pack.kinds, kind)?.signOff?.disputesTo;
    const handler = disagree ? await disputeHandler(trx, record.author_id, disputesTo) : undefined;
    if (handler) {
      await notifyPerson(trx, {
        personId: handler,
        key: `record:${record.id}:dispute`,
        now,
        text: `A supervision record for ${about.for} was signed with a disagreement`,
        view: subject.statusView({
          title: 'A record was signed with a disagreement',
          text: `${actor.display_name} disagrees with the record ${author.display_name} wrote: "${comment}"`,
          facts: about.facts,
          buttons: [],
        }),
      });
    }
    return true;
  });
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
  if (Object.keys(errors).length > 0) return recordView(context, actor, subject, { values, errors, amending: { recordId: record.id, reason } });
  const now = context.clock.now();
  const newId = randomUUID();
  const author = actor.display_name;
  const previousContent = record.content as { heldAt: string; significant?: boolean };
  const about = subject.about(record.case_reference);
  const done = await context.db.transaction().execute(async (trx) => {
    const moved = await subject.move(trx, {
      from: 'signed',
      to: 'recorded',
      actorId: actor.id,
      at: now,
      detail: { recordId: newId, amends: record.id },
      audit: 'record.amend',
    });
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
