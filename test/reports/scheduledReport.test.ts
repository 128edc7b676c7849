// The oversight report's first step (issue 20): a month's scheduled supervision per person and kind, checked
// against a history whose answers are known by construction. Islington holds case supervision every calendar
// month, due by the month's last working day; in August 2026 that is Fri 28 Aug, as Mon 31 Aug is the summer
// bank holiday. Four case holders in two teams: one held on time, one held late (on the 31st, after the due
// date the bank holiday moved), one not held (overdue), one on leave across the due date (leave pauses the
// clock). On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/flows/router.js';
import { reportCsv } from '../../src/reports/format.js';
import { produceReport } from '../../src/reports/produce.js';
import { scheduledReport, UnknownTeamError } from '../../src/reports/scheduled.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { databases } from '../support/databases.js';
import { flowSetup, held as heldSession, type FlowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
north.supervisor@example.org,Practice Supervisor N,supervisor,North,service@example.org,,,U0SUPERN1
south.supervisor@example.org,Practice Supervisor S,supervisor,South,service@example.org,,,U0SUPERS1
ontime@example.org,Ava On-Time,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0ONTIME1
late@example.org,Ben Late,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0LATE001
missed@example.org,Cara Missed,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0MISSED1
away@example.org,Dan Away,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0AWAY001
`;

async function history(database: (typeof databases)[number]): Promise<FlowSetup> {
  const setup = await flowSetup(database, { policy: 'islington', directory, at: '2026-08-03T09:00:00Z' });
  const { people, context } = setup;
  const held = (who: string, supervisor: string, at: string) => heldSession(setup, who, supervisor, at);
  // July's was held by everyone: nothing is owed from before August.
  for (const [who, supervisor] of [
    ['ontime', 'north.supervisor'],
    ['late', 'north.supervisor'],
    ['missed', 'south.supervisor'],
    ['away', 'south.supervisor'],
  ] as const)
    await held(who, supervisor, '2026-07-15T09:00:00Z');
  await held('ontime', 'north.supervisor', '2026-08-20T09:00:00Z');
  // Mon 31 Aug, the bank holiday: after Fri 28 Aug, the due date, so late.
  await held('late', 'north.supervisor', '2026-08-31T09:00:00Z');
  // Dan records his leave in chat: Mon 24 Aug to Fri 4 Sep, across the due date.
  const away = await runCommand(context, people.away!, 'away 2026-08-24 2026-09-04');
  expect(away.view.data.text).toContain('You are away from Mon 24 Aug 2026 to Fri 4 Sep 2026.');
  // Held in September, after the month: not counted for August.
  await held('missed', 'south.supervisor', '2026-09-08T09:00:00Z');
  return setup;
}

describe.each(databases)('the scheduled supervision report on $name', (database) => {
  it('counts August 2026 at Islington: 1 of 4 held on time (25%), one late after the bank holiday moved the due date, one not held and overdue, one on leave', async () => {
    const { context, people, store } = await history(database);
    const now = new Date('2026-09-15T10:00:00Z');
    const { report, text } = await produceReport(context, { month: { year: 2026, month: 8 }, format: 'csv', now, actorId: null, via: 'test' });
    expect(text).toBe(
      [
        'month,team,person,person_id,kind,due,on_time,late,not_held,on_leave,not_yet_due,overdue',
        `2026-08,North,Ava On-Time,${people.ontime!.id},case,1,1,0,0,0,0,0`,
        `2026-08,North,Ben Late,${people.late!.id},case,1,0,1,0,0,0,0`,
        `2026-08,South,Cara Missed,${people.missed!.id},case,1,0,0,1,0,0,1`,
        `2026-08,South,Dan Away,${people.away!.id},case,1,0,0,0,1,0,0`,
        '',
      ].join('\n'),
    );
    expect(report.teams.map((team) => ({ team: team.team, ...team.totals }))).toEqual([
      { team: 'North', due: 2, onTime: 1, late: 1, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0, onTimePercent: 50 },
      { team: 'South', due: 2, onTime: 0, late: 0, notHeld: 1, onLeave: 1, notYetDue: 0, overdue: 1, onTimePercent: 0 },
    ]);
    expect(report.totals).toEqual({ due: 4, onTime: 1, late: 1, notHeld: 1, onLeave: 1, notYetDue: 0, overdue: 1, onTimePercent: 25 });
    expect(report.countedTo).toBe('2026-08-31');
    // The report produced is audited, with ids only.
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'object_type', 'object_id', 'detail'])
      .where('action', '=', 'report.produced')
      .execute();
    expect(audit).toEqual([
      { action: 'report.produced', object_type: 'organisation', object_id: 'islington', detail: { month: '2026-08', format: 'csv', via: 'test', people: 4 } },
    ]);
  });

  it('gives one team as JSON with its totals; a month not over counts to today, what is due later is not yet due', async () => {
    const { context, people, store } = await history(database);
    const { text } = await produceReport(context, {
      month: { year: 2026, month: 8 },
      teamName: 'South',
      format: 'json',
      now: new Date('2026-09-15T10:00:00Z'),
      actorId: null,
      via: 'test',
    });
    const json = JSON.parse(text);
    expect(json.teams).toHaveLength(1);
    expect(json.teams[0].team).toBe('South');
    expect(json.teams[0].totals).toEqual({ due: 2, onTime: 0, late: 0, notHeld: 1, onLeave: 1, notYetDue: 0, overdue: 1, onTimePercent: 0 });
    expect(json.teams[0].people.map((row: { person: string }) => row.person)).toEqual(['Cara Missed', 'Dan Away']);
    expect(json.totals.onTimePercent).toBe(0);
    const south = await store.db.selectFrom('team').select('id').where('name', '=', 'South').executeTakeFirstOrThrow();
    expect(await store.db.selectFrom('audit_log').select(['object_type', 'object_id']).where('action', '=', 'report.produced').execute()).toEqual([
      { object_type: 'team', object_id: south.id },
    ]);

    // September, on Tue 15 Sep: the month's due date (Wed 30 Sep) is not yet. Cara's session of 8 Sep is
    // September's (a calendar month counts what is held in it), so on time. Dan's August one, moved to five
    // working days after his return (Fri 11 Sep), is August's, not due in September, but overdue now.
    const september = await scheduledReport(context, { month: { year: 2026, month: 9 }, now: new Date('2026-09-15T10:00:00Z') });
    expect(reportCsv(september).split('\n').slice(1, 5)).toEqual([
      `2026-09,North,Ava On-Time,${people.ontime!.id},case,1,0,0,0,0,1,0`,
      `2026-09,North,Ben Late,${people.late!.id},case,1,0,0,0,0,1,0`,
      `2026-09,South,Cara Missed,${people.missed!.id},case,1,1,0,0,0,0,0`,
      `2026-09,South,Dan Away,${people.away!.id},case,1,0,0,0,0,1,1`,
    ]);
  });

  it('refuses a team not in the directory, naming the teams, and writes nothing', async () => {
    const { context, store } = await history(database);
    await expect(
      produceReport(context, {
        month: { year: 2026, month: 8 },
        teamName: 'East',
        format: 'csv',
        now: new Date('2026-09-15T10:00:00Z'),
        actorId: null,
        via: 'test',
      }),
    ).rejects.toThrow(new UnknownTeamError('East', ['North', 'South']));
    expect(await store.db.selectFrom('audit_log').select('id').where('action', '=', 'report.produced').execute()).toEqual([]);
  });

  it('counts a person who moved team mid-month once, under the team they are in when the report is produced (Ben moves from North to South on 17 Aug)', async () => {
    const { context, people, store } = await history(database);
    const moved = await importDirectory({
      db: store.db,
      pack: context.pack,
      fileName: 'staff.csv',
      text: directory.replace('late@example.org,Ben Late,practitioner,North,north.supervisor', 'late@example.org,Ben Late,practitioner,South,south.supervisor'),
      now: new Date('2026-08-17T09:00:00Z'),
    });
    expect(moved.ok).toBe(true);
    const report = await scheduledReport(context, { month: { year: 2026, month: 8 }, now: new Date('2026-09-15T10:00:00Z') });
    expect(report.teams.map((team) => [team.team, team.rows.map((row) => row.person), team.totals.due, team.totals.onTime, team.totals.late])).toEqual([
      ['North', ['Ava On-Time'], 1, 1, 0],
      ['South', ['Ben Late', 'Cara Missed', 'Dan Away'], 3, 0, 1],
    ]);
    expect(report.teams.flatMap((team) => team.rows).filter((row) => row.personId === people.late!.id)).toHaveLength(1);
    expect(report.totals).toMatchObject({ due: 4, onTime: 1, late: 1, notHeld: 1, onLeave: 1 });
    // North's own report no longer holds him.
    const north = await store.db.selectFrom('team').select('id').where('name', '=', 'North').executeTakeFirstOrThrow();
    const northOnly = await scheduledReport(context, { month: { year: 2026, month: 8 }, now: new Date('2026-09-15T10:00:00Z'), teamId: north.id });
    expect(northOnly.teams.flatMap((team) => team.rows.map((row) => row.person))).toEqual(['Ava On-Time']);
  });
});
