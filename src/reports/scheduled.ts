// Oversight report, first step of issue 20: for a month, per person supervised and per kind of scheduled
// supervision, what the pack made due in the month and what became of it: held on time, held late, not held,
// paused by leave; and what is overdue at the month's end. Read-only; a handful of queries for everyone.
// The due dates come from the same engine as "upcoming", "team" and the cadence watch (arrangedSchedule,
// moveDuesPastLeave), counted from the sessions held.
import { sql, type Kysely } from 'kysely';
import { arrangedSchedule } from '../flows/agreements.js';
import type { FlowContext } from '../flows/context.js';
import { today } from '../flows/format.js';
import { recordedDiscussions, withMoreHeld, type HeldByKind } from '../flows/situationalHeld.js';
import { citeSource } from '../domain/policy/cite.js';
import { entryOf } from '../domain/policy/entryOf.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { COUNT_IN_YEAR_LOOKBACK_DAYS } from '../domain/schedule/cadence.js';
import { moveDuesPastLeave, type DueAfterLeave, type Leave } from '../domain/schedule/leave.js';
import { countedInYear } from '../domain/schedule/schedule.js';
import { daysInMonth, formatIsoDate, fromYmd, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';

/** A month as YYYY-MM. */
export interface ReportMonth {
  year: number;
  month: number;
}

export function parseMonth(text: string): ReportMonth | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return { year: Number(match[1]), month };
}

/**
 * A month's days and instants in the organisation's zone: its first and last day, the instant it begins
 * (`from`, exclusive: the end of the day before) and ends, and `asOf`: its end, or `now` in a month not over.
 */
export function monthBounds(calendar: WorkingCalendar, month: ReportMonth, now: Date) {
  const monthStart = fromYmd(month.year, month.month, 1);
  const monthEnd = monthStart + daysInMonth(month.year, month.month) - 1;
  const from = calendar.endOfDay(monthStart - 1).toJSDate();
  const endOfMonth = calendar.endOfDay(monthEnd).toJSDate();
  return { monthStart, monthEnd, from, endOfMonth, asOf: endOfMonth < now ? endOfMonth : now };
}

export const monthText = (month: ReportMonth) => `${month.year}-${String(month.month).padStart(2, '0')}`;

/** What became of one kind of one person's scheduled supervision due in the month. */
export interface Figures {
  /** Due dates that fell in the month (before any leave moved them). */
  due: number;
  /** Held by the due date (or, when leave moved it, by the moved date). */
  onTime: number;
  /** Held after the due date, by the month's end. */
  late: number;
  /** None held by the month's end (or, for a month not over, by `now`) while the due date has passed. */
  notHeld: number;
  /** Fell due during leave, moved to after the return, and not yet due again. */
  onLeave: number;
  /** Due later in a month not yet over, none held yet. */
  notYetDue: number;
  /** Everything of this kind overdue at the month's end, whenever it fell due (earlier months too). */
  overdue: number;
}

export interface PersonRow extends Figures {
  personId: string;
  person: string;
  teamId: string | null;
  team: string;
  kind: SupervisionKind;
}

export interface TeamReport {
  teamId: string | null;
  team: string;
  rows: PersonRow[];
  totals: Figures & { onTimePercent: number | null };
}

export interface ScheduledReport {
  month: string;
  /** The pack's rule for the report, cited, where it has one (`reporting`). */
  rule: string | null;
  /** The last day counted: the month's last, or today while the month is not over. */
  countedTo: string;
  teams: TeamReport[];
  totals: Figures & { onTimePercent: number | null };
  /** People supervised whose schedule cannot be told (no start date where the cohort needs one), by id. */
  unknown: { personId: string; person: string; reason: string }[];
}

export class UnknownTeamError extends Error {
  constructor(
    readonly team: string,
    readonly allowed: string[],
  ) {
    super(`'${team}' is not a team in the directory; teams: ${allowed.join(', ') || '(none)'}`);
  }
}

const NO_TEAM = '(no team)';
const zero = (): Figures => ({ due: 0, onTime: 0, late: 0, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0 });
const FIGURES = Object.keys(zero()) as (keyof Figures)[];
const add = (into: Figures, more: Figures) => {
  for (const key of FIGURES) into[key] += more[key];
};
/** On time of due, as a percentage to one decimal place; null when nothing was due. */
export const onTimePercent = (figures: Figures) => (figures.due === 0 ? null : Math.round((figures.onTime / figures.due) * 1000) / 10);

/** Everyone supervised (a cohort and a current supervisor), as the cadence watch reads them, with their team. */
export function supervised(db: Kysely<Database>, teamIds: readonly string[] | undefined) {
  let query = db
    .selectFrom('person')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select([
      'person.id',
      'person.cohort',
      'person.start_date',
      'person.created_at',
      'person.held_before',
      'person.counted_from',
      'person.display_name',
      'person.agreed_frequency',
      'person.agreed_phase_ends',
      'person.practice_review_on',
      'person.team_id',
      'team.name as team_name',
    ])
    .where('person.cohort', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('supervision_relationship')
          .select('supervision_relationship.supervisee_id')
          .whereRef('supervision_relationship.supervisee_id', '=', 'person.id')
          .where('supervision_relationship.ended_on', 'is', null),
      ),
    );
  if (teamIds !== undefined) query = teamIds.length === 0 ? query.where(sql<boolean>`false`) : query.where('person.team_id', 'in', teamIds);
  return query.orderBy('team.name').orderBy('person.display_name').orderBy('person.id').execute();
}

/** The team of this name, or UnknownTeamError naming the teams there are. */
export async function teamNamed(db: Kysely<Database>, name: string): Promise<{ id: string; name: string }> {
  const teams = await db.selectFrom('team').select(['id', 'name']).orderBy('name').execute();
  const team = teams.find((candidate) => candidate.name === name) ?? teams.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!team)
    throw new UnknownTeamError(
      name,
      teams.map((candidate) => candidate.name),
    );
  return team;
}

/**
 * The month's scheduled supervision, from the store, as at `now` (a month not over is counted to today).
 * Queries: the people, the sessions held (the latest of each kind before the month, all in it), absences,
 * discussions counted as supervision: the same for one team or fifty thousand people.
 */
export async function scheduledReport(
  context: FlowContext,
  input: {
    month: ReportMonth;
    teamId?: string;
    /** Only these teams (a person's line): none is nobody. */
    teamIds?: readonly string[];
    now: Date;
    /** Count these kinds instead of those the pack's `reporting` covers (the other obligations, obligations.ts). */
    kinds?: readonly SupervisionKind[];
  },
): Promise<ScheduledReport> {
  const { calendar, pack, db } = context;
  const monthStart = fromYmd(input.month.year, input.month.month, 1);
  const monthEnd = monthStart + daysInMonth(input.month.year, input.month.month) - 1;
  const nowDay = today(input.now, calendar);
  // Held sessions are counted to the month's end (or today); a due date before `asOf` with none held is overdue.
  const lastDay = Math.min(monthEnd, nowDay);
  const asOf = Math.min(monthEnd + 1, nowDay);
  const teamIds = input.teamIds ?? (input.teamId === undefined ? undefined : [input.teamId]);
  const everyone = teamIds === undefined;
  const endOfLastDay = calendar.endOfDay(lastDay).toJSDate();
  const startOfMonth = calendar.endOfDay(monthStart - 1).toJSDate();
  const lookbackStart = calendar.endOfDay(monthStart - COUNT_IN_YEAR_LOOKBACK_DAYS).toJSDate();
  const counted = [...new Set(Object.values(pack.cohorts).flatMap((cohort) => [...countedInYear(cohort)]))];
  // Everyone's rows are read beside the people (nothing to wait for); a team's by its people's ids, once known.
  const readHeld = (ids: readonly string[] | undefined) => {
    const heldQuery = () => {
      // Each session's day in the organisation's zone, as the database tells it: no instant to read and convert.
      const query = db
        .selectFrom('supervision_session')
        .select(['supervisee_id', 'kind', sql<DayNumber>`(starts_at at time zone ${calendar.zone.name})::date - date '1970-01-01'`.as('day')])
        .where('status', '=', 'held');
      return ids ? query.where('supervisee_id', 'in', ids) : query;
    };
    const absenceQuery = db.selectFrom('absence').select(['person_id', 'from_date', 'to_date']);
    return Promise.all([
      // The latest of each kind before the month: what the month's first due date counts from.
      heldQuery()
        .where('starts_at', '<=', startOfMonth)
        .select(sql<boolean>`starts_at > ${lookbackStart}`.as('in_year'))
        .distinctOn(['supervisee_id', 'kind'])
        .orderBy('supervisee_id', 'desc')
        .orderBy('kind', 'desc')
        .orderBy('starts_at', 'desc')
        .execute(),
      // All of the month's, to its end (or today).
      heldQuery().where('starts_at', '>', startOfMonth).where('starts_at', '<=', endOfLastDay).execute(),
      // "N a year" kinds count every session of the year before the month (the latest of each is among them).
      counted.length > 0
        ? heldQuery().where('kind', 'in', counted).where('starts_at', '>', lookbackStart).where('starts_at', '<=', startOfMonth).execute()
        : Promise.resolve([]),
      (ids ? absenceQuery.where('person_id', 'in', ids) : absenceQuery).execute(),
      recordedDiscussions(context, ids),
    ]);
  };
  const [people, everyonesRows] = await Promise.all([supervised(db, teamIds), everyone ? readHeld(undefined) : undefined]);
  const ids = people.map((person) => person.id);
  // A line of many teams is read as everyone is, rather than by a list of thousands of ids; the rest are not counted.
  const rows = everyonesRows ?? (people.length > 0 ? await readHeld(people.length > 1_000 ? undefined : ids) : undefined);

  const held = new Map<string, HeldByKind>();
  const leaves = new Map<string, Leave[]>();
  if (rows) {
    const [latestBefore, ofMonth, ofYear, absences, discussions] = rows;
    const countedKinds = new Set<string>(counted);
    const addHeld = (session: { supervisee_id: string | null; kind: string; day: DayNumber }) => {
      let byKind = held.get(session.supervisee_id!);
      if (!byKind) held.set(session.supervisee_id!, (byKind = {}));
      (byKind[session.kind as SupervisionKind] ??= []).push(session.day);
    };
    // Each session once: the latest before the month of an "N a year" kind, when within the year, is read with the year's.
    for (const session of latestBefore) if (!countedKinds.has(session.kind) || !session.in_year) addHeld(session);
    for (const session of ofMonth) addHeld(session);
    for (const session of ofYear) addHeld(session);
    for (const row of absences) {
      const leave = { from: parseIsoDate(row.from_date)!, to: parseIsoDate(row.to_date)! };
      const mine = leaves.get(row.person_id);
      if (mine) mine.push(leave);
      else leaves.set(row.person_id, [leave]);
    }
    for (const [id, more] of discussions) {
      // Only discussions up to the month's end count for it.
      const upTo: HeldByKind = {};
      for (const [kind, days] of Object.entries(more) as [SupervisionKind, DayNumber[]][]) upTo[kind] = days.filter((day) => day <= lastDay);
      held.set(id, withMoreHeld(held.get(id) ?? {}, upTo));
    }
  }

  const teams = new Map<string, TeamReport>();
  const unknown: ScheduledReport['unknown'] = [];
  const leaveRule = pack.leave;
  for (const person of people) {
    const cohort = person.cohort ? entryOf(pack.cohorts, person.cohort) : undefined;
    if (!cohort) {
      unknown.push({ personId: person.id, person: person.display_name, reason: `cohort '${person.cohort}' is not in the pack` });
      continue;
    }
    const start = person.start_date ? parseIsoDate(person.start_date) : cohort.needsStartDate ? undefined : today(person.created_at, calendar);
    if (start === undefined) {
      unknown.push({ personId: person.id, person: person.display_name, reason: 'no start date is recorded, and this cohort counts from it' });
      continue;
    }
    const heldOf = withHeldBefore(held.get(person.id) ?? {}, person.held_before);
    for (const days of Object.values(heldOf)) days?.sort((a, b) => a - b);
    const countedFrom = person.counted_from ? parseIsoDate(person.counted_from) : undefined;
    const scheduled = arrangedSchedule(context, person, {
      pack,
      calendar,
      cohortId: person.cohort!,
      start,
      held: heldOf,
      from: monthStart,
      today: asOf,
      until: monthEnd,
    }).filter((due) => countedFrom === undefined || due.status !== 'overdue' || due.date >= countedFrom);
    const personLeaves = leaves.get(person.id) ?? [];
    const dues: DueAfterLeave[] = leaveRule ? moveDuesPastLeave(scheduled, personLeaves, calendar, asOf, leaveRule.dueWithinWorkingDaysOfReturn) : scheduled;
    // The kinds the pack's `reporting` says the frequency report covers (Cumberland 11, Bexley QA b, Cafcass 5.2); all without one.
    const kinds = [...new Set([...cohort.supervision.map((entry) => entry.kind), ...dues.map((due) => due.kind)])].filter((kind) =>
      input.kinds ? input.kinds.includes(kind) : !pack.reporting || pack.reporting.covers.includes(kind),
    );
    const teamKey = person.team_id ?? '';
    const team = teams.get(teamKey) ?? { teamId: person.team_id, team: person.team_name ?? NO_TEAM, rows: [], totals: { ...zero(), onTimePercent: null } };
    teams.set(teamKey, team);
    for (const kind of kinds) {
      const figures = zero();
      for (const due of dues.filter((one) => one.kind === kind)) {
        if (due.status === 'overdue') figures.overdue += 1;
        const original = due.dueBeforeLeave ?? due.date;
        if (original < monthStart || original > monthEnd) continue;
        figures.due += 1;
        if (due.status === 'held' || due.status === 'late') {
          // Leave pauses the clock: held by the date the leave moved it to is on time.
          const leave = leaveRule ? personLeaves.find((one) => one.from <= due.date && due.date <= one.to) : undefined;
          const deadline = leave ? calendar.addWorkingDays(leave.to, leaveRule!.dueWithinWorkingDaysOfReturn) : due.date;
          if (due.heldOn !== undefined && due.heldOn <= deadline) figures.onTime += 1;
          else figures.late += 1;
        } else if (due.status === 'overdue' || due.status === 'missed') figures.notHeld += 1;
        else if (due.leave) figures.onLeave += 1;
        else figures.notYetDue += 1;
      }
      team.rows.push({ personId: person.id, person: person.display_name, teamId: person.team_id, team: team.team, kind, ...figures });
      add(team.totals, figures);
    }
  }
  const totals = { ...zero(), onTimePercent: null as number | null };
  const ordered = [...teams.values()].sort((a, b) => a.team.localeCompare(b.team));
  for (const team of ordered) {
    team.totals.onTimePercent = onTimePercent(team.totals);
    add(totals, team.totals);
  }
  totals.onTimePercent = onTimePercent(totals);
  const rule = pack.reporting ? citeSource(pack, pack.reporting.source) : null;
  return { month: monthText(input.month), rule, countedTo: formatIsoDate(lastDay), teams: ordered, totals, unknown };
}

/** The sessions held, with the last of each kind held before the bot as the directory import gave them. */
function withHeldBefore(held: HeldByKind, heldBefore: string | null): HeldByKind {
  const merged: HeldByKind = Object.fromEntries(Object.entries(held).map(([kind, days]) => [kind, [...(days ?? [])]]));
  if (!heldBefore) return merged;
  for (const [kind, date] of Object.entries(JSON.parse(heldBefore) as Record<SupervisionKind, string>)) {
    const day = parseIsoDate(date);
    if (day !== undefined) (merged[kind as SupervisionKind] ??= []).push(day);
  }
  return merged;
}
