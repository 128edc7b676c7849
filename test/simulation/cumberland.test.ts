// A simulated year for a Cumberland NQSW (section 3): personal supervision weekly for 6 weeks,
// fortnightly to the 6-month review, then monthly, and a practice observation within the year.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Cumberland NQSW: the right reminders on the right days and nothing else', { timeout: 180_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'cumberland', 'nqsw');
  expect(sent).toEqual(expected);
  // Worked out by hand, as for Cafcass: the same phases; Mon 28 Dec (Boxing Day holiday) moves back to Thu 24 Dec.
  expect(sessionDays(result, 'personal')).toEqual([
    ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
    ...['2026-11-30', '2026-12-14', '2026-12-24', '2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18', '2027-03-04', '2027-03-18', '2027-04-01'],
    ...['2027-04-30', '2027-05-28', '2027-06-28', '2027-07-28', '2027-08-27', '2027-09-27', '2027-10-27'],
  ]);
  // Once a year from the start: Tue 5 Oct 2027, booked in the year and prepared for on Fri 1 Oct.
  expect(sessionDays(result, 'observation')).toEqual(['2027-10-05']);
  expect(result.sent.filter((message) => message.at === '2027-10-01 09:00').map((message) => message.text)).toEqual([
    'Supervision on Tue 5 Oct 2027 10:00: time to prepare',
  ]);
});
