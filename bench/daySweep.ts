// A simulated working day of the sweeper for 50,000 practitioners (Islington: case supervision every
// calendar month) with 5,000 supervisors, 50,000 booked sessions over the next three weeks and 200,000
// actions: the sweeper runs every minute from 07:00 to 19:00, as in production, and computes and queues
// the day's reminders, escalations and overdue notices, with every provider the server has. Beside it,
// in the same run, two bare baselines queue the same messages (the same payloads, under new keys) the
// least way a keyed message can be queued: a once-key insert and an outbox insert, in one transaction
// each, and a batch of the sweeper's size to a transaction (one insert of each).
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { enqueueMany } from '../src/delivery/outbox.js';
import { claimKeys, SWEEP_BATCH_SIZE, Sweeper } from '../src/delivery/sweeper.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { sweepProviders } from '../src/flows/sweepProviders.js';
import type { Store } from '../src/store/open.js';
import type { Database } from '../src/store/schema.js';
import { benchDatabases, benchFoot, benchHead } from './table.js';

const PEOPLE = 50_000;
/** Tue 8 Dec 2026, London (GMT). */
const DAY = '2026-12-08';

export async function seedForBench(db: Kysely<Database>): Promise<void> {
  // Person i: practitioners 1..50000, supervised by supervisor s(ceil(i/10)); supervisors s1..s5000 by manager m1..m500.
  await sql`
    insert into organisation (id, name, policy_id) values ('default', 'Bench', 'islington') on conflict do nothing;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 'm' || i, 'default', 'm' || i || '@example.org', 'Manager ' || i, 'manager', null, null from generate_series(1, 500) as i;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 's' || i, 'default', 's' || i || '@example.org', 'Supervisor ' || i, 'supervisor', null, null from generate_series(1, 5000) as i;
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 'p' || i, 'default', 'p' || i || '@example.org', 'Practitioner ' || i, 'practitioner', 'case-holder', date '2020-01-06' + (i % 1500)
      from generate_series(1, ${sql.lit(PEOPLE)}) as i;
    insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on)
      select 'rs' || i, 's' || i, 'm' || ((i - 1) / 10 + 1), '2020-01-01' from generate_series(1, 5000) as i;
    insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on)
      select 'rp' || i, 'p' || i, 's' || ((i - 1) / 10 + 1), '2020-01-01' from generate_series(1, ${sql.lit(PEOPLE)}) as i;
    insert into chat_identity (person_id, platform, platform_user_id)
      select id, 'slack', 'U' || id from person;
    -- A year of sessions held for everyone, one a calendar month (Dec 2025 to Nov 2026: 600,000); this
    -- month's booked over the next three weeks, at 10:00.
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'h' || i || '-' || m, 'default', 'case', 'p' || i, 's' || ((i - 1) / 10 + 1),
             timestamptz '2025-12-02 10:00+00' + m * interval '1 month' + (i % 20) * interval '1 day', 180, 'held', '2025-11-01'
      from generate_series(1, ${sql.lit(PEOPLE)}) as i, generate_series(0, 11) as m;
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status, created_at)
      select 'b' || i, 'default', 'case', 'p' || i, 's' || ((i - 1) / 10 + 1), timestamptz '2026-12-07 10:00+00' + (i % 21) * interval '1 day', 180, 'booked', '2026-11-20'
      from generate_series(1, ${sql.lit(PEOPLE)}) as i;
    insert into record (id, record_key, version_no, supervisee_id, author_id, model, stored_on, content, created_at)
      select 'r' || i, 'rk' || i, 1, 'p' || i, 's' || ((i - 1) / 10 + 1), 'case-discussion', 'child-record', '{}', '2026-11-02'
      from generate_series(1, ${sql.lit(PEOPLE)}) as i;
    insert into action_item (id, record_id, owner_id, case_reference, description, due_on, status, updated_at)
      select 'a' || i, 'r' || (i % ${sql.lit(PEOPLE)} + 1), 'p' || (i % ${sql.lit(PEOPLE)} + 1), 'LCS' || i, 'Action ' || i, date '2026-11-01' + (i % 100),
             case when i % 3 = 0 then 'done' else 'open' end, '2026-11-02'
      from generate_series(1, ${sql.lit(PEOPLE * 4)}) as i;
  `.execute(db);
  // As a database in steady use is: vacuumed (autovacuum would otherwise start on these million rows in the
  // middle of the measured day), its statistics current, and the seeding's writes flushed to disk.
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);
}

/** London times of the day as instants (GMT in December). */
const at = (time: string) => new Date(`${DAY}T${time}:00Z`);
/** The sweeper's day: every minute from 07:00 to 19:00. */
export const DAY_START = at('07:00');
export const DAY_END = at('19:00');

/** The day's sweeps, as a replica does them; the Node process's CPU beside the time (PGlite's database runs in it). */
export async function sweepDay(store: Store, batchSize?: number, policy = 'islington') {
  const pack = loadPolicy(policy);
  let now = DAY_START;
  const clock = { now: () => now };
  const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock };
  const sweeper = new Sweeper(store.db, clock, sweepProviders(context), undefined, batchSize === undefined ? {} : { batchSize });
  const before = await outboxRows(store.db);
  const perSweep: number[] = [];
  const quiet: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (; now < DAY_END; now = new Date(now.getTime() + 60_000)) {
    const began = performance.now();
    const { applied, failed } = await sweeper.sweepOnce();
    perSweep.push(performance.now() - began);
    if (applied === 0 && failed.length === 0) quiet.push(perSweep.at(-1)!);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const busiest = Math.max(...perSweep);
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    sweeps: perSweep.length,
    queued: (await outboxRows(store.db)) - before,
    busiest: { at: new Date(DAY_START.getTime() + perSweep.indexOf(busiest) * 60_000).toISOString().slice(11, 16), ms: busiest },
    /** Sweeps that applied nothing (most of the day's, and the half-hourly look for changes): what every minute costs. */
    quiet,
  };
}

const outboxRows = async (db: Kysely<Database>) => Number((await sql<{ n: string }>`select count(*) n from outbox`.execute(db)).rows[0]!.n);

/**
 * The least way to queue the day's messages (the same payloads, under new keys), each keyed: a once-key
 * insert and an outbox insert (the sweeper's own), one transaction each, or, as the sweeper does, a
 * batch at a time.
 */
export async function bareQueue(store: Store, batchSize: number): Promise<{ ms: number; count: number }> {
  const now = at('09:00');
  const payloads = (await store.db.selectFrom('outbox').select('payload').orderBy('id').execute()).map((row) => row.payload);
  const started = performance.now();
  for (let start = 0; start < payloads.length; start += batchSize) {
    const keys = payloads.slice(start, start + batchSize).map((payload, index) => ({ key: `bare:${batchSize}:${start + index}`, payload }));
    await store.db.transaction().execute(async (trx) => {
      await claimKeys(
        trx,
        keys.map(({ key }) => key),
        now,
      );
      await enqueueMany(
        trx,
        keys.map(({ key, payload }, index) => ({ idempotencyKey: key, platform: 'slack', conversation: `U${start + index}`, payload })),
        now,
      );
    });
  }
  return { ms: performance.now() - started, count: payloads.length };
}

export async function runDaySweepBench(): Promise<string> {
  const lines = benchHead('A day of the sweeper for 50,000 people', [
    'what',
    'database',
    'time',
    'Node CPU',
    'work',
    'ratio to one by one',
    'ratio to batched',
  ]);
  for (const database of benchDatabases()) {
    const store = await database.open();
    const seeding = performance.now();
    await seedForBench(store.db);
    const seeded = performance.now() - seeding;
    const day = await sweepDay(store);
    const oneByOne = await bareQueue(store, 1);
    const batched = await bareQueue(store, SWEEP_BATCH_SIZE);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const quiet = day.quiet.reduce((sum, ms) => sum + ms, 0);
    lines.push(
      `| sweeper, ${DAY} 07:00-19:00 every minute | ${database.name} | ${seconds(day.ms)} | ${seconds(day.cpuMs)} | ${day.sweeps} sweeps, ${day.queued} messages queued; busiest ${day.busiest.at} ${seconds(day.busiest.ms)}; ${day.quiet.length} quiet sweeps ${seconds(quiet)} together | ${(day.ms / oneByOne.ms).toFixed(2)}x | ${(day.ms / batched.ms).toFixed(2)}x |`,
      `| baseline: the ${oneByOne.count} messages queued keyed, one transaction each | ${database.name} | ${seconds(oneByOne.ms)} | | | 1x | |`,
      `| baseline: the same, ${SWEEP_BATCH_SIZE} a transaction | ${database.name} | ${seconds(batched.ms)} | | | | 1x |`,
      `| (seeding the population) | ${database.name} | ${(seeded / 1000).toFixed(1)} s | | | | |`,
    );
    await store.close();
  }
  lines.push(...benchFoot());
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runDaySweepBench());
