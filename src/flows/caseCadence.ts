// Each case's supervision, on its case category's cadence (Cumberland section 4: child protection every
// 4 weeks, 12 weeks after permanence, ...). A case is discussed at allocation, with an allocation plan, so
// its next discussion is due one interval after the allocation date, then one interval after the last case
// discussion held: the latest record with its case reference, of a supervision session (the session's day)
// or of a request for supervision (the day it was recorded). A discussion recorded while the case was held
// by an earlier worker counts: the cadence belongs to the child's case. One query reads every case with its
// last discussion, for one worker, a team or everyone (the cadence watch), never a query per case.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { caseReviewSchedule } from '../domain/schedule/schedule.js';
import { addCalendarDuration } from '../domain/schedule/cadence.js';
import { citeSource } from '../domain/policy/cite.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { DueItem } from '../delivery/sweeper.js';
import type { Database } from '../store/schema.js';
import type { Letter, OverdueItem } from './cadenceWatch.js';
import type { FlowContext } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';

/** How far ahead a case's next due date is looked for: longer than the longest category interval (12 weeks). */
const CASE_HORIZON_DAYS = 120;

export interface OpenCase {
  case_reference: string;
  category: string;
  worker_id: string;
  worker_name: string;
  allocated_on: string;
  last_discussed: Date | null;
  supervisor_id: string | null;
}

/**
 * Every open case (of `workerIds`, or everyone's) with the last discussion held of it and its worker's
 * supervisor, in one query. `notAwayOn`: leave out cases whose worker is away that day (the watch).
 */
export async function openCases(
  db: Kysely<Database>,
  options: { workerIds?: readonly string[]; notAwayOn?: string; mayBeOverdue?: MayBeOverdue },
): Promise<OpenCase[]> {
  if (options.workerIds && options.workerIds.length === 0) return [];
  const ids = options.workerIds;
  const discussed = db
    .selectFrom('record')
    .leftJoin('supervision_session', 'supervision_session.id', 'record.session_id')
    .select(['record.case_reference', sql<Date>`max(coalesce(supervision_session.starts_at, record.created_at))`.as('last_discussed')])
    .where('record.case_reference', 'is not', null)
    .$if(ids !== undefined, (query) =>
      query.where('record.case_reference', 'in', (inner) =>
        inner.selectFrom('allocated_case').select('case_reference').where('worker_id', 'in', ids!).where('closed_on', 'is', null),
      ),
    )
    .groupBy('record.case_reference');
  const rows = await db
    .selectFrom('allocated_case')
    .innerJoin('person', 'person.id', 'allocated_case.worker_id')
    .leftJoin(discussed.as('discussed'), 'discussed.case_reference', 'allocated_case.case_reference')
    .leftJoin('supervision_relationship', (join) =>
      join.onRef('supervision_relationship.supervisee_id', '=', 'allocated_case.worker_id').on('supervision_relationship.ended_on', 'is', null),
    )
    .select([
      'allocated_case.case_reference',
      'allocated_case.category',
      'allocated_case.worker_id',
      'person.display_name as worker_name',
      sql<string>`to_char(allocated_case.allocated_on, 'YYYY-MM-DD')`.as('allocated_on'),
      'discussed.last_discussed',
      'supervision_relationship.supervisor_id',
    ])
    .where('allocated_case.closed_on', 'is', null)
    .$if(ids !== undefined, (query) => query.where('allocated_case.worker_id', 'in', ids!))
    .$if(options.mayBeOverdue !== undefined, (query) =>
      query.where((where) => {
        const { any, byLatestAnchor } = options.mayBeOverdue!;
        return where.or([
          ...(any.length > 0 ? [where('allocated_case.category', 'in', any)] : []),
          ...[...byLatestAnchor].map(([latest, categories]) =>
            where.and([
              where('allocated_case.category', 'in', categories),
              sql<boolean>`greatest(allocated_case.allocated_on, (discussed.last_discussed)::date) <= ${latest}::date`,
            ]),
          ),
        ]);
      }),
    )
    .$if(options.notAwayOn !== undefined, (query) =>
      query.where((where) =>
        where.not(
          where.exists(
            where
              .selectFrom('absence')
              .select(sql`1`.as('one'))
              .whereRef('absence.person_id', '=', 'allocated_case.worker_id')
              .where('absence.from_date', '<=', options.notAwayOn!)
              .where('absence.to_date', '>=', options.notAwayOn!),
          ),
        ),
      ),
    )
    .execute();
  return rows.map((row) => ({ ...row, last_discussed: row.last_discussed ? new Date(row.last_discussed) : null, supervisor_id: row.supervisor_id ?? null }));
}

/**
 * Which cases could be overdue on a day, for the watch to leave the rest in the database: a category on a
 * plain rolling interval only when its case was allocated or last discussed at least the shortest that
 * interval can be before the day, less a fortnight (a due date moves to a working day, the day is London's);
 * a category with no fixed interval never; any other, always. caseDue() decides for those it reads.
 */
interface MayBeOverdue {
  any: string[];
  /** Categories by the latest allocation or last discussion (ISO date) from which one can be overdue. */
  byLatestAnchor: Map<string, string[]>;
}

function mayBeOverdueOn(context: FlowContext, day: DayNumber): MayBeOverdue {
  const any: string[] = [];
  const byLatestAnchor = new Map<string, string[]>();
  for (const [id, category] of Object.entries(context.pack.caseCategories ?? {})) {
    const cadence = category.cadence;
    if (cadence.type === 'as-required') continue;
    if (cadence.type !== 'rolling' || cadence.first) {
      any.push(id);
      continue;
    }
    // The shortest the interval is from any day of the past year (a month is 28 to 31 days).
    let shortest = Number.POSITIVE_INFINITY;
    for (let from = day - 400; from <= day; from += 7) shortest = Math.min(shortest, addCalendarDuration(from, cadence.every) - from);
    const latest = formatIsoDate(day - shortest + 14);
    byLatestAnchor.set(latest, [...(byLatestAnchor.get(latest) ?? []), id]);
  }
  return { any, byLatestAnchor };
}

export interface CaseDue {
  /** The next day by which the case should be discussed. */
  date: DayNumber;
  /** The earliest due date missed, when overdue. */
  overdueSince?: DayNumber;
  /** The latest due date missed. */
  latestMissed?: DayNumber;
  missed: number;
  source: string;
}

/** When a case's next discussion is due (undefined: its category has no fixed interval, or nothing within the horizon). */
export function caseDue(context: FlowContext, openCase: OpenCase, from: DayNumber, horizonDays = CASE_HORIZON_DAYS): CaseDue | undefined {
  const category = context.pack.caseCategories?.[openCase.category];
  const start = parseIsoDate(openCase.allocated_on);
  if (!category || start === undefined) return undefined;
  const held = openCase.last_discussed ? [today(openCase.last_discussed, context.calendar)] : [];
  const dues = caseReviewSchedule({
    pack: context.pack,
    calendar: context.calendar,
    category: openCase.category,
    start,
    until: from + horizonDays,
    from,
    today: from,
    held,
  }).filter((due) => due.status === 'overdue' || due.status === 'planned');
  if (dues.length === 0) return undefined;
  const overdue = dues.filter((due) => due.status === 'overdue');
  return {
    date: dues[0]!.date,
    missed: overdue.length,
    source: category.source,
    ...(overdue.length > 0 ? { overdueSince: overdue[0]!.date, latestMissed: overdue[overdue.length - 1]!.date } : {}),
  };
}

const categoryTitle = (context: FlowContext, category: string) => context.pack.caseCategories?.[category]?.title ?? category;

function dueText(due: CaseDue, from: DayNumber): string {
  if (due.overdueSince !== undefined) return `overdue since ${dayText(due.overdueSince)}${due.missed > 1 ? `, ${due.missed} missed` : ''}`;
  return due.date === from ? 'due today' : `due by ${dayText(due.date)}`;
}

/** Overdue first, then by due date; cases with no fixed interval last. */
function byDue<T extends { due?: CaseDue }>(a: T, b: T): number {
  return (a.due?.overdueSince ?? a.due?.date ?? Number.MAX_SAFE_INTEGER) - (b.due?.overdueSince ?? b.due?.date ?? Number.MAX_SAFE_INTEGER);
}

/** At most this many cases on a card; the rest are counted. */
const CASES_SHOWN = 20;

/** "Your cases" on upcoming: each case's next discussion by its case reference, never a name. */
export async function caseLinesOf(
  context: FlowContext,
  workerIds: readonly string[],
  withWorker: boolean,
): Promise<{ cases: { reference: string; what: string }[]; casesMore: string }> {
  if (!context.pack.caseCategories) return { cases: [], casesMore: '' };
  const from = today(context.clock.now(), context.calendar);
  const listed = (await openCases(context.db, { workerIds }))
    .map((openCase) => ({ openCase, due: caseDue(context, openCase, from) }))
    .sort((a, b) => byDue(a, b) || a.openCase.case_reference.localeCompare(b.openCase.case_reference));
  const cases = listed.slice(0, CASES_SHOWN).map(({ openCase, due }) => ({
    reference: `Case ${openCase.case_reference}`,
    what: `${withWorker ? `${openCase.worker_name}: ` : ''}${categoryTitle(context, openCase.category)}, ${due ? dueText(due, from) : 'discussed as needed'}`,
  }));
  const more = listed.length - cases.length;
  return { cases, casesMore: more > 0 ? `And ${more} more case${more === 1 ? '' : 's'}, due later.` : '' };
}

/**
 * The cadence watch's items for cases: each case overdue today, told to its worker's supervisor, keyed
 * by the case and the first date missed, again each week while it stays overdue. Not while the worker is
 * away. Summed up with the watch's other notices, one message per supervisor.
 */
export async function caseOverdueItems(context: FlowContext, db: Kysely<Database>, day: DayNumber): Promise<DueItem[]> {
  if (!context.pack.caseCategories) return [];
  const items: OverdueItem[] = [];
  const recipients = new Map<OverdueItem, string>();
  for (const openCase of await openCases(db, { notAwayOn: formatIsoDate(day), mayBeOverdue: mayBeOverdueOn(context, day) })) {
    if (!openCase.supervisor_id) continue;
    const due = caseDue(context, openCase, day, 0);
    if (due?.overdueSince === undefined) continue;
    const weeks = Math.floor((day - due.latestMissed!) / 7);
    const key = `case-overdue:${openCase.worker_id}:${openCase.case_reference}:${formatIsoDate(due.overdueSince)}:week-${weeks}`;
    const category = categoryTitle(context, openCase.category);
    const letter: Letter = {
      recipient: openCase.supervisor_id,
      role: 'supervisor',
      line: { title: openCase.worker_name, value: `Case ${openCase.case_reference} (${category}) ${dueText(due, day)}` },
      notice: {
        personId: openCase.supervisor_id,
        key,
        text: `Case supervision overdue: case ${openCase.case_reference}`,
        view: {
          card: 'notice',
          data: {
            title: 'Case supervision is overdue',
            text: `Case ${openCase.case_reference}, held by ${openCase.worker_name}, is ${category}: its supervision was due by ${dayText(due.latestMissed!)} and no discussion of it has been recorded since${due.missed > 1 ? ` (${dueText(due, day)})` : ''}. Please book it as soon as you can: /supervision book.`,
            facts: [{ title: 'Rule', value: citeSource(context.pack, due.source) }],
            buttons: [{ title: 'Book it', verb: 'book.for', data: { supervisee: openCase.worker_id } }],
          },
        },
      },
    };
    const item: OverdueItem = {
      key,
      letters: async () => [letter],
      apply: async (trx: Transaction<Database>, at: Date) => {
        await notifyPerson(trx, { ...letter.notice, now: at });
      },
    };
    recipients.set(item, openCase.supervisor_id);
    items.push(item);
  }
  // By supervisor, so one supervisor's cases fall in the same batches of the sweep and are summed up together.
  const recipient = (item: OverdueItem) => recipients.get(item)!;
  return items.sort((a, b) => (recipient(a) < recipient(b) ? -1 : recipient(a) > recipient(b) ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
