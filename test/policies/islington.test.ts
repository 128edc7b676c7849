// Islington (seed 003_54dd48a632c605c9.txt, which has no paragraph numbers: tests name its headings).
// Every rule with a number, checked against dates worked out by hand from the seed and a calendar.
// England and Wales bank holidays used below: Christmas Day Fri 25 Dec 2026, Boxing Day substitute
// Mon 28 Dec 2026, New Year's Day Fri 1 Jan 2027, Good Friday 26 Mar 2027, Easter Monday 29 Mar 2027,
// spring Mon 31 May 2027, summer Mon 30 Aug 2027. Clocks go back at 02:00 BST on Sun 25 Oct 2026.
import { describe, expect, it } from 'vitest';
import { recordDeadline, responseDeadline } from '../../src/domain/records/deadline.js';
import { dueDates } from '../../src/domain/schedule/cadence.js';
import { caseReviewSchedule, personSchedule } from '../../src/domain/schedule/schedule.js';
import { day, iso, pack } from '../support/packs.js';
import { london, dates, rows, phased } from '../support/dueEntries.js';

const { pack: islington, calendar } = pack('islington');

describe('case-holding practitioners: formal one-to-one case supervision at a minimum of once every calendar month (Frequency)', () => {
  it('case-holder: the pack sets one per calendar month (Frequency)', () => {
    expect(islington.cohorts['case-holder']!.supervision).toEqual([expect.objectContaining({ kind: 'case', cadence: { type: 'calendar', period: 'month' } })]);
  });

  it('case-holder: once every calendar month, due on the last working day of each month, December 2026 on Thu 31 Dec (Frequency)', () => {
    // Start Mon 12 Oct 2026: 20 of October's 31 days remain, at least half, so October counts.
    // Oct: Sat 31 -> Fri 30; Nov: Mon 30; Dec: Thu 31; Jan: Sun 31 -> Fri 29; Feb: Sun 28 -> Fri 26;
    // Mar: Wed 31; Apr: Fri 30; May: Mon 31 is the spring bank holiday -> Fri 28; Jun: Wed 30.
    const schedule = personSchedule({ pack: islington, calendar, cohortId: 'case-holder', start: day('2026-10-12'), until: day('2027-06-30') });
    expect(dates(schedule)).toEqual([
      '2026-10-30',
      '2026-11-30',
      '2026-12-31',
      '2027-01-29',
      '2027-02-26',
      '2027-03-31',
      '2027-04-30',
      '2027-05-28',
      '2027-06-30',
    ]);
    expect(schedule.every((entry) => entry.kind === 'case' && entry.status === 'planned')).toBe(true);
    // Each entry's window is its calendar month.
    expect([iso(schedule[2]!.window!.start), iso(schedule[2]!.window!.end)]).toEqual(['2026-12-01', '2026-12-31']);
  });

  it('case-holder: a month joined with less than half of it left does not count (Frequency)', () => {
    // Start Mon 19 Oct 2026: 13 of 31 days remain, under half: the first month due is November.
    const late = personSchedule({ pack: islington, calendar, cohortId: 'case-holder', start: day('2026-10-19'), until: day('2026-12-31') });
    expect(dates(late)).toEqual(['2026-11-30', '2026-12-31']);
    // Exactly half: Mon 16 Nov 2026 leaves 15 of 30 days, so November counts; Tue 17 Nov leaves 14, so it does not.
    const half = personSchedule({ pack: islington, calendar, cohortId: 'case-holder', start: day('2026-11-16'), until: day('2026-12-31') });
    expect(dates(half)).toEqual(['2026-11-30', '2026-12-31']);
    const underHalf = personSchedule({ pack: islington, calendar, cohortId: 'case-holder', start: day('2026-11-17'), until: day('2026-12-31') });
    expect(dates(underHalf)).toEqual(['2026-12-31']);
  });

  it('case-holder: a session in the month marks it held; a month with none before a later session is missed (Frequency)', () => {
    // Held Tue 20 Oct, Thu 3 Dec 2026 and Fri 15 Jan 2027; nothing in November.
    const schedule = personSchedule({
      pack: islington,
      calendar,
      cohortId: 'case-holder',
      start: day('2026-10-01'),
      until: day('2027-01-31'),
      held: { case: ['2026-10-20', '2026-12-03', '2027-01-15'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2026-10-30', status: 'held', heldOn: '2026-10-20' },
      { date: '2026-11-30', status: 'missed' },
      { date: '2026-12-31', status: 'held', heldOn: '2026-12-03' },
      { date: '2027-01-29', status: 'held', heldOn: '2027-01-15' },
    ]);
  });

  it('case-holder: about three hours a month for a typical caseload (Frequency)', () => {
    expect(islington.kinds.case!.duration!.typical).toMatchObject({ amount: 3, unit: 'hours' });
  });
});

describe('every open case, without exception, discussed in each monthly supervision (Frequency)', () => {
  it('open case: reviewed every calendar month from allocation (Frequency)', () => {
    // Allocated Mon 14 Dec 2026: 18 of December's 31 days remain, so December counts: Thu 31 Dec;
    // then Fri 29 Jan and Fri 26 Feb 2027.
    const schedule = caseReviewSchedule({ pack: islington, calendar, category: 'open-case', start: day('2026-12-14'), until: day('2027-02-28') });
    expect(dates(schedule)).toEqual(['2026-12-31', '2027-01-29', '2027-02-26']);
  });
});

describe('practitioners without case responsibility: supervision every calendar month (Frequency)', () => {
  it('non-case-holder: every calendar month, last working day of the month (Frequency)', () => {
    // Dec 2026: Thu 31; Jan 2027: Fri 29; Feb: Fri 26; Mar: Wed 31.
    const schedule = personSchedule({ pack: islington, calendar, cohortId: 'non-case-holder', start: day('2026-12-01'), until: day('2027-03-31') });
    expect(schedule.map((entry) => [iso(entry.date), entry.kind])).toEqual([
      ['2026-12-31', 'personal'],
      ['2027-01-29', 'personal'],
      ['2027-02-26', 'personal'],
      ['2027-03-31', 'personal'],
    ]);
  });
});

describe('team managers supervise practice supervisors a minimum of once a calendar month (Team Manager Supervision and oversight)', () => {
  it('team manager supervision: every calendar month (Team Manager Supervision and oversight)', () => {
    // Mar 2027: Wed 31; Apr: Fri 30; May: Mon 31 bank holiday -> Fri 28; Jun: Wed 30.
    const schedule = personSchedule({ pack: islington, calendar, cohortId: 'practice-supervisor', start: day('2027-03-01'), until: day('2027-06-30') });
    expect(schedule.map((entry) => [iso(entry.date), entry.kind])).toEqual([
      ['2027-03-31', 'team-manager'],
      ['2027-04-30', 'team-manager'],
      ['2027-05-28', 'team-manager'],
      ['2027-06-30', 'team-manager'],
    ]);
  });
});

describe('ASYE and probation may have increased frequency (Frequency; pack-local weekly 6 weeks, fortnightly to 6 months, then monthly)', () => {
  it('ASYE: weekly to 6 weeks, fortnightly to 6 months, then every calendar month (Frequency, local)', () => {
    // Start Mon 4 Jan 2027: weekly phase to Mon 15 Feb, fortnightly phase to Sun 4 Jul 2027.
    // Fortnightly from Mon 15 Feb: Mon 1 Mar, Mon 15 Mar, Mon 29 Mar (Easter Monday) -> Thu 25 Mar, then
    // Thursdays to Thu 1 Jul (Thu 15 Jul is after 4 Jul). Calendar months from Sun 4 Jul: 28 of July's
    // 31 days remain, so July counts: Sat 31 Jul -> Fri 30 Jul; Aug: Tue 31.
    const schedule = personSchedule({ pack: islington, calendar, cohortId: 'asye', start: day('2027-01-04'), until: day('2027-08-31') });
    expect(phased(schedule)).toEqual([
      ['2027-01-11', 0],
      ['2027-01-18', 0],
      ['2027-01-25', 0],
      ['2027-02-01', 0],
      ['2027-02-08', 0],
      ['2027-02-15', 0],
      ['2027-03-01', 1],
      ['2027-03-15', 1],
      ['2027-03-25', 1],
      ['2027-04-08', 1],
      ['2027-04-22', 1],
      ['2027-05-06', 1],
      ['2027-05-20', 1],
      ['2027-06-03', 1],
      ['2027-06-17', 1],
      ['2027-07-01', 1],
      ['2027-07-30', 2],
      ['2027-08-31', 2],
    ]);
  });

  it('ASYE: a late weekly session is marked late and the next week counts from it (Frequency, local)', () => {
    // Start Mon 4 Jan 2027. Held Mon 11, Mon 18 Jan; the Mon 25 Jan session happened Wed 27 Jan (late).
    // Then weekly from Wed 27 Jan: Wed 3 Feb (held), Wed 10 Feb (held); Wed 17 Feb is after Mon 15 Feb,
    // so fortnightly from Wed 10 Feb: Wed 24 Feb, Wed 10 Mar, Wed 24 Mar (planned).
    const schedule = personSchedule({
      pack: islington,
      calendar,
      cohortId: 'asye',
      start: day('2027-01-04'),
      until: day('2027-03-31'),
      held: { case: ['2027-01-11', '2027-01-18', '2027-01-27', '2027-02-03', '2027-02-10'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2027-01-11', status: 'held', heldOn: '2027-01-11' },
      { date: '2027-01-18', status: 'held', heldOn: '2027-01-18' },
      { date: '2027-01-25', status: 'late', heldOn: '2027-01-27' },
      { date: '2027-02-03', status: 'held', heldOn: '2027-02-03' },
      { date: '2027-02-10', status: 'held', heldOn: '2027-02-10' },
      { date: '2027-02-24', status: 'planned' },
      { date: '2027-03-10', status: 'planned' },
      { date: '2027-03-24', status: 'planned' },
    ]);
    expect(schedule.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });
});

describe('records on LCS within 5 working days, or 24 hours for significant case decisions and urgent matters (Frequency)', () => {
  it('case supervision record: 5 working days over Christmas 2026 (Frequency)', () => {
    // Thu 24 Dec 2026: [Fri 25, weekend, Mon 28] Tue 29 (1), Wed 30 (2), Thu 31 (3), [Fri 1 Jan, weekend] Mon 4 (4), Tue 5 Jan (5).
    const deadline = recordDeadline({ pack: islington, calendar, kind: 'case', at: london('2026-12-24T10:00') });
    expect(deadline.due.toISO()).toBe('2027-01-05T23:59:59.999+00:00');
    expect(deadline.rule).toBe('5 working days');
  });

  it('significant decision or urgent matter: 24 real hours, including over Christmas Day (Frequency)', () => {
    const deadline = recordDeadline({ pack: islington, calendar, kind: 'case', significant: true, at: london('2026-12-24T10:00') });
    expect(deadline.due.toISO()).toBe('2026-12-25T10:00:00.000+00:00');
  });

  it('significant decision: 24 real hours across the 25 October 2026 clock change (Frequency)', () => {
    // Sat 24 Oct 18:00 BST + 24 hours = Sun 25 Oct 17:00 GMT (the clocks went back an hour overnight).
    const deadline = recordDeadline({ pack: islington, calendar, kind: 'case', significant: true, at: london('2026-10-24T18:00') });
    expect(deadline.due.toISO()).toBe('2026-10-25T17:00:00.000+00:00');
  });

  it('informal supervision and group supervision: the same 5 working days / 24 hours (Management oversight and informal supervision; Group Supervision)', () => {
    for (const kind of ['situational', 'group'] as const) {
      expect(recordDeadline({ pack: islington, calendar, kind, at: london('2026-12-24T10:00') }).due.toISO()).toBe('2027-01-05T23:59:59.999+00:00');
      expect(recordDeadline({ pack: islington, calendar, kind, significant: true, at: london('2026-12-24T10:00') }).due.toISO()).toBe(
        '2026-12-25T10:00:00.000+00:00',
      );
    }
  });

  it('supervision without case responsibility: 5 working days, no shorter significant deadline (Frequency, local)', () => {
    // Fri 28 May 2027: [Mon 31 spring bank holiday] Tue 1 (1), Wed 2 (2), Thu 3 (3), Fri 4 (4), Mon 7 Jun (5).
    for (const significant of [false, true]) {
      const deadline = recordDeadline({ pack: islington, calendar, kind: 'personal', significant, at: london('2027-05-28T14:00') });
      expect(deadline.due.toISO()).toBe('2027-06-07T23:59:59.999+01:00');
    }
  });
});

describe('significant case decisions and urgent matters (Frequency)', () => {
  it('both triggers are mandatory and take the 24-hour record deadline (Frequency)', () => {
    for (const id of ['significant-decision', 'urgent-matter']) {
      expect(islington.triggers[id]).toMatchObject({ mandatory: true, significant: true });
      expect(islington.triggers[id]!.wording).toContain('within 24 hours');
    }
  });

  it('urgent matter: cannot be lowered below urgent, 4 working hours (Frequency)', () => {
    // Thu 24 Dec 2026 15:00: 2 hours that day, then Tue 29 Dec 09:00-11:00 GMT.
    for (const urgency of ['routine', 'priority', 'urgent'] as const) {
      const response = responseDeadline({ pack: islington, calendar, triggerId: 'urgent-matter', urgency, raisedAt: london('2026-12-24T15:00') });
      expect(response.urgency).toBe('urgent');
      expect(response.due.toISO()).toBe('2026-12-29T11:00:00.000+00:00');
    }
  });

  it('significant decision: priority is 1 working day = 8 working hours, across the autumn clock change (Frequency)', () => {
    // Fri 23 Oct 2026 16:00 BST: 1 hour Friday; Mon 26 Oct 09:00 GMT + 7 hours = 16:00 GMT.
    const response = responseDeadline({ pack: islington, calendar, triggerId: 'significant-decision', raisedAt: london('2026-10-23T16:00') });
    expect(response.urgency).toBe('priority');
    expect(response.due.toISO()).toBe('2026-10-26T16:00:00.000+00:00');
  });
});

describe('leave: a gap in supervision is recorded and supervision rebooked as a priority on return (Frequency)', () => {
  it('leave: record the gap on LCS and rebook as a priority when the practitioner returns (Frequency)', () => {
    expect(islington.leave).toMatchObject({ recordGap: true, rebook: 'priority-on-return', source: '003_54dd48a632c605c9.txt Frequency' });
  });
});

describe('group supervision does not replace formal 1:1 case supervision (Group Supervision)', () => {
  it('group: no set frequency, and it does not replace 1:1 (Group Supervision)', () => {
    expect(islington.group).toMatchObject({ cadence: { type: 'as-required' }, replacesOneToOne: { value: false } });
    expect(dueDates(islington.group!.cadence, { calendar, start: day('2027-01-04'), until: day('2027-12-31') })).toEqual([]);
  });
});
