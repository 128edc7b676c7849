// `supervision-bot directory import FILE [--dry-run] [--reassign-identities]`
import { readFileSync } from 'node:fs';
import { loadPolicy } from '../config/policyFiles.js';
import { readSettings, SettingsError } from '../config/env.js';
import { importDirectory } from '../directory/importDirectory.js';
import { systemClock } from '../ports/clock.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIo } from './io.js';
import { parseOptions, UsageError } from './usage.js';

export async function directoryCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'import') throw new UsageError(`directory: '${action ?? ''}' is not a directory command; allowed: import`);
  const { values, positionals } = parseOptions(
    'directory import',
    rest,
    // A chat id moves from one person to another only when the administrator says so: it decides who acts as whom.
    { 'dry-run': { type: 'boolean' }, 'reassign-identities': { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('directory import: give one FILE (.csv, .yaml or .yml)');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`directory import: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`directory import: ${error.message}`);
    throw error;
  }
  const store = await openStore(settings.store);
  try {
    await migrateToLatest(store.db);
    const result = await importDirectory({
      db: store.db,
      pack: loadPolicy(settings.policy),
      fileName: file,
      text,
      now: systemClock.now(),
      dryRun: values['dry-run'] ?? false,
      reassignIdentities: values['reassign-identities'] ?? false,
    });
    if (!result.ok) {
      for (const problem of result.problems) {
        io.err(`${file}${problem.line ? `:${problem.line}` : ''}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
      }
      io.err(`Nothing was imported: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix first.`);
      return 1;
    }
    const verb = values['dry-run'] ? 'Would import' : 'Imported';
    const counts = `${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged`;
    const moved = result.identitiesMoved;
    const moves =
      moved === 0 ? '' : `; ${moved} chat ${moved === 1 ? 'identity' : 'identities'} ${values['dry-run'] ? 'would move' : 'moved (see the audit log)'}`;
    io.out(`${verb} ${file}: ${counts}${moves}.`);
    return 0;
  } finally {
    await store.close();
  }
}
