// Issue 20: the month's oversight report. 50,000 Cumberland staff (bench/caseSweep.ts's seeding: a year of
// personal supervision every 4 weeks, an observation in the year, 5 cases each with a case discussion
// recorded in the 40 days before the day, 4 actions each) in 500 teams of 100, with 12 more people in a
// team of their own: November 2026's report for everyone on PostgreSQL, and for the team of 12 on both
// databases (the same store, the other 50,000 people in it). Each against a bare baseline in the same run:
// one `count(*) ... group by person` over the same rows (the sessions the report reads: the year before the
// month's end, for the people it covers). The report is the whole of it as `supervision-bot report --format
// json` writes it (src/reports/produce.ts reportText): scheduled supervision; the month's triggers (a trigger
// each in November, 1 in 5 escalated, 1 in 20 never answered); records of the sessions of September to
// November (on time and late, signed, 1 in 10 of November's not written, 1 in 20 disagreed) with an action
// each (1 in 10 of those due in November extended); and records viewed (Bexley QA c's rule, given to the
// bench's Cumberland pack) from an audit log of a million entries, a quarter of them records opened.
// Alone: `npx tsx bench/report.ts` (BENCH_DB=PostgreSQL or PGlite for one database).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { reportText } from '../src/reports/produce.js';
import { type ReportMonth } from '../src/reports/scheduled.js';
import type { Database } from '../src/store/schema.js';
import { benchDatabases, benchFoot, benchHead } from './table.js';
import { seedCumberland } from './caseSweep.js';

const PEOPLE = 50_000;
const TEAM = 12;
const MONTH = { year: 2026, month: 11 };
const NOW = new Date('2026-12-08T09:00:00Z');
const RUNS = 5;
const TEAM_RUNS = 30;

/** The whole report, as the command line writes it as JSON (src/reports/produce.ts). */
async function monthReport(context: FlowContext, input: { month: ReportMonth; now: Date; teamId?: string }) {
  const { report } = await reportText(context, { month: input.month, now: input.now, format: 'json', ...(input.teamId ? { teamIds: [input.teamId] } : {}) });
  return report;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Teams of 100 for the 50,000; then 12 people in a team of their own, supervised by one more supervisor. */
export async function seedTeams(db: Kysely<Database>): Promise<string> {
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
      select id, raised_at + (1 + abs(hashtext(id)) % 30) * interval '1 hour', null, 'waiting', 'accepted', '{}' from trigger_request
      where abs(hashtext(id)) % 20 <> 0;
    -- 1 in 5 escalated to the next step before it was accepted; 1 in 20 never answered.
    insert into trigger_event (trigger_request_id, at, actor_id, from_state, to_state, detail)
      select id, raised_at + interval '30 minutes', null, 'waiting', 'waiting', '{"escalatedFrom": "s1", "level": 1}'
      from trigger_request where abs(hashtext(id)) % 5 = 1;
    update trigger_request set state = 'waiting' where abs(hashtext(id)) % 20 = 0;
  `.execute(db);
  // Records of the personal sessions of September to November (about 150,000), due 5 days after the session:
  // written 1 to 8 days after it (some late), signed the day after; 1 in 10 of November's never written (the
  // session's record still due); an action each, 1 in 3 done; 1 in 10 of November's actions extended; 1 in 20
  // records disagreed with.
  await sql`
    insert into record (id, record_key, version_no, session_id, supervisee_id, author_id, model, stored_on, content, due_at, created_at, signed_at)
      select 'sr-' || s.id, 'srk-' || s.id, 1, s.id, s.supervisee_id, s.supervisor_id, 'personal', 'personal-record', '{}',
             s.starts_at + interval '5 days', s.starts_at + (1 + abs(hashtext(s.id)) % 8) * interval '1 day',
             s.starts_at + (2 + abs(hashtext(s.id)) % 8) * interval '1 day'
      from supervision_session s
      where s.status = 'held' and s.kind = 'personal' and s.starts_at > timestamptz '2026-09-01 00:00+00' and s.starts_at < timestamptz '2026-12-01 00:00+00'
        and not (s.starts_at >= timestamptz '2026-11-01 00:00+00' and abs(hashtext(s.id)) % 10 = 0);
    update supervision_session set record_state = 'signed' where id in (select session_id from record where id like 'sr-%');
    update supervision_session s set record_due_at = s.starts_at + interval '5 days'
      where s.status = 'held' and s.kind = 'personal' and s.starts_at > timestamptz '2026-09-01 00:00+00';
    insert into action_item (id, record_id, owner_id, description, due_on, status, updated_at)
      select 'sa-' || r.id, r.id, r.supervisee_id, 'Action', (r.created_at + interval '14 days')::date,
             case when abs(hashtext(r.id)) % 3 = 0 then 'done' else 'open' end, r.created_at + interval '10 days'
      from record r where r.id like 'sr-%';
    insert into action_extension (id, action_id, asked_by, asked_at, from_due_on, to_due_on, reason, state, decided_by, decided_at)
      select 'se-' || a.id, a.id, a.owner_id, timestamptz '2026-11-02 10:00+00', a.due_on, a.due_on + 7, 'More time', 'agreed', null, timestamptz '2026-11-03 10:00+00'
      from action_item a where a.id like 'sa-%' and a.due_on between date '2026-11-01' and date '2026-11-30' and abs(hashtext(a.id)) % 10 = 0;
    insert into record_dispute (record_id, raised_by, raised_at, state)
      select r.id, r.supervisee_id, r.signed_at, 'open' from record r where r.id like 'sr-%' and abs(hashtext(r.id)) % 20 = 0;
  `.execute(db);
  // The audit log: a million entries over the year, a quarter of them records opened (by the supervisor's
  // manager, or by the supervisor), the rest other reading and writing.
  await sql`
    insert into audit_log (at, actor_id, action, object_type, object_id, detail)
      select timestamptz '2025-12-01 00:00+00' + (i % 365) * interval '1 day' + (i % 480) * interval '1 minute',
             case when i % 4 = 0 then 'm' || ((i % ${sql.lit(PEOPLE)}) / 100 + 1) else 's' || ((i % ${sql.lit(PEOPLE)}) / 10 + 1) end,
             case when i % 4 = 0 then 'record.read' when i % 4 = 1 then 'record.list' when i % 4 = 2 then 'session.booked' else 'record.write' end,
             case when i % 4 = 0 then 'record' else 'case' end,
             case when i % 4 = 0 then 'cr' || ((i % ${sql.lit(PEOPLE)}) * 5 + 5) else 'C' || i end, '{}'
      from generate_series(1, 1000000) as i;
  `.execute(db);
  await sql`vacuum analyze`.execute(db);
  return 'twelve';
}

/** The bare baseline: the sessions of the year to the month's end, counted per person, one query. */
export function bareCount(db: Kysely<Database>, teamId?: string) {
  return sql`
    select s.supervisee_id, count(*) from supervision_session s
    ${teamId ? sql`join person p on p.id = s.supervisee_id and p.team_id = ${teamId}` : sql``}
    where s.status = 'held' and s.starts_at > timestamptz '2025-11-30 23:59:59+00' and s.starts_at <= timestamptz '2026-11-30 23:59:59+00'
    group by s.supervisee_id
  `.execute(db);
}

/** Cumberland, which declares no records-viewed rule, given Bexley's (QA c) so that the report counts it too. */
export function benchPack() {
  const cumberland = loadPolicy('cumberland');
  return {
    ...cumberland,
    reporting: { ...cumberland.reporting!, recordsViewed: { withinMonths: 2, source: '004_4e4fcc0f6e8344f7.txt quality assuring supervision c)' } },
  };
}

export async function runReportBench(): Promise<string> {
  const lines = benchHead("The month's oversight report: 50,000 people, and a team of 12", ['what', 'database', 'time', 'work', 'ratio to baseline']);
  const pack = benchPack();
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
