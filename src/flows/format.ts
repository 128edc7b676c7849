import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { formatIsoDate, type DayNumber } from '../domain/time/localDate.js';

/** "Fri 4 Dec 2026": how dates read on cards. */
export function dayText(day: DayNumber): string {
  return DateTime.fromISO(formatIsoDate(day), { zone: 'UTC' }).toFormat('ccc d LLL yyyy');
}

/** "Mon 23 Nov 2026 14:00", in the organisation's zone. */
export function momentText(instant: Date, calendar: WorkingCalendar): string {
  return DateTime.fromJSDate(instant).setZone(calendar.zone).toFormat('ccc d LLL yyyy HH:mm');
}

export function today(now: Date, calendar: WorkingCalendar): DayNumber {
  return calendar.dayOf(DateTime.fromJSDate(now));
}
