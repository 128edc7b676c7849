// Each pack's reporting rule, in chat (issue 20): a team manager's `/supervision report` counts the kinds the
// pack's report covers and cites its rule, and on the first working day after the month (Tue 1 Dec 2026 for
// November) the card goes by itself to the roles the pack's `reporting.sendTo` names, each for the teams in
// their line. Cafcass Cymru's procedure sets no report: the command still answers, and nothing is sent.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { monthlyReportProvider } from '../../src/flows/reports/monthlyReport.js';
import { runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = (cohort: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,senior-manager,,,,,U0SERVICE1
manager@example.org,Team Manager A,manager,North,service@example.org,,,U0MANAGER1
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2026-09-07,U0WORKER1
`;

const packs: Record<string, { policy: string; cohort: string; rule: string; sentTo: string[] }> = Object.fromEntries(
  [
    {
      policy: 'bexley',
      cohort: 'case-holder',
      rule: 'Bexley supervision policy, quality assuring supervision b)',
      sentTo: ['U0MANAGER1', 'U0SERVICE1'],
    },
    {
      policy: 'cafcass',
      cohort: 'nqsw',
      rule: 'Cafcass supervision policy, section 5.2',
      sentTo: ['U0MANAGER1', 'U0SERVICE1'],
    },
    {
      policy: 'cumberland',
      cohort: 'nqsw',
      rule: 'Cumberland supervision framework, section 11, quality assurance of supervision',
      sentTo: ['U0MANAGER1', 'U0SERVICE1'],
    },
    {
      policy: 'islington',
      cohort: 'case-holder',
      rule: 'Islington case management supervision policy, section "Team Manager Supervision and oversight"',
      sentTo: ['U0MANAGER1'],
    },
    {
      policy: 'cafcass-cymru',
      cohort: 'practitioner',
      rule: '',
      sentTo: [],
    },
  ].map((pack) => [pack.policy, pack]),
);

describe.each(databases)("each pack's oversight report on $name", (database) => {
  const check = async (policy: string) => {
    const pack = packs[policy]!;
    const { store, clock, context, people } = await flowSetup(database, {
      policy: pack.policy,
      directory: directory(pack.cohort),
      at: '2026-12-01T10:00:00Z',
    });
    const shown = await runCommand(context, people.manager!, 'report');
    expect(shown.view.card).toBe('report');
    const data = shown.view.data as { title: string; rule: string; teams: { team: string }[] };
    expect(data.title).toBe('Oversight report: November 2026');
    expect(data.rule).toBe(pack.rule);
    expect(data.teams.map((team) => team.team)).toEqual(['North']);

    await new Sweeper(store.db, clock, [monthlyReportProvider(context)]).sweepOnce();
    const sent = await store.db.selectFrom('outbox').select(['conversation', 'idempotency_key']).where('idempotency_key', 'like', 'report-monthly:%').execute();
    expect(sent.map((row) => row.conversation).sort()).toEqual(pack.sentTo);
    for (const row of sent) expect(row.idempotency_key).toMatch(/^report-monthly:2026-11:/);
  };

  it("Bexley: a team manager's monthly frequency report in chat, citing quality assuring supervision b), goes by itself to team managers and senior managers on the first working day", () =>
    check('bexley'));

  it("Cafcass: a manager's monthly supervision frequency report in chat, citing 5.2, goes by itself to managers and senior managers on the first working day", () =>
    check('cafcass'));

  it("Cumberland: a manager's monthly performance report on the frequency of supervision in chat, citing section 11, goes by itself to managers and senior managers on the first working day", () =>
    check('cumberland'));

  it("Islington: a team manager's monthly check that case supervision is happening in their team, citing Team Manager Supervision and oversight, goes by itself to team managers on the first working day", () =>
    check('islington'));

  it('Cafcass Cymru: the procedure sets no report, so the report in chat cites no rule and nothing goes by itself', () => check('cafcass-cymru'));
});
