// Every kind of reminder the bot sends, in one list, so one sweeper provider can merge a person's
// missed reminders into one catch-up message.
import { actionReminders } from './actionReminders.js';
import type { FlowContext } from './context.js';
import type { ReminderSource } from './reminders.js';
import { sessionReminderSource } from './sessionReminders.js';
import { groupReminderSource } from './group/reminders.js';

export function reminderSources(context: FlowContext): ReminderSource[] {
  return [sessionReminderSource(context), actionReminders(context), groupReminderSource(context)];
}
