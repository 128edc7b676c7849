// The report covers the kinds the pack's `reporting` names and cites its rule: Cafcass's monthly frequency
// report (5.2) covers case supervision, group supervision and observations, so an established practitioner's
// rows are case and observation, not their PLR. On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { reportCsv, reportJson } from '../../src/reports/format.js';
import { scheduledReport } from '../../src/reports/scheduled.js';
import { situationalReport } from '../../src/reports/situational.js';
import { recordsReport } from '../../src/reports/records.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,Midlands,,,,U0MANAGER1
worker@example.org,Family Court Adviser G,practitioner,Midlands,manager@example.org,established,2026-01-05,U0WORKER1
`;

describe.each(databases)('the kinds a report covers on $name', (database) => {
  it("reports the kinds the pack's reporting rule covers, citing it (Cafcass 5.2: case and observation, not the PLR)", async () => {
    const { context, people } = await flowSetup(database, { policy: 'cafcass', directory, at: '2026-11-02T09:00:00Z' });
    const now = new Date('2026-12-07T10:00:00Z');
    const report = await scheduledReport(context, { month: { year: 2026, month: 11 }, now });
    expect(report.teams[0]!.rows.map((row) => row.kind)).toEqual(['case', 'observation']);
    expect(reportCsv(report).split('\n')[1]).toMatch(new RegExp(`^2026-11,Midlands,Family Court Adviser G,${people.worker!.id},case,`));
    expect(
      JSON.parse(
        reportJson(
          report,
          await situationalReport(context, { month: { year: 2026, month: 11 }, now }),
          await recordsReport(context, { month: { year: 2026, month: 11 }, now }),
        ),
      ).rule,
    ).toBe('Cafcass supervision policy, section 5.2');
  });

  it("reports the kinds of Bexley's monthly frequency report, citing quality assuring supervision b) (case supervision and observations)", async () => {
    const bexley = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager B,manager,Safeguarding,,,,U0MANAGER1
worker@example.org,Social Worker H,practitioner,Safeguarding,manager@example.org,case-holder,2026-01-05,U0WORKER1
`;
    const { context, people } = await flowSetup(database, { policy: 'bexley', directory: bexley, at: '2026-11-02T09:00:00Z' });
    const report = await scheduledReport(context, { month: { year: 2026, month: 11 }, now: new Date('2026-12-07T10:00:00Z') });
    expect(report.rule).toBe('Bexley supervision policy, quality assuring supervision b)');
    expect(report.teams.map((team) => [team.team, team.rows.map((row) => [row.personId, row.kind])])).toEqual([
      [
        'Safeguarding',
        [
          [people.worker!.id, 'case'],
          [people.worker!.id, 'observation'],
        ],
      ],
    ]);
  });
});
