// A simulated year for an Islington team: two case holders (Frequency: case supervision in every calendar
// month), their practice supervisor and manager. Group supervision is good practice with no set frequency,
// so only the session the supervisor sets up is booked: for Christmas Eve, recorded by the supervisor in 5
// working days. One case holder misses it.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { CHANNEL, groupMessages, groupSessionTimes } from '../support/groupSimulation.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Islington team: case supervision in every calendar month, and the one group session set up', { timeout: 240_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'islington', {
    cohort: 'case-holder',
    colleague: 'case-holder',
    group: { setUpOn: '2026-12-14', date: '2026-12-24', time: '14:00' },
  });
  expect(sent).toEqual(expected);
  // By hand: the last working day of each month (Mon 31 May 2027 is the spring bank holiday, so Fri 28 May).
  const monthly = [
    ...['2026-10-30', '2026-11-30', '2026-12-31', '2027-01-29', '2027-02-26', '2027-03-31', '2027-04-30'],
    ...['2027-05-28', '2027-06-30', '2027-07-30', '2027-08-31', '2027-09-30', '2027-10-29'],
  ];
  expect(sessionDays(result, 'case')).toEqual(monthly);
  expect(sessionDays(result, 'case', 1)).toEqual(monthly);
  // Three-hour sessions from 10:00 end at 13:00 (the colleague's, from 13:30, at 16:30): the supervisor is asked
  // at the next run, 16:45, marks each held and records it on the child's LCS record there and then, and each
  // practitioner signs; then the supervisor books January's.
  expect(result.sent.filter((message) => message.at === '2026-12-31 16:45').map((message) => `${message.to}: ${message.text}`)).toEqual([
    'U0SUPERVI: Was your supervision with Social Worker P1 held?',
    'U0SUPERVI: Was your supervision with Social Worker P2 held?',
    'U0PRACTIT: Your supervision record for case 1048213 is ready to sign',
    'U0PRACT02: Your supervision record for case 1048213 is ready to sign',
    'U0SUPERVI: Social Worker P1 signed the supervision record for case 1048213',
    'U0SUPERVI: Social Worker P2 signed the supervision record for case 1048213',
    'U0PRACTIT: Supervision booked for Fri 29 Jan 2027 10:00',
    'U0PRACT02: Supervision booked for Fri 29 Jan 2027 13:30',
  ]);
  // As required: only the session set up, and for it only: set up on Mon 14 Dec; the channel and the rota on
  // Tue 22 Dec, two working days before Thu 24 Dec; the attendance after it; the record due 5 working days on
  // (29, 30, 31 Dec, 4 and 5 Jan: Christmas, the Boxing Day holiday and New Year's Day left out), reminded on
  // Wed 30 Dec, halfway, never done, so overdue on Wed 6 Jan to the supervisor and their manager.
  expect(groupSessionTimes(result)).toEqual(['2026-12-24 14:00']);
  expect(groupMessages(result)).toEqual([
    `2026-12-14 09:00 ${CHANNEL}: Group supervision is set up in this channel: the first session is Thu 24 Dec 2026 14:00`,
    `2026-12-22 09:00 ${CHANNEL}: Group supervision on Thu 24 Dec 2026 at 14:00`,
    '2026-12-22 09:00 U0SUPERVI: Group supervision on Thu 24 Dec 2026 14:00: you are facilitating',
    '2026-12-22 09:00 U0PRACTIT: Group supervision on Thu 24 Dec 2026 14:00: you are presenting a case',
    "2026-12-24 16:45 U0SUPERVI: Who attended North's group supervision?",
    "2026-12-24 16:45 U0SUPERVI: Please record North's group supervision by Tue 5 Jan 2027 23:59",
    "2026-12-30 09:00 U0SUPERVI: The record of North's group supervision is due by Tue 5 Jan 2027 23:59",
    "2027-01-06 09:00 U0SUPERVI: The record of North's group supervision is overdue",
    '2027-01-06 09:00 U0MANAGER: A group supervision record is overdue',
  ]);
});
