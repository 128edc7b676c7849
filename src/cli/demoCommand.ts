// `supervision-bot demo seed [--months N] [--seed N]`: the playground's demo organisation and N months of
// history (src/playground/demoHistory.ts) written into the configured store, so the report has something
// to show. Only into an empty directory: a store with people in it is refused (exit 2), nothing written.
import { z } from 'zod';
import { loadPolicy } from '../config/policyFiles.js';
import { DEMO_HISTORY_DEFAULTS } from '../playground/demoHistory.js';
import { seedDemoDirectory } from '../playground/demo.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIo } from './io.js';
import { argument, commandSettings, parseOptions, UsageError } from './usage.js';

const COMMAND = 'demo seed';
const MAX_MONTHS = 24;

const whole = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number${what}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be ${min} to ${max}` })
        .max(max, { error: `must be ${min} to ${max}` }),
    );

export async function demoCommand(args: string[], io: CommandIo, clock: Clock = systemClock): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'seed') throw new UsageError(`demo: '${action ?? ''}' is not a demo command; allowed: seed`);
  const { values } = parseOptions(COMMAND, rest, { months: { type: 'string' }, seed: { type: 'string' } });
  const months =
    values.months === undefined ? DEMO_HISTORY_DEFAULTS.months : argument(COMMAND, 'months', whole(`, 1 to ${MAX_MONTHS}`, 1, MAX_MONTHS), values.months);
  const seed = values.seed === undefined ? DEMO_HISTORY_DEFAULTS.seed : argument(COMMAND, 'seed', whole('', 0, 2 ** 32 - 1), values.seed);
  const settings = commandSettings(COMMAND);
  const pack = loadPolicy(settings.policy);
  const store = await openStore(settings.store);
  try {
    await migrateToLatest(store.db);
    const summary = await seedDemoDirectory(store.db, pack, clock.now(), { months, seed });
    if (!summary) throw new UsageError(`${COMMAND}: the store already has a directory; the demo is written only into an empty one`);
    io.out(
      `Wrote the demo organisation (the ${pack.id} pack) with ${months} months of history from seed ${seed}: ` +
        `${summary.onTime} sessions held on time, ${summary.late} late, ${summary.missed} missed, ${summary.leaves} leave; ` +
        `${summary.triggers} triggers answered (${summary.escalated} escalated); ${summary.recordsOnTime} records on time, ${summary.recordsLate} late, ` +
        `${summary.actions} actions; ${summary.groupSessions} group session${summary.groupSessions === 1 ? '' : 's'} held, ${summary.groupAttended} of ${summary.groupPlaces} places attended` +
        `${summary.groupNext ? `, the next booked for ${summary.groupNext}` : ''}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
