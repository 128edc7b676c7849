// Where a click of "upcoming" goes, in process (no HTTP): the flow (its query and the policy engine) and the
// card's rendering, against "home", CPU per click over N clicks. `npx tsx bench/upcomingProfile.ts`
// (BENCH_DB=PostgreSQL or PGlite; BENCH_POLICY, cafcass by default, as bench/chat.ts).
import { performance } from 'node:perf_hooks';
import { importDirectory } from '../src/directory/importDirectory.js';
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import { renderCard } from '../src/cards/render.js';
import { runAction } from '../src/flows/router.js';
import type { FlowContext } from '../src/flows/context.js';
import { directoryCsv } from '../test/support/botServer.js';
import { databases } from '../test/support/databases.js';

const N = Number(process.env.BENCH_CLICKS ?? 2000);
const policy = process.env.BENCH_POLICY ?? 'cafcass';
for (const database of databases.filter((candidate) => !process.env.BENCH_DB || candidate.name === process.env.BENCH_DB)) {
  const store = await database.open();
  const pack = loadPolicy(policy);
  const now = new Date('2026-11-23T10:00:00Z');
  await importDirectory({ db: store.db, pack, fileName: 'staff.csv', text: directoryCsv, now });
  const context = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => new Date() } } as FlowContext;
  const person = await store.db.selectFrom('person').selectAll().where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
  for (const verb of ['home', 'upcoming', 'home', 'upcoming']) {
    let flowCpu = 0;
    let renderCpu = 0;
    const began = performance.now();
    for (let i = 0; i < N; i++) {
      const cpu = process.cpuUsage();
      const result = await runAction(context, person, verb, {}, undefined);
      const mid = process.cpuUsage(cpu);
      flowCpu += (mid.user + mid.system) / 1000;
      const cpu2 = process.cpuUsage();
      renderCard(result.view);
      const end = process.cpuUsage(cpu2);
      renderCpu += (end.user + end.system) / 1000;
    }
    console.log(
      `${database.name} ${verb}: wall ${((performance.now() - began) / N).toFixed(3)} ms, flow CPU ${(flowCpu / N).toFixed(3)} ms, render CPU ${(renderCpu / N).toFixed(3)} ms`,
    );
  }
  await store.close();
}
