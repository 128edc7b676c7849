// Property tests: invariants that must hold for any date, interval and nation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nations } from '../../../src/domain/calendar/nations.js';
import { WorkingCalendar } from '../../../src/domain/calendar/workingCalendar.js';
import { deadlineAfter } from '../../../src/domain/records/deadline.js';
import { addCalendarDuration, dueDates } from '../../../src/domain/schedule/cadence.js';
import { parseDuration } from '../../../src/domain/time/duration.js';
import { addMonths, fromYmd, isoWeekday } from '../../../src/domain/time/localDate.js';
import { bankHolidays } from '../../../src/domain/calendar/bankHolidays.js';
import { toYmd } from '../../../src/domain/time/localDate.js';
import type { Cadence } from '../../../src/domain/policy/schema.js';

const calendars = Object.fromEntries(nations.map((nation) => [nation, new WorkingCalendar({ nation })]));
const anyDay = fc.integer({ min: fromYmd(2024, 1, 1), max: fromYmd(2034, 12, 31) });
const anyNation = fc.constantFrom(...nations);
const isBankHolidayOrWeekend = (nation: (typeof nations)[number], value: number) =>
  isoWeekday(value) >= 6 || bankHolidays(nation, toYmd(value).year).has(value);

describe('invariants', () => {
  it('a working-day deadline never lands on a weekend or a bank holiday', () => {
    fc.assert(
      fc.property(anyNation, anyDay, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 23 }), (nation, start, count, hour) => {
        const calendar = calendars[nation]!;
        const at = calendar.endOfDay(start).set({ hour, minute: 0, second: 0, millisecond: 0 });
        const due = deadlineAfter({ type: 'duration', duration: parseDuration(`${count} working days`)!, text: '' }, at, calendar);
        const dueDay = calendar.dayOf(due);
        expect(isBankHolidayOrWeekend(nation, dueDay)).toBe(false);
        expect(due.toMillis()).toBeGreaterThan(at.toMillis());
        // Exactly `count` working days lie after the start day up to the due day (0 days: the same or next working day).
        const expected = count === 0 ? (calendar.isWorkingDay(start) ? 0 : 1) : count;
        expect(calendar.workingDaysBetween(start, dueDay)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('a rolling cadence never leaves a gap longer than its interval, whatever the start day', () => {
    const intervals = ['1 week', '2 weeks', '4 weeks', '8 weeks', '12 weeks', '1 month', '3 months', '10 days'];
    fc.assert(
      fc.property(anyNation, anyDay, fc.constantFrom(...intervals), (nation, start, every) => {
        const interval = parseDuration(every)!;
        const cadence: Cadence = { type: 'rolling', every: interval };
        const until = addMonths(start, 24);
        const dates = dueDates(cadence, { calendar: calendars[nation]!, start, until }).map((entry) => entry.date);
        expect(dates.length).toBeGreaterThan(0);
        let previous = start;
        for (const date of dates) {
          expect(date).toBeGreaterThan(previous);
          expect(date).toBeLessThanOrEqual(addCalendarDuration(previous, interval));
          expect(isBankHolidayOrWeekend(nation, date)).toBe(false);
          previous = date;
        }
        // And the schedule runs to the end: the next due date would fall after `until`.
        expect(addCalendarDuration(previous, interval)).toBeGreaterThan(until - 7);
      }),
      { numRuns: 300 },
    );
  });

  it('a rolling cadence counts from the sessions actually held', () => {
    fc.assert(
      fc.property(anyDay, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (start, gaps) => {
        const calendar = calendars['england-and-wales']!;
        const held: number[] = [];
        let cursor = start;
        for (const gap of gaps) held.push((cursor += gap));
        const every = parseDuration('4 weeks')!;
        const entries = dueDates({ type: 'rolling', every }, { calendar, start, until: cursor + 120, held });
        for (const entry of entries) {
          if (entry.status === 'held' || entry.status === 'late') expect(held).toContain(entry.heldOn);
        }
        // After the last session held, the next due date is within 4 weeks of it.
        const next = entries.find((entry) => entry.date > cursor);
        expect(next).toBeDefined();
        expect(next!.date).toBeLessThanOrEqual(cursor + 28);
        expect(next!.date).toBeGreaterThan(cursor);
      }),
      { numRuns: 300 },
    );
  });

  it('a calendar-period cadence puts exactly one due date in each period', () => {
    fc.assert(
      fc.property(
        anyNation,
        anyDay,
        fc.constantFrom('month', 'quarter', 'year'),
        fc.integer({ min: 1, max: 12 }),
        (nation, start, period, yearStartsInMonth) => {
          const cadence: Cadence = { type: 'calendar', period: period as 'month' | 'quarter' | 'year', yearStartsInMonth };
          const until = addMonths(start, 36);
          const entries = dueDates(cadence, { calendar: calendars[nation]!, start, until });
          const months = { month: 1, quarter: 3, year: 12 }[period as 'month']!;
          for (let index = 0; index < entries.length; index += 1) {
            const { date, window } = entries[index]!;
            expect(window).toBeDefined();
            expect(date).toBeGreaterThanOrEqual(window!.start);
            expect(date).toBeLessThanOrEqual(window!.end);
            expect(toYmd(window!.start).day).toBe(1);
            expect((toYmd(window!.start).month - yearStartsInMonth + 12) % months).toBe(0);
            if (index > 0) expect(window!.start).toBe(entries[index - 1]!.window!.end + 1);
          }
          // And none is missing at the end: the next period's due date falls after `until`.
          const last = entries[entries.length - 1]!;
          const nextEnd = addMonths(last.window!.start, 2 * months) - 1;
          expect(calendars[nation]!.onOrBefore(nextEnd)).toBeGreaterThan(until);
        },
      ),
      { numRuns: 300 },
    );
  });
});
