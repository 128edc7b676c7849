// When a record is due, and when a trigger must be answered, from the pack's rules.
// Working-day deadlines end at the end of the last working day; clock hours are exact.
import type { DateTime } from 'luxon';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Deadline } from '../policy/fields.js';
import type { PolicyPack, SupervisionKind, Urgency } from '../policy/schema.js';
import { urgencyLevels } from '../policy/schema.js';
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

export function deadlineAfter(deadline: Deadline, at: DateTime, calendar: WorkingCalendar): DateTime {
  switch (deadline.type) {
    case 'immediately':
      return at;
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

/** When the record of a supervision of `kind` held at `at` is due. */
export function recordDeadline(input: {
  pack: PolicyPack;
  calendar: WorkingCalendar;
  kind: SupervisionKind;
  at: DateTime;
  significant?: boolean;
}): ResolvedDeadline {
  const kinds = Object.entries(input.pack.kinds)
    .filter(([, rule]) => rule?.record)
    .map(([name]) => name);
  const rule = entryOf(input.pack.kinds, input.kind)?.record;
  if (!rule) throw new UnknownNameError('record kind', input.kind, kinds);
  const deadline = input.significant && rule.significantDeadline ? rule.significantDeadline : rule.deadline;
  return {
    due: deadlineAfter(deadline, input.at, input.calendar),
    rule: input.significant && rule.significantDeadline ? `${deadline.text} for a significant decision` : deadline.text,
    source: rule.source,
    local: rule.local ?? false,
  };
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
