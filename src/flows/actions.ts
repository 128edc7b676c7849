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
import { inEach, t, type Locale, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';

/** A message card in a speech. */
const said = (speech: Speech, title: string, text: string): FlowResult => ({ view: { ...message(title, text).view, speech } });
const notYours = (speech: Speech) => said(speech, t(speech, 'common.notYoursToActOn'), t(speech, 'record.notYoursText', {}, { paragraphs: true }));

/** A message in each language of a speech, its values made in that language (a date, "case CF-204518"). */
function inEachSaid(speech: Speech, id: MessageId, values: (locale: Locale) => MessageValues, paragraphs = true): string {
  return inEach(speech, (locale) => t(locale, id, values(locale)), { paragraphs });
}

/** "case CF-204518", or a plain phrase for an action agreed without a case. */
export function caseWords(caseReference: string | null, locale: Locale = 'en-GB'): string {
  return caseReference ? t(locale, 'record.aboutCase', { reference: caseReference }) : t(locale, 'action.noCase');
}

const dueWordsOf = new Map<string, string>();

/** "by Wed 25 Nov 2026". Kept per date: a sweep may word thousands of reminders over a few hundred dates. */
export function dueWords(dueOn: string, locale: Locale = 'en-GB'): string {
  let words = dueWordsOf.get(`${dueOn}|${locale}`);
  if (words === undefined) {
    words = t(locale, 'action.dueBy', { day: dayText(parseIsoDate(dueOn)!, locale) });
    dueWordsOf.set(`${dueOn}|${locale}`, words);
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
  const speech = speechOf(context.pack, actor);
  const action = await loadAction(context.db, actionId);
  if (!action) return { result: said(speech, t(speech, 'common.somethingWrong'), t(speech, 'action.unknown', {}, { paragraphs: true })) };
  if (action.owner_id !== actor.id) {
    await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${audit}.refused`, objectType: 'action_item', objectId: action.id });
    return { result: notYours(speech) };
  }
  if (action.status !== 'open')
    return {
      result: said(
        speech,
        t(speech, 'action.alreadyClosedTitle'),
        t(speech, 'action.alreadyClosedText', { status: action.status === 'carried-forward' ? 'carriedForward' : action.status }, { paragraphs: true }),
      ),
      closed: true,
    };
  return { action };
}

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
  if (!done) {
    const speech = speechOf(context.pack, actor);
    return { result: said(speech, t(speech, 'action.alreadyClosedTitle'), t(speech, 'action.changedMomentAgo', {}, { paragraphs: true })), closed: true };
  }
  return { action };
}

export async function markDone(context: FlowContext, actor: Actor, input: { actionId: string }): Promise<FlowResult> {
  const closed = await closeAction(context, actor, input.actionId);
  if ('result' in closed) return closed.result;
  const speech = speechOf(context.pack, actor);
  const { case_reference, description } = closed.action;
  return said(
    speech,
    t(speech, 'action.markedDoneTitle'),
    inEachSaid(speech, 'action.markedDoneText', (locale) => ({ case: caseWords(case_reference, locale), description })),
  );
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

const alreadyAsked = (speech: Speech, toDueOn: string, decider: string) =>
  said(
    speech,
    t(speech, 'action.alreadyAskedTitle'),
    inEachSaid(speech, 'action.alreadyAskedText', (locale) => ({ decider, due: dueWords(toDueOn, locale) })),
  );

/** The owner's open action with nobody asked yet, and who would answer; otherwise what to tell them. */
async function loadForAsking(context: FlowContext, actor: Actor, actionId: string) {
  const speech = speechOf(context.pack, actor);
  const loaded = await ownedOpenAction(context, actor, actionId, 'action.extend');
  if ('result' in loaded) return loaded;
  const decider = await deciderOf(context.db, loaded.action);
  if (!decider) return { result: said(speech, t(speech, 'action.nobodyTitle'), t(speech, 'action.nobodyText', {}, { paragraphs: true })) };
  const pending = await pendingAsk(context, loaded.action.id);
  if (pending) return { result: alreadyAsked(speech, pending.to_due_on, decider.display_name) };
  return { action: loaded.action, decider };
}

/** The form: a new due date (a working day) and a reason. */
export async function extendForm(context: FlowContext, actor: Actor, input: { actionId: string }, state: ExtendState = {}): Promise<FlowResult> {
  const loaded = await loadForAsking(context, actor, input.actionId);
  if ('result' in loaded) return loaded.result;
  const { action, decider } = loaded;
  const speech = speechOf(context.pack, actor);
  const errors = state.errors ?? {};
  const typed = state.date && parseIsoDate(state.date) !== undefined ? state.date : undefined;
  return {
    view: {
      card: 'action-extend',
      speech,
      data: {
        actionId: action.id,
        extensionId: state.extensionId ?? randomUUID(),
        intro: inEachSaid(speech, action.case_reference ? 'action.extendIntroCase' : 'action.extendIntroNoCase', (locale) => ({
          caseReference: action.case_reference ?? '',
          description: action.description,
          due: dueWords(action.due_on, locale),
          decider: decider.display_name,
        })),
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
  const speech = speechOf(context.pack, actor);
  const errors: Record<string, string> = {};
  const newDay = parseIsoDate(input.date);
  const earliest = earliestNewDate(context, action);
  if (newDay === undefined) errors.date = t(speech, 'action.dateFormat');
  else if (newDay <= earliest) errors.date = inEachSaid(speech, 'action.dateAfter', (locale) => ({ day: dayText(earliest, locale) }), false);
  else if (!context.calendar.isWorkingDay(newDay))
    errors.date = inEachSaid(speech, 'action.notWorkingDay', (locale) => ({ day: dayText(newDay, locale) }), false);
  const reason = input.reason.trim();
  if (!reason) errors.reason = t(speech, 'action.sayWhyMoreTime');
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
    // The one who answers reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, decider.id);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: decider.id,
      key: `action-extension:${input.extensionId}:ask`,
      now,
      text: inEachSaid(theirs, 'action.askNotice', (locale) => ({ name, case: caseWords(action.case_reference, locale) }), false),
      view: {
        card: 'action-extension',
        speech: theirs,
        data: {
          text: t(theirs, decider.id === action.author_id ? 'action.askTextYours' : 'action.askTextTheirs', { name }, { paragraphs: true }),
          facts: [
            { title: t(theirs, 'request.caseReference'), value: action.case_reference ?? t(theirs, 'action.noCaseValue') },
            { title: t(theirs, 'recordSign.action'), value: action.description },
            { title: t(theirs, 'action.dueNow'), value: inEach(theirs, (locale) => dueWords(action.due_on, locale)) },
            { title: t(theirs, 'action.askedFor'), value: inEach(theirs, (locale) => dueWords(input.date, locale)) },
            { title: t(theirs, 'action.reason'), value: reason },
          ],
          extensionId: input.extensionId,
        },
      },
    });
    return true;
  });
  if (!asked) {
    const pending = await pendingAsk(context, action.id);
    if (pending) return alreadyAsked(speech, pending.to_due_on, decider.display_name);
    // The form's id belongs to an ask already answered, or to another action's: a replayed or altered form.
    return said(speech, t(speech, 'common.somethingWrong'), t(speech, 'action.unknownForm', {}, { paragraphs: true }));
  }
  return said(
    speech,
    t(speech, 'action.askedTitle'),
    inEachSaid(speech, 'action.askedText', (locale) => ({ decider: decider.display_name, due: dueWords(action.due_on, locale) })),
  );
}

/** The decider agrees (the due date moves) or refuses; the owner is told either way. */
export async function decideExtension(context: FlowContext, actor: Actor, input: { extensionId: string }, agree: boolean): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const extension = await context.db.selectFrom('action_extension').selectAll().where('id', '=', input.extensionId).executeTakeFirst();
  if (!extension) return said(speech, t(speech, 'common.somethingWrong'), t(speech, 'common.unknownRequest', {}, { paragraphs: true }));
  const action = (await loadAction(context.db, extension.action_id))!;
  const decider = await deciderOf(context.db, action);
  const now = context.clock.now();
  if (decider?.id !== actor.id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: 'action.extension.decide.refused', objectType: 'action_item', objectId: action.id });
    return notYours(speech);
  }
  const alreadyAnswered = (state: string) => said(speech, t(speech, 'action.alreadyAnsweredTitle'), t(speech, answeredWords[state]!, {}, { paragraphs: true }));
  if (extension.state !== 'asked') return alreadyAnswered(extension.state);
  if (action.status !== 'open') {
    await context.db.updateTable('action_extension').set({ state: 'withdrawn' }).where('id', '=', extension.id).where('state', '=', 'asked').execute();
    return alreadyAnswered('withdrawn');
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
    const dueOn = agree ? extension.to_due_on : extension.from_due_on;
    // The owner reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, action.owner_id);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: action.owner_id,
      key: `action-extension:${extension.id}:${agree ? 'agreed' : 'refused'}`,
      now,
      text: inEachSaid(
        theirs,
        agree ? 'action.agreedNotice' : 'action.refusedNotice',
        (locale) => ({ case: caseWords(action.case_reference, locale), due: dueWords(dueOn, locale) }),
        false,
      ),
      view: {
        card: 'notice',
        speech: theirs,
        data: {
          title: t(theirs, agree ? 'action.agreedTitle' : 'action.notAgreedTitle'),
          text: inEachSaid(theirs, agree ? 'action.agreedText' : 'action.notAgreedText', (locale) => ({ name, due: dueWords(dueOn, locale) })),
          facts: [
            { title: t(theirs, 'request.caseReference'), value: action.case_reference ?? t(theirs, 'action.noCaseValue') },
            { title: t(theirs, 'recordSign.action'), value: action.description },
          ],
        },
      },
    });
    return 'done' as const;
  });
  if (outcome === 'answered') return said(speech, t(speech, 'action.alreadyAnsweredTitle'), t(speech, 'action.answeredMomentAgo', {}, { paragraphs: true }));
  if (outcome === 'changed') return said(speech, t(speech, 'action.changedTitle'), t(speech, 'action.changedText', {}, { paragraphs: true }));
  const owner = await context.db.selectFrom('person').select('display_name').where('id', '=', action.owner_id).executeTakeFirstOrThrow();
  return said(
    speech,
    t(speech, agree ? 'action.agreedTitle' : 'action.refusedTitle'),
    inEachSaid(speech, agree ? 'action.nowDueText' : 'action.stillDueText', (locale) => ({
      case: caseWords(action.case_reference, locale),
      due: dueWords(agree ? extension.to_due_on : extension.from_due_on, locale),
      owner: owner.display_name,
    })),
  );
}

const answeredWords: Record<string, MessageId> = {
  agreed: 'action.answeredAgreed',
  refused: 'action.answeredRefused',
  withdrawn: 'action.answeredWithdrawn',
};
