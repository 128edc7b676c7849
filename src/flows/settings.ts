// "My reminder time": each person may choose when their reminders come, inside working hours.
import type { Actor, FlowContext, FlowResult } from './context.js';
import { writeAudit } from '../store/audit.js';

function hoursText(context: FlowContext) {
  return `${context.pack.workingHours.start} and ${context.pack.workingHours.end}`;
}

export function showSettings(
  context: FlowContext,
  actor: Actor,
  extra: { saved?: boolean; errors?: Record<string, string>; reminderTime?: string } = {},
): FlowResult {
  return {
    view: {
      card: 'settings',
      data: {
        explanation: `Reminders go out on working days between ${hoursText(context)}. Choose a time in those hours.`,
        reminderTime: extra.reminderTime ?? actor.reminder_time ?? context.pack.workingHours.start,
        saved: extra.saved ?? false,
        errors: extra.errors ?? {},
      },
    },
    ...(extra.errors && Object.keys(extra.errors).length > 0 ? { fieldErrors: extra.errors } : {}),
  };
}

export async function saveSettings(context: FlowContext, actor: Actor, input: { reminderTime: string }): Promise<FlowResult> {
  const { start, end } = context.pack.workingHours;
  if (input.reminderTime < start || input.reminderTime >= end) {
    return showSettings(context, actor, {
      reminderTime: input.reminderTime,
      errors: { reminderTime: `Choose a time from ${start} to before ${end}, your organisation's working hours.` },
    });
  }
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    await trx.updateTable('person').set({ reminder_time: input.reminderTime, updated_at: now }).where('id', '=', actor.id).execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'settings.reminder-time', objectType: 'person', objectId: actor.id });
  });
  return showSettings(context, { ...actor, reminder_time: input.reminderTime }, { saved: true });
}
