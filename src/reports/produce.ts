// One report produced: the team named checked, the figures counted, the text written, and an audit row
// (ids only: the month, the team's id, the format, how many people) so every report produced is accounted for.
import type { FlowContext } from '../flows/context.js';
import { writeAudit } from '../store/audit.js';
import { DateTime } from 'luxon';
import { reportCsv, reportJson } from './format.js';
import { reportHtml } from './html.js';
import { recordsReport, type RecordsReport } from './records.js';
import { situationalReport, type SituationalReport } from './situational.js';
import { monthText, scheduledReport, teamNamed, type ReportMonth, type ScheduledReport } from './scheduled.js';
import { viewedReport, type ViewedReport } from './viewed.js';

export type ReportFormat = 'csv' | 'json' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'json', 'html'];
/** The HTML page's chart of the trend looks back over this many months, the reported one included. */
export const HISTORY_MONTHS = 12;

const monthsBefore = (month: ReportMonth, count: number): ReportMonth => {
  const index = month.year * 12 + (month.month - 1) - count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

/** The month's figures for these teams (all without), written in `format`: the text of a report file. */
export async function reportText(
  context: FlowContext,
  input: { month: ReportMonth; now: Date; teamIds?: readonly string[]; format: ReportFormat },
): Promise<{ report: ScheduledReport; situational: SituationalReport; records: RecordsReport; viewed: ViewedReport | null; text: string }> {
  const teams = input.teamIds === undefined ? {} : { teamIds: input.teamIds };
  const report = await scheduledReport(context, { month: input.month, now: input.now, ...teams });
  const situational = await situationalReport(context, { month: input.month, now: input.now, ...teams });
  const records = await recordsReport(context, { month: input.month, now: input.now, ...teams });
  const viewed = await viewedReport(context, { month: input.month, now: input.now, ...teams });
  if (input.format !== 'html')
    return {
      report,
      situational,
      records,
      viewed,
      text: input.format === 'csv' ? reportCsv(report, viewed) : reportJson(report, situational, records, viewed),
    };
  // The same count for each of the eleven months before, for the trend.
  const history: ScheduledReport[] = [];
  for (let back = HISTORY_MONTHS - 1; back >= 1; back -= 1)
    history.push(await scheduledReport(context, { month: monthsBefore(input.month, back), now: input.now, ...teams }));
  history.push(report);
  const producedAt = DateTime.fromJSDate(input.now).setZone(context.pack.timezone).toFormat('yyyy-MM-dd HH:mm');
  return { report, situational, records, viewed, text: await reportHtml({ pack: context.pack, report, situational, records, viewed, history, producedAt }) };
}

export async function produceReport(
  context: FlowContext,
  input: { month: ReportMonth; teamName?: string; format: ReportFormat; now: Date; actorId: string | null; via: string },
): Promise<Awaited<ReturnType<typeof reportText>>> {
  // An unknown team throws UnknownTeamError before anything is counted or written.
  const team = input.teamName === undefined ? undefined : await teamNamed(context.db, input.teamName);
  const produced = await reportText(context, { month: input.month, now: input.now, format: input.format, ...(team ? { teamIds: [team.id] } : {}) });
  const { report } = produced;
  await writeAudit(context.db, {
    at: input.now,
    actorId: input.actorId,
    action: 'report.produced',
    objectType: team ? 'team' : 'organisation',
    objectId: team ? team.id : context.pack.id,
    detail: {
      month: monthText(input.month),
      format: input.format,
      via: input.via,
      people: new Set(report.teams.flatMap((one) => one.rows.map((row) => row.personId))).size,
    },
  });
  return produced;
}
