// The cadence watch: when anyone's scheduled supervision is past its due date with none held,
// their supervisor and the supervisor's manager are told, once, then once a week while it stays
// overdue. The due dates come from the policy engine; each notice is a keyed sweeper item.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext } from './context.js';
import { dayText, today } from './format.js';
import { overdueRuns, overdueText, type OverdueRun } from './overdue.js';
import { countOverdueText } from './countInYear.js';
import { deliveryTargets, noticeMessage, notifyPerson, type Notice } from './notify.js';
import { enqueueMany } from '../delivery/outbox.js';
import { relationshipOf } from './responders.js';
import { duesOfMany, kindTitle } from './schedule.js';
import { DateTime } from 'luxon';
import { returnDay, type DueAfterLeave } from '../domain/schedule/leave.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { writeAudit } from '../store/audit.js';
import { citeSource } from '../domain/policy/cite.js';
import { ownOverdueItem } from './overdueAsk.js';
import { caseOverdueItems, markCasesTold } from './caseCadence.js';
import { shortestDueGap } from '../domain/schedule/cadence.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { languagePolicy, speechOf, speechOfPerson } from './speech.js';

/**
 * The watch reads the schedule of everyone the directory says is supervised (a supervisor and a cohort of
 * the pack: practitioners, and practice supervisors and managers supervised too), so each replica looks
 * once a working day, at its first sweep in working hours (its notices are daily at most), and again after a restart.
 */
export function cadenceWatchProvider(context: FlowContext, options: { narrow?: boolean } = {}): DueProvider {
  // `narrow: false` reads everyone supervised: what the narrowing is checked against (test/flows/cadenceWatchNarrowed.test.ts).
  const narrow = options.narrow ?? true;
  let lastLookDay = Number.NEGATIVE_INFINITY;
  return {
    name: 'overdue scheduled supervision',
    async due(db: Kysely<Database>, now: Date) {
      const day = today(now, context.calendar);
      if (day === lastLookDay || !context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      lastLookDay = day;
      // Cases overdue on their category's cadence (caseCadence.ts) are read beside the people's schedules.
      const [{ supervised, outcomes }, cases] = await Promise.all([
        (async () => {
          const supervised = await supervisedPeople(db, narrow ? mayBeOverdueToday(context, day) : undefined);
          // Only what is overdue today, or fell due in a leave now over, is told: no days ahead.
          return { supervised, outcomes: await duesOfMany({ ...context, db }, supervised, day, 0) };
        })(),
        caseOverdueItems(context, db, day),
      ]);
      const items: DueItem[] = [];
      for (const person of supervised) {
        const outcome = outcomes.get(person.id)!;
        if (!outcome.ok) continue;
        items.push(...backFromLeave(context, person, outcome.dues, day));
        // Nobody can be supervised while away: no overdue notices during leave.
        if (outcome.away) continue;
        // One item per kind, keyed by the latest overdue due date (months missed in a row are one story).
        for (const run of overdueRuns(outcome.dues)) items.push(overdueItem(context, person, run, day), ...ownOverdueItem(context, person, run));
      }
      // The cases' items, in the same summary per supervisor.
      items.push(...cases);
      return items;
    },
    // What one sweep finds for one person goes as one message: a supervisor whose team is overdue (the
    // first sweep after an import) gets a summary, not a notice per person.
    async applyMany(trx, items, now) {
      const byRecipient = new Map<string, Letter[]>();
      // Who supervises the batch's people, and who supervises them: two queries for the batch, not two a notice.
      const lines = await linesOf(
        trx,
        items.flatMap((item) => (isOverdueItem(item) && item.about ? [item.about] : [])),
      );
      // The batch's cases marked told in one statement: those another sweep or replica marked first are left out.
      const told = await markCasesTold(
        trx,
        items.flatMap((item) => (isOverdueItem(item) ? (item.caseClaims ?? []) : [])),
      );
      for (const item of items) {
        if (!isOverdueItem(item)) await item.apply(trx, now);
        else
          for (const letter of await item.letters(trx, lines, told)) {
            const letters = byRecipient.get(letter.recipient);
            if (letters) letters.push(letter);
            else byRecipient.set(letter.recipient, [letter]);
          }
      }
      // Each recipient written to in their language: one look-up for the batch (none where the pack is English alone).
      const speeches = await speechesOf(context, trx, [...byRecipient.keys()]);
      // The batch's notices queued together: one look-up of where each recipient is reached, one insert.
      const notices = [...byRecipient].map(([recipient, english]) => {
        const speech = speeches.get(recipient) ?? 'en-GB';
        const letters = speech === 'en-GB' ? english : english.map((letter) => inSpeech(letter, speech));
        return letters.length === 1 ? { ...letters[0]!.notice, now } : summaryNotice(context, recipient, letters, now, speech);
      });
      const targets = await deliveryTargets(
        trx,
        notices.map((notice) => notice.personId),
      );
      await enqueueMany(
        trx,
        notices.flatMap((notice) => {
          const target = targets.get(notice.personId);
          return target ? [noticeMessage(target, notice)] : [];
        }),
        now,
      );
    },
  };
}

/** How each recipient is written to: one query for a batch's recipients; none where the pack speaks English alone. */
async function speechesOf(context: FlowContext, trx: Transaction<Database>, recipients: string[]): Promise<Map<string, Speech>> {
  const policy = languagePolicy(context.pack);
  if (recipients.length === 0 || (policy.default === 'en-GB' && !policy.offerChoice)) return new Map();
  const rows = await trx
    .selectFrom('person')
    .select(['id', 'language'])
    .where('id', '=', sql<string>`any(${recipients}::text[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, speechOf(context.pack, row)]));
}

/** A letter in a speech other than English, where it can be written in one (`say`); else as it is. */
function inSpeech(letter: Letter, speech: Speech): Letter {
  return letter.say ? { ...letter, ...letter.say(speech) } : letter;
}

/** Supervisee to current supervisor, for `people` and for their supervisors (their managers). */
async function linesOf(trx: Transaction<Database>, people: string[]): Promise<Map<string, string>> {
  const lines = new Map<string, string>();
  const read = async (ids: string[]) => {
    if (ids.length === 0) return;
    const rows = await trx
      .selectFrom('supervision_relationship')
      .select(['supervisee_id', 'supervisor_id'])
      .where('supervisee_id', 'in', ids)
      .where('ended_on', 'is', null)
      .execute();
    for (const row of rows) lines.set(row.supervisee_id, row.supervisor_id);
  };
  await read([...new Set(people)]);
  await read([...new Set([...lines.values()])].filter((id) => !lines.has(id)));
  return lines;
}

/**
 * Whom the watch can leave in the database on a day: per cohort whose every kind is on a plain rolling
 * interval (or as required), the day from which a session held of each kind means nothing of it can be overdue
 * (`shortestDueGap`), as the instant that day begins. Anyone with more to their schedule than the cohort's
 * intervals (an agreed frequency or phase, a Practice Review, sessions held before the bot) or with leave in
 * the past year is always read, and so is everyone in any other cohort (phases, calendar periods, counts in
 * the year). The engine decides for everyone read; `test/flows/cadenceWatchNarrowed.test.ts` holds the two together.
 */
export interface Narrowing {
  cohorts: Map<string, { kind: SupervisionKind; heldAfter: Date }[]>;
  /** The end of the day: a session marked held later (a mistake) is not what the schedule counts from. */
  heldBy: Date;
  leaveSince: string;
}

export function mayBeOverdueToday(context: FlowContext, day: number): Narrowing {
  const cohorts = new Map<string, { kind: SupervisionKind; heldAfter: Date }[]>();
  for (const [id, cohort] of Object.entries(context.pack.cohorts)) {
    if (!cohort.supervision.every((entry) => entry.cadence.type === 'rolling' || entry.cadence.type === 'as-required')) continue;
    const kinds: { kind: SupervisionKind; heldAfter: Date }[] = [];
    for (const entry of cohort.supervision) {
      if (entry.cadence.type !== 'rolling') continue;
      const steps = [entry.cadence.every, ...(entry.cadence.first ? [entry.cadence.first] : [])];
      const gap = Math.min(...steps.map((step) => shortestDueGap(context.calendar, step, day)));
      // Held on or after day - gap: the next due date is today at the earliest.
      kinds.push({ kind: entry.kind, heldAfter: context.calendar.endOfDay(day - gap - 1).toJSDate() });
    }
    cohorts.set(id, kinds);
  }
  return { cohorts, heldBy: context.calendar.endOfDay(day).toJSDate(), leaveSince: formatIsoDate(day - 366) };
}

/**
 * Everyone with a cohort and a current supervisor, whatever their role (Islington: team managers supervise
 * practice supervisors), but those `narrowing` shows cannot be overdue today.
 */
export function supervisedPeople(db: Kysely<Database>, narrowing?: Narrowing) {
  const cannotBeOverdue = narrowing
    ? [...narrowing.cohorts].map(
        ([cohort, kinds]) =>
          sql<boolean>`(person.cohort = ${cohort}${sql.join(
            kinds.map(
              ({ kind, heldAfter }) =>
                sql` and exists (select 1 from supervision_session s where s.supervisee_id = person.id and s.kind = ${kind} and s.status = 'held' and s.starts_at > ${heldAfter} and s.starts_at <= ${narrowing.heldBy})`,
            ),
            sql``,
          )})`,
      )
    : [];
  return db
    .selectFrom('person')
    .select([
      'id',
      'cohort',
      'start_date',
      'created_at',
      'held_before',
      'counted_from',
      'display_name',
      'agreed_frequency',
      'agreed_phase_ends',
      'practice_review_on',
    ])
    .where('cohort', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('supervision_relationship')
          .select('supervision_relationship.supervisee_id')
          .whereRef('supervision_relationship.supervisee_id', '=', 'person.id')
          .where('supervision_relationship.ended_on', 'is', null),
      ),
    )
    .$if(cannotBeOverdue.length > 0, (query) =>
      query.where(
        sql<boolean>`not (
          person.agreed_frequency is null and person.agreed_phase_ends is null and person.practice_review_on is null and person.held_before is null
          and not exists (select 1 from absence a where a.person_id = person.id and a.to_date >= ${narrowing!.leaveSince})
          and (${sql.join(cannotBeOverdue, sql` or `)}))`,
      ),
    )
    .execute();
}

/** What a recipient is told of one person's overdue kind: the notice alone, or its line in a summary. */
export interface Letter {
  recipient: string;
  role: 'supervisor' | 'manager';
  notice: Omit<Notice, 'now'>;
  line: { title: string; value: string };
  /** The notice and the line in another speech (the recipient's), where the letter can be written in one. */
  say?: (speech: Speech) => Pick<Letter, 'notice' | 'line'>;
}

export interface OverdueItem extends DueItem {
  /**
   * `lines`: who supervises whom, read once for a batch (supervisee to supervisor); read one by one without it.
   * `told`: of the item's `caseClaims`, the cases marked told now for the batch; marked by the item without it.
   */
  letters(trx: Transaction<Database>, lines?: Map<string, string>, told?: ReadonlySet<string>): Promise<Letter[]>;
  /** Cases whose overdue supervision the item tells, with what it tells of each (caseCadence.ts). */
  caseClaims?: readonly { reference: string; told: string }[];
  /** The person the notice is about, whose supervisor and manager are told. */
  about?: string;
}

const isOverdueItem = (item: DueItem): item is OverdueItem => 'letters' in item;

function overdueItem(context: FlowContext, person: Pick<Actor, 'id' | 'display_name'>, run: OverdueRun, day: number): OverdueItem {
  const due = run.latest;
  const weeks = Math.floor((day - due.date) / 7);
  const key = `overdue:${person.id}:${due.kind}:${formatIsoDate(due.date)}:week-${weeks}`;
  const letters = async (trx: Transaction<Database>, lines?: Map<string, string>): Promise<Letter[]> => {
    const supervisorId = lines ? lines.get(person.id) : (await relationshipOf(trx, person.id))?.supervisor_id;
    if (!supervisorId) return [];
    const managerId = lines ? lines.get(supervisorId) : (await relationshipOf(trx, supervisorId))?.supervisor_id;
    const kind = kindTitle(context, due.kind);
    const name = person.display_name;
    // (h-obsgroup) A year of "four a year" that ended short says how many of the year's were not held.
    const whatIn = (locale: Locale) => {
      const counted = countOverdueText(run, locale);
      if (counted) return t(locale, 'overdue.counted', { name, kind: kind.toLowerCase(), counted });
      return run.missed === 1
        ? t(locale, 'overdue.dueOnce', { name, kind: kind.toLowerCase(), day: dayText(due.date, locale) })
        : t(locale, 'overdue.dueRun', { name, kind: kind.toLowerCase(), overdue: overdueText(run, locale), day: dayText(due.date, locale) });
    };
    const lineIn = (locale: Locale) => {
      const counted = countOverdueText(run, locale);
      return counted ? t(locale, 'overdue.lineCounted', { kind, counted }) : t(locale, 'overdue.line', { kind, overdue: overdueText(run, locale) });
    };
    const recipients = [
      ['supervisor', supervisorId],
      ['manager', managerId],
    ] as const;
    const letter = (role: 'supervisor' | 'manager', recipient: string, speech: Speech): Pick<Letter, 'notice' | 'line'> => ({
      line: { title: name, value: inEach(speech, lineIn) },
      notice: {
        personId: recipient,
        key: `${key}:${role}`,
        text: t(speech, 'overdue.notice', { name }),
        view: {
          card: 'notice',
          ...(speech === 'en-GB' ? {} : { speech }),
          data: {
            title: t(speech, 'overdue.title'),
            text: inEach(speech, (locale) => t(locale, 'overdue.text', { what: whatIn(locale), weeks, role }), { paragraphs: true }),
            facts: [{ title: t(speech, 'notice.rule'), value: citeSource(context.pack, due.source) }],
            // The supervisor books it from here; the manager is told, not asked.
            ...(role === 'supervisor' ? { buttons: [{ title: t(speech, 'notice.bookIt'), verb: 'book.for', data: { supervisee: person.id } }] } : {}),
          },
        },
      },
    });
    return recipients.flatMap(([role, recipient]) =>
      recipient ? [{ recipient, role, ...letter(role, recipient, 'en-GB'), say: (speech: Speech) => letter(role, recipient, speech) }] : [],
    );
  };
  return {
    key,
    letters,
    about: person.id,
    apply: async (trx, at) => {
      for (const letter of await letters(trx))
        await notifyPerson(trx, { ...inSpeech(letter, await speechOfPerson(trx, context.pack, letter.recipient)).notice, now: at });
    },
  };
}

/** Several people's overdue supervision, to one supervisor or manager, as one message; keyed by what it tells. */
function summaryNotice(context: FlowContext, recipient: string, letters: Letter[], now: Date, speech: Speech = 'en-GB'): Notice {
  const supervising = letters.some((letter) => letter.role === 'supervisor');
  const managing = letters.some((letter) => letter.role === 'manager');
  const people = new Set(letters.map((letter) => letter.line.title)).size;
  return {
    personId: recipient,
    key: `overdue-summary:${recipient}:${createHash('sha256')
      .update(
        letters
          .map((letter) => letter.notice.key)
          .sort()
          .join('|'),
      )
      .digest('hex')
      .slice(0, 16)}`,
    now,
    text: t(speech, 'overdue.summaryNotice', { people }),
    view: {
      card: 'notice',
      ...(speech === 'en-GB' ? {} : { speech }),
      data: {
        title: t(speech, 'overdue.summaryTitle', { people }),
        text: t(
          speech,
          'overdue.summaryText',
          { organisation: context.pack.organisation, told: supervising && managing ? 'both' : supervising ? 'supervisor' : 'manager' },
          { paragraphs: true },
        ),
        facts: letters.map((letter) => letter.line),
        ...(supervising
          ? {
              buttons: [
                { title: t(speech, 'button.book'), verb: 'book' },
                { title: t(speech, 'button.team'), verb: 'team' },
              ],
            }
          : {}),
      },
    },
  };
}

/**
 * On the first look after a practitioner is back, their supervisor is told what fell due while they
 * were away and when it is due now; where the pack says (Islington), the gap is recorded.
 */
function backFromLeave(context: FlowContext, person: Pick<Actor, 'id' | 'display_name'>, dues: DueAfterLeave[], day: number): DueItem[] {
  const rule = context.pack.leave;
  if (!rule) return [];
  return dues
    .filter((due) => due.leave && returnDay(due.leave, context.calendar) <= day)
    .map((due) => {
      const leave = due.leave!;
      const key = `back-from-leave:${person.id}:${due.kind}:${formatIsoDate(leave.from)}`;
      return {
        key,
        apply: async (trx, at) => {
          const supervisor = await relationshipOf(trx, person.id);
          if (rule.recordGap) {
            await writeAudit(trx, {
              at,
              actorId: null,
              action: 'supervision.gap',
              objectType: 'person',
              objectId: person.id,
              detail: { kind: due.kind, dueBy: formatIsoDate(due.dueBeforeLeave!), leaveFrom: formatIsoDate(leave.from), leaveTo: formatIsoDate(leave.to) },
            });
          }
          if (!supervisor) return;
          const kind = kindTitle(context, due.kind as SupervisionKind).toLowerCase();
          const gap = rule.recordGap
            ? ` The ${context.pack.organisation} policy asks that the gap is recorded on the ${context.pack.caseReference.system} record and in the next supervision record.`
            : '';
          await notifyPerson(trx, {
            personId: supervisor.supervisor_id,
            key,
            now: at,
            text: `${person.display_name} is back from leave`,
            view: {
              card: 'notice',
              data: {
                title: `${person.display_name} is back from leave`,
                text: `They were away from ${dayText(leave.from)} to ${dayText(leave.to)}, when their ${kind} fell due (by ${dayText(due.dueBeforeLeave!)}). It is now due by ${dayText(due.date)}: book it ${rule.rebook === 'priority-on-return' ? 'as a priority' : 'at the earliest opportunity'}.${gap}`,
                facts: [{ title: 'Rule', value: citeSource(context.pack, rule.source) }],
                buttons: [{ title: 'Book it', verb: 'book.for', data: { supervisee: person.id } }],
              },
            },
          });
        },
      };
    });
}
