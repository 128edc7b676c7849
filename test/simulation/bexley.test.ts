// A simulated year for a Bexley case holder (individual standard one): weekly for 4 weeks, fortnightly
// for the next 4, then every 4 weeks; four direct observations a year (individual standard three).
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Bexley case holder: the right reminders on the right days and nothing else', { timeout: 180_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'bexley', 'case-holder');
  expect(sent).toEqual(expected);
  // By hand: weekly to Mon 2 Nov (4 weeks), fortnightly to Mon 30 Nov (8 weeks), then every 4 weeks;
  // Mon 28 Dec (Boxing Day holiday) moves back to Thu 24 Dec and the 4 weeks count on from there.
  expect(sessionDays(result, 'case')).toEqual([
    ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-16', '2026-11-30'],
    ...['2026-12-24', '2027-01-21', '2027-02-18', '2027-03-18', '2027-04-15', '2027-05-13', '2027-06-10', '2027-07-08', '2027-08-05', '2027-09-02'],
    ...['2027-09-30', '2027-10-28'],
  ]);
  // One in each quarter from the start date, by its last working day (Sun 4 Apr and Sun 4 Jul move back to the Friday).
  expect(sessionDays(result, 'observation')).toEqual(['2027-01-04', '2027-04-02', '2027-07-02', '2027-10-04']);
});
