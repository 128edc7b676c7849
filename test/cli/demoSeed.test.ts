// `supervision-bot demo seed`, as an administrator trying the bot runs it: the demo people and months of
// history written into an empty store, the same history for the same seed, a manager's report that has
// something in it at once; a store with a directory refused, nothing written; bad arguments named. On
// PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { readSettings } from '../../src/config/env.js';
import { openStore, type Store } from '../../src/store/open.js';
import { places, run, useCliPlace } from '../support/cli.js';

/** Reads the configured store (the one the commands just wrote). */
async function inStore<T>(read: (db: Store['db']) => Promise<T>): Promise<T> {
  const store = await openStore(readSettings().store);
  try {
    return await read(store.db);
  } finally {
    await store.close();
  }
}

/** One-to-one sessions held (group sessions are counted apart). */
const sessionsHeld = () =>
  inStore(async (db) => {
    const row = await db
      .selectFrom('supervision_session')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'held')
      .where('kind', '<>', 'group')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  });

/** The demo team's group series, in order: each session's place, day, what became of it, who attended and who held a role. */
const groupSeries = () =>
  inStore(async (db) => {
    const sessions = await db
      .selectFrom('group_session')
      .innerJoin('supervision_session', 'supervision_session.id', 'group_session.session_id')
      .select([
        'group_session.session_id',
        'group_session.sequence',
        'supervision_session.starts_at',
        'supervision_session.status',
        'group_session.recorded_at',
      ])
      .orderBy('group_session.sequence')
      .execute();
    const attendance = await db
      .selectFrom('group_attendance')
      .innerJoin('person', 'person.id', 'group_attendance.person_id')
      .select(['group_attendance.session_id', 'person.display_name', 'group_attendance.attended'])
      .execute();
    const roles = await db
      .selectFrom('group_role')
      .innerJoin('person', 'person.id', 'group_role.person_id')
      .select(['group_role.session_id', 'person.display_name', 'person.start_date'])
      .execute();
    const channel = await db.selectFrom('group_channel').select(['platform', 'conversation_id']).executeTakeFirst();
    return sessions.map((session) => ({
      sequence: session.sequence,
      day: DateTime.fromJSDate(session.starts_at).setZone('Europe/London').toISODate()!,
      startsAt: session.starts_at,
      status: session.status,
      recorded: session.recorded_at !== null,
      attended: attendance.filter((row) => row.session_id === session.session_id && row.attended).map((row) => row.display_name),
      places: attendance.filter((row) => row.session_id === session.session_id).length,
      roles: roles.filter((row) => row.session_id === session.session_id),
      channel,
    }));
  });

/** The report's rows without the directory's ids, which differ from one store to the next. */
const withoutIds = (csv: string) =>
  csv.split('\n').map((line) =>
    line
      .split(',')
      .filter((_, index) => index !== 3)
      .join(','),
  );

/** The report's group section, as far as the demo's figures go. */
interface GroupSection {
  applies: boolean;
  attendance: { periodStart: string; periodEnd: string } | null;
  teams: {
    team: string;
    teamId: string;
    setUp: boolean;
    sessions: Record<string, number>;
    due: Record<string, number> | null;
    attendance: { members: number };
    people: { person: string; personId: string; attendedInMonth: number; attendedInPeriod: number | null; outcome: string | null }[];
  }[];
}

const withoutGroupIds = (group: GroupSection) => ({
  ...group,
  teams: group.teams.map(({ teamId: _, people, ...team }) => ({ ...team, people: people.map(({ personId: __, ...person }) => person) })),
});

describe.each(places)('supervision-bot demo seed on $name', (place) => {
  it('writes the demo people and months of history, the same for the same seed, so the managers have a report at once; refuses a store with a directory (Cafcass)', async () => {
    expect(await run('demo')).toMatchObject({ code: 2, stderr: "supervision-bot demo: '' is not a demo command; allowed: seed" });
    await useCliPlace(place, 'cafcass');
    expect(await run('demo', 'seed', '--months', '0')).toMatchObject({ code: 2, stderr: 'supervision-bot demo seed: --months must be 1 to 24' });
    expect(await run('demo', 'seed', '--months', 'six')).toMatchObject({
      code: 2,
      stderr: 'supervision-bot demo seed: --months must be a whole number, 1 to 24',
    });
    expect(await run('demo', 'seed', '--seed', '1.5')).toMatchObject({ code: 2, stderr: 'supervision-bot demo seed: --seed must be a whole number' });

    const seeded = await run('demo', 'seed', '--months', '3', '--seed', '7');
    expect(seeded.code).toBe(0);
    const counts =
      /with 3 months of history from seed 7: (\d+) sessions held on time, (\d+) late, (\d+) missed, 1 leave; (\d+) triggers answered \((\d+) escalated\); (\d+) records on time, (\d+) late, (\d+) actions; (\d+) group sessions held, (\d+) of (\d+) places attended, the next booked for (\d{4}-\d{2}-\d{2})\.$/.exec(
        seeded.stdout,
      );
    expect(counts, seeded.stdout).not.toBeNull();
    const next = counts![12]!;
    const [onTime, late, missed, triggers, escalated, recordsOnTime, recordsLate, actions, groups, attended, groupPlaces] = counts!
      .slice(1, 12)
      .map(Number) as [number, number, number, number, number, number, number, number, number, number, number];
    // Three practitioners, one or two triggers a month each over three months and this one so far: most answered
    // by the supervisor, some escalated; most recorded on time; an action on each record.
    expect(triggers).toBeGreaterThanOrEqual(9);
    expect(escalated).toBeGreaterThanOrEqual(1);
    expect(escalated).toBeLessThan(triggers);
    expect(recordsOnTime).toBeGreaterThan(recordsLate);
    expect(recordsLate).toBeGreaterThanOrEqual(1);
    expect(actions).toBe(recordsOnTime + recordsLate);
    // Three practitioners, monthly or more often, over three months and this one so far.
    expect(onTime).toBeGreaterThan(late);
    expect(onTime + late + missed).toBeGreaterThanOrEqual(6);
    expect(missed).toBeGreaterThanOrEqual(1);
    expect(await sessionsHeld()).toBe(onTime + late);

    // The demo team's group supervision, a real series set up in the playground's team channel: Cafcass's monthly
    // sessions from the history's first month (its second Wednesday), held as the series' first, each with the six
    // members' attendance (most came, not all); the series goes on, its next session booked on the cadence.
    const series = await groupSeries();
    expect(groups).toBeGreaterThanOrEqual(3);
    expect(groups).toBeLessThanOrEqual(4);
    expect(series.map((session) => session.sequence)).toEqual(Array.from({ length: groups + 1 }, (_, index) => index + 1));
    const held = series.slice(0, groups);
    expect(held.every((session) => session.status === 'held' && session.startsAt < new Date() && session.recorded)).toBe(true);
    expect(series[groups]).toMatchObject({ status: 'booked', day: next, places: 0 });
    expect(series[groups]!.startsAt > new Date()).toBe(true);
    expect(new Set(series.map((session) => DateTime.fromISO(session.day).weekday))).toEqual(new Set([3]));
    expect(series[0]!.channel).toEqual({ platform: 'teams', conversation_id: '19:playground-demo-team@thread.tacv2' });
    expect(groupPlaces).toBe(6 * groups);
    expect(held.reduce((sum, session) => sum + session.places, 0)).toBe(groupPlaces);
    expect(held.reduce((sum, session) => sum + session.attended.length, 0)).toBe(attended);
    expect(attended).toBeGreaterThan(groupPlaces / 2);
    expect(attended).toBeLessThan(groupPlaces);
    // Priya Shah started 45 days ago: no role, and no attendance, at a session before then.
    const priyaStarted = DateTime.now().minus({ days: 45 }).toISODate()!;
    for (const session of held.filter((one) => one.day < priyaStarted)) {
      expect(session.attended).not.toContain('Priya Shah');
      expect(session.roles.map((role) => role.display_name)).not.toContain('Priya Shah');
    }

    const lastMonth = DateTime.now().setZone('Europe/London').minus({ months: 1 }).toFormat('yyyy-MM');
    const report = await run('report', '--month', lastMonth);
    expect(report.code).toBe(0);
    const rows = report.stdout.split('\n').slice(1);
    expect(new Set(rows.map((row) => row.split(',')[2]))).toEqual(new Set(['Grace Okafor', 'Priya Shah', 'Tom Evans']));
    const due = rows.reduce((sum, row) => sum + Number(row.split(',')[5]), 0);
    expect(due).toBeGreaterThanOrEqual(3);
    // The JSON of the same month: triggers raised and answered, records written, actions agreed, none of them zero.
    const json = await run('report', '--month', lastMonth, '--format', 'json');
    const figures = JSON.parse(json.stdout) as {
      situational: { totals: { raised: number; acceptedInTime: number; escalated: number }; byTrigger: unknown[] };
      records: { totals: { records: { written: number; signed: number }; actions: { agreed: number } } };
      group: GroupSection;
    };
    expect(figures.situational.totals.raised).toBeGreaterThanOrEqual(3);
    expect(figures.situational.totals.acceptedInTime).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.records.written).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.records.signed).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.actions.agreed).toBe(figures.records.totals.records.written);
    // The group section of each history month: the month's one session held, on the cadence, and each member's
    // attendance in it as the store has it (any short of the quarter's one are counted so).
    const historyMonths = [3, 2, 1].map((back) => DateTime.now().setZone('Europe/London').minus({ months: back }).toFormat('yyyy-MM'));
    let reported = 0;
    for (const month of historyMonths) {
      const group = (JSON.parse((await run('report', '--month', month, '--format', 'json')).stdout) as { group: GroupSection }).group;
      expect(group.applies).toBe(true);
      expect(group.teams).toHaveLength(1);
      const [team] = group.teams;
      expect(team).toMatchObject({ team: 'Demo team', setUp: true, sessions: { held: 1, didNotTakePlace: 0, attendanceNotTaken: 0 } });
      expect(team!.due).toMatchObject({ due: 1, onTime: 1, notHeld: 0 });
      const session = held.find((one) => one.day.startsWith(month))!;
      expect(team!.people.filter((person) => person.attendedInMonth === 1).map((person) => person.person)).toEqual([...session.attended].sort());
      for (const person of team!.people) {
        const inPeriod = held.filter(
          (one) =>
            one.day >= group.attendance!.periodStart &&
            one.day <= group.attendance!.periodEnd &&
            one.day <= `${month}-31` &&
            one.attended.includes(person.person),
        ).length;
        expect(person.attendedInPeriod).toBe(inPeriod);
        if (inPeriod >= 1) expect(person.outcome).toBe('met');
      }
      expect(team!.attendance.members).toBe(6);
      reported += team!.people.reduce((sum, person) => sum + person.attendedInMonth, 0);
    }
    // This month's session, if it is past already, is the rest.
    expect(reported).toBe(
      attended - held.filter((one) => !historyMonths.some((month) => one.day.startsWith(month))).reduce((sum, one) => sum + one.attended.length, 0),
    );

    // Again into the same store: refused, nothing written.
    expect(await run('demo', 'seed', '--seed', '7')).toMatchObject({
      code: 2,
      stderr: 'supervision-bot demo seed: the store already has a directory; the demo is written only into an empty one',
    });
    expect(await sessionsHeld()).toBe(onTime + late);

    // The same seed into another empty store: the same history.
    await useCliPlace(place, 'cafcass');
    expect(await run('demo', 'seed', '--months', '3', '--seed', '7')).toEqual(seeded);
    expect(withoutIds((await run('report', '--month', lastMonth)).stdout)).toEqual(withoutIds(report.stdout));
    // The whole report the same too (the JSON's ids aside): triggers, records, actions.
    const again = JSON.parse((await run('report', '--month', lastMonth, '--format', 'json')).stdout);
    expect(again.situational.totals).toEqual(figures.situational.totals);
    expect(again.situational.byTrigger).toEqual(figures.situational.byTrigger);
    expect(again.records.totals).toEqual(figures.records.totals);
    expect(withoutGroupIds(again.group)).toEqual(withoutGroupIds(figures.group));
    expect((await groupSeries()).map(({ channel: _, roles, ...session }) => ({ ...session, roles: roles.map((role) => role.display_name) }))).toEqual(
      series.map(({ channel: _, roles, ...session }) => ({ ...session, roles: roles.map((role) => role.display_name) })),
    );
  }, 240_000);
});
