// Cafcass (seed 000_ea9f6511b9b2d3d5.txt): every rule with a number, checked against dates worked out
// by hand from the seed and a calendar. England and Wales bank holidays used below: Christmas Day Fri
// 25 Dec 2026, Boxing Day substitute Mon 28 Dec 2026, New Year's Day Fri 1 Jan 2027, Good Friday 26 Mar
// 2027, Easter Monday 29 Mar 2027, early May Mon 3 May 2027, spring Mon 31 May 2027, summer Mon 30 Aug 2027.
// Clocks go forward at 01:00 GMT on Sun 28 Mar 2027 and back at 02:00 BST on Sun 25 Oct 2026.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordDeadline, responseDeadline } from '../../src/domain/records/deadline.js';
import { dueDates } from '../../src/domain/schedule/cadence.js';
import { personSchedule } from '../../src/domain/schedule/schedule.js';
import { day, iso, pack } from '../support/packs.js';
import { london, dates, rows, phased } from '../support/dueEntries.js';

const { pack: cafcass, calendar } = pack('cafcass');
const SEED = '000_ea9f6511b9b2d3d5.txt';
const seedText = readFileSync(fileURLToPath(new URL(`../../policies/seeds/${SEED}`, import.meta.url)), 'utf8');

/** Seed and pack wording compared without typographic differences (curly apostrophes, final ';' or '.'). */
const plain = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;]$/, '');

describe('NQSW one-to-one: weekly 6 weeks, fortnightly to 6 months, then monthly (appendix 2 standard 5 (2))', () => {
  const cadence = cafcass.cohorts.nqsw!.supervision.find((entry) => entry.kind === 'case')!.cadence;

  it('the pack encodes the three phases of appendix 2 standard 5 (2)', () => {
    expect(cadence).toMatchObject({
      type: 'phased',
      phases: [
        { until: { amount: 6, unit: 'weeks' }, cadence: { type: 'rolling', every: { amount: 1, unit: 'weeks' } } },
        { until: { amount: 6, unit: 'months' }, cadence: { type: 'rolling', every: { amount: 2, unit: 'weeks' } } },
        { cadence: { type: 'rolling', every: { amount: 1, unit: 'months' } } },
      ],
    });
    expect(cafcass.cohorts.nqsw!.needsStartDate).toBe(true);
  });

  // Start Monday 2 November 2026: weekly phase ends on start + 6 weeks = Mon 14 Dec 2026,
  // fortnightly phase on start + 6 months = Sun 2 May 2027.
  const mondayStart = () => personSchedule({ pack: cafcass, calendar, cohortId: 'nqsw', kind: 'case', start: day('2026-11-02'), until: day('2027-09-30') });

  it('NQSW: weekly for the first six weeks from a Monday start (appendix 2 standard 5 (2))', () => {
    const weekly = mondayStart().filter((entry) => entry.phase === 0);
    // Six Mondays; the sixth falls on the phase boundary (14 Dec) and still belongs to the weekly phase.
    expect(dates(weekly)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14']);
  });

  it('NQSW: fortnightly for the first six months from a Monday start, moved back over Christmas (appendix 2 standard 5 (2))', () => {
    const fortnightly = mondayStart().filter((entry) => entry.phase === 1);
    // 14 Dec + 2 weeks = Mon 28 Dec (Boxing Day substitute); back past Sat/Sun and Christmas Day to Thu 24 Dec.
    // Then every 14 days from Thu 24 Dec; Thu 29 Apr + 14 = Thu 13 May is after Sun 2 May, so the phase ends.
    expect(dates(fortnightly)).toEqual([
      '2026-12-24',
      '2027-01-07',
      '2027-01-21',
      '2027-02-04',
      '2027-02-18',
      '2027-03-04',
      '2027-03-18',
      '2027-04-01',
      '2027-04-15',
      '2027-04-29',
    ]);
  });

  it('NQSW: a minimum of monthly thereafter, counted from the last fortnightly session (appendix 2 standard 5 (2))', () => {
    const monthly = mondayStart().filter((entry) => entry.phase === 2);
    // Thu 29 Apr + 1 month = Sat 29 May -> Fri 28 May; +1 month = Mon 28 Jun; Wed 28 Jul;
    // Sat 28 Aug -> Fri 27 Aug (Mon 30 Aug is a bank holiday anyway); Mon 27 Sep.
    expect(dates(monthly)).toEqual(['2027-05-28', '2027-06-28', '2027-07-28', '2027-08-27', '2027-09-27']);
    expect(mondayStart().every((entry) => entry.status === 'planned')).toBe(true);
  });

  it('NQSW: from a Saturday start the weekly sessions move back to Fridays (appendix 2 standard 5 (2))', () => {
    // Start Sat 3 Oct 2026: weekly phase to Sat 14 Nov 2026, fortnightly phase to Sat 3 Apr 2027.
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'nqsw', kind: 'case', start: day('2026-10-03'), until: day('2027-06-30') });
    expect(phased(schedule)).toEqual([
      // Sat 10 Oct -> Fri 9 Oct, then every Friday; Fri 13 Nov + 7 = Fri 20 Nov is after 14 Nov.
      ['2026-10-09', 0],
      ['2026-10-16', 0],
      ['2026-10-23', 0],
      ['2026-10-30', 0],
      ['2026-11-06', 0],
      ['2026-11-13', 0],
      // Fortnightly from Fri 13 Nov; Fri 25 Dec (Christmas) -> Thu 24 Dec; then Thursdays to Thu 1 Apr.
      ['2026-11-27', 1],
      ['2026-12-11', 1],
      ['2026-12-24', 1],
      ['2027-01-07', 1],
      ['2027-01-21', 1],
      ['2027-02-04', 1],
      ['2027-02-18', 1],
      ['2027-03-04', 1],
      ['2027-03-18', 1],
      ['2027-04-01', 1],
      // Thu 15 Apr is after Sat 3 Apr: monthly from Thu 1 Apr. Sat 1 May -> Fri 30 Apr;
      // Sun 30 May -> Fri 28 May; Mon 28 Jun.
      ['2027-04-30', 2],
      ['2027-05-28', 2],
      ['2027-06-28', 2],
    ]);
  });

  it('NQSW: a late weekly session restarts the clock from the day it was held (appendix 2 standard 5 (2))', () => {
    // Start Mon 2 Nov 2026. Held Mon 9, Mon 16, then Wed 25 Nov (the Mon 23 Nov session was late),
    // Wed 2 Dec and Wed 9 Dec. Wed 9 Dec + 7 = Wed 16 Dec is after the weekly phase (Mon 14 Dec):
    // fortnightly from Wed 9 Dec gives Wed 23 Dec, then Wed 6 Jan.
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'nqsw',
      kind: 'case',
      start: day('2026-11-02'),
      until: day('2027-01-10'),
      held: { case: ['2026-11-09', '2026-11-16', '2026-11-25', '2026-12-02', '2026-12-09'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2026-11-09', status: 'held', heldOn: '2026-11-09' },
      { date: '2026-11-16', status: 'held', heldOn: '2026-11-16' },
      { date: '2026-11-23', status: 'late', heldOn: '2026-11-25' },
      { date: '2026-12-02', status: 'held', heldOn: '2026-12-02' },
      { date: '2026-12-09', status: 'held', heldOn: '2026-12-09' },
      { date: '2026-12-23', status: 'planned' },
      { date: '2027-01-06', status: 'planned' },
    ]);
  });
});

describe('established practitioner one-to-one: at least monthly (appendix 2 standard 5 (2))', () => {
  it('established: at least monthly, month ends clamped and weekends/bank holidays moved back (appendix 2 standard 5 (2))', () => {
    expect(cafcass.cohorts.established!.supervision.find((entry) => entry.kind === 'case')!.cadence).toMatchObject({
      type: 'rolling',
      every: { amount: 1, unit: 'months' },
    });
    // Start Sat 31 Oct 2026. +1 month = Mon 30 Nov (clamped); Wed 30 Dec; Sat 30 Jan -> Fri 29 Jan;
    // 29 Feb does not exist -> Sun 28 Feb -> Fri 26 Feb; Fri 26 Mar is Good Friday -> Thu 25 Mar;
    // Sun 25 Apr -> Fri 23 Apr; Sun 23 May -> Fri 21 May; Mon 21 Jun is after the end date.
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'established', kind: 'case', start: day('2026-10-31'), until: day('2027-05-31') });
    expect(dates(schedule)).toEqual(['2026-11-30', '2026-12-30', '2027-01-29', '2027-02-26', '2027-03-25', '2027-04-23', '2027-05-21']);
  });

  it('established: a late session is marked late and the next month counts from it (appendix 2 standard 5 (2))', () => {
    // Start Mon 1 Jun 2026. Due Wed 1 Jul: held Mon 29 Jun. Due 29 Jul: nothing until Wed 5 Aug (late).
    // 5 Aug + 1 month = Sat 5 Sep -> Fri 4 Sep: held Thu 3 Sep. 3 Oct is a Saturday -> Fri 2 Oct, planned.
    // Fri 2 Oct + 1 month = Mon 2 Nov, after the end date.
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'established',
      kind: 'case',
      start: day('2026-06-01'),
      until: day('2026-10-31'),
      held: { case: ['2026-06-29', '2026-08-05', '2026-09-03'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2026-07-01', status: 'held', heldOn: '2026-06-29' },
      { date: '2026-07-29', status: 'late', heldOn: '2026-08-05' },
      { date: '2026-09-04', status: 'held', heldOn: '2026-09-03' },
      { date: '2026-10-02', status: 'planned' },
    ]);
  });

  it('established: a month with nothing held by today is overdue and the next month counts from today (appendix 2 standard 5 (2))', () => {
    // As above, but today is Sat 10 Oct 2026 and nothing was held after 3 Sep: Fri 2 Oct is overdue,
    // and the next is due today + 1 month = Tue 10 Nov.
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'established',
      kind: 'case',
      start: day('2026-06-01'),
      until: day('2026-11-30'),
      today: day('2026-10-10'),
      held: { case: ['2026-06-29', '2026-08-05', '2026-09-03'].map(day) },
    });
    expect(rows(schedule).slice(3)).toEqual([
      { date: '2026-10-02', status: 'overdue' },
      { date: '2026-11-10', status: 'planned' },
    ]);
  });
});

describe('practice observations: twice per year (7.1; 8 standard 7)', () => {
  it('observations: two a year, one in each half-year from the start date (7.1)', () => {
    // Start Mon 1 Jun 2026: windows 1 Jun-30 Nov 2026 and 1 Dec 2026-31 May 2027.
    // Mon 30 Nov is a working day; Mon 31 May 2027 is the spring bank holiday -> Fri 28 May.
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'established',
      kind: 'observation',
      start: day('2026-06-01'),
      until: day('2027-05-31'),
    });
    expect(dates(schedule)).toEqual(['2026-11-30', '2027-05-28']);
    expect(schedule.map((entry) => [iso(entry.window!.start), iso(entry.window!.end)])).toEqual([
      ['2026-06-01', '2026-11-30'],
      ['2026-12-01', '2027-05-31'],
    ]);
  });

  it('observations: an NQSW also has two a year (8 standard 7)', () => {
    // Start Mon 2 Nov 2026: windows end Sat 1 May 2027 (-> Fri 30 Apr) and Mon 1 Nov 2027.
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'nqsw', kind: 'observation', start: day('2026-11-02'), until: day('2027-11-01') });
    expect(dates(schedule)).toEqual(['2027-04-30', '2027-11-01']);
  });
});

describe('PLRs: a minimum of three times per year (3.1 (3); 8 standard 5)', () => {
  it('PLRs: three a year, one in each third of the year from the start date (8 standard 5)', () => {
    // Start Mon 1 Jun 2026: windows end Wed 30 Sep 2026, Sun 31 Jan 2027 (-> Fri 29 Jan),
    // Mon 31 May 2027 (spring bank holiday -> Fri 28 May).
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'established', kind: 'plr', start: day('2026-06-01'), until: day('2027-05-31') });
    expect(dates(schedule)).toEqual(['2026-09-30', '2027-01-29', '2027-05-28']);
  });

  it('PLRs: an NQSW has three a year too (3.1 (3))', () => {
    // Start Mon 2 Nov 2026: windows end Mon 1 Mar, Thu 1 Jul and Mon 1 Nov 2027, all working days.
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'nqsw', kind: 'plr', start: day('2026-11-02'), until: day('2027-11-01') });
    expect(dates(schedule)).toEqual(['2027-03-01', '2027-07-01', '2027-11-01']);
  });

  it('PLRs: a held PLR marks its window held; a window with none before a later one is missed (8 standard 5)', () => {
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'established',
      kind: 'plr',
      start: day('2026-06-01'),
      until: day('2027-05-31'),
      held: { plr: ['2026-09-15', '2027-03-10'].map(day) },
    });
    expect(rows(schedule)).toEqual([
      { date: '2026-09-30', status: 'held', heldOn: '2026-09-15' },
      { date: '2027-01-29', status: 'missed' },
      { date: '2027-05-28', status: 'held', heldOn: '2027-03-10' },
    ]);
  });
});

describe('group supervision: every month, attended at least once per quarter (6.1; 6.3; 8 standard 4)', () => {
  it('group: the pack sets monthly sessions, attendance at least 1 per quarter, 2 facilitators (6.1, 6.3, 8 standard 4)', () => {
    expect(cafcass.group).toMatchObject({
      cadence: { type: 'calendar', period: 'month' },
      attendance: { atLeast: 1, per: 'quarter' },
      facilitators: { min: 2 },
      replacesOneToOne: { value: false },
    });
  });

  it('group: one session every month, due on the last working day of the month (6.1)', () => {
    // Oct 2026: Sat 31 -> Fri 30; Nov: Mon 30; Dec: Thu 31; Jan 2027: Sun 31 -> Fri 29.
    const schedule = dueDates(cafcass.group!.cadence, { calendar, start: day('2026-10-01'), until: day('2027-01-31') });
    expect(dates(schedule)).toEqual(['2026-10-30', '2026-11-30', '2026-12-31', '2027-01-29']);
  });
});

describe('duration: an uninterrupted hour and a half (appendix 2 standard 5 (1))', () => {
  it('duration: case and reflective supervision last at least 90 minutes (appendix 2 standard 5 (1))', () => {
    expect(cafcass.kinds.case!.duration!.min).toMatchObject({ amount: 90, unit: 'minutes' });
    expect(cafcass.kinds.personal!.duration!.min).toMatchObject({ amount: 90, unit: 'minutes' });
  });
});

describe('triggers: circumstances where an FCA is required to request supervision (4.3 a-h)', () => {
  const seedWording: Record<string, [string, string]> = {
    reunification: ['a)', 'Reunifying children with parents in public law proceedings;'],
    'care-plan-change': ['b)', 'A change of care plan or placement in public law proceedings;'],
    'best-interests-unclear': ['c)', 'A case where it is proving difficult to decide what is in the best interests of the child;'],
    'harm-or-risk': [
      'd)',
      'A child where there is current harm or risk of harm known or suspected and/or a referral to a local authority or the police may be appropriate. This includes children in private law proceedings where there is a change in the child\u2019s arrangements triggered by a new risk of harm or actual harm and/or uncertainty about the safety of contact for a child with a parent;',
    ],
    'not-seeing-child': [
      'e)',
      'A decision not to see a child in person or in the agreed timescales set out in the seeing and engaging children policy and/or the child\u2019s plan;',
    ],
    'court-outcome-unsafe': [
      'f)',
      'A case outcome in court that does not accept the FCA\u2019s assessment of risk to the child and/or is considered by the FCA to be unsafe;',
    ],
    'serious-incident-learning': ['g)', 'Initial learning identified in a significant incident review or an associated case and/or learning review.'],
    'long-running-proceedings': ['h)', 'Review of proceedings which are delayed or long running and the impact of this on the child'],
  };

  it('triggers: all eight of 4.3 a) to h) are present, mandatory, with the seed wording (4.3)', () => {
    // The mandatory ones, by their code; reflective supervision (4.4) may also be asked for, and has none.
    const codes = Object.values(cafcass.triggers)
      .filter((trigger) => trigger.mandatory)
      .map((trigger) => trigger.code)
      .sort();
    expect(codes).toEqual(['a)', 'b)', 'c)', 'd)', 'e)', 'f)', 'g)', 'h)']);
    for (const [id, [code, wording]] of Object.entries(seedWording)) {
      // The expected wording is quoted from the seed: make sure the quotation is exact.
      expect(seedText).toContain(`${code} ${wording}`);
      const trigger = cafcass.triggers[id];
      expect(trigger, id).toBeDefined();
      expect(trigger!.code).toBe(code);
      expect(trigger!.mandatory, id).toBe(true);
      expect(plain(trigger!.wording), id).toBe(plain(wording));
      expect(trigger!.source).toBe(`${SEED} 4.3 ${code}`);
    }
  });

  it('d) harm or risk of harm: answered within 4 working hours, over Christmas 2026 (4.3 d)', () => {
    // Thu 24 Dec 2026 15:00: 2 hours that day; Fri 25 (Christmas), the weekend and Mon 28 (Boxing Day
    // substitute) are skipped; 2 more hours on Tue 29 Dec, 09:00-11:00 GMT.
    const response = responseDeadline({ pack: cafcass, calendar, triggerId: 'harm-or-risk', raisedAt: london('2026-12-24T15:00') });
    expect(response.urgency).toBe('urgent');
    expect(response.due.toISO()).toBe('2026-12-29T11:00:00.000+00:00');
  });

  it('d) harm or risk of harm cannot be lowered below urgent (4.3 d)', () => {
    for (const urgency of ['routine', 'priority'] as const) {
      const response = responseDeadline({ pack: cafcass, calendar, triggerId: 'harm-or-risk', urgency, raisedAt: london('2026-12-24T15:00') });
      expect(response.urgency).toBe('urgent');
      expect(response.due.toISO()).toBe('2026-12-29T11:00:00.000+00:00');
    }
    // It can be raised: immediate is 1 real hour, day or night.
    const immediate = responseDeadline({ pack: cafcass, calendar, triggerId: 'harm-or-risk', urgency: 'immediate', raisedAt: london('2026-12-24T15:00') });
    expect(immediate.urgency).toBe('immediate');
    expect(immediate.due.toISO()).toBe('2026-12-24T16:00:00.000+00:00');
  });

  it('a) and g): triggers without a floor may be lowered; routine is 2 working days = 16 working hours (4.3 a, g)', () => {
    // Wed 23 Dec 2026 10:00: 7 hours Wed, 8 hours Thu 24 (15), Christmas and Boxing Day substitute skipped,
    // 1 hour on Tue 29 Dec -> 10:00.
    const g = responseDeadline({ pack: cafcass, calendar, triggerId: 'serious-incident-learning', raisedAt: london('2026-12-23T10:00') });
    expect(g.urgency).toBe('routine');
    expect(g.due.toISO()).toBe('2026-12-29T10:00:00.000+00:00');
    const a = responseDeadline({ pack: cafcass, calendar, triggerId: 'reunification', urgency: 'routine', raisedAt: london('2026-12-23T10:00') });
    expect(a.urgency).toBe('routine');
    expect(a.due.toISO()).toBe('2026-12-29T10:00:00.000+00:00');
  });
});

describe('record deadlines: recorded in a timely manner (8 standard 6; 4.4)', () => {
  it('case supervision: 5 working days, across Christmas and New Year 2026-27 (8 standard 6)', () => {
    // Wed 23 Dec 2026: Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4), [Fri 1 Jan holiday, weekend], Mon 4 Jan (5).
    const deadline = recordDeadline({ pack: cafcass, calendar, kind: 'case', at: london('2026-12-23T14:00') });
    expect(deadline.due.toISO()).toBe('2027-01-04T23:59:59.999+00:00');
    expect(deadline.rule).toBe('5 working days');
  });

  it('case supervision with a significant decision: 24 real hours, across the 28 March 2027 clock change (4.4)', () => {
    const deadline = recordDeadline({ pack: cafcass, calendar, kind: 'case', significant: true, at: london('2027-03-27T12:00') });
    expect(deadline.due.toISO()).toBe('2027-03-28T13:00:00.000+01:00');
  });

  it('situational supervision: 5 working days, 24 hours for a significant decision (8 standard 6)', () => {
    expect(recordDeadline({ pack: cafcass, calendar, kind: 'situational', at: london('2026-12-23T14:00') }).due.toISO()).toBe('2027-01-04T23:59:59.999+00:00');
    expect(recordDeadline({ pack: cafcass, calendar, kind: 'situational', significant: true, at: london('2027-03-27T12:00') }).due.toISO()).toBe(
      '2027-03-28T13:00:00.000+01:00',
    );
  });

  it('reflective supervision: 10 working days across Easter 2027, with no shorter significant deadline (8 standard 8)', () => {
    // Wed 24 Mar 2027: Thu 25 (1), [Good Friday, weekend, Easter Monday], Tue 30 (2), Wed 31 (3), Thu 1 Apr (4),
    // Fri 2 (5), Mon 5 (6), Tue 6 (7), Wed 7 (8), Thu 8 (9), Fri 9 Apr (10).
    for (const significant of [false, true]) {
      const deadline = recordDeadline({ pack: cafcass, calendar, kind: 'personal', significant, at: london('2027-03-24T10:00') });
      expect(deadline.due.toISO()).toBe('2027-04-09T23:59:59.999+01:00');
    }
  });

  it('group and observation records: 10 working days (6.1; 7.3)', () => {
    for (const kind of ['group', 'observation'] as const) {
      expect(recordDeadline({ pack: cafcass, calendar, kind, at: london('2027-03-24T10:00') }).due.toISO()).toBe('2027-04-09T23:59:59.999+01:00');
    }
  });
});

describe('pack-local frequencies: return from absence and improvement plans (4.1)', () => {
  it('returning: fortnightly for 6 weeks, then monthly (4.1, local)', () => {
    // Start Mon 2 Nov 2026; fortnightly phase to Mon 14 Dec: Mon 16 Nov, Mon 30 Nov, Mon 14 Dec.
    // Monthly from Mon 14 Dec: Thu 14 Jan; Sun 14 Feb -> Fri 12 Feb; Fri 12 Mar; Mon 12 Apr.
    const schedule = personSchedule({ pack: cafcass, calendar, cohortId: 'returning', kind: 'case', start: day('2026-11-02'), until: day('2027-04-30') });
    expect(phased(schedule)).toEqual([
      ['2026-11-16', 0],
      ['2026-11-30', 0],
      ['2026-12-14', 0],
      ['2027-01-14', 1],
      ['2027-02-12', 1],
      ['2027-03-12', 1],
      ['2027-04-12', 1],
    ]);
  });

  it('improvement plan: fortnightly (4.1, local)', () => {
    // Start Mon 14 Dec 2026: Mon 28 Dec (bank holiday) -> Thu 24 Dec; Thu 7 Jan; Thu 21 Jan.
    const schedule = personSchedule({
      pack: cafcass,
      calendar,
      cohortId: 'improvement-plan',
      kind: 'case',
      start: day('2026-12-14'),
      until: day('2027-01-31'),
    });
    expect(dates(schedule)).toEqual(['2026-12-24', '2027-01-07', '2027-01-21']);
  });
});
