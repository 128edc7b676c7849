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
import { inEach, t, type Locale, type Speech } from '../../i18n/catalogue.js';
import { speechOf } from '../speech.js';

/** What a report file is made from: the month only (the teams are the taker's line, read when it is sent). */
export type ReportFileSource = Extract<FileSource, { reportMonth: string }>;
/** The formats the report goes as a file in: the HTML page (src/reports/html.ts) and CSV. */
export type ReportFileFormat = ReportFileSource['format'];

/** What the file is, as a file's consent card describes it, in a speech. */
export const reportFileDescription = (format: ReportFileFormat, speech: Speech = 'en-GB') => t(speech, 'report.fileDescription', { format });

/** "managers, senior managers and auditors", in a language. */
const roleWords = (roles: readonly DirectoryRole[], locale: Locale) =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    roles.map((role) => t(locale, 'report.readerRole', { role: role.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()) })),
  );

/** A message card from the catalogue, in a speech. */
const said = (speech: Speech, title: string, text: string): FlowResult => ({ view: { ...message(title, text).view, speech } });

const refused = (speech: Speech) =>
  said(
    speech,
    t(speech, 'report.refusedTitle'),
    inEach(speech, (locale) => t(locale, 'report.refusedText', { readers: roleWords(REPORT_READERS, locale) }), { paragraphs: true }),
  );

const noTeams = (speech: Speech) => said(speech, t(speech, 'report.noTeamsTitle'), t(speech, 'report.noTeamsText', {}, { paragraphs: true }));

/** The month before today's, in the organisation's time zone: the last full month. */
export function lastFullMonth(context: FlowContext, now: Date): ReportMonth {
  const { year, month } = toYmd(today(now, context.calendar));
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/** The month typed, or the last full month; a month that is not one, or not begun, is named with what is allowed. */
function monthAsked(context: FlowContext, rest: string, now: Date, speech: Speech): ReportMonth | FlowResult {
  const typed = rest.trim();
  if (typed === '') return lastFullMonth(context, now);
  const { year, month } = toYmd(today(now, context.calendar));
  const allowed = { thisMonth: monthText({ year, month }), example: monthText(lastFullMonth(context, now)) };
  const asked = parseMonth(typed);
  const wrong = (id: 'report.notAMonth' | 'report.notBegun', shown: string) =>
    said(speech, t(speech, 'common.somethingWrong'), t(speech, id, { typed: shown, ...allowed }, { paragraphs: true }));
  if (!asked) return wrong('report.notAMonth', typed.slice(0, 20));
  if (asked.year * 12 + asked.month > year * 12 + month) return wrong('report.notBegun', typed);
  return asked;
}

/** "November 2026", "Tachwedd 2026". */
export const monthTitle = (month: ReportMonth, locale: Locale = 'en-GB') =>
  DateTime.fromObject({ year: month.year, month: month.month, day: 1 }).setLocale(locale).toFormat('LLLL yyyy');

const percentText = (value: number | null) => (value === null ? '' : ` (${value}%)`);

/** The card: each team's headline figures, the kinds counted and the pack's rule, in a speech (the intro as given). */
export function reportView(context: FlowContext, report: ScheduledReport, month: ReportMonth, now: Date, intro = '', speech: Speech = 'en-GB'): View {
  const kinds = context.pack.reporting?.covers ?? [];
  const over = toYmd(today(now, context.calendar));
  const monthOver = over.year * 12 + over.month > month.year * 12 + month.month;
  return {
    card: 'report',
    speech,
    data: {
      title: inEach(speech, (locale) => t(locale, 'report.title', { month: monthTitle(month, locale) })),
      intro,
      summary: inEach(
        speech,
        (locale) =>
          t(locale, 'report.summary', {
            month: monthTitle(month, locale),
            monthOver: String(monthOver),
            countedTo: monthOver ? '' : dayText(parseIsoDate(report.countedTo)!, locale),
          }),
        { paragraphs: true },
      ),
      teams: report.teams.map((team) => ({
        team: team.team,
        // A month not over: what is due later in it is counted as due, and said.
        due:
          team.totals.notYetDue > 0
            ? t(speech, 'report.dueWithNotYetDue', { due: team.totals.due, notYetDue: team.totals.notYetDue })
            : String(team.totals.due),
        onTime: `${team.totals.onTime}${percentText(team.totals.onTimePercent)}`,
        late: String(team.totals.late),
        notHeld: String(team.totals.notHeld),
        onLeave: String(team.totals.onLeave),
        overdue: String(team.totals.overdue),
      })),
      // The kinds' titles are the pack's own words.
      covers:
        kinds.length > 0
          ? t(speech, 'report.covers', { kinds: kinds.map((kind) => kindTitle(context, kind)).join(', ') }, { paragraphs: true })
          : t(speech, 'report.coversEvery', {}, { paragraphs: true }),
      rule: report.rule ?? '',
      month: monthText(month),
    },
  };
}

/** May this person have the report at all? A refusal is audited, naming who tried (ids only). */
async function reader(context: FlowContext, actor: Actor, via: string, month: string): Promise<{ teams: Team[] } | { result: FlowResult }> {
  const speech = speechOf(context.pack, actor);
  if (!REPORT_READERS.includes(actor.role)) {
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'report.refused',
      objectType: 'person',
      objectId: actor.id,
      detail: { month, via, role: actor.role },
    });
    return { result: refused(speech) };
  }
  const teams = await teamsInLine(context.db, actor);
  return teams.length === 0 ? { result: noTeams(speech) } : { teams };
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
  const speech = speechOf(context.pack, actor);
  const month = monthAsked(context, rest, now, speech);
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
  return { view: reportView(context, report, month, now, '', speech) };
}

const fileName = (month: string, format: ReportFileFormat) => `supervision-report-${month}.${format}`;

/** "Download as CSV": who may have it and what it is called; nothing leaves yet, so only a refusal is audited. */
export async function offerReportFile(context: FlowContext, actor: Actor, input: { month: string; format: ReportFileFormat }): Promise<FlowResult> {
  const taken = await takeReportFile(context, actor, { reportMonth: input.month, format: input.format }, false);
  if (!taken.ok) return taken.result;
  const speech = speechOf(context.pack, actor);
  return {
    view: said(speech, t(speech, 'report.fileTitle'), t(speech, 'report.fileText', { name: taken.name, format: input.format }, { paragraphs: true })).view,
    file: {
      reportMonth: input.month,
      format: input.format,
      name: taken.name,
      bytes: Buffer.byteLength(taken.text, 'utf8'),
      description: reportFileDescription(input.format, speech),
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
  const month = monthAsked(context, source.reportMonth, now, speechOf(context.pack, actor));
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
  return { ok: true, name: fileName(monthText(month), source.format), text, description: reportFileDescription(source.format, speechOf(context.pack, actor)) };
}
