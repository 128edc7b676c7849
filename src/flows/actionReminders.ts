// Reminders of actions to their owners: the pack's `reminders.actionsWorkingDaysBefore` working days
// before an open action is due, then on the first working day after it was due, and once a week while
// it stays open. Each is keyed by the action, its due date and the week, so a new due date starts afresh.
// The queries read only what is due and not yet sent, from indexes (src/store/dueQueries.ts).
import type { View } from '../cards/catalog.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { actionReminderKey, oldestOpenActionDue, openActionsDueBetween, openActionsOverdue } from '../store/dueQueries.js';
import type { FlowContext } from './context.js';
import { caseWords, dueWords } from './actions.js';
import { today } from './format.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { stillWantedIf, type Check, type Reminder, type ReminderSource } from './reminders.js';

/** The working day `count` working days before `day`. */
function workingDaysBefore(calendar: WorkingCalendar, day: DayNumber, count: number): DayNumber {
  let cursor = day;
  for (let remaining = count; remaining > 0;) {
    cursor -= 1;
    if (calendar.isWorkingDay(cursor)) remaining -= 1;
  }
  return cursor;
}

/** The overdue reminder due by `day` for an action due on `due`: week 0 the first working day after, then weekly. */
export function overdueWeek(calendar: WorkingCalendar, due: DayNumber, day: DayNumber): { week: number; on: DayNumber } | undefined {
  const first = calendar.addWorkingDays(due, 1);
  if (first > day) return undefined;
  let week = Math.floor((day - first) / 7);
  let on = calendar.onOrAfter(first + 7 * week);
  if (on > day) {
    week -= 1;
    on = calendar.onOrAfter(first + 7 * week);
  }
  return { week, on };
}

interface ActionRow {
  id: string;
  owner_id: string;
  case_reference: string | null;
  description: string;
  due_on: string;
}

/**
 * What an action reminder says, in a speech (issue 21). Made in English when the reminder is listed, and again in
 * the owner's speech when it is sent to someone who reads Welsh (`say`), from the language the sweep reads with
 * each person's reminder time: no query more.
 */
function actionWords(row: ActionRow, overdue: boolean, speech: Speech): Pick<Reminder, 'text' | 'line' | 'view'> {
  const of = (locale: Locale) => ({ case: caseWords(row.case_reference, locale), due: dueWords(row.due_on, locale), description: row.description });
  return {
    text: inEach(speech, (locale) => t(locale, overdue ? 'actionReminder.overdueNotice' : 'actionReminder.dueSoonNotice', of(locale))),
    line: inEach(speech, (locale) => t(locale, overdue ? 'actionReminder.overdueLine' : 'actionReminder.dueSoonLine', of(locale))),
    // The card is made when it is sent, and only if it is.
    get view(): View {
      return {
        card: 'action-reminder',
        ...(speech === 'en-GB' ? {} : { speech }),
        data: {
          title: t(speech, overdue ? 'actionReminder.overdueTitle' : 'actionReminder.dueSoonTitle'),
          text: inEach(speech, (locale) => t(locale, overdue ? 'actionReminder.overdueText' : 'actionReminder.dueSoonText', of(locale)), {
            paragraphs: true,
          }),
          facts: [
            { title: t(speech, 'request.caseReference'), value: row.case_reference ?? t(speech, 'action.noCaseValue') },
            { title: t(speech, 'recordSign.action'), value: row.description },
            { title: t(speech, 'action.due'), value: inEach(speech, (locale) => dueWords(row.due_on, locale)) },
          ],
          actionId: row.id,
        },
      };
    },
  };
}

function actionReminder(row: ActionRow, key: string, day: DayNumber, overdue: boolean, until?: Date): Reminder {
  return {
    key,
    personId: row.owner_id,
    day,
    ...(until ? { until } : {}),
    ...actionWords(row, overdue, 'en-GB'),
    say: (speech) => actionWords(row, overdue, speech),
    followUp: { title: 'My open actions', verb: 'actions', message: 'button.actions' },
    stillWanted: stillWantedIf(stillOpenOn, row),
  };
}

/** Not done, nor moved to another date, since it was listed (else the reminder is no longer true): one query for a batch. */
const stillOpenOn: Check<Pick<ActionRow, 'id' | 'due_on'>> = async (trx, actions) => {
  const rows = await trx
    .selectFrom('action_item')
    .select(['id', 'status', 'due_on'])
    .where('id', 'in', [...new Set(actions.map((action) => action.id))])
    .execute();
  const current = new Map(rows.map((row) => [row.id, row]));
  return actions.map((action) => current.get(action.id)?.status === 'open' && current.get(action.id)?.due_on === action.due_on);
};

export function actionReminders(context: FlowContext): ReminderSource {
  const { calendar } = context;
  const before = context.pack.reminders.actionsWorkingDaysBefore;
  return {
    name: 'actions',
    async reminders(db, _now, day, since, changedSince) {
      const reminders: Reminder[] = [];

      const ends = new Map<DayNumber, Date>();
      const endOfDay = (due: DayNumber) => ends.get(due) ?? ends.set(due, calendar.endOfDay(due).toJSDate()).get(due)!;
      // Due soon: due from today to `before` working days on, so their reminder day has come.
      const soon = await openActionsDueBetween(db, formatIsoDate(day), formatIsoDate(calendar.addWorkingDays(day, before)), changedSince);
      for (const row of soon) {
        const due = parseIsoDate(row.due_on)!;
        // Agreed inside the window (due in two days, say): the reminder comes on a later morning, not at once.
        const agreed = calendar.addWorkingDays(today(row.updated_at, calendar), 1);
        const on = Math.max(workingDaysBefore(calendar, due, before), agreed);
        if (on > day || on > due) continue;
        reminders.push(actionReminder(row, actionReminderKey.dueSoon(row.id, row.due_on), on, false, endOfDay(due)));
      }

      // Overdue: the due dates whose latest weekly reminder falls from `since` to today.
      const oldest = await oldestOpenActionDue(db);
      const weeks: { dueOn: string; week: number }[] = [];
      for (let due = oldest === undefined ? day : parseIsoDate(oldest)!; due < day; due += 1) {
        const overdue = overdueWeek(calendar, due, day);
        if (overdue && overdue.on >= since) weeks.push({ dueOn: formatIsoDate(due), week: overdue.week });
      }
      for (const row of await openActionsOverdue(db, weeks, changedSince)) {
        const overdue = overdueWeek(calendar, parseIsoDate(row.due_on)!, day)!;
        reminders.push(actionReminder(row, actionReminderKey.overdue(row.id, row.due_on, row.week), overdue.on, true));
      }
      return reminders;
    },
  };
}
