// A simulated year for a Cafcass Cymru practitioner: a Practitioner Support Meeting in every quarter
// (2.9) and three Practice Review Discussions a year, one in each four months of the calendar year (2.3).
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Cafcass Cymru practitioner: the right reminders on the right days and nothing else', { timeout: 180_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'cafcass-cymru', 'practitioner');
  expect(sent).toEqual(expected);
  // By hand: quarters end 31 Dec, 31 Mar, 30 Jun, 30 Sep; the four-month windows end 31 Dec, 30 Apr,
  // 31 Aug (Mon 30 Aug 2027 is the summer bank holiday in Wales too; Tue 31 Aug is a working day).
  expect(sessionDays(result, 'psm')).toEqual(['2026-12-31', '2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31']);
  expect(sessionDays(result, 'prd')).toEqual(['2026-12-31', '2027-04-30', '2027-08-31', '2027-12-31']);
  // A PSM and a PRD due on the same day are booked at different times: the bot refuses a clash.
  const lastDay = result.sessions.filter((session) => session.starts_at.toISOString().startsWith('2026-12-31'));
  expect(new Set(lastDay.map((session) => session.starts_at.getTime())).size).toBe(2);
});
