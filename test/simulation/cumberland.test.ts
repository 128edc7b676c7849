// A simulated year for a Cumberland team: an NQSW (section 3: personal supervision weekly for 6 weeks,
// fortnightly to the 6-month review, then monthly, and a practice observation within the year), a staff
// colleague, their supervisor and manager, and the team's monthly group supervision (section 7), led by
// one facilitator who records it in 10 working days. The colleague misses every group session.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { CHANNEL, groupMessages, groupSessionTimes } from '../support/groupSimulation.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Cumberland team: the NQSW weekly, fortnightly then monthly, and monthly group supervision', { timeout: 240_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'cumberland', {
    cohort: 'nqsw',
    colleague: 'staff',
    // Set up on the first day for Mon 26 Oct at 14:00, the month's fourth Monday, the day after the clock change.
    group: { setUpOn: '2026-10-05', date: '2026-10-26', time: '14:00' },
  });
  expect(sent).toEqual(expected);
  // Worked out by hand, as for Cafcass: the same phases; Mon 28 Dec (Boxing Day holiday) moves back to Thu 24 Dec.
  expect(sessionDays(result, 'personal')).toEqual([
    ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
    ...['2026-11-30', '2026-12-14', '2026-12-24', '2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18', '2027-03-04', '2027-03-18', '2027-04-01'],
    ...['2027-04-30', '2027-05-28', '2027-06-28', '2027-07-28', '2027-08-27', '2027-09-27', '2027-10-27'],
  ]);
  // Once a year from the start: Tue 5 Oct 2027, booked in the year and prepared for on Fri 1 Oct.
  expect(sessionDays(result, 'observation')).toEqual(['2027-10-05']);
  expect(result.sent.filter((message) => message.at === '2027-10-01 09:00' && message.to === 'U0PRACTIT').map((message) => message.text)).toEqual([
    'Supervision on Tue 5 Oct 2027 10:00: time to prepare',
  ]);
  // Group: the fourth Monday of each month at 14:00 London time; Mon 28 Dec (the Boxing Day holiday) moves back
  // to Thu 24 Dec, and January goes back to its fourth Monday. The last is made when the September one starts.
  expect(groupSessionTimes(result)).toEqual(
    [
      ...['2026-10-26', '2026-11-23', '2026-12-24', '2027-01-25', '2027-02-22', '2027-03-22', '2027-04-26'],
      ...['2027-05-24', '2027-06-28', '2027-07-26', '2027-08-23', '2027-09-27', '2027-10-25'],
    ].map((day) => `${day} 14:00`),
  );
  // One facilitator, who does not rotate: the supervisor; the presenter alternates between the practitioners.
  const slack = (id: string | undefined) => (id ? result.slackIds.get(id) : undefined);
  expect(result.group!.sessions.map((session) => `${slack(session.facilitators[0])} ${slack(session.presenter)}`)).toEqual(
    result.group!.sessions.map((session) => `U0SUPERVI ${session.sequence % 2 === 1 ? 'U0PRACTIT' : 'U0PRACT02'}`),
  );
  const text = (at: string) => groupMessages(result, at);
  // The first: prepared for on Thu 22 Oct (British Summer Time), held on Mon 26 Oct (GMT) at 14:00; the
  // attendance is asked for at the day's last run, after its hour; the record (never done) is due in 10 working
  // days, by Mon 9 Nov, reminded halfway on Mon 2 Nov, and overdue on Tue 10 Nov, to the supervisor and the manager.
  expect(text('2026-10-22 09:00')).toEqual([
    `${CHANNEL}: Group supervision on Mon 26 Oct 2026 at 14:00`,
    'U0SUPERVI: Group supervision on Mon 26 Oct 2026 14:00: you are facilitating',
    'U0PRACTIT: Group supervision on Mon 26 Oct 2026 14:00: you are presenting a case',
  ]);
  expect(text('2026-10-26 16:45')).toEqual([
    "U0SUPERVI: Who attended North's group supervision?",
    "U0SUPERVI: Please record North's group supervision by Mon 9 Nov 2026 23:59",
  ]);
  expect(text('2026-11-02 09:00')).toEqual(["U0SUPERVI: The record of North's group supervision is due by Mon 9 Nov 2026 23:59"]);
  expect(text('2026-11-10 09:00')).toEqual([
    "U0SUPERVI: The record of North's group supervision is overdue",
    'U0MANAGER: A group supervision record is overdue',
  ]);
  // Mon 22 Mar: due 10 working days on, Good Friday and Easter Monday left out: Wed 7 Apr.
  expect(text('2027-03-22 16:45')).toContain("U0SUPERVI: Please record North's group supervision by Wed 7 Apr 2027 23:59");
});
