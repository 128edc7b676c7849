// The rest of the demo organisation's history (issue 20), drawn from the same seeded sequence as its sessions
// so the same seed and day give the same report: for each demo practitioner, one or two supervision triggers a
// month (of those a practitioner raises), most accepted by the supervisor within the pack's response time, about
// one in five escalated to the team manager first; each accepted one recorded by its deadline or a few working
// days late, signed, with one action (done by its date, done late, or still open). No group sessions: a team's
// group series begins where it is set up in its channel (the playground's walk does that), so a history written
// before it would clash with the series' numbering. Triggers go through the store functions the flows use
// (openTrigger, moveTrigger: the request, its history, the audit rows); records and actions are the rows the
// record flows write. Nothing is sent: it is the past.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { PolicyPack } from '../domain/policy/schema.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { responseDeadline } from '../domain/records/deadline.js';
import { asksCaseReference, recordKindOf, triggerStoredOn } from '../domain/triggers/raise.js';
import { formatIsoDate, fromYmd, parseIsoDate, toYmd, type DayNumber } from '../domain/time/localDate.js';
import { moveTrigger, openTrigger } from '../flows/triggerLog.js';
import { recordTimes } from '../flows/triggers.js';
import { writeAudit } from '../store/audit.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Database, PersonTable } from '../store/schema.js';

export interface DemoActivitySummary {
  triggers: number;
  escalated: number;
  recordsOnTime: number;
  recordsLate: number;
  actions: number;
}

/** Shares: triggers accepted without escalation; records written by their deadline; actions done by their date, done late. */
const ACCEPTED_FIRST = 0.8;
const RECORDED_ON_TIME = 0.8;
const DONE_BY_DATE = 0.6;
const DONE_LATE = 0.15;

export interface Demo {
  db: Kysely<Database>;
  pack: PolicyPack;
  calendar: WorkingCalendar;
  now: Date;
  random: () => number;
  supervisorId: string;
  managerId: string;
}

export async function seedDemoActivity(
  demo: Demo,
  window: { from: DayNumber; today: DayNumber },
  practitioners: Selectable<PersonTable>[],
): Promise<DemoActivitySummary> {
  const summary: DemoActivitySummary = { triggers: 0, escalated: 0, recordsOnTime: 0, recordsLate: 0, actions: 0 };
  const raisable = Object.keys(demo.pack.triggers).filter((id) => demo.pack.triggers[id]!.raisedBy !== 'supervisor');
  const months = monthsBetween(window.from, window.today);
  for (const person of practitioners)
    for (const monthStart of months) {
      const count = 1 + Math.floor(demo.random() * 2);
      for (let index = 0; index < count; index += 1) {
        const triggerId = raisable[Math.floor(demo.random() * raisable.length)]!;
        const day = demo.calendar.onOrAfter(monthStart + Math.floor(demo.random() * 26));
        const raisedAt = demo.calendar.atMinute(day, 9 * 60 + Math.floor(demo.random() * 300)).toJSDate();
        // Drawn whether or not it is written, so the sequence does not depend on today.
        const draws = { escalate: demo.random(), answer: demo.random(), record: demo.random(), late: demo.random(), action: demo.random() };
        const started = person.start_date ? parseIsoDate(person.start_date)! : window.from;
        if (day < window.from || day < started || day >= window.today) continue;
        await demoTrigger(demo, { person, triggerId, raisedAt, draws }, summary);
      }
    }
  return summary;
}

/** The first day of each month from `from`'s to `today`'s. */
function monthsBetween(from: DayNumber, today: DayNumber): DayNumber[] {
  const months: DayNumber[] = [];
  for (let { year, month } = toYmd(from); fromYmd(year, month, 1) <= today; month === 12 ? ((year += 1), (month = 1)) : (month += 1))
    months.push(fromYmd(year, month, 1));
  return months;
}

async function demoTrigger(
  demo: Demo,
  input: {
    person: Selectable<PersonTable>;
    triggerId: string;
    raisedAt: Date;
    draws: { escalate: number; answer: number; record: number; late: number; action: number };
  },
  summary: DemoActivitySummary,
): Promise<void> {
  const { db, pack, calendar, now } = demo;
  const trigger = entryOf(pack.triggers, input.triggerId)!;
  const urgency = trigger.urgency;
  const respondBy = responseDeadline({ pack, calendar, triggerId: input.triggerId, urgency, raisedAt: DateTime.fromJSDate(input.raisedAt) }).due.toJSDate();
  const span = respondBy.getTime() - input.raisedAt.getTime();
  const escalated = input.draws.escalate >= ACCEPTED_FIRST;
  // Accepted within the time, or escalated at its end and accepted by the manager within the next one.
  const acceptedAt = new Date(input.raisedAt.getTime() + span * (escalated ? 1 + 0.2 + input.draws.answer * 0.6 : 0.1 + input.draws.answer * 0.8));
  if (acceptedAt >= now) return;
  const acceptedBy = escalated ? demo.managerId : demo.supervisorId;
  const id = randomUUID();
  const caseReference = asksCaseReference(pack, trigger) ? pack.caseReference.example : null;
  const context = { db, pack, calendar, clock: { now: () => acceptedAt } };
  const recordDue = recordTimes(context, { trigger_id: input.triggerId }, acceptedAt, acceptedAt).record_due_at;
  const written = new Date(
    input.draws.record < RECORDED_ON_TIME
      ? acceptedAt.getTime() + (recordDue.getTime() - acceptedAt.getTime()) * (0.2 + input.draws.late * 0.7)
      : calendar.atMinute(calendar.addWorkingDays(calendar.dayOf(DateTime.fromJSDate(recordDue)), 1 + Math.floor(input.draws.late * 3)), 11 * 60).toMillis(),
  );
  await db.transaction().execute(async (trx) => {
    let version = 0;
    // Audited as the flows audit each step: the escalation and the acceptance (the record's own rows below).
    const audits: Record<string, string> = { waiting: 'trigger.escalate', accepted: 'trigger.accept' };
    const move = async (
      from: string,
      to: string,
      at: Date,
      actorId: string | null,
      more: Parameters<typeof moveTrigger>[1]['set'],
      detail: Record<string, unknown>,
    ) => {
      const audit = audits[to];
      await moveTrigger(trx, { id, version, from, to, set: more, actorId, at, detail, ...(audit ? { audit } : {}) });
      version += 1;
    };
    await openTrigger(
      trx,
      {
        id,
        organisation_id: ORGANISATION_ID,
        practitioner_id: input.person.id,
        trigger_id: input.triggerId,
        case_reference: caseReference,
        urgency,
        state: 'waiting',
        assigned_to: demo.supervisorId,
        escalation_level: 0,
        respond_by: respondBy,
        version,
        raised_at: input.raisedAt,
        updated_at: input.raisedAt,
      },
      { actorId: input.person.id, at: input.raisedAt, detail: {} },
    );
    await writeAudit(trx, { at: input.raisedAt, actorId: input.person.id, action: 'trigger.raise', objectType: 'trigger_request', objectId: id });
    if (escalated) {
      await move(
        'waiting',
        'waiting',
        respondBy,
        null,
        { assigned_to: demo.managerId, escalation_level: 1, respond_by: new Date(respondBy.getTime() + span) },
        { assignedTo: demo.managerId, level: 1, escalatedFrom: demo.supervisorId },
      );
      summary.escalated += 1;
    }
    await move('waiting', 'accepted', acceptedAt, acceptedBy, { assigned_to: acceptedBy, respond_by: null, record_due_at: recordDue }, {});
    summary.triggers += 1;
    if (written >= now) return;
    const recordId = randomUUID();
    const rule = entryOf(pack.kinds, recordKindOf(trigger))?.record;
    const signedAt = new Date(written.getTime() + 86_400_000);
    const signed = signedAt < now;
    await trx
      .insertInto('record')
      .values({
        id: recordId,
        record_key: id,
        version_no: 1,
        session_id: null,
        trigger_request_id: id,
        supervisee_id: input.person.id,
        author_id: acceptedBy,
        model: rule?.model ?? 'situational',
        stored_on: triggerStoredOn(pack, trigger),
        case_reference: caseReference,
        content: JSON.stringify({ values: {}, significant: false, heldAt: acceptedAt.toISOString() }),
        due_at: recordDue,
        created_at: written,
        ...(signed ? { signed_at: signedAt, signed_by: JSON.stringify([acceptedBy, input.person.id]) } : {}),
      })
      .execute();
    await writeAudit(trx, { at: written, actorId: acceptedBy, action: 'record.write', objectType: 'record', objectId: recordId });
    await move('accepted', 'recorded', written, acceptedBy, {}, { recordId });
    if (signed) await move('recorded', 'signed', signedAt, input.person.id, {}, {});
    if (written <= recordDue) summary.recordsOnTime += 1;
    else summary.recordsLate += 1;
    // One action, due ten working days after the record: done by then, done late, or still open.
    const dueOn = calendar.addWorkingDays(calendar.dayOf(DateTime.fromJSDate(written)), 10);
    const doneOn =
      input.draws.action < DONE_BY_DATE ? dueOn - 2 : input.draws.action < DONE_BY_DATE + DONE_LATE ? calendar.addWorkingDays(dueOn, 3) : undefined;
    const done = doneOn !== undefined && calendar.atMinute(doneOn, 12 * 60).toJSDate() < now;
    await trx
      .insertInto('action_item')
      .values({
        id: randomUUID(),
        record_id: recordId,
        owner_id: input.person.id,
        case_reference: caseReference,
        description: 'Follow up what was agreed',
        due_on: formatIsoDate(dueOn),
        status: done ? 'done' : 'open',
        updated_at: done ? calendar.atMinute(doneOn!, 12 * 60).toJSDate() : written,
      })
      .execute();
    summary.actions += 1;
  });
}
