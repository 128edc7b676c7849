// `supervision-bot cases import FILE [--dry-run]`: the full list of open cases, with their category and
// allocated worker (src/cases/importCases.ts). All rows or none.
import { readFileSync } from 'node:fs';
import { loadPolicy } from '../config/policyFiles.js';
import { readSettings, SettingsError } from '../config/env.js';
import { importCases } from '../cases/importCases.js';
import { systemClock } from '../ports/clock.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIo } from './io.js';
import { parseOptions, UsageError } from './usage.js';

export async function casesCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'import') throw new UsageError(`cases: '${action ?? ''}' is not a cases command; allowed: import`);
  const { values, positionals } = parseOptions('cases import', rest, { 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('cases import: give one FILE (.csv)');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cases import: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`cases import: ${error.message}`);
    throw error;
  }
  const store = await openStore(settings.store);
  try {
    await migrateToLatest(store.db);
    const result = await importCases({
      db: store.db,
      pack: loadPolicy(settings.policy),
      fileName: file,
      text,
      now: systemClock.now(),
      dryRun: values['dry-run'] ?? false,
    });
    if (!result.ok) {
      for (const problem of result.problems) {
        io.err(`${file}${problem.line ? `:${problem.line}` : ''}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
      }
      io.err(`Nothing was imported: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix first.`);
      return 1;
    }
    const verb = values['dry-run'] ? 'Would import' : 'Imported';
    io.out(`${verb} ${file}: ${result.opened} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.closed} closed (not in the file).`);
    return 0;
  } finally {
    await store.close();
  }
}
