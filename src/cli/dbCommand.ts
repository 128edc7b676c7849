// `supervision-bot db migrate`: bring the database (DATABASE_URL, or PGlite in DATA_DIR) up to date.
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIo } from './io.js';
import { commandSettings, parseOptions, UsageError } from './usage.js';

export async function dbCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'migrate') throw new UsageError(`db: '${action ?? ''}' is not a db command; allowed: migrate`);
  parseOptions('db migrate', rest, {});
  const settings = commandSettings('db migrate');
  const store = await openStore(settings.store);
  try {
    const results = await migrateToLatest(store.db);
    io.out(results.length === 0 ? 'The database is up to date.' : results.map((result) => `${result.migrationName}: ${result.status}`).join('\n'));
    return 0;
  } finally {
    await store.close();
  }
}
