// Cafcass Cymru (seed 002_ab937b1c90c7cfb3.txt): every rule with a number, checked against dates worked
// out by hand from the seed and a calendar. Paragraph numbers are the seed's own (1.14, 2.4, ...).
// Wales uses the England and Wales bank holidays: 2026 Good Friday 3 Apr, Easter Monday 6 Apr, early May
// 4 May, spring 25 May, summer 31 Aug, Christmas Fri 25 Dec, Boxing Day substitute Mon 28 Dec;
// 2027 New Year Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar, early May 3 May, spring 31 May, summer 30 Aug.
// Clocks: BST from 29 Mar 2026 to 25 Oct 2026, and from 28 Mar 2027 to 31 Oct 2027.
import { describe, expect, it } from 'vitest';
import type { Cadence } from '../../src/domain/policy/schema.js';
import { recordDeadline, responseDeadline } from '../../src/domain/records/deadline.js';
import { dueDates, type DueEntry } from '../../src/domain/schedule/cadence.js';
import { personSchedule } from '../../src/domain/schedule/schedule.js';
import { day, iso, pack } from '../support/packs.js';
import { london, dates, statuses } from '../support/dueEntries.js';

const { pack: cymru, calendar } = pack('cafcass-cymru');

const windows = (entries: readonly DueEntry[]) => entries.map((entry) => (entry.window ? `${iso(entry.window.start)}..${iso(entry.window.end)}` : 'none'));

const schedule = (cohortId: string, kind: 'psm' | 'prd' | 'group', start: string, until: string, extra: { held?: string[]; today?: string } = {}) =>
  personSchedule({
    pack: cymru,
    calendar,
    cohortId,
    kind,
    start: day(start),
    until: day(until),
    held: extra.held ? { [kind]: extra.held.map(day) } : undefined,
    today: extra.today === undefined ? undefined : day(extra.today),
  });

describe('Practice Review Discussions: 3 a year, one every 4 months', () => {
  it('2.4: one in each 4-month window (Jan-Apr, May-Aug, Sep-Dec), due the last working day of the window', () => {
    // 2026: Thu 30 Apr; Mon 31 Aug is the summer bank holiday (29-30 Aug a weekend) -> Fri 28 Aug; Thu 31 Dec.
    // 2027: Fri 30 Apr; Tue 31 Aug; Fri 31 Dec.
    for (const cohortId of ['practitioner', 'new-practitioner']) {
      const entries = schedule(cohortId, 'prd', '2026-01-05', '2027-12-31');
      expect(dates(entries), cohortId).toEqual(['2026-04-30', '2026-08-28', '2026-12-31', '2027-04-30', '2027-08-31', '2027-12-31']);
      expect(windows(entries), cohortId).toEqual([
        '2026-01-01..2026-04-30',
        '2026-05-01..2026-08-31',
        '2026-09-01..2026-12-31',
        '2027-01-01..2027-04-30',
        '2027-05-01..2027-08-31',
        '2027-09-01..2027-12-31',
      ]);
    }
  });

  it('2.4: exactly 3 fall due in a full calendar year', () => {
    expect(schedule('practitioner', 'prd', '2027-01-01', '2027-12-31')).toHaveLength(3);
  });

  it('2.4: a 4-month window joined partway counts only if at least half of it remains', () => {
    // January to April 2026 has 31 + 28 + 31 + 30 = 120 days. From Mon 2 Mar: 30 + 30 = 60 remain (half) -> counts.
    expect(dates(schedule('practitioner', 'prd', '2026-03-02', '2026-12-31'))).toEqual(['2026-04-30', '2026-08-28', '2026-12-31']);
    // From Tue 3 Mar: 59 remain -> the first PRD due is the May to August one.
    expect(dates(schedule('practitioner', 'prd', '2026-03-03', '2026-12-31'))).toEqual(['2026-08-28', '2026-12-31']);
  });

  it('2.4: with held dates, a window with nothing held before a later PRD is missed', () => {
    const entries = schedule('practitioner', 'prd', '2026-01-05', '2026-12-31', { held: ['2026-03-15', '2026-10-01'] });
    expect(statuses(entries)).toEqual(['2026-04-30 held 2026-03-15', '2026-08-28 missed', '2026-12-31 held 2026-10-01']);
  });

  it('2.6: the PRD is recorded on the day of the meeting, by the end of that day (summer and winter)', () => {
    const summer = recordDeadline({ pack: cymru, calendar, kind: 'prd', at: london('2026-06-10T14:00') });
    expect(summer.due.toISO()).toBe('2026-06-10T23:59:59.999+01:00');
    expect(summer.rule).toBe('on the day');
    expect(summer.local).toBe(false);
    const winter = recordDeadline({ pack: cymru, calendar, kind: 'prd', at: london('2026-12-10T16:30') });
    expect(winter.due.toISO()).toBe('2026-12-10T23:59:59.999+00:00');
  });

  it('2.5: no more than 3 areas of development in each Practice Review (a list of at most 3)', () => {
    const model = cymru.recordingModels[cymru.kinds.prd!.record!.model]!;
    const field = model.fields.find((candidate) => candidate.id === 'development-areas');
    expect(field).toMatchObject({ type: 'list', maxItems: 3 });
  });

  it('2.8: a PRD dispute the two cannot resolve is escalated to the Senior Manager', () => {
    expect(cymru.kinds.prd?.signOff?.disputesTo).toMatchObject({ role: 'senior-manager', title: 'Senior Manager', resolveFirst: true });
  });

  it('2.7: planned PRDs are deferred only for illness or a very high priority, unexpected work commitment, and rebooked as soon as possible', () => {
    const cancellation = cymru.kinds.prd?.cancellation;
    expect(cancellation?.rebook).toBe('at-once');
    expect(cancellation?.onlyFor).toHaveLength(2);
    expect(cancellation?.onlyFor?.[0]).toMatch(/illness/i);
    expect(cancellation?.onlyFor?.[1]).toMatch(/high priority/i);
  });
});

describe('Practitioner Support Meetings: at least 4 a year, one in each quarter', () => {
  it('2.11: due the last working day of each calendar quarter, 2026 and 2027', () => {
    // 2026: Tue 31 Mar, Tue 30 Jun, Wed 30 Sep, Thu 31 Dec. 2027: Wed 31 Mar, Wed 30 Jun, Thu 30 Sep, Fri 31 Dec.
    const entries = schedule('practitioner', 'psm', '2026-01-05', '2027-12-31');
    expect(dates(entries)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31', '2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31']);
    expect(windows(entries).slice(3, 5)).toEqual(['2026-10-01..2026-12-31', '2027-01-01..2027-03-31']);
  });

  it('2.11: a minimum of 4 in a full calendar year', () => {
    expect(schedule('practitioner', 'psm', '2027-01-01', '2027-12-31')).toHaveLength(4);
  });

  it('2.11: Q4 2026 is due Thu 31 Dec 2026 and Q1 2027 Wed 31 Mar 2027 for someone who joins in mid-November', () => {
    // October to December has 92 days. From Mon 16 Nov: 15 + 31 = 46 remain (half) -> Q4 counts.
    expect(dates(schedule('practitioner', 'psm', '2026-11-16', '2027-03-31'))).toEqual(['2026-12-31', '2027-03-31']);
    // From Tue 17 Nov: 45 remain -> Q4 does not count.
    expect(dates(schedule('practitioner', 'psm', '2026-11-17', '2027-03-31'))).toEqual(['2027-03-31']);
  });

  it('2.11: with held dates, a quarter with no PSM before a later one is missed', () => {
    const entries = schedule('practitioner', 'psm', '2026-01-05', '2026-12-31', { held: ['2026-02-10', '2026-09-15', '2026-12-01'] });
    expect(statuses(entries)).toEqual(['2026-03-31 held 2026-02-10', '2026-06-30 missed', '2026-09-30 held 2026-09-15', '2026-12-31 held 2026-12-01']);
  });

  it('2.11: a quarter past its due date with nothing held is overdue on today', () => {
    const entries = schedule('practitioner', 'psm', '2026-01-05', '2026-09-30', { held: ['2026-02-10'], today: '2026-07-10' });
    expect(statuses(entries)).toEqual(['2026-03-31 held 2026-02-10', '2026-06-30 overdue', '2026-09-30 planned']);
  });

  it('2.11 (local: monthly for 6 months): a new practitioner has monthly PSMs, then one each quarter', () => {
    // Start Wed 1 Jul 2026; 6 months: Fri 1 Jan 2027. Monthly: Sat 1 Aug -> Fri 31 Jul; 31 Aug (bank holiday) -> Fri 28 Aug;
    // Mon 28 Sep; Wed 28 Oct; Sat 28 Nov -> Fri 27 Nov; Sun 27 Dec -> (26 Sat, 25 Christmas) Thu 24 Dec;
    // 24 Jan 2027 is after 1 Jan, so quarterly from January 2027: Wed 31 Mar, Wed 30 Jun, Thu 30 Sep, Fri 31 Dec.
    const entries = schedule('new-practitioner', 'psm', '2026-07-01', '2027-12-31');
    expect(dates(entries)).toEqual([
      '2026-07-31',
      '2026-08-28',
      '2026-09-28',
      '2026-10-28',
      '2026-11-27',
      '2026-12-24',
      '2027-03-31',
      '2027-06-30',
      '2027-09-30',
      '2027-12-31',
    ]);
    expect(entries.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('2.11 (local: monthly for 6 months): months clamp to the end of February and step back from Good Friday', () => {
    // Start Fri 30 Oct 2026: Mon 30 Nov; Wed 30 Dec; Sat 30 Jan 2027 -> Fri 29 Jan; 29 Jan + 1 month = 28 Feb
    // (2027 has no 29 Feb; a Sunday) -> Fri 26 Feb; Fri 26 Mar (Good Friday) -> Thu 25 Mar; Sun 25 Apr -> Fri 23 Apr.
    expect(dates(schedule('new-practitioner', 'psm', '2026-10-30', '2027-04-30'))).toEqual([
      '2026-11-30',
      '2026-12-30',
      '2027-01-29',
      '2027-02-26',
      '2027-03-25',
      '2027-04-23',
    ]);
  });

  it('2.11 (local: monthly for 6 months): held dates with a late PSM restart the monthly clock', () => {
    // Due Fri 31 Jul, held Wed 29 Jul -> held. From 29 Jul: Sat 29 Aug -> Fri 28 Aug; nothing by then, held Thu 10 Sep -> late.
    // From 10 Sep: Sat 10 Oct -> Fri 9 Oct; Mon 9 Nov; Wed 9 Dec; 9 Jan 2027 is after 1 Jan -> Q1 2027, Wed 31 Mar.
    const entries = schedule('new-practitioner', 'psm', '2026-07-01', '2027-03-31', { held: ['2026-07-29', '2026-09-10'] });
    expect(statuses(entries)).toEqual([
      '2026-07-31 held 2026-07-29',
      '2026-08-28 late 2026-09-10',
      '2026-10-09 planned',
      '2026-11-09 planned',
      '2026-12-09 planned',
      '2027-03-31 planned',
    ]);
  });

  it('2.13: the PSM is recorded within 10 working days, over Christmas and the new year', () => {
    // Thu 17 Dec 2026: 18 (1), 21 (2), 22 (3), 23 (4), 24 (5), [25, weekend, 28], 29 (6), 30 (7), 31 (8), [1 Jan, weekend],
    // Mon 4 Jan (9), Tue 5 Jan 2027 (10).
    const result = recordDeadline({ pack: cymru, calendar, kind: 'psm', at: london('2026-12-17T10:00') });
    expect(result.due.toISO()).toBe('2027-01-05T23:59:59.999+00:00');
    expect(result.rule).toBe('10 working days');
    expect(result.local).toBe(false);
    expect(cymru.kinds.psm?.signOff?.by).toEqual(['supervisor', 'supervisee']);
  });

  it('2.13: the PSM is recorded within 10 working days, over Easter 2027 and the spring clock change', () => {
    // Wed 24 Mar 2027: 25 (1), [Good Friday, weekend, Easter Monday], 30 (2), 31 (3), 1 Apr (4), 2 (5), 5 (6), 6 (7),
    // 7 (8), 8 (9), Fri 9 Apr (10). End of day, BST.
    const result = recordDeadline({ pack: cymru, calendar, kind: 'psm', at: london('2027-03-24T10:00') });
    expect(result.due.toISO()).toBe('2027-04-09T23:59:59.999+01:00');
  });

  it('2.14: PSMs are cancelled only for illness or high priority work commitments, and rescheduled as soon as possible', () => {
    const cancellation = cymru.kinds.psm?.cancellation;
    expect(cancellation?.rebook).toBe('at-once');
    expect(cancellation?.onlyFor).toHaveLength(2);
    expect(cancellation?.onlyFor?.[0]).toMatch(/illness/i);
    expect(cancellation?.onlyFor?.[1]).toMatch(/high priority work/i);
  });
});

describe('supervision agreement: reviewed on an annual basis', () => {
  it('1.14: signed by line manager and practitioner, reviewed every year', () => {
    const agreement = cymru.agreement!;
    expect(agreement.signedBy).toEqual(['supervisor', 'supervisee']);
    expect(agreement.review).toMatchObject({ amount: 1, unit: 'years' });
    // Agreed Thu 28 May 2026: review Fri 28 May 2027; then Sun 28 May 2028 -> Fri 26 May 2028.
    const cadence: Cadence = { type: 'rolling', every: agreement.review };
    expect(dates(dueDates(cadence, { calendar, start: day('2026-05-28'), until: day('2028-06-30') }))).toEqual(['2027-05-28', '2028-05-26']);
  });
});

describe('dangerous or inappropriate practice: to the Head of Operations / Deputy Chief Executive immediately', () => {
  it('4.1: the trigger skips the chain and goes straight to the safeguarding lead', () => {
    const trigger = cymru.triggers['dangerous-practice']!;
    expect(trigger.mandatory).toBe(true);
    expect(trigger.routeTo).toBe('safeguarding-lead');
    expect(trigger.urgency).toBe('immediate');
    expect(trigger.minimumUrgency).toBe('immediate');
    expect(cymru.escalation.safeguardingLead.role).toBe('senior-manager');
    expect(cymru.escalation.safeguardingLead.title).toMatch(/Head of Operations/);
  });

  it('4.1 (local: "immediately" read as 1 hour): cannot be lowered, and runs in clock hours, at night and at weekends too', () => {
    // Asked as routine: the minimum urgency (immediate) wins; 1 real hour from Mon 23 Nov 2026 16:30 is 17:30.
    const weekday = responseDeadline({ pack: cymru, calendar, triggerId: 'dangerous-practice', urgency: 'routine', raisedAt: london('2026-11-23T16:30') });
    expect(weekday.urgency).toBe('immediate');
    expect(weekday.due.toISO()).toBe('2026-11-23T17:30:00.000+00:00');
    // Sat 24 Oct 2026 22:00 BST: not deferred to Monday's working hours.
    const weekend = responseDeadline({ pack: cymru, calendar, triggerId: 'dangerous-practice', raisedAt: london('2026-10-24T22:00') });
    expect(weekend.due.toISO()).toBe('2026-10-24T23:00:00.000+01:00');
  });

  it('2.2 (local: 5 working days, 24 hours when significant): the situational record of a significant matter', () => {
    expect(cymru.triggers['dangerous-practice']?.significant).toBe(true);
    // Sat 24 Oct 2026 12:00 BST + 24 real hours, across the clock change = Sun 25 Oct 11:00 GMT.
    const significant = recordDeadline({ pack: cymru, calendar, kind: 'situational', at: london('2026-10-24T12:00'), significant: true });
    expect(significant.due.toISO()).toBe('2026-10-25T11:00:00.000+00:00');
    expect(significant.local).toBe(true);
    // Fri 23 Oct 2026: 26 (1), 27 (2), 28 (3), 29 (4), Fri 30 Oct (5); GMT by then.
    const plain = recordDeadline({ pack: cymru, calendar, kind: 'situational', at: london('2026-10-23T12:00') });
    expect(plain.due.toISO()).toBe('2026-10-30T23:59:59.999+00:00');
  });
});

describe('group supervision: forums and lunch-and-learn, no set frequency', () => {
  it('2.16: as required, so no dates fall due', () => {
    expect(schedule('practitioner', 'group', '2026-01-05', '2027-12-31')).toEqual([]);
    expect(cymru.group?.cadence.type).toBe('as-required');
  });
});
