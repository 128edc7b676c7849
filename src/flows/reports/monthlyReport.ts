// The oversight report by itself (issue 20): on the first working day after each month (weekends and bank
// holidays skipped), the report card goes once to each person in the roles the pack's `reporting.sendTo`
// names who has a team in their line, for those teams. Keyed by the month and the person, like every
// reminder, so a second sweep, a restart or a second replica never sends it twice. A bot that was down on
// that day sends it when it is back, up to five working days later.
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DueItem, DueProvider } from '../../delivery/sweeper.js';
import { citeSource } from '../../domain/policy/cite.js';
import { fromYmd, toYmd, type DayNumber } from '../../domain/time/localDate.js';
import { monthText, type ReportMonth } from '../../reports/scheduled.js';
import type { Database, DirectoryRole } from '../../store/schema.js';
import type { FlowContext } from '../context.js';
import { today } from '../format.js';
import { notifyPerson } from '../notify.js';
import { supervisionLines, type Team } from './line.js';
import { monthTitle, reportForTeams, reportView } from './oversightReport.js';
import { inEach, t } from '../../i18n/catalogue.js';
import { speechOfPerson } from '../speech.js';

/** A bot that was down on the first working day still sends the report this many working days after it, not later. */
export const CATCH_UP_WORKING_DAYS = 5;

/** The month whose report is due on `day`: its month's first working day, or a few working days after; otherwise undefined. */
export function monthReportedOn(context: FlowContext, day: DayNumber): ReportMonth | undefined {
  const { year, month } = toYmd(day);
  const first = context.calendar.onOrAfter(fromYmd(year, month, 1));
  if (day < first || day > context.calendar.addWorkingDays(first, CATCH_UP_WORKING_DAYS)) return undefined;
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

export function monthlyReportProvider(context: FlowContext): DueProvider {
  let lastLookDay = Number.NEGATIVE_INFINITY;
  return {
    name: 'the monthly oversight report',
    async due(db: Kysely<Database>, now: Date) {
      const reporting = context.pack.reporting;
      // The pack's cadence is a calendar month, the only period its schema allows (a report counts a month).
      if (!reporting?.sendTo) return [];
      const day = today(now, context.calendar);
      if (day === lastLookDay || !context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      lastLookDay = day;
      const month = monthReportedOn(context, day);
      if (!month) return [];
      const recipients = await db
        .selectFrom('person')
        .select(['id', 'role'])
        .where('role', 'in', reporting.sendTo.roles as DirectoryRole[])
        .orderBy('id')
        .execute();
      const lines = await supervisionLines(db);
      // The line read once for everyone, just before the items are applied: not once a recipient.
      return recipients.flatMap((person) => {
        const teams = lines(person);
        return teams.length > 0 ? [monthlyReportItem(context, person.id, teams, month)] : [];
      });
    },
  };
}

function monthlyReportItem(context: FlowContext, personId: string, teams: Team[], month: ReportMonth): DueItem {
  const key = `report-monthly:${monthText(month)}:${personId}`;
  return {
    key,
    apply: async (trx: Transaction<Database>, at: Date) => {
      const inTrx = { ...context, db: trx };
      const report = await reportForTeams(inTrx, {
        month,
        teams,
        now: at,
        actorId: null,
        action: 'report.sent',
        objectId: personId,
        via: 'monthly',
        format: 'card',
      });
      const rule = citeSource(context.pack, context.pack.reporting!.sendTo!.source);
      const speech = await speechOfPerson(trx, context.pack, personId);
      await notifyPerson(trx, {
        personId,
        key,
        now: at,
        text: inEach(speech, (locale) => t(locale, 'report.monthlyNotice', { month: monthTitle(month, locale) })),
        view: reportView(inTrx, report, month, at, t(speech, 'report.monthlyIntro', { rule }, { paragraphs: true }), speech),
      });
    },
  };
}
