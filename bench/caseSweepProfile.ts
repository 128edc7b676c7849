// Where the Cumberland case scenario's 09:00 sweep goes (bench/caseSweep.ts's population): each provider the
// server has, alone, timed listing what is due and applying it. `npx tsx bench/caseSweepProfile.ts`
// (BENCH_DB=PostgreSQL or PGlite; PEOPLE=N for a smaller population).
import { performance } from 'node:perf_hooks';
import { Sweeper } from '../src/delivery/sweeper.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { sweepProviders } from '../src/flows/sweepProviders.js';
import { databases } from '../test/support/databases.js';
import { seedCumberland } from './caseSweep.js';

const only = process.env.BENCH_DB;
const people = Number(process.env.PEOPLE ?? 50_000);
const pack = loadPolicy('cumberland');
for (const database of databases.filter((candidate) => !only || candidate.name === only)) {
  const store = await database.open();
  await seedCumberland(store.db, people);
  const at = new Date('2026-12-08T09:00:00Z');
  const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => at } };
  for (const provider of sweepProviders(context)) {
    const began = performance.now();
    const due = await provider.due(store.db, at);
    const listed = performance.now() - began;
    const applying = performance.now();
    const result = await new Sweeper(store.db, { now: () => at }, [{ ...provider, due: async () => due }]).sweepOnce();
    console.log(
      `${database.name} ${provider.name}: ${due.length} due, listed ${(listed / 1000).toFixed(2)} s, applied ${result.applied} in ${((performance.now() - applying) / 1000).toFixed(2)} s`,
    );
  }
  await store.close();
}
