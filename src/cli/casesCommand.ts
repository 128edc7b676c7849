// `supervision-bot cases import FILE [--dry-run]`: the full list of open cases, with their category and
// allocated worker (src/cases/importCases.ts). All rows or none.
import { importCases } from '../cases/importCases.js';
import { systemClock } from '../ports/clock.js';
import { importFile } from './fileImport.js';
import type { CommandIo } from './io.js';
import { parseOptions, UsageError } from './usage.js';

export async function casesCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'import') throw new UsageError(`cases: '${action ?? ''}' is not a cases command; allowed: import`);
  const { values, positionals } = parseOptions('cases import', rest, { 'dry-run': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('cases import: give one FILE (.csv)');
  const file = positionals[0]!;
  const dryRun = values['dry-run'] ?? false;
  return importFile(
    'cases import',
    file,
    io,
    ({ db, pack, text }) => importCases({ db, pack, fileName: file, text, now: systemClock.now(), dryRun }),
    (result) =>
      `${dryRun ? 'Would import' : 'Imported'} ${file}: ${result.opened} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.closed} closed (not in the file).`,
  );
}
