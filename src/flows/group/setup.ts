// "/supervision group" and "/supervision group setup": a supervisor or manager binds a team channel to
// their team and gives the first session (a working day, in working hours); later sessions follow the
// pack's group cadence. "group" alone shows the next session and its rota. Setting up is re-authorised
// on the server, and the session id is made with the form, so a second press changes nothing.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { cardCatalog } from '../../cards/catalog.js';
import { intervalChoices, isAutomatic, teamCadence } from '../../domain/group/cadence.js';
import { cadenceInWords } from '../../domain/policy/words.js';
import { sourceReference } from '../../domain/policy/cite.js';
import { defaultMinutes } from '../../domain/schedule/booking.js';
import { checkTime } from '../sessions.js';
import { formatIsoDate } from '../../domain/time/localDate.js';
import { writeAudit } from '../../store/audit.js';
import { ORGANISATION_ID } from '../../store/organisation.js';
import type { Actor, FlowContext, FlowResult, Place } from '../context.js';
import { message } from '../context.js';
import { momentText, today } from '../format.js';
import { attendanceThisPeriod } from './quarter.js';
import { announceSession } from './notes.js';
import { moveChannelForm } from './moveChannel.js';
import {
  LEADING_ROLES,
  boundTeamOf,
  teamsLedBy,
  changeButtons,
  chooseAndSaveRota,
  groupSessionsOf,
  groupTitle,
  mayLead,
  membersOf,
  privateView,
  rotaFacts,
  rotasOf,
  teamName,
  whenText,
} from './team.js';
import { inEach, t, type Locale } from '../../i18n/catalogue.js';
import { channelSpeech, speechOf } from '../speech.js';

type SetupInput = z.output<(typeof cardCatalog)['group-setup']['submit']>;

const notInChannel = () =>
  message(
    'Set it up in the team channel',
    "Group supervision is set up in your team's channel, so that its reminders reach the whole team: type /supervision group setup there (in Teams, @Supervision group setup).",
  );

export async function groupCommand(context: FlowContext, actor: Actor, rest: string, place: Place): Promise<FlowResult> {
  const word = rest.trim().toLowerCase();
  if (word === '') return groupOverview(context, actor, place);
  if (word === 'setup' || word === 'set up') return setupForm(context, actor, place);
  if (word === 'move') return moveChannelForm(context, actor, place);
  return message(
    'Group supervision',
    "Type group to see your team's next group supervision and its rota (in a private chat, with Move it and Cancel it for those who lead it), group setup in the team's channel to set it up, or group move in a new channel to move it there.",
  );
}

/** The next session of the team this channel (or, in a private chat, the person) belongs to. */
export async function groupOverview(context: FlowContext, actor: Actor, place: Place): Promise<FlowResult> {
  const teamId = place.kind === 'channel' ? await boundTeamOf(context, place) : actor.team_id;
  const bound = teamId
    ? await context.db.selectFrom('group_channel').select(['team_id', 'interval_weeks']).where('team_id', '=', teamId).executeTakeFirst()
    : undefined;
  if (!teamId || !bound)
    return message(
      'No group supervision here yet',
      place.kind === 'channel'
        ? 'This channel is not set up for group supervision. A supervisor or manager of the team types /supervision group setup here.'
        : "Your team's group supervision is not set up yet. A supervisor or manager of the team types /supervision group setup in the team's channel.",
    );
  const now = context.clock.now();
  const sessions = await groupSessionsOf(context.db, teamId).execute();
  const next = sessions
    .filter((session) => session.status === 'booked' && session.starts_at.getTime() + session.duration_minutes * 60_000 > now.getTime())
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())[0];
  const team = await teamName(context.db, teamId);
  // The interval the team chose, where the pack lets it choose (Bexley: every 2 to 4 weeks), with the pack's range.
  const chosen = context.pack.group ? teamCadence(context.pack.group.cadence, bound.interval_weeks) : undefined;
  const rule = context.pack.group
    ? chosen && bound.interval_weeks && chosen.type === 'rolling' && chosen.every.amount === bound.interval_weeks
      ? `${team} holds group supervision every ${bound.interval_weeks} weeks, as chosen within the ${context.pack.organisation} policy's ${cadenceInWords(context.pack.group.cadence)}.`
      : `Under the ${context.pack.organisation} policy, group supervision is held ${cadenceInWords(context.pack.group.cadence)}.`
    : '';
  // Attendance is personal: shown only in a private chat.
  const attended = place.kind === 'personal' ? await attendanceThisPeriod(context, actor.id, today(now, context.calendar)) : undefined;
  const title = `${groupTitle(context)}: ${team}`;
  // The latest of the series, cancelled with nothing booked after it: it may still be rebooked.
  const cancelled = !next && sessions[0]?.status === 'cancelled' ? sessions[0] : undefined;
  const shown = next ?? cancelled;
  const rota = shown ? (await rotasOf(context.db, [shown.id])).get(shown.id)! : undefined;
  const text = [
    next
      ? `The next session is on ${momentText(next.starts_at, context.calendar)}.`
      : cancelled
        ? `The session of ${momentText(cancelled.starts_at, context.calendar)} was cancelled; no other is booked yet.`
        : 'No session is booked yet.',
    rule,
    attended?.text ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  // Where only this person sees the answer (a private chat, or anywhere in Slack), with what they may do there.
  if (shown && rota && (place.kind === 'personal' || place.platform === 'slack')) {
    const leads = mayLead(actor, shown, rota);
    const buttons = cancelled
      ? leads
        ? [{ title: 'Rebook it', verb: 'group.rebook-form' }]
        : []
      : [...(leads ? changeButtons : []), ...(rota.presenter?.id === actor.id ? [{ title: 'Choose my case', verb: 'group.case-form' }] : [])];
    if (buttons.length > 0) return { view: privateView(context, shown, rota, { title, text, buttons }) };
  }
  return {
    view: {
      card: 'notice',
      data: { title, text, facts: next && rota ? [{ title: 'When', value: whenText(context, next) }, ...rotaFacts(context, rota)] : [] },
    },
  };
}

type Guard = { result: FlowResult } | { place: Extract<Place, { kind: 'channel' }>; teams: Awaited<ReturnType<typeof teamsLedBy>> };

async function setupGuard(context: FlowContext, actor: Actor, place: Place): Promise<Guard> {
  if (place.kind !== 'channel') return { result: notInChannel() };
  if (!context.pack.group)
    return {
      result: message(
        'No group supervision in the policy',
        `The ${context.pack.organisation} policy describes no group supervision, so there is nothing to set up.`,
      ),
    };
  if (!LEADING_ROLES.includes(actor.role))
    return { result: message('Only for supervisors and managers', 'A supervisor or manager of the team sets up its group supervision. Nothing was changed.') };
  if (await boundTeamOf(context, place)) return { result: await groupOverview(context, actor, place) };
  const teams = await teamsLedBy(context, actor);
  if (teams.length === 0)
    return { result: message('No team to set up', 'The directory records no team that you supervise or manage. Please ask your administrator.') };
  return { place, teams };
}

export async function setupForm(
  context: FlowContext,
  actor: Actor,
  place: Place,
  state: { values?: Partial<SetupInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const guard = await setupGuard(context, actor, place);
  if ('result' in guard) return guard.result;
  const open = guard.teams.filter((team) => !team.bound);
  if (open.length === 0)
    return message(
      'Set up already',
      'Group supervision is set up for your team in another channel already. To have it here instead, type /supervision group move in this channel (in Teams, @Supervision group move).',
    );
  const group = context.pack.group!;
  const firstDay = context.calendar.addWorkingDays(today(context.clock.now(), context.calendar), context.pack.reminders.prepareWorkingDaysBefore + 1);
  const choices = intervalChoices(group.cadence);
  // The pack's cadence in its words (cadenceInWords).
  const laterIn = (locale: Locale) =>
    t(locale, choices ? 'group.setupLaterChoose' : isAutomatic(group.cadence) ? 'group.setupLaterAuto' : 'group.setupLaterNone', {
      organisation: context.pack.organisation,
      cadence: cadenceInWords(group.cadence),
    });
  const rolesIn = (locale: Locale) =>
    t(locale, 'group.setupRoles', {
      facilitators: group.facilitators.min,
      rotate: group.facilitators.rotate ? 'yes' : 'no',
      advisor: group.advisor?.required ? (group.advisor.rotate ? 'rotating' : 'yes') : 'no',
    });
  const errors = state.errors ?? {};
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'group-setup',
      speech,
      data: {
        title: t(speech, 'group.setupTitle'),
        intro: inEach(speech, (locale) => t(locale, 'group.setupIntro', { group: groupTitle(context), later: laterIn(locale), roles: rolesIn(locale) }), {
          paragraphs: true,
        }),
        setupId: z.uuid().safeParse(state.values?.setupId).success ? state.values!.setupId! : randomUUID(),
        channel: guard.place.conversationId,
        teams: open.map((team) => ({ title: team.name, value: team.id })),
        // "Every 2 to 4 weeks": the team chooses; the form offers only what the policy allows.
        // Always a list (empty where the pack gives one interval): the card shows the choice only when there is one.
        intervals: (choices ?? []).map((weeks) => ({ title: t(speech, 'group.everyWeeks', { weeks }), value: String(weeks) })),
        values: {
          interval: state.values?.interval || (choices ? String(choices[choices.length - 1]) : ''),
          team: state.values?.team || open[0]!.id,
          date: state.values?.date ?? formatIsoDate(firstDay),
          time: state.values?.time ?? context.pack.workingHours.start,
          duration: state.values?.duration ?? String(defaultMinutes(context.pack, 'group')),
        },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function setupGroup(context: FlowContext, actor: Actor, input: SetupInput, place: Place): Promise<FlowResult> {
  const done = await context.db.selectFrom('supervision_session').select(['booked_by', 'team_id']).where('id', '=', input.setupId).executeTakeFirst();
  if (done) {
    if (done.booked_by === actor.id)
      return message('Set up already', 'Group supervision was set up with this form already; pressing the button again changes nothing.');
    // Someone else's form, sent again: refused and audited.
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'group.setup.refused',
      objectType: 'supervision_session',
      objectId: input.setupId,
    });
    return message("This isn't yours to act on", 'Someone else set up group supervision with this form. Nothing was changed.');
  }
  const guard = await setupGuard(context, actor, place);
  if ('result' in guard) return guard.result;
  const again = (errors: Record<string, string>) => setupForm(context, actor, place, { values: input, errors });
  const team = guard.teams.find((candidate) => candidate.id === input.team);
  if (!team) return again({ team: 'Choose a team that you supervise or manage.' });
  if (team.bound) return again({ team: `${team.name} has its group supervision in another channel already.` });
  const now = context.clock.now();
  const checked = checkTime(context, input, Number(input.duration));
  if (!checked.ok) return again(checked.errors);
  const interval = checkInterval(context, input.interval);
  if (!interval.ok) return again({ interval: interval.error });
  const session = {
    id: input.setupId,
    organisation_id: ORGANISATION_ID,
    kind: 'group',
    supervisee_id: null,
    supervisor_id: actor.id,
    team_id: team.id,
    trigger_request_id: null,
    starts_at: checked.startsAt.toJSDate(),
    duration_minutes: checked.minutes,
    status: 'booked' as const,
    status_reason: null,
    booked_by: actor.id,
    created_at: now,
    updated_at: now,
  };
  const members = await membersOf(context.db, team.id);
  const set = await context.db.transaction().execute(async (trx) => {
    const bound = await trx
      .insertInto('group_channel')
      .values({
        team_id: team.id,
        platform: guard.place.platform,
        conversation_id: guard.place.conversationId,
        conversation_reference: guard.place.reference ? JSON.stringify(guard.place.reference) : null,
        time_of_day: input.time,
        duration_minutes: checked.minutes,
        interval_weeks: interval.weeks,
        set_up_by: actor.id,
        set_up_at: now,
      })
      .onConflict((conflict) => conflict.doNothing())
      .returning('team_id')
      .executeTakeFirst();
    if (!bound) return false;
    await trx.insertInto('supervision_session').values(session).execute();
    await trx.insertInto('group_session').values({ session_id: session.id, team_id: team.id, sequence: 1 }).execute();
    await chooseAndSaveRota(trx, context, { teamId: team.id, sessionId: session.id, day: context.calendar.dayOf(checked.startsAt) });
    const rota = (await rotasOf(trx, [session.id])).get(session.id)!;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'group.setup',
      objectType: 'team',
      objectId: team.id,
      detail: { session: session.id, platform: guard.place.platform },
    });
    await announceSession(trx, context, {
      session,
      rota,
      team: team.name,
      key: `group:${team.id}:set-up`,
      now,
      // To the channel: in both languages, Welsh first, where the organisation's default is Welsh.
      text: inEach(channelSpeech(context.pack), (locale) => t(locale, 'group.setUpPost', { moment: momentText(session.starts_at, context.calendar, locale) })),
      title: t(channelSpeech(context.pack), 'group.setUpPostTitle'),
    });
    return true;
  });
  if (!set) return message('Set up already', 'This channel or this team was set up for group supervision meanwhile. Nothing more was changed.');
  const size = context.pack.group?.size;
  const sizeNote =
    size && ((size.min && members.length < size.min) || (size.max && members.length > size.max))
      ? ` The ${context.pack.organisation} policy's group process is for ${size.min ?? 1} to ${size.max ?? members.length} people; ${team.name} has ${members.length}.`
      : '';
  return message(
    'Group supervision is set up',
    `This channel now has ${team.name}'s group supervision. The first session is ${whenText(context, session)}; it and its rota are posted here, and each person in the rota will be told privately.${sizeNote}`,
  );
}

/**
 * The weeks between sessions a team chose: within the pack's range where it gives one (Bexley "every 2 to
 * 4 weeks", group standard one); where the pack sets the frequency, nothing is chosen.
 */
function checkInterval(context: FlowContext, given: string): { ok: true; weeks: number | null } | { ok: false; error: string } {
  const group = context.pack.group!;
  const choices = intervalChoices(group.cadence);
  if (!choices)
    return given.trim() === ''
      ? { ok: true, weeks: null }
      : { ok: false, error: `The ${context.pack.organisation} policy sets how often (${cadenceInWords(group.cadence)}); leave this out.` };
  const weeks = given.trim() === '' ? choices[choices.length - 1]! : /^\d{1,2}$/.test(given.trim()) ? Number(given.trim()) : Number.NaN;
  if (choices.includes(weeks)) return { ok: true, weeks };
  return {
    ok: false,
    error: `Choose every ${choices[0]} to ${choices[choices.length - 1]} weeks: the ${context.pack.organisation} policy holds group supervision ${cadenceInWords(group.cadence)} (${sourceReference(group.source)}).`,
  };
}
