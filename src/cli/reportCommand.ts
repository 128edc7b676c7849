// `supervision-bot report --month YYYY-MM [--team NAME] [--format csv|json|html] [--out FILE]`: the month's
// scheduled supervision on the configured store (src/reports). A bad --month, --format or unknown --team
// exits 2 naming the argument, with nothing written.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadPolicy } from '../config/policyFiles.js';
import { calendarOf } from '../domain/policy/calendarOf.js';
import { toYmd } from '../domain/time/localDate.js';
import { today } from '../flows/format.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { produceReport, REPORT_FORMATS, type ReportFormat } from '../reports/produce.js';
import { parseMonth, UnknownTeamError, type ReportMonth } from '../reports/scheduled.js';
import { migrateToLatest } from '../store/migrate.js';
import { openStore } from '../store/open.js';
import type { CommandIo } from './io.js';
import { argument, commandSettings, oneOf, parseOptions, UsageError } from './usage.js';

const COMMAND = 'report';

const monthArgument = z.string({ error: 'is required, as YYYY-MM (e.g. 2026-08)' }).transform((value, context) => {
  const month = parseMonth(value);
  if (!month) {
    context.addIssue({ code: 'custom', message: `'${value}' is not a month; give YYYY-MM (e.g. 2026-08)` });
    return z.NEVER;
  }
  return month;
});

export async function reportCommand(args: string[], io: CommandIo, clock: Clock = systemClock): Promise<number> {
  const { values } = parseOptions(COMMAND, args, { month: { type: 'string' }, team: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
  const month: ReportMonth = argument(COMMAND, 'month', monthArgument, values.month);
  const format = argument(COMMAND, 'format', oneOf(REPORT_FORMATS), values.format ?? 'csv') as ReportFormat;
  const team = values.team === undefined ? undefined : argument(COMMAND, 'team', z.string().trim().min(1, { error: 'needs a team name' }), values.team);
  const now = clock.now();
  const settings = commandSettings(COMMAND);
  const pack = loadPolicy(settings.policy);
  const calendar = calendarOf(pack);
  // A month not begun in the organisation's time zone has nothing to count.
  const thisMonth = toYmd(today(now, calendar));
  if (month.year * 12 + month.month > thisMonth.year * 12 + thisMonth.month) throw new UsageError(`${COMMAND}: --month ${values.month} has not begun`);
  const store = await openStore(settings.store);
  try {
    await migrateToLatest(store.db);
    let text: string;
    try {
      ({ text } = await produceReport(
        { db: store.db, pack, calendar, clock: { now: () => now } },
        { month, format, now, actorId: null, via: 'cli', ...(team !== undefined ? { teamName: team } : {}) },
      ));
    } catch (error) {
      if (error instanceof UnknownTeamError) throw new UsageError(`${COMMAND}: --team ${error.message}`);
      throw error;
    }
    if (values.out === undefined) io.out(text.replace(/\n$/, ''));
    else {
      try {
        writeFileSync(values.out, text);
      } catch (error) {
        throw new UsageError(`${COMMAND}: --out cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      io.out(`Wrote the ${format.toUpperCase()} report for ${values.month} to ${values.out}.`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
