// The oversight report by itself (issue 20): on the first working day after the month, once, to each person
// in the roles the pack's `reporting.sendTo` names (Islington: team managers) with a team in their line, for
// those teams only. December 2026: Fri 1 Jan 2027 is New Year's Day and Sat 2, Sun 3 the weekend, so
// December's report goes on Mon 4 Jan 2027. On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { monthlyReportProvider } from '../../src/flows/reports/monthlyReport.js';
import { sweepProviders } from '../../src/flows/sweepProviders.js';
import { databases } from '../support/databases.js';
import { flowSetup, held } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,senior-manager,,,,,U0SERVICE1
north.manager@example.org,Team Manager N,manager,North,service@example.org,,,U0MANAGN1
south.manager@example.org,Team Manager S,manager,South,service@example.org,,,U0MANAGS1
idle.manager@example.org,Team Manager I,manager,East,service@example.org,,,U0MANAGI1
auditor@example.org,Auditor Q,auditor,,,,,U0AUDITOR
north.supervisor@example.org,Practice Supervisor N,supervisor,North,north.manager@example.org,,,U0SUPERN1
south.supervisor@example.org,Practice Supervisor S,supervisor,South,south.manager@example.org,,,U0SUPERS1
ontime@example.org,Ava On-Time,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0ONTIME1
missed@example.org,Cara Missed,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0MISSED1
`;

type Payload = {
  text: string;
  view: { card: string; data: { title: string; intro: string; teams: { team: string; due: string; onTime: string; notHeld: string }[] } };
};

describe.each(databases)('the monthly oversight report on $name', (database) => {
  it("goes by itself once to each team manager on the first working day after the month, for their own team: after New Year's Day and the weekend", async () => {
    const { store, clock, context, people } = await flowSetup(database, { policy: 'islington', directory, at: '2026-12-01T09:00:00Z' });
    // December: Ava's case supervision held on time, Cara's not at all.
    for (const [who, supervisor, at] of [
      ['ontime', 'north.supervisor', '2026-11-16T10:00:00Z'],
      ['missed', 'south.supervisor', '2026-11-16T10:00:00Z'],
      ['ontime', 'north.supervisor', '2026-12-14T10:00:00Z'],
    ] as const)
      await held({ store, people }, who, supervisor, at);
    const reports = async () =>
      (await store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('conversation').execute())
        .filter((row) => row.idempotency_key.startsWith('report-monthly:'))
        .map((row) => ({ to: row.conversation, ...(row.payload as unknown as Payload) }));
    const sweepAt = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      // A fresh set of providers each time, as a restarted or second replica would have.
      await new Sweeper(store.db, clock, sweepProviders(context)).sweepOnce();
    };

    await sweepAt('2026-12-31T10:00:00Z'); // Thu 31 Dec: December is not over
    await sweepAt('2027-01-01T10:00:00Z'); // Fri 1 Jan: New Year's Day, a bank holiday
    await sweepAt('2027-01-02T10:00:00Z'); // Sat 2 Jan
    await sweepAt('2027-01-04T08:30:00Z'); // Mon 4 Jan, before working hours
    expect(await reports()).toEqual([]);

    await sweepAt('2027-01-04T09:30:00Z'); // Mon 4 Jan, the first working day after December
    const sent = await reports();
    // Team managers only (Islington's sendTo), each for their own team; the manager with nobody below them gets nothing.
    expect(sent.map((row) => [row.to, row.view.data.teams.map((team) => team.team)])).toEqual([
      ['U0MANAGN1', ['North']],
      ['U0MANAGS1', ['South']],
    ]);
    expect(sent[0]!.text).toBe('Your oversight report for December 2026');
    expect(sent[0]!.view).toMatchObject({
      card: 'report',
      data: {
        title: 'Oversight report: December 2026',
        intro:
          'Sent by itself on the first working day after each month, as the policy asks (Islington case management supervision policy, section "Team Manager Supervision and oversight").',
        teams: [{ team: 'North', due: '1', onTime: '1 (100%)', notHeld: '0' }],
      },
    });
    expect(sent[1]!.view.data.teams).toEqual([expect.objectContaining({ team: 'South', due: '1', onTime: '0 (0%)', notHeld: '1' })]);

    // The same day again, by the same provider and by a fresh one, and the next day: nothing more.
    const provider = monthlyReportProvider(context);
    const sweeper = new Sweeper(store.db, clock, [provider]);
    await sweeper.sweepOnce();
    await new Sweeper(store.db, clock, [monthlyReportProvider(context)]).sweepOnce();
    await sweepAt('2027-01-04T15:00:00Z');
    await sweepAt('2027-01-05T10:00:00Z');
    expect(await reports()).toHaveLength(2);

    // Each sending audited with ids only: to whom, the month, the teams.
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor_id', 'object_id', 'detail'])
      .where('action', '=', 'report.sent')
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => [entry.actor_id, entry.object_id, (entry.detail as { month: string }).month])).toEqual(
      [
        [null, people['north.manager']!.id, '2026-12'],
        [null, people['south.manager']!.id, '2026-12'],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    expect(JSON.stringify(audit)).not.toMatch(/Ava|Cara/);
  });
});
