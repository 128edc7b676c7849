import { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { PolicyPack } from './schema.js';

/** The working calendar a pack implies: its nation's bank holidays and its working hours. */
export function calendarOf(pack: PolicyPack): WorkingCalendar {
  return new WorkingCalendar({
    nation: pack.nation,
    zone: pack.timezone ?? 'Europe/London',
    start: pack.workingHours.start,
    end: pack.workingHours.end,
    days: pack.workingHours.days,
  });
}
