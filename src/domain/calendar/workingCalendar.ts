// Working days and working hours for one organisation: weekends and its nation's bank holidays
// are not working days. Day arithmetic is on day numbers; hour arithmetic uses luxon in the
// organisation's zone, so a clock change never moves a deadline by an hour.
import { DateTime, type IANAZone } from 'luxon';
import { formatIsoDate, isoWeekday, toYmd, type DayNumber } from '../time/localDate.js';
import { bankHolidays } from './bankHolidays.js';
import type { Nation } from './nations.js';
import { zoneNamed } from './zone.js';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface WorkingCalendarOptions {
  nation: Nation;
  zone?: string;
  /** Working days of the week; default Monday to Friday. */
  days?: readonly Weekday[];
  /** Working hours as "HH:MM"; default 09:00 to 17:00. */
  start?: string;
  end?: string;
}

/** Day numbers the calendar remembers as working or not: 1970 to about 2079. */
const DAY_CACHE_SPAN = 40_000;

export class WorkingCalendar {
  readonly nation: Nation;
  /** The organisation's zone (its name: `zone.name`), with its offsets remembered. */
  readonly zone: IANAZone;
  private readonly workingWeekdays: ReadonlySet<number>;
  private readonly startMinute: number;
  private readonly endMinute: number;
  /** atMinute() answers, by day and minute: luxon's zone arithmetic is most of a deadline's cost, and a DateTime never changes. */
  private readonly moments = new Map<number, DateTime>();
  /**
   * Whether each day is a working day, once known: 0 not yet asked, 1 working, 2 not. A due date walks past
   * weekends and holidays for every person of every sweep and report, and the year of a day number and its
   * nation's holidays were most of that walk. Days 0 (1970) to DAY_CACHE_SPAN; others are worked out each time.
   */
  private readonly working = new Uint8Array(DAY_CACHE_SPAN);

  constructor(options: WorkingCalendarOptions) {
    this.nation = options.nation;
    this.zone = zoneNamed(options.zone ?? 'Europe/London');
    this.workingWeekdays = new Set((options.days ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((d) => weekdays.indexOf(d) + 1));
    this.startMinute = minuteOfDay(options.start ?? '09:00');
    this.endMinute = minuteOfDay(options.end ?? '17:00');
    if (this.endMinute <= this.startMinute) throw new Error('working hours must end after they start');
  }

  get hoursPerDay(): number {
    return (this.endMinute - this.startMinute) / 60;
  }

  isWorkingDay(day: DayNumber): boolean {
    const known = day >= 0 && day < DAY_CACHE_SPAN ? this.working[day] : undefined;
    if (known) return known === 1;
    const working = this.workingWeekdays.has(isoWeekday(day)) && !bankHolidays(this.nation, toYmd(day).year).has(day);
    if (known === 0) this.working[day] = working ? 1 : 2;
    return working;
  }

  onOrBefore(day: DayNumber): DayNumber {
    let cursor = day;
    while (!this.isWorkingDay(cursor)) cursor -= 1;
    return cursor;
  }

  onOrAfter(day: DayNumber): DayNumber {
    let cursor = day;
    while (!this.isWorkingDay(cursor)) cursor += 1;
    return cursor;
  }

  /** The nth working day after `day` (n >= 1); n = 0 gives `day` itself, or the next working day. */
  addWorkingDays(day: DayNumber, count: number): DayNumber {
    if (count <= 0) return this.onOrAfter(day);
    let cursor = day;
    let remaining = count;
    while (remaining > 0) {
      cursor += 1;
      if (this.isWorkingDay(cursor)) remaining -= 1;
    }
    return cursor;
  }

  /** The nth working day before `day` (n >= 1): two working days before a Monday session is the Thursday. */
  workingDaysBefore(day: DayNumber, count: number): DayNumber {
    let cursor = day;
    let remaining = Math.max(1, count);
    while (remaining > 0) {
      cursor -= 1;
      if (this.isWorkingDay(cursor)) remaining -= 1;
    }
    return cursor;
  }

  workingDaysBetween(fromExclusive: DayNumber, toInclusive: DayNumber): number {
    let count = 0;
    for (let cursor = fromExclusive + 1; cursor <= toInclusive; cursor += 1) if (this.isWorkingDay(cursor)) count += 1;
    return count;
  }

  /** The calendar day of an instant, in the organisation's zone. */
  dayOf(instant: DateTime): DayNumber {
    const local = instant.setZone(this.zone);
    return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000);
  }

  /** The last moment of a calendar day in the organisation's zone. */
  endOfDay(day: DayNumber): DateTime {
    return DateTime.fromISO(formatIsoDate(day), { zone: this.zone }).endOf('day');
  }

  atMinute(day: DayNumber, minute: number): DateTime {
    const key = day * 1_440 + minute;
    let moment = this.moments.get(key);
    if (moment === undefined) {
      if (this.moments.size >= 10_000) this.moments.clear();
      moment = DateTime.fromISO(formatIsoDate(day), { zone: this.zone }).set({ hour: Math.floor(minute / 60), minute: minute % 60 });
      this.moments.set(key, moment);
    }
    return moment;
  }

  isWithinWorkingHours(instant: DateTime): boolean {
    const local = instant.setZone(this.zone);
    const minute = local.hour * 60 + local.minute;
    return this.isWorkingDay(this.dayOf(local)) && minute >= this.startMinute && minute < this.endMinute;
  }

  /** The next moment, at or after `instant`, that falls within working hours. */
  nextWorkingMoment(instant: DateTime): DateTime {
    const local = instant.setZone(this.zone);
    const day = this.dayOf(local);
    const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
    if (this.isWorkingDay(day) && minute < this.endMinute) {
      return minute >= this.startMinute ? local : this.atMinute(day, this.startMinute);
    }
    return this.atMinute(this.addWorkingDays(day, 1), this.startMinute);
  }

  /** Adds hours that count only inside working hours on working days. */
  addWorkingHours(instant: DateTime, hours: number): DateTime {
    let remainingMs = hours * 3_600_000;
    let cursor = this.nextWorkingMoment(instant);
    for (;;) {
      const day = this.dayOf(cursor);
      const closing = this.atMinute(day, this.endMinute);
      const available = closing.toMillis() - cursor.toMillis();
      if (remainingMs <= available) return cursor.plus({ milliseconds: remainingMs });
      remainingMs -= available;
      cursor = this.atMinute(this.addWorkingDays(day, 1), this.startMinute);
    }
  }
}

function minuteOfDay(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a time of day (HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}
