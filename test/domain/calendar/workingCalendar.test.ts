import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../../src/domain/calendar/workingCalendar.js';
import { day, iso } from '../../support/packs.js';

const england = new WorkingCalendar({ nation: 'england-and-wales' });
const scotland = new WorkingCalendar({ nation: 'scotland' });
const northernIreland = new WorkingCalendar({ nation: 'northern-ireland' });
const london = (text: string) => DateTime.fromISO(text, { zone: 'Europe/London' });

describe('working days', () => {
  it('skips Christmas 2026: Christmas Day (Fri) and the Boxing Day substitute (Mon 28th) in every nation', () => {
    for (const calendar of [england, scotland, northernIreland]) {
      expect(calendar.isWorkingDay(day('2026-12-24'))).toBe(true);
      expect(calendar.isWorkingDay(day('2026-12-25'))).toBe(false);
      expect(calendar.isWorkingDay(day('2026-12-28'))).toBe(false);
      expect(calendar.isWorkingDay(day('2026-12-29'))).toBe(true);
    }
    // Thursday 24 December + 1 working day: Tuesday 29 December.
    expect(iso(england.addWorkingDays(day('2026-12-24'), 1))).toBe('2026-12-29');
  });

  it('skips Easter 2027 in England (Good Friday 26 March, Easter Monday 29 March); Scotland works Easter Monday', () => {
    expect(england.isWorkingDay(day('2027-03-26'))).toBe(false);
    expect(england.isWorkingDay(day('2027-03-29'))).toBe(false);
    expect(iso(england.addWorkingDays(day('2027-03-25'), 1))).toBe('2027-03-30');
    expect(scotland.isWorkingDay(day('2027-03-26'))).toBe(false);
    expect(scotland.isWorkingDay(day('2027-03-29'))).toBe(true);
    expect(iso(scotland.addWorkingDays(day('2027-03-25'), 1))).toBe('2027-03-29');
  });

  it("knows the days Scotland and England differ: 2 January, St Andrew's Day, the August bank holiday", () => {
    // 2 January 2027 is a Saturday, so Scotland takes Monday 4 January off; England works it.
    expect(scotland.isWorkingDay(day('2027-01-04'))).toBe(false);
    expect(england.isWorkingDay(day('2027-01-04'))).toBe(true);
    // St Andrew's Day, Monday 30 November 2026.
    expect(scotland.isWorkingDay(day('2026-11-30'))).toBe(false);
    expect(england.isWorkingDay(day('2026-11-30'))).toBe(true);
    // Summer bank holiday: first Monday of August in Scotland, last Monday in England.
    expect(scotland.isWorkingDay(day('2026-08-03'))).toBe(false);
    expect(england.isWorkingDay(day('2026-08-03'))).toBe(true);
    expect(england.isWorkingDay(day('2026-08-31'))).toBe(false);
    expect(scotland.isWorkingDay(day('2026-08-31'))).toBe(true);
  });

  it("knows Northern Ireland's St Patrick's Day and the Battle of the Boyne", () => {
    expect(northernIreland.isWorkingDay(day('2027-03-17'))).toBe(false);
    expect(northernIreland.isWorkingDay(day('2026-07-13'))).toBe(false);
    expect(england.isWorkingDay(day('2027-03-17'))).toBe(true);
  });

  it('counts five working days across the 2026-27 new year differently in England and Scotland', () => {
    // From Wednesday 23 December 2026. England: 24, 29, 30, 31 Dec, 4 Jan. Scotland also closes 4 Jan (2 Jan substitute).
    expect(iso(england.addWorkingDays(day('2026-12-23'), 5))).toBe('2027-01-04');
    expect(iso(scotland.addWorkingDays(day('2026-12-23'), 5))).toBe('2027-01-05');
  });

  it('treats a weekend as no working day and moves on to Monday', () => {
    expect(england.isWorkingDay(day('2026-11-28'))).toBe(false);
    expect(iso(england.onOrAfter(day('2026-11-28')))).toBe('2026-11-30');
    expect(iso(england.onOrBefore(day('2026-11-29')))).toBe('2026-11-27');
    // Saturday + 1 working day = Monday.
    expect(iso(england.addWorkingDays(day('2026-11-28'), 1))).toBe('2026-11-30');
  });
});

describe('working hours across the clock changes', () => {
  it('ends a working day at local midnight in winter (GMT) and in summer (BST)', () => {
    expect(england.endOfDay(day('2026-12-29')).toISO()).toBe('2026-12-29T23:59:59.999+00:00');
    expect(england.endOfDay(day('2027-03-30')).toISO()).toBe('2027-03-30T23:59:59.999+01:00');
  });

  it('adds 4 working hours from Thursday 15:00 across Easter and the spring clock change', () => {
    // Thursday 25 March 2027 15:00 GMT: 2 hours that day, then Good Friday, weekend (clocks go forward
    // on the 28th) and Easter Monday are skipped; 2 more hours on Tuesday 30 March, 09:00-11:00 BST.
    expect(england.addWorkingHours(london('2027-03-25T15:00'), 4).toISO()).toBe('2027-03-30T11:00:00.000+01:00');
  });

  it('starts the count at 09:00 when something is raised at night or at a weekend', () => {
    expect(england.addWorkingHours(london('2026-10-24T22:00'), 1).toISO()).toBe('2026-10-26T10:00:00.000+00:00');
    expect(england.nextWorkingMoment(london('2026-11-23T08:15')).toISO()).toBe('2026-11-23T09:00:00.000+00:00');
    expect(england.isWithinWorkingHours(london('2026-11-23T16:59'))).toBe(true);
    expect(england.isWithinWorkingHours(london('2026-11-23T17:00'))).toBe(false);
  });
});
