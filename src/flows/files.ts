// The one door the channels take a file through, whatever it is made from: authorised again and
// audited at the moment it is sent.
import type { Actor, FileSource, FlowContext, FlowResult } from './context.js';
import { takeRecordFile } from './recordFile.js';
import { takeReportFile } from './reports/oversightReport.js';
import { SESSION_FILE_DESCRIPTION, takeSessionCalendar } from './sessionCalendar.js';

export type TakenFile = { ok: true; name: string; text: string; description: string } | { ok: false; result: FlowResult };

export async function takeFile(context: FlowContext, actor: Actor, source: FileSource): Promise<TakenFile> {
  if ('recordId' in source) {
    return takeRecordFile(context, actor, source);
  }
  if ('reportMonth' in source) return takeReportFile(context, actor, source);
  const taken = await takeSessionCalendar(context, actor, source);
  return taken.ok ? { ...taken, description: SESSION_FILE_DESCRIPTION } : taken;
}

/** The id a file is made from, for logs. */
export const fileSourceId = (source: FileSource): string =>
  'recordId' in source ? source.recordId : 'reportMonth' in source ? `report:${source.reportMonth}` : source.sessionId;
