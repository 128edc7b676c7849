// Booking a scheduled session: when it starts, how long it lasts by default, and what is wrong with a
// date and time a supervisor typed. Pure: the pack, the calendar and "now" come in.
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { PolicyPack, SupervisionKind } from '../policy/schema.js';
import { parseIsoDate } from '../time/localDate.js';
import { entryOf } from '../policy/entryOf.js';

/** Kinds booked from the booking card: situational supervision is raised, group sessions come from the group's cadence. */
export function bookableKinds(pack: PolicyPack): SupervisionKind[] {
  return (Object.keys(pack.kinds) as SupervisionKind[]).filter((kind) => kind !== 'situational' && kind !== 'group');
}

/** The pack's length for a kind of session, in minutes: typical, else the minimum, else the maximum; an hour if it says none. */
export function defaultMinutes(pack: PolicyPack, kind: SupervisionKind): number {
  const rule = entryOf(pack.kinds, kind)?.duration;
  const duration = rule?.typical ?? rule?.min ?? rule?.max;
  if (!duration) return 60;
  if (duration.unit === 'minutes') return duration.amount;
  if (duration.unit === 'hours' || duration.unit === 'working hours') return duration.amount * 60;
  return 60;
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
