// `supervision-bot serve` (npm start): reads the environment, migrates the database, starts the
// server, the sweeper and the outbox dispatcher, and stops them cleanly on SIGINT or SIGTERM.
import { hostname } from 'node:os';
import { readSettings, SettingsError } from '../config/env.js';
import { notifyAdminsOfFailure } from '../delivery/adminNotice.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import { MessengerByPlatform, type Messenger } from '../delivery/messenger.js';
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
  const store = await openStore(settings.store);
  await migrateToLatest(store.db);
  const { server, url } = await startServer(settings, store);
  const where = settings.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${settings.store.dataDir}`;
  io.out(`supervision-bot is running with policy '${settings.policy}' and ${where}: ${url}/healthz`);

  // Channels register their messengers and the flows their due providers as they arrive.
  const messengers: Record<string, Messenger> = {};
  const providers: DueProvider[] = [];
  const logger = createLogger();
  const sweeper = new Sweeper(store.db, systemClock, providers, logger);
  sweeper.start(60_000);
  const platforms = Object.keys(messengers);
  const dispatcher = new Dispatcher({
    db: store.db,
    messenger: new MessengerByPlatform(messengers),
    clock: systemClock,
    id: `${hostname()}:${process.pid}`,
    platforms,
    onFailed: notifyAdminsOfFailure,
    logger,
  });
  if (platforms.length > 0) dispatcher.start(1_000);
  io.out(
    platforms.length > 0
      ? `Delivering messages to: ${platforms.join(', ')}.`
      : 'No chat channel is configured yet (Teams and Slack come with the chat-surface issue): messages wait in the outbox.',
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping: finishing the current sweep and deliveries.');
  await Promise.all([sweeper.stop(), dispatcher.stop()]);
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  return 0;
}
