// The supervision line after an import, the file's rows over the directory as it stands: every
// supervisor has a role that can supervise, and nobody is above themselves.
import { SUPERVISING_ROLES } from '../flows/context.js';
import type { DirectoryRole } from '../store/schema.js';
import type { CurrentDirectory } from './current.js';
import type { DirectoryRow, RowProblem } from './rows.js';

const canSupervise = (role: DirectoryRole) => SUPERVISING_ROLES.includes(role);

export function checkSupervisionLine(rows: DirectoryRow[], current: CurrentDirectory): RowProblem[] {
  const problems: RowProblem[] = [];
  const inFile = new Map<string, DirectoryRow>();
  for (const row of rows) if (!inFile.has(row.email)) inFile.set(row.email, row);
  const roleOf = (email: string) => inFile.get(email)?.role ?? current.people.get(email)?.role;
  /** Who supervises `email` once the file is in: the file's supervisor if it names one, otherwise the current one. */
  const supervisorOf = (email: string): string | undefined => {
    const row = inFile.get(email);
    if (row?.supervisor !== undefined) return row.supervisor;
    const supervisorId = current.people.get(email)?.supervisorId;
    return supervisorId ? current.byId.get(supervisorId)?.email : undefined;
  };
  // Rows whose supervisor is themselves or unknown are reported by checkDirectoryRows.
  const supervised = rows.filter((row) => row.supervisor !== undefined && row.supervisor !== row.email && roleOf(row.supervisor) !== undefined);

  for (const row of supervised) {
    const role = roleOf(row.supervisor!)!;
    if (!canSupervise(role)) {
      problems.push({
        line: row.line,
        field: 'supervisor',
        message: `${row.supervisor} has the role '${role}'; a supervisor is a ${SUPERVISING_ROLES.slice(0, -1).join(', ')} or ${SUPERVISING_ROLES.at(-1)}`,
      });
    }
  }

  // A supervisor given a role that cannot supervise leaves behind whoever the file does not move.
  for (const row of rows) {
    const person = current.people.get(row.email);
    if (!person || canSupervise(row.role)) continue;
    const left = [...current.people.values()]
      .filter((supervisee) => supervisee.supervisorId === person.id && inFile.get(supervisee.email)?.supervisor === undefined)
      .map((supervisee) => supervisee.email)
      .sort();
    if (left.length === 0) continue;
    problems.push({
      line: row.line,
      field: 'role',
      message: `${row.email} still supervises ${left.join(', ')}, and '${row.role}' cannot supervise; give ${left.length === 1 ? left[0] : 'each of them'} another supervisor in this file first`,
    });
  }

  for (const row of supervised) {
    const chain = [row.email];
    const seen = new Set(chain);
    for (let above = supervisorOf(row.email); above !== undefined; above = supervisorOf(above)) {
      chain.push(above);
      if (above === row.email) {
        problems.push({ line: row.line, field: 'supervisor', message: `makes a supervision loop: ${chain.join(' → ')}` });
        break;
      }
      // A loop above this row that does not come back to it is reported on its own rows.
      if (seen.has(above)) break;
      seen.add(above);
    }
  }
  return problems;
}
