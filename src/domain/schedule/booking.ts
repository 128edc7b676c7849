// Booking a scheduled session: when it starts, how long it lasts by default, and what is wrong with a
// date and time a supervisor typed. Pure: the pack, the calendar and "now" come in.
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { PolicyPack, SupervisionKind } from '../policy/schema.js';
import { parseIsoDate } from '../time/localDate.js';
import { entryOf } from '../policy/entryOf.js';
import { citeSource } from '../policy/cite.js';
import type { Duration } from '../time/duration.js';

/** Kinds booked from the booking card: situational supervision is raised, group sessions come from the group's cadence. */
export function bookableKinds(pack: PolicyPack): SupervisionKind[] {
  return (Object.keys(pack.kinds) as SupervisionKind[]).filter((kind) => kind !== 'situational' && kind !== 'group' && !pack.kinds[kind]?.recordedWithin);
}

/** A length the pack gives, in minutes (a session's length is in minutes or hours). */
function minutesOf(duration: Duration): number | undefined {
  if (duration.unit === 'minutes') return duration.amount;
  if (duration.unit === 'hours' || duration.unit === 'working hours') return duration.amount * 60;
  return undefined;
}

/** The pack's length rule for a kind, if it applies to a person of this cohort (a rule for some cohorts only leaves the rest free). */
function lengthRule(pack: PolicyPack, kind: SupervisionKind, cohort: string | null | undefined) {
  const rule = entryOf(pack.kinds, kind)?.duration;
  if (!rule) return undefined;
  if (rule.cohorts && !(cohort && rule.cohorts.includes(cohort))) return undefined;
  return rule;
}

/** The pack's length for a kind of session, in minutes: typical, else the minimum, else the maximum; an hour if it says none. */
export function defaultMinutes(pack: PolicyPack, kind: SupervisionKind, cohort?: string | null): number {
  const rule = cohort === undefined ? entryOf(pack.kinds, kind)?.duration : lengthRule(pack, kind, cohort);
  const duration = rule?.typical ?? rule?.min ?? rule?.max;
  return (duration && minutesOf(duration)) ?? 60;
}

/** "1 hour 30 minutes", "2 hours", "45 minutes". */
export function minutesText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours > 0 && `${hours} hour${hours === 1 ? '' : 's'}`, rest > 0 && `${rest} minute${rest === 1 ? '' : 's'}`].filter(Boolean);
  return parts.join(' ');
}

export interface SessionLength {
  /** "at least 1 hour 30 minutes", "1 hour 30 minutes to 2 hours", "up to 1 hour 30 minutes". */
  range: string;
  /** Where the rule is written, as a person reads it. */
  cited: string;
  binding: boolean;
  min?: number;
  max?: number;
}

/** What the pack says about the length of this kind of session for a person of this cohort, if it gives bounds. */
export function sessionLength(pack: PolicyPack, kind: SupervisionKind, cohort: string | null | undefined): SessionLength | undefined {
  const rule = lengthRule(pack, kind, cohort);
  const min = rule?.min && minutesOf(rule.min);
  const max = rule?.max && minutesOf(rule.max);
  if (!rule || (min === undefined && max === undefined)) return undefined;
  const range =
    min !== undefined && max !== undefined
      ? `${minutesText(min)} to ${minutesText(max)}`
      : min !== undefined
        ? `at least ${minutesText(min)}`
        : `up to ${minutesText(max!)}`;
  return {
    range,
    cited: citeSource(pack, rule.source),
    binding: rule.binding === true,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  };
}

/**
 * A booked length against the pack's bounds: outside bounds the seed requires, a problem for the length field
 * naming the rule; outside bounds it only recommends, a warning, and the booking stands.
 */
export function checkSessionLength(length: SessionLength | undefined, minutes: number): { refused: string } | { warning: string } | undefined {
  if (!length) return undefined;
  const outside = (length.min !== undefined && minutes < length.min) || (length.max !== undefined && minutes > length.max);
  if (!outside) return undefined;
  if (!length.binding) return { warning: `${minutesText(minutes)} is outside what the ${length.cited}, suggests: ${length.range}. It is booked as you asked.` };
  const allowed =
    length.min !== undefined && length.max !== undefined
      ? `from ${length.min} to ${length.max} minutes`
      : length.min !== undefined
        ? `${length.min} minutes or more`
        : `${length.max} minutes or fewer`;
  return { refused: `Give ${allowed}: the ${length.cited}, asks for ${length.range}.` };
}

export const MAX_SESSION_MINUTES = 480;

export type SessionTimeCheck = { ok: true; startsAt: DateTime; minutes: number } | { ok: false; errors: Record<string, string> };

/** A session's start from a date and time in the organisation's zone: a working day, in working hours, not in the past. */
export function checkSessionTime(input: {
  calendar: WorkingCalendar;
  pack: PolicyPack;
  date: string;
  time: string;
  minutes: number;
  now: DateTime;
}): SessionTimeCheck {
  const errors: Record<string, string> = {};
  const day = parseIsoDate(input.date);
  if (day === undefined) return { ok: false, errors: { date: 'Choose a date.' } };
  const startsAt = DateTime.fromISO(`${input.date}T${input.time}`, { zone: input.calendar.zone });
  if (!startsAt.isValid) return { ok: false, errors: { time: 'Choose a time, as HH:MM.' } };
  const { start, end } = input.pack.workingHours;
  if (!input.calendar.isWorkingDay(day)) errors.date = `Choose a working day: ${startsAt.toFormat('ccc d LLL yyyy')} is a weekend or a bank holiday.`;
  else if (startsAt <= input.now) errors.date = 'Choose a time that has not passed yet.';
  else if (input.time < start || input.time >= end) errors.time = `Choose a start within working hours, from ${start} to before ${end}.`;
  if (!Number.isInteger(input.minutes) || input.minutes < 15 || input.minutes > MAX_SESSION_MINUTES)
    errors.duration = `Give the length in whole minutes, from 15 to ${MAX_SESSION_MINUTES}.`;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, startsAt, minutes: input.minutes };
}
