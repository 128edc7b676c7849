// Reminders to people (a session to prepare for, a session today, an action due): each goes out at
// the person's reminder time on its day, in working hours only; what falls outside them waits for
// the next working morning. After downtime, the reminders a person missed on earlier days come as
// one catch-up message, not a flood. Every reminder is keyed, so it is sent once.
//
// Each sweep in working hours also claims a marker for its day (`reminders:day:<date>`), so sources
// learn since when they must look: the last day reminders were swept, not every day there ever was.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { View } from '../cards/catalog.js';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
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
  /** A button for the catch-up message, where the reminder can be acted on: a command's verb (e.g. "actions"). */
  followUp?: { title: string; verb: string };
}

export interface ReminderSource {
  name: string;
  /**
   * Reminders for days up to `day`; ones already sent may be listed again (their keys are skipped).
   * Reminders for days before `since`, the last day reminders were swept (today on the first sweep
   * ever), went out then and need not be listed.
   */
  reminders(db: Kysely<Database>, now: Date, day: DayNumber, since: DayNumber): Promise<Reminder[]>;
}

const DAY_MARKER = 'reminders:day:';

/**
 * When a reminder for `day` goes to a person: their reminder time, on that day or the next working one.
 * A stored time outside working hours (the pack's hours changed since it was chosen) counts as their start.
 */
function reminderMoment(context: FlowContext, reminderTime: string | null, day: DayNumber): DateTime {
  const { start, end } = context.pack.workingHours;
  const time = reminderTime && reminderTime >= start && reminderTime < end ? reminderTime : start;
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return context.calendar.atMinute(context.calendar.onOrAfter(day), hour * 60 + minute);
}

/** Moments by person's time and day: a sweep over tens of thousands of reminders asks few distinct ones. */
function momentMemo(context: FlowContext) {
  const memo = new Map<string, number>();
  return (reminderTime: string | null, day: DayNumber): number => {
    const key = `${reminderTime ?? ''}|${day}`;
    let moment = memo.get(key);
    if (moment === undefined) {
      if (memo.size > 10_000) memo.clear();
      memo.set(key, (moment = reminderMoment(context, reminderTime, day).toMillis()));
    }
    return moment;
  };
}

function momentOf(context: FlowContext, moments: ReturnType<typeof momentMemo>, reminderTime: string | null, reminder: Reminder): number {
  let moment = moments(reminderTime, reminder.day);
  if (reminder.until && moment >= reminder.until.getTime()) moment = moments(null, reminder.day);
  if (reminder.notBefore && moment < reminder.notBefore.getTime())
    moment = context.calendar.nextWorkingMoment(DateTime.fromJSDate(reminder.notBefore)).toMillis();
  return moment;
}

/**
 * The sources are asked at most every REFRESH_MS (and on each new day): each sweep between (every
 * minute) only picks, from that list, what has come due and is not yet settled. A session booked or an
 * action agreed since is reminded no sooner than the next day in any case; only "was it held?" for a
 * session booked and held the same day can wait up to this long.
 */
const REFRESH_MS = 30 * 60_000;

interface Pending {
  reminder: Reminder;
  moment: number;
  /** Due on an earlier day and not sent then: the bot was down. */
  missed: boolean;
}

/** One sweeper provider for every reminder source, so a person's missed reminders can be merged. */
export function remindersProvider(context: FlowContext, sources: ReminderSource[]): DueProvider {
  const moments = momentMemo(context);
  let list: { day: DayNumber; at: number; pending: Pending[] } | undefined;
  /** Keys sent or found sent since the list was made; a catch-up's key settles the reminders it holds. */
  const settled = new Set<string>();
  const holds = new Map<string, string[]>();

  async function refresh(db: Kysely<Database>, now: Date, day: DayNumber): Promise<void> {
    const since = await lastSweptDay(db, day);
    const all = (await Promise.all(sources.map((source) => source.reminders(db, now, day, since)))).flat();
    // Sent ones are left out before merging, so a catch-up holds only what was really missed.
    const sent = await claimedKeys(
      db,
      all.map((reminder) => reminder.key),
    );
    const unsent = all.filter((reminder) => !sent.has(reminder.key));
    const reminderTime = await reminderTimes(db, [...new Set(unsent.map((reminder) => reminder.personId))]);
    const startOfDay = context.calendar.atMinute(day, 0).toMillis();
    const pending: Pending[] = [];
    for (const reminder of unsent) {
      if (!reminderTime.has(reminder.personId)) continue;
      const moment = momentOf(context, moments, reminderTime.get(reminder.personId) ?? null, reminder);
      pending.push({ reminder, moment, missed: moment < startOfDay });
    }
    list = { day, at: now.getTime(), pending };
    settled.clear();
    holds.clear();
  }

  return {
    name: 'reminders',
    async due(db, now) {
      const nowTime = DateTime.fromJSDate(now);
      if (!context.calendar.isWithinWorkingHours(nowTime)) return [];
      const day = today(now, context.calendar);
      if (!list || list.day !== day || now.getTime() - list.at >= REFRESH_MS) await refresh(db, now, day);
      const marker: DueItem = { key: `${DAY_MARKER}${formatIsoDate(day)}`, apply: async () => {} };
      const onTime: Reminder[] = [];
      const missed = new Map<string, Reminder[]>();
      for (const { reminder, moment, missed: late } of list!.pending) {
        if (moment > now.getTime() || settled.has(reminder.key) || (reminder.until && reminder.until <= now)) continue;
        if (late) missed.set(reminder.personId, [...(missed.get(reminder.personId) ?? []), reminder]);
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
        holds.set(key, keys);
        items.push({ key, apply: (trx, at) => sendCatchUp(trx, key, personId, reminders, at) });
      }
      // The day's marker, after its reminders: from tomorrow, sources look back to this day.
      if (!settled.has(marker.key)) items.push(marker);
      return items;
    },
    settled(keys) {
      for (const key of keys) {
        settled.add(key);
        for (const held of holds.get(key) ?? []) settled.add(held);
      }
    },
  };
}

/** The last day before `day` on which reminders were swept; `day` itself when they never were. */
async function lastSweptDay(db: Kysely<Database>, day: DayNumber): Promise<DayNumber> {
  const marker = await db
    .selectFrom('once_key')
    .select('key')
    .where('key', '>=', DAY_MARKER)
    .where('key', '<', `${DAY_MARKER}${formatIsoDate(day)}`)
    .where('key', 'like', `${DAY_MARKER}%`) // the range is the index's; this, for collations that skip punctuation
    .orderBy('key', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (marker && parseIsoDate(marker.key.slice(DAY_MARKER.length))) ?? day;
}

const CHUNK = 1_000;

async function claimedKeys(db: Kysely<Database>, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const rows = await db
      .selectFrom('once_key')
      .select('key')
      .where('key', 'in', keys.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) found.add(row.key);
  }
  return found;
}

async function reminderTimes(db: Kysely<Database>, personIds: string[]): Promise<Map<string, string | null>> {
  const times = new Map<string, string | null>();
  for (let start = 0; start < personIds.length; start += CHUNK) {
    const people = await db
      .selectFrom('person')
      .select(['id', 'reminder_time'])
      .where('id', 'in', personIds.slice(start, start + CHUNK))
      .execute();
    for (const person of people) times.set(person.id, person.reminder_time);
  }
  return times;
}

async function send(trx: Transaction<Database>, reminder: Reminder, now: Date): Promise<void> {
  if (reminder.stillWanted && !(await reminder.stillWanted(trx))) return;
  await notifyPerson(trx, { personId: reminder.personId, key: reminder.key, now, text: reminder.text, view: reminder.view });
}

/** Lines in one catch-up: a card stays inside Slack's 50 blocks and Teams' card size however long the bot was down. */
const CATCH_UP_LINES = 20;

/** Claims each missed reminder's own key, so none of them is ever sent again on its own, or twice. */
async function sendCatchUp(trx: Transaction<Database>, key: string, personId: string, reminders: Reminder[], now: Date): Promise<void> {
  const lines: string[] = [];
  // In the order of their days, as they would have come.
  for (const reminder of [...reminders].sort((a, b) => a.day - b.day)) {
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
  const buttons = [...new Map(reminders.flatMap((reminder) => (reminder.followUp ? [[reminder.followUp.verb, reminder.followUp]] : []))).values()];
  await notifyPerson(trx, {
    personId,
    key,
    now,
    text: lines.length === 1 ? 'A reminder you may have missed' : `${lines.length} reminders you may have missed`,
    view: {
      card: 'notice',
      data: {
        title: 'Reminders you may have missed',
        text:
          lines.length > CATCH_UP_LINES
            ? `The bot could not send these on their day. The first ${CATCH_UP_LINES} are below; ${lines.length - CATCH_UP_LINES} more are not shown.`
            : 'The bot could not send these on their day. Everything still open is below.',
        facts: lines.slice(0, CATCH_UP_LINES).map((line, index) => ({ title: String(index + 1), value: line })),
        ...(buttons.length > 0 ? { buttons } : {}),
      },
    },
  });
}
