// Group supervision inside a simulated year (./simulation.ts): the supervisor sets up the team's channel
// through the group setup form, as in chat, and the team does what the bot asks: the practitioner who
// attends chooses their case when told they present; whoever is asked takes the attendance, ticking
// everyone but the absentee, who misses every session and so answers nothing (the supervisor who set it up
// is asked the next working morning, and takes it); and the recorder presses
// "I have recorded it" by the session's number in the series: at once (3, 6, ...), at the halfway
// reminder (2, 5, ...) or never (1, 4, ...), so that the request, the reminder and the overdue notices
// all come up. What the bot should send for all that is worked out here from the session dates and the
// pack's numbers, not from what it sent.
import { DateTime } from 'luxon';
import type { Actor, FlowContext, Place } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { formatIsoDate, fromYmd, parseIsoDate, toYmd, type DayNumber } from '../../src/domain/time/localDate.js';

export interface GroupPlan {
  /** The working day the supervisor sets it up, just after the sweeper's first run. */
  setUpOn: string;
  /** The first session's day and start (its length is the form's default, the pack's). */
  date: string;
  time: string;
  /** The practitioner (by index) who misses every session. */
  absentee: number;
}

export const CHANNEL = 'C0NORTH';
const PLACE: Place = { kind: 'channel', platform: 'slack', conversationId: CHANNEL };

type Expected = { at: string; to: string; key: string };

const sessionOfKey = (key: string, tail: string) => new RegExp(`^group:([0-9a-f-]{36}):(?:.*:)?${tail}$`).exec(key)?.[1];

function check(result: { view: { data: Record<string, unknown> } }, title: string, doing: string) {
  if (result.view.data.title !== title) throw new Error(`${doing} failed: ${JSON.stringify(result.view.data)}`);
}

/** The team's part: setting up, and answering the group's cards as they come. */
export function teamPlaysGroup(
  context: FlowContext,
  team: { supervisor: Actor; people: Actor[]; slackIds: Map<string, string>; absentee: Actor; plan: GroupPlan },
) {
  const { db } = context;
  const bySlackId = new Map(team.people.map((person) => [team.slackIds.get(person.id), person]));
  const sequenceOf = async (sessionId: string) =>
    (await db.selectFrom('group_session').select('sequence').where('session_id', '=', sessionId).executeTakeFirstOrThrow()).sequence;
  /** The recorder, told of the record, presses "I have recorded it". */
  const recorded = async (sessionId: string, recorder: Actor) =>
    check(await runAction(context, recorder, 'group.recorded', { sessionId }), 'Thank you', 'marking the group record');
  return {
    async setUp() {
      const form = await runCommand(context, team.supervisor, 'group setup', PLACE);
      if (form.view.card !== 'group-setup') throw new Error(`no setup form: ${JSON.stringify(form.view.data)}`);
      const { setupId, channel, values } = form.view.data as { setupId: string; channel: string; values: { team: string; duration: string } };
      const data = { setupId, channel, team: values.team, date: team.plan.date, time: team.plan.time, duration: values.duration };
      check(await runAction(context, team.supervisor, 'group.setup', data, PLACE), 'Group supervision is set up', 'setting up');
    },
    async answer(key: string, to: string) {
      const person = bySlackId.get(to);
      if (!person || person.id === team.absentee.id) return;
      const presenting = sessionOfKey(key, `role:${person.id}`);
      if (presenting) {
        const role = await db
          .selectFrom('group_role')
          .select('role')
          .where('session_id', '=', presenting)
          .where('person_id', '=', person.id)
          .executeTakeFirst();
        if (role?.role !== 'presenter') return;
        const form = await runAction(context, person, 'group.case-form', { sessionId: presenting });
        if (form.view.card !== 'group-case') throw new Error(`no case form: ${JSON.stringify(form.view.data)}`);
        check(
          await runAction(context, person, 'group.case', { sessionId: presenting, caseReference: context.pack.caseReference.example }),
          'Saved',
          'choosing the case',
        );
        return;
      }
      const taking = sessionOfKey(key, 'attendance(?::again)?');
      if (taking) {
        const form = await runAction(context, person, 'group.attendance-form', { sessionId: taking });
        const members = form.view.data.members as { value: string }[] | undefined;
        if (!members) throw new Error(`no attendance form: ${JSON.stringify(form.view.data)}`);
        const attended = members.map((member) => member.value).filter((id) => id !== team.absentee.id);
        check(
          await runAction(context, person, 'group.attendance', { sessionId: taking, attended: attended.join(',') }),
          'Attendance saved',
          'taking attendance',
        );
        return;
      }
      const requested = /^group:([0-9a-f-]{36}):record:request$/.exec(key)?.[1];
      if (requested && (await sequenceOf(requested)) % 3 === 0) return recorded(requested, person);
      const reminded = /^group:([0-9a-f-]{36}):record:reminder$/.exec(key)?.[1];
      if (reminded && (await sequenceOf(reminded)) % 3 === 2) return recorded(reminded, person);
    },
  };
}

/** The team's group sessions as the bot made them, with their rotas (first facilitator first, by name), and its members. */
export async function groupOfTeam(context: FlowContext, plan: GroupPlan) {
  const { db } = context;
  const sessions = await db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .select(['id', 'starts_at', 'duration_minutes', 'created_at', 'supervisor_id', 'status', 'group_session.team_id', 'sequence'])
    .orderBy('sequence')
    .execute();
  const roles = await db
    .selectFrom('group_role')
    .innerJoin('person', 'person.id', 'group_role.person_id')
    .select(['group_role.session_id', 'group_role.role', 'group_role.person_id', 'person.display_name'])
    .orderBy('display_name')
    .execute();
  const members = await db
    .selectFrom('person')
    .leftJoin('supervision_relationship', 'supervision_relationship.supervisee_id', 'person.id')
    .select(['person.id', 'person.display_name', 'person.start_date', 'supervision_relationship.supervisor_id'])
    .where('person.team_id', '=', sessions[0]?.team_id ?? '')
    .execute();
  return {
    plan,
    sessions: sessions.map((session) => {
      const of = (role: string) => roles.filter((row) => row.session_id === session.id && row.role === role).map((row) => row.person_id);
      return { ...session, facilitators: of('facilitator'), advisor: of('advisor')[0], presenter: of('presenter')[0] };
    }),
    members,
  };
}

type Simulated = {
  context: FlowContext;
  slackIds: Map<string, string>;
  workers: Actor[];
  group?: Awaited<ReturnType<typeof groupOfTeam>>;
};

/** What the bot sent about group supervision, as "2026-12-22 09:00 U0SUPERVI: text", or at one moment as "U0SUPERVI: text". */
export function groupMessages(result: { sent: { at: string; to: string; key: string; text: string }[] }, at?: string): string[] {
  return result.sent
    .filter((message) => message.key.startsWith('group') && (at === undefined || message.at === at))
    .map((message) => `${at === undefined ? `${message.at} ` : ''}${message.to}: ${message.text}`);
}

/** The group sessions' local start times, "2026-12-24 10:00", for checking against dates worked out by hand. */
export function groupSessionTimes(result: Simulated): string[] {
  const zone = result.context.calendar.zone;
  return (result.group?.sessions ?? []).map((session) => DateTime.fromJSDate(session.starts_at, { zone }).toFormat('yyyy-MM-dd HH:mm'));
}

/**
 * What the bot should have sent about group supervision: the setting-up post; for each session, the channel's
 * reminder and the rota's notes on its preparation day, the attendance card when it has ended, and, once the
 * attendance is taken, the record's request, its halfway reminder and its overdue notices as the recorder
 * answers; and each quarter's attendance nudges. `firstSweep` gives the sweeper's first run in working hours
 * at or after an instant.
 */
export function expectedGroupMessages(result: Simulated, until: string, firstSweep: (instant: DateTime) => string): Expected[] {
  const group = result.group;
  if (!group) return [];
  const { calendar, pack } = result.context;
  const last = parseIsoDate(until)!;
  const zone = calendar.zone;
  const slack = (personId: string) => result.slackIds.get(personId)!;
  const absentee = result.workers[group.plan.absentee]!.id;
  const dayOf = (instant: Date) => calendar.dayOf(DateTime.fromJSDate(instant));
  const morning = (day: DayNumber) => `${formatIsoDate(calendar.onOrAfter(day))} 09:00`; // everyone's reminder time: the start of working hours
  const setUpAt = `${group.plan.setUpOn} 09:00`;
  const expected: Expected[] = [{ at: setUpAt, to: CHANNEL, key: `group:${group.sessions[0]!.team_id}:set-up` }];
  const record = pack.kinds.group?.record;
  const deadline = record?.deadline;
  if (deadline && (deadline.type !== 'duration' || deadline.duration.unit !== 'working days'))
    throw new Error('the group record deadline is in working days in every pack');
  /** Sessions whose attendance was taken, by start: everyone there but the absentee. */
  const taken: Date[] = [];

  for (const session of group.sessions) {
    const day = dayOf(session.starts_at);
    const base = `group:${session.id}:${session.starts_at.toISOString()}`;
    const rota = [...session.facilitators, session.advisor, session.presenter].filter((id): id is string => Boolean(id));
    // The channel and the rota hear the pack's working days before; a session set up later hears at once.
    const prepare = calendar.workingDaysBefore(day, pack.reminders.prepareWorkingDaysBefore);
    const made = dayOf(session.created_at);
    if (prepare > made && prepare <= last) {
      expected.push({ at: morning(prepare), to: CHANNEL, key: `${base}:channel` });
      for (const id of rota) expected.push({ at: morning(prepare), to: slack(id), key: `${base}:role:${id}` });
    } else if (prepare <= made && session.sequence === 1) {
      for (const id of rota) expected.push({ at: setUpAt, to: slack(id), key: `${base}:role:${id}` });
    }
    // After it ends, the first facilitator (or the supervisor who set it up) is asked who attended.
    const ends = DateTime.fromJSDate(session.starts_at).plus({ minutes: session.duration_minutes });
    let asked = firstSweep(ends);
    if (parseIsoDate(asked.slice(0, 10))! > last) continue;
    const firstAsked = session.facilitators[0] ?? session.supervisor_id!;
    expected.push({ at: asked, to: slack(firstAsked), key: `${base}:attendance` });
    // The absentee never answers: the next working morning the supervisor who set it up is asked, and takes it.
    let taker = firstAsked;
    if (firstAsked === absentee) {
      const again = calendar.addWorkingDays(parseIsoDate(asked.slice(0, 10))!, 1);
      if (again > last) continue;
      taker = session.supervisor_id!;
      asked = morning(again);
      expected.push({ at: asked, to: slack(taker), key: `${base}:attendance:again` });
    }
    taken.push(session.starts_at);
    // Where a child discussed is followed up one-to-one (Cafcass 6.2), each practitioner there is told so as the attendance is taken.
    if (pack.group?.caseFollowUp)
      for (const worker of result.workers)
        if (worker.id !== absentee) expected.push({ at: asked, to: slack(worker.id), key: `group:${session.id}:case-follow-up:${worker.id}` });
    if (!record || !deadline || deadline.type !== 'duration') continue;
    // The recorder: the pack's, or whoever took the attendance if that person was not there.
    const chosen =
      record.recordedBy === 'presenter' ? session.presenter : record.recordedBy === 'facilitator' ? session.facilitators[0] : session.supervisor_id!;
    const recorder = chosen && chosen !== absentee ? chosen : taker;
    expected.push({ at: asked, to: slack(recorder), key: `group:${session.id}:record:request` });
    if (session.sequence % 3 === 0) continue;
    // Due at the end of the deadline's last working day after the session's day; reminded on the day halfway there.
    let dueDay = day;
    for (let count = 0; count < deadline.duration.amount;) if (calendar.isWorkingDay(++dueDay)) count += 1;
    const due = DateTime.fromISO(formatIsoDate(dueDay), { zone }).endOf('day');
    const halfway = DateTime.fromMillis((session.starts_at.getTime() + due.toMillis()) / 2, { zone });
    const halfwayDay = calendar.dayOf(halfway);
    const reminded = halfwayDay > parseIsoDate(asked.slice(0, 10))!;
    if (reminded && halfwayDay <= last) expected.push({ at: morning(halfwayDay), to: slack(recorder), key: `group:${session.id}:record:reminder` });
    if (session.sequence % 3 === 2 && reminded) continue;
    // Never recorded: the recorder and their supervisor are told on the next working morning after the deadline.
    if (calendar.onOrAfter(dueDay + 1) > last) continue;
    expected.push({ at: morning(dueDay + 1), to: slack(recorder), key: `group:${session.id}:record:overdue` });
    const above = group.members.find((member) => member.id === recorder)?.supervisor_id;
    if (above) expected.push({ at: morning(dueDay + 1), to: slack(above), key: `group:${session.id}:record:overdue:supervisor` });
  }

  // The pack's attendance rule (Cafcass: at least once a quarter), in periods from January: on the tenth working
  // day counted back from a period's last day, each member who owes one and has attended too few is nudged,
  // and their supervisor is told once. A member who started after the period's middle day owes none.
  const rule = pack.group?.attendance;
  if (rule) {
    const months = { month: 1, quarter: 3, year: 12 }[rule.per];
    const first = toYmd(parseIsoDate(group.plan.setUpOn)!);
    for (let period = fromYmd(first.year, Math.floor((first.month - 1) / months) * months + 1, 1); period <= last;) {
      const { year, month } = toYmd(period);
      const next = fromYmd(year + Math.floor((month - 1 + months) / 12), ((month - 1 + months) % 12) + 1, 1);
      let nudge = next;
      for (let count = 0; count < 10;) if (calendar.isWorkingDay(--nudge)) count += 1;
      const middle = period + Math.floor((next - 1 - period) / 2);
      const attendedByThen = taken.filter((startsAt) => dayOf(startsAt) >= period && dayOf(startsAt) < nudge).length;
      const missing = group.members.filter(
        (member) => (!member.start_date || parseIsoDate(member.start_date)! <= middle) && (member.id === absentee ? 0 : attendedByThen) < rule.atLeast,
      );
      if (nudge >= parseIsoDate(group.plan.setUpOn)! && nudge <= last) {
        for (const member of missing)
          expected.push({ at: morning(nudge), to: slack(member.id), key: `group-attendance:${formatIsoDate(period)}:${member.id}` });
        for (const above of new Set(missing.map((member) => member.supervisor_id).filter((id): id is string => Boolean(id))))
          expected.push({ at: morning(nudge), to: slack(above), key: `group-attendance:${formatIsoDate(period)}:supervisor:${above}` });
      }
      period = next;
    }
  }
  return expected;
}
