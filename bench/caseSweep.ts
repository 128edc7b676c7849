// Issue 19: the cadence watch and `team` for 50,000 Cumberland staff with their cases. Each holds 5 cases
// (250,000), every one of the pack's 18 case categories represented, each with its last case discussion
// recorded up to 40 days ago (so about a third of the 4-weekly ones are overdue). Beside it, the same day
// of the sweeper (bench/daySweep.ts: every minute from 07:00 to 19:00, every provider the server has, the
// same bookings and actions) and its bare baseline in the same run (the same messages queued keyed, in
// batches of the sweeper's size); and `team` for 50 supervisors
// (10 supervisees and 50 cases each) against one bare query reading the same rows.
// Alone: `npx tsx bench/caseSweep.ts` (BENCH_DB=PostgreSQL or PGlite for one database).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { SWEEP_BATCH_SIZE } from '../src/delivery/sweeper.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { cadenceWatchProvider } from '../src/flows/cadenceWatch.js';
import { team } from '../src/flows/schedule.js';
import type { Database } from '../src/store/schema.js';
import { benchDatabases, benchFoot, benchHead } from './table.js';
import { bareQueue, sweepDay } from './daySweep.js';

const PEOPLE = 50_000;
const CASES_EACH = 5;
const TEAM_CALLS = 50;

export async function seedCumberland(db: Kysely<Database>, people = PEOPLE): Promise<string[]> {
  const categories = Object.keys(loadPolicy('cumberland').caseCategories ?? {});
  const categoryArray = sql`array[${sql.join(categories.map((category) => sql.lit(category)))}]::text[]`;
  // As bench/daySweep.ts: practitioners 1..50000 supervised by s(ceil(i/10)); supervisors by m(ceil(i/10)).
  await sql`
    insert into organisation (id, name, policy_id) values ('default', 'Bench', 'cumberland') on conflict do nothing;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 'm' || i, 'default', 'm' || i || '@example.org', 'Manager ' || i, 'manager', null, null from generate_series(1, 500) as i;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 's' || i, 'default', 's' || i || '@example.org', 'Supervisor ' || i, 'supervisor', null, null from generate_series(1, 5000) as i;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 'p' || i, 'default', 'p' || i || '@example.org', 'Practitioner ' || i, 'practitioner', 'staff', date '2020-01-06' + (i % 1500)
      from generate_series(1, ${sql.lit(people)}) as i;
    insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on)
      select 'rs' || i, 's' || i, 'm' || ((i - 1) / 10 + 1), '2020-01-01' from generate_series(1, 5000) as i;
    insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on)
      select 'rp' || i, 'p' || i, 's' || ((i - 1) / 10 + 1), '2020-01-01' from generate_series(1, ${sql.lit(people)}) as i;
    insert into chat_identity (person_id, platform, platform_user_id)
      select id, 'slack', 'U' || id from person;
    -- A year of personal supervision held, every 4 weeks (600,000), the latest between 12 Nov and 7 Dec, so
    -- none is overdue on the day; an observation held in the past year; the next one booked over three weeks.
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'h' || i || '-' || m, 'default', 'personal', 'p' || i, 's' || ((i - 1) / 10 + 1),
             timestamptz '2026-11-12 10:00+00' - (11 - m) * interval '28 days' + (i % 26) * interval '1 day', 90, 'held', '2025-11-01'
      from generate_series(1, ${sql.lit(people)}) as i, generate_series(0, 11) as m;
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'o' || i, 'default', 'observation', 'p' || i, 's' || ((i - 1) / 10 + 1), timestamptz '2026-01-12 10:00+00' + (i % 300) * interval '1 day', 60, 'held', '2025-11-01'
      from generate_series(1, ${sql.lit(people)}) as i;
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'b' || i, 'default', 'personal', 'p' || i, 's' || ((i - 1) / 10 + 1), timestamptz '2026-12-07 10:00+00' + (i % 21) * interval '1 day', 90, 'booked', '2026-11-20'
      from generate_series(1, ${sql.lit(people)}) as i;
    -- Five cases each (250,000), the categories in turn, allocated over two years; each with its last case
    -- discussion recorded 1 to 40 days before the day.
    insert into allocated_case (case_reference, category, worker_id, allocated_on, imported_at)
      select 'C' || (i * 5 + k), (${categoryArray})[(i * 5 + k) % ${sql.lit(categories.length)} + 1], 'p' || i, date '2024-12-01' + ((i * 5 + k) % 700), '2026-11-01'
      from generate_series(1, ${sql.lit(people)}) as i, generate_series(0, ${sql.lit(CASES_EACH - 1)}) as k;
    insert into record (id, record_key, version_no, supervisee_id, author_id, model, stored_on, case_reference, content, created_at)
      select 'cr' || (i * 5 + k), 'crk' || (i * 5 + k), 1, 'p' || i, 's' || ((i - 1) / 10 + 1), 'case-discussion', 'child-record', 'C' || (i * 5 + k), '{}',
             timestamptz '2026-12-08 10:00+00' - (1 + (i * 7 + k * 3) % 40) * interval '1 day'
      from generate_series(1, ${sql.lit(people)}) as i, generate_series(0, ${sql.lit(CASES_EACH - 1)}) as k;
    insert into action_item (id, record_id, owner_id, case_reference, description, due_on, status, updated_at)
      select 'a' || i, 'cr' || (i % ${sql.lit(people)} * 5 + 5), 'p' || (i % ${sql.lit(people)} + 1), 'C' || (i % ${sql.lit(people)} * 5 + 5), 'Action ' || i, date '2026-11-01' + (i % 100),
             case when i % 3 = 0 then 'done' else 'open' end, '2026-11-02'
      from generate_series(1, ${sql.lit(people * 4)}) as i;
  `.execute(db);
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);
  return categories;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** The least a team view could read: the supervisees, their latest session held of each kind, their open cases with their last discussion, one query. */
function bareTeam(db: Kysely<Database>, supervisorId: string) {
  return sql`
    with people as (
      select p.* from supervision_relationship r join person p on p.id = r.supervisee_id
      where r.supervisor_id = ${supervisorId} and r.ended_on is null
    )
    select p.id, null as kind, null::timestamptz as at from people p
    union all
    select * from (select distinct on (s.supervisee_id, s.kind) s.supervisee_id, s.kind, s.starts_at from supervision_session s
      where s.supervisee_id in (select id from people) and s.status = 'held' order by s.supervisee_id desc, s.kind desc, s.starts_at desc) latest
    union all
    select c.worker_id, c.category, (select max(created_at) from record d where d.case_reference = c.case_reference)
    from allocated_case c where c.worker_id in (select id from people) and c.closed_on is null
  `.execute(db);
}

export async function runCaseSweepBench(): Promise<string> {
  const lines = benchHead('Cumberland: the cadence watch and `team` for 50,000 people with 5 cases each', [
    'what',
    'database',
    'time',
    'work',
    'ratio to baseline',
  ]);
  const pack = loadPolicy('cumberland');
  for (const database of benchDatabases()) {
    const store = await database.open();
    const seeding = performance.now();
    const categories = await seedCumberland(store.db);
    const seeded = performance.now() - seeding;
    const cases = Number((await sql<{ n: string }>`select count(distinct category) n from allocated_case`.execute(store.db)).rows[0]!.n);
    const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => new Date('2026-12-08T09:00:00Z') } };

    // The cadence watch alone, its one look of the day (09:00), three times (a new watch each time).
    const looks: number[] = [];
    let found = 0;
    for (let look = 0; look < 3; look++) {
      const began = performance.now();
      found = (await cadenceWatchProvider(context).due(store.db, new Date('2026-12-08T09:00:00Z'))).length;
      looks.push(performance.now() - began);
    }

    // `team` for 50 supervisors, each after the bare query of the same rows, in turn.
    const teamMs: number[] = [];
    const bareMs: number[] = [];
    for (let call = 0; call < TEAM_CALLS + 5; call++) {
      const supervisorId = `s${((call * 97) % 5000) + 1}`;
      const actor = await store.db.selectFrom('person').selectAll().where('id', '=', supervisorId).executeTakeFirstOrThrow();
      let began = performance.now();
      await bareTeam(store.db, supervisorId);
      const bare = performance.now() - began;
      began = performance.now();
      await team(context, actor);
      const ours = performance.now() - began;
      // The first 5 are a warm-up.
      if (call >= 5) (bareMs.push(bare), teamMs.push(ours));
    }

    const day = await sweepDay(store, undefined, 'cumberland');
    const batched = await bareQueue(store, SWEEP_BATCH_SIZE);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    lines.push(
      `| sweeper, 2026-12-08 07:00-19:00 every minute | ${database.name} | ${seconds(day.ms)} | ${day.sweeps} sweeps, ${day.queued} messages queued; busiest ${day.busiest.at} ${seconds(day.busiest.ms)}; Node CPU ${seconds(day.cpuMs)} | ${(day.ms / batched.ms).toFixed(2)}x |`,
      `| baseline: the ${batched.count} messages queued keyed (once-key claim and outbox insert), ${SWEEP_BATCH_SIZE} a transaction | ${database.name} | ${seconds(batched.ms)} | | 1x |`,
      `| the cadence watch's look at 09:00 (median of 3) | ${database.name} | ${seconds(median(looks))} | ${found} items; ${looks.map((ms) => seconds(ms)).join(', ')} | ${(median(looks) / batched.ms).toFixed(2)}x batched |`,
      `| \`team\`, 10 supervisees and 50 cases (median of ${TEAM_CALLS} supervisors) | ${database.name} | ${median(teamMs).toFixed(1)} ms | worst ${Math.max(...teamMs).toFixed(1)} ms | ${(median(teamMs) / median(bareMs)).toFixed(2)}x |`,
      `| baseline: one query reading the same rows | ${database.name} | ${median(bareMs).toFixed(1)} ms | worst ${Math.max(...bareMs).toFixed(1)} ms | 1x |`,
      `| (seeding: ${PEOPLE} people, ${PEOPLE * CASES_EACH} cases in ${cases} of ${categories.length} categories) | ${database.name} | ${(seeded / 1000).toFixed(1)} s | | |`,
    );
    await store.close();
  }
  lines.push(...benchFoot());
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runCaseSweepBench());
