// Issue 20: the month's oversight report. 50,000 Cumberland staff (bench/caseSweep.ts's seeding: a year of
// personal supervision every 4 weeks, an observation in the year, 5 cases each) in 500 teams of 100, with
// 12 more people in a team of their own: November 2026's report for everyone on PostgreSQL, and for the
// team of 12 on both databases (the same store, the other 50,000 people in it). Each against a bare
// baseline in the same run: one `count(*) ... group by person` over the same rows (the sessions the
// report reads: the year before the month's end, for the people it covers). Each report is scheduled
// supervision and the month's triggers (a trigger each in November, accepted).
// Alone: `npx tsx bench/report.ts` (BENCH_DB=PostgreSQL or PGlite for one database).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { scheduledReport, type ReportMonth } from '../src/reports/scheduled.js';
import { situationalReport } from '../src/reports/situational.js';
import type { Database } from '../src/store/schema.js';
import { benchDatabases, benchFoot, benchHead } from './table.js';
import { seedCumberland } from './caseSweep.js';

const PEOPLE = 50_000;
const TEAM = 12;
const MONTH = { year: 2026, month: 11 };
const NOW = new Date('2026-12-08T09:00:00Z');
const RUNS = 5;
const TEAM_RUNS = 30;

/** What a report's figures are counted from: scheduled supervision and the month's triggers (src/reports/produce.ts). */
async function monthReport(context: FlowContext, input: { month: ReportMonth; now: Date; teamId?: string }) {
  const scheduled = await scheduledReport(context, input);
  await situationalReport(context, { month: input.month, now: input.now, ...(input.teamId ? { teamIds: [input.teamId] } : {}) });
  return scheduled;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Teams of 100 for the 50,000; then 12 people in a team of their own, supervised by one more supervisor. */
async function seedTeams(db: Kysely<Database>): Promise<string> {
  await sql`
    insert into team (id, organisation_id, name) select 't' || i, 'default', 'Team ' || i from generate_series(1, ${sql.lit(PEOPLE / 100)}) as i;
    update person set team_id = 't' || ((substr(id, 2)::int - 1) / 100 + 1) where id like 'p%';
    insert into team (id, organisation_id, name) values ('twelve', 'default', 'The twelve');
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date, team_id)
      values ('s-twelve', 'default', 's-twelve@example.org', 'Supervisor of twelve', 'supervisor', null, null, 'twelve');
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date, team_id)
      select 'q' || i, 'default', 'q' || i || '@example.org', 'Twelve ' || i, 'practitioner', 'staff', date '2021-01-04' + i * 30, 'twelve'
      from generate_series(1, ${sql.lit(TEAM)}) as i;
    insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on)
      select 'rq' || i, 'q' || i, 's-twelve', '2021-01-01' from generate_series(1, ${sql.lit(TEAM)}) as i;
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'hq' || i || '-' || m, 'default', 'personal', 'q' || i, 's-twelve',
             timestamptz '2026-11-12 10:00+00' - (11 - m) * interval '28 days' + (i % 26) * interval '1 day', 90, 'held', '2025-11-01'
      from generate_series(1, ${sql.lit(TEAM)}) as i, generate_series(0, 11) as m;
  `.execute(db);
  // A trigger a person in November (50,012), raised on a working morning, accepted 1 to 30 hours later.
  await sql`
    insert into trigger_request (id, organisation_id, practitioner_id, trigger_id, urgency, state, assigned_to, escalation_level, respond_by, raised_at, updated_at)
      select 'tr-' || p.id, 'default', p.id, null, 'routine', 'accepted', null, 0, null,
             timestamptz '2026-11-02 10:00+00' + (abs(hashtext(p.id)) % 20) * interval '1 day', timestamptz '2026-11-02 10:00+00'
      from person p where p.role = 'practitioner';
    insert into trigger_event (trigger_request_id, at, actor_id, from_state, to_state, detail)
      select id, raised_at, practitioner_id, null, 'waiting', '{}' from trigger_request;
    insert into trigger_event (trigger_request_id, at, actor_id, from_state, to_state, detail)
      select id, raised_at + (1 + abs(hashtext(id)) % 30) * interval '1 hour', null, 'waiting', 'accepted', '{}' from trigger_request;
  `.execute(db);
  await sql`vacuum analyze`.execute(db);
  return 'twelve';
}

/** The bare baseline: the sessions of the year to the month's end, counted per person, one query. */
function bareCount(db: Kysely<Database>, teamId?: string) {
  return sql`
    select s.supervisee_id, count(*) from supervision_session s
    ${teamId ? sql`join person p on p.id = s.supervisee_id and p.team_id = ${teamId}` : sql``}
    where s.status = 'held' and s.starts_at > timestamptz '2025-11-30 23:59:59+00' and s.starts_at <= timestamptz '2026-11-30 23:59:59+00'
    group by s.supervisee_id
  `.execute(db);
}

export async function runReportBench(): Promise<string> {
  const lines = benchHead("The month's oversight report: 50,000 people, and a team of 12", ['what', 'database', 'time', 'work', 'ratio to baseline']);
  const pack = loadPolicy('cumberland');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (const database of benchDatabases()) {
    const store = await database.open();
    const seeding = performance.now();
    await seedCumberland(store.db, PEOPLE);
    const teamId = await seedTeams(store.db);
    const seeded = performance.now() - seeding;
    const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => NOW } };

    if (database.name === 'PostgreSQL') {
      const ours: number[] = [];
      const bare: number[] = [];
      let rows = 0;
      for (let run = 0; run < RUNS + 1; run++) {
        let began = performance.now();
        await bareCount(store.db);
        const bareMs = performance.now() - began;
        began = performance.now();
        const report = await monthReport(context, { month: MONTH, now: NOW });
        const oursMs = performance.now() - began;
        rows = report.teams.reduce((sum, team) => sum + team.rows.length, 0);
        // The first is a warm-up.
        if (run > 0) (bare.push(bareMs), ours.push(oursMs));
      }
      lines.push(
        `| the report for November 2026, everyone (median of ${RUNS}) | ${database.name} | ${seconds(median(ours))} | ${rows} rows (person and kind) in ${PEOPLE / 100 + 1} teams; worst ${seconds(Math.max(...ours))} | ${(median(ours) / median(bare)).toFixed(2)}x |`,
        `| baseline: one count(*) of the year's sessions, grouped by person | ${database.name} | ${seconds(median(bare))} | worst ${seconds(Math.max(...bare))} | 1x |`,
      );
    }

    const ours: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < TEAM_RUNS + 5; run++) {
      let began = performance.now();
      await bareCount(store.db, teamId);
      const bareMs = performance.now() - began;
      began = performance.now();
      await monthReport(context, { month: MONTH, now: NOW, teamId });
      const oursMs = performance.now() - began;
      if (run >= 5) (bare.push(bareMs), ours.push(oursMs));
    }
    lines.push(
      `| the report for November 2026, one team of ${TEAM} (median of ${TEAM_RUNS}) | ${database.name} | ${median(ours).toFixed(1)} ms | worst ${Math.max(...ours).toFixed(1)} ms | ${(median(ours) / median(bare)).toFixed(2)}x |`,
      `| baseline: one count(*) of the team's sessions of the year, grouped by person | ${database.name} | ${median(bare).toFixed(1)} ms | worst ${Math.max(...bare).toFixed(1)} ms | 1x |`,
      `| (seeding: ${PEOPLE + TEAM} people, a year of history) | ${database.name} | ${(seeded / 1000).toFixed(1)} s | | |`,
    );
    await store.close();
  }
  lines.push(...benchFoot());
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runReportBench());
