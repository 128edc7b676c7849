// Each case's supervision, on its case category's cadence (Cumberland section 4: child protection every
// 4 weeks, 12 weeks after permanence, ...; Bexley standard three: 4, 8 or 12 weeks; Islington: every open case
// each month). Where the pack says a case is discussed at allocation, with an allocation plan
// (`caseAllocation`, Cumberland 4), its first discussion is due on the allocation date itself; otherwise one
// interval after it. After that, one interval after the last case discussion held: the latest record with its case reference, of a supervision session (the session's day)
// or of a request for supervision (the day it was recorded). A discussion recorded while the case was held
// by an earlier worker counts toward the interval (the cadence belongs to the child's case), but not as the
// discussion at this allocation. A case's frequency may be raised above its category's by the worker's
// supervisor (`caseFrequencyRaised`, stored on the case): then that interval is used. One query reads every case with its
// last discussion, for one worker, a team or everyone (the cadence watch), never a query per case.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { caseReviewSchedule } from '../domain/schedule/schedule.js';
import { parseDuration } from '../domain/time/duration.js';
import { writeAudit } from '../store/audit.js';
import { isAboveInLine } from './readRecords.js';
import { shortestDueGap } from '../domain/schedule/cadence.js';
import { citeSource } from '../domain/policy/cite.js';
import { formatIsoDate, parseIsoDate, toYmd, type DayNumber } from '../domain/time/localDate.js';
import type { DueItem } from '../delivery/sweeper.js';
import type { Database } from '../store/schema.js';
import type { Letter, OverdueItem } from './cadenceWatch.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, durationText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { speechOf, speechOfPerson } from './speech.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { DateTime } from 'luxon';

/** How far ahead a case's next due date is looked for: longer than the longest category interval (12 weeks). */
const CASE_HORIZON_DAYS = 120;

export interface OpenCase {
  case_reference: string;
  category: string;
  worker_id: string;
  worker_name: string;
  /** The worker's chosen language (person.language), read in the same query. */
  worker_language?: string | null;
  allocated_on: string;
  last_discussed: Date | null;
  supervisor_id: string | null;
  /** Raised above the category's frequency: every this many weeks. */
  every_weeks: number | null;
  /** What the cadence watch last told of it (caseOverdueItems). */
  overdue_told: string | null;
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
  const rows = await db
    .selectFrom('allocated_case')
    .innerJoin('person', 'person.id', 'allocated_case.worker_id')
    .leftJoin('supervision_relationship', (join) =>
      join.onRef('supervision_relationship.supervisee_id', '=', 'allocated_case.worker_id').on('supervision_relationship.ended_on', 'is', null),
    )
    .select([
      'allocated_case.case_reference',
      'allocated_case.category',
      'allocated_case.worker_id',
      'person.display_name as worker_name',
      'person.language as worker_language',
      sql<string>`to_char(allocated_case.allocated_on, 'YYYY-MM-DD')`.as('allocated_on'),
      // Kept on the case by the database as records are written (migration 0026).
      'allocated_case.last_discussed',
      'supervision_relationship.supervisor_id',
      'allocated_case.every_weeks',
      'allocated_case.overdue_told',
    ])
    .where('allocated_case.closed_on', 'is', null)
    .$if(ids !== undefined, (query) => query.where('allocated_case.worker_id', 'in', ids!))
    .$if(options.mayBeOverdue !== undefined, (query) =>
      query.where((where) => {
        const { any, byLatestAnchor, atAllocation } = options.mayBeOverdue!;
        return where.or([
          ...(any.length > 0 ? [where('allocated_case.category', 'in', any)] : []),
          // A case whose frequency was raised follows its own interval: always read.
          where('allocated_case.every_weeks', 'is not', null),
          // Discussed at allocation (Cumberland 4): a case not discussed since its allocation is due from that day.
          ...(atAllocation
            ? [sql<boolean>`(allocated_case.last_discussed is null or (allocated_case.last_discussed)::date < allocated_case.allocated_on)`]
            : []),
          ...[...byLatestAnchor].map(([latest, categories]) =>
            where.and([
              where('allocated_case.category', 'in', categories),
              sql<boolean>`greatest(allocated_case.allocated_on, (allocated_case.last_discussed)::date) <= ${latest}::date`,
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
  return rows.map((row) => ({
    ...row,
    last_discussed: row.last_discussed ? new Date(row.last_discussed) : null,
    supervisor_id: row.supervisor_id ?? null,
    every_weeks: row.every_weeks ?? null,
    overdue_told: row.overdue_told ?? null,
  }));
}

/**
 * Which cases could be overdue on a day, for the watch to leave the rest in the database: a category on a
 * plain rolling interval only when its case was allocated or last discussed at least the shortest that
 * interval can be before the day (`shortestDueGap`: a due date moves to a working day), less a day (the
 * database's date of the last discussion may not be London's);
 * a category with no fixed interval never; any other, always. A case whose frequency was raised, or (where the
 * pack has it discussed at allocation) not discussed since its allocation, always. caseDue() decides for those it reads.
 */
interface MayBeOverdue {
  any: string[];
  /** The pack has the first discussion due at allocation: cases not discussed since are always read. */
  atAllocation: boolean;
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
    // The shortest a case's interval is from any day of the past year, as its due date moves to a working day
    // (a month is 28 to 31 days, a bank holiday weekend takes up to 4 off), with a day over for the anchor
    // the database reads in its own zone.
    const latest = formatIsoDate(day - shortestDueGap(context.calendar, cadence.every, day) + 1);
    byLatestAnchor.set(latest, [...(byLatestAnchor.get(latest) ?? []), id]);
  }
  return { any, byLatestAnchor, atAllocation: context.pack.caseAllocation !== undefined };
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
  /** The discussion at allocation is still owed (`caseAllocation`): due on the allocation date. */
  atAllocation?: boolean;
  /** Raised above the category's frequency: every this many weeks. */
  everyWeeks?: number;
}

/** The category of `openCase`, with its interval raised when the case's frequency was raised. */
function cadenceOf(context: FlowContext, openCase: OpenCase) {
  const category = context.pack.caseCategories?.[openCase.category];
  if (!category || !openCase.every_weeks) return category;
  const every = parseDuration(`${openCase.every_weeks} weeks`)!;
  return { ...category, cadence: { type: 'rolling' as const, every } };
}

/** When a case's next discussion is due (undefined: its category has no fixed interval, or nothing within the horizon). */
export function caseDue(context: FlowContext, openCase: OpenCase, from: DayNumber, horizonDays = CASE_HORIZON_DAYS): CaseDue | undefined {
  const category = cadenceOf(context, openCase);
  const start = parseIsoDate(openCase.allocated_on);
  if (!category || start === undefined) return undefined;
  const lastDiscussed = openCase.last_discussed ? today(openCase.last_discussed, context.calendar) : undefined;
  // Discussed at allocation (Cumberland 4): owed on the allocation date until a discussion on or after it.
  const atAllocation = context.pack.caseAllocation !== undefined && (lastDiscussed === undefined || lastDiscussed < start);
  const held = lastDiscussed !== undefined && !atAllocation ? [lastDiscussed] : [];
  const pack =
    category === context.pack.caseCategories?.[openCase.category] ? context.pack : { ...context.pack, caseCategories: { [openCase.category]: category } };
  const dues = caseReviewSchedule({
    pack,
    calendar: context.calendar,
    category: openCase.category,
    start,
    until: from + horizonDays,
    from,
    today: from,
    held,
  }).filter((due) => due.status === 'overdue' || due.status === 'planned');
  if (atAllocation && category.cadence.type !== 'as-required') {
    // The allocation date first, then the category's dates as if nothing had been held since.
    dues.unshift({ date: start, status: start < from ? 'overdue' : 'planned', kind: 'case', source: context.pack.caseAllocation!.source });
  }
  if (dues.length === 0) return undefined;
  const overdue = dues.filter((due) => due.status === 'overdue');
  return {
    date: dues[0]!.date,
    missed: overdue.length,
    source: atAllocation ? context.pack.caseAllocation!.source : category.source,
    ...(overdue.length > 0 ? { overdueSince: overdue[0]!.date, latestMissed: overdue[overdue.length - 1]!.date } : {}),
    ...(atAllocation ? { atAllocation: true } : {}),
    ...(openCase.every_weeks ? { everyWeeks: openCase.every_weeks } : {}),
  };
}

const categoryTitle = (context: FlowContext, category: string) => context.pack.caseCategories?.[category]?.title ?? category;

function dueText(due: CaseDue, from: DayNumber, locale: Locale = 'en-GB'): string {
  if (due.overdueSince !== undefined) return t(locale, 'case.overdueSince', { day: dayText(due.overdueSince, locale), missed: due.missed });
  return due.date === from ? t(locale, 'case.dueToday') : t(locale, 'case.dueBy', { day: dayText(due.date, locale) });
}

/** "November 2026" ("Tachwedd 2026"). */
const monthText = (day: DayNumber, locale: Locale) => DateTime.fromISO(formatIsoDate(day), { zone: 'UTC' }).setLocale(locale).toFormat('LLLL yyyy');

/** The label of the record field the allocation plan goes in (`caseAllocation.planField`), once per pack: the watch asks for every case. */
const planLabels = new WeakMap<object, string | null>();
function planLabel(context: FlowContext, locale: Locale): string {
  let known = planLabels.get(context.pack);
  if (known === undefined) {
    const field = context.pack.caseAllocation?.planField;
    const found = Object.values(context.pack.recordingModels)
      .flatMap((model) => model.fields)
      .find((candidate) => candidate.id === field);
    known = found ? found.label.toLowerCase() : null;
    planLabels.set(context.pack, known);
  }
  // The pack's own label, as it has it; else the catalogue's words.
  return known ?? t(locale, 'case.allocationPlan');
}

/**
 * What a case line says beyond its due date: the discussion at allocation (with its plan), a frequency raised,
 * and the condition the category's interval holds under (`onlyIf`: Bexley's Leaving Care, with the head of
 * service's agreement), in brackets; empty when there is nothing to say.
 */
function dueNotes(context: FlowContext, openCase: OpenCase, due: CaseDue | undefined, from: DayNumber, locale: Locale = 'en-GB'): string {
  const notes: string[] = [];
  if (due?.atAllocation) notes.push(t(locale, 'case.noteAtAllocation', { plan: planLabel(context, locale) }));
  // Every open case each calendar month (Islington): the month it went without a discussion, or this month's still owed.
  const cadence = context.pack.caseCategories?.[openCase.category]?.cadence;
  if (due && !openCase.every_weeks && cadence?.type === 'calendar' && cadence.period === 'month') {
    if (due.latestMissed !== undefined && due.missed > 1)
      notes.push(t(locale, 'case.noteMonthsMissed', { missed: due.missed, month: monthText(due.overdueSince!, locale) }));
    else if (due.latestMissed !== undefined) notes.push(t(locale, 'case.noteMonthMissed', { month: monthText(due.latestMissed, locale) }));
    else if (toYmd(due.date).month === toYmd(from).month && toYmd(due.date).year === toYmd(from).year)
      notes.push(t(locale, 'case.noteNotYet', { month: monthText(from, locale) }));
  }
  if (openCase.every_weeks) notes.push(t(locale, 'case.noteRaised', { weeks: openCase.every_weeks }));
  const onlyIf = context.pack.caseCategories?.[openCase.category]?.onlyIf;
  // The condition is the policy's own words, as the pack has them.
  if (onlyIf && !openCase.every_weeks) notes.push(t(locale, 'case.noteOnlyIf', { condition: onlyIf }));
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
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
  speech: Speech = 'en-GB',
): Promise<{ cases: { reference: string; what: string }[]; casesMore: string; raiseFrequency: boolean }> {
  if (!context.pack.caseCategories) return { cases: [], casesMore: '', raiseFrequency: false };
  const from = today(context.clock.now(), context.calendar);
  const listed = (await openCases(context.db, { workerIds }))
    .map((openCase) => ({ openCase, due: caseDue(context, openCase, from) }))
    .sort((a, b) => byDue(a, b) || a.openCase.case_reference.localeCompare(b.openCase.case_reference));
  const cases = listed.slice(0, CASES_SHOWN).map(({ openCase, due }) => ({
    reference: t(speech, 'case.reference', { reference: openCase.case_reference }),
    what: inEach(speech, (locale) =>
      t(locale, withWorker ? 'case.lineWorker' : 'case.line', {
        worker: openCase.worker_name,
        category: categoryTitle(context, openCase.category),
        due: due ? dueText(due, from, locale) : t(locale, 'case.asNeeded'),
        notes: dueNotes(context, openCase, due, from, locale),
      }),
    ),
  }));
  const more = listed.length - cases.length;
  return {
    cases,
    casesMore: more > 0 ? t(speech, 'case.more', { more }) : '',
    // On team: the supervisor may raise a case's frequency (caseFrequencyRaised).
    raiseFrequency: withWorker && context.pack.caseFrequencyRaised !== undefined && listed.length > 0,
  };
}

/**
 * The cadence watch's items for cases: each case overdue today, told to its worker's supervisor, once for the
 * first date missed, again each week while it stays overdue; not while the worker is away. One item per
 * supervisor, summed up with the watch's other notices in one message. What was told is kept on the case
 * (`overdue_told`, migration 0034): a case told already is not listed, and the item marks its cases in the
 * transaction that queues the message, only those still unmarked, so each is told once whichever sweep or
 * replica lists it. The text of each case's line is written only when the item is applied.
 */
export async function caseOverdueItems(context: FlowContext, db: Kysely<Database>, day: DayNumber): Promise<DueItem[]> {
  if (!context.pack.caseCategories) return [];
  const bySupervisor = new Map<string, { openCase: OpenCase; due: CaseDue; told: string }[]>();
  for (const openCase of await openCases(db, { notAwayOn: formatIsoDate(day), mayBeOverdue: mayBeOverdueOn(context, day) })) {
    if (!openCase.supervisor_id) continue;
    const due = caseDue(context, openCase, day, 0);
    if (due?.overdueSince === undefined) continue;
    const told = `${openCase.worker_id}:${formatIsoDate(due.overdueSince)}:week-${Math.floor((day - due.latestMissed!) / 7)}`;
    if (openCase.overdue_told === told) continue;
    const cases = bySupervisor.get(openCase.supervisor_id) ?? [];
    cases.push({ openCase, due, told });
    bySupervisor.set(openCase.supervisor_id, cases);
  }
  const items: OverdueItem[] = [];
  for (const [supervisorId, cases] of [...bySupervisor].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // By worker, then the longest overdue first.
    cases.sort(
      (a, b) =>
        a.openCase.worker_id.localeCompare(b.openCase.worker_id) ||
        a.due.overdueSince! - b.due.overdueSince! ||
        a.openCase.case_reference.localeCompare(b.openCase.case_reference),
    );
    const claims = cases.map(({ openCase, told }) => ({ reference: openCase.case_reference, told }));
    const lettersOf = (marked: ReadonlySet<string>): Letter[] =>
      cases
        .filter(({ openCase }) => marked.has(openCase.case_reference))
        .map(({ openCase, due, told }) => caseLetter(context, supervisorId, openCase, due, told, day));
    items.push({
      key: `case-overdue:${supervisorId}:${formatIsoDate(day)}:${createHash('sha256')
        .update(claims.map((claim) => `${claim.reference}=${claim.told}`).join('|'))
        .digest('hex')
        .slice(0, 16)}`,
      caseClaims: claims,
      letters: async (trx, _lines, marked) => lettersOf(marked ?? (await markCasesTold(trx, claims))),
      // Alone (outside the watch's applyMany): each case's own notice.
      apply: async (trx, at) => {
        for (const letter of lettersOf(await markCasesTold(trx, claims)))
          await notifyPerson(trx, { ...letter.say!(await speechOfPerson(trx, context.pack, letter.recipient)).notice, now: at });
      },
    });
  }
  return items;
}

/** Marks cases as told this, where they were not already (by another sweep or replica): the references marked now. */
export async function markCasesTold(trx: Transaction<Database>, claims: readonly { reference: string; told: string }[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  // In order, so replicas marking overlapping cases take their row locks in the same order.
  const sorted = [...claims].sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  const { rows } = await sql<{ case_reference: string }>`
    update allocated_case set overdue_told = told.what
    from (select unnest(${sorted.map((claim) => claim.reference)}::text[]) as reference, unnest(${sorted.map((claim) => claim.told)}::text[]) as what) as told
    where allocated_case.case_reference = told.reference and allocated_case.overdue_told is distinct from told.what
    returning allocated_case.case_reference`.execute(trx);
  return new Set(rows.map((row) => row.case_reference));
}

/** One overdue case as its worker's supervisor is told it: alone, or as a line of the summary; in English, or `say` in the supervisor's speech. */
function caseLetter(context: FlowContext, supervisorId: string, openCase: OpenCase, due: CaseDue, told: string, day: DayNumber): Letter {
  const category = categoryTitle(context, openCase.category);
  const say = (speech: Speech): Pick<Letter, 'notice' | 'line'> => ({
    line: {
      title: openCase.worker_name,
      value: inEach(speech, (locale) =>
        t(locale, 'case.overdueLine', {
          reference: openCase.case_reference,
          category,
          due: dueText(due, day, locale),
          notes: dueNotes(context, openCase, due, day, locale),
        }),
      ),
    },
    notice: {
      personId: supervisorId,
      key: `case-overdue:${openCase.case_reference}:${told}`,
      text: t(speech, 'case.overdueNotice', { reference: openCase.case_reference }),
      view: {
        card: 'notice',
        ...(speech === 'en-GB' ? {} : { speech }),
        data: {
          title: t(speech, 'case.overdueTitle'),
          text: inEach(
            speech,
            (locale) =>
              t(locale, 'case.overdueText', {
                reference: openCase.case_reference,
                worker: openCase.worker_name,
                category,
                atAllocation: due.atAllocation && due.missed === 1 ? 'yes' : 'no',
                day: dayText(due.latestMissed!, locale),
                missed: due.missed,
                due: dueText(due, day, locale),
                notes: dueNotes(context, openCase, due, day, locale),
              }),
            { paragraphs: true },
          ),
          facts: [{ title: t(speech, 'notice.rule'), value: citeSource(context.pack, due.source) }],
          buttons: [{ title: t(speech, 'notice.bookIt'), verb: 'book.for', data: { supervisee: openCase.worker_id } }],
        },
      },
    },
  });
  return { recipient: supervisorId, role: 'supervisor', ...say('en-GB'), say };
}

// ---- a case's frequency raised (Cumberland 4) --------------------------------------------------------

/** About how many days apart a cadence's sessions are, to tell whether an interval is more frequent. */
function cadenceDays(cadence: NonNullable<FlowContext['pack']['caseCategories']>[string]['cadence']): number | undefined {
  if (cadence.type === 'rolling') {
    const perUnit = { days: 1, weeks: 7, months: 28, years: 364 } as Record<string, number>;
    const days = perUnit[cadence.every.unit];
    return days === undefined ? undefined : cadence.every.amount * days;
  }
  if (cadence.type === 'calendar') return { month: 28, quarter: 84, year: 364 }[cadence.period];
  return undefined;
}

const everyText = (weeks: number, locale: Locale) => t(locale, 'case.every', { weeks });
const MOST_WEEKS = 11;
const reasonTitle = (reason: 'supervisor' | 'supervisee', speech: Speech) =>
  t(speech, reason === 'supervisor' ? 'case.reasonSupervisor' : 'case.reasonSupervisee');

/** Open cases of the people `actor` supervises directly, for the form. */
async function casesOfSupervisees(context: FlowContext, actor: Actor): Promise<OpenCase[]> {
  const supervisees = await context.db
    .selectFrom('supervision_relationship')
    .select('supervisee_id')
    .where('supervisor_id', '=', actor.id)
    .where('ended_on', 'is', null)
    .execute();
  return (await openCases(context.db, { workerIds: supervisees.map((row) => row.supervisee_id) })).sort(
    (a, b) => a.worker_name.localeCompare(b.worker_name) || a.case_reference.localeCompare(b.case_reference),
  );
}

/** A message card in a speech (the catalogue's words already in it). */
const said = (speech: Speech, title: string, text: string): FlowResult => ({ view: { ...message(title, text).view, speech } });

const frequencyOff = (context: FlowContext, speech: Speech) =>
  said(speech, t(speech, 'case.frequencyOffTitle'), t(speech, 'case.frequencyOffText', { organisation: context.pack.organisation }, { paragraphs: true }));

/** The form: one of their supervisees' cases, how often, and why. Its Save is checked again (setCaseFrequency). */
export async function caseFrequencyForm(
  context: FlowContext,
  actor: Actor,
  state: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const rule = context.pack.caseFrequencyRaised;
  if (!rule) return frequencyOff(context, speech);
  const cases = await casesOfSupervisees(context, actor);
  if (cases.length === 0) return said(speech, t(speech, 'case.noCasesTitle'), t(speech, 'case.noCasesText', {}, { paragraphs: true }));
  return {
    view: {
      card: 'case-frequency',
      speech,
      data: {
        intro: t(speech, 'case.frequencyIntro', { reasons: rule.reasons.join('_'), source: citeSource(context.pack, rule.source) }, { paragraphs: true }),
        cases: cases.map((openCase) => {
          const category = cadenceOf(context, openCase);
          const days = category ? cadenceDays(category.cadence) : undefined;
          const now = inEach(speech, (locale) =>
            openCase.every_weeks
              ? everyText(openCase.every_weeks, locale)
              : days
                ? t(locale, 'case.aboutEvery', { weeks: Math.round(days / 7) })
                : t(locale, 'case.asNeededShort'),
          );
          // Slack allows 75 characters in a choice: the case, its worker and how often it is discussed now.
          const title = t(speech, 'case.choice', { reference: openCase.case_reference, worker: openCase.worker_name, now });
          return { title: title.length > 75 ? `${title.slice(0, 74)}…` : title, value: openCase.case_reference };
        }),
        intervals: [
          { title: t(speech, 'case.serviceAreaOwn'), value: '0' },
          ...Array.from({ length: MOST_WEEKS }, (_, index) => ({ title: t(speech, 'case.everyCapital', { weeks: index + 1 }), value: String(index + 1) })),
        ],
        reasons: rule.reasons.map((reason) => ({ title: reasonTitle(reason, speech), value: reason })),
        values: { caseReference: '', everyWeeks: '', reason: rule.reasons[0], ...state.values },
        errors: state.errors ?? {},
      },
    },
  };
}

export const caseFrequencyInput = z.strictObject({
  caseReference: z.string(),
  everyWeeks: z.string(),
  reason: z.enum(['supervisor', 'supervisee']),
});

/**
 * Save: re-authorised here, whatever the form showed: only the worker's supervisor or someone above them in
 * the line may change a case's frequency; it may only be raised (more often than the category's), or put back.
 */
export async function setCaseFrequency(context: FlowContext, actor: Actor, input: z.output<typeof caseFrequencyInput>): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const rule = context.pack.caseFrequencyRaised;
  if (!rule) return frequencyOff(context, speech);
  const again = (field: string, problem: string) => caseFrequencyForm(context, actor, { values: input, errors: { [field]: problem } });
  const reference = input.caseReference.trim();
  const [openCase] = reference === '' ? [] : (await openCases(context.db, {})).filter((candidate) => candidate.case_reference === reference);
  if (!openCase) return again('caseReference', t(speech, 'case.chooseListed'));
  if (!(await isAboveInLine(context.db, actor.id, openCase.worker_id)))
    return said(speech, t(speech, 'common.notYoursToActOn'), t(speech, 'case.notYoursText', { worker: openCase.worker_name }, { paragraphs: true }));
  if (!rule.reasons.includes(input.reason))
    return again(
      'reason',
      inEach(speech, (locale) => t(locale, 'case.chooseReason', { reasons: rule.reasons.map((reason) => reasonTitle(reason, locale)).join(', ') })),
    );
  const weeks = Number(input.everyWeeks);
  if (!Number.isInteger(weeks) || weeks < 0) return again('everyWeeks', t(speech, 'case.chooseHowOften'));
  const category = context.pack.caseCategories?.[openCase.category];
  const categoryDays = category ? cadenceDays(category.cadence) : undefined;
  const categoryTitleText = categoryTitle(context, openCase.category);
  if (weeks > 0 && categoryDays !== undefined && weeks * 7 >= categoryDays) {
    const cadence = category!.cadence;
    return again(
      'everyWeeks',
      inEach(speech, (locale) =>
        t(locale, 'case.notMoreOften', {
          every: t(locale, locale === 'en-GB' ? 'case.everyCapital' : 'case.every', { weeks }),
          category: categoryTitleText,
          // The pack's interval as it writes it, in English; in Welsh from its amount and unit.
          cadence:
            cadence.type === 'rolling'
              ? t(locale, 'case.everyDuration', { duration: locale === 'en-GB' ? cadence.every.text : durationText(cadence.every, locale) })
              : t(locale, 'case.everyPeriod', { period: cadence.type === 'calendar' ? cadence.period : '' }),
        }),
      ),
    );
  }
  if (weeks > MOST_WEEKS) return again('everyWeeks', t(speech, 'case.chooseHowOften'));
  const now = context.clock.now();
  const due = caseDue(context, { ...openCase, every_weeks: weeks > 0 ? weeks : null }, today(now, context.calendar));
  const next = (locale: Locale) => (due ? ` ${t(locale, 'case.nextIs', { due: dueText(due, today(now, context.calendar), locale) })}` : '');
  // The worker is told in their own language, read with the case.
  const workerSpeech = speechOf(context.pack, { language: openCase.worker_language ?? null });
  await context.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('allocated_case')
      .set(
        weeks > 0
          ? { every_weeks: weeks, every_set_by: actor.id, every_set_at: now, every_reason: input.reason }
          : { every_weeks: null, every_set_by: actor.id, every_set_at: now, every_reason: null },
      )
      .where('case_reference', '=', openCase.case_reference)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'case.frequency',
      objectType: 'allocated_case',
      objectId: openCase.case_reference,
      detail: { everyWeeks: weeks > 0 ? weeks : null, reason: weeks > 0 ? input.reason : null },
    });
    // The worker is told, by case reference, in the same transaction: what changed, by whom, and when it is next due.
    if (openCase.worker_id !== actor.id)
      await notifyPerson(trx, {
        personId: openCase.worker_id,
        key: `case-frequency:${openCase.case_reference}:${now.toISOString()}`,
        now,
        text: t(workerSpeech, 'case.changedNotice', { reference: openCase.case_reference }),
        view: {
          card: 'notice',
          ...(workerSpeech === 'en-GB' ? {} : { speech: workerSpeech }),
          data: {
            title: t(workerSpeech, weeks > 0 ? 'case.raisedTitle' : 'case.backTitle'),
            text: inEach(
              workerSpeech,
              (locale) =>
                t(locale, weeks > 0 ? 'case.raisedText' : 'case.backText', {
                  actor: actor.display_name,
                  reference: openCase.case_reference,
                  category: categoryTitleText,
                  every: everyText(weeks, locale),
                  reason: input.reason,
                  next: next(locale),
                }),
              { paragraphs: true },
            ),
            facts: [{ title: t(workerSpeech, 'notice.rule'), value: citeSource(context.pack, rule.source) }],
          },
        },
      });
  });
  const values = (locale: Locale) => ({
    reference: openCase.case_reference,
    category: categoryTitleText,
    worker: openCase.worker_name,
    every: everyText(weeks, locale),
    reason: input.reason,
    next: next(locale),
  });
  return said(
    speech,
    t(speech, weeks > 0 ? 'case.raisedDoneTitle' : 'case.backDoneTitle'),
    inEach(speech, (locale) => t(locale, weeks > 0 ? 'case.raisedDone' : 'case.backDone', values(locale)), { paragraphs: true }),
  );
}
