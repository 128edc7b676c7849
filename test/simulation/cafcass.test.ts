// A simulated year for a Cafcass NQSW (appendix 2 standard 5 (2)): the right reminders on the right
// days and nothing else, across the October clock change, Christmas, Easter 2027 and the March clock
// change. The supervisor keeps every session, so no overdue notice may appear either.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Cafcass NQSW: weekly for 6 weeks, fortnightly to 6 months, then monthly, with observations and PLRs', { timeout: 180_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'cafcass', 'nqsw');
  expect(sent).toEqual(expected);
  // Worked out by hand: started Mon 5 Oct 2026; 28 Dec (the Boxing Day holiday) moves back to Thu 24 Dec,
  // and counting goes on from there; six months end on 5 Apr 2027; monthly dates that fall on a weekend
  // or a bank holiday (Mon 31 May) move back to the working day before.
  expect(sessionDays(result, 'case')).toEqual([
    ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'],
    ...['2026-11-30', '2026-12-14', '2026-12-24', '2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18', '2027-03-04', '2027-03-18', '2027-04-01'],
    ...['2027-04-30', '2027-05-28', '2027-06-28', '2027-07-28', '2027-08-27', '2027-09-27', '2027-10-27'],
  ]);
  const text = (at: string) => result.sent.filter((message) => message.at === at).map((message) => `${message.to}: ${message.text}`);
  // Christmas: prepared for on Tue 22 Dec; after New Year's Day, Tue 5 Jan for Thu 7 Jan.
  expect(text('2026-12-22 09:00')).toEqual(['U0PRACTIT: Supervision on Thu 24 Dec 2026 10:00: time to prepare']);
  expect(text('2027-01-05 09:00')).toEqual(['U0PRACTIT: Supervision on Thu 7 Jan 2027 10:00: time to prepare']);
  // Across the clock change (Sun 28 Mar 2027): 09:00 London time is still 09:00.
  expect(text('2027-03-30 09:00')).toEqual(['U0PRACTIT: Supervision on Thu 1 Apr 2027 10:00: time to prepare']);
  // Two observations and three PLRs in the year, one in each window from the start date.
  expect(sessionDays(result, 'observation')).toHaveLength(2);
  expect(sessionDays(result, 'plr')).toHaveLength(3);
});
