import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { recordDeadline, responseDeadline } from '../../../src/domain/records/deadline.js';
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
    const { pack: cafcass, calendar } = pack('cafcass');
    expect(() => recordDeadline({ pack: cafcass, calendar, kind: 'plr', at: london('2026-11-23T10:00') })).toThrow(
      /unknown record kind 'plr'; allowed: situational, case, personal, group, observation/,
    );
  });
});
