// The sweeper's group work, for each team with a bound channel: once a session has started, the next one
// is made from the pack's group cadence (with its rota), and a few working days before each session
// (the pack's prepareWorkingDaysBefore) the channel is reminded, in working hours: date, time and rota,
// never a case. Each is a keyed item; the next session is also unique by its place in the series.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DueItem, DueProvider } from '../../delivery/sweeper.js';
import { isAutomatic, nextGroupDay } from '../../domain/group/cadence.js';
import { addCalendarDuration } from '../../domain/schedule/cadence.js';
import { formatIsoDate } from '../../domain/time/localDate.js';
import { citeSource } from '../../domain/policy/cite.js';
import { notifyPerson } from '../notify.js';
import { ORGANISATION_ID } from '../../store/organisation.js';
import type { Database } from '../../store/schema.js';
import type { FlowContext } from '../context.js';
import { clockText, dayText, momentText, today } from '../format.js';
import { inEach, t } from '../../i18n/catalogue.js';
import { channelSpeech } from '../speech.js';
import { channelView, chooseAndSaveRota, groupSessionsOf, postToChannel, rotasOf, teamName, type GroupChannel } from './team.js';

/** Sessions further ahead than this are not near their channel reminder yet. */
const AHEAD_DAYS = 45;

export function groupSessionsProvider(context: FlowContext): DueProvider {
  return {
    name: 'group sessions',
    // Nothing to do before a channel is set up.
    anyDue: (db) => sql<boolean>`exists (${db.selectFrom('group_channel').select('team_id')})`,
    async due(db, now) {
      const group = context.pack.group;
      if (!group) return [];
      const channels = await db.selectFrom('group_channel').selectAll().execute();
      const items: DueItem[] = [];
      for (const channel of channels) {
        const latest = await groupSessionsOf(db, channel.team_id).limit(1).executeTakeFirst();
        if (latest && latest.starts_at <= now && isAutomatic(group.cadence)) {
          const sequence = latest.sequence + 1;
          items.push({ key: `group-next:${channel.team_id}:${sequence}`, apply: (trx, at) => createNext(context, trx, channel, sequence, at) });
        }
      }
      if (context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) {
        items.push(...(await channelReminders(context, db, now)));
        for (const channel of channels) items.push(...(await groupOverdue(context, db, channel, now)));
      }
      return items;
    },
  };
}

/** A group session of a team's series: the session and its place in the series (the sweeper's next one, the demo's history). */
export async function insertGroupSession(
  trx: Kysely<Database> | Transaction<Database>,
  input: {
    id: string;
    supervisorId: string;
    teamId: string;
    startsAt: Date;
    minutes: number;
    sequence: number;
    status: 'booked' | 'held';
    bookedBy: string | null;
    now: Date;
    attendanceBy?: string;
  },
): Promise<void> {
  await trx
    .insertInto('supervision_session')
    .values({
      id: input.id,
      organisation_id: ORGANISATION_ID,
      kind: 'group',
      supervisee_id: null,
      supervisor_id: input.supervisorId,
      team_id: input.teamId,
      trigger_request_id: null,
      starts_at: input.startsAt,
      duration_minutes: input.minutes,
      status: input.status,
      status_reason: null,
      booked_by: input.bookedBy,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  await trx
    .insertInto('group_session')
    .values({
      session_id: input.id,
      team_id: input.teamId,
      sequence: input.sequence,
      ...(input.attendanceBy ? { attendance_by: input.attendanceBy, attendance_at: input.now } : {}),
    })
    .execute();
}

/** The next session after the team's latest, at the channel's time; skipping dates already past (after downtime). */
async function createNext(context: FlowContext, trx: Parameters<DueItem['apply']>[0], channel: GroupChannel, sequence: number, now: Date): Promise<void> {
  const sessions = await groupSessionsOf(trx, channel.team_id).execute();
  const latest = sessions[0];
  const first = sessions[sessions.length - 1];
  if (!latest || !first || latest.sequence !== sequence - 1) return; // made meanwhile
  const anchor = today(first.starts_at, context.calendar);
  const latestDay = today(latest.starts_at, context.calendar);
  let last = latestDay;
  // A calendar cadence counts months from the first session (a rebooked session takes the place of the one
  // it replaces, so it is not counted); after downtime, dates already past are skipped.
  let step = sequence - 1 - sessions.filter((session) => session.replaces_session_id !== null).length;
  const [hour, minute] = channel.time_of_day.split(':').map(Number) as [number, number];
  for (;;) {
    const day = nextGroupDay({
      cadence: context.pack.group!.cadence,
      calendar: context.calendar,
      anchor,
      last,
      sequence: step,
      everyWeeks: channel.interval_weeks,
    });
    if (day === undefined) return;
    const startsAt = context.calendar.atMinute(day, hour * 60 + minute).toJSDate();
    step += 1;
    last = day;
    if (startsAt <= now || day <= latestDay) continue;
    const id = randomUUID();
    await insertGroupSession(trx, {
      id,
      supervisorId: channel.set_up_by,
      teamId: channel.team_id,
      startsAt,
      minutes: channel.duration_minutes,
      sequence,
      status: 'booked',
      bookedBy: null,
      now,
    });
    await chooseAndSaveRota(trx, context, { teamId: channel.team_id, sessionId: id, day });
    return;
  }
}

/** The channel's reminder of each coming session, from its preparation day until it starts. */
async function channelReminders(context: FlowContext, db: Parameters<DueProvider['due']>[0], now: Date): Promise<DueItem[]> {
  const day = today(now, context.calendar);
  const sessions = await db
    .selectFrom('supervision_session')
    .innerJoin('group_channel', 'group_channel.team_id', 'supervision_session.team_id')
    .selectAll('supervision_session')
    .where('supervision_session.kind', '=', 'group')
    .where('supervision_session.status', '=', 'booked')
    .where('supervision_session.starts_at', '>', now)
    .where('supervision_session.starts_at', '<', new Date(now.getTime() + AHEAD_DAYS * 86_400_000))
    .execute();
  const items: DueItem[] = [];
  for (const session of sessions) {
    const sessionDay = today(session.starts_at, context.calendar);
    const prepareDay = context.calendar.workingDaysBefore(sessionDay, context.pack.reminders.prepareWorkingDaysBefore);
    // A session set up, rebooked or moved after its preparation day was posted then.
    if (prepareDay > day || prepareDay <= today(session.updated_at ?? session.created_at, context.calendar)) continue;
    items.push({
      key: `group:${session.id}:${session.starts_at.toISOString()}:channel`,
      apply: async (trx, at) => {
        const current = await trx.selectFrom('supervision_session').select(['status', 'starts_at']).where('id', '=', session.id).executeTakeFirst();
        if (current?.status !== 'booked' || current.starts_at.getTime() !== session.starts_at.getTime()) return;
        const rota = (await rotasOf(trx, [session.id])).get(session.id)!;
        const team = await teamName(trx, session.team_id!);
        // In the channel's speech: both languages, Welsh first, where the organisation's default is Welsh.
        const speech = channelSpeech(context.pack);
        const time = clockText(session.starts_at, context.calendar);
        await postToChannel(trx, {
          teamId: session.team_id!,
          key: `group:${session.id}:${session.starts_at.toISOString()}:channel`,
          now: at,
          text: inEach(speech, (locale) =>
            sessionDay === day ? t(locale, 'group.postToday', { time }) : t(locale, 'group.postOn', { day: dayText(sessionDay, locale), time }),
          ),
          view: channelView(context, session, rota, {
            title: inEach(speech, (locale) =>
              sessionDay === day ? t(locale, 'group.titleToday') : t(locale, 'group.titleOn', { day: dayText(sessionDay, locale) }),
            ),
            team,
          }),
        });
      },
    });
  }
  return items;
}

/**
 * A cancelled session not rebooked leaves a gap longer than the team's interval (Bexley group standard
 * one: "re-scheduled at the earliest opportunity to ensure the required frequency is maintained"). Once
 * the last session that went ahead is further back than the interval allows, the team's supervisor (who
 * set the group up) is told, privately, once and then once a week while it lasts, as for one-to-ones.
 */
async function groupOverdue(context: FlowContext, db: Parameters<DueProvider['due']>[0], channel: GroupChannel, now: Date): Promise<DueItem[]> {
  const group = context.pack.group!;
  const cadence = group.cadence.type === 'phased' ? group.cadence.phases[group.cadence.phases.length - 1]!.cadence : group.cadence;
  if (cadence.type !== 'rolling') return [];
  const sessions = await groupSessionsOf(db, channel.team_id).execute();
  const went = sessions.find((session) => session.status !== 'cancelled' && session.starts_at <= now);
  if (!went || !sessions.some((session) => session.status === 'cancelled' && session.starts_at > went.starts_at)) return [];
  const day = today(now, context.calendar);
  const every = channel.interval_weeks ? { amount: channel.interval_weeks, unit: 'weeks' as const, text: `${channel.interval_weeks} weeks` } : cadence.every;
  const due = context.calendar.onOrBefore(addCalendarDuration(today(went.starts_at, context.calendar), every));
  // Booked again (a rebooking or the next in the series) by the due day: the frequency is kept.
  if (
    due >= day ||
    sessions.some((session) => session.status === 'booked' && today(session.starts_at, context.calendar) <= due && session.starts_at > went.starts_at)
  )
    return [];
  const weeks = Math.floor((day - due) / 7);
  const key = `group-overdue:${channel.team_id}:${formatIsoDate(due)}:week-${weeks}`;
  const supervisor = channel.set_up_by;
  return [
    {
      key,
      apply: async (trx, at) => {
        const team = await teamName(trx, channel.team_id);
        const next = sessions.find((session) => session.status === 'booked' && session.starts_at > now);
        await notifyPerson(trx, {
          personId: supervisor,
          key,
          now: at,
          text: `Group supervision overdue for ${team}`,
          view: {
            card: 'notice',
            data: {
              title: 'Group supervision is overdue',
              text: `${team}'s last group supervision was on ${dayText(today(went.starts_at, context.calendar))}; the next was due by ${dayText(due)} and the session in between was cancelled without being rebooked${weeks === 0 ? '' : ` (overdue ${weeks} week${weeks === 1 ? '' : 's'})`}. ${next ? `The next one booked is ${momentText(next.starts_at, context.calendar)}. ` : ''}Please rebook it as soon as you can: /supervision group.`,
              facts: [{ title: 'Rule', value: citeSource(context.pack, group.source) }],
            },
          },
        });
      },
    },
  ];
}
