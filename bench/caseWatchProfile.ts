// Where the cadence watch's look goes on bench/caseSweep.ts's population: the people's schedules, the cases'
// query and their due dates. `npx tsx bench/caseWatchProfile.ts` (BENCH_DB=PostgreSQL or PGlite).
import { performance } from 'node:perf_hooks';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { cadenceWatchProvider } from '../src/flows/cadenceWatch.js';
import { caseDue, openCases } from '../src/flows/caseCadence.js';
import { duesOfMany } from '../src/flows/schedule.js';
import { today } from '../src/flows/format.js';
import { formatIsoDate } from '../src/domain/time/localDate.js';
import { databases } from '../test/support/databases.js';
import { seedCumberland } from './caseSweep.js';

const pack = loadPolicy('cumberland');
for (const database of databases.filter((candidate) => !process.env.BENCH_DB || candidate.name === process.env.BENCH_DB)) {
  const store = await database.open();
  await seedCumberland(store.db, Number(process.env.BENCH_PEOPLE ?? 50_000));
  const now = new Date('2026-12-08T09:00:00Z');
  const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => now } };
  const day = today(now, context.calendar);
  for (let round = 0; round < 2; round++) {
    const lap = (() => {
      let last = performance.now();
      return (label: string) => {
        const at = performance.now();
        console.log(`${database.name} ${label}: ${(at - last).toFixed(0)} ms`);
        last = at;
      };
    })();
    const people = await store.db
      .selectFrom('person')
      .select(['id', 'cohort', 'start_date', 'created_at', 'held_before', 'counted_from', 'display_name'])
      .where('cohort', 'is not', null)
      .execute();
    lap('people');
    await duesOfMany(context, people, day, 0);
    lap('duesOfMany');
    const cases = await openCases(store.db, { notAwayOn: formatIsoDate(day) });
    lap(`openCases (${cases.length})`);
    let overdue = 0;
    for (const openCase of cases) if (caseDue(context, openCase, day, 0)?.overdueSince !== undefined) overdue++;
    lap(`caseDue (${overdue} overdue)`);
    const items = await cadenceWatchProvider(context).due(store.db, now);
    lap(`whole look (${items.length})`);
  }
  await store.close();
}
