// "/supervision report [YYYY-MM]": the month's scheduled supervision for the teams in the person's line, as a
// card of headline figures with "Download as CSV" (issue 20). The file source carries only the month: the
// teams are read again from the line at the moment the file is sent, so a forged or forwarded card, or a
// consent card with another month, can never widen what is sent. Every report produced or sent is audited.
import { DateTime } from 'luxon';
import type { View } from '../../cards/catalog.js';
import { reportText } from '../../reports/produce.js';
import { monthText, parseMonth, scheduledReport, type ReportMonth, type ScheduledReport } from '../../reports/scheduled.js';
import { parseIsoDate, toYmd } from '../../domain/time/localDate.js';
import { writeAudit } from '../../store/audit.js';
import type { DirectoryRole } from '../../store/schema.js';
import type { Actor, FileSource, FlowContext, FlowResult } from '../context.js';
import { message } from '../context.js';
import { dayText, today } from '../format.js';
import { kindTitle } from '../schedule.js';
import { REPORT_READERS, teamsInLine, type Team } from './line.js';

/** What a report file is made from: the month only (the teams are the taker's line, read when it is sent). */
export type ReportFileSource = Extract<FileSource, { reportMonth: string }>;
/** The formats the report goes as a file in: the HTML page (src/reports/html.ts) and CSV. */
export type ReportFileFormat = ReportFileSource['format'];

export const REPORT_FILE_DESCRIPTIONS: Record<ReportFileFormat, string> = {
  html: "The month's report for the teams in your line, one page with its charts: open it in a browser, print it to PDF.",
  csv: "The month's scheduled supervision for the teams in your line, one row per person and kind, as CSV.",
};

/** "managers, senior managers and auditors". */
const roleWords = (roles: readonly DirectoryRole[]) => {
  const words = roles.map((role) => `${role.replace('-', ' ')}s`);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
};

const refused = () =>
  message(
    'The report is not for you',
    `The oversight report is for ${roleWords(REPORT_READERS)}, for the teams in their line. Your own supervision is under /supervision upcoming; a supervisor's team is under /supervision team.`,
  );

const noTeams = () => message('No team in your line', 'Nobody in a team is below you in the supervision line, so there is no report for you.');

/** The month before today's, in the organisation's time zone: the last full month. */
export function lastFullMonth(context: FlowContext, now: Date): ReportMonth {
  const { year, month } = toYmd(today(now, context.calendar));
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The month typed, or the last full month; a month that is not one, or not begun, is named with what is allowed. */
function monthAsked(context: FlowContext, rest: string, now: Date): ReportMonth | FlowResult {
  const typed = rest.trim();
  if (typed === '') return lastFullMonth(context, now);
  const { year, month } = toYmd(today(now, context.calendar));
  const thisMonth = monthText({ year, month });
  const allowed = `Give a month as YYYY-MM, up to this one (${thisMonth}): for example /supervision report ${monthText(lastFullMonth(context, now))}. Without one, you get the last full month.`;
  const asked = parseMonth(typed);
  if (!asked) return message('Something was wrong with that', `month: '${typed.slice(0, 20)}' is not a month. ${allowed}`);
  if (asked.year * 12 + asked.month > year * 12 + month) return message('Something was wrong with that', `month: ${typed} has not begun. ${allowed}`);
  return asked;
}

export const monthTitle = (month: ReportMonth) =>
  DateTime.fromObject({ year: month.year, month: month.month, day: 1 }).setLocale('en-GB').toFormat('LLLL yyyy');

const percentText = (value: number | null) => (value === null ? '' : ` (${value}%)`);

/** The card: each team's headline figures, the kinds counted and the pack's rule. */
export function reportView(context: FlowContext, report: ScheduledReport, month: ReportMonth, now: Date, intro = ''): View {
  const kinds = context.pack.reporting?.covers ?? [];
  const over = toYmd(today(now, context.calendar));
  const monthOver = over.year * 12 + over.month > month.year * 12 + month.month;
  return {
    card: 'report',
    data: {
      title: `Oversight report: ${monthTitle(month)}`,
      intro,
      summary: `Scheduled supervision that fell due in ${monthTitle(month)} in the teams in your line, and what became of it${monthOver ? '' : `, counted to ${dayText(parseIsoDate(report.countedTo)!)}`}. Overdue is everything not held by ${monthOver ? "the month's end" : 'today'}, whenever it fell due.`,
      teams: report.teams.map((team) => ({
        team: team.team,
        // A month not over: what is due later in it is counted as due, and said.
        due: team.totals.notYetDue > 0 ? `${team.totals.due} (${team.totals.notYetDue} not yet due)` : String(team.totals.due),
        onTime: `${team.totals.onTime}${percentText(team.totals.onTimePercent)}`,
        late: String(team.totals.late),
        notHeld: String(team.totals.notHeld),
        onLeave: String(team.totals.onLeave),
        overdue: String(team.totals.overdue),
      })),
      covers:
        kinds.length > 0
          ? `Counted: ${kinds.map((kind) => kindTitle(context, kind)).join(', ')}, the kinds the policy's report covers.`
          : 'Counted: every kind of scheduled supervision (the policy names no report).',
      rule: report.rule ?? '',
      month: monthText(month),
    },
  };
}

/** May this person have the report at all? A refusal is audited, naming who tried (ids only). */
async function reader(context: FlowContext, actor: Actor, via: string, month: string): Promise<{ teams: Team[] } | { result: FlowResult }> {
  if (!REPORT_READERS.includes(actor.role)) {
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'report.refused',
      objectType: 'person',
      objectId: actor.id,
      detail: { month, via, role: actor.role },
    });
    return { result: refused() };
  }
  const teams = await teamsInLine(context.db, actor);
  return teams.length === 0 ? { result: noTeams() } : { teams };
}

/** Counts the month for these teams and writes the audit row (ids only). */
export async function reportForTeams(
  context: FlowContext,
  input: { month: ReportMonth; teams: Team[]; now: Date; actorId: string | null; action: string; objectId: string; via: string; format: string },
): Promise<ScheduledReport> {
  const report = await scheduledReport(context, { month: input.month, teamIds: input.teams.map((team) => team.id), now: input.now });
  await auditReport(context, input, report);
  return report;
}

/** The audit row of a report shown, sent or taken: the month, the format, the teams' ids, how many people. */
async function auditReport(
  context: FlowContext,
  input: { month: ReportMonth; teams: Team[]; now: Date; actorId: string | null; action: string; objectId: string; via: string; format: string },
  report: ScheduledReport,
): Promise<void> {
  await writeAudit(context.db, {
    at: input.now,
    actorId: input.actorId,
    action: input.action,
    objectType: 'person',
    objectId: input.objectId,
    detail: {
      month: monthText(input.month),
      format: input.format,
      via: input.via,
      teams: input.teams.map((team) => team.id),
      people: new Set(report.teams.flatMap((team) => team.rows.map((row) => row.personId))).size,
    },
  });
}

/** "/supervision report [YYYY-MM]". */
export async function reportCommand(context: FlowContext, actor: Actor, rest: string): Promise<FlowResult> {
  const now = context.clock.now();
  const month = monthAsked(context, rest, now);
  if ('view' in month) return month;
  const allowed = await reader(context, actor, 'chat', monthText(month));
  if ('result' in allowed) return allowed.result;
  const report = await reportForTeams(context, {
    month,
    teams: allowed.teams,
    now,
    actorId: actor.id,
    action: 'report.produced',
    objectId: actor.id,
    via: 'chat',
    format: 'card',
  });
  return { view: reportView(context, report, month, now) };
}

const fileName = (month: string, format: ReportFileFormat) => `supervision-report-${month}.${format}`;

/** "Download as CSV": who may have it and what it is called; nothing leaves yet, so only a refusal is audited. */
export async function offerReportFile(context: FlowContext, actor: Actor, input: { month: string; format: ReportFileFormat }): Promise<FlowResult> {
  const taken = await takeReportFile(context, actor, { reportMonth: input.month, format: input.format }, false);
  if (!taken.ok) return taken.result;
  return {
    view: message(
      'The report as a file',
      `${taken.name}: the month's figures for the teams in your line, ${input.format === 'html' ? 'one page with its charts' : 'one row per person and kind'}.`,
    ).view,
    file: {
      reportMonth: input.month,
      format: input.format,
      name: taken.name,
      bytes: Buffer.byteLength(taken.text, 'utf8'),
      description: REPORT_FILE_DESCRIPTIONS[input.format],
    },
  };
}

/**
 * The moment a channel sends the file: the month checked, the person authorised again and their line read
 * again, so the file holds only the teams in it now, whatever the card or the consent carried. Audited.
 */
export async function takeReportFile(
  context: FlowContext,
  actor: Actor,
  source: ReportFileSource,
  sending = true,
): Promise<{ ok: true; name: string; text: string; description: string } | { ok: false; result: FlowResult }> {
  const now = context.clock.now();
  const month = monthAsked(context, source.reportMonth, now);
  if ('view' in month) return { ok: false, result: month };
  const allowed = await reader(context, actor, 'file', source.reportMonth);
  if ('result' in allowed) return { ok: false, result: allowed.result };
  const audited = {
    month,
    teams: allowed.teams,
    now,
    actorId: actor.id,
    action: 'report.download',
    objectId: actor.id,
    via: 'file',
    format: source.format,
  };
  const { report, text } = await reportText(context, { month, now, teamIds: allowed.teams.map((team) => team.id), format: source.format });
  if (sending) await auditReport(context, audited, report);
  return { ok: true, name: fileName(monthText(month), source.format), text, description: REPORT_FILE_DESCRIPTIONS[source.format] };
}
