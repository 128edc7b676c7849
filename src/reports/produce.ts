// One report produced: the team named checked, the figures counted, the text written, and an audit row
// (ids only: the month, the team's id, the format, how many people) so every report produced is accounted for.
import type { FlowContext } from '../flows/context.js';
import { writeAudit } from '../store/audit.js';
import { reportCsv, reportJson } from './format.js';
import { monthText, scheduledReport, teamNamed, type ReportMonth, type ScheduledReport } from './scheduled.js';

export type ReportFormat = 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'json'];

export async function produceReport(
  context: FlowContext,
  input: { month: ReportMonth; teamName?: string; format: ReportFormat; now: Date; actorId: string | null; via: string },
): Promise<{ report: ScheduledReport; text: string }> {
  // An unknown team throws UnknownTeamError before anything is counted or written.
  const team = input.teamName === undefined ? undefined : await teamNamed(context.db, input.teamName);
  const report = await scheduledReport(context, { month: input.month, now: input.now, ...(team ? { teamId: team.id } : {}) });
  const text = input.format === 'csv' ? reportCsv(report) : reportJson(report);
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
  return { report, text };
}
