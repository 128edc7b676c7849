// Bexley (seed 004_4e4fcc0f6e8344f7.txt; tests name its headings: "individual standard one" etc.).
// Every rule with a number, checked against dates worked out by hand from the seed and a calendar.
// England and Wales bank holidays used below: Christmas Day Fri 25 Dec 2026, Boxing Day substitute
// Mon 28 Dec 2026, Good Friday 26 Mar 2027, Easter Monday 29 Mar 2027, early May Mon 3 May 2027,
// spring Mon 31 May 2027. Clocks go forward at 01:00 GMT on Sun 28 Mar 2027.
import { describe, expect, it } from 'vitest';
import { recordDeadline, responseDeadline } from '../../src/domain/records/deadline.js';
import { dueDates } from '../../src/domain/schedule/cadence.js';
import { caseReviewSchedule, personSchedule } from '../../src/domain/schedule/schedule.js';
import { day, iso, pack } from '../support/packs.js';
import { london, dates, rows, phased } from '../support/dueEntries.js';

const { pack: bexley, calendar } = pack('bexley');

describe('case holders: weekly for the first 4 weeks, fortnightly for the following 4 weeks, then no less than every 4 weeks (individual standard one)', () => {
  it('case-holder: the pack encodes the three phases (individual standard one)', () => {
    expect(bexley.cohorts['case-holder']!.supervision.find((entry) => entry.kind === 'case')!.cadence).toMatchObject({
      type: 'phased',
      phases: [
        { until: { amount: 4, unit: 'weeks' }, cadence: { type: 'rolling', every: { amount: 1, unit: 'weeks' } } },
        { until: { amount: 8, unit: 'weeks' }, cadence: { type: 'rolling', every: { amount: 2, unit: 'weeks' } } },
        { cadence: { type: 'rolling', every: { amount: 4, unit: 'weeks' } } },
      ],
    });
  });

  it('case-holder: from a Monday start, 4 weekly, 2 fortnightly, then 4-weekly over Christmas (individual standard one)', () => {
    // Start Mon 7 Sep 2026: weekly phase to Mon 5 Oct, fortnightly phase to Mon 2 Nov.
    // 4-weekly from Mon 2 Nov: Mon 30 Nov; Mon 28 Dec (Boxing Day substitute) -> Thu 24 Dec; then Thursdays.
    const schedule = personSchedule({ pack: bexley, calendar, cohortId: 'case-holder', kind: 'case', start: day('2026-09-07'), until: day('2027-04-30') });
    expect(phased(schedule)).toEqual([
      ['2026-09-14', 0],
      ['2026-09-21', 0],
      ['2026-09-28', 0],
      ['2026-10-05', 0],
      ['2026-10-19', 1],
      ['2026-11-02', 1],
      ['2026-11-30', 2],
      ['2026-12-24', 2],
      ['2027-01-21', 2],
      ['2027-02-18', 2],
      ['2027-03-18', 2],
      ['2027-04-15', 2],
    ]);
  });

  it('case-holder: from a Sunday start, sessions move back to Fridays (individual standard one)', () => {
    // Start Sun 1 Nov 2026: weekly phase to Sun 29 Nov, fortnightly phase to Sun 27 Dec.
    // Sun 8 Nov -> Fri 6 Nov, then Fridays to Fri 27 Nov (Fri 4 Dec is after 29 Nov).
    // Fortnightly from Fri 27 Nov: Fri 11 Dec; Fri 25 Dec (Christmas) -> Thu 24 Dec; Thu 7 Jan is after 27 Dec.
    // 4-weekly from Thu 24 Dec: Thu 21 Jan, 18 Feb, 18 Mar, 15 Apr.
    const schedule = personSchedule({ pack: bexley, calendar, cohortId: 'case-holder', kind: 'case', start: day('2026-11-01'), until: day('2027-04-30') });
    expect(phased(schedule)).toEqual([
      ['2026-11-06', 0],
      ['2026-11-13', 0],
      ['2026-11-20', 0],
      ['2026-11-27', 0],
      ['2026-12-11', 1],
      ['2026-12-24', 1],
      ['2027-01-21', 2],
      ['2027-02-18', 2],
      ['2027-03-18', 2],
      ['2027-04-15', 2],
    ]);
  });

  it('case-holder: from a Monday start whose fourth week ends on Easter Monday 2027 (individual standard one)', () => {
    // Start Mon 1 Mar 2027: weekly phase to Mon 29 Mar (Easter Monday), fortnightly phase to Mon 26 Apr.
    // Weekly: 8, 15, 22 Mar, then Mon 29 Mar -> back past Easter weekend and Good Friday to Thu 25 Mar.
    // Fortnightly from Thu 25 Mar: Thu 8 Apr, Thu 22 Apr (Thu 6 May is after 26 Apr).
    // 4-weekly from Thu 22 Apr: Thu 20 May, Thu 17 Jun.
    const schedule = personSchedule({ pack: bexley, calendar, cohortId: 'case-holder', kind: 'case', start: day('2027-03-01'), until: day('2027-06-30') });
    expect(phased(schedule)).toEqual([
      ['2027-03-08', 0],
      ['2027-03-15', 0],
      ['2027-03-22', 0],
      ['2027-03-25', 0],
      ['2027-04-08', 1],
      ['2027-04-22', 1],
      ['2027-05-20', 2],
      ['2027-06-17', 2],
    ]);
  });

  it('case-holder and non-case-holder: 1.5 to 2 hours (individual standard one)', () => {
    for (const kind of ['case', 'personal'] as const) {
      expect(bexley.kinds[kind]!.duration).toMatchObject({ min: { amount: 90, unit: 'minutes' }, max: { amount: 2, unit: 'hours' } });
    }
  });
});

describe('non case holders: no less than every 4 weeks (individual standard one)', () => {
  it('non-case-holder: every 4 weeks, moved back before Easter 2027 (individual standard one)', () => {
    // Start Mon 1 Mar 2027: Mon 29 Mar (Easter Monday) -> Thu 25 Mar; Thu 22 Apr; Thu 20 May; Thu 17 Jun.
    const schedule = personSchedule({ pack: bexley, calendar, cohortId: 'non-case-holder', start: day('2027-03-01'), until: day('2027-06-30') });
    expect(schedule.map((entry) => [iso(entry.date), entry.kind])).toEqual([
      ['2027-03-25', 'personal'],
      ['2027-04-22', 'personal'],
      ['2027-05-20', 'personal'],
      ['2027-06-17', 'personal'],
    ]);
  });

  it('non-case-holder: a late session is marked late and the next 4 weeks count from it (individual standard one)', () => {
    // Start Mon 1 Mar 2027. Due Thu 25 Mar: held Wed 24 Mar. 24 Mar + 4 weeks = Wed 21 Apr: nothing held
    // until Wed 28 Apr (late). 28 Apr + 4 weeks = Wed 26 May: held that day. 26 May + 4 weeks = Wed 23 Jun, planned.
    const schedule = personSchedule({
      pack: bexley,
      calendar,
      cohortId: 'non-case-holder',
      start: day('2027-03-01'),
      until: day('2027-06-30'),
      held: { personal: ['2027-03-24', '2027-04-28', '2027-05-26'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2027-03-25', status: 'held', heldOn: '2027-03-24' },
      { date: '2027-04-21', status: 'late', heldOn: '2027-04-28' },
      { date: '2027-05-26', status: 'held', heldOn: '2027-05-26' },
      { date: '2027-06-23', status: 'planned' },
    ]);
  });
});

describe('a minimum of four direct observations of practice per year for all case holding staff (individual standard three)', () => {
  it('observations: four a year at any time in the year from the start date, no quarter missed when two fall in one quarter (individual standard three)', () => {
    // Start Mon 7 Sep 2026: the year ends Mon 6 Sep 2027. Two held in the first quarter and two in the last
    // are the four; before, a quarter with none held was a missed one.
    const schedule = personSchedule({
      pack: bexley,
      calendar,
      cohortId: 'case-holder',
      kind: 'observation',
      start: day('2026-09-07'),
      until: day('2027-09-06'),
      held: { observation: ['2026-09-20', '2026-10-20', '2027-08-02', '2027-08-30'].map(day) },
    });
    expect(schedule.map((entry) => [iso(entry.date), entry.status, iso(entry.heldOn!)])).toEqual([
      ['2027-09-06', 'held', '2026-09-20'],
      ['2027-09-06', 'held', '2026-10-20'],
      ['2027-09-06', 'held', '2027-08-02'],
      ['2027-09-06', 'held', '2027-08-30'],
    ]);
  });

  it('observations: only case holders have them (individual standard three)', () => {
    expect(bexley.cohorts['non-case-holder']!.supervision.map((entry) => entry.kind)).not.toContain('observation');
  });
});

describe('case supervision every 4 weeks; Leaving Care 8 weeks; CWD review-only 12 weeks (individual standard three)', () => {
  const review = (category: string) => dates(caseReviewSchedule({ pack: bexley, calendar, category, start: day('2027-01-04'), until: day('2027-06-30') }));

  it('all cases: every 4 weeks (individual standard three)', () => {
    // Allocated Mon 4 Jan 2027: Mon 1 Feb, Mon 1 Mar, Mon 29 Mar (Easter Monday) -> Thu 25 Mar, then Thu 22 Apr,
    // Thu 20 May, Thu 17 Jun.
    expect(review('standard')).toEqual(['2027-02-01', '2027-03-01', '2027-03-25', '2027-04-22', '2027-05-20', '2027-06-17']);
  });

  it('Leaving Care young adults visited every 3 months or more: every 8 weeks (individual standard three)', () => {
    // Mon 1 Mar, Mon 26 Apr, Mon 21 Jun 2027.
    expect(review('leaving-care')).toEqual(['2027-03-01', '2027-04-26', '2027-06-21']);
  });

  it('children with disabilities on a review-only basis: every 12 weeks (individual standard three)', () => {
    // 4 Jan + 12 weeks = Mon 29 Mar (Easter Monday) -> Thu 25 Mar; + 12 weeks = Thu 17 Jun.
    expect(review('cwd-review-only')).toEqual(['2027-03-25', '2027-06-17']);
  });
});

describe('group supervision every 2-4 weeks, for 4 to 10 people, roles rotated (group standards one and two; appendix 8)', () => {
  it('group: at most every 4 weeks and not sooner than 2 weeks (group standard one)', () => {
    expect(bexley.group!.cadence).toMatchObject({ type: 'rolling', every: { amount: 4, unit: 'weeks' }, notBefore: { amount: 2, unit: 'weeks' } });
    // From Mon 11 Jan 2027: Mon 8 Feb, Mon 8 Mar, Mon 5 Apr, Mon 3 May (early May bank holiday) -> Fri 30 Apr, Fri 28 May.
    const schedule = dueDates(bexley.group!.cadence, { calendar, start: day('2027-01-11'), until: day('2027-05-31') });
    expect(dates(schedule)).toEqual(['2027-02-08', '2027-03-08', '2027-04-05', '2027-04-30', '2027-05-28']);
  });

  it('group: 4 to 10 people (appendix 8 group supervision process)', () => {
    expect(bexley.group!.size).toMatchObject({ min: 4, max: 10 });
  });

  it('group: facilitator and advisor identified beforehand and regularly rotated; case and presenter chosen beforehand (group standard two)', () => {
    expect(bexley.group).toMatchObject({
      facilitators: { min: 1, rotate: true },
      advisor: { required: true, rotate: true },
      presenterChosenBeforehand: { required: true },
    });
  });
});

describe('supervision discussions recorded and signed by both parties (individual standard four)', () => {
  it('sign-off: case and professional development records are signed by supervisor and supervisee (individual standard four)', () => {
    for (const kind of ['case', 'personal'] as const) {
      expect(bexley.kinds[kind]!.signOff!.by).toEqual(['supervisor', 'supervisee']);
    }
  });

  it('agreement: signed by both at the first session, reviewed annually (individual standard one)', () => {
    expect(bexley.agreement).toMatchObject({ signedBy: ['supervisor', 'supervisee'], atOutset: true, review: { amount: 1, unit: 'years' } });
  });

  it('informal significant decisions: recorded by the most senior person, 24 hours across the clock change (individual standard four)', () => {
    expect(bexley.kinds.situational!.record!.recordedBy).toBe('most-senior-present');
    const deadline = recordDeadline({ pack: bexley, calendar, kind: 'situational', significant: true, at: london('2027-03-27T12:00') });
    expect(deadline.due.toISO()).toBe('2027-03-28T13:00:00.000+01:00');
  });

  it('case record: 5 working days across Easter 2027 (individual standard four, local)', () => {
    // Thu 25 Mar 2027: [Good Friday, weekend, Easter Monday] Tue 30 (1), Wed 31 (2), Thu 1 Apr (3), Fri 2 (4), Mon 5 Apr (5).
    const deadline = recordDeadline({ pack: bexley, calendar, kind: 'case', at: london('2027-03-25T10:00') });
    expect(deadline.due.toISO()).toBe('2027-04-05T23:59:59.999+01:00');
  });

  it('direct observation record: 10 working days over the early May bank holiday (appendix 5, local)', () => {
    // Fri 30 Apr 2027: [Mon 3 May] Tue 4 (1) ... Fri 7 (4), Mon 10 (5) ... Fri 14 (9), Mon 17 May (10).
    const deadline = recordDeadline({ pack: bexley, calendar, kind: 'observation', at: london('2027-04-30T10:00') });
    expect(deadline.due.toISO()).toBe('2027-05-17T23:59:59.999+01:00');
  });
});

describe('closure, transfer, child protection and legal planning decisions discussed in supervision before or just after being made (individual standard three)', () => {
  const decisions: Record<string, string> = {
    closure: 'closure',
    transfer: 'transfer',
    'child-protection': 'child protection',
    'legal-planning': 'legal planning',
  };

  it('the four standard-three triggers are present and mandatory (individual standard three)', () => {
    for (const [id, words] of Object.entries(decisions)) {
      const trigger = bexley.triggers[id];
      expect(trigger, id).toBeDefined();
      expect(trigger!.mandatory).toBe(true);
      expect(trigger!.significant).toBe(true);
      expect(trigger!.wording).toContain(`a ${words} decision is being considered or made must be discussed in supervision before or just after being made`);
      expect(trigger!.source).toBe('004_4e4fcc0f6e8344f7.txt individual standard three');
    }
  });

  it('child protection: urgent by default (4 working hours) and never below priority (1 working day) (individual standard three)', () => {
    // Thu 25 Mar 2027 15:00 GMT: 2 hours that day, then Good Friday, weekend and Easter Monday skipped.
    const urgent = responseDeadline({ pack: bexley, calendar, triggerId: 'child-protection', raisedAt: london('2027-03-25T15:00') });
    expect(urgent.urgency).toBe('urgent');
    expect(urgent.due.toISO()).toBe('2027-03-30T11:00:00.000+01:00');
    // Asked as routine: raised to priority, 8 working hours: 2 on Thursday, 6 on Tue 30 Mar -> 15:00 BST.
    const lowered = responseDeadline({ pack: bexley, calendar, triggerId: 'child-protection', urgency: 'routine', raisedAt: london('2027-03-25T15:00') });
    expect(lowered.urgency).toBe('priority');
    expect(lowered.due.toISO()).toBe('2027-03-30T15:00:00.000+01:00');
  });

  it('closure: priority by default, may be lowered to routine, 16 working hours (individual standard three)', () => {
    // Thu 25 Mar 2027 15:00: 2 hours Thursday, 8 on Tue 30 Mar (10), 6 on Wed 31 Mar -> 15:00 BST.
    const routine = responseDeadline({ pack: bexley, calendar, triggerId: 'closure', urgency: 'routine', raisedAt: london('2027-03-25T15:00') });
    expect(routine.urgency).toBe('routine');
    expect(routine.due.toISO()).toBe('2027-03-31T15:00:00.000+01:00');
    expect(responseDeadline({ pack: bexley, calendar, triggerId: 'closure', raisedAt: london('2027-03-25T15:00') }).urgency).toBe('priority');
  });
});

describe('monthly report on the frequency of direct observations, individual and group supervision (quality assuring supervision b)', () => {
  it('reporting: every calendar month, covering individual, group and observations (quality assuring supervision b)', () => {
    expect(bexley.reporting).toMatchObject({ cadence: { type: 'calendar', period: 'month' } });
    expect([...bexley.reporting!.covers].sort()).toEqual(['case', 'group', 'observation', 'personal']);
  });
});
