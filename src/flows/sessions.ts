// Scheduled one-to-one supervision: a supervisor books a session, moves or cancels it with a reason (a
// cancelled or missed session is rebooked at once, within the cadence), and marks it held or not held;
// the practitioner is told each time and may ask to move it. Every action is re-authorised here and
// every change is a versioned, conditional update, so a double click or a stale card changes nothing.
import { offerAgreementAtSession } from './agreements.js';
import type { Selectable, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { cardCatalog } from '../cards/catalog.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { recordDeadline, recordReminder } from '../domain/records/deadline.js';
import { bookableKinds, checkSessionLength, checkSessionTime, defaultMinutes, sessionLength, type SessionLength } from '../domain/schedule/booking.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import { writeAudit } from '../store/audit.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Database, SupervisionSessionTable } from '../store/schema.js';
import { randomUUID } from 'node:crypto';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { SUPERVISING_ROLES, message } from './context.js';
import { dayText, durationText, momentText, sessionWhenText, today } from './format.js';
import { overdueText, withOverdueAsOne } from './overdue.js';
import { notifyPerson } from './notify.js';
import { duesOf, kindTitle } from './schedule.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { citeSource } from '../domain/policy/cite.js';
import { inEach, t, type Locale, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { speechOf, speechOfPerson } from './speech.js';

type BookInput = z.output<(typeof cardCatalog)['session-book']['submit']>;
type ChangeInput = z.output<(typeof cardCatalog)['session-change']['submit']>;
type Session = Selectable<SupervisionSessionTable>;

/** What a change form is for; each is its own verb, re-checked on the server. */
export type ChangeMode = 'move' | 'cancel' | 'request-move' | 'not-held';

const OTHER_REASON = 'Something else (say in the note)';
const DEFAULT_REASONS = ['Illness', 'Urgent work', 'Leave', OTHER_REASON];

async function superviseesOf(context: FlowContext, actor: Actor) {
  return context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisee_id')
    .selectAll('person')
    .where('supervision_relationship.ended_on', 'is', null)
    .where('supervision_relationship.supervisor_id', '=', actor.id)
    .orderBy('person.display_name')
    .limit(100)
    .execute();
}

/** The booking card, for a supervisor; prefilled when rebooking a cancelled or missed session. */
export async function bookForm(
  context: FlowContext,
  actor: Actor,
  prefill: { supervisee?: string; kind?: string; replaces?: string; intro?: string; values?: Partial<BookInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  if (!SUPERVISING_ROLES.includes(actor.role)) return said(context, actor, 'pending.onlySupervisorsTitle', 'session.onlySupervisorsText');
  const supervisees = await superviseesOf(context, actor);
  if (supervisees.length === 0) return said(context, actor, 'session.nobodyToBookTitle', 'session.nobodyToBookText');
  const superviseeId = prefill.values?.supervisee || prefill.supervisee || supervisees[0]!.id;
  const person = supervisees.find((candidate) => candidate.id === superviseeId) ?? supervisees[0]!;
  const kinds = bookableKinds(context.pack);
  const outcome = await duesOf(context, person, today(context.clock.now(), context.calendar));
  const dues = outcome.ok ? withOverdueAsOne(outcome.dues).filter(({ due }) => kinds.includes(due.kind)) : [];
  const kind = prefill.values?.kind || prefill.kind || dues[0]?.due.kind || kinds[0]!;
  // The intro speaks of the kind the form holds (after a refused booking, the one that was chosen).
  const next = dues.find(({ due }) => due.kind === kind);
  const speech = speechOf(context.pack, actor);
  const dueText = next
    ? inEach(speech, (locale) =>
        t(locale, 'session.bookIntroDue', {
          organisation: context.pack.organisation,
          kind: kindTitle(context, next.due.kind).toLowerCase(),
          name: person.display_name,
          due: next.run ? overdueText(next.run, locale) : t(locale, 'session.dueBy', { day: dayText(next.due.date, locale) }),
        }),
      )
    : '';
  const length = sessionLength(context.pack, kind as SupervisionKind, person.cohort);
  const lengthText = length
    ? inEach(speech, (locale) => t(locale, 'session.lengthIntro', { ...lengthValues(length, locale), binding: length.binding ? 'yes' : 'no' }))
    : '';
  const errors = prefill.errors ?? {};
  return {
    view: {
      card: 'session-book',
      speech,
      data: {
        title: t(speech, prefill.replaces ? 'session.rebookTitle' : 'session.bookTitle'),
        intro: [prefill.intro, dueText, lengthText, t(speech, 'session.bookIntroTold')].filter(Boolean).join(' '),
        bookingId: z.uuid().safeParse(prefill.values?.bookingId).success ? prefill.values!.bookingId! : randomUUID(),
        replaces: prefill.replaces ?? prefill.values?.replaces ?? '',
        supervisees: supervisees.map((candidate) => ({ title: candidate.display_name, value: candidate.id })),
        kinds: kinds.map((value) => ({ title: kindTitle(context, value), value })),
        values: {
          supervisee: person.id,
          kind,
          date: prefill.values?.date ?? '',
          time: prefill.values?.time ?? context.pack.workingHours.start,
          duration: prefill.values?.duration ?? '',
        },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function bookSession(context: FlowContext, actor: Actor, input: BookInput): Promise<FlowResult> {
  if (!SUPERVISING_ROLES.includes(actor.role)) return said(context, actor, 'pending.onlySupervisorsTitle', 'session.onlySupervisorsText');
  const again = (errors: Record<string, string>) => bookForm(context, actor, { values: input, errors });
  const existing = await context.db.selectFrom('supervision_session').select(['booked_by']).where('id', '=', input.bookingId).executeTakeFirst();
  if (existing) {
    if (existing.booked_by === actor.id) return said(context, actor, 'session.alreadyBookedTitle', 'session.alreadyBookedText');
    // Someone else's form, sent again: refused and audited.
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'session.book.refused',
      objectType: 'supervision_session',
      objectId: input.bookingId,
    });
    return said(context, actor, 'common.notYoursToActOn', 'session.bookingNotYours');
  }
  const supervisees = await superviseesOf(context, actor);
  const supervisee = supervisees.find((person) => person.id === input.supervisee);
  if (!supervisee) return again({ supervisee: 'Choose someone you supervise.' });
  const kinds = bookableKinds(context.pack);
  if (!kinds.includes(input.kind as SupervisionKind)) return again({ kind: `Choose one of: ${kinds.map((kind) => kindTitle(context, kind)).join(', ')}.` });
  const kind = input.kind as SupervisionKind;
  const minutes = input.duration === '' ? defaultMinutes(context.pack, kind, supervisee.cohort) : Number(input.duration);
  const now = context.clock.now();
  const checked = checkTime(context, input, minutes);
  if (!checked.ok) return again(checked.errors);
  // The pack's bounds on the length: refused by the field where the seed requires them, a warning where it recommends.
  const bounds = sessionLength(context.pack, kind, supervisee.cohort);
  const length = checkSessionLength(bounds, checked.minutes);
  const bookerSpeech = speechOf(context.pack, actor);
  if (length && 'refused' in length)
    return again({
      duration: inEach(bookerSpeech, (locale) =>
        t(locale, 'session.lengthRefused', { ...lengthValues(bounds!, locale), minMinutes: String(bounds!.min ?? ''), maxMinutes: String(bounds!.max ?? '') }),
      ),
    });
  const clash = await clashingSession(context, [actor.id, supervisee.id], checked.startsAt.toJSDate(), checked.minutes);
  if (clash) {
    const when = momentText(clash.starts_at, context.calendar);
    if (clash.kind === 'group') return again({ time: `That is the time of group supervision (${when}). Choose another time.` });
    const who = clash.supervisee_id === supervisee.id ? `${supervisee.display_name} already has` : 'You already have';
    return again({ time: `${who} a session then (${when}). Choose another time.` });
  }
  if (input.replaces) {
    const replaced = await context.db.selectFrom('supervision_session').select(['supervisor_id', 'status']).where('id', '=', input.replaces).executeTakeFirst();
    if (!replaced || replaced.supervisor_id !== actor.id || !['cancelled', 'not-held'].includes(replaced.status))
      return said(context, actor, 'common.somethingWrong', 'session.notYoursToRebook');
  }
  const session = {
    id: input.bookingId,
    organisation_id: ORGANISATION_ID,
    kind,
    supervisee_id: supervisee.id,
    supervisor_id: actor.id,
    team_id: supervisee.team_id,
    trigger_request_id: null,
    starts_at: checked.startsAt.toJSDate(),
    duration_minutes: checked.minutes,
    status: 'booked' as const,
    status_reason: null,
    booked_by: actor.id,
    replaces_session_id: input.replaces || null,
    created_at: now,
    updated_at: now,
  };
  const inserted = await context.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('supervision_session')
      .values(session)
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: input.replaces ? 'session.rebook' : 'session.book',
      objectType: 'supervision_session',
      objectId: session.id,
      detail: { supervisee: supervisee.id, kind, ...(input.replaces ? { replaces: input.replaces } : {}) },
    });
    // The practitioner is told in their language.
    const theirs = speechOf(context.pack, supervisee);
    await notifyPerson(trx, {
      personId: supervisee.id,
      key: `session:${session.id}:booked`,
      now,
      text: inEach(theirs, (locale) => t(locale, 'session.bookedNotice', { when: momentText(session.starts_at, context.calendar, locale) })),
      view: sessionView(
        context,
        session,
        {
          title: t(theirs, 'session.bookedTitle'),
          text: t(theirs, 'session.bookedText', { name: actor.display_name, kind: kindTitle(context, kind).toLowerCase() }, { paragraphs: true }),
          withName: actor.display_name,
          buttons: superviseeButtonsIn(theirs),
        },
        theirs,
      ),
    });
    return true;
  });
  if (!inserted) return said(context, actor, 'session.alreadyBookedTitle', 'session.alreadyBookedText');
  const speech = speechOf(context.pack, actor);
  return {
    view: sessionView(
      context,
      session,
      {
        title: t(speech, 'session.bookedYouTitle'),
        // Each language's text whole, with the warning where the length is outside what the pack suggests.
        text: inEach(
          speech,
          (locale) =>
            [
              t(locale, 'session.bookedYouText', { name: supervisee.display_name }),
              length && 'warning' in length
                ? t(locale, 'session.lengthWarning', { ...lengthValues(bounds!, locale), booked: lengthIn(checked.minutes, locale) })
                : '',
            ]
              .filter(Boolean)
              .join(' '),
          { paragraphs: true },
        ),
        withName: supervisee.display_name,
        buttons: supervisorButtonsIn(speech),
      },
      speech,
    ),
  };
}

/** A session's date and time, checked against the pack in force now: a working day, in working hours, in the future. */
export function checkTime(context: FlowContext, input: { date: string; time: string }, minutes: number) {
  return checkSessionTime({
    calendar: context.calendar,
    pack: context.pack,
    date: input.date,
    time: input.time,
    minutes,
    now: DateTime.fromJSDate(context.clock.now()),
  });
}

/** A booked session of these people, or their team's group supervision, that overlaps the given time, if any. */
export async function clashingSession(context: FlowContext, personIds: string[], startsAt: Date, minutes: number, exceptId?: string) {
  const ends = new Date(startsAt.getTime() + minutes * 60_000);
  const candidates = await context.db
    .selectFrom('supervision_session')
    .select(['id', 'kind', 'supervisee_id', 'supervisor_id', 'starts_at', 'duration_minutes'])
    .where('status', '=', 'booked')
    .where((where) =>
      where.or([
        where('supervisee_id', 'in', personIds),
        where('supervisor_id', 'in', personIds),
        // A one-to-one then would take someone out of their team's group supervision.
        where.and([where('kind', '=', 'group'), where('team_id', 'in', where.selectFrom('person').select('team_id').where('id', 'in', personIds))]),
      ]),
    )
    .where('starts_at', '<', ends)
    .where('starts_at', '>', new Date(startsAt.getTime() - 24 * 60 * 60_000))
    .execute();
  return candidates.find((session) => session.id !== exceptId && session.starts_at.getTime() + session.duration_minutes * 60_000 > startsAt.getTime());
}

const calendarButton = (speech: Speech) => ({ title: t(speech, 'session.addToCalendar'), verb: 'session.calendar' });
const superviseeButtonsIn = (speech: Speech) => [{ title: t(speech, 'session.askToMove'), verb: 'session.request-move-form' }, calendarButton(speech)];
const supervisorButtonsIn = (speech: Speech) => [
  { title: t(speech, 'session.moveIt'), verb: 'session.move-form' },
  { title: t(speech, 'session.cancelIt'), verb: 'session.cancel-form' },
  calendarButton(speech),
];
/** A message card in the actor's language: its title and its text from the catalogue. */
function said(context: FlowContext, actor: Actor, title: MessageId, text: MessageId, values?: MessageValues): FlowResult {
  const speech = speechOf(context.pack, actor);
  const result = message(t(speech, title, values), t(speech, text, values, { paragraphs: true }));
  return { ...result, view: { ...result.view, speech } };
}

/** How the practitioner of a session is written to (their language). */
async function superviseeSpeech(context: FlowContext, session: Pick<Session, 'supervisee_id'>): Promise<Speech> {
  return session.supervisee_id ? speechOfPerson(context.db, context.pack, session.supervisee_id) : speechOf(context.pack, undefined);
}

/** Was it held? Where the pack counts late starts for discussion (`reminders.changes`), held late is its own answer. */
export function outcomeButtons(context: FlowContext, speech: Speech = 'en-GB') {
  return [
    { title: t(speech, 'session.held'), verb: 'session.held' },
    ...(context.pack.reminders.changes ? [{ title: t(speech, 'session.heldLate'), verb: 'session.held-late' }] : []),
    { title: t(speech, 'session.notHeld'), verb: 'session.not-held-form' },
  ];
}

export function sessionView(
  context: FlowContext,
  session: Pick<Session, 'id' | 'starts_at' | 'duration_minutes'> & { kind?: string },
  shown: {
    title: string;
    text: string;
    /** The other person; left out where a card names a rota instead (group supervision). */
    withName?: string;
    /** The kind's title, where the session row does not carry one. */
    kind?: string;
    facts?: { title: string; value: string }[];
    buttons: { title: string; verb: string }[];
    lists?: { title: string; text: string }[];
  },
  speech: Speech = 'en-GB',
) {
  return {
    card: 'session' as const,
    speech,
    data: {
      title: shown.title,
      text: shown.text,
      facts: [
        { title: t(speech, 'session.when'), value: sessionWhenText(session, context.calendar, speech) },
        { title: t(speech, 'session.kind'), value: shown.kind ?? kindTitle(context, session.kind as SupervisionKind) },
        ...(shown.withName === undefined ? [] : [{ title: t(speech, 'session.with'), value: shown.withName }]),
        ...(shown.facts ?? []),
      ],
      lists: shown.lists ?? [],
      sessionId: session.id,
      buttons: shown.buttons,
    },
  };
}

/** Loads a session for a change and checks the one acting may make it. */
async function loadForChange(
  context: FlowContext,
  actor: Actor,
  sessionId: string,
  mode: ChangeMode | 'held',
): Promise<{ session: Session } | { result: FlowResult }> {
  const session = await context.db.selectFrom('supervision_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) return { result: said(context, actor, 'common.somethingWrong', 'session.unknown') };
  const owner = mode === 'request-move' ? session.supervisee_id : session.supervisor_id;
  if (owner !== actor.id) {
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: `session.${mode}.refused`,
      objectType: 'supervision_session',
      objectId: session.id,
    });
    return { result: said(context, actor, 'common.notYoursToActOn', 'session.sessionNotYours') };
  }
  const problem = stateProblem(session, mode, context.clock.now(), speechOf(context.pack, actor));
  return problem ? { result: problem } : { session };
}

/** Whether a session is still in a state that allows the change: booked, and started or not as the change needs. */
export function stateProblem(
  session: Pick<Session, 'status' | 'starts_at'>,
  mode: ChangeMode | 'held',
  now: Date,
  speech: Speech = 'en-GB',
): FlowResult | undefined {
  const said = (title: MessageId, text: MessageId, values?: MessageValues): FlowResult => {
    const result = message(t(speech, title, values), t(speech, text, values, { paragraphs: true }));
    return { ...result, view: { ...result.view, speech } };
  };
  if (session.status !== 'booked') return said('session.nothingToChangeTitle', 'session.nothingToChangeText', { status: session.status.replace('-', '_') });
  const started = session.starts_at <= now;
  if ((mode === 'held' || mode === 'not-held') && !started) return said('session.notYetTitle', 'session.notYetText');
  if ((mode === 'move' || mode === 'cancel' || mode === 'request-move') && started) return said('session.startedTitle', 'session.startedText');
  return undefined;
}

const forms: Record<ChangeMode, { title: MessageId; submitTitle: MessageId; verb: string; askTime: boolean; dateLabel?: MessageId }> = {
  move: { title: 'session.moveTitle', submitTitle: 'session.moveIt', verb: 'session.move', askTime: true, dateLabel: 'session.newDate' },
  cancel: { title: 'session.cancelTitle', submitTitle: 'session.cancelIt', verb: 'session.cancel', askTime: false },
  'request-move': {
    title: 'session.askToMoveTitle',
    submitTitle: 'session.ask',
    verb: 'session.request-move',
    askTime: true,
    dateLabel: 'session.dateThatSuits',
  },
  'not-held': { title: 'session.notHeld', submitTitle: 'session.recordIt', verb: 'session.not-held', askTime: false },
};

/** The reasons the pack allows for changing this kind's date, if it limits them; they bind a move as much as a cancellation (Cymru 2.7: "deferred"). */
function changeOfDateReasons(context: FlowContext, session: Pick<Session, 'kind'>, mode: ChangeMode): string[] | undefined {
  return mode === 'not-held' ? undefined : entryOf(context.pack.kinds, session.kind as SupervisionKind)?.cancellation?.onlyFor;
}

function reasonsFor(context: FlowContext, session: Pick<Session, 'kind'>, mode: ChangeMode): string[] {
  return changeOfDateReasons(context, session, mode) ?? DEFAULT_REASONS;
}

export async function changeForm(
  context: FlowContext,
  actor: Actor,
  input: { sessionId: string },
  mode: ChangeMode,
  state: { values?: Partial<ChangeInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const loaded = await loadForChange(context, actor, input.sessionId, mode);
  if ('result' in loaded) return loaded.result;
  const { session } = loaded;
  const other = await otherParty(context, session, actor);
  const speech = speechOf(context.pack, actor);
  const intro = inEach(speech, (locale) =>
    t(locale, mode === 'request-move' ? 'session.changeIntroAsk' : 'session.changeIntroTell', {
      kind: kindTitle(context, session.kind as SupervisionKind),
      name: other,
      when: momentText(session.starts_at, context.calendar, locale),
    }),
  );
  return changeFormView(context, session, mode, { intro, verb: forms[mode].verb }, state, speech);
}

/** The change form (session-change) of a session: a new time where the change needs one, and a reason from the policy's list. */
export function changeFormView(
  context: FlowContext,
  session: Pick<Session, 'id' | 'kind'>,
  mode: ChangeMode,
  shown: { intro: string; verb: string },
  state: { values?: Partial<ChangeInput>; errors?: Record<string, string> } = {},
  speech: Speech = 'en-GB',
): FlowResult {
  const form = forms[mode];
  const onlyFor = changeOfDateReasons(context, session, mode);
  const rule = onlyFor ? ` ${changeRule(context, session)}` : '';
  const errors = state.errors ?? {};
  return {
    view: {
      card: 'session-change',
      speech,
      data: {
        title: t(speech, form.title),
        intro: `${shown.intro}${rule}`,
        sessionId: session.id,
        verb: shown.verb,
        submitTitle: t(speech, form.submitTitle),
        askTime: form.askTime,
        dateLabel: form.dateLabel ? t(speech, form.dateLabel) : '',
        reasons: reasonsFor(context, session, mode).map((reason) => ({ title: reason, value: reason })),
        values: { date: state.values?.date ?? '', time: state.values?.time ?? '', reason: state.values?.reason ?? '', note: state.values?.note ?? '' },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

async function otherParty(context: FlowContext, session: Session, actor: Actor): Promise<string> {
  const otherId = session.supervisor_id === actor.id ? session.supervisee_id : session.supervisor_id;
  if (!otherId) return 'the team';
  const person = await context.db.selectFrom('person').select('display_name').where('id', '=', otherId).executeTakeFirst();
  return person?.display_name ?? 'someone no longer in the directory';
}

/**
 * A versioned update: of two clicks or two people, one changes the session and the other is told. The
 * person told (or, for a group session, the effects: the channel and the rota) go in the same transaction.
 */
export async function updateSession(
  context: FlowContext,
  session: Pick<Session, 'id' | 'version'>,
  set: Partial<Pick<Session, 'status' | 'status_reason' | 'starts_at' | 'record_due_at' | 'record_remind_at'>>,
  audit: { actorId: string; action: string; detail?: Record<string, unknown> },
  notify:
    | { personId: string | null; key: string; text: string; view: ReturnType<typeof sessionView> }
    | ((trx: Transaction<Database>, now: Date) => Promise<void>)
    | undefined,
): Promise<boolean> {
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('supervision_session')
      .set({ ...set, version: session.version + 1, updated_at: now })
      .where('id', '=', session.id)
      .where('version', '=', session.version)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, {
      at: now,
      actorId: audit.actorId,
      action: audit.action,
      objectType: 'supervision_session',
      objectId: session.id,
      detail: audit.detail ?? {},
    });
    if (typeof notify === 'function') await notify(trx, now);
    else if (notify?.personId) await notifyPerson(trx, { personId: notify.personId, key: notify.key, now, text: notify.text, view: notify.view });
    return true;
  });
}

/** "The Cafcass Cymru supervision procedure, section 2.7, allows moving or cancelling it only for: Illness; ..." */
function changeRule(context: FlowContext, session: Pick<Session, 'kind'>): string {
  const rule = entryOf(context.pack.kinds, session.kind as SupervisionKind)?.cancellation;
  return `The ${rule ? citeSource(context.pack, rule.source) : `${context.pack.organisation} policy`}, allows moving or cancelling it only for: ${(rule?.onlyFor ?? []).join('; ')}.`;
}

export function reasonProblem(context: FlowContext, session: Pick<Session, 'kind'>, mode: ChangeMode, input: ChangeInput): Record<string, string> {
  const reasons = reasonsFor(context, session, mode);
  if (!reasons.includes(input.reason))
    return {
      reason: changeOfDateReasons(context, session, mode) ? `${changeRule(context, session)} Choose one of those.` : `Choose one of: ${reasons.join('; ')}.`,
    };
  if (input.reason === OTHER_REASON && input.note.trim() === '') return { note: 'Say why in the note.' };
  return {};
}

/** A change of date for a reason the pack does not allow is refused and kept in the audit log (what was tried, not what was typed). */
async function auditRefusedReason(
  context: FlowContext,
  actor: Actor,
  session: Pick<Session, 'id' | 'kind'>,
  mode: ChangeMode,
  problems: Record<string, string>,
) {
  if (!problems.reason || !changeOfDateReasons(context, session, mode)) return;
  await writeAudit(context.db, {
    at: context.clock.now(),
    actorId: actor.id,
    action: `session.${mode}.reason-refused`,
    objectType: 'supervision_session',
    objectId: session.id,
  });
}

export const reasonText = (input: Pick<ChangeInput, 'reason' | 'note'>) => (input.note.trim() ? `${input.reason}: ${input.note.trim()}` : input.reason);

/** The reason's category alone, never the note: what may be said where others read it (a team channel). */
export const reasonCategory = (reason: string) => (reason === OTHER_REASON ? 'another reason' : reason.toLowerCase());

/**
 * The checks of a move: a reason, a new date and time (a working day, in working hours, in the future),
 * not the time it has already, and no clash with another session of these people. Each problem by its field.
 */
export async function checkMove(
  context: FlowContext,
  session: Pick<Session, 'id' | 'kind' | 'starts_at' | 'duration_minutes'>,
  input: ChangeInput,
  people: string[],
): Promise<{ ok: true; startsAt: Date } | { ok: false; errors: Record<string, string> } | { ok: false; result: FlowResult }> {
  const problems = reasonProblem(context, session, 'move', input);
  if (input.date === '') problems.date = 'Choose the new date.';
  if (input.time === '') problems.time = 'Choose the new time.';
  if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
  const checked = checkTime(context, input, session.duration_minutes);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  if (checked.startsAt.toMillis() === session.starts_at.getTime())
    return {
      ok: false,
      result: message('Already at that time', `The session is at ${momentText(session.starts_at, context.calendar)} already. Nothing was changed.`),
    };
  const clash = await clashingSession(context, people, checked.startsAt.toJSDate(), session.duration_minutes, session.id);
  if (clash) return { ok: false, errors: { time: `There is already a session then (${momentText(clash.starts_at, context.calendar)}). Choose another time.` } };
  return { ok: true, startsAt: checked.startsAt.toJSDate() };
}

export async function moveSession(context: FlowContext, actor: Actor, input: ChangeInput): Promise<FlowResult> {
  const loaded = await loadForChange(context, actor, input.sessionId, 'move');
  if ('result' in loaded) return loaded.result;
  const { session } = loaded;
  const checked = await checkMove(context, session, input, [actor.id, session.supervisee_id ?? actor.id]);
  if (!checked.ok && 'errors' in checked) await auditRefusedReason(context, actor, session, 'move', checked.errors);
  if (!checked.ok) return 'result' in checked ? checked.result : changeForm(context, actor, input, 'move', { values: input, errors: checked.errors });
  const moved = { ...session, starts_at: checked.startsAt };
  const theirs = await superviseeSpeech(context, session);
  const ok = await updateSession(
    context,
    session,
    { starts_at: moved.starts_at },
    { actorId: actor.id, action: 'session.move', detail: { from: session.starts_at.toISOString(), to: moved.starts_at.toISOString() } },
    {
      personId: session.supervisee_id,
      key: `session:${session.id}:moved:${session.version + 1}`,
      text: inEach(theirs, (locale) => t(locale, 'session.movedNotice', { when: momentText(moved.starts_at, context.calendar, locale) })),
      view: sessionView(
        context,
        moved,
        {
          title: t(theirs, 'session.movedTitle'),
          text: inEach(
            theirs,
            (locale) =>
              t(locale, 'session.movedText', {
                name: actor.display_name,
                when: momentText(session.starts_at, context.calendar, locale),
                reason: reasonText(input),
              }),
            { paragraphs: true },
          ),
          withName: actor.display_name,
          buttons: superviseeButtonsIn(theirs),
        },
        theirs,
      ),
    },
  );
  if (!ok) return said(context, actor, 'session.changedTitle', 'session.changedText');
  const speech = speechOf(context.pack, actor);
  return {
    view: sessionView(
      context,
      moved,
      {
        title: t(speech, 'session.movedYouTitle'),
        text: t(speech, 'session.movedYouText', {}, { paragraphs: true }),
        withName: await otherParty(context, session, actor),
        buttons: supervisorButtonsIn(speech),
      },
      speech,
    ),
  };
}

/** Cancelling, or marking not held: the practitioner is told, and the supervisor is asked to rebook at once. */
export async function endSession(context: FlowContext, actor: Actor, input: ChangeInput, mode: 'cancel' | 'not-held'): Promise<FlowResult> {
  const loaded = await loadForChange(context, actor, input.sessionId, mode);
  if ('result' in loaded) return loaded.result;
  const { session } = loaded;
  const problems = reasonProblem(context, session, mode, input);
  await auditRefusedReason(context, actor, session, mode, problems);
  if (Object.keys(problems).length > 0) return changeForm(context, actor, input, mode, { values: input, errors: problems });
  const status = mode === 'cancel' ? ('cancelled' as const) : ('not-held' as const);
  const theirs = await superviseeSpeech(context, session);
  const ok = await updateSession(
    context,
    session,
    { status, status_reason: reasonText(input) },
    { actorId: actor.id, action: `session.${mode}`, detail: { reason: input.reason } },
    {
      personId: session.supervisee_id,
      key: `session:${session.id}:${status}`,
      text: t(theirs, mode === 'cancel' ? 'session.cancelledNotice' : 'session.notHeldNotice'),
      view: sessionView(
        context,
        session,
        {
          title: t(theirs, mode === 'cancel' ? 'session.cancelledTitle' : 'session.notHeldTitle'),
          text: t(
            theirs,
            mode === 'cancel' ? 'session.cancelledText' : 'session.notHeldText',
            { name: actor.display_name, reason: reasonText(input) },
            { paragraphs: true },
          ),
          withName: actor.display_name,
          buttons: [],
        },
        theirs,
      ),
    },
  );
  if (!ok) return said(context, actor, 'session.changedTitle', 'session.changedText');
  const rule = rebookRule(context, session.kind);
  return bookForm(context, actor, {
    supervisee: session.supervisee_id ?? undefined,
    kind: session.kind,
    replaces: session.id,
    intro: `${mode === 'cancel' ? 'Cancelled' : 'Recorded as not held'}, and they have been told. ${rule}`,
  });
}

/** What the pack asks of a cancelled session of this kind, in a sentence. */
export function rebookRule(context: FlowContext, kind: string): string {
  const rebook = entryOf(context.pack.kinds, kind as SupervisionKind)?.cancellation?.rebook;
  return rebook === 'at-once'
    ? `The ${context.pack.organisation} policy asks for a new date at once.`
    : rebook === 'priority-on-return'
      ? `The ${context.pack.organisation} policy asks that it is rebooked as a priority on return.`
      : `The ${context.pack.organisation} policy asks that it is rebooked at the earliest opportunity.`;
}

export async function requestMove(context: FlowContext, actor: Actor, input: ChangeInput): Promise<FlowResult> {
  const loaded = await loadForChange(context, actor, input.sessionId, 'request-move');
  if ('result' in loaded) return loaded.result;
  const { session } = loaded;
  const problems = reasonProblem(context, session, 'request-move', input);
  await auditRefusedReason(context, actor, session, 'request-move', problems);
  if ((input.date === '') !== (input.time === '')) problems[input.date === '' ? 'date' : 'time'] = 'Give both a date and a time, or neither.';
  if (Object.keys(problems).length > 0) return changeForm(context, actor, input, 'request-move', { values: input, errors: problems });
  const now = context.clock.now();
  const suggestedDay = parseIsoDate(input.date);
  await context.db.transaction().execute(async (trx) => {
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'session.request-move', objectType: 'supervision_session', objectId: session.id });
    // The supervisor is asked in their language.
    const theirs = await speechOfPerson(trx, context.pack, session.supervisor_id!);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: session.supervisor_id!,
      // One request per practitioner per version of the session: asking twice sends it once.
      key: `session:${session.id}:move-asked:${session.version}`,
      now,
      text: t(theirs, 'session.moveAskedNotice', { name }),
      view: sessionView(
        context,
        session,
        {
          title: t(theirs, 'session.moveAskedTitle', { name }),
          text: inEach(
            theirs,
            (locale) =>
              suggestedDay === undefined
                ? t(locale, 'session.moveAskedText', { reason: reasonText(input) })
                : t(locale, 'session.moveAskedSuggest', { reason: reasonText(input), day: dayText(suggestedDay, locale), time: input.time }),
            { paragraphs: true },
          ),
          withName: name,
          buttons: supervisorButtonsIn(theirs),
        },
        theirs,
      ),
    });
  });
  return said(context, actor, 'session.askedTitle', 'session.askedText');
}

/** Marking a session held starts its record's clock: due under the pack from the session's start, the supervisor reminded halfway from now (in working hours before it is due). */
export async function markHeld(context: FlowContext, actor: Actor, input: { sessionId: string; late?: boolean }): Promise<FlowResult> {
  const loaded = await loadForChange(context, actor, input.sessionId, 'held');
  if ('result' in loaded) return loaded.result;
  const { session } = loaded;
  const kind = session.kind as SupervisionKind;
  const startsAt = DateTime.fromJSDate(session.starts_at).setZone(context.calendar.zone);
  const endedAt = startsAt.plus({ minutes: session.duration_minutes });
  const due = entryOf(context.pack.kinds, kind)?.record
    ? recordDeadline({ pack: context.pack, calendar: context.calendar, kind, at: startsAt, endedAt })
    : undefined;
  const remindAt = due && recordReminder({ from: DateTime.fromJSDate(context.clock.now()), due: due.due, calendar: context.calendar });
  const ok = await updateSession(
    context,
    session,
    { status: 'held', record_due_at: due?.due.toJSDate() ?? null, record_remind_at: remindAt?.toJSDate() ?? null },
    // A late start is kept in the audit log, where the preparation cards count it (sessionChanges.ts).
    { actorId: actor.id, action: 'session.held', ...(input.late ? { detail: { late: true } } : {}) },
    // The first session of the two offers the supervision agreement; one near its yearly review, the review (agreements.ts).
    (trx, now) => offerAgreementAtSession(trx, context, session, now),
  );
  if (!ok) return said(context, actor, 'session.changedTitle', 'session.changedText');
  const next = session.supervisee_id ? await context.db.selectFrom('person').selectAll().where('id', '=', session.supervisee_id).executeTakeFirst() : undefined;
  const outcome = next ? await duesOf(context, next, today(context.clock.now(), context.calendar)) : undefined;
  const nextDue = outcome?.ok ? outcome.dues.find((entry) => entry.kind === kind) : undefined;
  const speech = speechOf(context.pack, actor);
  return {
    view: sessionView(
      context,
      session,
      {
        title: t(speech, 'session.markedHeldTitle'),
        // The record's deadline as the pack words it (`due.rule`).
        text: inEach(
          speech,
          (locale) =>
            [
              due
                ? t(locale, 'session.markedHeldRecord', {
                    moment: momentText(due.due.toJSDate(), context.calendar, locale),
                    organisation: context.pack.organisation,
                    rule: due.rule,
                  })
                : '',
              nextDue ? t(locale, 'session.markedHeldNext', { kind: kindTitle(context, kind).toLowerCase(), day: dayText(nextDue.date, locale) }) : '',
            ]
              .filter(Boolean)
              .join(' '),
          { paragraphs: true },
        ),
        withName: next?.display_name ?? t(speech, 'session.theTeam'),
        buttons: due ? [{ title: t(speech, 'session.recordIt'), verb: RECORD_BUTTON.verb }] : [],
      },
      speech,
    ),
  };
}

/** "1 hour 30 minutes" ("1 awr 30 munud"): a session's length in one language. */
function lengthIn(minutes: number, locale: Locale): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 && durationText({ amount: hours, unit: 'hours' }, locale), rest > 0 && durationText({ amount: rest, unit: 'minutes' }, locale)]
    .filter(Boolean)
    .join(' ');
}

/** The pack's bounds on a session's length, in one language, for the catalogue's `range` select. */
function lengthValues(length: SessionLength, locale: Locale) {
  return {
    cited: length.cited,
    range: length.min !== undefined && length.max !== undefined ? 'between' : length.min !== undefined ? 'atLeast' : 'upTo',
    min: length.min === undefined ? '' : lengthIn(length.min, locale),
    max: length.max === undefined ? '' : lengthIn(length.max, locale),
  };
}

/** On a held session's cards: opens its record card (records.ts), re-authorised there. */
export const RECORD_BUTTON = { title: 'Record it', verb: 'record.open' } as const;
