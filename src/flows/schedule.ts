// "My upcoming supervision" and "my team": the policy engine's due dates for people in the directory,
// counted from the sessions the store says were held.
import { agreementDues, arrangedSchedule, type Arranged } from './agreements.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { moveDuesPastLeave, onLeave, type DueAfterLeave, type Leave } from '../domain/schedule/leave.js';
import { countedInYear } from '../domain/schedule/schedule.js';
import { COUNT_IN_YEAR_LOOKBACK_DAYS } from '../domain/schedule/cadence.js';
import { countOverdueText, countText, withCountsAsOne } from './countInYear.js';
import { parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { SUPERVISING_ROLES, message } from './context.js';
import { dayText, durationText, momentText, today } from './format.js';
import { sql, type Kysely, type Selectable } from 'kysely';
import { DateTime } from 'luxon';
import { compiledOnce } from '../store/compiledOnce.js';
import type { Database, SupervisionSessionTable } from '../store/schema.js';
import { nextGroupSession, nextGroupSessionQuery } from './group/upcoming.js';
import { overdueText, withOverdueAsOne } from './overdue.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { inEach, t, type Locale } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';
import { discussionHeld, kindsCountedElsewhere, recordedDiscussions, withMoreHeld } from './situationalHeld.js';
import { caseLinesOf } from './caseCadence.js';
import { professionalSupervisionNeeds, professionalSupervisionText } from './professionalSupervision.js';

const HORIZON_DAYS = 90;

/** What a schedule is counted from, or why it cannot be: in a language, made only when a card shows it. */
type Outcome =
  { ok: true; dues: DueAfterLeave[]; basis: (locale: Locale) => string; leaves: Leave[]; away?: Leave } | { ok: false; reason: (locale: Locale) => string };

export async function duesOf(context: FlowContext, person: Actor, from: DayNumber): Promise<Outcome> {
  return (await duesOfMany(context, [person], from)).get(person.id)!;
}

/** What a person's schedule is counted from. */
export type Scheduled = Pick<Actor, 'id' | 'cohort' | 'start_date' | 'created_at' | 'held_before' | 'counted_from'> & Arranged;

/**
 * The same for many people at once: three queries for all of them (the cadence watch reads everyone).
 * `horizonDays`: how far ahead to list due dates; 0 for only what is due by `from` (and overdue).
 */
export async function duesOfMany(
  context: FlowContext,
  people: readonly Scheduled[],
  from: DayNumber,
  horizonDays = HORIZON_DAYS,
): Promise<Map<string, Outcome>> {
  const held = new Map<string, Partial<Record<SupervisionKind, DayNumber[]>>>();
  const leaves = new Map<string, Leave[]>();
  const addHeld = (session: { supervisee_id: string | null; kind: string; starts_at: Date }) => {
    const byKind = held.get(session.supervisee_id!) ?? {};
    (byKind[session.kind as SupervisionKind] ??= []).push(today(session.starts_at, context.calendar));
    held.set(session.supervisee_id!, byKind);
  };
  // Of the sessions held, what is due from today counts only from each person's latest of each kind on or
  // before today (test/domain/schedule/latestHeld.test.ts): one row per person and kind, not their history.
  // A session recorded as held after today (a mistake, but possible) is read too, as the schedule would be.
  const endOfToday = context.calendar.endOfDay(from).toJSDate();
  // The cadence watch asks for everyone who may be overdue: above this many, the whole table is read rather than a list of ids.
  const everyone = people.length > 20_000;
  const ids = people.map((person) => person.id);
  if (people.length > 0) {
    const heldQuery = () => {
      const query = context.db.selectFrom('supervision_session').select(['supervisee_id', 'kind', 'starts_at']).where('status', '=', 'held');
      return everyone ? query : query.where('supervisee_id', '=', sql<string>`any(${ids}::text[])`);
    };
    // A kind counted "four a year" at any time in the year (Bexley's observations) needs the year's sessions.
    const counted = [...new Set(Object.values(context.pack.cohorts).flatMap((cohort) => [...countedInYear(cohort)]))];
    const since = context.calendar.endOfDay(from - COUNT_IN_YEAR_LOOKBACK_DAYS).toJSDate();
    // The queries are independent: on PostgreSQL they run side by side, on connections of the pool.
    const [latest, later, inYear, absences, discussed] = await Promise.all([
      heldQuery()
        .where('starts_at', '<=', endOfToday)
        .distinctOn(['supervisee_id', 'kind'])
        // All descending: the index on (supervisee_id, kind, starts_at) read backwards, no sort.
        .orderBy('supervisee_id', 'desc')
        .orderBy('kind', 'desc')
        .orderBy('starts_at', 'desc')
        .execute(),
      heldQuery().where('starts_at', '>', endOfToday).execute(),
      counted.length > 0 ? heldQuery().where('kind', 'in', counted).where('starts_at', '>', since).where('starts_at', '<=', endOfToday).execute() : [],
      everyone
        ? context.db.selectFrom('absence').select(['person_id', 'from_date', 'to_date']).execute()
        : context.db
            .selectFrom('absence')
            .select(['person_id', 'from_date', 'to_date'])
            .where('person_id', '=', sql<string>`any(${ids}::text[])`)
            .execute(),
      recordedDiscussions(context, everyone ? undefined : ids),
    ]);
    for (const session of [...latest, ...later]) addHeld(session);
    const latestAt = new Set(latest.map((session) => `${session.supervisee_id}:${session.kind}:${session.starts_at.getTime()}`));
    for (const session of inYear) if (!latestAt.has(`${session.supervisee_id}:${session.kind}:${session.starts_at.getTime()}`)) addHeld(session);
    for (const row of absences)
      leaves.set(row.person_id, [...(leaves.get(row.person_id) ?? []), { from: parseIsoDate(row.from_date)!, to: parseIsoDate(row.to_date)! }]);
    for (const [id, more] of discussed) held.set(id, withMoreHeld(held.get(id) ?? {}, more));
  }
  return new Map(people.map((person) => [person.id, scheduleOf(context, person, from, held.get(person.id) ?? {}, leaves.get(person.id) ?? [], horizonDays)]));
}

function scheduleOf(
  context: FlowContext,
  person: Scheduled,
  from: DayNumber,
  held: Partial<Record<SupervisionKind, DayNumber[]>>,
  leaves: Leave[],
  horizonDays: number,
): Outcome {
  const cohort = person.cohort ? entryOf(context.pack.cohorts, person.cohort) : undefined;
  if (!person.cohort || !cohort) {
    return { ok: false, reason: (locale) => t(locale, 'schedule.noCohort', { organisation: context.pack.organisation }) };
  }
  const start = person.start_date ? parseIsoDate(person.start_date) : cohort.needsStartDate ? undefined : today(person.created_at, context.calendar);
  if (start === undefined) return { ok: false, reason: (locale) => t(locale, 'schedule.noStartDate') };
  const countedFrom = person.counted_from ? parseIsoDate(person.counted_from) : undefined;
  // With what the two agreed in chat (agreements.ts): an agreed frequency, the move to the next phase, a Practice Review.
  const scheduled = arrangedSchedule(context, person, {
    pack: context.pack,
    calendar: context.calendar,
    cohortId: person.cohort,
    start,
    held: withHeldBefore(held, person.held_before),
    from,
    today: from,
    until: from + horizonDays,
  })
    .filter((due) => due.status === 'planned' || due.status === 'overdue')
    // Dates missed before the organisation went live, with nothing known of them, are not counted.
    .filter((due) => countedFrom === undefined || due.status !== 'overdue' || due.date >= countedFrom);
  const dues = context.pack.leave ? moveDuesPastLeave(scheduled, leaves, context.calendar, from, context.pack.leave.dueWithinWorkingDaysOfReturn) : scheduled;
  const away = onLeave(leaves, from);
  return {
    ok: true,
    dues,
    basis: (locale) => t(locale, 'schedule.basis', { cohort: cohort.title, day: dayText(start, locale) }),
    leaves,
    ...(away ? { away } : {}),
  };
}

/** The sessions held in the bot, with the last of each kind held before it as the directory import gave them. */
function withHeldBefore(held: Partial<Record<SupervisionKind, DayNumber[]>>, heldBefore: string | null): Partial<Record<SupervisionKind, DayNumber[]>> {
  if (!heldBefore) return held;
  const merged = { ...held };
  for (const [kind, date] of Object.entries(JSON.parse(heldBefore) as Record<SupervisionKind, string>)) {
    const day = parseIsoDate(date);
    if (day !== undefined) merged[kind as SupervisionKind] = [...(merged[kind as SupervisionKind] ?? []), day];
  }
  return merged;
}

export const kindTitle = (context: FlowContext, kind: SupervisionKind) => entryOf(context.pack.kinds, kind)?.title ?? kind;

/**
 * One person's sessions held and booked (from today), their absences and, when they are in a team, the
 * team's next group session, as one query. All of one person's sessions held (a few hundred over years of
 * service) are cheaper to read than to pick the latest of each kind in SQL, which the cadence watch does
 * for everyone (duesOfMany). Every click of "upcoming" runs it, so it is compiled once: a shape for people
 * in a team and one for people in none.
 */
function ownSupervisionQuery(db: Kysely<Database>, person: { id: string; startOfToday: Date }, team?: { id: string; now: Date }, discussions = false) {
  const none = <T>(type: string) => sql<T | null>`null::${sql.raw(type)}`;
  const sessions = (source: 'held' | 'booked') =>
    db
      .selectFrom('supervision_session')
      .select([
        sql<string>`${source}::text`.as('source'),
        sql<string | null>`kind`.as('kind'),
        sql<Date | null>`starts_at`.as('starts_at'),
        sql<number | null>`duration_minutes`.as('duration_minutes'),
        none<string>('date').as('from_date'),
        none<string>('date').as('to_date'),
        none<string>('text').as('role'),
      ])
      .where('supervisee_id', '=', person.id)
      .where('status', '=', source);
  const own = sessions('held')
    .unionAll(sessions('booked').where('starts_at', '>=', person.startOfToday))
    .unionAll(
      db
        .selectFrom('absence')
        .select([
          sql<string>`'absence'::text`.as('source'),
          none<string>('text').as('kind'),
          none<Date>('timestamptz').as('starts_at'),
          none<number>('integer').as('duration_minutes'),
          sql<string | null>`from_date`.as('from_date'),
          sql<string | null>`to_date`.as('to_date'),
          none<string>('text').as('role'),
        ])
        .where('person_id', '=', person.id),
    )
    // Where the pack counts a recorded trigger discussion toward a kind (situationalHeld.ts): the latest
    // acceptance of each of the person's requests recorded or signed, its proposed time in `role`.
    .$if(discussions, (query) =>
      query.unionAll(
        db
          .selectFrom(
            db
              .selectFrom('trigger_request')
              .innerJoin('trigger_event', 'trigger_event.trigger_request_id', 'trigger_request.id')
              .distinctOn('trigger_request.id')
              .select(['trigger_request.trigger_id', 'trigger_event.at', sql<string | null>`trigger_event.detail->>'proposedAt'`.as('proposed_at')])
              .where('trigger_request.practitioner_id', '=', person.id)
              .where('trigger_request.state', 'in', ['recorded', 'signed'])
              .where('trigger_event.to_state', '=', 'accepted')
              .orderBy('trigger_request.id')
              .orderBy('trigger_event.id', 'desc')
              .as('discussed'),
          )
          .select([
            sql<string>`'discussion'::text`.as('source'),
            sql<string | null>`discussed.trigger_id`.as('kind'),
            sql<Date | null>`discussed.at`.as('starts_at'),
            none<number>('integer').as('duration_minutes'),
            none<string>('date').as('from_date'),
            none<string>('date').as('to_date'),
            sql<string | null>`discussed.proposed_at`.as('role'),
          ]),
      ),
    );
  if (!team) return own;
  return own.unionAll(
    db
      .selectFrom(nextGroupSessionQuery(db, { id: person.id, team_id: team.id }, team.now).as('next'))
      .select([
        sql<string>`'group'::text`.as('source'),
        sql<string | null>`'group'::text`.as('kind'),
        sql<Date | null>`next.starts_at`.as('starts_at'),
        sql<number | null>`next.duration_minutes`.as('duration_minutes'),
        none<string>('date').as('from_date'),
        none<string>('date').as('to_date'),
        sql<string | null>`next.role`.as('role'),
      ]),
  );
}
/** Each shape compiled once: in a team or not, with the person's trigger discussions or not (the pack decides). */
const ownSupervisionShapes = [false, true].map((discussions) => ({
  alone: compiledOnce(`a person's own supervision${discussions ? ' and discussions' : ''}`, (db, person: { id: string; startOfToday: Date }) =>
    ownSupervisionQuery(db, person, undefined, discussions),
  ),
  inTeam: compiledOnce(
    `a person's own supervision${discussions ? ' and discussions' : ''} and their team's group`,
    (db, person: { id: string; startOfToday: Date; teamId: string; now: Date }) =>
      ownSupervisionQuery(db, person, { id: person.teamId, now: person.now }, discussions),
  ),
}));

async function ownSupervision(context: FlowContext, person: Actor) {
  const now = context.clock.now();
  const startOfToday = DateTime.fromJSDate(now).setZone(context.calendar.zone).startOf('day').toJSDate();
  const counted = kindsCountedElsewhere(context);
  const shape = ownSupervisionShapes[counted.size > 0 ? 1 : 0]!;
  const { rows } = person.team_id
    ? await shape.inTeam(context.db, { id: person.id, teamId: person.team_id, now, startOfToday })
    : await shape.alone(context.db, { id: person.id, startOfToday });
  const held: Partial<Record<SupervisionKind, DayNumber[]>> = {};
  const leaves: Leave[] = [];
  for (const row of rows) {
    if (row.source === 'held') (held[row.kind as SupervisionKind] ??= []).push(today(row.starts_at!, context.calendar));
    if (row.source === 'absence') leaves.push({ from: parseIsoDate(row.from_date!)!, to: parseIsoDate(row.to_date!)! });
    if (row.source === 'discussion') {
      const discussed = discussionHeld(context, counted, { trigger_id: row.kind, at: row.starts_at!, proposedAt: row.role });
      if (discussed) (held[discussed.kind] ??= []).push(discussed.day);
    }
  }
  const booked = rows
    .filter((row) => row.source === 'booked')
    .map((row) => ({ kind: row.kind as SupervisionKind, starts_at: row.starts_at!, duration_minutes: row.duration_minutes! }));
  const group = rows.find((row) => row.source === 'group');
  return {
    held,
    leaves,
    booked,
    group: group ? nextGroupSession({ starts_at: group.starts_at!, duration_minutes: group.duration_minutes!, role: group.role }) : undefined,
  };
}

export async function upcoming(context: FlowContext, actor: Actor): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const from = today(context.clock.now(), context.calendar);
  // One query for the person's own sessions, absences, group and discussions; their cases and agreements
  // (where the pack has them) read beside it.
  const [own, cases, agreements, professional] = await Promise.all([
    ownSupervision(context, actor),
    // Each case they hold, on its category's cadence (caseCadence.ts), by case reference.
    caseLinesOf(context, [actor.id], false, speech),
    // The supervision agreement's review and signature (agreements.ts, issue 19); a supervisor with no
    // cohort of their own still sees their supervisees' agreements.
    agreementDues(context, actor, from, HORIZON_DAYS),
    // Where the pack has it (Cafcass appendix 2 quality 8) and their line manager is not a registered social worker.
    professionalSupervisionNeeds(context, [actor.id]),
  ]);
  const need = professional.get(actor.id);
  const professionalLine = need ? ` ${professionalSupervisionText(context, need, 'practitioner', speech)}` : '';
  const outcome = scheduleOf(context, actor, from, own.held, own.leaves, HORIZON_DAYS);
  const sessionWhat = (kind: SupervisionKind, minutes: number, role?: string | null) =>
    inEach(speech, (locale) => {
      const values = { kind: kindTitle(context, kind), duration: durationText({ amount: minutes, unit: 'minutes' }, locale) };
      return role ? t(locale, 'upcoming.groupSession', { ...values, role }) : t(locale, 'upcoming.session', values);
    });
  const booked = [
    ...(outcome.ok ? own.booked : []).map((session) => ({
      starts_at: session.starts_at,
      what: sessionWhat(session.kind, session.duration_minutes),
    })),
    // The team's, where it has group supervision: with the person's role, never the case.
    ...(own.group
      ? [
          {
            starts_at: own.group.starts_at,
            what: sessionWhat('group', own.group.duration_minutes, own.group.role),
          },
        ]
      : []),
  ]
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
    .slice(0, 6)
    .map((session) => ({ date: momentText(session.starts_at, context.calendar, speech), what: session.what }));
  if (!outcome.ok) {
    const cannotTell = inEach(speech, (locale) => t(locale, 'upcoming.cannotTell', { reason: outcome.reason(locale) }), { paragraphs: true });
    const dues = [...agreements].sort((a, b) => a.day - b.day).map(({ day, what }) => ({ date: dayText(day, speech), what }));
    return {
      view: {
        card: 'upcoming',
        speech,
        data: { booked, dues, emptyText: cannotTell, basis: `${dues.length > 0 ? cannotTell : ''}${professionalLine}`.trim(), ...cases },
      },
    };
  }
  return {
    view: {
      card: 'upcoming',
      speech,
      data: {
        booked,
        dues: [
          ...withOverdueAsOne(withCountsAsOne(outcome.dues)).map(({ due, run }) => {
            const kind = kindTitle(context, due.kind);
            return {
              day: run ? run.since : due.date,
              // A kind due and nothing more: its title once, in whatever language the pack gives it.
              what:
                !run && !countText(due, from)
                  ? kind
                  : inEach(speech, (locale) => {
                      const counted = run ? countOverdueText(run, locale) : countText(due, from, locale);
                      if (counted) return t(locale, 'upcoming.dueCounted', { kind, counted });
                      return run ? t(locale, 'upcoming.dueOverdue', { kind, overdue: overdueText(run, locale) }) : kind;
                    }),
            };
          }),
          // The supervision agreement's review and signature (agreements.ts, issue 19).
          ...agreements,
        ]
          .sort((a, b) => a.day - b.day)
          .slice(0, 12)
          .map(({ day, what }) => ({ date: dayText(day, speech), what })),
        emptyText: t(speech, 'upcoming.nothingDue', { days: HORIZON_DAYS }, { paragraphs: true }),
        basis: `${inEach(speech, (locale) => t(locale, 'upcoming.basis', { basis: outcome.basis(locale), organisation: context.pack.organisation }), { paragraphs: true })}${professionalLine}`,
        ...cases,
      },
    },
  };
}

export async function team(context: FlowContext, actor: Actor): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  if (!SUPERVISING_ROLES.includes(actor.role))
    return { view: { ...message(t(speech, 'pending.onlySupervisorsTitle'), t(speech, 'team.onlySupervisorsText', {}, { paragraphs: true })).view, speech } };
  const from = today(context.clock.now(), context.calendar);
  const supervisees = await context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisee_id')
    .selectAll('person')
    .where('supervision_relationship.ended_on', 'is', null)
    .where((where) =>
      where.or([where('supervision_relationship.supervisor_id', '=', actor.id), where('supervision_relationship.cover_supervisor_id', '=', actor.id)]),
    )
    .orderBy('person.display_name')
    .execute();
  const shown = supervisees.slice(0, 40);
  const ids = shown.map((person) => person.id);
  // Their bookings, schedules and cases read side by side.
  const [booked, outcomes, cases, professional] = await Promise.all([
    bookedSessions(context, ids),
    duesOfMany(context, shown, from),
    // The cases they hold, on each category's cadence (caseCadence.ts), by case reference.
    caseLinesOf(context, ids, true, speech),
    // Additional professional supervision, where the pack has it (Cafcass appendix 2 quality 8).
    professionalSupervisionNeeds(context, ids),
  ]);
  const rows = [];
  for (const person of shown) {
    const outcome = outcomes.get(person.id)!;
    let next: string;
    if (!outcome.ok) {
      const reason = outcome.reason;
      next = inEach(speech, (locale) => t(locale, 'team.unknown', { reason: reason(locale) }));
    } else if (outcome.dues.length === 0) next = t(speech, 'team.nothingDue', { days: HORIZON_DAYS });
    else {
      const { due, run } = withOverdueAsOne(withCountsAsOne(outcome.dues))[0]!;
      const session = booked.find((candidate) => candidate.supervisee_id === person.id && candidate.kind === due.kind);
      const days = context.calendar.workingDaysBetween(from, due.date);
      next = inEach(speech, (locale) => {
        const counted = run ? countOverdueText(run, locale) : countText(due, from, locale);
        const when = counted
          ? t(locale, 'team.counted', { counted })
          : run
            ? overdueText(run, locale)
            : t(locale, 'team.dueIn', { days, day: dayText(due.date, locale) });
        const kind = kindTitle(context, due.kind);
        return session
          ? t(locale, 'team.nextBooked', { kind, when, moment: momentText(session.starts_at, context.calendar, locale) })
          : t(locale, 'team.nextNotBooked', { kind, when });
      });
    }
    const need = professional.get(person.id);
    if (need) next = `${next}. ${professionalSupervisionText(context, need, 'supervisor', speech)}`;
    rows.push({ name: person.display_name, next });
  }
  return { view: { card: 'team', speech, data: { supervisees: rows, ...cases } } };
}

/** The sessions a person has booked from today on, for "upcoming" and "team". */
export async function bookedSessions(context: FlowContext, personIds: string[]): Promise<Selectable<SupervisionSessionTable>[]> {
  if (personIds.length === 0) return [];
  return context.db
    .selectFrom('supervision_session')
    .selectAll()
    .where('status', '=', 'booked')
    .where('supervisee_id', 'in', personIds)
    .where('starts_at', '>=', DateTime.fromJSDate(context.clock.now()).setZone(context.calendar.zone).startOf('day').toJSDate())
    .orderBy('starts_at')
    .execute();
}
