// An action agreed in supervision, acted on by its owner: marked done, or more time asked for. The
// supervisor who recorded it agrees (the due date moves) or refuses; the owner is told either way.
// Every step is re-authorised here, and every change is a versioned conditional update, audited.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { writeAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { relationshipOf } from './responders.js';

const notYours = () => message("This isn't yours to act on", 'This belongs to someone else. Nothing was changed.');

/** "case CF-204518", or a plain phrase for an action agreed without a case. */
export function caseWords(caseReference: string | null): string {
  return caseReference ? `case ${caseReference}` : 'no case';
}

const dueWordsOf = new Map<string, string>();

/** "by Wed 25 Nov 2026". Kept per date: a sweep may word thousands of reminders over a few hundred dates. */
export function dueWords(dueOn: string): string {
  let words = dueWordsOf.get(dueOn);
  if (words === undefined) {
    words = `by ${dayText(parseIsoDate(dueOn)!)}`;
    dueWordsOf.set(dueOn, words);
  }
  return words;
}

function loadAction(db: Kysely<Database> | Transaction<Database>, actionId: string) {
  return db
    .selectFrom('action_item')
    .innerJoin('record', 'record.id', 'action_item.record_id')
    .select([
      'action_item.id',
      'action_item.owner_id',
      'action_item.case_reference',
      'action_item.description',
      'action_item.due_on',
      'action_item.status',
      'action_item.version',
      'record.author_id',
    ])
    .where('action_item.id', '=', actionId)
    .executeTakeFirst();
}
type Action = NonNullable<Awaited<ReturnType<typeof loadAction>>>;

/** The action, if the actor owns it and it is still open; otherwise what to tell them. */
type Refusal = { result: FlowResult; closed?: true };

async function ownedOpenAction(context: FlowContext, actor: Actor, actionId: string, audit: string): Promise<{ action: Action } | Refusal> {
  const action = await loadAction(context.db, actionId);
  if (!action) return { result: message('Something was wrong with that', 'That action is not one I know.') };
  if (action.owner_id !== actor.id) {
    await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${audit}.refused`, objectType: 'action_item', objectId: action.id });
    return { result: notYours() };
  }
  if (action.status !== 'open')
    return { result: message('Already closed', `This action is ${statusWords[action.status]}. Nothing was changed.`), closed: true };
  return { action };
}

const statusWords: Record<string, string> = { done: 'done already', 'carried-forward': 'carried forward', dropped: 'dropped' };

/** Who answers an ask for more time: the supervisor who recorded the action, or, for their own, their supervisor. */
async function deciderOf(db: Kysely<Database> | Transaction<Database>, action: Action) {
  const deciderId = action.author_id === action.owner_id ? (await relationshipOf(db, action.owner_id))?.supervisor_id : action.author_id;
  if (!deciderId) return undefined;
  return db.selectFrom('person').select(['id', 'display_name']).where('id', '=', deciderId).executeTakeFirst();
}

/** Marks an open action done, once: a second press finds it closed and changes nothing. */
export async function closeAction(context: FlowContext, actor: Actor, actionId: string): Promise<{ action: Action } | Refusal> {
  const loaded = await ownedOpenAction(context, actor, actionId, 'action.done');
  if ('result' in loaded) return loaded;
  const { action } = loaded;
  const now = context.clock.now();
  const done = await context.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('action_item')
      .set({ status: 'done', version: action.version + 1, updated_at: now })
      .where('id', '=', action.id)
      .where('version', '=', action.version)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    // An unanswered ask for more time has nothing left to move.
    await trx.updateTable('action_extension').set({ state: 'withdrawn' }).where('action_id', '=', action.id).where('state', '=', 'asked').execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'action.done', objectType: 'action_item', objectId: action.id });
    return true;
  });
  if (!done) return { result: message('Already closed', 'This action changed a moment ago. Nothing was changed.'), closed: true };
  return { action };
}

export async function markDone(context: FlowContext, actor: Actor, input: { actionId: string }): Promise<FlowResult> {
  const closed = await closeAction(context, actor, input.actionId);
  if ('result' in closed) return closed.result;
  return message('Marked done', `The action for ${caseWords(closed.action.case_reference)} is done: ${closed.action.description}`);
}

type ExtendState = { extensionId?: string; date?: string; reason?: string; errors?: Record<string, string> };

function earliestNewDate(context: FlowContext, action: Action): DayNumber {
  return Math.max(today(context.clock.now(), context.calendar), parseIsoDate(action.due_on)!);
}

async function pendingAsk(context: FlowContext, actionId: string) {
  return context.db
    .selectFrom('action_extension')
    .select(['id', 'to_due_on'])
    .where('action_id', '=', actionId)
    .where('state', '=', 'asked')
    .executeTakeFirst();
}

const alreadyAsked = (toDueOn: string, decider: string) =>
  message('Already asked', `You have asked ${decider} for more time, to ${dueWords(toDueOn)}. They have not answered yet; you will be told here.`);

/** The owner's open action with nobody asked yet, and who would answer; otherwise what to tell them. */
async function loadForAsking(context: FlowContext, actor: Actor, actionId: string) {
  const loaded = await ownedOpenAction(context, actor, actionId, 'action.extend');
  if ('result' in loaded) return loaded;
  const decider = await deciderOf(context.db, loaded.action);
  if (!decider) return { result: message('Nobody to ask', 'Nobody is recorded as your supervisor, so nobody can agree more time. Ask your administrator.') };
  const pending = await pendingAsk(context, loaded.action.id);
  if (pending) return { result: alreadyAsked(pending.to_due_on, decider.display_name) };
  return { action: loaded.action, decider };
}

/** The form: a new due date (a working day) and a reason. */
export async function extendForm(context: FlowContext, actor: Actor, input: { actionId: string }, state: ExtendState = {}): Promise<FlowResult> {
  const loaded = await loadForAsking(context, actor, input.actionId);
  if ('result' in loaded) return loaded.result;
  const { action, decider } = loaded;
  const errors = state.errors ?? {};
  const typed = state.date && parseIsoDate(state.date) !== undefined ? state.date : undefined;
  return {
    view: {
      card: 'action-extend',
      data: {
        actionId: action.id,
        extensionId: state.extensionId ?? randomUUID(),
        intro: `${action.case_reference ? `Case ${action.case_reference}` : 'No case'}: ${action.description}, due ${dueWords(action.due_on)}. ${decider.display_name} will agree or refuse.`,
        date: typed ?? formatIsoDate(context.calendar.addWorkingDays(earliestNewDate(context, action), 5)),
        reason: (state.reason ?? '').slice(0, 500),
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function askForMoreTime(
  context: FlowContext,
  actor: Actor,
  input: { actionId: string; extensionId: string; date: string; reason: string },
): Promise<FlowResult> {
  const loaded = await loadForAsking(context, actor, input.actionId);
  if ('result' in loaded) return loaded.result;
  const { action, decider } = loaded;
  const errors: Record<string, string> = {};
  const newDay = parseIsoDate(input.date);
  const earliest = earliestNewDate(context, action);
  if (newDay === undefined) errors.date = 'Choose a date, as YYYY-MM-DD.';
  else if (newDay <= earliest) errors.date = `Choose a working day after ${dayText(earliest)}.`;
  else if (!context.calendar.isWorkingDay(newDay)) errors.date = `${dayText(newDay)} is not a working day: choose one that is.`;
  const reason = input.reason.trim();
  if (!reason) errors.reason = 'Say why you need more time.';
  if (Object.keys(errors).length > 0) return extendForm(context, actor, { actionId: action.id }, { ...input, errors });

  const now = context.clock.now();
  const asked = await context.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('action_extension')
      .values({
        id: input.extensionId,
        action_id: action.id,
        asked_by: actor.id,
        asked_at: now,
        from_due_on: action.due_on,
        to_due_on: input.date,
        reason,
        state: 'asked',
      })
      // The same form sent twice, or a second ask at the same moment: one stands.
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'action.extension.ask',
      objectType: 'action_item',
      objectId: action.id,
      detail: { extensionId: input.extensionId },
    });
    await notifyPerson(trx, {
      personId: decider.id,
      key: `action-extension:${input.extensionId}:ask`,
      now,
      text: `${actor.display_name} asks for more time on an action for ${caseWords(action.case_reference)}`,
      view: {
        card: 'action-extension',
        data: {
          text: `${actor.display_name} asks to move an action ${decider.id === action.author_id ? 'you recorded' : 'of theirs'}. If you agree, the due date moves; either way they are told.`,
          facts: [
            { title: 'Case reference', value: action.case_reference ?? 'No case' },
            { title: 'Action', value: action.description },
            { title: 'Due now', value: dueWords(action.due_on) },
            { title: 'Asked for', value: dueWords(input.date) },
            { title: 'Reason', value: reason },
          ],
          extensionId: input.extensionId,
        },
      },
    });
    return true;
  });
  if (!asked) {
    const pending = await pendingAsk(context, action.id);
    if (pending) return alreadyAsked(pending.to_due_on, decider.display_name);
    // The form's id belongs to an ask already answered, or to another action's: a replayed or altered form.
    return message('Something was wrong with that', 'That form is not one I know: press Ask for more time again.');
  }
  return message(
    'Asked for more time',
    `${decider.display_name} will agree or refuse, and you will be told here. Until then the action is still due ${dueWords(action.due_on)}.`,
  );
}

/** The decider agrees (the due date moves) or refuses; the owner is told either way. */
export async function decideExtension(context: FlowContext, actor: Actor, input: { extensionId: string }, agree: boolean): Promise<FlowResult> {
  const extension = await context.db.selectFrom('action_extension').selectAll().where('id', '=', input.extensionId).executeTakeFirst();
  if (!extension) return message('Something was wrong with that', 'That request is not one I know.');
  const action = (await loadAction(context.db, extension.action_id))!;
  const decider = await deciderOf(context.db, action);
  const now = context.clock.now();
  if (decider?.id !== actor.id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: 'action.extension.decide.refused', objectType: 'action_item', objectId: action.id });
    return notYours();
  }
  if (extension.state !== 'asked') return message('Already answered', answeredWords[extension.state]!);
  if (action.status !== 'open') {
    await context.db.updateTable('action_extension').set({ state: 'withdrawn' }).where('id', '=', extension.id).where('state', '=', 'asked').execute();
    return message('Already answered', answeredWords.withdrawn!);
  }
  const outcome = await context.db.transaction().execute(async (trx) => {
    const answered = await trx
      .updateTable('action_extension')
      .set({ state: agree ? 'agreed' : 'refused', decided_by: actor.id, decided_at: now })
      .where('id', '=', extension.id)
      .where('state', '=', 'asked')
      .executeTakeFirst();
    if (Number(answered.numUpdatedRows) !== 1) return 'answered' as const;
    if (agree) {
      const moved = await trx
        .updateTable('action_item')
        .set({ due_on: extension.to_due_on, version: action.version + 1, updated_at: now })
        .where('id', '=', action.id)
        .where('version', '=', action.version)
        .where('status', '=', 'open')
        .where('due_on', '=', extension.from_due_on)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) {
        await trx.updateTable('action_extension').set({ state: 'withdrawn' }).where('id', '=', extension.id).execute();
        return 'changed' as const;
      }
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: agree ? 'action.extension.agree' : 'action.extension.refuse',
      objectType: 'action_item',
      objectId: action.id,
      detail: { extensionId: extension.id },
    });
    const due = dueWords(agree ? extension.to_due_on : extension.from_due_on);
    await notifyPerson(trx, {
      personId: action.owner_id,
      key: `action-extension:${extension.id}:${agree ? 'agreed' : 'refused'}`,
      now,
      text: agree
        ? `More time agreed for an action on ${caseWords(action.case_reference)}: now due ${due}`
        : `More time was not agreed for an action on ${caseWords(action.case_reference)}: still due ${due}`,
      view: {
        card: 'notice',
        data: {
          title: agree ? 'More time agreed' : 'More time not agreed',
          text: agree
            ? `${actor.display_name} agreed: the action is now due ${due}.`
            : `${actor.display_name} did not agree to more time: the action is still due ${due}. Talk to them if you cannot meet it.`,
          facts: [
            { title: 'Case reference', value: action.case_reference ?? 'No case' },
            { title: 'Action', value: action.description },
          ],
        },
      },
    });
    return 'done' as const;
  });
  if (outcome === 'answered') return message('Already answered', 'This request was answered a moment ago. Nothing was changed.');
  if (outcome === 'changed') return message('The action has changed', 'It was closed or changed since more time was asked for. Nothing was changed.');
  const owner = await context.db.selectFrom('person').select('display_name').where('id', '=', action.owner_id).executeTakeFirstOrThrow();
  return message(
    agree ? 'More time agreed' : 'More time refused',
    agree
      ? `The action for ${caseWords(action.case_reference)} is now due ${dueWords(extension.to_due_on)}. ${owner.display_name} has been told.`
      : `The action for ${caseWords(action.case_reference)} is still due ${dueWords(extension.from_due_on)}. ${owner.display_name} has been told.`,
  );
}

const answeredWords: Record<string, string> = {
  agreed: 'You agreed to this already. Nothing was changed.',
  refused: 'You refused this already. Nothing was changed.',
  withdrawn: 'The action was closed or changed since more time was asked for. Nothing was changed.',
};
