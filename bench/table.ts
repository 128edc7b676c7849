// What every database bench prints around its table: the machine's load before and after (the machines are
// shared: a figure is read beside its load), and the databases it runs on (BENCH_DB picks one).
import { loadavg } from 'node:os';
import { databases } from '../test/support/databases.js';

export const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');

/** The heading, the load before and the table's head, for `columns`. */
export function benchHead(title: string, columns: string[]): string[] {
  return [`## ${title}`, '', `Load average before: ${loadAverage()}`, '', `| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
}

export const benchFoot = (): string[] => ['', `Load average after: ${loadAverage()}`];

/** The databases to measure: both, or the one BENCH_DB names. */
export const benchDatabases = () => databases.filter((candidate) => !process.env.BENCH_DB || candidate.name === process.env.BENCH_DB);
