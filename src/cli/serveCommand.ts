// `supervision-bot serve` (npm start): reads the environment, migrates the database, starts the
// server (Teams, Slack, health), the sweeper and the outbox dispatcher, and stops them cleanly on
// SIGINT or SIGTERM.
import { hostname } from 'node:os';
import { readSettings, SettingsError } from '../config/env.js';
import { notifyAdminsOfFailure } from '../delivery/adminNotice.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import { MessengerByPlatform } from '../delivery/messenger.js';
import { Sweeper, type DueProvider } from '../delivery/sweeper.js';
import { systemClock } from '../ports/clock.js';
import { createLogger } from '../ports/logger.js';
import { startServer } from '../server.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
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
  const store = await openStore(settings.store);
  await migrateToLatest(store.db);
  const running = await startServer(settings, store, { clock: systemClock, logger });
  const where = settings.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${settings.store.dataDir}`;
  io.out(`supervision-bot is running with policy '${settings.policy}' and ${where}: ${running.url}/healthz`);
  for (const line of running.mounted) io.out(`- ${line}`);

  // The flows register their due providers (escalations, reminders) as they arrive.
  const providers: DueProvider[] = [];
  const sweeper = new Sweeper(store.db, systemClock, providers, logger);
  sweeper.start(60_000);
  const dispatcher = new Dispatcher({
    db: store.db,
    messenger: new MessengerByPlatform(running.messengers),
    clock: systemClock,
    id: `${hostname()}:${process.pid}`,
    platforms: Object.keys(running.messengers),
    onFailed: notifyAdminsOfFailure,
    logger,
  });
  dispatcher.start(1_000);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping: finishing the current sweep and deliveries.');
  await Promise.all([sweeper.stop(), dispatcher.stop()]);
  await running.close();
  await store.close();
  return 0;
}
