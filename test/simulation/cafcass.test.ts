// A simulated year for a Cafcass team: an NQSW (appendix 2 standard 5 (2)) and an established colleague
// with their supervisor and manager, and the team's Together group supervision, monthly (6.1) with two
// facilitators (6.3), which everyone attends at least once a quarter (8 standard 4) except the colleague,
// who misses every session. The right reminders on the right days and nothing else, across the October
// clock change, Christmas, Easter 2027 and the March clock change. The supervisor keeps every one-to-one
// session, so no overdue notice may appear either.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { CHANNEL, groupSessionTimes } from '../support/groupSimulation.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it(
  'Cafcass team: an NQSW weekly for 6 weeks, fortnightly to 6 months, then monthly; monthly group supervision and its quarterly nudges',
  { timeout: 240_000 },
  async () => {
    store = await databases[0]!.open();
    const { result, sent, expected } = await simulateYear(store, 'cafcass', {
      cohort: 'nqsw',
      colleague: 'established',
      // Set up on the first day for Fri 23 Oct, the month's fourth Friday.
      group: { setUpOn: '2026-10-05', date: '2026-10-23', time: '10:00' },
    });
    expect(sent).toEqual(expected);
    // Worked out by hand: started Mon 5 Oct 2026; 28 Dec (the Boxing Day holiday) moves back to Thu 24 Dec,
    // and counting goes on from there; six months end on 5 Apr 2027; monthly dates that fall on a weekend
    // or a bank holiday (Mon 31 May) move back to the working day before.
    expect(sessionDays(result, 'case')).toEqual([
      ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
      ...['2026-11-30', '2026-12-14', '2026-12-24', '2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18', '2027-03-04', '2027-03-18', '2027-04-01'],
      ...['2027-04-30', '2027-05-28', '2027-06-28', '2027-07-28', '2027-08-27', '2027-09-27', '2027-10-27'],
    ]);
    // The fourth Friday of each month at 10:00 London time, on both sides of each clock change: Fri 25 Dec
    // (Christmas Day) and Fri 26 Mar (Good Friday) move back to the Thursday. The last is made when the
    // September one starts.
    expect(groupSessionTimes(result)).toEqual(
      [
        ...['2026-10-23', '2026-11-27', '2026-12-24', '2027-01-22', '2027-02-26', '2027-03-25', '2027-04-23'],
        ...['2027-05-28', '2027-06-25', '2027-07-23', '2027-08-27', '2027-09-24', '2027-10-22'],
      ].map((day) => `${day} 10:00`),
    );
    const text = (at: string) => result.sent.filter((message) => message.at === at).map((message) => `${message.to}: ${message.text}`);
    // Christmas: prepared for on Tue 22 Dec, with the group's notes (its facilitators do not rotate: the
    // supervisor and the manager; the presenter alternates) and the channel's reminder; the one-to-one that day
    // went to 13:30, as the supervisor was facilitating at 10:00. After New Year's Day, Tue 5 Jan for Thu 7 Jan.
    expect(text('2026-12-22 09:00')).toEqual([
      `${CHANNEL}: Group supervision on Thu 24 Dec 2026 at 10:00`,
      'U0PRACTIT: Supervision on Thu 24 Dec 2026 13:30: time to prepare',
      'U0SUPERVI: Together group supervision on Thu 24 Dec 2026 10:00: you are facilitating',
      'U0MANAGER: Together group supervision on Thu 24 Dec 2026 10:00: you are facilitating',
      'U0PRACTIT: Together group supervision on Thu 24 Dec 2026 10:00: you are presenting a case',
    ]);
    expect(text('2027-01-05 09:00')).toEqual(['U0PRACTIT: Supervision on Thu 7 Jan 2027 10:00: time to prepare']);
    // Across the clock change (Sun 28 Mar 2027): 09:00 London time is still 09:00.
    expect(text('2027-03-30 09:00')).toEqual(['U0PRACTIT: Supervision on Thu 1 Apr 2027 10:00: time to prepare']);
    // Quarters from January; each one's tenth working day counted back from its last day: Wed 16 Dec (Christmas
    // Day and the Boxing Day holiday left out), Tue 16 Mar, Thu 17 Jun, Fri 17 Sep. Only the colleague (U0PRACT02)
    // is nudged, and the supervisor told; the NQSW, the supervisor and the manager attended.
    for (const day of ['2026-12-16', '2027-03-16', '2027-06-17', '2027-09-17'])
      expect(text(`${day} 09:00`).filter((line) => line.includes('attended'))).toEqual([
        'U0PRACT02: Group supervision: you have not attended one this quarter',
        'U0SUPERVI: Group supervision: 1 of your supervisees has not attended this quarter',
      ]);
    // The nudge names the team's next session, before the quarter ends; the supervisor's notice lists whom.
    const card = async (key: string) =>
      (
        (await store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).payload as {
          view: { data: { text: string; facts: unknown[] } };
        }
      ).view.data;
    const [colleague, supervisor] = [result.workers[1]!.id, result.supervisor.id];
    expect((await card(`group-attendance:2026-10-01:${colleague}`)).text).toContain("North's next session is Thu 24 Dec 2026 10:00.");
    expect((await card(`group-attendance:2027-01-01:${colleague}`)).text).toContain("North's next session is Thu 25 Mar 2027 10:00.");
    expect((await card(`group-attendance:2027-07-01:supervisor:${supervisor}`)).facts).toEqual([{ title: 'Social Worker P2', value: '0 attended' }]);
    // The group record (the first facilitator's, in 10 working days): the first (never recorded) was reminded
    // on Fri 30 Oct, overdue after Fri 6 Nov, so on Mon 9 Nov to the supervisor and their manager.
    expect(text('2026-11-09 09:00').filter((line) => line.includes('group'))).toEqual([
      "U0SUPERVI: The record of North's group supervision is overdue",
      'U0MANAGER: A group supervision record is overdue',
    ]);
    // The NQSW chose the case they present; it never reached the channel.
    const posts = await store.db.selectFrom('outbox').select('payload').where('conversation', '=', CHANNEL).execute();
    expect(posts).toHaveLength(13);
    for (const post of posts) expect(JSON.stringify(post.payload)).not.toContain('CF-204518');
    expect(
      await store.db.selectFrom('group_session').select('presenter_case_reference').where('presenter_case_reference', '=', 'CF-204518').execute(),
    ).toHaveLength(6);
    // Two observations and three PLRs in the year, one in each window from the start date.
    expect(sessionDays(result, 'observation')).toHaveLength(2);
    expect(sessionDays(result, 'plr')).toHaveLength(3);
  },
);
