// Leave pauses the clock in the report too: on a rolling cadence (Cumberland's personal supervision every 4
// weeks), a session due during leave and held after the return, by the working days the pack allows
// (5), is on time; the same date held without leave is late. On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/flows/router.js';
import { reportCsv } from '../../src/reports/format.js';
import { scheduledReport } from '../../src/reports/scheduled.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,West,,,,U0MANAGER1
away@example.org,Eve Away,practitioner,West,manager@example.org,staff,2026-01-05,U0AWAY001
late@example.org,Fay Late,practitioner,West,manager@example.org,staff,2026-01-05,U0LATE001
`;

describe.each(databases)('leave in the scheduled supervision report on $name', (database) => {
  it('counts personal supervision due in leave and held within 5 working days of the return as on time, the same date without leave as late (Cumberland)', async () => {
    const { store, context, people } = await flowSetup(database, { policy: 'cumberland', directory, at: '2026-11-02T09:00:00Z' });
    const held = (who: string, at: string) =>
      store.db
        .insertInto('supervision_session')
        .values({
          id: `${who}-${at}`,
          organisation_id: 'default',
          kind: 'personal',
          supervisee_id: people[who]!.id,
          supervisor_id: people.manager!.id,
          starts_at: at,
          duration_minutes: 90,
          status: 'held',
        })
        .execute();
    // Both held on Fri 16 Oct: the next is due four weeks on, Fri 13 Nov; both are held on Wed 18 Nov.
    for (const who of ['away', 'late']) {
      await held(who, '2026-10-16T09:00:00Z');
      await held(who, '2026-11-18T09:00:00Z');
    }
    // Eve is away Mon 9 to Fri 13 Nov: hers is due within 5 working days of her return, by Fri 20 Nov.
    expect((await runCommand(context, people.away!, 'away 2026-11-09 2026-11-13')).view.data.text).toContain(
      'You are away from Mon 9 Nov 2026 to Fri 13 Nov 2026.',
    );
    const report = await scheduledReport(context, { month: { year: 2026, month: 11 }, now: new Date('2026-12-07T10:00:00Z') });
    const personal = reportCsv(report)
      .split('\n')
      .filter((line) => line.includes(',personal,'));
    expect(personal).toEqual([
      `2026-11,West,Eve Away,${people.away!.id},personal,1,1,0,0,0,0,0`,
      `2026-11,West,Fay Late,${people.late!.id},personal,1,0,1,0,0,0,0`,
    ]);
    // The monthly performance report on the frequency of supervision the framework asks for.
    expect(report.rule).toBe('Cumberland supervision framework, section 11, quality assurance of supervision');
    expect(report.teams[0]!.totals).toMatchObject({ due: 2, onTime: 1, late: 1, onTimePercent: 50 });
  });
});
