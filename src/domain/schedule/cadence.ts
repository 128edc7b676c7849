// When is each supervision due? Pure functions from a cadence, a start date and the sessions held.
// Due dates that fall on a weekend or bank holiday move back to the working day before, so a
// rolling interval is never exceeded.
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Cadence, SimpleCadence } from '../policy/schema.js';
import type { Duration } from '../time/duration.js';
import { addMonths, type DayNumber } from '../time/localDate.js';
import { windowsBetween, yearOrigin, type Window } from './periods.js';

export type DueStatus = 'planned' | 'held' | 'late' | 'missed' | 'overdue';

export interface DueEntry {
  /** The last day by which the session should be held. */
  date: DayNumber;
  status: DueStatus;
  heldOn?: DayNumber;
  /** For one-per-period cadences, the period the session belongs to. */
  window?: Window;
  /** Index of the phase in a phased cadence. */
  phase?: number;
  /**
   * For "N a year" counted anywhere in the year: this entry is the `nth` of `of` owed in the year
   * `window`; `held` of them are held so far. Those still owed all fall due on the year's last working day.
   */
  count?: { nth: number; of: number; held: number };
}

export interface CadenceContext {
  calendar: WorkingCalendar;
  /** Start date of the person (or of the case allocation). */
  start: DayNumber;
  /** Entries due after this day are not produced. */
  until: DayNumber;
  /** Entries due before this day are left out, unless still outstanding on `today`. */
  from?: DayNumber;
  /** Sessions actually held, ascending. Before the last one, a due date with none held was missed. */
  held?: readonly DayNumber[];
  /** Dates on which phases that last 'until agreed' were agreed to end, ascending. */
  agreed?: readonly DayNumber[];
  /** When given, a due date before today with nothing held is overdue, and the next counts from today. */
  today?: DayNumber;
  /** A calendar window joined part-way: owed (the default), or only if at least half of it remained (the pack's `lateStart`). */
  periodJoinedPartWay?: 'owed' | 'if-half-remains';
}

/**
 * The fewest days from an anchor (a session held, a start) to the due date a rolling `step` gives it as
 * `dueDates` does (the date moved to the working day on or before it, or after it where that would be the
 * anchor itself), over every anchor in the `lookbackDays` up to `day`. A schedule anchored on or after
 * `day` minus this has nothing overdue on `day`: the cadence watch leaves such people and cases in the database.
 */
export function shortestDueGap(calendar: WorkingCalendar, step: Duration, day: DayNumber, lookbackDays = 400): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (let anchor = day - lookbackDays; anchor <= day; anchor += 1) {
    const raw = addCalendarDuration(anchor, step);
    let due = calendar.onOrBefore(raw);
    if (due <= anchor) due = calendar.onOrAfter(raw);
    shortest = Math.min(shortest, due - anchor);
  }
  return shortest;
}

export function addCalendarDuration(day: DayNumber, duration: Duration, times = 1): DayNumber {
  const amount = duration.amount * times;
  switch (duration.unit) {
    case 'days':
      return day + amount;
    case 'weeks':
      return day + amount * 7;
    case 'months':
      return addMonths(day, amount);
    case 'years':
      return addMonths(day, amount * 12);
    default:
      throw new Error(`a cadence cannot count in ${duration.unit}`);
  }
}

interface Phase {
  cadence: SimpleCadence;
  index: number;
  start: DayNumber;
  /** First day after the phase; undefined for the last phase (or an agreed phase not yet agreed). */
  end?: DayNumber;
}

function phasesOf(cadence: Cadence, context: CadenceContext): Phase[] {
  if (cadence.type !== 'phased') return [{ cadence, start: context.start, index: 0 }];
  const phases: Phase[] = [];
  let phaseStart = context.start;
  let agreedIndex = 0;
  for (const phase of cadence.phases) {
    let end: DayNumber | undefined;
    if (phase.until === 'agreed') end = context.agreed?.[agreedIndex++];
    else if (phase.until) end = addCalendarDuration(context.start, phase.until);
    phases.push({ cadence: phase.cadence, start: phaseStart, end, index: phases.length });
    if (end === undefined) break;
    phaseStart = Math.max(phaseStart, end);
  }
  return phases;
}

export function dueDates(cadence: Cadence, context: CadenceContext): DueEntry[] {
  const phases = phasesOf(cadence, context);
  const held = context.held ?? [];
  const lastHeld = held.length > 0 ? held[held.length - 1]! : undefined;
  const entries: DueEntry[] = [];
  const from = context.from ?? Number.NEGATIVE_INFINITY;
  const keep = (entry: DueEntry) => {
    if (entry.date >= from || entry.status === 'overdue') entries.push(entry);
  };

  let anchor = context.start;
  // With a held history, rolling cadences can start from the last session held before `from`.
  let firstOfPhase = true;
  if (context.from !== undefined) {
    const before = lastAtOrBefore(held, context.from);
    if (before !== undefined && before > anchor) {
      anchor = before;
      firstOfPhase = false;
    }
  }

  for (let index = 0; index < phases.length; index += 1) {
    const phase = phases[index]!;
    const phaseEnd = phase.end ?? Number.POSITIVE_INFINITY;
    if (phaseEnd <= anchor && index < phases.length - 1) continue;
    const simple = phase.cadence;
    if (simple.type === 'as-required') break;
    if (simple.type === 'rolling') {
      while (anchor < phaseEnd) {
        const step = firstOfPhase && anchor === context.start && simple.first ? simple.first : simple.every;
        const raw = addCalendarDuration(anchor, step);
        // "Weekly for 6 weeks": a session that would fall after the phase takes the next phase's interval.
        if (index < phases.length - 1 && raw > phaseEnd) break;
        firstOfPhase = false;
        let due = context.calendar.onOrBefore(raw);
        if (due <= anchor) due = context.calendar.onOrAfter(raw);
        if (due > context.until) return entries;
        const met = held.filter((day) => day > anchor && day <= due);
        const entry: DueEntry = { date: due, status: 'planned', phase: index };
        if (met.length > 0) {
          entry.status = 'held';
          entry.heldOn = met[0];
          anchor = met[met.length - 1]!;
        } else {
          const late = firstAfter(held, due);
          if (late !== undefined) {
            entry.status = 'late';
            entry.heldOn = late;
            anchor = late;
          } else if (context.today !== undefined && due < context.today) {
            entry.status = 'overdue';
            anchor = context.today;
          } else {
            anchor = due;
          }
        }
        keep(entry);
      }
      continue;
    }
    if (simple.type === 'per-year' && simple.spread === 'none') {
      countInYear(simple.count, simple.from === 'start-date' ? phase.start : yearOrigin(phase.start, 1), phase, phaseEnd, context, held, keep);
      anchor = Math.max(anchor, phaseEnd);
      continue;
    }
    // One session in each window: calendar months/quarters/years, or the year split evenly.
    const months = simple.type === 'calendar' ? { month: 1, quarter: 3, year: 12 }[simple.period] : 12 / simple.count;
    const origin =
      simple.type === 'calendar'
        ? yearOrigin(phase.start, simple.yearStartsInMonth ?? 1)
        : simple.from === 'start-date'
          ? phase.start
          : yearOrigin(phase.start, 1);
    // With `today`, windows since the last session held before today stay in view: unmet, they are overdue.
    const outstandingFrom = context.today === undefined ? undefined : (lastAtOrBefore(held, context.today) ?? phase.start - 1) + 1;
    const windowFrom = Math.max(phase.start, anchor, context.from === undefined ? phase.start : Math.min(context.from, outstandingFrom ?? context.from));
    const windowTo = Math.min(context.until, phaseEnd - 1);
    for (const window of windowsBetween(origin, months, windowFrom, windowTo)) {
      // A window the person joined late counts only if at least half of it remained, where the pack chose so.
      if (context.periodJoinedPartWay === 'if-half-remains' && window.start < phase.start && window.end - phase.start + 1 < (window.end - window.start + 1) / 2)
        continue;
      let due = context.calendar.onOrBefore(window.end);
      if (due < Math.max(window.start, phase.start)) due = window.end;
      if (due > context.until) break;
      const inWindow = held.find((day) => day >= window.start && day <= window.end);
      const entry: DueEntry = { date: due, status: 'planned', window, phase: index };
      if (inWindow !== undefined) {
        entry.status = 'held';
        entry.heldOn = inWindow;
      } else if (lastHeld !== undefined && lastHeld > window.end) {
        entry.status = 'missed';
      } else if (context.today !== undefined && due < context.today) {
        entry.status = 'overdue';
      }
      keep(entry);
    }
    anchor = Math.max(anchor, phaseEnd);
  }
  return entries;
}

/**
 * "Four a year": each year (from the origin) owes `count` sessions, held any time in it. Each owed
 * session is one entry due on the year's last working day: held (the nth held that year), or planned,
 * overdue or missed when the year ends short. A year the person joined with less than half of it left
 * is not counted, as for the even windows.
 */
function countInYear(
  count: number,
  origin: DayNumber,
  phase: Phase,
  phaseEnd: number,
  context: CadenceContext,
  held: readonly DayNumber[],
  keep: (entry: DueEntry) => void,
): void {
  const lastHeld = held.length > 0 ? held[held.length - 1]! : undefined;
  // With `today`, a year since the last one held that ended short stays in view (overdue), but only for
  // a year after it ended: the views read the sessions of the last two years (COUNT_IN_YEAR_LOOKBACK_DAYS).
  const outstandingFrom = context.today === undefined ? undefined : Math.max((lastAtOrBefore(held, context.today) ?? phase.start - 1) + 1, context.today - 365);
  const windowFrom = Math.max(phase.start, context.from === undefined ? phase.start : Math.min(context.from, outstandingFrom ?? context.from));
  const windowTo = Math.min(context.until, phaseEnd - 1);
  for (const window of windowsBetween(origin, 12, windowFrom, windowTo)) {
    if (window.start < phase.start && window.end - phase.start + 1 < (window.end - window.start + 1) / 2) continue;
    let due = context.calendar.onOrBefore(window.end);
    if (due < Math.max(window.start, phase.start)) due = window.end;
    if (due > context.until) break;
    const inYear = held.filter((day) => day >= window.start && day <= window.end);
    for (let nth = 1; nth <= count; nth += 1) {
      const entry: DueEntry = { date: due, status: 'planned', window, phase: phase.index, count: { nth, of: count, held: Math.min(inYear.length, count) } };
      if (nth <= inYear.length) {
        entry.status = 'held';
        entry.heldOn = inYear[nth - 1];
      } else if (lastHeld !== undefined && lastHeld > window.end) {
        entry.status = 'missed';
      } else if (context.today !== undefined && due < context.today) {
        entry.status = 'overdue';
      }
      keep(entry);
    }
  }
}

/** How far back the sessions held of an "N a year" kind must be read for what is due from today. */
export const COUNT_IN_YEAR_LOOKBACK_DAYS = 731;

/** Whole months left from `today` to the end of a year, to tell when the year is running out. */
export function monthsLeft(today: DayNumber, yearEnd: DayNumber): number {
  let months = 0;
  while (addMonths(today, months + 1) <= yearEnd + 1) months += 1;
  return months;
}

function firstAfter(sorted: readonly DayNumber[], day: DayNumber): DayNumber | undefined {
  for (const value of sorted) if (value > day) return value;
  return undefined;
}

function lastAtOrBefore(sorted: readonly DayNumber[], day: DayNumber): DayNumber | undefined {
  let found: DayNumber | undefined;
  for (const value of sorted) {
    if (value > day) break;
    found = value;
  }
  return found;
}
