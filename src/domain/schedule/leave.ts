// Leave pauses the clock: nobody can be supervised while away, so supervision that falls due during a
// practitioner's leave is due within the pack's number of working days of their return (Islington,
// Frequency: "scheduled as a priority when the practitioner returns"), and the gap is named so it can
// be recorded. Pure.
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { DayNumber } from '../time/localDate.js';
import type { ScheduledDue } from './schedule.js';

export interface Leave {
  from: DayNumber;
  to: DayNumber;
}

export interface DueAfterLeave extends ScheduledDue {
  /** The leave this due date fell in, and so was moved past. */
  leave?: Leave;
  /** The date it was due before the leave moved it. */
  dueBeforeLeave?: DayNumber;
}

/** Moves each due date that falls within a leave to the `withinWorkingDays`th working day after it. */
export function moveDuesPastLeave(
  dues: readonly ScheduledDue[],
  leaves: readonly Leave[],
  calendar: WorkingCalendar,
  today: DayNumber,
  withinWorkingDays: number,
): DueAfterLeave[] {
  return dues
    .map((due): DueAfterLeave => {
      if (due.status !== 'planned' && due.status !== 'overdue') return due;
      const leave = leaves.find((candidate) => candidate.from <= due.date && due.date <= candidate.to);
      if (!leave) return due;
      const back = calendar.addWorkingDays(leave.to, withinWorkingDays);
      return { ...due, date: back, status: back < today ? 'overdue' : 'planned', leave, dueBeforeLeave: due.date };
    })
    .sort((a, b) => a.date - b.date || a.kind.localeCompare(b.kind));
}

/** The first working day back from a leave. */
export const returnDay = (leave: Leave, calendar: WorkingCalendar): DayNumber => calendar.onOrAfter(leave.to + 1);

/** The leave the person is on today, if any. */
export function onLeave(leaves: readonly Leave[], today: DayNumber): Leave | undefined {
  return leaves.find((leave) => leave.from <= today && today <= leave.to);
}
