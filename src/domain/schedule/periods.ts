// Calendar windows for "one in each period" cadences: months, quarters, years, and a year split
// into equal parts ("three a year, one every 4 months").
import { addMonths, fromYmd, toYmd, type DayNumber } from '../time/localDate.js';

export interface Window {
  start: DayNumber;
  end: DayNumber;
}

/** Windows of `months` months each, counted from `origin`, that overlap [from, to]. */
export function windowsBetween(origin: DayNumber, months: number, from: DayNumber, to: DayNumber): Window[] {
  const windows: Window[] = [];
  const originYmd = toYmd(origin);
  const fromYmdValue = toYmd(from);
  let index = Math.floor(((fromYmdValue.year - originYmd.year) * 12 + (fromYmdValue.month - originYmd.month)) / months) - 1;
  for (;;) {
    const start = addMonths(origin, index * months);
    const end = addMonths(origin, (index + 1) * months) - 1;
    if (start > to) break;
    if (end >= from) windows.push({ start, end });
    index += 1;
  }
  return windows;
}

/** The first day of the year (or financial year) containing `day`, when years start in `startMonth`. */
export function yearOrigin(day: DayNumber, startMonth: number): DayNumber {
  const { year, month } = toYmd(day);
  return fromYmd(month >= startMonth ? year : year - 1, startMonth, 1);
}
