// "Four a year, at any time in the year" (Bexley's direct observations): the schedule owes one entry per
// session still to hold, all due on the year's last working day. The views show them as one line that
// counts, and warn when fewer whole months are left in the year than sessions still owed.
import { monthsLeft } from '../domain/schedule/cadence.js';
import type { DueAfterLeave } from '../domain/schedule/leave.js';
import type { DayNumber } from '../domain/time/localDate.js';
import { dayText } from './format.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';
import type { OverdueRun } from './overdue.js';

/** The dues with each year's owed sessions still to come as one line (the first of them); the rest unchanged. */
export function withCountsAsOne<T extends DueAfterLeave>(dues: readonly T[]): T[] {
  const told = new Set<string>();
  return dues.filter((due) => {
    if (!due.count || due.status !== 'planned' || !due.window) return true;
    const key = `${due.kind}:${due.window.start}`;
    if (told.has(key)) return false;
    told.add(key);
    return true;
  });
}

/** "2 of 4 held this year, 2 still to hold by Fri 4 Jun 2027; only 1 month is left", or undefined when not counted. */
export function countText(due: DueAfterLeave, today: DayNumber, speech: Speech = 'en-GB'): string | undefined {
  if (!due.count || !due.window || due.status !== 'planned') return undefined;
  const { held, of } = due.count;
  const owed = of - held;
  const left = monthsLeft(today, due.window.end);
  return inEach(speech, (locale) =>
    t(locale, left < owed ? 'schedule.countPlannedShort' : 'schedule.countPlanned', { held, of, owed, left, day: dayText(due.date, locale) }),
  );
}

/** "2 of 4 not held in the year to Fri 4 Jun 2027" for a year that ended short, or undefined when not counted. */
export function countOverdueText(run: OverdueRun, speech: Speech = 'en-GB'): string | undefined {
  const due = run.latest;
  if (!due.count || !due.window) return undefined;
  const { held, of } = due.count;
  return inEach(speech, (locale) => t(locale, 'schedule.countOverdue', { notHeld: of - held, of, day: dayText(due.date, locale) }));
}
