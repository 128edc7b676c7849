// Moving, cancelling and rebooking a group session, from the group card or a facilitator's note. Who may:
// a facilitator of the session, the supervisor who set the group up, or a supervisor or manager of the
// team, checked again at every press. The reasons and the checks are one-to-one supervision's
// (sessions.ts). The channel is told the new time, or the cancellation with the reason's category only
// (never the note, which could hold case detail); the rota is told privately. Reminders are keyed by
// the session's start, so a moved session gets them at its new time and a cancelled one none. A
// cancelled session can be rebooked at once, taking its place in the series (the policies ask for the
// earliest opportunity: Bexley group standard one); if it is not, the series goes on from the cancelled
// date, as the sweeper makes the next session once that date has passed.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { cardCatalog } from '../../cards/catalog.js';
import { isAutomatic } from '../../domain/group/cadence.js';
import { cadenceInWords } from '../../domain/policy/words.js';
import { formatIsoDate } from '../../domain/time/localDate.js';
import { writeAudit } from '../../store/audit.js';
import { ORGANISATION_ID } from '../../store/organisation.js';
import type { Database } from '../../store/schema.js';
import type { Actor, FlowContext, FlowResult } from '../context.js';
import { message } from '../context.js';
import { momentText, sessionWhenText, today } from '../format.js';
import { notifyPerson } from '../notify.js';
import { changeFormView, checkMove, checkTime, reasonCategory, reasonProblem, reasonText, rebookRule, stateProblem, updateSession } from '../sessions.js';
import { loadGroupSession, refused, unknown, type Loaded } from './actions.js';
import { announceSession } from './notes.js';
import {
  changeButtons,
  channelView,
  chooseAndSaveRota,
  groupSessionsOf,
  groupTitle,
  mayLead,
  postToChannel,
  privateView,
  roleHolders,
  roleWords,
  rotasOf,
  whenText,
} from './team.js';
import { inEach, t, type Locale } from '../../i18n/catalogue.js';
import { channelSpeech, speechOf } from '../speech.js';

type ChangeInput = z.output<(typeof cardCatalog)['session-change']['submit']>;
type RebookInput = z.output<(typeof cardCatalog)['group-rebook']['submit']>;
type State<T> = { values?: Partial<T>; errors?: Record<string, string>; intro?: string };

const changedMeanwhile = () => message('It changed meanwhile', 'This session was changed by someone else or by an earlier click. Nothing more was changed.');

async function forChange(context: FlowContext, actor: Actor, sessionId: string, mode: 'move' | 'cancel'): Promise<Loaded | FlowResult> {
  const loaded = await loadGroupSession(context, sessionId);
  if (!loaded) return unknown();
  if (!mayLead(actor, loaded.session, loaded.rota)) return refused(context, actor, `group.${mode}`, sessionId);
  return stateProblem(loaded.session, mode, context.clock.now()) ?? loaded;
}

export async function groupChangeForm(
  context: FlowContext,
  actor: Actor,
  input: { sessionId: string },
  mode: 'move' | 'cancel',
  state: State<ChangeInput> = {},
): Promise<FlowResult> {
  const loaded = await forChange(context, actor, input.sessionId, mode);
  if ('view' in loaded) return loaded;
  const { session, team } = loaded;
  const about = `${team}'s ${groupTitle(context).toLowerCase()}, ${momentText(session.starts_at, context.calendar)}.`;
  const intro =
    mode === 'move'
      ? `${about} The channel is told the new time and the reason (never the note); the rota is told privately and keeps its roles, and the presenter their case.`
      : `${about} The channel is told it is cancelled and the reason (never the note); the rota is told privately. To hold it on another day instead, move it.`;
  return changeFormView(context, session, mode, { intro, verb: `group.${mode}` }, state);
}

/**
 * To each person in the rota, privately: what changed and why (the note too: this is their own chat). While
 * the session is still on (moved), each is reminded of their role, with what they may do about it.
 */
async function tellRota(
  trx: Transaction<Database>,
  context: FlowContext,
  loaded: Loaded,
  shown: { session: Loaded['session']; key: string; title: string; text: string; now: Date; stillOn: boolean },
): Promise<void> {
  const { rota } = loaded;
  for (const person of roleHolders(rota)) {
    const chooseCase = person.role === 'presenter' && !loaded.session.presenter_case_reference;
    const roleLine =
      person.role === 'presenter' && loaded.session.presenter_case_reference
        ? 'You still present, with the case you chose.'
        : `You are still ${roleWords[person.role]}.`;
    const buttons = !shown.stillOn
      ? []
      : person.role === 'facilitator'
        ? changeButtons
        : chooseCase
          ? [{ title: 'Choose my case', verb: 'group.case-form' }]
          : [];
    await notifyPerson(trx, {
      personId: person.id,
      key: `${shown.key}:${person.id}`,
      now: shown.now,
      text: shown.title,
      view: privateView(context, shown.session, rota, {
        title: shown.title,
        text: shown.stillOn ? `${shown.text} ${roleLine}` : shown.text,
        buttons,
      }),
    });
  }
}

export async function moveGroupSession(context: FlowContext, actor: Actor, input: ChangeInput): Promise<FlowResult> {
  const loaded = await forChange(context, actor, input.sessionId, 'move');
  if ('view' in loaded) return loaded;
  const { session, rota, team } = loaded;
  const checked = await checkMove(
    context,
    session,
    input,
    roleHolders(rota).map((person) => person.id),
  );
  if (!checked.ok) return 'result' in checked ? checked.result : groupChangeForm(context, actor, input, 'move', { values: input, errors: checked.errors });
  const moved = { ...session, starts_at: checked.startsAt };
  const from = momentText(session.starts_at, context.calendar);
  const key = `group:${session.id}:moved:${session.version + 1}`;
  const ok = await updateSession(
    context,
    session,
    { starts_at: moved.starts_at },
    { actorId: actor.id, action: 'group.move', detail: { from: session.starts_at.toISOString(), to: moved.starts_at.toISOString(), reason: input.reason } },
    async (trx, now) => {
      // The channel in its speech: both languages, Welsh first, where the organisation's default is Welsh.
      const speech = channelSpeech(context.pack);
      await postToChannel(trx, {
        teamId: session.team_id!,
        key,
        now,
        text: inEach(speech, (locale) => t(locale, 'groupPost.movedNotice', { when: momentText(moved.starts_at, context.calendar, locale) })),
        view: channelView(context, moved, rota, {
          title: t(speech, 'groupPost.movedTitle'),
          team,
          lead: (locale) =>
            t(locale, 'groupPost.movedLead', { when: momentText(session.starts_at, context.calendar, locale), reason: reasonCategory(input.reason) }),
        }),
      });
      await tellRota(trx, context, loaded, {
        session: moved,
        key,
        now,
        title: 'Group supervision has moved',
        text: `${actor.display_name} moved ${team}'s ${groupTitle(context).toLowerCase()} from ${from}. Why: ${reasonText(input)}.`,
        stillOn: true,
      });
    },
  );
  if (!ok) return changedMeanwhile();
  return message(
    'Moved',
    `${team}'s ${groupTitle(context).toLowerCase()} is now ${whenText(context, moved)}. The channel and the rota have been told; the reminders follow the new time.`,
  );
}

export async function cancelGroupSession(context: FlowContext, actor: Actor, input: ChangeInput): Promise<FlowResult> {
  const loaded = await forChange(context, actor, input.sessionId, 'cancel');
  if ('view' in loaded) return loaded;
  const { session, team } = loaded;
  const problems = reasonProblem(context, session, 'cancel', input);
  if (Object.keys(problems).length > 0) return groupChangeForm(context, actor, input, 'cancel', { values: input, errors: problems });
  const when = momentText(session.starts_at, context.calendar);
  const ok = await updateSession(
    context,
    session,
    { status: 'cancelled', status_reason: reasonText(input) },
    { actorId: actor.id, action: 'group.cancel', detail: { reason: input.reason } },
    async (trx, now) => {
      const speech = channelSpeech(context.pack);
      const whenIn = (locale: Locale) => momentText(session.starts_at, context.calendar, locale);
      await postToChannel(trx, {
        teamId: session.team_id!,
        key: `group:${session.id}:cancelled`,
        now,
        text: inEach(speech, (locale) => t(locale, 'groupPost.cancelledNotice', { when: whenIn(locale) })),
        view: {
          card: 'notice',
          ...(speech === 'en-GB' ? {} : { speech }),
          data: {
            title: t(speech, 'groupPost.cancelledTitle'),
            text: inEach(
              speech,
              (locale) =>
                t(locale, 'groupPost.cancelledText', { group: groupTitle(context), team, when: whenIn(locale), reason: reasonCategory(input.reason) }),
              { paragraphs: true },
            ),
            facts: [{ title: t(speech, 'groupPost.was'), value: sessionWhenText(session, context.calendar, speech) }],
          },
        },
      });
      await tellRota(trx, context, loaded, {
        session,
        key: `group:${session.id}:cancelled`,
        now,
        title: 'Group supervision cancelled',
        text: `${actor.display_name} cancelled ${team}'s ${groupTitle(context).toLowerCase()} of ${when}. Why: ${reasonText(input)}.`,
        stillOn: false,
      });
    },
  );
  if (!ok) return changedMeanwhile();
  return rebookForm(context, actor, { sessionId: session.id }, { intro: t(speechOf(context.pack, actor), 'group.cancelledTold') });
}

// ---- rebooking a cancelled session ------------------------------------------------------------

/** What the pack asks of a cancelled group session: its rule where it has one, else its frequency. */
function rebookAdvice(context: FlowContext): string {
  const group = context.pack.group;
  if (context.pack.kinds.group?.cancellation) return rebookRule(context, 'group');
  if (!group || !isAutomatic(group.cadence)) return `The ${context.pack.organisation} policy sets no frequency for group supervision.`;
  return `The ${context.pack.organisation} policy asks for group supervision ${cadenceInWords(group.cadence)}.`;
}

/** A cancelled session of someone who may lead it, still the team's latest: nothing was booked after it. */
async function forRebook(context: FlowContext, actor: Actor, sessionId: string): Promise<Loaded | FlowResult> {
  const loaded = await loadGroupSession(context, sessionId);
  if (!loaded) return unknown();
  if (!mayLead(actor, loaded.session, loaded.rota)) return refused(context, actor, 'group.rebook', sessionId);
  if (loaded.session.status !== 'cancelled') return message('Nothing to rebook', 'This group session is not cancelled. Nothing was changed.');
  const later = await groupSessionsOf(context.db, loaded.session.team_id!)
    .where('group_session.sequence', '>', loaded.session.sequence)
    .limit(1)
    .executeTakeFirst();
  if (later)
    return later.replaces_session_id === loaded.session.id
      ? message('Rebooked already', `It was rebooked for ${momentText(later.starts_at, context.calendar)}. Nothing was changed.`)
      : message(
          'The next session is booked',
          `The series has gone on: the next session is ${whenText(context, later)}. To hold it sooner, move that one. Nothing was changed.`,
        );
  return loaded;
}

export async function rebookForm(context: FlowContext, actor: Actor, input: { sessionId: string }, state: State<RebookInput> = {}): Promise<FlowResult> {
  const loaded = await forRebook(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const { session, team } = loaded;
  const now = context.clock.now();
  const earliest = context.calendar.addWorkingDays(Math.max(today(session.starts_at, context.calendar), today(now, context.calendar)), 1);
  const time = DateTime.fromJSDate(session.starts_at).setZone(context.calendar.zone).toFormat('HH:mm');
  const errors = state.errors ?? {};
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'group-rebook',
      speech,
      data: {
        title: t(speech, 'group.rebookTitle'),
        intro: [
          state.intro,
          rebookAdvice(context),
          inEach(speech, (locale) =>
            t(locale, 'group.rebookCancelled', {
              team,
              group: groupTitle(context).toLowerCase(),
              moment: momentText(session.starts_at, context.calendar, locale),
              series: isAutomatic(context.pack.group!.cadence) ? 'yes' : 'no',
            }),
          ),
        ]
          .filter(Boolean)
          .join(' '),
        sessionId: session.id,
        rebookId: z.uuid().safeParse(state.values?.rebookId).success ? state.values!.rebookId! : randomUUID(),
        values: { date: state.values?.date ?? formatIsoDate(earliest), time: state.values?.time ?? time },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/** Thrown to roll the rebooking back when its id or its place in the series was taken meanwhile. */
class Raced extends Error {}

export async function rebookGroupSession(context: FlowContext, actor: Actor, input: RebookInput): Promise<FlowResult> {
  const done = await context.db.selectFrom('supervision_session').select(['booked_by', 'starts_at']).where('id', '=', input.rebookId).executeTakeFirst();
  if (done) {
    if (done.booked_by === actor.id)
      return message('Rebooked already', `It was rebooked for ${momentText(done.starts_at, context.calendar)} with this form already. Nothing was changed.`);
    // Someone else's form, sent again: refused and audited.
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'group.rebook.refused',
      objectType: 'supervision_session',
      objectId: input.rebookId,
    });
    return message("This isn't yours to act on", 'Someone else rebooked it with this form. Nothing was changed.');
  }
  const loaded = await forRebook(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const { session: cancelled, team } = loaded;
  const now = context.clock.now();
  const checked = checkTime(context, input, cancelled.duration_minutes);
  if (!checked.ok) return rebookForm(context, actor, input, { values: input, errors: checked.errors });
  const session = {
    id: input.rebookId,
    organisation_id: ORGANISATION_ID,
    kind: 'group',
    supervisee_id: null,
    supervisor_id: cancelled.supervisor_id,
    team_id: cancelled.team_id,
    trigger_request_id: null,
    starts_at: checked.startsAt.toJSDate(),
    duration_minutes: cancelled.duration_minutes,
    status: 'booked' as const,
    status_reason: null,
    booked_by: actor.id,
    replaces_session_id: cancelled.id,
    created_at: now,
    updated_at: now,
  };
  try {
    await context.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('supervision_session')
        .values(session)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new Raced();
      // Its place in the series: taken meanwhile if the sweeper made the next session after the cancelled date.
      const placed = await trx
        .insertInto('group_session')
        .values({ session_id: session.id, team_id: cancelled.team_id!, sequence: cancelled.sequence + 1 })
        .onConflict((conflict) => conflict.doNothing())
        .returning('session_id')
        .executeTakeFirst();
      if (!placed) throw new Raced();
      const chosen = await chooseAndSaveRota(trx, context, {
        teamId: cancelled.team_id!,
        sessionId: session.id,
        day: context.calendar.dayOf(checked.startsAt),
      });
      // The presenter who had prepared a case keeps it.
      if (chosen.presenter && chosen.presenter === loaded.rota.presenter?.id && cancelled.presenter_case_reference)
        await trx
          .updateTable('group_session')
          .set({ presenter_case_reference: cancelled.presenter_case_reference })
          .where('session_id', '=', session.id)
          .execute();
      await writeAudit(trx, {
        at: now,
        actorId: actor.id,
        action: 'group.rebook',
        objectType: 'supervision_session',
        objectId: session.id,
        detail: { replaces: cancelled.id },
      });
      await announceSession(trx, context, {
        session,
        rota: (await rotasOf(trx, [session.id])).get(session.id)!,
        team,
        key: `group:${session.id}:rebooked`,
        now,
        // To the channel: in both languages, Welsh first, where the organisation's default is Welsh.
        text: inEach(channelSpeech(context.pack), (locale) =>
          t(locale, 'group.rebookedPost', { moment: momentText(session.starts_at, context.calendar, locale) }),
        ),
        title: t(channelSpeech(context.pack), 'group.rebookedPostTitle'),
        lead: (locale) => t(locale, 'group.rebookedLead', { moment: momentText(cancelled.starts_at, context.calendar, locale) }),
      });
    });
  } catch (error) {
    // A second press, or the sweeper, got there first: the checks above now say which.
    if (error instanceof Raced) return rebookGroupSession(context, actor, input);
    throw error;
  }
  return message(
    'Rebooked',
    `${team}'s ${groupTitle(context).toLowerCase()} is now ${whenText(context, session)}, in place of the cancelled one. It is posted in the channel, and the rota is told before it.`,
  );
}
