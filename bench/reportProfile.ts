// Where the month's oversight report for 50,000 people spends its time (bench/report.ts's store): each part
// of it timed alone, for everyone (PostgreSQL only) and for the team of 12. `npx tsx bench/reportProfile.ts`
// (BENCH_DB=PGlite for the team on PGlite).
import { performance } from 'node:perf_hooks';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { recordsReport } from '../src/reports/records.js';
import { scheduledReport } from '../src/reports/scheduled.js';
import { situationalReport } from '../src/reports/situational.js';
import { viewedReport } from '../src/reports/viewed.js';
import { seedCumberland } from './caseSweep.js';
import { benchPack, seedTeams } from './report.js';
import { databases } from '../test/support/databases.js';

const MONTH = { year: 2026, month: 11 };
const NOW = new Date('2026-12-08T09:00:00Z');
const database = databases.find((one) => one.name === (process.env.BENCH_DB ?? 'PostgreSQL'))!;
const store = await database.open();
await seedCumberland(store.db, 50_000);
const teamId = await seedTeams(store.db);
const pack = benchPack();
const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => NOW } };
const parts = {
  scheduled: (teamIds?: string[]) => scheduledReport(context, { month: MONTH, now: NOW, ...(teamIds ? { teamIds } : {}) }),
  situational: (teamIds?: string[]) => situationalReport(context, { month: MONTH, now: NOW, ...(teamIds ? { teamIds } : {}) }),
  records: (teamIds?: string[]) => recordsReport(context, { month: MONTH, now: NOW, ...(teamIds ? { teamIds } : {}) }),
  viewed: (teamIds?: string[]) => viewedReport(context, { month: MONTH, now: NOW, ...(teamIds ? { teamIds } : {}) }),
};
for (const [who, teamIds] of [...(database.name === 'PostgreSQL' ? [['everyone', undefined] as const] : []), ['team of 12', [teamId]] as const])
  for (const [name, part] of Object.entries(parts)) {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const began = performance.now();
      await part(teamIds ? [...teamIds] : undefined);
      times.push(performance.now() - began);
    }
    console.log(`${who} ${name}: ${times.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  }
await store.close();
