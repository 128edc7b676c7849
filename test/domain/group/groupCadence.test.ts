// The next group session's day from each kind of group cadence, across bank holidays.
import { describe, expect, it } from 'vitest';
import { isAutomatic, nextGroupDay, sameWeekdayOfMonth, teamCadence } from '../../../src/domain/group/cadence.js';
import { day, iso, pack } from '../../support/packs.js';

describe('group cadence', () => {
  it('Bexley: every 4 weeks from the last session, moved back to a working day', () => {
    const { pack: bexley, calendar } = pack('bexley');
    const next = (last: string, sequence = 1) =>
      iso(nextGroupDay({ cadence: bexley.group!.cadence, calendar, anchor: day('2026-11-03'), last: day(last), sequence })!);
    expect(next('2026-11-03')).toBe('2026-12-01');
    // 4 weeks after Tue 1 Dec is Tue 29 Dec, a working day; after Mon 30 Nov 2026 comes Mon 28 Dec, the Boxing Day holiday: Thu 24 Dec.
    expect(next('2026-12-01')).toBe('2026-12-29');
    expect(next('2026-11-30')).toBe('2026-12-24');
  });

  it('Cafcass: monthly, in the same week and weekday of each month', () => {
    const { pack: cafcass, calendar } = pack('cafcass');
    const nth = (sequence: number) =>
      iso(nextGroupDay({ cadence: cafcass.group!.cadence, calendar, anchor: day('2026-10-13'), last: day('2026-10-13'), sequence })!);
    // The second Tuesday of each month.
    expect([1, 2, 3, 4].map(nth)).toEqual(['2026-11-10', '2026-12-08', '2027-01-12', '2027-02-09']);
    // A fifth weekday becomes the month's last one.
    expect(iso(sameWeekdayOfMonth(day('2026-12-31'), 2))).toBe('2027-02-25');
    // The first Friday after Fri 4 Dec 2026 is New Year's Day: the working day before is in December, so the one after.
    expect(iso(nextGroupDay({ cadence: cafcass.group!.cadence, calendar, anchor: day('2026-12-04'), last: day('2026-12-04'), sequence: 1 })!)).toBe(
      '2027-01-04',
    );
    // The first Monday of May 2026 is the early May bank holiday: Fri 1 May, in the same month.
    expect(iso(nextGroupDay({ cadence: cafcass.group!.cadence, calendar, anchor: day('2026-04-06'), last: day('2026-04-06'), sequence: 1 })!)).toBe(
      '2026-05-01',
    );
  });

  it('holds a team to the interval it chose within the pack’s bounds, and to the pack’s cadence otherwise', () => {
    const { pack: bexley } = pack('bexley');
    const { pack: cafcass } = pack('cafcass');
    // Bexley: every 2 to 4 weeks; a team that chose 2 is held to every 2 weeks, not before 2.
    expect(teamCadence(bexley.group!.cadence, 2)).toMatchObject({
      type: 'rolling',
      every: { amount: 2, unit: 'weeks' },
      notBefore: { amount: 2, unit: 'weeks' },
    });
    // No choice, or one outside the bounds (5 weeks): the pack's 4 weeks.
    expect(teamCadence(bexley.group!.cadence, null)).toMatchObject({ every: { amount: 4, unit: 'weeks' } });
    expect(teamCadence(bexley.group!.cadence, 5)).toMatchObject({ every: { amount: 4, unit: 'weeks' } });
    // Cafcass sets the frequency (monthly): a team chooses nothing.
    expect(teamCadence(cafcass.group!.cadence, 2)).toEqual({ type: 'calendar', period: 'month' });
  });

  it('makes no sessions of an as-required group', () => {
    const { pack: islington, calendar } = pack('islington');
    expect(isAutomatic(islington.group!.cadence)).toBe(false);
    expect(nextGroupDay({ cadence: islington.group!.cadence, calendar, anchor: day('2026-11-03'), last: day('2026-11-03'), sequence: 1 })).toBeUndefined();
  });
});
