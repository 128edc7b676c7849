// What `directory import` and `cases import` share: the file read, the settings, the store opened and
// brought up to date, and a refusal printed as `file:line: field: problem`, one a line (exit 1).
import { readFileSync } from 'node:fs';
import { loadPolicy } from '../config/policyFiles.js';
import type { PolicyPack } from '../domain/policy/schema.js';
import type { RowProblem } from '../directory/rows.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore, type Store } from '../store/open.js';
import type { CommandIo } from './io.js';
import { commandSettings, UsageError } from './usage.js';

export async function importFile<T extends { ok: true }>(
  command: string,
  file: string,
  io: CommandIo,
  run: (input: { db: Store['db']; pack: PolicyPack; text: string }) => Promise<T | { ok: false; problems: RowProblem[] }>,
  imported: (result: T) => string,
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${command}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const settings = commandSettings(command);
  const store = await openStore(settings.store);
  try {
    await migrateToLatest(store.db);
    const result = await run({ db: store.db, pack: loadPolicy(settings.policy), text });
    if (!result.ok) {
      for (const problem of result.problems) {
        io.err(`${file}${problem.line ? `:${problem.line}` : ''}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
      }
      io.err(`Nothing was imported: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} to fix first.`);
      return 1;
    }
    io.out(imported(result));
    return 0;
  } finally {
    await store.close();
  }
}
