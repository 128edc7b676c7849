// The store's figures: outbox throughput (PGlite and PostgreSQL) against a bare per-row update, and the
// sweeper's queries over 50,000 people and 200,000 actions on PostgreSQL, with their query plans.
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { enqueue } from '../src/delivery/outbox.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { openStore, type Store } from '../src/store/open.js';
import type { Database } from '../src/store/schema.js';
import { databases } from '../test/support/databases.js';
import { sessionsStartingBetween, triggersPastResponseTime } from '../src/store/dueQueries.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import { actionReminders } from '../src/flows/actionReminders.js';

const MESSAGES = 2_000;
const now = new Date('2026-11-23T10:00:00Z');
const clock = { now: () => now };
const noWait = { wait: async () => {} } as never;

async function outboxThroughput(store: Store, label: string): Promise<string[]> {
  const db = store.db;
  for (let start = 0; start < MESSAGES; start += 500) {
    await db.transaction().execute(async (trx) => {
      for (let index = start; index < start + 500; index += 1) {
        await enqueue(trx, { idempotencyKey: `bench:${index}`, platform: 'slack', conversation: `D${index % 200}`, payload: { text: 'reminder' } }, now);
      }
    });
  }
  const dispatcher = new Dispatcher({ db, clock, id: 'bench', messenger: { send: async () => ({ ok: true }) }, limiter: noWait, batchSize: 100 });
  const started = performance.now();
  const sent = await dispatcher.drain();
  const dispatchMs = performance.now() - started;

  // Bare baseline: one single-row update per message, nothing else.
  const ids = (await db.selectFrom('outbox').select('id').execute()).map((row) => row.id);
  const bareStarted = performance.now();
  for (const id of ids) await db.updateTable('outbox').set({ last_error: null }).where('id', '=', id).execute();
  const bareMs = performance.now() - bareStarted;
  return [
    `| outbox dispatch, ${label} | ${sent} messages in ${dispatchMs.toFixed(0)} ms | ${((sent / dispatchMs) * 1000).toFixed(0)} messages/s | ${(dispatchMs / bareMs).toFixed(2)}x |`,
    `| baseline: one bare UPDATE per message, ${label} | ${ids.length} updates in ${bareMs.toFixed(0)} ms | ${((ids.length / bareMs) * 1000).toFixed(0)} updates/s | 1x |`,
  ];
}

async function seedPopulation(db: Kysely<Database>): Promise<void> {
  await sql`
    insert into organisation (id, name, policy_id) values ('default', 'Bench', 'cafcass');
    insert into person (id, organisation_id, email, display_name, role, cohort, start_date)
      select 'p' || i, 'default', 'p' || i || '@example.org', 'Person ' || i,
             case when i % 10 = 0 then 'supervisor' else 'practitioner' end, 'established', date '2020-01-01' + (i % 2000)
      from generate_series(1, 50000) as i;
    insert into record (id, record_key, version_no, supervisee_id, author_id, model, stored_on, content, created_at)
      select 'r' || i, 'rk' || i, 1, 'p' || i, 'p' || (i - i % 10 + 10), '4x4x4', 'child-record', '{}', now()
      from generate_series(1, 50000) as i where i % 10 <> 0;
    insert into action_item (id, record_id, owner_id, description, due_on, status, updated_at)
      select 'a' || i, 'r' || (i % 50000 + case when i % 10 = 0 then 1 else 0 end), 'p' || (i % 50000 + case when i % 10 = 0 then 1 else 0 end),
             'Action ' || i, date '2026-06-01' + (i % 365),
             case when i % 3 = 0 then 'done' else 'open' end, timestamptz '2026-05-01 10:00+00'
      from generate_series(1, 200000) as i where (i % 50000 + case when i % 10 = 0 then 1 else 0 end) % 10 <> 0;
    insert into supervision_session (id, organisation_id, kind, supervisee_id, supervisor_id, starts_at, duration_minutes, status)
      select 's' || i, 'default', 'case', 'p' || i, 'p' || (i - i % 10 + 10), timestamptz '2026-06-01 10:00+00' + (i % 365) * interval '1 day', 90,
             case when i % 365 > 175 then 'booked' else 'held' end
      from generate_series(1, 50000) as i where i % 10 <> 0;
    insert into trigger_request (id, organisation_id, practitioner_id, trigger_id, case_reference, urgency, state, respond_by, raised_at, updated_at)
      select 't' || i, 'default', 'p' || (i * 7 % 50000 + 1), 'harm-or-risk', 'CF-' || i, 'urgent',
             case when i % 20 = 0 then 'waiting' else 'closed' end,
             timestamptz '2026-06-01 10:00+00' + (i % 200) * interval '1 day', now(), now()
      from generate_series(1, 20000) as i where (i * 7 % 50000 + 1) % 10 <> 0;
    analyze;
  `.execute(db);
}

async function sweeperCost(store: Store): Promise<string[]> {
  await seedPopulation(store.db);
  const counts = await sql<{ people: string; actions: string; sessions: string; triggers: string }>`
    select (select count(*) from person) people, (select count(*) from action_item) actions,
           (select count(*) from supervision_session) sessions, (select count(*) from trigger_request) triggers`.execute(store.db);
  // The action reminders' whole question, as on a working day after yesterday's sweep: due in the next two
  // working days, or overdue with this week's reminder falling yesterday or today (about 2 in 7 of them).
  // The day's first sweep finds them all due; once sent (their keys claimed), later sweeps find none.
  const pack = loadPolicy('cafcass');
  const calendar = calendarOf(pack);
  const actions = actionReminders({ db: store.db, pack, calendar, clock });
  const day = calendar.dayOf(DateTime.fromJSDate(now));
  const firstStarted = performance.now();
  const firstSweep = await actions.reminders(store.db, now, day, day - 1);
  const firstMs = performance.now() - firstStarted;
  for (let start = 0; start < firstSweep.length; start += 5_000) {
    await store.db
      .insertInto('once_key')
      .values(firstSweep.slice(start, start + 5_000).map((reminder) => ({ key: reminder.key, claimed_at: now })))
      .execute();
  }
  await sql`analyze once_key`.execute(store.db);
  const sweep = async () => {
    const [triggers, sessions, reminders] = await Promise.all([
      triggersPastResponseTime(store.db, now),
      sessionsStartingBetween(store.db, now, new Date(now.getTime() + 3 * 86_400_000)),
      actions.reminders(store.db, now, day, day - 1),
    ]);
    return triggers.length + sessions.length + reminders.length;
  };
  await sweep();
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run < 9; run += 1) {
    const started = performance.now();
    found = await sweep();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const explain = async (text: string) =>
    (await sql.raw<{ 'QUERY PLAN': string }>(`explain ${text}`).execute(store.db)).rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
  const row = counts.rows[0]!;
  return [
    `Population: ${row.people} people, ${row.actions} actions, ${row.sessions} sessions, ${row.triggers} triggers.`,
    '',
    `One sweep's queries (triggers past their response time, sessions in the next 3 days, the action reminders not yet sent): median ${times[4]!.toFixed(1)} ms, worst of 9 ${times[8]!.toFixed(1)} ms; ${found} rows found. Budget: 200 ms.`,
    '',
    `The day's first sweep of action reminders, with ${firstSweep.length} due and none sent yet (of ${row.actions} actions): ${firstMs.toFixed(0)} ms, once a day; sending them is the greater cost.`,
    '',
    'Query plans:',
    '',
    await explain(
      `select id from trigger_request where state in ('waiting', 'escalated') and respond_by <= '2026-11-23T10:00:00Z' order by respond_by limit 500`,
    ),
    '',
    await explain(`select id from supervision_session where status = 'booked' and starts_at >= '2026-11-23T10:00:00Z' and starts_at < '2026-11-26T10:00:00Z'`),
    '',
    await explain(
      `select a.id from action_item a where a.status = 'open' and a.due_on >= '2026-11-23' and a.due_on <= '2026-11-25'
         and not exists (select from once_key k where k.key = 'action:' || a.id || ':soon:' || to_char(a.due_on, 'YYYY-MM-DD'))`,
    ),
    '',
    await explain(
      `select a.id from (values ('2026-11-18'::date, 0), ('2026-11-19'::date, 0), ('2026-11-11'::date, 1), ('2026-11-12'::date, 1)) as w (due_on, week)
         join action_item a on a.status = 'open' and a.due_on = w.due_on
         where not exists (select from once_key k where k.key = 'action:' || a.id || ':overdue:' || to_char(a.due_on, 'YYYY-MM-DD') || ':week-' || w.week)`,
    ),
  ];
}

export async function runStoreBench(): Promise<string> {
  const lines = ['## Store and delivery', '', '| what | measured | rate | ratio to baseline |', '| --- | --- | --- | --- |'];
  const pglite = await openStore({ kind: 'pglite', dataDir: 'memory://' });
  await migrateToLatest(pglite.db);
  lines.push(...(await outboxThroughput(pglite, 'PGlite')));
  await pglite.close();

  // PostgreSQL stores come from the tests' helper: a schema of their own, dropped on close.
  const postgres = databases.find((database) => database.name === 'PostgreSQL');
  if (!postgres) {
    lines.push('', 'PostgreSQL: set DATABASE_URL to measure it (CI machines have it on 127.0.0.1:5432).');
    return lines.join('\n');
  }
  const outboxStore = await postgres.open();
  lines.push(...(await outboxThroughput(outboxStore, 'PostgreSQL')));
  await outboxStore.close();
  const sweepStore = await postgres.open();
  lines.push('', '### Sweeper on PostgreSQL', '', ...(await sweeperCost(sweepStore)));
  await sweepStore.close();
  return lines.join('\n');
}
