// A simulated year for a Bexley team: a case holder (individual standard one: weekly for 4 weeks,
// fortnightly for the next 4, then every 4 weeks; four direct observations a year, individual standard
// three), a non-case-holding colleague, their supervisor and manager, and the team's Signs of Safety group
// supervision every 4 weeks (group standard one) with a rotating facilitator and advisor and a presenter
// who chooses their case beforehand (group standard two), recorded by the presenter in 5 working days.
// The colleague misses every group session.
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { CHANNEL, groupMessages, groupSessionTimes } from '../support/groupSimulation.js';
import { sessionDays, simulateYear } from '../support/simulation.js';

let store: Store;
afterEach(async () => store?.close());

it('Bexley team: the case holder 4+4 weeks then every 4 weeks, and group supervision every 4 weeks with its rota', { timeout: 240_000 }, async () => {
  store = await databases[0]!.open();
  const { result, sent, expected } = await simulateYear(store, 'bexley', {
    cohort: 'case-holder',
    colleague: 'non-case-holder',
    group: { setUpOn: '2026-10-05', date: '2026-10-09', time: '10:00' },
  });
  expect(sent).toEqual(expected);
  // By hand: weekly to Mon 2 Nov (4 weeks), fortnightly to Mon 30 Nov (8 weeks), then every 4 weeks;
  // Mon 28 Dec (Boxing Day holiday) moves back to Thu 24 Dec and the 4 weeks count on from there.
  expect(sessionDays(result, 'case')).toEqual([
    ...['2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-16', '2026-11-30'],
    ...['2026-12-24', '2027-01-21', '2027-02-18', '2027-03-18', '2027-04-15', '2027-05-13', '2027-06-10', '2027-07-08', '2027-08-05', '2027-09-02'],
    ...['2027-09-30', '2027-10-28'],
  ]);
  // Four a year at any time in the year (the bot no longer spreads them one a quarter): all four are due by
  // the last working day of the year from the start date, Mon 4 Oct 2027, and the simulated supervisor books
  // them only when due, so the year's first two are held on Mon 4 and Tue 5 Oct as the simulation ends.
  expect(sessionDays(result, 'observation')).toEqual(['2027-10-04', '2027-10-05']);
  // Group: 4 weeks after each session, at 10:00 London time on both sides of each clock change. Fri 1 Jan 2027
  // (New Year's Day) moves back to Thu 31 Dec, and the 4 weeks count on from the Thursday; Thu 25 Mar is the
  // day before Good Friday. The last is made when the September one starts.
  expect(groupSessionTimes(result)).toEqual(
    [
      ...['2026-10-09', '2026-11-06', '2026-12-04', '2026-12-31', '2027-01-28', '2027-02-25', '2027-03-25'],
      ...['2027-04-22', '2027-05-20', '2027-06-17', '2027-07-15', '2027-08-12', '2027-09-09', '2027-10-07'],
    ].map((day) => `${day} 10:00`),
  );
  // The rota, by hand: the presenter alternates between the practitioners (case holder P1 first, by name); the
  // facilitator, then the advisor, go to whoever held the role least recently (never first, then by name:
  // Practice Supervisor S, Social Worker P1, Social Worker P2, Team Manager M), so a cycle of four.
  const slack = (id: string | undefined) => (id ? result.slackIds.get(id) : undefined);
  const cycle = [
    ['U0SUPERVI', 'U0PRACT02', 'U0PRACTIT'],
    ['U0PRACTIT', 'U0SUPERVI', 'U0PRACT02'],
    ['U0PRACT02', 'U0MANAGER', 'U0PRACTIT'],
    ['U0MANAGER', 'U0PRACTIT', 'U0PRACT02'],
  ];
  expect(result.group!.sessions.map((session) => [slack(session.facilitators[0]), slack(session.advisor), slack(session.presenter)])).toEqual([
    ...cycle,
    ...cycle,
    ...cycle,
    ...cycle.slice(0, 2),
  ]);
  const text = (at: string) => groupMessages(result, at);
  // New Year: the channel and the rota are told on Tue 29 Dec, two working days before Thu 31 Dec (Mon 28 Dec
  // is the Boxing Day holiday). The colleague presents but misses it, so the facilitator (the manager) records it:
  // by Fri 8 Jan (5 working days), reminded on Mon 4 Jan, never done, so overdue on Mon 11 Jan, to the manager
  // alone (nobody supervises the manager).
  expect(text('2026-12-29 09:00')).toEqual([
    `${CHANNEL}: Group supervision on Thu 31 Dec 2026 at 10:00`,
    'U0MANAGER: Signs of Safety group supervision on Thu 31 Dec 2026 10:00: you are facilitating',
    'U0PRACTIT: Signs of Safety group supervision on Thu 31 Dec 2026 10:00: you are the advisor',
    'U0PRACT02: Signs of Safety group supervision on Thu 31 Dec 2026 10:00: you are presenting a case',
  ]);
  expect(text('2026-12-31 16:45')).toEqual([
    "U0MANAGER: Who attended North's group supervision?",
    "U0MANAGER: Please record North's group supervision by Fri 8 Jan 2027 23:59",
  ]);
  expect(text('2027-01-04 09:00')).toEqual(["U0MANAGER: The record of North's group supervision is due by Fri 8 Jan 2027 23:59"]);
  expect(text('2027-01-11 09:00')).toEqual(["U0MANAGER: The record of North's group supervision is overdue"]);
  // When the colleague facilitates (sessions 3, 7, 11) they are asked who attended, and, having missed it, say
  // nothing; the next working morning the supervisor who set the group up is asked (session 3: Fri 4 Dec, so
  // Mon 7 Dec), takes it, and the record is asked for then. Only session 14, after the year, has no request.
  expect(text('2026-12-07 09:00')).toContain("U0SUPERVI: Who attended North's group supervision?");
  const requested = new Set(result.sent.filter((message) => message.key.endsWith(':record:request')).map((message) => message.key.split(':')[1]));
  expect(result.group!.sessions.filter((session) => !requested.has(session.id)).map((session) => session.sequence)).toEqual([14]);
  // The case holder chose each case they present before the session: it is in their request to record it, never in the channel.
  const rows = await store.db.selectFrom('outbox').select(['conversation', 'idempotency_key', 'payload']).execute();
  const posts = rows.filter((row) => row.conversation === CHANNEL);
  expect(posts).toHaveLength(14);
  for (const post of posts) expect(JSON.stringify(post.payload)).not.toContain('1048213');
  const presented = result.group!.sessions.filter((session) => session.presenter === result.workers[0]!.id && requested.has(session.id));
  expect(presented.map((session) => session.sequence)).toEqual([1, 3, 5, 7, 9, 11, 13]);
  for (const session of presented) {
    const request = rows.find((row) => row.idempotency_key === `group:${session.id}:record:request`)!;
    expect(request.conversation).toBe('U0PRACTIT');
    const data = (request.payload as { view: { data: { facts: unknown[]; lists: unknown[] } } }).view.data;
    expect(data.facts).toContainEqual({ title: 'Case reference', value: '1048213' });
    // With the headings of Bexley's group supervision recording template (appendix 4).
    expect(data.lists).toEqual([
      {
        title: 'Group supervision record: what it holds',
        text: expect.stringContaining(
          "- Previous safety scale rating\n- What's working well?\n- What are we worried about and what needs to change?\n- Questions, issues and insights from the group\n- Reflection/analysis following group supervision\n- Current safety scale rating\n- What are the next steps?",
        ),
      },
    ]);
  }
});
