// The demo team's group supervision (issue 20), as a real series: set up in the playground's team channel
// months ago by the supervisor, through the group setup flow (src/flows/group/setup.ts), with the first
// session in the history's first month; each later one made by the sweeper's own group provider once the
// one before has started (sessions.ts: the pack's cadence, a rota each); after each session its attendance
// taken through the attendance flow (actions.ts), drawn from the history's seeded sequence, and its record
// marked done by the recorder. So the history is the series' first sessions (1..N, held) and the series goes
// on from there: its next session is booked ahead, on the cadence, as if the bot had been running. What the
// flows queued for the channel then counts as sent then: nothing old is sent now.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Sweeper, type DueProvider } from '../delivery/sweeper.js';
import { defaultMinutes } from '../domain/schedule/booking.js';
import { formatIsoDate, fromYmd, isoWeekday, toYmd, type DayNumber } from '../domain/time/localDate.js';
import type { Actor, FlowContext, Place } from '../flows/context.js';
import { markRecorded, saveAttendance } from '../flows/group/actions.js';
import { groupSessionsProvider } from '../flows/group/sessions.js';
import { setupGroup } from '../flows/group/setup.js';
import { groupSessionsOf, membersOf, rotasOf } from '../flows/group/team.js';
import { PLAYGROUND_CHANNEL } from './demo.js';
import type { Demo } from './demoActivity.js';

export interface DemoGroupSummary {
  /** Group sessions held (attendance taken), and the attendances ticked of the members' places at them. */
  groupSessions: number;
  groupAttended: number;
  groupPlaces: number;
  /** The day of the series' next session, booked ahead (null where the pack's group is as required). */
  groupNext: string | null;
}

/** Shares: a member with a role in the rota attends; anyone else does. */
const ATTENDED_WITH_ROLE = 0.95;
const ATTENDED = 0.75;
/** The sessions' time, and when each one's attendance is taken: a quarter of an hour after it ends. */
const SESSION_TIME = '14:00';
const ATTENDANCE_AFTER_MINUTES = 15;

/** The second Wednesday of the month `day` falls in. */
function secondWednesday(day: DayNumber): DayNumber {
  const { year, month } = toYmd(day);
  const first = fromYmd(year, month, 1);
  return first + ((3 - isoWeekday(first) + 7) % 7) + 7;
}

export async function seedDemoGroup(demo: Demo, window: { from: DayNumber; today: DayNumber }): Promise<DemoGroupSummary> {
  const { db, pack, calendar, now } = demo;
  const summary: DemoGroupSummary = { groupSessions: 0, groupAttended: 0, groupPlaces: 0, groupNext: null };
  if (!pack.group || !pack.kinds.group) return summary;
  // The flows' clock: the moment in the history being written.
  let at = now;
  const context: FlowContext = { db, pack, calendar, clock: { now: () => at } };
  const person = (id: string) => db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow() as Promise<Actor>;
  const supervisor = await person(demo.supervisorId);
  const teamId = supervisor.team_id!;
  const place: Place = { kind: 'channel', platform: 'teams', conversationId: PLAYGROUND_CHANNEL };

  // Set up in the channel on the history's first working day, the first session on that month's second Wednesday.
  at = calendar.atMinute(calendar.onOrAfter(window.from), 10 * 60).toJSDate();
  const firstDay = calendar.onOrAfter(secondWednesday(window.from));
  await setupGroup(
    context,
    supervisor,
    {
      setupId: randomUUID(),
      channel: PLAYGROUND_CHANNEL,
      team: teamId,
      date: formatIsoDate(firstDay),
      time: SESSION_TIME,
      interval: '',
      duration: String(defaultMinutes(pack, 'group')),
    },
    place,
  );
  const bound = await db.selectFrom('group_channel').select('team_id').where('team_id', '=', teamId).executeTakeFirst();
  if (!bound) throw new Error(`the demo team's group supervision could not be set up under the ${pack.id} policy`);

  // The sweeper's group provider, only its next-session items (the channel's reminders of the past are not written).
  const provider = groupSessionsProvider(context);
  const nextOnly: DueProvider = {
    name: provider.name,
    due: async (database, moment) => (await provider.due(database, moment)).filter((item) => item.key.startsWith('group-next:')),
  };
  const sweeper = new Sweeper(db, { now: () => at }, [nextOnly]);
  const absences = await db.selectFrom('absence').select(['person_id', 'from_date', 'to_date']).execute();

  let session = await groupSessionsOf(db, teamId).limit(1).executeTakeFirstOrThrow();
  for (let guard = 0; guard < 1000 && session.starts_at < now; guard += 1) {
    // Once it starts, the sweeper makes the next on the cadence.
    at = new Date(Math.min(session.starts_at.getTime() + 60_000, now.getTime()));
    await sweeper.sweepOnce();
    const next = await groupSessionsOf(db, teamId).limit(1).executeTakeFirstOrThrow();
    // Afterwards, who attended: those away or not started yet did not; of the rest most did, the rota nearly always.
    const day = calendar.dayOf(DateTime.fromJSDate(session.starts_at));
    const date = formatIsoDate(day);
    const rota = (await rotasOf(db, [session.id])).get(session.id)!;
    const roles = new Set([...rota.facilitators, ...(rota.advisor ? [rota.advisor] : []), ...(rota.presenter ? [rota.presenter] : [])].map((one) => one.id));
    const members = await membersOf(db, teamId);
    const starts = new Map(
      (await db.selectFrom('person').select(['id', 'start_date']).where('team_id', '=', teamId).execute()).map((row) => [row.id, row.start_date]),
    );
    const attended = members.filter((member) => {
      const draw = demo.random();
      const away = absences.some((absence) => absence.person_id === member.id && absence.from_date <= date && absence.to_date >= date);
      const started = (starts.get(member.id) ?? date) <= date;
      return !away && started && draw < (roles.has(member.id) ? ATTENDED_WITH_ROLE : ATTENDED);
    });
    const recordDraw = demo.random();
    at = new Date(session.starts_at.getTime() + (session.duration_minutes + ATTENDANCE_AFTER_MINUTES) * 60_000);
    if (at >= now || attended.length === 0) {
      // Its attendance is still to take (it has only just ended), or nobody came: left for the flows to ask.
      if (next.id === session.id) break;
      session = next;
      continue;
    }
    // Taken by the first facilitator who came, else by the supervisor who set the group up.
    const taker = rota.facilitators.find((one) => attended.some((member) => member.id === one.id));
    await saveAttendance(context, taker ? await person(taker.id) : supervisor, {
      sessionId: session.id,
      attended: attended.map((member) => member.id).join(','),
      notHeld: 'false',
    });
    const taken = await db.selectFrom('supervision_session').select('status').where('id', '=', session.id).executeTakeFirstOrThrow();
    if (taken.status !== 'held') throw new Error(`the demo's group session ${session.sequence} could not be marked held`);
    summary.groupSessions += 1;
    summary.groupAttended += attended.length;
    summary.groupPlaces += members.length;
    // The recorder writes the group's brief record one to eight working days on, and says so.
    const recorder = await db.selectFrom('group_session').select('recorder_id').where('session_id', '=', session.id).executeTakeFirstOrThrow();
    at = calendar.atMinute(calendar.addWorkingDays(day, 1 + Math.floor(recordDraw * 8)), 11 * 60).toJSDate();
    if (recorder.recorder_id && at < now) await markRecorded(context, await person(recorder.recorder_id), { sessionId: session.id });
    if (next.id === session.id) break;
    session = next;
  }
  const latest = await groupSessionsOf(db, teamId).limit(1).executeTakeFirstOrThrow();
  if (latest.status === 'booked' && latest.starts_at >= now) summary.groupNext = formatIsoDate(calendar.dayOf(DateTime.fromJSDate(latest.starts_at)));
  // What the flows queued for the channel and the rota then went then (the demo people's chats are connected only
  // when the playground starts): counted as sent at the time, so none of it is sent now.
  await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sent', sent_at: eb.ref('created_at') }))
    .where('status', '=', 'pending')
    .where('created_at', '<', now)
    .where((eb) => eb.or([eb('idempotency_key', 'like', 'group:%'), eb('idempotency_key', 'like', 'group-%')]))
    .execute();
  return summary;
}
