// `supervision-bot serve` (npm start): reads the environment, migrates the database, starts the
// server (Teams, Slack, the playground, health) with its sweeper and outbox dispatcher, and stops
// them cleanly on SIGINT or SIGTERM.
import { readSettings, SettingsError } from '../config/env.js';
import { AdjustableClock } from '../playground/clock.js';
import { systemClock } from '../ports/clock.js';
import { createLogger } from '../ports/logger.js';
import { startServer } from '../server.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, StoreOpenError, type Store } from '../store/open.js';
import type { CommandIo } from './io.js';
import { parseOptions } from './usage.js';

export async function serveCommand(args: string[], io: CommandIo): Promise<number> {
  parseOptions('serve', args, {});
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      io.err(`supervision-bot: cannot start: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger();
  let store: Store;
  try {
    store = await openStore(settings.store, { logger });
  } catch (error) {
    // One line the operator can act on (which setting, which folder), not a stack trace.
    if (error instanceof StoreOpenError) {
      io.err(`supervision-bot: cannot start: ${error.message}`);
      return 1;
    }
    throw error;
  }
  await migrateToLatest(store.db);
  const clock = settings.playground.timeTravel ? new AdjustableClock() : systemClock;
  const running = await startServer(settings, store, { clock, logger, background: true });
  const where = settings.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${settings.store.dataDir}`;
  io.out(`supervision-bot is running with policy '${settings.policy}' and ${where}: ${running.url}/healthz`);
  for (const line of running.mounted) io.out(`- ${line}`);
  if (running.playgroundUrl) io.out(`\nOpen the playground: ${running.playgroundUrl}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  io.out('Stopping: finishing the current sweep and deliveries.');
  await running.close();
  await store.close();
  return 0;
}
