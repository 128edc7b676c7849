// `supervision-bot schedule`: the dates by which each supervision is due for one person (or case).
import { z } from 'zod';
import { loadPolicy, policyIds } from '../config/policyFiles.js';
import { calendarOf } from '../domain/policy/calendarOf.js';
import { citeSource } from '../domain/policy/cite.js';
import { supervisionKinds, type Cadence, type PolicyPack, type SupervisionKind } from '../domain/policy/schema.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { dueDates } from '../domain/schedule/cadence.js';
import { caseReviewSchedule, personSchedule, type ScheduledDue } from '../domain/schedule/schedule.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { CommandIo } from './io.js';
import { argument, oneOf, parseOptions, UsageError } from './usage.js';

const COMMAND = 'schedule';

const isoDate = z.string({ error: 'is required: a date, YYYY-MM-DD' }).transform((value, context) => {
  const day = parseIsoDate(value);
  if (day === undefined) {
    context.addIssue({ code: 'custom', message: `'${value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-23` });
    return z.NEVER;
  }
  return day;
});

export function scheduleCommand(args: string[], io: CommandIo): number {
  const { values } = parseOptions(COMMAND, args, {
    policy: { type: 'string' },
    cohort: { type: 'string' },
    'case-category': { type: 'string' },
    start: { type: 'string' },
    until: { type: 'string' },
    held: { type: 'string' },
    agreed: { type: 'string' },
    kind: { type: 'string' },
    json: { type: 'boolean' },
  });
  const policyId = argument(COMMAND, 'policy', oneOf(policyIds()), values.policy);
  const pack = loadPolicy(policyId);
  const start = argument(COMMAND, 'start', isoDate, values.start);
  const until = argument(COMMAND, 'until', isoDate, values.until);
  if (until < start) throw new UsageError(`${COMMAND}: --until ${formatIsoDate(until)} is before --start ${formatIsoDate(start)}; it must be on or after it`);
  if (until - start > 366 * 50) throw new UsageError(`${COMMAND}: --until is more than 50 years after --start; allowed: up to 50 years`);
  const agreed = values.agreed ? dateList('agreed', values.agreed) : undefined;
  const calendar = calendarOf(pack);

  let rows: ScheduledDue[];
  let title: string;
  if (values['case-category'] !== undefined) {
    if (values.cohort !== undefined) throw new UsageError(`${COMMAND}: give --cohort or --case-category, not both`);
    const categories = Object.keys(pack.caseCategories ?? {});
    const category = argument(COMMAND, 'case-category', oneOf(categories, `case categories of ${policyId}`), values['case-category']);
    const held = values.held ? heldList(values.held, ['case'], 'case').case : undefined;
    rows = caseReviewSchedule({ pack, calendar, category, start, until, held, agreed });
    title = `${pack.organisation}: reviews of a case in '${category}' (${pack.caseCategories?.[category]?.title}), allocated ${formatIsoDate(start)}`;
  } else {
    const cohortId = argument(COMMAND, 'cohort', oneOf(Object.keys(pack.cohorts), `cohorts of ${policyId}`), values.cohort);
    const cohort = pack.cohorts[cohortId]!;
    const cohortKinds = cohort.supervision.map((entry) => entry.kind);
    // Group attendance is a person's too where the pack sets it (Cafcass: at least one a quarter).
    const attendance = pack.group?.attendance && !cohortKinds.includes('group') ? pack.group.attendance : undefined;
    const allowedKinds: string[] = attendance ? [...cohortKinds, 'group'] : cohortKinds;
    const kind =
      values.kind === undefined ? undefined : (argument(COMMAND, 'kind', oneOf(allowedKinds, `kinds for cohort ${cohortId}`), values.kind) as SupervisionKind);
    const held = values.held ? heldList(values.held, allowedKinds, kind ?? cohortKinds[0]!) : undefined;
    title = `${pack.organisation}: ${cohort.title} (cohort '${cohortId}'), started ${formatIsoDate(start)}`;
    if (kind === 'group' && attendance) {
      rows = groupAttendanceSchedule(pack, calendar, attendance, { start, until, held: held?.group });
      title = `${title}: group supervision attended, at least ${attendance.atLeast} a ${attendance.per}`;
    } else rows = personSchedule({ pack, calendar, cohortId, start, until, held, kind, agreed });
  }

  if (values.json) {
    io.out(
      JSON.stringify(
        rows.map((row) => toJson(row, citeSource(pack, row.source))),
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(title);
  if (rows.length === 0) {
    io.out('Nothing falls due in this period.');
    return 0;
  }
  io.out(['due by    ', 'kind        ', 'status  ', 'held on   ', 'rule'].join('  '));
  for (const row of rows) {
    io.out(
      [
        formatIsoDate(row.date),
        row.kind.padEnd(12),
        row.status.padEnd(8),
        (row.heldOn === undefined ? '' : formatIsoDate(row.heldOn)).padEnd(10),
        citeSource(pack, row.source),
      ].join('  '),
    );
  }
  return 0;
}

/**
 * A person's group attendance obligation (Cafcass 8 standard 4: "attend at least one a quarter"): one
 * entry per calendar period from January (the periods the group flow nudges in), held when a session was
 * attended in it; "N a year" counts N anywhere in the calendar year.
 */
function groupAttendanceSchedule(
  pack: PolicyPack,
  calendar: WorkingCalendar,
  attendance: NonNullable<NonNullable<PolicyPack['group']>['attendance']>,
  input: { start: DayNumber; until: DayNumber; held?: DayNumber[] },
): ScheduledDue[] {
  const held = [...(input.held ?? [])].sort((a, b) => a - b);
  let cadence: Cadence;
  if (attendance.atLeast === 1) cadence = { type: 'calendar', period: attendance.per };
  else if (attendance.per === 'year') cadence = { type: 'per-year', count: attendance.atLeast as 1, from: 'calendar-year', spread: 'none' };
  else
    throw new UsageError(
      `${COMMAND}: --kind group: the ${pack.organisation} policy asks for ${attendance.atLeast} a ${attendance.per}, which this command cannot list yet`,
    );
  const entries = dueDates(cadence, { calendar, start: input.start, until: input.until, held });
  return entries.map((entry) => ({ ...entry, kind: 'group', source: attendance.source }));
}

/** `source` is the machine-checked link to the seed; `citation` is what a person reads. */
function toJson(row: ScheduledDue, citation: string) {
  return {
    kind: row.kind,
    date: formatIsoDate(row.date),
    status: row.status,
    ...(row.heldOn === undefined ? {} : { heldOn: formatIsoDate(row.heldOn) }),
    ...(row.window ? { period: { start: formatIsoDate(row.window.start), end: formatIsoDate(row.window.end) } } : {}),
    source: row.source,
    citation,
  };
}

function dateList(name: string, text: string): DayNumber[] {
  return text
    .split(',')
    .filter((item) => item.trim() !== '')
    .map((item) => argument(COMMAND, name, isoDate, item.trim()))
    .sort((a, b) => a - b);
}

/** "--held 2026-01-05,2026-02-02" applies to the main kind; "case:2026-01-05,observation:2026-03-01" names each. */
function heldList(text: string, kinds: readonly string[], defaultKind: string): Partial<Record<SupervisionKind, DayNumber[]>> {
  const byKind: Partial<Record<SupervisionKind, DayNumber[]>> = {};
  for (const item of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [maybeKind, maybeDate] = item.includes(':') ? item.split(':', 2) : [defaultKind, item];
    const kind = argument(COMMAND, 'held', oneOf(kinds, 'kinds'), maybeKind) as SupervisionKind;
    if (!supervisionKinds.includes(kind)) throw new UsageError(`${COMMAND}: --held kind '${kind}' is not known`);
    (byKind[kind] ??= []).push(argument(COMMAND, 'held', isoDate, maybeDate));
  }
  return byKind;
}
