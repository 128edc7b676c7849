// One report produced: the team named checked, the figures counted, the text written, and an audit row
// (ids only: the month, the team's id, the format, how many people) so every report produced is accounted for.
import type { FlowContext } from '../flows/context.js';
import { writeAudit } from '../store/audit.js';
import { DateTime } from 'luxon';
import { reportCsv, reportJson } from './format.js';
import { groupReport, type GroupReport } from './group.js';
import { groupSection, obligationsSection } from './groupHtml.js';
import { reportHtml } from './html.js';
import { obligationsReport, type ObligationsReport } from './obligations.js';
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

/** A report's figures, section by section, and its text. */
export interface Produced {
  report: ScheduledReport;
  situational: SituationalReport;
  records: RecordsReport;
  group: GroupReport;
  obligations: ObligationsReport;
  /** Bexley QA c: whose records someone above them opened (null where the pack has no such rule). */
  viewed: ViewedReport | null;
  text: string;
}

/** The month's figures for these teams (all without), written in `format`: the text of a report file. */
export async function reportText(
  context: FlowContext,
  input: { month: ReportMonth; now: Date; teamIds?: readonly string[]; format: ReportFormat },
): Promise<Produced> {
  const teams = input.teamIds === undefined ? {} : { teamIds: input.teamIds };
  const asked = { month: input.month, now: input.now, ...teams };
  // The sections read the store and nothing else, so they are counted side by side: on PostgreSQL the database's
  // work for one overlaps the policy engine's for another (on PGlite, one connection, they take turns).
  const [report, situational, records, group, obligations, viewed] = await Promise.all([
    scheduledReport(context, asked),
    situationalReport(context, asked),
    recordsReport(context, asked),
    groupReport(context, asked),
    obligationsReport(context, asked),
    viewedReport(context, asked),
  ]);
  const counted = { report, situational, records, group, obligations, viewed };
  if (input.format !== 'html')
    return {
      ...counted,
      text: input.format === 'csv' ? reportCsv(report, viewed) : reportJson(report, situational, records, { group, obligations, recordsViewed: viewed }),
    };
  // The same count for each of the eleven months before, for the trend.
  const history: ScheduledReport[] = [];
  for (let back = HISTORY_MONTHS - 1; back >= 1; back -= 1)
    history.push(await scheduledReport(context, { month: monthsBefore(input.month, back), now: input.now, ...teams }));
  history.push(report);
  const producedAt = DateTime.fromJSDate(input.now).setZone(context.pack.timezone).toFormat('yyyy-MM-dd HH:mm');
  const sections = [await groupSection(context.pack, group, report.month), obligationsSection(context.pack, obligations)];
  return { ...counted, text: await reportHtml({ pack: context.pack, report, situational, records, viewed, history, producedAt, sections }) };
}

export async function produceReport(
  context: FlowContext,
  input: { month: ReportMonth; teamName?: string; format: ReportFormat; now: Date; actorId: string | null; via: string },
): Promise<Produced> {
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
