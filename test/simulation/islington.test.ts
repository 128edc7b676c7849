// A simulated year for an Islington case holder (Frequency): case supervision in every calendar month.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Islington case holder: the right reminders on the right days and nothing else', { timeout: 180_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'islington', 'case-holder');
  expect(sent).toEqual(expected);
  // By hand: the last working day of each month (Mon 31 May 2027 is the spring bank holiday, so Fri 28 May).
  expect(sessionDays(result, 'case')).toEqual([
    ...['2026-10-30', '2026-11-30', '2026-12-31', '2027-01-29', '2027-02-26', '2027-03-31', '2027-04-30'],
    ...['2027-05-28', '2027-06-30', '2027-07-30', '2027-08-31', '2027-09-30', '2027-10-29'],
  ]);
  // Three-hour sessions from 10:00 end at 13:00: the supervisor is asked at the next run, 16:45, marks it
  // held and records it on the child's LCS record there and then, and the practitioner signs.
  expect(result.sent.filter((message) => message.at === '2026-12-31 16:45').map((message) => `${message.to}: ${message.text}`)).toEqual([
    'U0SUPERVI: Was your supervision with Social Worker P1 held?',
    'U0PRACTIT: Your supervision record for case 1048213 is ready to sign',
    'U0SUPERVI: Social Worker P1 signed the supervision record for case 1048213',
    'U0PRACTIT: Supervision booked for Fri 29 Jan 2027 10:00',
  ]);
});
