// The demo organisation's history, so a manager in the playground can open a report at once: for each demo
// practitioner, every scheduled one-to-one kind of their cohort due over the last N months, held on time
// (one to three working days before the due date), held late (a few working days after) or missed, drawn
// from a seeded random sequence so the same seed and day give the same history; Grace Okafor's leave two
// months ago, with her supervision held after her return; and Tom Evans's latest missed, so the demo shows
// something overdue. Written straight to the store (nothing is sent: it is the past). Then, from the same
// sequence, triggers answered and escalated, records on time and late with their actions
// (src/playground/demoActivity.ts), and the demo team's group supervision, set up in its channel at the
// history's start, its sessions held with each member's attendance (src/playground/demoGroup.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DateTime, type Zone } from 'luxon';
import { calendarOf } from '../domain/policy/calendarOf.js';
import type { PolicyPack, SupervisionKind } from '../domain/policy/schema.js';
import { bookableKinds, defaultMinutes } from '../domain/schedule/booking.js';
import { personSchedule } from '../domain/schedule/schedule.js';
import { formatIsoDate, fromYmd, parseIsoDate, toYmd, type DayNumber } from '../domain/time/localDate.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Database } from '../store/schema.js';
import { seedDemoActivity, type DemoActivitySummary } from './demoActivity.js';
import { seedDemoGroup, type DemoGroupSummary } from './demoGroup.js';

export interface DemoHistoryOptions {
  /** Whole months back from the current one (the current month so far is written too). */
  months: number;
  /** The random sequence's seed: the same seed and day give the same history. */
  seed: number;
}

export const DEMO_HISTORY_DEFAULTS: DemoHistoryOptions = { months: 6, seed: 1 };

export interface DemoHistorySummary extends DemoActivitySummary, DemoGroupSummary {
  onTime: number;
  late: number;
  missed: number;
  leaves: number;
}

/** A small, well-known seeded generator (mulberry32): numbers in [0, 1). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shares of due supervision held on time and late; the rest is missed. */
const ON_TIME = 0.75;
const LATE = 0.15;

export async function seedDemoHistory(
  db: Kysely<Database>,
  pack: PolicyPack,
  now: Date,
  options: DemoHistoryOptions,
  practitionerEmails: { supervisor: string; onLeave: string; missedLatest: string },
): Promise<DemoHistorySummary> {
  const calendar = calendarOf(pack);
  const today = calendar.dayOf(DateTime.fromJSDate(now));
  const random = sequence(options.seed);
  const current = toYmd(today);
  const firstMonth = current.year * 12 + current.month - 1 - options.months;
  const from = fromYmd(Math.floor(firstMonth / 12), (firstMonth % 12) + 1, 1);
  const supervisor = await db.selectFrom('person').select('id').where('email', '=', practitionerEmails.supervisor).executeTakeFirstOrThrow();
  const practitioners = await db.selectFrom('person').selectAll().where('role', '=', 'practitioner').orderBy('email').execute();
  const summary = { onTime: 0, late: 0, missed: 0, leaves: 0 };
  const bookable = bookableKinds(pack);

  // Two working weeks of leave, about two months ago.
  const leave = { from: calendar.onOrAfter(today - 63), to: calendar.addWorkingDays(calendar.onOrAfter(today - 63), 9) };
  const onLeave = practitioners.find((person) => person.email === practitionerEmails.onLeave);
  if (onLeave && leave.from >= from) {
    await db
      .insertInto('absence')
      .values({
        id: randomUUID(),
        person_id: onLeave.id,
        from_date: formatIsoDate(leave.from),
        to_date: formatIsoDate(leave.to),
        recorded_by: onLeave.id,
        recorded_at: now,
      })
      .execute();
    summary.leaves += 1;
  }

  for (const person of practitioners) {
    const cohort = person.cohort ? pack.cohorts[person.cohort] : undefined;
    if (!cohort || !person.start_date) continue;
    const start = parseIsoDate(person.start_date)!;
    const kinds = [...new Set(cohort.supervision.map((entry) => entry.kind))].filter((kind) => bookable.includes(kind));
    for (const kind of kinds) {
      // One due date at a time, each counted from what was held before it (a rolling cadence moves with a late session).
      const held: DayNumber[] = [];
      const schedule = (more: DayNumber[] = []) =>
        personSchedule({ pack, calendar, cohortId: person.cohort!, kind, start, until: today - 1, held: { [kind]: [...held, ...more] } });
      let cursor = from - 1;
      for (let guard = 0; guard < 500; guard += 1) {
        const dues = schedule();
        const next = dues.find((due) => due.date > cursor);
        if (!next) {
          // Nothing due after a miss: the rolling cadence waits on it; a catch-up session is held late, or none before today.
          const missed = dues.find((due) => due.status === 'overdue');
          const catchUp = missed && calendar.addWorkingDays(missed.date, 8 + Math.floor(random() * 8));
          if (!missed || catchUp! >= today) break;
          held.push(catchUp!);
          summary.late += 1;
          cursor = catchUp!;
          await heldSession(db, pack, calendar.zone, { kind, supervisee: person.id, supervisor: supervisor.id, day: catchUp!, now });
          continue;
        }
        cursor = next.date;
        // The last due before today: held on time, would anything else fall due before today?
        const latest = !schedule([next.date]).some((due) => due.date > next.date);
        const draw = random();
        let heldOn: DayNumber | undefined;
        if (person.email === practitionerEmails.missedLatest && latest) heldOn = undefined;
        else if (onLeave?.id === person.id && next.date >= leave.from && next.date <= leave.to) heldOn = calendar.addWorkingDays(leave.to, 2);
        else if (draw < ON_TIME) heldOn = Math.max(start, calendar.workingDaysBefore(next.date, 1 + Math.floor(random() * 3)));
        else if (draw < ON_TIME + LATE) heldOn = calendar.addWorkingDays(next.date, 1 + Math.floor(random() * 5));
        if (heldOn !== undefined) heldOn = calendar.onOrAfter(heldOn);
        if (heldOn === undefined || heldOn >= today) {
          summary.missed += 1;
          continue;
        }
        if (heldOn > next.date) summary.late += 1;
        else summary.onTime += 1;
        held.push(heldOn);
        await heldSession(db, pack, calendar.zone, { kind, supervisee: person.id, supervisor: supervisor.id, day: heldOn, now });
      }
    }
  }
  // Triggers, records, actions and group supervision, from the same sequence: the supervisor's manager takes escalations.
  const manager = await db
    .selectFrom('supervision_relationship')
    .select('supervisor_id')
    .where('supervisee_id', '=', supervisor.id)
    .where('ended_on', 'is', null)
    .executeTakeFirstOrThrow();
  const demo = { db, pack, calendar, now, random, supervisorId: supervisor.id, managerId: manager.supervisor_id };
  const activity = await seedDemoActivity(demo, { from, today }, practitioners);
  const group = await seedDemoGroup(demo, { from, today });
  return { ...summary, ...activity, ...group };
}

async function heldSession(
  db: Kysely<Database>,
  pack: PolicyPack,
  zone: Zone,
  input: { kind: SupervisionKind; supervisee: string; supervisor: string; day: DayNumber; now: Date },
): Promise<void> {
  await db
    .insertInto('supervision_session')
    .values({
      id: randomUUID(),
      organisation_id: ORGANISATION_ID,
      kind: input.kind,
      supervisee_id: input.supervisee,
      supervisor_id: input.supervisor,
      starts_at: DateTime.fromISO(`${formatIsoDate(input.day)}T10:00`, { zone }).toJSDate(),
      duration_minutes: defaultMinutes(pack, input.kind),
      status: 'held',
      booked_by: input.supervisor,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
}
