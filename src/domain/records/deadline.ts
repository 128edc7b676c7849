// When a record is due, when its supervisor is reminded, and when a trigger must be answered, from the
// pack's rules. Working-day deadlines end at the end of the last working day; clock hours are exact;
// "immediately" is when the discussion ends.
import type { DateTime } from 'luxon';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Deadline } from '../policy/fields.js';
import type { PolicyPack, SupervisionKind, Urgency } from '../policy/schema.js';
import { urgencyLevels } from '../policy/schema.js';
import { defaultMinutes } from '../schedule/booking.js';
import { UnknownNameError } from '../schedule/schedule.js';
import type { Duration } from '../time/duration.js';
import { addMonths } from '../time/localDate.js';
import { entryOf } from '../policy/entryOf.js';

export interface ResolvedDeadline {
  due: DateTime;
  /** The rule in words, e.g. "5 working days". */
  rule: string;
  source: string;
  local: boolean;
}

/** `at`: when the supervision was held; `endedAt`: when its discussion ended ("immediately" counts from there). */
export function deadlineAfter(deadline: Deadline, at: DateTime, calendar: WorkingCalendar, endedAt: DateTime = at): DateTime {
  switch (deadline.type) {
    case 'immediately':
      return endedAt;
    case 'on-the-day':
      return calendar.endOfDay(calendar.dayOf(at));
    case 'duration':
      return recordDue(deadline.duration, at, calendar);
  }
}

function recordDue(duration: Duration, at: DateTime, calendar: WorkingCalendar): DateTime {
  const day = calendar.dayOf(at);
  switch (duration.unit) {
    case 'minutes':
      return at.plus({ minutes: duration.amount });
    case 'hours':
      return at.plus({ hours: duration.amount });
    case 'working hours':
      return calendar.addWorkingHours(at, duration.amount);
    case 'working days':
      return calendar.endOfDay(calendar.addWorkingDays(day, duration.amount));
    case 'days':
      return calendar.endOfDay(day + duration.amount);
    case 'weeks':
      return calendar.endOfDay(day + duration.amount * 7);
    case 'months':
      return calendar.endOfDay(addMonths(day, duration.amount));
    case 'years':
      return calendar.endOfDay(addMonths(day, duration.amount * 12));
  }
}

/**
 * The deadline a significant decision recorded as `kind` takes: the kind's own, else the pack's
 * significant-decision deadline (its situational kind's, as triggers are recorded) wherever the record goes
 * on the child's record, whatever model records it (Bexley's closure, transfer and child protection triggers are
 * recorded as case supervision). A record kept only on the personal record holds no decision about a child.
 */
export function significantDeadlineOf(pack: PolicyPack, kind: SupervisionKind): Deadline | undefined {
  const rule = entryOf(pack.kinds, kind)?.record;
  if (!rule) return undefined;
  if (rule.significantDeadline) return rule.significantDeadline;
  return rule.storedOn === 'personal-record' ? undefined : pack.kinds.situational?.record?.significantDeadline;
}

/**
 * When the record of a supervision of `kind` held at `at` is due; `endedAt` is when its discussion ended
 * (default `at`), from which "immediately" counts. A significant decision takes the significant-decision
 * deadline, unless the kind's own comes first (Cymru's PRD is due on the day).
 */
export function recordDeadline(input: {
  pack: PolicyPack;
  calendar: WorkingCalendar;
  kind: SupervisionKind;
  at: DateTime;
  endedAt?: DateTime;
  significant?: boolean;
}): ResolvedDeadline {
  const kinds = Object.entries(input.pack.kinds)
    .filter(([, rule]) => rule?.record)
    .map(([name]) => name);
  const rule = entryOf(input.pack.kinds, input.kind)?.record;
  if (!rule) throw new UnknownNameError('record kind', input.kind, kinds);
  const normal = deadlineAfter(rule.deadline, input.at, input.calendar, input.endedAt);
  const significant = input.significant ? significantDeadlineOf(input.pack, input.kind) : undefined;
  const sooner = significant && deadlineAfter(significant, input.at, input.calendar, input.endedAt);
  if (!significant || !sooner || sooner >= normal) return { due: normal, rule: rule.deadline.text, source: rule.source, local: rule.local ?? false };
  const own = significant === rule.significantDeadline;
  const situational = input.pack.kinds.situational!.record!;
  return {
    due: sooner,
    rule: `${significant.text} for a significant decision`,
    source: own ? rule.source : situational.source,
    local: (own ? rule.local : situational.local) ?? false,
  };
}

/** When a discussion of `kind` that starts at `startedAt` ends, when nobody says: after the pack's length for the kind (an hour if it gives none). */
export function discussionEnds(pack: PolicyPack, kind: SupervisionKind, startedAt: DateTime): DateTime {
  return startedAt.plus({ minutes: defaultMinutes(pack, kind) });
}

/**
 * When to remind the one who records it, from `from` (when the clock started) to `due`: halfway, as the
 * sweeper sends it at the next moment in working hours. Where that moment would come only after the deadline
 * (72 clock hours ending on Boxing Day, 24 on Good Friday), the reminder comes at the start of the last working
 * day before the deadline, or at once if that day has begun; with no working time left before it, the
 * overdue notice is the first word.
 */
export function recordReminder(input: { from: DateTime; due: DateTime; calendar: WorkingCalendar }): DateTime {
  const { from, due, calendar } = input;
  const halfway = from.plus({ milliseconds: Math.max(0, due.toMillis() - from.toMillis()) / 2 });
  if (calendar.nextWorkingMoment(halfway) < due) return halfway;
  const startOf = (day: number) => calendar.nextWorkingMoment(calendar.atMinute(day, 0));
  let day = calendar.onOrBefore(calendar.dayOf(due));
  if (startOf(day) >= due) day = calendar.onOrBefore(day - 1);
  const lastDayStarts = startOf(day);
  return lastDayStarts > from ? lastDayStarts : from;
}

/**
 * When a raised request must be accepted before it goes to the next person in the chain. With no
 * trigger ("I'd like supervision") the urgency alone decides; with one, its floor and its own time apply.
 */
export function responseDeadline(input: {
  pack: PolicyPack;
  calendar: WorkingCalendar;
  triggerId?: string | null;
  urgency?: Urgency;
  raisedAt: DateTime;
}): ResolvedDeadline & { urgency: Urgency; within: string } {
  const trigger = input.triggerId ? entryOf(input.pack.triggers, input.triggerId) : undefined;
  if (input.triggerId && !trigger) throw new UnknownNameError('trigger', input.triggerId, Object.keys(input.pack.triggers));
  const floor = trigger?.minimumUrgency ?? urgencyLevels[0];
  const requested = input.urgency ?? trigger?.urgency ?? urgencyLevels[0];
  const urgency = urgencyLevels.indexOf(requested) < urgencyLevels.indexOf(floor) ? floor : requested;
  const explicit = trigger?.respondWithin && urgency === trigger.urgency ? trigger.respondWithin : undefined;
  const level = input.pack.urgencies[urgency];
  const duration = explicit ?? level.respondWithin;
  return {
    due: responseDue(duration, input.raisedAt, input.calendar),
    rule: `${duration.text} (${urgency})`,
    within: duration.text,
    source: explicit ? trigger!.source : level.source,
    local: explicit ? (trigger!.local ?? false) : (level.local ?? false),
    urgency,
  };
}

/** Response times are service levels: a working day is a working day's worth of working hours. */
function responseDue(duration: Duration, at: DateTime, calendar: WorkingCalendar): DateTime {
  if (duration.unit === 'working days') return calendar.addWorkingHours(at, duration.amount * calendar.hoursPerDay);
  return recordDue(duration, at, calendar);
}
