// Reminders to people (a session to prepare for, a session today, an action due): each goes out at
// the person's reminder time on its day, in working hours only; what falls outside them waits for
// the next working morning. After downtime, the reminders a person missed on earlier days come as
// one catch-up message, not a flood. Every reminder is keyed, so it is sent once.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { View } from '../cards/catalog.js';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import type { DayNumber } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { today } from './format.js';
import { notifyPerson } from './notify.js';

export interface Reminder {
  /** Unique for this reminder, e.g. "prepare:<session id>:<starts at>". */
  key: string;
  personId: string;
  /** The day it is for: it goes at the person's reminder time that day, or the next working day. */
  day: DayNumber;
  /** Not before this moment (a session's end, for asking whether it was held). */
  notBefore?: Date;
  /** After this it is no use (the session has begun): dropped, not sent late. When the person's
   * reminder time would fall after it, the reminder goes at the start of working hours instead. */
  until?: Date;
  /** The notification's text: a case reference at most, never a child's name. */
  text: string;
  /** Its line in a catch-up message. */
  line: string;
  view: View;
  /** Checked in the sending transaction: is it still wanted (the session not moved or cancelled)? */
  stillWanted?(trx: Transaction<Database>): Promise<boolean>;
}

export interface ReminderSource {
  name: string;
  /** Reminders for days up to `day`; ones already sent may be listed again (their keys are skipped). */
  reminders(db: Kysely<Database>, now: Date, day: DayNumber): Promise<Reminder[]>;
}

/** When a reminder for `day` goes to a person: their reminder time, on that day or the next working one. */
export function reminderMoment(context: FlowContext, reminderTime: string | null, day: DayNumber): DateTime {
  const [hour, minute] = (reminderTime ?? context.pack.workingHours.start).split(':').map(Number) as [number, number];
  return context.calendar.atMinute(context.calendar.onOrAfter(day), hour * 60 + minute);
}

function momentOf(context: FlowContext, reminderTime: string | null, reminder: Reminder): DateTime {
  let moment = reminderMoment(context, reminderTime, reminder.day);
  if (reminder.until && moment.toJSDate() >= reminder.until) moment = reminderMoment(context, null, reminder.day);
  if (reminder.notBefore && moment.toJSDate() < reminder.notBefore)
    moment = context.calendar.nextWorkingMoment(DateTime.fromJSDate(reminder.notBefore));
  return moment;
}

/** One sweeper provider for every reminder source, so a person's missed reminders can be merged. */
export function remindersProvider(context: FlowContext, sources: ReminderSource[]): DueProvider {
  return {
    name: 'reminders',
    async due(db, now) {
      const nowTime = DateTime.fromJSDate(now);
      if (!context.calendar.isWithinWorkingHours(nowTime)) return [];
      const day = today(now, context.calendar);
      const all = (await Promise.all(sources.map((source) => source.reminders(db, now, day)))).flat();
      const live = all.filter((reminder) => !reminder.until || reminder.until > now);
      if (live.length === 0) return [];
      const people = await db
        .selectFrom('person')
        .select(['id', 'reminder_time'])
        .where('id', 'in', [...new Set(live.map((reminder) => reminder.personId))])
        .execute();
      const reminderTime = new Map(people.map((person) => [person.id, person.reminder_time]));
      const onTime: Reminder[] = [];
      const missed = new Map<string, Reminder[]>();
      for (const reminder of live) {
        if (!reminderTime.has(reminder.personId)) continue;
        const moment = momentOf(context, reminderTime.get(reminder.personId) ?? null, reminder);
        if (moment > nowTime) continue;
        // Due on an earlier working day and not sent then: the bot was down.
        if (context.calendar.dayOf(moment) < day) missed.set(reminder.personId, [...(missed.get(reminder.personId) ?? []), reminder]);
        else onTime.push(reminder);
      }
      const items: DueItem[] = onTime.map((reminder) => ({ key: reminder.key, apply: (trx, at) => send(trx, reminder, at) }));
      for (const [personId, reminders] of missed) {
        if (reminders.length === 1) {
          const [reminder] = reminders as [Reminder];
          items.push({ key: reminder.key, apply: (trx, at) => send(trx, reminder, at) });
          continue;
        }
        const keys = reminders.map((reminder) => reminder.key).sort();
        const key = `catch-up:${personId}:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;
        items.push({ key, apply: (trx, at) => sendCatchUp(trx, key, personId, reminders, at) });
      }
      return items;
    },
  };
}

async function send(trx: Transaction<Database>, reminder: Reminder, now: Date): Promise<void> {
  if (reminder.stillWanted && !(await reminder.stillWanted(trx))) return;
  await notifyPerson(trx, { personId: reminder.personId, key: reminder.key, now, text: reminder.text, view: reminder.view });
}

/** Claims each missed reminder's own key, so none of them is ever sent again on its own, or twice. */
async function sendCatchUp(trx: Transaction<Database>, key: string, personId: string, reminders: Reminder[], now: Date): Promise<void> {
  const lines: string[] = [];
  for (const reminder of reminders) {
    const claimed = await trx
      .insertInto('once_key')
      .values({ key: reminder.key, claimed_at: now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed || (reminder.stillWanted && !(await reminder.stillWanted(trx)))) continue;
    lines.push(reminder.line);
  }
  if (lines.length === 0) return;
  await notifyPerson(trx, {
    personId,
    key,
    now,
    text: `${lines.length} reminders you may have missed`,
    view: {
      card: 'notice',
      data: {
        title: 'Reminders you may have missed',
        text: 'The bot could not send these on their day. Everything still open is below.',
        facts: lines.map((line, index) => ({ title: String(index + 1), value: line })),
      },
    },
  });
}
