// The report as one self-contained HTML page: inline CSS and inline SVG charts (src/reports/charts.ts),
// nothing loaded from elsewhere, laid out to print on A4 (a chart beside each table, no break inside a
// section). Staff names and the teams' figures only: no case detail, no free text. Every value from the
// directory is escaped.
import type { PolicyPack } from '../domain/policy/schema.js';
import { hoursToAcceptChart, onTimeByMonthChart, OUTCOMES, outcomesChart, recordsChart } from './charts.js';
import type { ActionFigures, RecordFigures, RecordsReport } from './records.js';
import type { Figures, ScheduledReport } from './scheduled.js';
import type { SituationalFigures, SituationalReport } from './situational.js';
import type { ViewedReport, ViewedTotals } from './viewed.js';

export const escape = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export const percentText = (value: number | null) => (value === null ? '—' : `${value}%`);

const STYLE = `
  body { font-family: Arial, Helvetica, sans-serif; color: #222; margin: 24px; font-size: 13px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
  p.meta { color: #555; margin: 2px 0; }
  section { break-inside: avoid; page-break-inside: avoid; }
  .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; align-items: start; }
  .chart svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; }
  th, td { border: 1px solid #d0d0d0; padding: 3px 6px; text-align: right; }
  th:first-child, td:first-child, td.text { text-align: left; }
  th { background: #f2f2f2; font-weight: bold; }
  tr.total td { font-weight: bold; background: #fafafa; }
  .headline { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
  .headline div { border: 1px solid #d0d0d0; padding: 8px 12px; min-width: 110px; }
  .headline strong { display: block; font-size: 20px; }
  @media print { body { margin: 0; font-size: 11px; } .pair { grid-template-columns: 1fr 1fr; } h2 { break-after: avoid; } }
`;

const FIGURE_COLUMNS: { key: keyof Figures; title: string }[] = [
  { key: 'due', title: 'Due' },
  ...OUTCOMES.map((outcome) => ({ key: outcome.key, title: outcome.label })),
  { key: 'overdue', title: 'Overdue at month end' },
];

function figuresTable(first: string, rows: { name: string; figures: Figures & { onTimePercent?: number | null }; total?: boolean }[]): string {
  const head = `<tr><th>${escape(first)}</th>${FIGURE_COLUMNS.map((column) => `<th>${escape(column.title)}</th>`).join('')}<th>On time</th></tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr${row.total ? ' class="total"' : ''}><td>${escape(row.name)}</td>${FIGURE_COLUMNS.map((column) => `<td>${row.figures[column.key]}</td>`).join('')}<td>${percentText(
          row.figures.onTimePercent ?? (row.figures.due === 0 ? null : Math.round((row.figures.onTime / row.figures.due) * 1000) / 10),
        )}</td></tr>`,
    )
    .join('');
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

const hoursText = (value: number | null) => (value === null ? '—' : String(value));

function situationalTable(rows: { name: string; figures: SituationalFigures; total?: boolean }[]): string {
  const columns: [string, (figures: SituationalFigures) => string | number][] = [
    ['Raised', (figures) => figures.raised],
    ['Accepted in time', (figures) => figures.acceptedInTime],
    ['Accepted late', (figures) => figures.acceptedLate],
    ['Unanswered past the deadline', (figures) => figures.unansweredPastDeadline],
    ['Waiting', (figures) => figures.waiting],
    ['Escalated', (figures) => figures.escalated],
    ['Reassigned', (figures) => figures.reassigned],
    ['Median hours to accept', (figures) => hoursText(figures.medianHoursToAccept)],
    ['90th percentile hours', (figures) => hoursText(figures.p90HoursToAccept)],
    ['In time', (figures) => percentText(figures.inTimePercent)],
  ];
  // A column for each step of the chain someone was escalated to.
  const escalations = [...new Set(rows.flatMap((row) => Object.keys(row.figures.escalatedTo)))];
  return countsTable(
    [...columns, ...escalations.map((title): (typeof columns)[number] => [`Escalated to ${title}`, (figures) => figures.escalatedTo[title] ?? 0])],
    rows,
  );
}

const RECORD_COLUMNS: [string, (figures: RecordFigures) => string | number][] = [
  ['Written', (figures) => figures.written],
  ['By the deadline', (figures) => figures.writtenOnTime],
  ['Late', (figures) => figures.writtenLate],
  ['Not written, deadline passed', (figures) => figures.outstanding],
  ['Signed', (figures) => figures.signed],
  ['Disagreed', (figures) => figures.disagreed],
  ['Amended', (figures) => figures.amended],
  ['On time', (figures) => percentText(figures.onTimePercent)],
];

const ACTION_COLUMNS: [string, (figures: ActionFigures) => string | number][] = [
  ['Actions agreed', (figures) => figures.agreed],
  ['Due in the month', (figures) => figures.due],
  ['Done by their date', (figures) => figures.doneByDate],
  ['Done late', (figures) => figures.doneLate],
  ['Overdue', (figures) => figures.overdue],
  ['Carried forward or dropped', (figures) => figures.carriedOrDropped],
  ['Extended', (figures) => figures.extended],
];

/** A table of counts per team (or per `first`): a row per team, a column per figure. */
export function countsTable<F>(
  columns: [string, (figures: F) => string | number][],
  rows: { name: string; figures: F; total?: boolean }[],
  first = 'Team',
): string {
  const head = `<tr><th>${escape(first)}</th>${columns.map(([title]) => `<th>${escape(title)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr${row.total ? ' class="total"' : ''}><td>${escape(row.name)}</td>${columns.map(([, value]) => `<td>${escape(value(row.figures))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

const zero = (): Figures => ({ due: 0, onTime: 0, late: 0, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0 });

/** The month's figures summed by kind of supervision, over every team. */
function byKind(report: ScheduledReport): Map<string, Figures> {
  const kinds = new Map<string, Figures>();
  for (const team of report.teams)
    for (const row of team.rows) {
      const sum = kinds.get(row.kind) ?? zero();
      for (const key of Object.keys(sum) as (keyof Figures)[]) sum[key] += row[key];
      kinds.set(row.kind, sum);
    }
  return kinds;
}

export interface ReportPage {
  pack: PolicyPack;
  /** The month reported on, last of `history`. */
  report: ScheduledReport;
  /** The month's triggers and what became of them. */
  situational: SituationalReport;
  /** The month's records and actions. */
  records: RecordsReport;
  /** Records viewed by someone above each person in the line (Bexley QA c), where the pack has the rule. */
  viewed?: ViewedReport | null;
  /** The same report for up to the 12 months ending with `report`'s, oldest first. */
  history: ScheduledReport[];
  /** When it was produced, as the organisation reads it ("2026-12-07 21:40"). */
  producedAt: string;
  /** More sections, already HTML (groupHtml.ts: group supervision; observations, reviews and agreements), after records and actions. */
  sections?: string[];
}

export async function reportHtml(page: ReportPage): Promise<string> {
  const { pack, report, history } = page;
  const kindTitle = (kind: string) => (pack.kinds as Record<string, { title: string } | undefined>)[kind]?.title ?? kind;
  const title = `${pack.organisation}: supervision held against the policy, ${report.month}`;
  const months = history.map((one) => one.month);
  const teamNames = [...new Set(history.flatMap((one) => one.teams.map((team) => team.team)))].sort((a, b) => a.localeCompare(b));
  const percentOf = (month: ScheduledReport, team: string) => month.teams.find((one) => one.team === team)?.totals.onTimePercent ?? null;
  const points = history.flatMap((month) =>
    teamNames.flatMap((team) => {
      const value = percentOf(month, team);
      return value === null ? [] : [{ month: month.month, team, onTimePercent: value }];
    }),
  );
  const kinds = byKind(report);
  const { situational, records } = page;
  const [trend, teamsChart, kindsChart, acceptChart, recordChart] = await Promise.all([
    onTimeByMonthChart(points, `Held on time, by team, ${months[0]} to ${report.month}`),
    outcomesChart(
      report.teams.map((team) => ({ category: team.team, figures: team.totals })),
      `What became of supervision due in ${report.month}, by team`,
      'Team',
    ),
    outcomesChart(
      [...kinds].map(([kind, figures]) => ({ category: kindTitle(kind), figures })),
      `What became of supervision due in ${report.month}, by kind`,
      'Kind',
    ),
    // No chart of nothing: a month without triggers says so in words.
    situational.totals.raised === 0
      ? Promise.resolve(`<p>No supervision triggers were raised in ${escape(report.month)}.</p>`)
      : hoursToAcceptChart(
          situational.teams.map((team) => ({ team: team.team, median: team.figures.medianHoursToAccept, p90: team.figures.p90HoursToAccept })),
          `Time to accept a trigger raised in ${report.month}, by team`,
        ),
    records.totals.records.written + records.totals.records.outstanding === 0
      ? Promise.resolve(`<p>No records were written or due in ${escape(report.month)}.</p>`)
      : recordsChart(
          records.teams.map((team) => ({
            team: team.team,
            onTime: team.records.writtenOnTime,
            late: team.records.writtenLate,
            outstanding: team.records.outstanding,
          })),
          `Records written or due in ${report.month}, by team`,
        ),
  ]);
  const trendTable = `<table><thead><tr><th>Team</th>${months.map((month) => `<th>${escape(month)}</th>`).join('')}</tr></thead><tbody>${teamNames
    .map((team) => `<tr><td>${escape(team)}</td>${history.map((month) => `<td>${percentText(percentOf(month, team))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  const triggerTable =
    situational.byTrigger.length === 0
      ? ''
      : `<table><thead><tr><th>Trigger</th><th>Raised</th><th>Accepted in time</th></tr></thead><tbody>${situational.byTrigger
          .map((one) => `<tr><td>${escape(one.title)}</td><td>${one.raised}</td><td>${one.acceptedInTime}</td></tr>`)
          .join('')}</tbody></table>`;
  const people = report.teams
    .map(
      (team) =>
        `<section><h2>${escape(team.team)}: each person</h2>${figuresTable(
          'Person and kind',
          team.rows.map((row) => ({ name: `${row.person}: ${kindTitle(row.kind)}`, figures: row })),
        )}</section>`,
    )
    .join('');
  const unknown =
    report.unknown.length === 0
      ? ''
      : `<section><h2>Not counted</h2><table><thead><tr><th>Person</th><th>Why</th></tr></thead><tbody>${report.unknown
          .map((one) => `<tr><td>${escape(one.person)}</td><td class="text">${escape(one.reason)}</td></tr>`)
          .join('')}</tbody></table></section>`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="meta">Counted to ${escape(report.countedTo)}; produced ${escape(page.producedAt)}.</p>
${report.rule ? `<p class="meta">The rule: ${escape(report.rule)}.</p>` : ''}
<div class="headline">
  <div><strong>${report.totals.due}</strong>due in the month</div>
  <div><strong>${percentText(report.totals.onTimePercent)}</strong>held on time</div>
  <div><strong>${report.totals.late}</strong>held late</div>
  <div><strong>${report.totals.notHeld}</strong>not held</div>
  <div><strong>${report.totals.overdue}</strong>overdue at month end</div>
</div>
<section><h2>Held on time over the last ${history.length} months</h2><div class="pair"><div class="chart">${trend}</div><div>${trendTable}</div></div></section>
<section><h2>By team</h2><div class="pair"><div class="chart">${teamsChart}</div><div>${figuresTable('Team', [
    ...report.teams.map((team) => ({ name: team.team, figures: team.totals })),
    { name: 'All teams', figures: report.totals, total: true },
  ])}</div></div></section>
<section><h2>By kind of supervision</h2><div class="pair"><div class="chart">${kindsChart}</div><div>${figuresTable(
    'Kind',
    [...kinds].map(([kind, figures]) => ({ name: kindTitle(kind), figures })),
  )}</div></div></section>
<section><h2>Situational supervision: triggers raised in the month</h2><div class="pair"><div class="chart">${acceptChart}</div><div>${triggerTable}</div></div>${situationalTable(
    [...situational.teams.map((team) => ({ name: team.team, figures: team.figures })), { name: 'All teams', figures: situational.totals, total: true }],
  )}</section>
<section><h2>Records and actions</h2><div class="pair"><div class="chart">${recordChart}</div><div>${countsTable(RECORD_COLUMNS, [
    ...records.teams.map((team) => ({ name: team.team, figures: team.records })),
    { name: 'All teams', figures: records.totals.records, total: true },
  ])}</div></div>${countsTable(ACTION_COLUMNS, [
    ...records.teams.map((team) => ({ name: team.team, figures: team.actions })),
    { name: 'All teams', figures: records.totals.actions, total: true },
  ])}</section>
${(page.sections ?? []).join('\n')}
${page.viewed ? viewedSection(page.viewed) : ''}
${people}
${unknown}
</body>
</html>
`;
}

const VIEWED_COLUMNS: [string, (figures: ViewedTotals) => string | number][] = [
  ['People', (figures) => figures.people],
  ['With records', (figures) => figures.withRecords],
  ['Viewed', (figures) => figures.viewed],
  ['Not viewed', (figures) => figures.notViewed],
  ['Viewed of those with records', (figures) => percentText(figures.viewedPercent)],
];

/** Records viewed (Bexley QA c): the teams' totals, then each person: viewed, when last and by whom. */
function viewedSection(viewed: ViewedReport): string {
  const people = viewed.teams
    .flatMap((team) =>
      team.rows.map(
        (row) =>
          `<tr><td>${escape(row.person)}</td><td class="text">${escape(team.team)}</td><td>${row.records}</td><td class="text">${
            row.viewed ? 'Yes' : row.records === 0 ? 'No records' : 'No'
          }</td><td>${escape(row.lastViewedOn ?? '—')}</td><td class="text">${escape(row.lastViewedBy ?? '—')}</td></tr>`,
      ),
    )
    .join('');
  return `<section><h2>Records viewed by a manager, ${escape(viewed.from)} to ${escape(viewed.to)}</h2><p class="meta">A signed record of the person's opened by someone above them in the supervision line in the last ${viewed.withinMonths} months (${escape(viewed.rule)}).</p>${countsTable(
    VIEWED_COLUMNS,
    [...viewed.teams.map((team) => ({ name: team.team, figures: team.totals })), { name: 'All teams', figures: viewed.totals, total: true }],
  )}<table><thead><tr><th>Person</th><th>Team</th><th>Records</th><th>Viewed</th><th>Last viewed</th><th>By</th></tr></thead><tbody>${people}</tbody></table></section>`;
}
