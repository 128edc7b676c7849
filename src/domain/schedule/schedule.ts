// A person's supervision schedule: for each kind their cohort gets, the dates it is due.
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Cadence, PolicyPack, SupervisionKind } from '../policy/schema.js';
import type { DayNumber } from '../time/localDate.js';
import { dueDates, type DueEntry } from './cadence.js';
import { entryOf } from '../policy/entryOf.js';

export interface ScheduledDue extends DueEntry {
  kind: SupervisionKind;
  source: string;
}

export interface PersonScheduleInput {
  pack: PolicyPack;
  calendar: WorkingCalendar;
  cohortId: string;
  start: DayNumber;
  until: DayNumber;
  from?: DayNumber;
  today?: DayNumber;
  /** Sessions held, by kind. */
  held?: Partial<Record<SupervisionKind, readonly DayNumber[]>>;
  /** Only this kind. */
  kind?: SupervisionKind;
  agreed?: readonly DayNumber[];
}

export class UnknownNameError extends Error {
  constructor(
    readonly what: string,
    readonly value: string,
    readonly allowed: readonly string[],
  ) {
    super(`unknown ${what} '${value}'; allowed: ${allowed.join(', ') || '(none)'}`);
  }
}

export function personSchedule(input: PersonScheduleInput): ScheduledDue[] {
  const cohort = entryOf(input.pack.cohorts, input.cohortId);
  if (!cohort) throw new UnknownNameError('cohort', input.cohortId, Object.keys(input.pack.cohorts));
  const entries = cohort.supervision.filter((entry) => !input.kind || entry.kind === input.kind);
  if (input.kind && entries.length === 0) {
    throw new UnknownNameError(
      `kind for cohort ${input.cohortId}`,
      input.kind,
      cohort.supervision.map((entry) => entry.kind),
    );
  }
  const result: ScheduledDue[] = [];
  for (const entry of entries) {
    // Held sessions of the kinds the pack says also meet this one count as this one (alsoMetBy).
    const held = sortedCopy([entry.kind, ...(entry.alsoMetBy ?? [])].flatMap((kind) => input.held?.[kind] ?? []));
    for (const due of dueDates(entry.cadence, { ...input, held, periodJoinedPartWay: input.pack.lateStart?.periodJoinedPartWay })) {
      result.push({ ...due, kind: entry.kind, source: entry.source });
    }
  }
  return result.sort((a, b) => a.date - b.date || a.kind.localeCompare(b.kind));
}

/** When a case in a given category (service area, status) must next be reviewed in supervision. */
export function caseReviewSchedule(
  input: Omit<PersonScheduleInput, 'cohortId' | 'held' | 'kind'> & { category: string; held?: readonly DayNumber[] },
): ScheduledDue[] {
  const categories = input.pack.caseCategories ?? {};
  const category = categories[input.category];
  if (!category) throw new UnknownNameError('case category', input.category, Object.keys(categories));
  return dueDates(category.cadence, { ...input, held: sortedCopy(input.held), periodJoinedPartWay: input.pack.lateStart?.periodJoinedPartWay }).map((due) => ({ ...due, kind: 'case', source: category.source }));
}

/** The kinds of a cohort counted "N a year" at any time in the year, whose sessions of the last two years count. */
export function countedInYear(cohort: { supervision: readonly { kind: SupervisionKind; cadence: Cadence }[] }): Set<SupervisionKind> {
  const kinds = new Set<SupervisionKind>();
  for (const entry of cohort.supervision) {
    const simple = entry.cadence.type === 'phased' ? entry.cadence.phases.map((phase) => phase.cadence) : [entry.cadence];
    if (simple.some((cadence) => cadence.type === 'per-year' && cadence.spread === 'none')) kinds.add(entry.kind);
  }
  return kinds;
}

function sortedCopy(days: readonly DayNumber[] | undefined): DayNumber[] {
  return days ? [...days].sort((a, b) => a - b) : [];
}
