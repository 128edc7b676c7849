// Group supervision in the month's report (issue 20), per team: the team's sessions in the month (held,
// did not take place, cancelled and rebooked or not, attendance still to take, still to come); what was
// due under the team's own cadence (the pack's, with the weeks between sessions the team chose within its
// bounds) and what became of it; whether the rota was kept (everyone given a role attended); and each
// member's attendance against the pack's rule (Cafcass 8 standard 4: at least one a quarter), counted in
// the period the month ends in, as the group flows count it (quarter.ts). Staff names only; no case.
import type { FlowContext } from '../flows/context.js';
import { today } from '../flows/format.js';
import { attendancePeriod, owesIn } from '../flows/group/quarter.js';
import { MEMBER_ROLES } from '../flows/group/team.js';
import { intervalChoices, isAutomatic, teamCadence } from '../domain/group/cadence.js';
import type { RotaRole } from '../domain/group/rota.js';
import { citeSource } from '../domain/policy/cite.js';
import { cadenceInWords } from '../domain/policy/words.js';
import { dueDates, type DueEntry } from '../domain/schedule/cadence.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { monthBounds, type Figures, type ReportMonth } from './scheduled.js';

/** The team's group sessions dated in the month, by what became of them. */
export interface GroupSessionFigures {
  held: number;
  /** Marked "it did not take place" when the attendance was asked for. */
  didNotTakePlace: number;
  cancelledRebooked: number;
  cancelledNotRebooked: number;
  /** Its time has come and nobody has taken the attendance yet. */
  attendanceNotTaken: number;
  /** Later in a month not yet over. */
  toCome: number;
}

/** Of the sessions held in the month: everyone the rota gave a role attended, or someone did not. */
export interface RotaFigures {
  kept: number;
  notKept: number;
  /** Roles whose holder did not attend, by role. */
  missed: Record<RotaRole, number>;
}

export type AttendanceOutcome = 'met' | 'short' | 'to-attend' | 'not-owed';

export interface AttendanceFigures {
  members: number;
  /** Attended as often as the rule asks in the period. */
  met: number;
  /** The period is over and they attended fewer. */
  short: number;
  /** The period is not over, and they have still to attend. */
  toAttend: number;
  /** Started in the second half of the period, so owe none in it (as the nudges count). */
  notOwed: number;
}

export interface GroupPersonRow {
  personId: string;
  person: string;
  attendedInMonth: number;
  /** Attended in the rule's period to the last day counted; null where the pack has no attendance rule. */
  attendedInPeriod: number | null;
  outcome: AttendanceOutcome | null;
}

export interface GroupTeam {
  teamId: string;
  team: string;
  /** A channel is bound with /supervision group setup. */
  setUp: boolean;
  /** The cadence the team holds its sessions to, in words. */
  cadence: string;
  sessions: GroupSessionFigures;
  /** What the team's cadence made due in the month; null where the pack's is as required, or none is set up. */
  due: Figures | null;
  rota: RotaFigures;
  attendance: AttendanceFigures | null;
  people: GroupPersonRow[];
}

export interface GroupReport {
  /** False where the pack describes no group supervision: nothing below is counted. */
  applies: boolean;
  /** The pack's group rule, cited. */
  rule: string | null;
  /** The pack's attendance rule and the period counted (the one the month's last counted day falls in). */
  attendance: { atLeast: number; per: string; rule: string; periodStart: string; periodEnd: string } | null;
  teams: GroupTeam[];
  totals: { sessions: GroupSessionFigures; due: Figures; rota: RotaFigures; attendance: AttendanceFigures };
}

const zeroSessions = (): GroupSessionFigures => ({
  held: 0,
  didNotTakePlace: 0,
  cancelledRebooked: 0,
  cancelledNotRebooked: 0,
  attendanceNotTaken: 0,
  toCome: 0,
});
const zeroDue = (): Figures => ({ due: 0, onTime: 0, late: 0, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0 });
const zeroRota = (): RotaFigures => ({ kept: 0, notKept: 0, missed: { facilitator: 0, advisor: 0, presenter: 0 } });
const zeroAttendance = (): AttendanceFigures => ({ members: 0, met: 0, short: 0, toAttend: 0, notOwed: 0 });
const addInto = <T extends { [K in keyof T]: number }>(into: T, more: T) => {
  for (const key of Object.keys(into) as (keyof T)[]) (into[key] as number) += more[key];
};

/** Rows by a key, in their order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const found = groups.get(key(row));
    if (found) found.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** What the team's due dates came to, as the scheduled figures count a person's. */
function tally(dues: DueEntry[], monthStart: DayNumber, monthEnd: DayNumber): Figures {
  const figures = zeroDue();
  for (const due of dues) {
    if (due.status === 'overdue') figures.overdue += 1;
    if (due.date < monthStart || due.date > monthEnd) continue;
    figures.due += 1;
    if (due.status === 'held') figures.onTime += 1;
    else if (due.status === 'late') figures.late += 1;
    else if (due.status === 'overdue' || due.status === 'missed') figures.notHeld += 1;
    else figures.notYetDue += 1;
  }
  return figures;
}

export async function groupReport(context: FlowContext, input: { month: ReportMonth; now: Date; teamIds?: readonly string[] }): Promise<GroupReport> {
  const { calendar, pack, db } = context;
  const group = pack.group;
  const empty = { sessions: zeroSessions(), due: zeroDue(), rota: zeroRota(), attendance: zeroAttendance() };
  if (!group) return { applies: false, rule: null, attendance: null, teams: [], totals: empty };
  const { monthStart, monthEnd, from, asOf } = monthBounds(calendar, input.month, input.now);
  const nowDay = today(input.now, calendar);
  const lastDay = Math.min(monthEnd, nowDay);
  const asOfDay = Math.min(monthEnd + 1, nowDay);
  const endOfLastDay = calendar.endOfDay(lastDay).toJSDate();
  const scoped = input.teamIds === undefined ? undefined : input.teamIds.length > 0 ? [...input.teamIds] : [''];

  const teams = await db
    .selectFrom('team')
    .leftJoin('group_channel', 'group_channel.team_id', 'team.id')
    .select(['team.id', 'team.name', 'group_channel.team_id as bound', 'group_channel.interval_weeks'])
    .$if(scoped !== undefined, (query) => query.where('team.id', 'in', scoped!))
    .orderBy('team.name')
    .execute();
  const teamIds = teams.map((team) => team.id);
  if (teamIds.length === 0) return { applies: true, rule: citeSource(pack, group.source), attendance: null, teams: [], totals: empty };
  const members = await db
    .selectFrom('person')
    .select(['id', 'display_name', 'team_id', 'start_date'])
    .where('team_id', 'in', teamIds)
    .where('role', 'in', [...MEMBER_ROLES])
    .orderBy('display_name')
    .orderBy('id')
    .execute();
  // Every group session of these teams to the month's end: the history the cadence counts from (a session a month at most).
  const sessions = await db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .select(['supervision_session.id', 'group_session.team_id', 'supervision_session.starts_at', 'supervision_session.status'])
    .where('supervision_session.kind', '=', 'group')
    .where('group_session.team_id', 'in', teamIds)
    .where('supervision_session.starts_at', '<=', calendar.endOfDay(monthEnd).toJSDate())
    .orderBy('supervision_session.starts_at')
    .execute();
  const inMonth = sessions.filter((session) => session.starts_at > from);
  const cancelled = inMonth.filter((session) => session.status === 'cancelled').map((session) => session.id);
  const rebooked = new Set(
    cancelled.length === 0
      ? []
      : (
          await db
            .selectFrom('supervision_session')
            .select('replaces_session_id')
            .where('replaces_session_id', 'in', cancelled)
            .where('status', '!=', 'cancelled')
            .execute()
        ).map((row) => row.replaces_session_id),
  );
  const heldInMonth = inMonth.filter((session) => session.status === 'held' && session.starts_at <= endOfLastDay).map((session) => session.id);
  const roles =
    heldInMonth.length === 0
      ? []
      : await db.selectFrom('group_role').select(['session_id', 'person_id', 'role']).where('session_id', 'in', heldInMonth).execute();

  // Attendance in the rule's period (or the month, where there is no rule), to the last day counted.
  const rule = group.attendance;
  const period = rule ? attendancePeriod(context, lastDay) : undefined;
  const countFrom = Math.min(period?.start ?? monthStart, monthStart);
  const memberIds = members.map((member) => member.id);
  const attended =
    memberIds.length === 0
      ? []
      : await db
          .selectFrom('group_attendance')
          .innerJoin('supervision_session', 'supervision_session.id', 'group_attendance.session_id')
          .select(['group_attendance.session_id', 'group_attendance.person_id', 'supervision_session.starts_at'])
          .where('group_attendance.attended', '=', true)
          .where('supervision_session.starts_at', '>', calendar.endOfDay(countFrom - 1).toJSDate())
          .where('supervision_session.starts_at', '<=', endOfLastDay)
          .$if(memberIds.length <= 1_000, (query) => query.where('group_attendance.person_id', 'in', memberIds))
          .execute();
  const present = new Set(attended.map((row) => `${row.session_id}:${row.person_id}`));
  const daysAttended = groupBy(attended, (row) => row.person_id);
  const membersOf = groupBy(members, (member) => member.team_id!);
  const sessionsOf = groupBy(sessions, (session) => session.team_id);
  const rolesOf = groupBy(roles, (row) => row.session_id);

  const result: GroupTeam[] = [];
  const totals = empty;
  for (const team of teams) {
    const own = sessionsOf.get(team.id) ?? [];
    const people = membersOf.get(team.id) ?? [];
    if (own.length === 0 && people.length === 0) continue;
    const cadence = teamCadence(group.cadence, team.interval_weeks);
    const chosen = team.interval_weeks !== null && intervalChoices(group.cadence)?.includes(team.interval_weeks);
    const figures = zeroSessions();
    for (const session of own.filter((one) => one.starts_at > from)) {
      if (session.status === 'held') figures.held += 1;
      else if (session.status === 'not-held') figures.didNotTakePlace += 1;
      else if (session.status === 'cancelled') figures[rebooked.has(session.id) ? 'cancelledRebooked' : 'cancelledNotRebooked'] += 1;
      else if (session.starts_at <= asOf) figures.attendanceNotTaken += 1;
      else figures.toCome += 1;
    }
    const rota = zeroRota();
    for (const { id } of own.filter((session) => session.starts_at > from && session.status === 'held' && session.starts_at <= endOfLastDay)) {
      const missed = (rolesOf.get(id) ?? []).filter((row) => !present.has(`${id}:${row.person_id}`));
      for (const row of missed) rota.missed[row.role] += 1;
      rota[missed.length === 0 ? 'kept' : 'notKept'] += 1;
    }
    // The cadence counts from the team's first session, over the sessions held to the last day counted.
    const first = own[0];
    const due =
      first && isAutomatic(cadence)
        ? tally(
            dueDates(cadence, {
              calendar,
              start: today(first.starts_at, calendar),
              from: monthStart,
              until: monthEnd,
              today: asOfDay,
              held: own
                .filter((session) => session.status === 'held' && session.starts_at <= endOfLastDay)
                .map((session) => today(session.starts_at, calendar)),
            }),
            monthStart,
            monthEnd,
          )
        : null;
    const attendance = rule && period ? zeroAttendance() : null;
    const rows: GroupPersonRow[] = people.map((person) => {
      const days = (daysAttended.get(person.id) ?? []).map((row) => today(row.starts_at, calendar));
      const row: GroupPersonRow = {
        personId: person.id,
        person: person.display_name,
        attendedInMonth: days.filter((day) => day >= monthStart).length,
        attendedInPeriod: null,
        outcome: null,
      };
      if (!rule || !period || !attendance) return row;
      row.attendedInPeriod = days.filter((day) => day >= period.start && day <= period.end).length;
      const start = person.start_date ? parseIsoDate(person.start_date) : undefined;
      row.outcome = !owesIn(period, start) ? 'not-owed' : row.attendedInPeriod >= rule.atLeast ? 'met' : period.end < asOfDay ? 'short' : 'to-attend';
      attendance.members += 1;
      attendance[({ met: 'met', short: 'short', 'to-attend': 'toAttend', 'not-owed': 'notOwed' } as const)[row.outcome]] += 1;
      return row;
    });
    result.push({
      teamId: team.id,
      team: team.name,
      setUp: team.bound !== null,
      cadence: chosen ? `every ${team.interval_weeks} weeks, as the team chose (the policy: ${cadenceInWords(group.cadence)})` : cadenceInWords(group.cadence),
      sessions: figures,
      due,
      rota,
      attendance,
      people: rows,
    });
    addInto(totals.sessions, figures);
    if (due) addInto(totals.due, due);
    totals.rota.kept += rota.kept;
    totals.rota.notKept += rota.notKept;
    addInto(totals.rota.missed, rota.missed);
    if (attendance) addInto(totals.attendance, attendance);
  }
  return {
    applies: true,
    rule: citeSource(pack, group.source),
    attendance:
      rule && period
        ? {
            atLeast: rule.atLeast,
            per: rule.per,
            rule: citeSource(pack, rule.source),
            periodStart: formatIsoDate(period.start),
            periodEnd: formatIsoDate(period.end),
          }
        : null,
    teams: result,
    totals,
  };
}
