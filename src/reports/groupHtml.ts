// The report page's sections for group supervision (group.ts) and for observations, reviews and
// agreements (obligations.ts): a table per team with a chart beside it, then each person. Staff names and
// counts only; every value from the directory is escaped (html.ts).
import type { PolicyPack } from '../domain/policy/schema.js';
import { ATTENDANCE_OUTCOMES, GROUP_OUTCOMES, teamCountsChart } from './charts.js';
import type { AttendanceFigures, AttendanceOutcome, GroupReport, GroupSessionFigures, GroupTeam } from './group.js';
import { countsTable, escape, percentText } from './html.js';
import type { Obligation, ObligationsReport, ObligationTotals } from './obligations.js';
import { onTimePercent, type Figures } from './scheduled.js';

type Column<F> = [string, (figures: F) => string | number];

const dash = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value);
const onTimeOf = (figures: Figures) => percentText(onTimePercent(figures));

const SESSION_COLUMNS: Column<GroupSessionFigures>[] = [
  ['Held', (sessions) => sessions.held],
  ['Did not take place', (sessions) => sessions.didNotTakePlace],
  ['Cancelled, not rebooked', (sessions) => sessions.cancelledNotRebooked],
  ['Cancelled and rebooked', (sessions) => sessions.cancelledRebooked],
  ['Attendance not taken', (sessions) => sessions.attendanceNotTaken],
  ['Still to come', (sessions) => sessions.toCome],
];

/** Against the cadence and the rota: a team's row, or the totals (no set-up or cadence of their own). */
type CadenceRow = Pick<GroupTeam, 'due' | 'rota'> & { setUp?: boolean; cadence?: string };

const CADENCE_COLUMNS: Column<CadenceRow>[] = [
  ['Set up', (team) => (team.setUp === undefined ? '' : team.setUp ? 'yes' : 'not set up')],
  ['Held against', (team) => team.cadence ?? ''],
  ['Due under the cadence', (team) => dash(team.due?.due)],
  ['Held by the due date', (team) => dash(team.due?.onTime)],
  ['Held late', (team) => dash(team.due?.late)],
  ['Not held', (team) => dash(team.due?.notHeld)],
  ['Overdue at month end', (team) => dash(team.due?.overdue)],
  ['Rota kept', (team) => team.rota.kept],
  ['A role missed', (team) => team.rota.notKept],
];

const ATTENDANCE_COLUMNS: Column<AttendanceFigures>[] = [
  ['Members', (figures) => figures.members],
  ['Attended as the rule asks', (figures) => figures.met],
  ['Still to attend', (figures) => figures.toAttend],
  ['Short, the period over', (figures) => figures.short],
  ['Not owed (joined part-way)', (figures) => figures.notOwed],
];

const OUTCOME_WORDS: Record<AttendanceOutcome, string> = {
  met: 'attended as the rule asks',
  short: 'short: the period is over',
  'to-attend': 'still to attend',
  'not-owed': 'not owed: joined part-way',
};

export async function groupSection(pack: PolicyPack, group: GroupReport, month: string): Promise<string> {
  if (!group.applies) return `<section><h2>Group supervision</h2><p>The ${escape(pack.organisation)} policy describes no group supervision.</p></section>`;
  if (group.teams.length === 0) return `<section><h2>Group supervision</h2><p>No team to count.</p></section>`;
  const { attendance } = group;
  const rule = `<p class="meta">The rule: ${escape(group.rule ?? '')}. ${
    attendance
      ? `Each member attends at least ${attendance.atLeast === 1 ? 'one' : attendance.atLeast} a ${escape(attendance.per)} (${escape(attendance.rule)}), counted in the ${escape(attendance.per)} ${escape(attendance.periodStart)} to ${escape(attendance.periodEnd)}.`
      : 'The policy sets no attendance rule for each person: each member’s sessions attended in the month are shown.'
  }</p>`;
  const dated = Object.values(group.totals.sessions).reduce((sum, count) => sum + count, 0);
  // No chart of nothing: a month without group sessions says so in words.
  const sessionsChart =
    dated === 0
      ? `<p>No group sessions were dated in ${escape(month)}.</p>`
      : await teamCountsChart(
          group.teams.map((team) => ({
            team: team.team,
            counts: {
              keptRota: team.rota.kept,
              missedRota: team.rota.notKept,
              didNotTakePlace: team.sessions.didNotTakePlace,
              cancelledNotRebooked: team.sessions.cancelledNotRebooked,
              cancelledRebooked: team.sessions.cancelledRebooked,
              attendanceNotTaken: team.sessions.attendanceNotTaken,
              toCome: team.sessions.toCome,
            },
          })),
          GROUP_OUTCOMES,
          { title: `Group sessions dated in ${month}, by team`, count: 'Group sessions' },
        );
  const sessionsTable = countsTable(SESSION_COLUMNS, [
    ...group.teams.map((team) => ({ name: team.team, figures: team.sessions })),
    { name: 'All teams', figures: group.totals.sessions, total: true },
  ]);
  const cadenceTable = countsTable(CADENCE_COLUMNS, [
    ...group.teams.map((team) => ({ name: team.team, figures: team })),
    { name: 'All teams', figures: group.totals, total: true },
  ]);
  const attendanceBlock = attendance
    ? `<div class="pair"><div class="chart">${await teamCountsChart(
        group.teams.filter((team) => team.attendance).map((team) => ({ team: team.team, counts: team.attendance! })),
        ATTENDANCE_OUTCOMES,
        { title: `Group attendance in the ${attendance.per} to ${month}, by team`, count: 'People' },
      )}</div><div>${countsTable(ATTENDANCE_COLUMNS, [
        ...group.teams.filter((team) => team.attendance).map((team) => ({ name: team.team, figures: team.attendance! })),
        { name: 'All teams', figures: group.totals.attendance, total: true },
      ])}</div></div>`
    : '';
  const people = group.teams
    .map(
      (team) =>
        `<h3>${escape(team.team)}: each member</h3><table><thead><tr><th>Person</th><th>Attended in ${escape(month)}</th>${
          attendance ? `<th>Attended in the ${escape(attendance.per)}</th><th>Against the rule</th>` : ''
        }</tr></thead><tbody>${team.people
          .map(
            (row) =>
              `<tr><td>${escape(row.person)}</td><td>${row.attendedInMonth}</td>${
                attendance ? `<td>${dash(row.attendedInPeriod)}</td><td class="text">${row.outcome ? OUTCOME_WORDS[row.outcome] : '—'}</td>` : ''
              }</tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('');
  return `<section><h2>Group supervision</h2>${rule}<div class="pair"><div class="chart">${sessionsChart}</div><div>${sessionsTable}</div></div>${cadenceTable}${attendanceBlock}</section><section>${people}</section>`;
}

const OBLIGATION_COLUMNS: Column<ObligationTotals | (Figures & { signed?: number; awaitingSignature?: number })>[] = [
  ['Due in the month', (figures) => figures.due],
  ['Done by the due date', (figures) => figures.onTime],
  ['Done late', (figures) => figures.late],
  ['Not done', (figures) => figures.notHeld],
  ['Not yet due', (figures) => figures.notYetDue],
  ['Overdue at month end', (figures) => figures.overdue],
  ['On time', (figures) => onTimeOf(figures)],
  ['Agreements signed', (figures) => dash(figures.signed)],
  ['Waiting for a signature', (figures) => dash(figures.awaitingSignature)],
];

export function obligationsSection(pack: PolicyPack, obligations: ObligationsReport): string {
  const title = (obligation: Obligation) =>
    obligation === 'agreement-review'
      ? 'Supervision agreement review'
      : ((pack.kinds as Record<string, { title: string } | undefined>)[obligation]?.title ?? obligation);
  const counted = [...obligations.kinds.map(title), ...(obligations.agreements ? ['the supervision agreement’s review'] : [])];
  const elsewhere =
    obligations.inFrequencyTable.length === 0
      ? ''
      : ` ${obligations.inFrequencyTable.map(title).join(', ')} ${obligations.inFrequencyTable.length === 1 ? 'is' : 'are'} counted in the frequency table above, as the policy’s reporting covers ${obligations.inFrequencyTable.length === 1 ? 'it' : 'them'}.`;
  const heading = '<h2>Observations, reviews and agreements</h2>';
  if (counted.length === 0)
    return `<section>${heading}<p>Nothing else falls due under the ${escape(pack.organisation)} policy.${escape(elsewhere)}</p></section>`;
  const meta = `<p class="meta">Counted here: ${escape(counted.join(', '))}.${escape(elsewhere)}</p>`;
  if (obligations.teams.length === 0) return `<section>${heading}${meta}<p>None due, done or overdue.</p></section>`;
  const teams = countsTable(OBLIGATION_COLUMNS, [
    ...obligations.teams.map((team) => ({ name: team.team, figures: team.totals })),
    { name: 'All teams', figures: obligations.totals, total: true },
  ]);
  const people = obligations.teams
    .map(
      (team) =>
        `<h3>${escape(team.team)}: each person</h3>${countsTable(
          OBLIGATION_COLUMNS,
          team.rows.map((row) => ({ name: `${row.person}: ${title(row.obligation)}`, figures: row })),
          'Person and obligation',
        )}`,
    )
    .join('');
  return `<section>${heading}${meta}${teams}</section><section>${people}</section>`;
}
