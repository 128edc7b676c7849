// Sessions missed in a row are one story: the first missed due date, how many, and the latest. Every
// place that says a kind of supervision is overdue (upcoming, team, book, the cadence watch's notice)
// says it from this, so they agree on the date.
import type { SupervisionKind } from '../domain/policy/schema.js';
import type { DueAfterLeave } from '../domain/schedule/leave.js';
import type { DayNumber } from '../domain/time/localDate.js';
import { dayText } from './format.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';

export interface OverdueRun {
  kind: SupervisionKind;
  /** The earliest due date missed. */
  since: DayNumber;
  /** The latest due date missed (the cadence watch's notices count their weeks from it). */
  latest: DueAfterLeave;
  missed: number;
}

/** Each kind's overdue entries, in the order each kind first fell overdue. */
export function overdueRuns(dues: readonly DueAfterLeave[]): OverdueRun[] {
  const runs = new Map<SupervisionKind, OverdueRun>();
  for (const due of dues) {
    if (due.status !== 'overdue') continue;
    const run = runs.get(due.kind);
    if (!run) runs.set(due.kind, { kind: due.kind, since: due.date, latest: due, missed: 1 });
    else {
      run.missed += 1;
      if (due.date < run.since) run.since = due.date;
      if (due.date > run.latest.date) run.latest = due;
    }
  }
  return [...runs.values()].sort((a, b) => a.since - b.since);
}

/** The dues with each kind's overdue entries as one, where that kind first fell overdue. */
export function withOverdueAsOne(dues: readonly DueAfterLeave[]): { due: DueAfterLeave; run?: OverdueRun }[] {
  const runs = new Map(overdueRuns(dues).map((run) => [run.kind, run]));
  const told = new Set<SupervisionKind>();
  const lines: { due: DueAfterLeave; run?: OverdueRun }[] = [];
  for (const due of dues) {
    if (due.status !== 'overdue') lines.push({ due });
    else if (!told.has(due.kind)) {
      told.add(due.kind);
      lines.push({ due, run: runs.get(due.kind)! });
    }
  }
  return lines;
}

/** "overdue since Fri 15 Oct 2021, 61 missed" (or "overdue since Fri 30 Oct 2026" for one). */
export function overdueText(run: OverdueRun, speech: Speech = 'en-GB'): string {
  return inEach(speech, (locale) => t(locale, 'schedule.overdueSince', { day: dayText(run.since, locale), missed: run.missed }));
}
