// Where a day of the sweeper's time goes (bench/daySweep.ts's population and day): per provider, the
// time listing what is due (due()) and applying it (apply(), the claim and the commit), the queries each
// runs, and how much of the time the database took (from each query's send to its result) against the
// Node process's own CPU. `npx tsx bench/daySweepProfile.ts`; BENCH_DB=PostgreSQL or PGlite for one.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { Sweeper, type DueProvider } from '../src/delivery/sweeper.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { reminderSources } from '../src/flows/reminderSources.js';
import { sweepProviders } from '../src/flows/sweepProviders.js';
import { databases } from '../test/support/databases.js';
import { DAY_START, DAY_END, seedForBench } from './daySweep.js';

interface Phase {
  ms: number;
  queries: number;
  dbMs: number;
  cpuMs: number;
  calls: number;
  transactions: number;
}
const newPhase = (): Phase => ({ ms: 0, queries: 0, dbMs: 0, cpuMs: 0, calls: 0, transactions: 0 });

/** Counts queries and the time from each one's compilation to its result, into the current phase. */
class QueryMeter implements KyselyPlugin {
  current: Phase | undefined;
  private readonly started = new WeakMap<object, number>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.started.set(args.queryId, performance.now());
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const began = this.started.get(args.queryId);
    if (this.current && began !== undefined) {
      this.current.queries += 1;
      this.current.dbMs += performance.now() - began;
    }
    return args.result;
  }
}

async function measure<T>(meter: QueryMeter, into: Phase, work: () => Promise<T>): Promise<T> {
  const outer = meter.current;
  meter.current = into;
  const cpu = process.cpuUsage();
  const began = performance.now();
  try {
    return await work();
  } finally {
    into.ms += performance.now() - began;
    const used = process.cpuUsage(cpu);
    into.cpuMs += (used.user + used.system) / 1000;
    into.calls += 1;
    meter.current = outer;
  }
}

async function profile(databaseName: string): Promise<string> {
  const database = databases.find((candidate) => candidate.name === databaseName)!;
  const store = await database.open();
  await seedForBench(store.db);
  const meter = new QueryMeter();
  const metered = store.db.withPlugin(meter);
  // Transactions counted as they are begun: their begin and commit go past the plugin.
  const db = new Proxy(metered, {
    get(target, property, receiver) {
      if (property === 'transaction' && meter.current) meter.current.transactions += 1;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const pack = loadPolicy('islington');
  const sourcing = new Map<string, Phase & { listed: number }>();
  let now = DAY_START;
  const clock = { now: () => now };
  const context: FlowContext = { db, pack, calendar: calendarOf(pack), clock };
  const providers = sweepProviders(
    context,
    reminderSources(context).map((source) => ({
      name: source.name,
      reminders: async (...args: Parameters<typeof source.reminders>) => {
        const phase = sourcing.get(source.name) ?? sourcing.set(source.name, { ...newPhase(), listed: 0 }).get(source.name)!;
        const listed = await measure(meter, phase, () => source.reminders(...args));
        phase.listed += listed.length;
        return listed;
      },
    })),
  );
  const listing = new Map<string, Phase>();
  const applying = new Map<string, Phase>();
  const items = new Map<string, number>();
  const sweeping = newPhase();
  const wrapped: DueProvider[] = providers.map((provider) => {
    const due = listing.set(provider.name, newPhase()).get(provider.name)!;
    const apply = applying.set(provider.name, newPhase()).get(provider.name)!;
    const wrap: DueProvider = {
      name: provider.name,
      due: async (database, at) => {
        const found = await measure(meter, due, () => provider.due(database, at));
        items.set(provider.name, (items.get(provider.name) ?? 0) + found.length);
        return found;
      },
      // What the sweeper does with a batch, timed: the provider's own applyMany, or each item in turn.
      applyMany: (trx, batch, at) =>
        measure(meter, apply, async () => {
          if (provider.applyMany) await provider.applyMany(trx, batch, at);
          else for (const item of batch) await item.apply(trx, at);
        }),
    };
    if (provider.anyDue) wrap.anyDue = provider.anyDue;
    if (provider.settled) wrap.settled = (keys) => provider.settled!(keys);
    return wrap;
  });
  const sweeper = new Sweeper(db, clock, wrapped);
  const perSweep: number[] = [];
  for (; now < DAY_END; now = new Date(now.getTime() + 60_000)) {
    const began = performance.now();
    await measure(meter, sweeping, () => sweeper.sweepOnce());
    perSweep.push(performance.now() - began);
  }
  const queued = Number((await sql<{ n: string }>`select count(*) n from outbox`.execute(store.db)).rows[0]!.n);
  await store.close();
  // The sources' phases are inside the reminders' listing: their time is counted there, their queries here.
  const phases = [...listing.values(), ...applying.values(), ...sourcing.values(), sweeping];
  const total = (field: 'queries' | 'dbMs') => phases.reduce((sum, p) => sum + p[field], 0);
  const lines = [
    `### ${databaseName}: ${sweeping.calls} sweeps in ${(sweeping.ms / 1000).toFixed(2)} s, ${queued} messages queued; ${total('queries')} queries (the database ${(total('dbMs') / 1000).toFixed(2)} s); Node's CPU ${(sweeping.cpuMs / 1000).toFixed(2)} s`,
    '',
    '| provider | phase | calls | items | time | queries | database | Node CPU |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const row = (name: string, what: string, p: Phase, count: string) =>
    `| ${name} | ${what} | ${p.calls} | ${count} | ${(p.ms / 1000).toFixed(2)} s | ${p.queries} | ${(p.dbMs / 1000).toFixed(2)} s | ${(p.cpuMs / 1000).toFixed(2)} s |`;
  for (const provider of providers) {
    lines.push(row(provider.name, 'due()', listing.get(provider.name)!, String(items.get(provider.name) ?? 0)));
    lines.push(row(provider.name, 'apply()', applying.get(provider.name)!, ''));
  }
  const inner = (field: 'ms' | 'cpuMs') => [...listing.values(), ...applying.values()].reduce((sum, p) => sum + p[field], 0);
  lines.push(
    row('the sweeper', 'claims, lookups, begin and commit', { ...sweeping, ms: sweeping.ms - inner('ms'), cpuMs: sweeping.cpuMs - inner('cpuMs') }, '').replace(
      `| ${sweeping.queries} |`,
      `| ${sweeping.queries} + ${sweeping.transactions} transactions |`,
    ),
  );
  for (const [name, phase] of sourcing) lines.push(row(`(reminders from ${name})`, 'listing', phase, String(phase.listed)));
  const sorted = [...perSweep].sort((a, b) => a - b);
  const busy = perSweep.map((ms, index) => ({ ms, index })).filter(({ ms }) => ms > 1_000);
  lines.push(
    '',
    `Sweeps: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, 90th ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)} ms; over 1 s: ${busy
      .map(({ ms, index }) => `${new Date(DAY_START.getTime() + index * 60_000).toISOString().slice(11, 16)} ${(ms / 1000).toFixed(1)} s`)
      .join(
        ', ',
      )}; the other ${perSweep.length - busy.length} together ${(perSweep.filter((ms) => ms <= 1_000).reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s`,
  );
  return lines.join('\n');
}

const only = process.env.BENCH_DB;
for (const database of databases) if (!only || only === database.name) console.log(`${await profile(database.name)}\n`);
