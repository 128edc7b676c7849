// The pack's attendance rule for group supervision (Cafcass: at least once a quarter): the period a day
// falls in, how many sessions each person attended in it, and the day near its end when those who have
// not are nudged. Periods run from January (the README's choice where a pack is silent).
import type { Kysely, Transaction } from 'kysely';
import { windowsBetween, type Window } from '../../domain/schedule/periods.js';
import { fromYmd, toYmd, type DayNumber } from '../../domain/time/localDate.js';
import type { Database } from '../../store/schema.js';
import type { FlowContext } from '../context.js';

/** How many working days before a period ends the nudges go: the bot's choice (README). */
export const NUDGE_WORKING_DAYS_BEFORE_END = 10;

const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

export function attendancePeriod(context: FlowContext, day: DayNumber): Window | undefined {
  const rule = context.pack.group?.attendance;
  if (!rule) return undefined;
  return windowsBetween(fromYmd(toYmd(day).year, 1, 1), MONTHS[rule.per], day, day)[0];
}

/** Someone who started in the second half of a period owes no session in it (the README's rule for joining part-way). */
export function owesIn(period: Window, start: DayNumber | undefined): boolean {
  return (start ?? period.start) <= period.start + Math.floor((period.end - period.start) / 2);
}

/** The day the nudges of a period go: its tenth working day from the end. */
export function nudgeDay(context: FlowContext, period: Window): DayNumber {
  return context.calendar.workingDaysBefore(period.end + 1, NUDGE_WORKING_DAYS_BEFORE_END);
}

/** "the quarter from Thu 1 Oct 2026" is long; "this quarter" reads better, with the rule after it. */
export function ruleText(context: FlowContext): string {
  const rule = context.pack.group!.attendance!;
  return `the ${context.pack.organisation} policy asks everyone to attend at least ${rule.atLeast === 1 ? 'once' : `${rule.atLeast} times`} a ${rule.per}`;
}

/** Group sessions each person attended in a period. */
export async function attendedIn(
  context: FlowContext,
  db: Kysely<Database> | Transaction<Database>,
  personIds: string[],
  period: Window,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (personIds.length === 0) return counts;
  const rows = await db
    .selectFrom('group_attendance')
    .innerJoin('supervision_session', 'supervision_session.id', 'group_attendance.session_id')
    .select(['group_attendance.person_id'])
    .where('group_attendance.attended', '=', true)
    .where('group_attendance.person_id', 'in', personIds)
    .where('supervision_session.starts_at', '>=', context.calendar.atMinute(period.start, 0).toJSDate())
    .where('supervision_session.starts_at', '<', context.calendar.atMinute(period.end + 1, 0).toJSDate())
    .execute();
  for (const row of rows) counts.set(row.person_id, (counts.get(row.person_id) ?? 0) + 1);
  return counts;
}

/** A person's own attendance this period, for their private "group" card. */
export async function attendanceThisPeriod(context: FlowContext, personId: string, day: DayNumber): Promise<{ count: number; text: string } | undefined> {
  const period = attendancePeriod(context, day);
  if (!period) return undefined;
  const count = (await attendedIn(context, context.db, [personId], period)).get(personId) ?? 0;
  const per = context.pack.group!.attendance!.per;
  return { count, text: `You have attended ${count} this ${per}; ${ruleText(context)}.` };
}
