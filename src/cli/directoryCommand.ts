// `supervision-bot directory import FILE [--dry-run] [--reassign-identities]`
import { importDirectory } from '../directory/importDirectory.js';
import { systemClock } from '../ports/clock.js';
import { importFile } from './fileImport.js';
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
  return importFile(
    'directory import',
    file,
    io,
    ({ db, pack, text }) =>
      importDirectory({
        db,
        pack,
        fileName: file,
        text,
        now: systemClock.now(),
        dryRun: values['dry-run'] ?? false,
        reassignIdentities: values['reassign-identities'] ?? false,
      }),
    (result) => {
      const verb = values['dry-run'] ? 'Would import' : 'Imported';
      const counts = `${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged`;
      const moved = result.identitiesMoved;
      const moves =
        moved === 0 ? '' : `; ${moved} chat ${moved === 1 ? 'identity' : 'identities'} ${values['dry-run'] ? 'would move' : 'moved (see the audit log)'}`;
      return `${verb} ${file}: ${counts}${moves}.`;
    },
  );
}
