// `supervision-bot serve` (npm start): reads the environment and starts the server.
import { readSettings, SettingsError } from '../config/env.js';
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
  const { url } = await startServer(settings, store);
  const where = settings.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${settings.store.dataDir}`;
  io.out(`supervision-bot is running with policy '${settings.policy}' and ${where}: ${url}/healthz`);
  io.out('Chat channels (Teams, Slack) and the playground are not built yet; see the README.');
  await new Promise<void>(() => {});
  return 0;
}
