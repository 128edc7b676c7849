// When a team's next group session falls, from the pack's group cadence: a rolling cadence counts from
// the last session (moved back to a working day, so "every 4 weeks" is never exceeded); a calendar or
// per-year cadence keeps the first session's week and weekday of the month ("the second Tuesday").
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Cadence, SimpleCadence } from '../policy/schema.js';
import { addCalendarDuration } from '../schedule/cadence.js';
import { addMonths, daysInMonth, fromYmd, isoWeekday, toYmd, type DayNumber } from '../time/localDate.js';

/** The cadence sessions follow from now on: a phased cadence's last phase. */
function settled(cadence: Cadence): SimpleCadence {
  return cadence.type === 'phased' ? cadence.phases[cadence.phases.length - 1]!.cadence : cadence;
}

/** Months between sessions for a one-per-period cadence; undefined for rolling and as-required. */
function monthsBetween(cadence: SimpleCadence): number | undefined {
  if (cadence.type === 'calendar') return { month: 1, quarter: 3, year: 12 }[cadence.period];
  if (cadence.type === 'per-year') return 12 / cadence.count;
  return undefined;
}

/**
 * "Every 2 to 4 weeks": the whole weeks a team may choose between sessions, shortest first, or undefined
 * when the pack sets one interval (or counts in months or by the calendar).
 */
export function intervalChoices(cadence: Cadence): number[] | undefined {
  const simple = settled(cadence);
  if (simple.type !== 'rolling' || !simple.notBefore) return undefined;
  const weeks = (duration: { amount: number; unit: string }) =>
    duration.unit === 'weeks' ? duration.amount : duration.unit === 'days' && duration.amount % 7 === 0 ? duration.amount / 7 : undefined;
  const shortest = weeks(simple.notBefore);
  const longest = weeks(simple.every);
  if (shortest === undefined || longest === undefined || shortest >= longest) return undefined;
  return Array.from({ length: longest - shortest + 1 }, (_, index) => shortest + index);
}

/**
 * The cadence a team's sessions are held against: the pack's (a phased cadence's last phase), with the
 * weeks between sessions the team chose where the pack lets it choose ("every 2 to 4 weeks", 3 chosen:
 * every 3 weeks, not before 2).
 */
export function teamCadence(cadence: Cadence, everyWeeks: number | null | undefined): SimpleCadence {
  const simple = settled(cadence);
  if (simple.type !== 'rolling' || !everyWeeks || !intervalChoices(cadence)?.includes(everyWeeks)) return simple;
  return { ...simple, every: { amount: everyWeeks, unit: 'weeks', text: `${everyWeeks} weeks` } };
}

/** Does this cadence make sessions by itself? As-required groups are booked by hand. */
export function isAutomatic(cadence: Cadence): boolean {
  return settled(cadence).type !== 'as-required';
}

/** The same week and weekday of the month, `months` later: the 2nd Tuesday stays the 2nd Tuesday; a 5th becomes the last. */
export function sameWeekdayOfMonth(anchor: DayNumber, months: number): DayNumber {
  const start = toYmd(anchor);
  const week = Math.ceil(start.day / 7);
  const weekday = isoWeekday(anchor);
  const first = addMonths(fromYmd(start.year, start.month, 1), months);
  const { year, month } = toYmd(first);
  const firstWeekday = first + ((weekday - isoWeekday(first) + 7) % 7);
  let target = firstWeekday + (week - 1) * 7;
  while (target > fromYmd(year, month, daysInMonth(year, month))) target -= 7;
  return target;
}

/** A working day near `day`: the one before, unless that leaves the month (then the one after). */
function workingDayInMonth(day: DayNumber, calendar: WorkingCalendar): DayNumber {
  const before = calendar.onOrBefore(day);
  return toYmd(before).month === toYmd(day).month ? before : calendar.onOrAfter(day);
}

/**
 * The day of session number `sequence + 1`, given the day of the first session (`anchor`) and of the
 * last one. Undefined when the cadence is as-required.
 */
export function nextGroupDay(input: {
  cadence: Cadence;
  calendar: WorkingCalendar;
  anchor: DayNumber;
  last: DayNumber;
  sequence: number;
  /** The team's chosen weeks between sessions, within intervalChoices; the pack's `every` when not given. */
  everyWeeks?: number | null;
}): DayNumber | undefined {
  const cadence = settled(input.cadence);
  const months = monthsBetween(cadence);
  if (months !== undefined) return workingDayInMonth(sameWeekdayOfMonth(input.anchor, months * input.sequence), input.calendar);
  if (cadence.type !== 'rolling') return undefined;
  const every = (teamCadence(input.cadence, input.everyWeeks) as typeof cadence).every;
  const target = input.calendar.onOrBefore(addCalendarDuration(input.last, every));
  const earliest = cadence.notBefore ? addCalendarDuration(input.last, cadence.notBefore) : input.last + 1;
  return target >= earliest ? target : input.calendar.onOrAfter(earliest);
}
