// A simulated stretch of time for one team (a supervisor, their manager and the practitioners): the bot's
// sweeper runs twice a working day (09:00 and 16:45 London time: the morning's reminders, then whatever
// came due in the day, such as a session's end) and at noon on other days, and the supervisor does what
// the bot asks: marks each session held when asked and records it at once (the practitioner signs it
// when it comes), and books the next one of each kind on its due date from the policy engine. With a
// group plan, the supervisor also sets up the team's channel for group supervision and the team answers
// its cards (./groupSimulation.ts). Every message the bot queues is logged with the local time it was
// queued.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper, type DueProvider } from '../../src/delivery/sweeper.js';
import { bookableKinds } from '../../src/domain/schedule/booking.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../../src/domain/time/localDate.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import { sweepProviders } from '../../src/flows/sweepProviders.js';
import { duesOf } from '../../src/flows/schedule.js';
import type { Store } from '../../src/store/open.js';
import { FakeClock } from './fakes.js';
import { expectedGroupMessages, groupOfTeam, teamPlaysGroup, type GroupPlan } from './groupSimulation.js';
import { pack } from './packs.js';
import { recordValues } from './recording.js';
import { t } from '../../src/i18n/catalogue.js';
import { speechOf } from '../../src/flows/speech.js';

export interface SentMessage {
  /** Local time it was queued, "2026-12-24 09:00". */
  at: string;
  /** Whom to: the Slack user id of the directory entry (U0PRACTIT, U0SUPERVI, U0MANAGER; U0PRACT02 ...), or the team's channel. */
  to: string;
  key: string;
  text: string;
}

/**
 * The sweeper's runs on a working day; on other days one run at noon shows that nothing goes out. Two, not
 * more, to keep the five simulated years cheap: everyone's reminder time is 09:00, and what comes due later
 * in the day comes at 16:45.
 */
export const SWEEPS = ['09:00', '16:45'];
const SLOTS = ['10:00', '13:30', '11:00', '14:00', '15:00', '09:30'];

export interface SimulationInput {
  store: Store;
  packId: string;
  /** Each practitioner's cohort and start date; the first is U0PRACTIT, the next U0PRACT02 and so on. */
  practitioners: { cohort: string; startDate: string }[];
  from: string;
  until: string;
  /** The team's group supervision: set up in its channel by the supervisor, on the plan's day. */
  group?: GroupPlan;
  /**
   * More replicas sweeping the same database at the same moments, each wrapping its providers as given:
   * alongside the first (at the same time), or just before it.
   */
  replicas?: { store: Store; wrap?: (provider: DueProvider) => DueProvider; runs: 'alongside' | 'before' }[];
}

export const slackIdOf = (index: number) => (index === 0 ? 'U0PRACTIT' : `U0PRACT${String(index + 1).padStart(2, '0')}`);

export async function simulate(input: SimulationInput) {
  const { pack: policy, calendar } = pack(input.packId);
  const directory = [
    'email,name,role,team,supervisor,cohort,start_date,slack_user_id',
    'manager@example.org,Team Manager M,manager,North,,,,U0MANAGER',
    'supervisor@example.org,Practice Supervisor S,supervisor,North,manager@example.org,,,U0SUPERVI',
    ...input.practitioners.map(
      (practitioner, index) =>
        `worker${index}@example.org,Social Worker P${index + 1},practitioner,North,supervisor@example.org,${practitioner.cohort},${practitioner.startDate},${slackIdOf(index)}`,
    ),
  ].join('\n');
  const local = (day: DayNumber, time: string) => DateTime.fromISO(`${formatIsoDate(day)}T${time}`, { zone: calendar.zone });
  const first = parseIsoDate(input.from)!;
  const last = parseIsoDate(input.until)!;
  const clock = new FakeClock(local(first, '08:00').toISO()!);
  const db = input.store.db;
  const imported = await importDirectory({ db, pack: policy, fileName: 'staff.csv', text: directory, now: clock.now() });
  if (!imported.ok) throw new Error('directory did not import');
  // Everyone has chosen English, as in flowSetup (Cafcass Cymru offers the choice); a team channel is still written
  // to in the organisation's way (both languages, Welsh first, under a Welsh default).
  await db.updateTable('person').set({ language: 'en-GB' }).execute();
  const everyone = (await db.selectFrom('person').selectAll().orderBy('email').execute()) as Actor[];
  const supervisor = everyone.find((person) => person.email === 'supervisor@example.org')!;
  const manager = everyone.find((person) => person.email === 'manager@example.org')!;
  const workers = input.practitioners.map((_, index) => everyone.find((person) => person.email === `worker${index}@example.org`)!);
  const context: FlowContext = { db, pack: policy, calendar, clock };
  // What the server's sweeper looks for, in its order.
  const providersOf = (replica: FlowContext) => sweepProviders(replica);
  const replicaSweeper = ({ store, wrap }: NonNullable<SimulationInput['replicas']>[number]) =>
    new Sweeper(store.db, clock, providersOf({ ...context, db: store.db }).map(wrap ?? ((provider) => provider)));
  const before = (input.replicas ?? []).filter((replica) => replica.runs === 'before').map(replicaSweeper);
  const alongside = [
    new Sweeper(db, clock, providersOf(context)),
    ...(input.replicas ?? []).filter((replica) => replica.runs === 'alongside').map(replicaSweeper),
  ];
  const sent: SentMessage[] = [];
  let seen = 0;
  const slackIds = new Map<string, string>([
    [supervisor.id, 'U0SUPERVI'],
    [manager.id, 'U0MANAGER'],
    ...workers.map((worker, index) => [worker.id, slackIdOf(index)] as [string, string]),
  ]);
  const group = input.group && teamPlaysGroup(context, { supervisor, people: everyone, slackIds, absentee: workers[input.group.absentee]!, plan: input.group });

  /**
   * Logs what was queued since the last look, until nothing more comes: the supervisor answers each "was it
   * held?" and records the session, and the practitioner signs each record sent to them.
   */
  const collect = async (at: string) => {
    for (;;) {
      const rows = await db.selectFrom('outbox').select(['id', 'idempotency_key', 'conversation', 'payload']).orderBy('id').offset(seen).execute();
      if (rows.length === 0) return;
      seen += rows.length;
      for (const row of rows) {
        sent.push({ at, to: row.conversation, key: row.idempotency_key, text: (row.payload as { text: string }).text });
        await group?.answer(row.idempotency_key, row.conversation);
        const outcome = /^session:([^:]+):.*:outcome$/.exec(row.idempotency_key);
        if (outcome) await holdAndRecord(outcome[1]!);
        // The practitioner does each action when reminded of it.
        const action = /^action:([^:]+):soon:/.exec(row.idempotency_key);
        if (action) {
          const owner = await db.selectFrom('action_item').select('owner_id').where('id', '=', action[1]!).executeTakeFirstOrThrow();
          const done = await runAction(
            context,
            workers.find((worker) => worker.id === owner.owner_id)!,
            'action.done',
            { actionId: action[1] },
          );
          if (!/done/i.test(String(done.view.data.title))) throw new Error(`marking done failed: ${JSON.stringify(done.view.data)}`);
        }
        // The supervision agreement offered at a first session held (Bexley, Cumberland, Cymru): each signs it when it comes.
        const agreement = /^agreement:([^:]+):offer:(.+)$/.exec(row.idempotency_key);
        if (agreement) {
          const signer = [supervisor, ...workers].find((person) => person.id === agreement[2])!;
          const signed = await runAction(context, signer, 'agreement.sign', { agreementId: agreement[1] });
          if (signed.view.data.title !== 'You signed the supervision agreement')
            throw new Error(`signing the agreement failed: ${JSON.stringify(signed.view.data)}`);
        }
        const toSign = /^record:([^:]+):sign$/.exec(row.idempotency_key);
        if (toSign) {
          const record = await db.selectFrom('record').select('supervisee_id').where('id', '=', toSign[1]!).executeTakeFirstOrThrow();
          const signed = await runAction(
            context,
            workers.find((worker) => worker.id === record.supervisee_id)!,
            'record.sign',
            { recordId: toSign[1] },
          );
          if (signed.view.data.title !== 'Signed') throw new Error(`signing failed: ${JSON.stringify(signed.view.data)}`);
        }
      }
    }
  };
  /** "It was held", then *Record it* where the pack keeps a record of the kind. */
  const holdAndRecord = async (sessionId: string) => {
    const held = await runAction(context, supervisor, 'session.held', { sessionId });
    if (!(held.view.data.buttons as { verb: string }[]).some((button) => button.verb === 'record.open')) return;
    const actionDue = formatIsoDate(calendar.addWorkingDays(calendar.dayOf(DateTime.fromJSDate(clock.now())), 5));
    // A record in two places (Bexley): after the child's record, the personal record the card asks for next.
    for (let more = true; more;) {
      const form = await runAction(context, supervisor, 'record.open', { sessionId });
      const values = recordValues(form.view, { caseReference: policy.caseReference.example, actionDue });
      // No session here combines another kind (a PSM held as a PRD, Cafcass Cymru 2.13): that is walked in triggerGaps.test.ts.
      for (const model of Object.values(policy.recordingModels))
        for (const field of model.fields) if (field.opensRecordOf && `f.${field.id}` in values) values[`f.${field.id}`] = 'no';
      const saved = await runAction(context, supervisor, 'record.save', values);
      if (!String(saved.view.data.title).startsWith('Sent to')) throw new Error(`recording failed: ${JSON.stringify(saved.fieldErrors ?? saved.view.data)}`);
      more = ((saved.view.data.buttons ?? []) as { verb: string }[]).some((button) => button.verb === 'record.open');
    }
  };

  for (let day = first; day <= last; day += 1) {
    for (const time of calendar.isWorkingDay(day) ? SWEEPS : ['12:00']) {
      clock.advance(local(day, time).toMillis() - clock.now().getTime());
      for (const sweeper of before) await sweeper.sweepOnce();
      await Promise.all(alongside.map((sweeper) => sweeper.sweepOnce()));
      await collect(`${formatIsoDate(day)} ${time}`);
      // The supervisor sets up group supervision in the team's channel after the first run of its day.
      if (group && time === SWEEPS[0] && formatIsoDate(day) === input.group!.setUpOn) {
        await group.setUp();
        await collect(`${formatIsoDate(day)} ${time}`);
      }
      // The supervisor books at the end of the working day whatever is not booked yet.
      if (time !== SWEEPS[SWEEPS.length - 1] || !calendar.isWorkingDay(day)) continue;
      for (const [index, worker] of workers.entries()) await bookWhatIsDue(context, supervisor, worker, input.practitioners[index]!.cohort, day);
      await collect(`${formatIsoDate(day)} ${time}`);
    }
  }
  const sessions = await db.selectFrom('supervision_session').selectAll().where('kind', '!=', 'group').orderBy('starts_at').execute();
  const records = await db.selectFrom('record').select(['id', 'session_id', 'supervisee_id']).execute();
  const actions = await db.selectFrom('action_item').select(['id', 'owner_id', 'due_on', 'updated_at']).execute();
  const agreements = await db.selectFrom('supervision_agreement').select(['id', 'round', 'supervisee_id', 'supervisor_id']).execute();
  return {
    sent,
    sessions,
    records,
    actions,
    agreements,
    context,
    supervisor,
    manager,
    workers,
    slackIds,
    local,
    group: input.group && (await groupOfTeam(context, input.group)),
  };
}

/** What a supervisor who keeps to the policy does: books each kind not yet booked on its due date, at the first free slot. */
async function bookWhatIsDue(context: FlowContext, supervisor: Actor, worker: Actor, cohort: string, day: DayNumber) {
  const { pack: policy, calendar, db } = context;
  const kinds = policy.cohorts[cohort]!.supervision.map((entry) => entry.kind).filter((kind) => bookableKinds(policy).includes(kind));
  const booked = await db
    .selectFrom('supervision_session')
    .select('kind')
    .where('status', '=', 'booked')
    .where('supervisee_id', '=', worker.id)
    .where('starts_at', '>', context.clock.now())
    .execute();
  if (kinds.every((kind) => booked.some((session) => session.kind === kind))) return;
  const outcome = await duesOf(context, worker, day);
  if (!outcome.ok) throw new Error(outcome.reason('en-GB'));
  for (const kind of kinds) {
    if (booked.some((session) => session.kind === kind)) continue;
    const due = outcome.dues.find((entry) => entry.kind === kind);
    if (!due) continue;
    // The first free slot on the due date, or the working day before it (the bot refuses a clash).
    const target = Math.max(due.date, calendar.addWorkingDays(day, 1));
    let result;
    search: for (const date of [target, calendar.onOrAfter(calendar.workingDaysBefore(target, 1))].map(formatIsoDate)) {
      for (const time of SLOTS) {
        result = await runAction(context, supervisor, 'session.book', { bookingId: randomUUID(), supervisee: worker.id, kind, date, time });
        if (!result.fieldErrors?.time && !result.fieldErrors?.date) break search;
      }
    }
    // "Booked", in the supervisor's language (both, Welsh first, for someone who has not chosen under Cafcass Cymru).
    if (result?.view.data.title !== t(speechOf(context.pack, supervisor), 'session.bookedYouTitle'))
      throw new Error(`booking ${kind} by ${formatIsoDate(target)} failed: ${JSON.stringify(result?.view.data)}`);
  }
}

/** The first of the sweeper's runs in working hours at or after an instant, as "2026-12-24 16:45". */
export function firstSweepAtOrAfter(calendar: FlowContext['calendar'], instant: DateTime): string {
  for (let day = calendar.dayOf(instant); ; day += 1) {
    for (const time of SWEEPS) {
      const sweep = DateTime.fromISO(`${formatIsoDate(day)}T${time}`, { zone: calendar.zone });
      if (calendar.isWithinWorkingHours(sweep) && sweep >= instant) return `${formatIsoDate(day)} ${time}`;
    }
  }
}

/** What the bot should have sent for each session, worked out from its dates: nothing more, nothing less. */
export function expectedMessages(
  result: Awaited<ReturnType<typeof simulate>>,
  input: { from: string; until: string },
): { at: string; to: string; key: string }[] {
  const { context, sessions, records, actions, slackIds } = result;
  const { calendar } = context;
  const dayOf = (instant: Date) => calendar.dayOf(DateTime.fromJSDate(instant));
  const last = parseIsoDate(input.until)!;
  const expected: { at: string; to: string; key: string }[] = [];
  // Worked out from the sessions, not from what the bot stored: round 0 at each practitioner's first session held,
  // round 1 at the first held on or after 28 days before the anniversary of the day round 0 was signed.
  const rule = context.pack.agreement;
  const reviewFrom = new Map<string, DayNumber>();
  const agreementsAt = (session: (typeof sessions)[number], asked: string) => {
    if (!rule) return [];
    // An agreement only for some cohorts (Cafcass: students on placement) is offered to no one else.
    const cohort = result.workers.find((worker) => worker.id === session.supervisee_id)?.cohort;
    if (rule.cohorts && (!cohort || !rule.cohorts.includes(cohort))) return [];
    const held = dayOf(session.starts_at);
    const due = reviewFrom.get(session.supervisee_id!);
    const round = due === undefined ? 0 : held >= due ? 1 : undefined;
    if (round === undefined || (round === 1 && reviewFrom.get(`${session.supervisee_id}:reviewed`) !== undefined)) return [];
    if (round === 0) {
      const anniversary = DateTime.fromISO(asked.slice(0, 10)).plus({ [rule.review.unit]: rule.review.amount });
      reviewFrom.set(session.supervisee_id!, calendar.dayOf(anniversary) - 28);
    } else reviewFrom.set(`${session.supervisee_id}:reviewed`, held);
    const stored = result.agreements.find((entry) => entry.supervisee_id === session.supervisee_id && entry.round === round);
    return [stored ?? { id: 'not offered', supervisee_id: session.supervisee_id!, supervisor_id: session.supervisor_id! }];
  };
  for (const session of sessions) {
    const booked = dayOf(session.created_at);
    const day = dayOf(session.starts_at);
    const base = `session:${session.id}:${session.starts_at.toISOString()}`;
    const practitioner = slackIds.get(session.supervisee_id!)!;
    expected.push({ at: `${formatIsoDate(booked)} 16:45`, to: practitioner, key: `session:${session.id}:booked` });
    const prepare = calendar.workingDaysBefore(day, context.pack.reminders.prepareWorkingDaysBefore);
    if (prepare > booked && prepare <= last) {
      expected.push({ at: `${formatIsoDate(prepare)} 09:00`, to: practitioner, key: `${base}:prepare` });
      // Where the pack asks the supervisor to prepare too (Bexley, Islington, Cafcass Cymru), their card the same morning.
      if (context.pack.reminders.supervisor) expected.push({ at: `${formatIsoDate(prepare)} 09:00`, to: 'U0SUPERVI', key: `${base}:prepare:supervisor` });
    }
    if (day > booked && day <= last) {
      expected.push({ at: `${formatIsoDate(day)} 09:00`, to: practitioner, key: `${base}:today:${session.supervisee_id}` });
      expected.push({ at: `${formatIsoDate(day)} 09:00`, to: 'U0SUPERVI', key: `${base}:today:${session.supervisor_id}` });
    }
    const ends = DateTime.fromJSDate(session.starts_at).plus({ minutes: session.duration_minutes });
    const asked = firstSweepAtOrAfter(calendar, ends);
    if (parseIsoDate(asked.slice(0, 10))! > last) continue;
    expected.push({ at: asked, to: 'U0SUPERVI', key: `${base}:outcome` });
    // The supervision agreement, where the pack has one: offered to both at their first session held (and its
    // review at one near the anniversary), the supervisor signs, the practitioner is told and signs, both are told.
    for (const agreement of agreementsAt(session, asked))
      expected.push(
        { at: asked, to: 'U0SUPERVI', key: `agreement:${agreement.id}:offer:${agreement.supervisor_id}` },
        { at: asked, to: practitioner, key: `agreement:${agreement.id}:offer:${agreement.supervisee_id}` },
        { at: asked, to: practitioner, key: `agreement:${agreement.id}:signed-by:${agreement.supervisor_id}` },
        { at: asked, to: 'U0SUPERVI', key: `agreement:${agreement.id}:signed:${agreement.supervisor_id}` },
        { at: asked, to: practitioner, key: `agreement:${agreement.id}:signed:${agreement.supervisee_id}` },
      );
    // Marked held and recorded when asked, where the pack keeps a record of the kind; signed when it comes.
    if (!context.pack.kinds[session.kind as keyof typeof context.pack.kinds]?.record) continue;
    // Each of its records (Bexley's case supervision: the child's, then the personal record).
    const ofSession = records.filter((entry) => entry.session_id === session.id);
    for (const record of ofSession.length > 0 ? ofSession : [undefined])
      expected.push({ at: asked, to: practitioner, key: `record:${record?.id}:sign` }, { at: asked, to: 'U0SUPERVI', key: `record:${record?.id}:signed` });
  }
  // Each action agreed in a record: reminded to its owner the pack's working days before it is due, at
  // 09:00, and done then, so never overdue; unless a record made before then reviewed it as done (two
  // sessions recorded the same day: the second reviews the first's action).
  for (const action of actions) {
    const on = calendar.workingDaysBefore(parseIsoDate(action.due_on)!, context.pack.reminders.actionsWorkingDaysBefore);
    if (dayOf(action.updated_at) < on) continue;
    if (on <= last) expected.push({ at: `${formatIsoDate(on)} 09:00`, to: slackIds.get(action.owner_id)!, key: `action:${action.id}:soon:${action.due_on}` });
  }
  expected.push(...expectedMonthlyReports(result, input));
  return [...expected, ...expectedGroupMessages(result, input.until, (instant) => firstSweepAtOrAfter(calendar, instant))];
}

/**
 * The oversight report, where the pack sends it each month to managers (`reporting.sendTo`): to the team's
 * manager at the first sweep of each month's first working day, for the month before; on the simulation's
 * first day too when that is within the five working days a bot that was down catches up.
 */
function expectedMonthlyReports(result: Awaited<ReturnType<typeof simulate>>, input: { from: string; until: string }) {
  const { context, manager } = result;
  const { calendar } = context;
  const reporting = context.pack.reporting;
  if (!reporting?.sendTo?.roles.includes('manager') || reporting.cadence.type !== 'calendar' || reporting.cadence.period !== 'month') return [];
  const from = parseIsoDate(input.from)!;
  const last = parseIsoDate(input.until)!;
  const expected: { at: string; to: string; key: string }[] = [];
  for (let month = DateTime.fromISO(input.from).startOf('month'); calendar.dayOf(month) <= last; month = month.plus({ months: 1 })) {
    const firstWorkingDay = calendar.onOrAfter(parseIsoDate(month.toISODate()!)!);
    const day = Math.max(firstWorkingDay, from);
    if (day > calendar.addWorkingDays(firstWorkingDay, 5) || day > last) continue;
    const reported = month.minus({ months: 1 }).toFormat('yyyy-MM');
    expected.push({
      at: firstSweepAtOrAfter(calendar, DateTime.fromISO(`${formatIsoDate(day)}T00:00`, { zone: calendar.zone })),
      to: 'U0MANAGER',
      key: `report-monthly:${reported}:${manager.id}`,
    });
  }
  return expected;
}

/** The days one practitioner's sessions of one kind were held on (by default the first's), as YYYY-MM-DD. */
export function sessionDays(result: Awaited<ReturnType<typeof simulate>>, kind: string, practitioner = 0): string[] {
  return result.sessions
    .filter((session) => session.kind === kind && session.supervisee_id === result.workers[practitioner]!.id)
    .map((session) => formatIsoDate(result.context.calendar.dayOf(DateTime.fromJSDate(session.starts_at))));
}

/** Sent and expected messages in one order, for comparing. */
export function sortedMessages(messages: { at: string; to: string; key: string }[]): { at: string; to: string; key: string }[] {
  return messages.map(({ at, to, key }) => ({ at, to, key })).sort((a, b) => (a.key + a.at).localeCompare(b.key + b.at));
}

/**
 * A year from Mon 5 Oct 2026 for a team on PGlite: the supervisor, their manager, the practitioner of the
 * cohort under test and a colleague (both starting that day), with group supervision set up in the team's
 * channel as planned; the colleague misses every group session. It checks that what was sent is exactly
 * what the sessions call for, and returns the result for the hand-worked dates.
 */
export async function simulateYear(store: Store, packId: string, team: { cohort: string; colleague: string; group: Omit<GroupPlan, 'absentee'> }) {
  const input = {
    store,
    packId,
    practitioners: [team.cohort, team.colleague].map((cohort) => ({ cohort, startDate: '2026-10-05' })),
    from: '2026-10-05',
    until: '2027-10-04',
    group: { ...team.group, absentee: 1 },
  };
  const result = await simulate(input);
  return { result, sent: sortedMessages(result.sent), expected: sortedMessages(expectedMessages(result, input)) };
}
