// A simulated stretch of time for one supervisor and one practitioner: the bot's sweeper runs three
// times a working day (09:00, 12:00, 16:45 London time) and at noon on other days, and the supervisor does what the
// bot asks: marks each session held when asked, and books the next one of each kind on its due date
// from the policy engine. Every message the bot queues is logged with the local time it was queued.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { bookableKinds } from '../../src/domain/schedule/booking.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../../src/domain/time/localDate.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { recordDeadlineProvider } from '../../src/flows/recordDeadlines.js';
import { reminderSources } from '../../src/flows/reminderSources.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { runAction } from '../../src/flows/router.js';
import { duesOf } from '../../src/flows/schedule.js';
import type { Store } from '../../src/store/open.js';
import { FakeClock } from './fakes.js';
import { pack } from './packs.js';

export interface SentMessage {
  /** Local time it was queued, "2026-12-24 09:00". */
  at: string;
  to: 'practitioner' | 'supervisor' | 'manager';
  key: string;
  text: string;
}

/** The sweeper's runs on a working day; on other days one run at noon shows that nothing goes out. */
const SWEEPS = ['09:00', '12:00', '16:45'];
const SLOTS = ['10:00', '13:30', '11:00', '14:00'];

export async function simulate(input: { store: Store; packId: string; cohort: string; startDate: string; from: string; until: string }) {
  const { pack: policy, calendar } = pack(input.packId);
  const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager M,manager,North,,,,U0MANAGER
supervisor@example.org,Practice Supervisor S,supervisor,North,manager@example.org,,,U0SUPERVI
worker@example.org,Social Worker P,practitioner,North,supervisor@example.org,${input.cohort},${input.startDate},U0PRACTIT
`;
  const local = (day: DayNumber, time: string) => DateTime.fromISO(`${formatIsoDate(day)}T${time}`, { zone: calendar.zone });
  const first = parseIsoDate(input.from)!;
  const last = parseIsoDate(input.until)!;
  const clock = new FakeClock(local(first, '08:00').toISO()!);
  const db = input.store.db;
  const imported = await importDirectory({ db, pack: policy, fileName: 'staff.csv', text: directory, now: clock.now() });
  if (!imported.ok) throw new Error('directory did not import');
  const people = Object.fromEntries((await db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]));
  const context: FlowContext = { db, pack: policy, calendar, clock };
  const sweeper = new Sweeper(db, clock, [
    escalationProvider(context),
    recordDeadlineProvider(context),
    cadenceWatchProvider(context),
    remindersProvider(context, reminderSources(context)),
  ]);
  const roleOf: Record<string, SentMessage['to']> = { U0PRACTIT: 'practitioner', U0SUPERVI: 'supervisor', U0MANAGER: 'manager' };
  const cohortKinds = policy.cohorts[input.cohort]!.supervision.map((entry) => entry.kind).filter((kind) => bookableKinds(policy).includes(kind));
  const sent: SentMessage[] = [];
  let seen = 0;

  /** Logs what was queued since the last look; the supervisor answers each "was it held?". */
  const collect = async (at: string) => {
    const rows = await db.selectFrom('outbox').select(['id', 'idempotency_key', 'conversation', 'payload']).orderBy('id').offset(seen).execute();
    seen += rows.length;
    for (const row of rows) {
      sent.push({ at, to: roleOf[row.conversation]!, key: row.idempotency_key, text: (row.payload as { text: string }).text });
      const outcome = /^session:([^:]+):.*:outcome$/.exec(row.idempotency_key);
      if (outcome) await runAction(context, people.supervisor!, 'session.held', { sessionId: outcome[1] });
    }
  };

  for (let day = first; day <= last; day += 1) {
    for (const time of calendar.isWorkingDay(day) ? SWEEPS : ['12:00']) {
      clock.advance(local(day, time).toMillis() - clock.now().getTime());
      await sweeper.sweepOnce();
      await collect(`${formatIsoDate(day)} ${time}`);
      // The supervisor books at the end of the working day whatever is not booked yet.
      if (time !== SWEEPS[SWEEPS.length - 1] || !calendar.isWorkingDay(day)) continue;
      const booked = await db
        .selectFrom('supervision_session')
        .select('kind')
        .where('status', '=', 'booked')
        .where('starts_at', '>', clock.now())
        .execute();
      const outcomeOf = await duesOf(context, people.worker!, day);
      if (!outcomeOf.ok) throw new Error(outcomeOf.reason);
      for (const kind of cohortKinds) {
        if (booked.some((session) => session.kind === kind)) continue;
        const due = outcomeOf.dues.find((entry) => entry.kind === kind);
        if (!due) continue;
        const date = formatIsoDate(Math.max(due.date, calendar.addWorkingDays(day, 1)));
        // The first free slot that day: the bot refuses a second session at the same time.
        let result;
        for (const time of SLOTS) {
          result = await runAction(context, people.supervisor!, 'session.book', { bookingId: randomUUID(), supervisee: people.worker!.id, kind, date, time });
          if (!result.fieldErrors?.time) break;
        }
        if (result?.view.data.title !== 'Booked') throw new Error(`booking ${kind} on ${date} failed: ${JSON.stringify(result?.view.data)}`);
      }
      await collect(`${formatIsoDate(day)} ${time}`);
    }
  }
  const sessions = await db.selectFrom('supervision_session').selectAll().orderBy('starts_at').execute();
  return { sent, sessions, context, people, local };
}

/** What the bot should have sent for each session, worked out from its dates: nothing more, nothing less. */
export function expectedMessages(
  result: Awaited<ReturnType<typeof simulate>>,
  input: { until: string },
): { at: string; to: SentMessage['to']; key: string }[] {
  const { context, sessions, people } = result;
  const { calendar } = context;
  const dayOf = (instant: Date) => calendar.dayOf(DateTime.fromJSDate(instant));
  const last = parseIsoDate(input.until)!;
  const expected: { at: string; to: SentMessage['to']; key: string }[] = [];
  const firstSweepAtOrAfter = (instant: DateTime) => {
    for (let day = calendar.dayOf(instant); ; day += 1) {
      for (const time of SWEEPS) {
        const sweep = DateTime.fromISO(`${formatIsoDate(day)}T${time}`, { zone: calendar.zone });
        if (calendar.isWithinWorkingHours(sweep) && sweep >= instant) return `${formatIsoDate(day)} ${time}`;
      }
    }
  };
  for (const session of sessions) {
    const booked = dayOf(session.created_at);
    const day = dayOf(session.starts_at);
    const base = `session:${session.id}:${session.starts_at.toISOString()}`;
    expected.push({ at: `${formatIsoDate(booked)} 16:45`, to: 'practitioner', key: `session:${session.id}:booked` });
    const prepare = calendar.workingDaysBefore(day, context.pack.reminders.prepareWorkingDaysBefore);
    if (prepare > booked && prepare <= last) expected.push({ at: `${formatIsoDate(prepare)} 09:00`, to: 'practitioner', key: `${base}:prepare` });
    if (day > booked && day <= last) {
      expected.push({ at: `${formatIsoDate(day)} 09:00`, to: 'practitioner', key: `${base}:today:${people.worker!.id}` });
      expected.push({ at: `${formatIsoDate(day)} 09:00`, to: 'supervisor', key: `${base}:today:${people.supervisor!.id}` });
    }
    const ends = DateTime.fromJSDate(session.starts_at).plus({ minutes: session.duration_minutes });
    const asked = firstSweepAtOrAfter(ends);
    if (parseIsoDate(asked.slice(0, 10))! <= last) expected.push({ at: asked, to: 'supervisor', key: `${base}:outcome` });
  }
  return expected;
}

/** The days sessions of one kind were held on, as YYYY-MM-DD. */
export function sessionDays(result: Awaited<ReturnType<typeof simulate>>, kind: string): string[] {
  return result.sessions
    .filter((session) => session.kind === kind)
    .map((session) => formatIsoDate(result.context.calendar.dayOf(DateTime.fromJSDate(session.starts_at))));
}

/** Sent and expected messages in one order, for comparing. */
export function sortedMessages(messages: { at: string; to: string; key: string }[]): { at: string; to: string; key: string }[] {
  return messages.map(({ at, to, key }) => ({ at, to, key })).sort((a, b) => (a.key + a.at).localeCompare(b.key + b.at));
}

/**
 * A year from Mon 5 Oct 2026 for a practitioner who started that day, on PGlite: it checks that what
 * was sent is exactly what the sessions call for, and returns the result for the hand-worked dates.
 */
export async function simulateYear(store: Store, packId: string, cohort: string) {
  const input = { store, packId, cohort, startDate: '2026-10-05', from: '2026-10-05', until: '2027-10-04' };
  const result = await simulate(input);
  return { result, sent: sortedMessages(result.sent), expected: sortedMessages(expectedMessages(result, input)) };
}
