// Group supervision in the month's report (issue 20), against a history made in chat whose answers are
// known by construction. Cafcass (monthly, two facilitators who do not rotate, each member at least once a
// quarter): North sets its group up in its channel; October's session is held (the supervisor, the manager
// and C attend), November's is cancelled and not rebooked, December's is held with the manager, one of the
// two facilitators, away, so the rota was not kept. In the quarter, four of North's seven members attended
// one, E and F none (short once the quarter is over), and G started on 1 December, in the quarter's second
// half, so owes none; South never set its group up. Bexley (every 2 to 4 weeks, the team's choice): North chose
// every 2 weeks, so its cancelled second session leaves November short against its own cadence although
// the pack's 4 weeks would not be. On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor, Place } from '../../src/flows/context.js';
import { groupSessionsProvider } from '../../src/flows/group/sessions.js';
import { runAction } from '../../src/flows/router.js';
import { groupReport } from '../../src/reports/group.js';
import { produceReport } from '../../src/reports/produce.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { groupDirectory, groupSeries } from '../support/groupTeam.js';

const SETUP = '7d1e5a2b-3c4f-4d6e-8f9a-0b1c2d3e4f5a';
const CHANNEL: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0NORTH' };

const zeroSessions = { held: 0, didNotTakePlace: 0, cancelledRebooked: 0, cancelledNotRebooked: 0, attendanceNotTaken: 0, toCome: 0 };
const zeroDue = { due: 0, onTime: 0, late: 0, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0 };
const zeroRota = { kept: 0, notKept: 0, missed: { facilitator: 0, advisor: 0, presenter: 0 } };

async function groupHistory(database: (typeof databases)[number], policy: 'cafcass' | 'bexley', cohort: string, at: string, moreRows = '') {
  const setup = await flowSetup(database, { policy, directory: groupDirectory(cohort) + moreRows, at });
  const { context, clock, store, people } = setup;
  const sweeper = new Sweeper(store.db, clock, [groupSessionsProvider(context)]);
  /** Moves the clock and lets the sweeper make the next session of the series. */
  const moveTo = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await sweeper.sweepOnce();
  };
  const sessions = () => groupSeries(store.db);
  /** The attendance card, as the supervisor sends it: who attended session `sequence`. */
  const take = async (sequence: number, who: Actor[]) => {
    const session = (await sessions()).find((row) => row.sequence === sequence)!;
    const form = await runAction(context, people.supervisor!, 'group.attendance-form', { sessionId: session.id });
    expect(form.view.card).toBe('group-attendance');
    const saved = await runAction(context, people.supervisor!, 'group.attendance', {
      sessionId: session.id,
      attended: who.map((person) => person.id).join(','),
    });
    expect(saved.view.data.title).toBe('Attendance saved');
  };
  const cancel = async (sequence: number, actor: Actor) => {
    const session = (await sessions()).find((row) => row.sequence === sequence)!;
    const cancelled = await runAction(context, actor, 'group.cancel', { sessionId: session.id, date: '', time: '', reason: 'Urgent work', note: '' });
    expect(cancelled.view.card).toBe('group-rebook');
  };
  const setUp = async (date: string, interval = '') => {
    const form = await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date, time: '10:00', interval, duration: '90' },
      CHANNEL,
    );
    expect(form.view.data.title).toBe('Group supervision is set up');
  };
  return { ...setup, moveTo, sessions, take, cancel, setUp };
}

describe.each(databases)('group supervision in the report on $name', (database) => {
  it('cafcass: counts a quarter of group supervision: 4 of 7 North members attended one, 2 short, 1 not owed; November cancelled and not rebooked; December held without a facilitator', async () => {
    const { context, people, moveTo, sessions, take, cancel, setUp } = await groupHistory(
      database,
      'cafcass',
      'established',
      '2026-10-05T09:00:00Z',
      'g@example.org,Social Worker G,practitioner,North,supervisor@example.org,established,2026-12-01,U0WORKERG\n',
    );
    const { supervisor, manager, c, d } = people as Record<string, Actor>;
    await setUp('2026-10-13');
    await moveTo('2026-10-13T10:40:00Z');
    await take(1, [supervisor!, manager!, c!]);
    await moveTo('2026-10-20T09:00:00Z');
    await cancel(2, manager!);
    // Not rebooked: once its date has passed, December's follows on the second Tuesday.
    await moveTo('2026-11-10T11:00:00Z');
    expect((await sessions()).map((row) => [row.starts_at.toISOString(), row.status])).toEqual([
      ['2026-10-13T09:00:00.000Z', 'held'],
      ['2026-11-10T10:00:00.000Z', 'cancelled'],
      ['2026-12-08T10:00:00.000Z', 'booked'],
    ]);
    await moveTo('2026-12-08T11:40:00Z');
    // The manager, one of the two facilitators, was away; D presented.
    await take(3, [supervisor!, d!]);

    const now = new Date('2027-01-04T10:00:00Z');
    const december = await groupReport(context, { month: { year: 2026, month: 12 }, now });
    expect(december.attendance).toEqual({
      atLeast: 1,
      per: 'quarter',
      rule: 'Cafcass supervision policy, section 8, standard 4',
      periodStart: '2026-10-01',
      periodEnd: '2026-12-31',
    });
    const [north, south] = december.teams;
    expect(december.teams.map((team) => [team.team, team.setUp])).toEqual([
      ['North', true],
      ['South', false],
    ]);
    expect(north).toMatchObject({
      cadence: 'once in every calendar month',
      sessions: { ...zeroSessions, held: 1 },
      due: { ...zeroDue, due: 1, onTime: 1 },
      rota: { kept: 0, notKept: 1, missed: { facilitator: 1, advisor: 0, presenter: 0 } },
      attendance: { members: 7, met: 4, short: 2, toAttend: 0, notOwed: 1 },
    });
    expect(north!.people.map((row) => [row.person, row.attendedInMonth, row.attendedInPeriod, row.outcome])).toEqual([
      ['Practice Supervisor B', 1, 2, 'met'],
      ['Social Worker C', 0, 1, 'met'],
      ['Social Worker D', 1, 1, 'met'],
      ['Social Worker E', 0, 0, 'short'],
      ['Social Worker F', 0, 0, 'short'],
      ['Social Worker G', 0, 0, 'not-owed'],
      ['Team Manager A', 0, 1, 'met'],
    ]);
    // South never set its group up: nothing held, no cadence to count, and S is short of the quarter's one.
    expect(south).toMatchObject({ sessions: zeroSessions, due: null, rota: zeroRota, attendance: { members: 1, met: 0, short: 1, toAttend: 0, notOwed: 0 } });
    expect(december.totals.attendance).toEqual({ members: 8, met: 4, short: 3, toAttend: 0, notOwed: 1 });

    // November, counted to its end: the cancelled session left the month's one not held, overdue at its end;
    // the quarter is not over, so D and E (who had not attended yet) still have time.
    const november = await groupReport(context, { month: { year: 2026, month: 11 }, now });
    expect(november.teams[0]).toMatchObject({
      sessions: { ...zeroSessions, cancelledNotRebooked: 1 },
      due: { ...zeroDue, due: 1, notHeld: 1, overdue: 1 },
      rota: zeroRota,
      attendance: { members: 7, met: 3, short: 0, toAttend: 3, notOwed: 1 },
    });

    // One team's report holds that team only; the JSON nests the same figures by team, and the page has a table and charts.
    expect((await groupReport(context, { month: { year: 2026, month: 12 }, now, teamIds: [north!.teamId] })).teams.map((team) => team.team)).toEqual(['North']);
    const json = await produceReport(context, { month: { year: 2026, month: 12 }, format: 'json', now, actorId: manager!.id, via: 'test' });
    expect(JSON.parse(json.text).group).toEqual(JSON.parse(JSON.stringify(december)));
    const html = await produceReport(context, { month: { year: 2026, month: 12 }, format: 'html', now, actorId: manager!.id, via: 'test' });
    expect(html.text).toContain('<h2>Group supervision</h2>');
    expect(html.text).toMatch(/<svg[^]*Group sessions dated in 2026-12, by team[^]*<\/svg>/);
    expect(html.text).toMatch(/<svg[^]*Group attendance in the quarter to 2026-12, by team[^]*<\/svg>/);
    expect(html.text).toContain('<td>Social Worker E</td><td>0</td><td>0</td><td class="text">short: the period is over</td>');
  });

  it('bexley: counts North’s group against the every 2 weeks it chose, so its cancelled second session leaves November’s one not held and overdue', async () => {
    const { context, people, moveTo, take, cancel, setUp } = await groupHistory(database, 'bexley', 'case-holder', '2026-11-02T09:00:00Z');
    const { supervisor, manager, c, d, f } = people as Record<string, Actor>;
    await setUp('2026-11-04', '2');
    await moveTo('2026-11-04T11:40:00Z');
    // Everyone but E; the rota (a facilitator, an advisor and a presenter) all there.
    await take(1, [supervisor!, manager!, c!, d!, f!]);
    await moveTo('2026-11-09T09:00:00Z');
    await cancel(2, supervisor!);

    const now = new Date('2026-12-01T10:00:00Z');
    const report = await groupReport(context, { month: { year: 2026, month: 11 }, now });
    expect(report.attendance).toBeNull();
    expect(report.rule).toBe('Bexley supervision policy, group standard one');
    expect(report.teams[0]).toMatchObject({
      team: 'North',
      cadence: 'every 2 weeks, as the team chose (the policy: every 2 weeks to 4 weeks)',
      sessions: { ...zeroSessions, held: 1, cancelledNotRebooked: 1 },
      // Due Wed 18 Nov, two weeks after the first: none held by the month's end.
      due: { ...zeroDue, due: 1, notHeld: 1, overdue: 1 },
      rota: { ...zeroRota, kept: 1 },
      attendance: null,
    });
    expect(report.teams[0]!.people.map((row) => [row.person, row.attendedInMonth, row.outcome])).toEqual([
      ['Practice Supervisor B', 1, null],
      ['Social Worker C', 1, null],
      ['Social Worker D', 1, null],
      ['Social Worker E', 0, null],
      ['Social Worker F', 1, null],
      ['Team Manager A', 1, null],
    ]);
  });
});
