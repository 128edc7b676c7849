// Where the Cumberland day's busiest sweep goes (bench/caseSweep.ts's population), in the day as the sweeper
// lives it: every minute from 07:00 to 09:00 (inclusive), each provider's listing and applying timed inside
// the same Sweeper that runs the day, so the 09:00 sweep can be read beside bench/caseSweepProfile.ts's
// providers measured alone. `npx tsx bench/caseDayProfile.ts` (BENCH_DB=PostgreSQL or PGlite; PEOPLE=N).
import { performance } from 'node:perf_hooks';
import { Sweeper, type DueProvider } from '../src/delivery/sweeper.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { sweepProviders } from '../src/flows/sweepProviders.js';
import { seedCumberland } from './caseSweep.js';
import { benchDatabases } from './table.js';

const people = Number(process.env.PEOPLE ?? 50_000);
const pack = loadPolicy('cumberland');
for (const database of benchDatabases()) {
  const store = await database.open();
  await seedCumberland(store.db, people);
  let now = new Date('2026-12-08T07:00:00Z');
  const clock = { now: () => now };
  const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock };
  const spent = new Map<string, { listed: number; applied: number; items: number }>();
  const timed = (provider: DueProvider): DueProvider => ({
    ...provider,
    async due(db, at) {
      const began = performance.now();
      const items = await provider.due(db, at);
      const entry = spent.get(provider.name) ?? { listed: 0, applied: 0, items: 0 };
      entry.listed += performance.now() - began;
      entry.items += items.length;
      spent.set(provider.name, entry);
      // A provider that applies a batch itself knows its items by identity: they are left as they are.
      if (provider.applyMany) return items;
      return items.map((item) => ({
        ...item,
        async apply(trx, when) {
          const start = performance.now();
          await item.apply(trx, when);
          spent.get(provider.name)!.applied += performance.now() - start;
        },
      }));
    },
    ...(provider.applyMany
      ? {
          async applyMany(trx, items, when) {
            const start = performance.now();
            await provider.applyMany!(trx, items, when);
            spent.get(provider.name)!.applied += performance.now() - start;
          },
        }
      : {}),
  });
  const sweeper = new Sweeper(store.db, clock, sweepProviders(context).map(timed));
  for (; now <= new Date('2026-12-08T09:00:00Z'); now = new Date(now.getTime() + 60_000)) {
    spent.clear();
    const began = performance.now();
    const result = await sweeper.sweepOnce();
    const ms = performance.now() - began;
    if (ms > 500 || now.toISOString().endsWith('09:00:00.000Z'))
      console.log(
        `${database.name} ${now.toISOString().slice(11, 16)}: ${(ms / 1000).toFixed(2)} s, ${result.applied} applied, ${result.skipped} skipped; ` +
          [...spent]
            .filter(([, entry]) => entry.listed + entry.applied > 50)
            .map(([name, entry]) => `${name} ${entry.items} listed ${(entry.listed / 1000).toFixed(2)} s applied ${(entry.applied / 1000).toFixed(2)} s`)
            .join('; '),
      );
  }
  await store.close();
}
