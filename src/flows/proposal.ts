// A proposed time to talk accepts a request, and the record's deadline counts from it: so it is on a
// working day, in working hours, and no later than the pack's response window for the request's trigger
// and urgency, counted from now (urgent: 4 working hours; routine: 2 working days). A talk further off
// is not an answer to a request for supervision "at the point of need" (Cafcass 2.10): pass it on instead.
import { DateTime } from 'luxon';
import type { Urgency } from '../domain/policy/schema.js';
import { responseDeadline } from '../domain/records/deadline.js';
import type { FlowContext } from './context.js';
import { dayText, momentText } from './format.js';

type Problems = Partial<Record<'date' | 'time', string>>;

const dayNames: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Mon to Fri" for a run of days, else "Mon, Wed, Fri". */
function daysText(days: readonly string[]): string {
  const order = Object.keys(dayNames);
  const run = days.every((day, index) => index === 0 || order.indexOf(day) === order.indexOf(days[index - 1]!) + 1);
  return run && days.length > 2 ? `${dayNames[days[0]!]} to ${dayNames[days.at(-1)!]}` : days.map((day) => dayNames[day]).join(', ');
}

/** The proposed moment, or the problems by their fields (each message names its field and what is allowed). */
export function checkProposal(
  context: FlowContext,
  request: { trigger_id: string | null; urgency: string },
  input: { date: string; time: string },
): { at: Date } | { errors: Problems } {
  const { calendar, pack } = context;
  const now = DateTime.fromJSDate(context.clock.now()).setZone(calendar.zone);
  const at = DateTime.fromISO(`${input.date}T${input.time}`, { zone: calendar.zone });
  if (!at.isValid || at <= now) return { errors: { date: 'Choose a date and time from now on.' } };
  const window = responseDeadline({ pack, calendar, triggerId: request.trigger_id, urgency: request.urgency as Urgency, raisedAt: now });
  const latest = momentText(window.due.toJSDate(), calendar);
  const day = calendar.dayOf(at);
  if (!calendar.isWorkingDay(day))
    return {
      errors: {
        date: `Date: ${dayText(day)} is not a working day. Choose ${daysText(pack.workingHours.days)}, not a bank holiday, by ${latest}.`,
      },
    };
  if (!calendar.isWithinWorkingHours(at))
    return {
      errors: {
        time: `Time: ${at.toFormat('HH:mm')} is outside working hours. Choose a time from ${pack.workingHours.start} to ${pack.workingHours.end}.`,
      },
    };
  if (at > window.due) {
    return {
      errors: {
        date: `Date: choose a time by ${latest}. This request is ${window.urgency}: the ${pack.organisation} policy asks for supervision within ${window.within}. If that cannot be, pass it on.`,
      },
    };
  }
  return { at: at.toJSDate() };
}
