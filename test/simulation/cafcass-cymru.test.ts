// A simulated year for a Cafcass Cymru team: two practitioners with a Practitioner Support Meeting in every
// quarter (2.9) and three Practice Review Discussions a year, one in each four months of the calendar year
// (2.3), their line manager and senior. Group supervision happens as it arises (2.16), so only the session
// set up is booked, and the policy asks for no record of it. One practitioner misses it.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { CHANNEL, groupMessages, groupSessionTimes } from '../support/groupSimulation.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Cafcass Cymru team: quarterly PSMs, PRDs every four months, and the one group session set up', { timeout: 240_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'cafcass-cymru', {
    cohort: 'practitioner',
    colleague: 'practitioner',
    group: { setUpOn: '2027-03-22', date: '2027-04-01', time: '10:00' },
  });
  expect(sent).toEqual(expected);
  // By hand: quarters end 31 Dec, 31 Mar, 30 Jun, 30 Sep; the four-month windows end 31 Dec, 30 Apr,
  // 31 Aug (Mon 30 Aug 2027 is the summer bank holiday in Wales too; Tue 31 Aug is a working day).
  for (const practitioner of [0, 1]) {
    expect(sessionDays(result, 'psm', practitioner)).toEqual(['2026-12-31', '2027-03-31', '2027-06-30', '2027-09-30', '2027-12-31']);
    expect(sessionDays(result, 'prd', practitioner)).toEqual(['2026-12-31', '2027-04-30', '2027-08-31', '2027-12-31']);
  }
  // Two PSMs and two PRDs due on the same day with one supervisor are booked at different times: the bot refuses a clash.
  const lastDay = result.sessions.filter((session) => session.starts_at.toISOString().startsWith('2026-12-31'));
  expect(new Set(lastDay.map((session) => session.starts_at.getTime())).size).toBe(4);
  // As required: only the session set up, and for it only: set up on Mon 22 Mar; the channel and the rota on
  // Tue 30 Mar, two working days before Thu 1 Apr (Good Friday and Easter Monday left out), after the clock
  // change; the attendance after it. No record is asked for, and no attendance rule applies.
  expect(groupSessionTimes(result)).toEqual(['2027-04-01 10:00']);
  expect(groupMessages(result)).toEqual([
    // The team channel, under Cafcass Cymru's Welsh default: both languages, Welsh first (issue 21).
    `2027-03-22 09:00 ${CHANNEL}: Mae goruchwyliaeth grŵp wedi'i sefydlu yn y sianel hon: mae'r sesiwn gyntaf ar Iau 1 Ebr 2027 10:00 / Group supervision is set up in this channel: the first session is Thu 1 Apr 2027 10:00`,
    `2027-03-30 09:00 ${CHANNEL}: Goruchwyliaeth grŵp ar Iau 1 Ebr 2027 am 10:00 / Group supervision on Thu 1 Apr 2027 at 10:00`,
    '2027-03-30 09:00 U0SUPERVI: Group supervision on Thu 1 Apr 2027 10:00: you are facilitating',
    '2027-03-30 09:00 U0PRACTIT: Group supervision on Thu 1 Apr 2027 10:00: you are presenting a case',
    "2027-04-01 16:45 U0SUPERVI: Who attended North's group supervision?",
  ]);
});
