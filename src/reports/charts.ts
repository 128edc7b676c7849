// The report's charts: Vega-Lite specifications compiled and rendered to SVG on the server by Vega's own
// headless view (`View.toSVG()`, no canvas, no browser), so the HTML page carries them inline and loads
// nothing from elsewhere. Every colour and label is fixed here, so two runs over the same figures draw
// the same picture.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Figures } from './scheduled.js';

/** What became of the due dates of a month, in the order the bars stack. */
export const OUTCOMES = [
  { key: 'onTime', label: 'Held on time', colour: '#1b7837' },
  { key: 'late', label: 'Held late', colour: '#e6ab02' },
  { key: 'notHeld', label: 'Not held', colour: '#b2182b' },
  { key: 'onLeave', label: 'On leave', colour: '#6a6a9f' },
  { key: 'notYetDue', label: 'Not yet due', colour: '#9e9e9e' },
] as const satisfies readonly { key: keyof Figures; label: string; colour: string }[];

const FONT = 'Arial, Helvetica, sans-serif';
const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelColor: '#222', titleColor: '#222', gridColor: '#e3e3e3' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' as const },
} satisfies TopLevelSpec['config'];

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One line per team: the share of due supervision held on time, month by month. */
export function onTimeByMonthChart(points: { month: string; team: string; onTimePercent: number }[], title: string): Promise<string> {
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 220,
    config: CONFIG,
    data: { values: points },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: 'Month', axis: { labelAngle: -40 } },
      y: { field: 'onTimePercent', type: 'quantitative', title: 'Held on time (%)', scale: { domain: [0, 100] } },
      color: { field: 'team', type: 'nominal', title: 'Team', scale: { scheme: 'dark2' } },
    },
  });
}

/**
 * One bar per category, stacked by outcome in the order given: each row's count of each outcome (a zero
 * draws no mark). The outcomes' colours are fixed, so the same outcome looks the same in every chart.
 */
function stackedBars<K extends string>(
  rows: { category: string; counts: Record<K, number> }[],
  outcomes: readonly { key: K; label: string; colour: string }[],
  titles: { title: string; category: string; count: string },
  /** The legend in this many columns (many outcomes in one row would widen the chart past the page). */
  legendColumns?: number,
): Promise<string> {
  const values = rows.flatMap((row) =>
    outcomes
      .map((outcome, order) => ({ category: row.category, outcome: outcome.label, order, count: row.counts[outcome.key] }))
      .filter((value) => value.count > 0),
  );
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titles.title,
    width: 420,
    height: { step: 26 },
    config: CONFIG,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'category', type: 'nominal', title: titles.category, sort: rows.map((row) => row.category), axis: { labelLimit: 220 } },
      x: { field: 'count', type: 'quantitative', title: titles.count, stack: 'zero', axis: { tickMinStep: 1, format: 'd' } },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: null,
        scale: { domain: outcomes.map((outcome) => outcome.label), range: outcomes.map((outcome) => outcome.colour) },
        ...(legendColumns ? { legend: { columns: legendColumns, labelLimit: 320 } } : {}),
      },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'category', type: 'nominal' },
        { field: 'outcome', type: 'nominal' },
        { field: 'count', type: 'quantitative' },
      ],
    },
  });
}

/** One bar per category (a team, or a kind of supervision): its month's due dates, stacked by what became of them. */
export function outcomesChart(rows: { category: string; figures: Figures }[], title: string, axisTitle: string): Promise<string> {
  return stackedBars(
    rows.map((row) => ({ category: row.category, counts: row.figures })),
    OUTCOMES,
    { title, category: axisTitle, count: 'Supervision due in the month' },
  );
}

/** Two bars per team: the median and the 90th percentile of hours from raising a trigger to its acceptance. */
export function hoursToAcceptChart(rows: { team: string; median: number | null; p90: number | null }[], title: string): Promise<string> {
  const values = rows.flatMap((row) =>
    [
      { team: row.team, measure: 'Median', hours: row.median },
      { team: row.team, measure: '90th percentile', hours: row.p90 },
    ].filter((value) => value.hours !== null),
  );
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: { step: 14 },
    config: CONFIG,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'team', type: 'nominal', title: 'Team', sort: rows.map((row) => row.team), axis: { labelLimit: 220 } },
      yOffset: { field: 'measure', type: 'nominal', sort: ['Median', '90th percentile'] },
      x: { field: 'hours', type: 'quantitative', title: 'Hours from raising to acceptance' },
      color: { field: 'measure', type: 'nominal', title: null, sort: ['Median', '90th percentile'], scale: { range: ['#1f78b4', '#a6cee3'] } },
    },
  });
}

const RECORD_OUTCOMES = [
  { key: 'onTime', label: 'Written by the deadline', colour: '#1b7837' },
  { key: 'late', label: 'Written late', colour: '#e6ab02' },
  { key: 'outstanding', label: 'Not written, deadline passed', colour: '#b2182b' },
] as const;

/** One bar per team: records whose deadline fell in the month or that were written in it, by what became of them. */
export function recordsChart(rows: { team: string; onTime: number; late: number; outstanding: number }[], title: string): Promise<string> {
  return stackedBars(
    rows.map((row) => ({ category: row.team, counts: row })),
    RECORD_OUTCOMES,
    { title, category: 'Team', count: 'Records' },
  );
}

/** The group sessions dated in the month, by what became of them. */
export const GROUP_OUTCOMES = [
  { key: 'keptRota', label: 'Held, rota kept', colour: '#1b7837' },
  { key: 'missedRota', label: 'Held, a role missed', colour: '#7fbf7b' },
  { key: 'didNotTakePlace', label: 'Did not take place', colour: '#b2182b' },
  { key: 'cancelledNotRebooked', label: 'Cancelled, not rebooked', colour: '#e6ab02' },
  { key: 'cancelledRebooked', label: 'Cancelled and rebooked', colour: '#6a6a9f' },
  { key: 'attendanceNotTaken', label: 'Attendance not taken', colour: '#d95f02' },
  { key: 'toCome', label: 'Still to come', colour: '#9e9e9e' },
] as const;

/** A team's members, by their group attendance against the pack's rule. */
export const ATTENDANCE_OUTCOMES = [
  { key: 'met', label: 'Attended as the rule asks', colour: '#1b7837' },
  { key: 'toAttend', label: 'Still to attend', colour: '#9e9e9e' },
  { key: 'short', label: 'Short, the period over', colour: '#b2182b' },
  { key: 'notOwed', label: 'Not owed (joined part-way)', colour: '#6a6a9f' },
] as const;

/** One bar per team, stacked by the outcomes given (GROUP_OUTCOMES, ATTENDANCE_OUTCOMES): `count` names what is counted. */
export function teamCountsChart<K extends string>(
  rows: { team: string; counts: Record<K, number> }[],
  outcomes: readonly { key: K; label: string; colour: string }[],
  titles: { title: string; count: string },
): Promise<string> {
  return stackedBars(
    rows.map((row) => ({ category: row.team, counts: row.counts })),
    outcomes,
    { ...titles, category: 'Team' },
    2,
  );
}
