// A check, not a timing: the cadence watch's case query leaves out only cases that cannot be overdue. On
// bench/caseSweep.ts's population (5,000 people, 25,000 cases), for each day from 1 Dec 2026 to 31 Jan 2027
// (Christmas and New Year among them), the cases the watch tells are exactly those caseDue() finds overdue
// among every open case. `npx tsx bench/caseWatchCheck.ts`.
import { loadPolicy } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { FlowContext } from '../src/flows/context.js';
import { caseDue, caseOverdueItems, openCases } from '../src/flows/caseCadence.js';
import type { OverdueItem } from '../src/flows/cadenceWatch.js';
import { formatIsoDate, parseIsoDate } from '../src/domain/time/localDate.js';
import { databases } from '../test/support/databases.js';
import { seedCumberland } from './caseSweep.js';

const pack = loadPolicy('cumberland');
const store = await databases[0]!.open();
await seedCumberland(store.db, 5_000);
const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => new Date() } };
const all = await openCases(store.db, {});
let checked = 0;
for (let day = parseIsoDate('2026-12-01')!; day <= parseIsoDate('2027-01-31')!; day++) {
  const expected = new Set(all.filter((openCase) => caseDue(context, openCase, day, 0)?.overdueSince !== undefined).map((openCase) => openCase.case_reference));
  const told = new Set((await caseOverdueItems(context, store.db, day)).flatMap((item) => (item as OverdueItem).caseClaims!.map((claim) => claim.reference)));
  const missing = [...expected].filter((reference) => !told.has(reference));
  const extra = [...told].filter((reference) => !expected.has(reference));
  if (missing.length > 0 || extra.length > 0) throw new Error(`${formatIsoDate(day)}: ${missing.length} missing, ${extra.length} extra`);
  checked += expected.size;
}
console.log(`the same on every day: ${checked} overdue case-days among ${all.length} cases`);
await store.close();
