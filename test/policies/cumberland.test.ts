// Cumberland (seed 001_f38a2d5076e6f828.txt): every rule with a number, checked against dates worked
// out by hand from the seed and a calendar. Sections are the seed's own, 1) to 13).
// England and Wales bank holidays used below: 2026 Good Friday 3 Apr, Easter Monday 6 Apr, early May
// 4 May, spring 25 May, summer 31 Aug, Christmas Fri 25 Dec, Boxing Day substitute Mon 28 Dec;
// 2027 New Year Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar, spring 31 May.
// Clocks: BST from 29 Mar 2026 to 25 Oct 2026, and from 28 Mar 2027.
import { describe, expect, it } from 'vitest';
import type { Cadence } from '../../src/domain/policy/schema.js';
import { deadlineAfter, recordDeadline, responseDeadline } from '../../src/domain/records/deadline.js';
import { dueDates } from '../../src/domain/schedule/cadence.js';
import { caseReviewSchedule, personSchedule } from '../../src/domain/schedule/schedule.js';
import { day, pack } from '../support/packs.js';
import { london, dates, statuses } from '../support/dueEntries.js';

const { pack: cumberland, calendar } = pack('cumberland');

/** Due dates only. */

const personal = (cohortId: string, start: string, until: string, extra: { held?: string[]; agreed?: string[] } = {}) =>
  personSchedule({
    pack: cumberland,
    calendar,
    cohortId,
    kind: 'personal',
    start: day(start),
    until: day(until),
    held: extra.held ? { personal: extra.held.map(day) } : undefined,
    agreed: extra.agreed?.map(day),
  });

const caseReviews = (category: string, start: string, until: string, held?: string[]) =>
  caseReviewSchedule({ pack: cumberland, calendar, category, start: day(start), until: day(until), held: held?.map(day) });

describe('personal supervision for staff: every 4 weeks', () => {
  it('section 3, personal supervision frequency (all Children and Family Wellbeing staff): every 4 weeks from a Monday, Friday before the spring bank holiday', () => {
    // Mon 5 Jan 2026 + 28 days = Mon 2 Feb; 2 Mar; 30 Mar; 27 Apr; Mon 25 May is the spring bank holiday, so
    // Fri 22 May; then 28 days from 22 May: Fri 19 Jun. Fri 17 Jul is after `until`.
    expect(dates(personal('staff', '2026-01-05', '2026-06-30'))).toEqual(['2026-02-02', '2026-03-02', '2026-03-30', '2026-04-27', '2026-05-22', '2026-06-19']);
  });

  it('section 3, personal supervision frequency: 4 weeks landing on Good Friday and on Christmas Day move back to the Thursday', () => {
    // Fri 6 Mar 2026 + 28 = Fri 3 Apr (Good Friday) -> Thu 2 Apr; + 28 = Thu 30 Apr.
    expect(dates(personal('staff', '2026-03-06', '2026-05-15'))).toEqual(['2026-04-02', '2026-04-30']);
    // Fri 27 Nov 2026 + 28 = Fri 25 Dec -> Thu 24 Dec; + 28 = Thu 21 Jan 2027.
    expect(dates(personal('staff', '2026-11-27', '2027-02-10'))).toEqual(['2026-12-24', '2027-01-21']);
  });

  it('section 3, personal supervision frequency: with held dates, an early session restarts the clock and a late one is marked late', () => {
    // Due Mon 2 Feb, held Fri 30 Jan -> held; next due 30 Jan + 28 = Fri 27 Feb; nothing held by then, held
    // Wed 4 Mar -> late; clock restarts from 4 Mar: due Wed 1 Apr, then Wed 29 Apr (assumed held on the due date).
    expect(statuses(personal('staff', '2026-01-05', '2026-04-30', { held: ['2026-01-30', '2026-03-04'] }))).toEqual([
      '2026-02-02 held 2026-01-30',
      '2026-02-27 late 2026-03-04',
      '2026-04-01 planned',
      '2026-04-29 planned',
    ]);
  });
});

describe('NQSW / ASYE personal supervision: weekly for 6 weeks, fortnightly to the 6-month review, then at least monthly', () => {
  it('section 3, personal supervision frequency (Newly Qualified Social Workers): from a Monday start', () => {
    // Start Mon 5 Jan 2026. 6 weeks: Mon 16 Feb. 6 months: Sun 5 Jul.
    // Weekly: 12, 19, 26 Jan, 2, 9, 16 Feb (16 Feb is not after the phase end).
    // Fortnightly from 16 Feb: 2 Mar, 16 Mar, 30 Mar, 13 Apr, 27 Apr, 11 May, 25 May (spring bank holiday) -> Fri 22 May,
    // then 5 Jun, 19 Jun, 3 Jul; 3 Jul + 14 = 17 Jul is after 5 Jul, so monthly from 3 Jul:
    // Mon 3 Aug, Thu 3 Sep, Sat 3 Oct -> Fri 2 Oct, Mon 2 Nov, Wed 2 Dec, Sat 2 Jan 2027 -> (Fri 1 Jan is a bank holiday) Thu 31 Dec.
    const entries = personal('nqsw', '2026-01-05', '2026-12-31');
    expect(dates(entries)).toEqual([
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-03-02',
      '2026-03-16',
      '2026-03-30',
      '2026-04-13',
      '2026-04-27',
      '2026-05-11',
      '2026-05-22',
      '2026-06-05',
      '2026-06-19',
      '2026-07-03',
      '2026-08-03',
      '2026-09-03',
      '2026-10-02',
      '2026-11-02',
      '2026-12-02',
      '2026-12-31',
    ]);
    expect(entries.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
  });

  it('section 3, personal supervision frequency (Newly Qualified Social Workers): from a Sunday start, across Easter', () => {
    // Start Sun 1 Mar 2026. 6 weeks: Sun 12 Apr. 6 months: Tue 1 Sep.
    // Weekly: Sun 8 Mar -> Fri 6 Mar; 13, 20, 27 Mar; Fri 3 Apr (Good Friday) -> Thu 2 Apr; Thu 9 Apr.
    // 9 Apr + 7 = 16 Apr is after 12 Apr, so fortnightly from 9 Apr: 23 Apr, 7 May, 21 May, 4 Jun, 18 Jun, 2 Jul,
    // 16 Jul, 30 Jul, 13 Aug, 27 Aug. 27 Aug + 14 = 10 Sep is after 1 Sep, so monthly from 27 Aug:
    // Sun 27 Sep -> Fri 25 Sep; Sun 25 Oct -> Fri 23 Oct; Mon 23 Nov; Wed 23 Dec.
    const entries = personal('nqsw', '2026-03-01', '2026-12-31');
    expect(dates(entries)).toEqual([
      '2026-03-06',
      '2026-03-13',
      '2026-03-20',
      '2026-03-27',
      '2026-04-02',
      '2026-04-09',
      '2026-04-23',
      '2026-05-07',
      '2026-05-21',
      '2026-06-04',
      '2026-06-18',
      '2026-07-02',
      '2026-07-16',
      '2026-07-30',
      '2026-08-13',
      '2026-08-27',
      '2026-09-25',
      '2026-10-23',
      '2026-11-23',
      '2026-12-23',
    ]);
    expect(entries.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('section 3, personal supervision frequency (Newly Qualified Social Workers): a late weekly session restarts the weekly clock', () => {
    // Start Mon 5 Jan 2026. Due 12 Jan, held 12 Jan. Due 19 Jan: nothing by then, held Wed 21 Jan -> late.
    // From 21 Jan weekly: Wed 28 Jan, Wed 4 Feb, Wed 11 Feb; 11 Feb + 7 = 18 Feb is after Mon 16 Feb (6 weeks),
    // so fortnightly from 11 Feb: Wed 25 Feb.
    const entries = personal('nqsw', '2026-01-05', '2026-02-28', { held: ['2026-01-12', '2026-01-21'] });
    expect(statuses(entries)).toEqual([
      '2026-01-12 held 2026-01-12',
      '2026-01-19 late 2026-01-21',
      '2026-01-28 planned',
      '2026-02-04 planned',
      '2026-02-11 planned',
      '2026-02-25 planned',
    ]);
    expect(entries.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('section 3, personal supervision frequency (Newly Qualified Social Workers): up to 1.5 hours of uninterrupted time', () => {
    expect(cumberland.kinds.personal?.duration?.max).toMatchObject({ amount: 90, unit: 'minutes' });
  });
});

describe('social work students: weekly, then fortnightly from a point agreed with the Practice Educator', () => {
  it('section 3, personal supervision frequency (Social Work Students): weekly until the agreed date, then fortnightly over Christmas', () => {
    // Start Mon 5 Oct 2026; fortnightly agreed on Wed 18 Nov. Weekly: 12, 19, 26 Oct, 2, 9, 16 Nov;
    // 16 Nov + 7 = 23 Nov is after 18 Nov, so fortnightly from 16 Nov: 30 Nov, 14 Dec, Mon 28 Dec (bank holiday;
    // 25 Dec too) -> Thu 24 Dec; then Thu 7 Jan 2027, Thu 21 Jan, Thu 4 Feb.
    const entries = personal('student', '2026-10-05', '2027-02-05', { agreed: ['2026-11-18'] });
    expect(dates(entries)).toEqual([
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-30',
      '2026-12-14',
      '2026-12-24',
      '2027-01-07',
      '2027-01-21',
      '2027-02-04',
    ]);
    expect(entries.map((entry) => entry.phase)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('section 3, personal supervision frequency (Social Work Students): stays weekly while no point has been agreed', () => {
    expect(dates(personal('student', '2026-10-05', '2026-11-30'))).toEqual([
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
  });
});

describe('child and family supervision frequency by service area: 4, 8, 12 weeks, monthly, as required', () => {
  const everyFourWeeks = [
    'early-help',
    'child-in-need',
    'disabilities',
    'child-protection',
    'cared-for-before-permanence',
    'adoption-team-before-placement',
    'fgc-residential-edge-of-care',
  ];
  const everyTwelveWeeks = [
    'disabilities-permanence',
    'cared-for-permanence',
    'care-experienced',
    'fostering',
    'adopters-pending-enquiry',
    'adoption-support',
    'adoption-team-settled',
  ];

  it('section 4, child and family supervision frequency: every 4 weeks (Early Help, Child in Need, Disabilities, Child Protection, Cared for before permanence, Adoption Team until placement, FGC / Residential / Edge of Care)', () => {
    // Allocated Mon 5 Jan 2026: 2 Feb, 2 Mar, 30 Mar, 27 Apr, Mon 25 May -> Fri 22 May, 19 Jun, 17 Jul, 14 Aug,
    // 11 Sep, 9 Oct, 6 Nov, 4 Dec, Fri 1 Jan 2027 (bank holiday) -> Thu 31 Dec 2026, Thu 28 Jan 2027.
    const expected = [
      '2026-02-02',
      '2026-03-02',
      '2026-03-30',
      '2026-04-27',
      '2026-05-22',
      '2026-06-19',
      '2026-07-17',
      '2026-08-14',
      '2026-09-11',
      '2026-10-09',
      '2026-11-06',
      '2026-12-04',
      '2026-12-31',
      '2027-01-28',
    ];
    for (const category of everyFourWeeks) {
      expect(dates(caseReviews(category, '2026-01-05', '2027-01-31')), category).toEqual(expected);
    }
  });

  it('section 4, child and family supervision frequency: every 8 weeks (Adopters approved, Affected by Adoption, Family Finding, involved workers)', () => {
    // Allocated Mon 5 Jan 2026: + 56 days each: 2 Mar, 27 Apr, 22 Jun, 17 Aug, 12 Oct, 7 Dec (1 Feb 2027 is after `until`).
    expect(dates(caseReviews('adopters-approved', '2026-01-05', '2026-12-31'))).toEqual([
      '2026-03-02',
      '2026-04-27',
      '2026-06-22',
      '2026-08-17',
      '2026-10-12',
      '2026-12-07',
    ]);
  });

  it('section 4, child and family supervision frequency: every 12 weeks (permanence achieved, Care experienced, Fostering, Adopters pending / enquiry, Adoption Support, Adoption Team once settled)', () => {
    // Allocated Fri 2 Oct 2026 + 84 days = Fri 25 Dec (Christmas) -> Thu 24 Dec; + 84 = Thu 18 Mar 2027.
    for (const category of everyTwelveWeeks) {
      expect(dates(caseReviews(category, '2026-10-02', '2027-03-31')), category).toEqual(['2026-12-24', '2027-03-18']);
    }
  });

  it('section 4, child and family supervision frequency: monthly (CCASS front door; Adopters stage 1 and 2), clamped to the end of February', () => {
    // Allocated Fri 30 Jan 2026 + 1 month = 28 Feb (no 30 Feb; a Saturday) -> Fri 27 Feb; then Fri 27 Mar, Mon 27 Apr, Wed 27 May.
    for (const category of ['ccass', 'adopters-stage-1-2']) {
      expect(dates(caseReviews(category, '2026-01-30', '2026-05-31')), category).toEqual(['2026-02-27', '2026-03-27', '2026-04-27', '2026-05-27']);
    }
  });

  it('section 4, child and family supervision frequency: Letter Box and Birth Records intermediary are "as required", so no dates fall due', () => {
    expect(caseReviews('letter-box', '2026-01-05', '2027-12-31')).toEqual([]);
    // The worker's own cohort entry for case supervision is as-required too: dates come from each child's service area.
    expect(personSchedule({ pack: cumberland, calendar, cohortId: 'staff', kind: 'case', start: day('2026-01-05'), until: day('2027-12-31') })).toEqual([]);
  });

  it('section 4, child and family supervision frequency (Child Protection): held dates with a late review', () => {
    // Due 2 Feb, held 2 Feb. Due 2 Mar: nothing by then, held Tue 10 Mar -> late; clock restarts:
    // 10 Mar + 28 = Tue 7 Apr (the day after Easter Monday); 7 Apr + 28 = Tue 5 May (the day after the early May bank holiday).
    expect(statuses(caseReviews('child-protection', '2026-01-05', '2026-05-10', ['2026-02-02', '2026-03-10']))).toEqual([
      '2026-02-02 held 2026-02-02',
      '2026-03-02 late 2026-03-10',
      '2026-04-07 planned',
      '2026-05-05 planned',
    ]);
  });
});

describe("recording child and family supervision: on the child's file within 72 hours; immediately for significant plan changes", () => {
  it('section 4, recording of child and family supervision: 72 real hours, across the October 2026 clock change', () => {
    // Fri 23 Oct 2026 12:00 BST = 11:00 UTC; + 72 h = Mon 26 Oct 11:00 UTC, which is 11:00 GMT.
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'case', at: london('2026-10-23T12:00') });
    expect(result.due.toISO()).toBe('2026-10-26T11:00:00.000+00:00');
    expect(result.rule).toBe('72 hours');
    expect(result.local).toBe(false);
  });

  it('section 4, recording of child and family supervision: 72 hours in winter, with no clock change', () => {
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'case', at: london('2026-11-23T10:30') });
    expect(result.due.toISO()).toBe('2026-11-26T10:30:00.000+00:00');
  });

  it('section 4, recording of child and family supervision: significant changes to the plan are recorded immediately', () => {
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'case', at: london('2026-10-23T12:00'), significant: true });
    expect(result.due.toISO()).toBe('2026-10-23T12:00:00.000+01:00');
    expect(result.rule).toBe('immediately for a significant decision');
  });

  it('section 8, management oversight (local: section 4 deadlines applied): 72 hours, immediately when significant', () => {
    const plain = recordDeadline({ pack: cumberland, calendar, kind: 'situational', at: london('2026-10-23T12:00') });
    expect(plain.due.toISO()).toBe('2026-10-26T11:00:00.000+00:00');
    expect(plain.local).toBe(true);
    const significant = recordDeadline({ pack: cumberland, calendar, kind: 'situational', at: london('2026-10-23T12:00'), significant: true });
    expect(significant.due.toISO()).toBe('2026-10-23T12:00:00.000+01:00');
  });

  it('section 4, team transfer (local: 72-hour child file deadline): a significant decision in it is recorded immediately, as in any supervision', () => {
    const plain = recordDeadline({ pack: cumberland, calendar, kind: 'transfer', at: london('2026-11-23T10:30') });
    expect(plain.due.toISO()).toBe('2026-11-26T10:30:00.000+00:00');
    expect(plain.local).toBe(true);
    // "Any supervisions held where decisions are made to make significant changes to the existing plan should be
    // recorded immediately": the transfer kind has no significant deadline of its own, so the pack's applies.
    const significant = recordDeadline({ pack: cumberland, calendar, kind: 'transfer', at: london('2026-11-23T10:30'), significant: true });
    expect(significant.due.toISO()).toBe('2026-11-23T10:30:00.000+00:00');
    expect(significant.rule).toBe('immediately for a significant decision');
  });

  it('section 4, recording of child and family supervision: a significant plan change, raised as a trigger, is answered within a working day (local) and recorded immediately', () => {
    const trigger = cumberland.triggers['significant-plan-change']!;
    expect(trigger.significant).toBe(true);
    // Priority: 1 working day = 8 working hours. Thu 24 Dec 2026 15:00: 2 hours that day; Christmas Day, the weekend
    // and the Boxing Day substitute (Mon 28 Dec) are skipped; 6 hours on Tue 29 Dec from 09:00 -> 15:00.
    const response = responseDeadline({ pack: cumberland, calendar, triggerId: 'significant-plan-change', raisedAt: london('2026-12-24T15:00') });
    expect(response.urgency).toBe('priority');
    expect(response.due.toISO()).toBe('2026-12-29T15:00:00.000+00:00');
  });
});

describe('recording personal supervision: notes available to the supervisee within 5 working days for checking and signing', () => {
  it('section 3, recording of personal supervision: over Christmas 2026 and the new year', () => {
    // Wed 23 Dec 2026: 24 Dec (1), [25 Dec, weekend, 28 Dec], 29 (2), 30 (3), 31 (4), [1 Jan, weekend], Mon 4 Jan 2027 (5).
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'personal', at: london('2026-12-23T14:00') });
    expect(result.due.toISO()).toBe('2027-01-04T23:59:59.999+00:00');
    expect(result.rule).toBe('5 working days');
    const shareWithin = cumberland.kinds.personal?.signOff?.shareWithin;
    expect(shareWithin).toBeDefined();
    expect(deadlineAfter(shareWithin!, london('2026-12-23T14:00'), calendar).toISO()).toBe('2027-01-04T23:59:59.999+00:00');
    expect(cumberland.kinds.personal?.signOff?.by).toEqual(['supervisor', 'supervisee']);
  });

  it('section 3, recording of personal supervision: from Monday 21 December 2026', () => {
    // 22 (1), 23 (2), 24 (3), [25, 26, 27, 28], 29 (4), 30 (5).
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'personal', at: london('2026-12-21T15:00') });
    expect(result.due.toISO()).toBe('2026-12-30T23:59:59.999+00:00');
  });
});

describe('practice observation: at least once a year, recorded within 10 working days', () => {
  it('section 6, what is a practice observation: yearly, moved back from Good Friday 2027 and from a Saturday in 2028', () => {
    // Thu 26 Mar 2026 + 1 year = Fri 26 Mar 2027 (Good Friday) -> Thu 25 Mar 2027; + 1 year = Sat 25 Mar 2028 -> Fri 24 Mar 2028.
    for (const cohortId of ['staff', 'nqsw']) {
      const entries = personSchedule({ pack: cumberland, calendar, cohortId, kind: 'observation', start: day('2026-03-26'), until: day('2028-12-31') });
      expect(dates(entries), cohortId).toEqual(['2027-03-25', '2028-03-24']);
    }
  });

  it('section 6, recording of practice observation: 10 working days over Easter 2026', () => {
    // Tue 31 Mar 2026: 1 Apr (1), 2 Apr (2), [Good Friday, weekend, Easter Monday], 7 (3), 8 (4), 9 (5), 10 (6),
    // 13 (7), 14 (8), 15 (9), Thu 16 Apr (10). End of day, BST.
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'observation', at: london('2026-03-31T11:00') });
    expect(result.due.toISO()).toBe('2026-04-16T23:59:59.999+01:00');
    expect(result.rule).toBe('10 working days');
  });
});

describe('group supervision: each month in every team, recorded within 10 working days', () => {
  const group = cumberland.group!;

  it('section 7, what is group supervision: one in each calendar month, due the last working day of the month', () => {
    // Joined Mon 16 Nov 2026: 15 of November's 30 days remain, at least half, so November counts.
    // Mon 30 Nov; Thu 31 Dec; Fri 29 Jan 2027; Fri 26 Feb; Wed 31 Mar; Fri 30 Apr; Mon 31 May is the spring bank holiday -> Fri 28 May.
    expect(dates(dueDates(group.cadence, { calendar, start: day('2026-11-16'), until: day('2027-05-31') }))).toEqual([
      '2026-11-30',
      '2026-12-31',
      '2027-01-29',
      '2027-02-26',
      '2027-03-31',
      '2027-04-30',
      '2027-05-28',
    ]);
  });

  it('section 7, what is group supervision: a month joined with less than half of it left does not count', () => {
    // Joined Tue 17 Nov 2026: 14 of 30 days remain, so the first month due is December.
    // The half rule is no seed's: the engine applies it where a pack chooses it (`lateStart`, issue 19).
    expect(
      dates(dueDates(group.cadence, { calendar, start: day('2026-11-17'), until: day('2027-01-31'), periodJoinedPartWay: 'if-half-remains' })),
    ).toEqual(['2026-12-31', '2027-01-29']);
  });

  it('section 7, what is group supervision: with held dates, a month with none held before a later session is missed', () => {
    const entries = dueDates(group.cadence, {
      calendar,
      start: day('2026-11-16'),
      until: day('2027-01-31'),
      held: [day('2026-11-20'), day('2027-01-15')],
    });
    expect(statuses(entries)).toEqual(['2026-11-30 held 2026-11-20', '2026-12-31 missed', '2027-01-29 held 2027-01-15']);
  });

  it('section 7, recording of group supervision: 10 working days, across the August bank holiday', () => {
    // Thu 20 Aug 2026: 21 (1), 24 (2), 25 (3), 26 (4), 27 (5), 28 (6), [Mon 31 Aug], 1 Sep (7), 2 (8), 3 (9), Fri 4 Sep (10).
    const result = recordDeadline({ pack: cumberland, calendar, kind: 'group', at: london('2026-08-20T10:00') });
    expect(result.due.toISO()).toBe('2026-09-04T23:59:59.999+01:00');
    expect(result.rule).toBe('10 working days');
  });
});

describe('supervision agreement: signed at the outset and yearly thereafter', () => {
  it('section 10, confidentiality and access: signed by supervisor and supervisee at the outset, reviewed every year', () => {
    const agreement = cumberland.agreement!;
    expect(agreement.atOutset).toBe(true);
    expect(agreement.signedBy).toEqual(['supervisor', 'supervisee']);
    expect(agreement.review).toMatchObject({ amount: 1, unit: 'years' });
    // Signed Thu 28 May 2026: due again Fri 28 May 2027; then Sun 28 May 2028 -> Fri 26 May 2028.
    const cadence: Cadence = { type: 'rolling', every: agreement.review };
    expect(dates(dueDates(cadence, { calendar, start: day('2026-05-28'), until: day('2028-06-30') }))).toEqual(['2027-05-28', '2028-05-26']);
  });
});

describe('quality assurance: monthly performance reporting on the frequency of supervision', () => {
  it('section 11, quality assurance of supervision: a report due the last working day of each month of 2026', () => {
    const reporting = cumberland.reporting!;
    expect(reporting.covers).toEqual(expect.arrayContaining(['personal', 'case', 'observation', 'group']));
    // Sat 31 Jan -> Fri 30 Jan; Sat 28 Feb -> Fri 27 Feb; Tue 31 Mar; Thu 30 Apr; Sun 31 May -> Fri 29 May; Tue 30 Jun;
    // Fri 31 Jul; Mon 31 Aug (bank holiday) -> Fri 28 Aug; Wed 30 Sep; Sat 31 Oct -> Fri 30 Oct; Mon 30 Nov; Thu 31 Dec.
    expect(dates(dueDates(reporting.cadence, { calendar, start: day('2026-01-01'), until: day('2026-12-31') }))).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-31',
      '2026-04-30',
      '2026-05-29',
      '2026-06-30',
      '2026-07-31',
      '2026-08-28',
      '2026-09-30',
      '2026-10-30',
      '2026-11-30',
      '2026-12-31',
    ]);
  });
});
