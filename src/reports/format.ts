// The scheduled-supervision report as CSV (one row per person and kind, a header naming each column) and
// as JSON (the same, nested by team, with team and overall totals). Staff names and ids only; no case detail.
import type { Figures, ScheduledReport } from './scheduled.js';
import type { RecordsReport } from './records.js';
import type { SituationalReport } from './situational.js';
import { viewedCell, type ViewedReport } from './viewed.js';

export const CSV_COLUMNS = [
  'month',
  'team',
  'person',
  'person_id',
  'kind',
  'due',
  'on_time',
  'late',
  'not_held',
  'on_leave',
  'not_yet_due',
  'overdue',
] as const;

const cell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** With the pack's records-viewed rule (Bexley QA c), a last column: was a record of the person's viewed (yes, no, no records). */
export function reportCsv(report: ScheduledReport, viewed: ViewedReport | null = null): string {
  const lines = [[...CSV_COLUMNS, ...(viewed ? ['records_viewed'] : [])].join(',')];
  const viewedRows = new Map(viewed?.teams.flatMap((team) => team.rows.map((row) => [row.personId, row])));
  for (const team of report.teams)
    for (const row of team.rows)
      lines.push(
        [
          report.month,
          row.team,
          row.person,
          row.personId,
          row.kind,
          row.due,
          row.onTime,
          row.late,
          row.notHeld,
          row.onLeave,
          row.notYetDue,
          row.overdue,
          ...(viewed ? [viewedCell(viewedRows.get(row.personId))] : []),
        ]
          .map(cell)
          .join(','),
      );
  return `${lines.join('\n')}\n`;
}

const figures = (value: Figures) => ({
  due: value.due,
  onTime: value.onTime,
  late: value.late,
  notHeld: value.notHeld,
  onLeave: value.onLeave,
  notYetDue: value.notYetDue,
  overdue: value.overdue,
});

/** `more`: further sections by name (group supervision; observations, reviews and agreements), each nested by team. */
export function reportJson(report: ScheduledReport, situational: SituationalReport, records: RecordsReport, more: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      month: report.month,
      rule: report.rule,
      countedTo: report.countedTo,
      totals: { ...figures(report.totals), onTimePercent: report.totals.onTimePercent },
      teams: report.teams.map((team) => ({
        team: team.team,
        teamId: team.teamId,
        totals: { ...figures(team.totals), onTimePercent: team.totals.onTimePercent },
        people: team.rows.map((row) => ({ person: row.person, personId: row.personId, kind: row.kind, ...figures(row) })),
      })),
      unknown: report.unknown,
      situational,
      records,
      ...more,
    },
    null,
    2,
  )}\n`;
}
