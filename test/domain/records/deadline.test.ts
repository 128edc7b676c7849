import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { recordDeadline, recordReminder, responseDeadline } from '../../../src/domain/records/deadline.js';
import { pack } from '../../support/packs.js';

const london = (text: string) => DateTime.fromISO(text, { zone: 'Europe/London' });

describe('response deadlines before a trigger escalates', () => {
  const { pack: cafcass, calendar } = pack('cafcass');

  it('gives a priority trigger one working day: 14:00 Thursday 24 December 2026 escalates at 14:00 on Tuesday 29th', () => {
    const result = responseDeadline({ pack: cafcass, calendar, triggerId: 'reunification', raisedAt: london('2026-12-24T14:00') });
    expect(result.urgency).toBe('priority');
    expect(result.due.toISO()).toBe('2026-12-29T14:00:00.000+00:00');
    expect(result.local).toBe(true);
  });

  it('does not let risk of harm be lowered below urgent (4 working hours)', () => {
    const result = responseDeadline({ pack: cafcass, calendar, triggerId: 'harm-or-risk', urgency: 'routine', raisedAt: london('2026-11-23T15:00') });
    expect(result.urgency).toBe('urgent');
    // 2 hours on Monday, 2 on Tuesday morning.
    expect(result.due.toISO()).toBe('2026-11-24T11:00:00.000+00:00');
  });

  it('lets a practitioner raise the urgency: immediate counts clock time through the night', () => {
    const result = responseDeadline({
      pack: cafcass,
      calendar,
      triggerId: 'long-running-proceedings',
      urgency: 'immediate',
      raisedAt: london('2026-11-28T22:30'),
    });
    expect(result.due.toISO()).toBe('2026-11-28T23:30:00.000+00:00');
  });

  it('rejects an unknown trigger and lists the catalogue', () => {
    expect(() => responseDeadline({ pack: cafcass, calendar, triggerId: 'lunch', raisedAt: london('2026-11-23T10:00') })).toThrow(
      /unknown trigger 'lunch'; allowed: reunification, care-plan-change/,
    );
  });
});

describe('record deadlines', () => {
  it('on the day ends at local midnight, in summer time too (Cafcass Cymru PRD, 2.6)', () => {
    const { pack: cymru, calendar } = pack('cafcass-cymru');
    expect(recordDeadline({ pack: cymru, calendar, kind: 'prd', at: london('2027-06-10T16:45') }).due.toISO()).toBe('2027-06-10T23:59:59.999+01:00');
  });

  it('counts working days in Scotland differently from England for the same pack rule', async () => {
    const { pack: islington } = pack('islington');
    const { WorkingCalendar } = await import('../../../src/domain/calendar/workingCalendar.js');
    const at = london('2026-11-27T10:00');
    const england = recordDeadline({ pack: islington, calendar: new WorkingCalendar({ nation: 'england-and-wales' }), kind: 'case', at });
    const scotland = recordDeadline({ pack: islington, calendar: new WorkingCalendar({ nation: 'scotland' }), kind: 'case', at });
    // Friday 27 November + 5 working days: England Fri 4 December; Scotland skips St Andrew's Day (Mon 30th): Mon 7 December.
    expect(england.due.toISODate()).toBe('2026-12-04');
    expect(scotland.due.toISODate()).toBe('2026-12-07');
  });

  it('rejects a kind with no record rule and lists those that have one', () => {
    // Islington's team manager supervision has no record rule of its own.
    const { pack: islington, calendar } = pack('islington');
    expect(() => recordDeadline({ pack: islington, calendar, kind: 'team-manager', at: london('2026-11-23T10:00') })).toThrow(
      /unknown record kind 'team-manager'; allowed: case, personal, situational, group/,
    );
  });
});

describe('record deadlines: immediately, significant decisions and reminders', () => {
  const { pack: cumberland, calendar } = pack('cumberland');

  it('counts immediately from the end of the discussion, and every other deadline from when it was held', () => {
    const at = london('2026-11-23T10:00');
    const endedAt = london('2026-11-23T11:30');
    expect(recordDeadline({ pack: cumberland, calendar, kind: 'case', at, endedAt, significant: true }).due.toISO()).toBe('2026-11-23T11:30:00.000+00:00');
    expect(recordDeadline({ pack: cumberland, calendar, kind: 'case', at, endedAt }).due.toISO()).toBe('2026-11-26T10:00:00.000+00:00');
  });

  it('never lets a significant deadline make a record due later than its own (Cymru PRD, on the day)', () => {
    const { pack: cymru, calendar: welsh } = pack('cafcass-cymru');
    const due = recordDeadline({ pack: cymru, calendar: welsh, kind: 'prd', at: london('2026-12-10T10:00'), significant: true });
    expect(due.due.toISO()).toBe('2026-12-10T23:59:59.999+00:00');
    expect(due.rule).toBe('on the day');
  });

  it('reminds halfway, or from the start of the last working day before a deadline that ends when nobody works', () => {
    const remind = (from: string, due: string) => recordReminder({ from: london(from), due: london(due), calendar }).toISO();
    // Mon 10:00 to Tue 10:00: halfway at 22:00, sent at 09:00 on Tuesday, before the deadline.
    expect(remind('2026-11-23T10:00', '2026-11-24T10:00')).toBe('2026-11-23T22:00:00.000+00:00');
    // Wed 23 Dec 15:00 to Sat 26 Dec 15:00: the start of Christmas Eve.
    expect(remind('2026-12-23T15:00', '2026-12-26T15:00')).toBe('2026-12-24T09:00:00.000+00:00');
    // Thu 24 Dec 10:00 to Christmas Day 10:00: Christmas Eve has begun, so at once.
    expect(remind('2026-12-24T10:00', '2026-12-25T10:00')).toBe('2026-12-24T10:00:00.000+00:00');
    // Due at 08:00 on a working day, before its working hours: the day before, which has begun, so at once.
    expect(remind('2026-11-24T16:00', '2026-11-25T08:00')).toBe('2026-11-24T16:00:00.000+00:00');
    // Accepted after work on Christmas Eve: no working time is left before it, so the overdue notice comes first.
    expect(remind('2026-12-24T17:30', '2026-12-25T17:30')).toBe('2026-12-24T17:30:00.000+00:00');
  });
});
