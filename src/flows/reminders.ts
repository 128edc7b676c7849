// Reminders to people (a session to prepare for, a session today, an action due): each goes out at
// the person's reminder time on its day, in working hours only; what falls outside them waits for
// the next working morning. After downtime, the reminders a person missed on earlier days come as
// one catch-up message, not a flood. Every reminder is keyed, so it is sent once.
//
// Each sweep in working hours also claims a marker for its day (`reminders:day:<date>`), so sources
// learn since when they must look: the last day reminders were swept, not every day there ever was.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { View } from '../cards/catalog.js';
import { claimedKeys, claimKeys, type DueItem, type DueProvider } from '../delivery/sweeper.js';
import { formatIsoDate, parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { today } from './format.js';
import { enqueueMany } from '../delivery/outbox.js';
import { deliveryTargets, noticeMessage, type Notice } from './notify.js';
import { t, type MessageId, type Speech } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';

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
  /**
   * Checked in the sending transaction: is it still wanted (the session not moved or cancelled)? A
   * check made with stillWantedIf() is asked once for a whole batch of reminders.
   */
  stillWanted?: ((trx: Transaction<Database>) => Promise<boolean>) | SharedCheck;
  /**
   * A button for the catch-up message, where the reminder can be acted on: a command's verb (e.g. "actions");
   * its title in the person's speech from the catalogue (`message`), else `title` as it is.
   */
  followUp?: { title: string; verb: string; message?: MessageId };
  /**
   * The reminder in the person's speech, where it is not English: made when it is sent, in the language read
   * with the person's reminder time (no query more). Without it, `text`, `line` and `view` go as they are.
   */
  say?: (speech: Speech) => Pick<Reminder, 'text' | 'line' | 'view'>;
}

/** A reminder as it is sent to someone written to in `speech`. */
function inSpeech(reminder: Reminder, speech: Speech | undefined): Pick<Reminder, 'text' | 'line' | 'view'> {
  return reminder.say && speech && speech !== 'en-GB' ? reminder.say(speech) : reminder;
}

/** Which of `subjects` still hold, in their order: one query for a sweep's whole batch. */
export type Check<S> = (trx: Transaction<Database>, subjects: readonly S[]) => Promise<boolean[]>;

/** A reminder's still-wanted check, shared by the reminders with the same `check`, so asked once for a batch. */
export interface SharedCheck {
  check: Check<unknown>;
  subject: unknown;
}

export function stillWantedIf<S>(check: Check<S>, subject: S): SharedCheck {
  return { check: check as Check<unknown>, subject };
}

export interface ReminderSource {
  name: string;
  /**
   * Reminders for days up to `day`; ones already sent may be listed again (their keys are skipped).
   * Reminders for days before `since`, the last day reminders were swept (today on the first sweep
   * ever), went out then and need not be listed.
   *
   * With `changedSince` (asked again later the same day), the source may list only the reminders of
   * what changed at or after that moment (a session booked or moved, an action agreed or moved): the
   * rest were listed earlier in the day. A source that cannot tell lists everything, as without it.
   */
  reminders(db: Kysely<Database>, now: Date, day: DayNumber, since: DayNumber, changedSince?: Date): Promise<Reminder[]>;
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
 * The sources are asked for everything once a day, at the day's first sweep in working hours, and then
 * every REFRESH_MS for what has changed since (and people's reminder times): each sweep between (every
 * minute) only picks, from that list, what has come due and is not yet settled. A session booked or an
 * action agreed since is reminded no sooner than the next day in any case; only "was it held?" for a
 * session booked and held the same day can wait up to this long.
 */
const REFRESH_MS = 30 * 60_000;
/**
 * How far back "changed since" reaches before the last asking: a change is stamped with its flow's
 * clock when it starts, and may commit later, or come from a replica whose clock is a little behind.
 */
const CHANGES_OVERLAP_MS = REFRESH_MS;

interface Pending {
  reminder: Reminder;
  moment: number;
  /** Due on an earlier day and not sent then: the bot was down. */
  missed: boolean;
}

/** One sweeper provider for every reminder source, so a person's missed reminders can be merged. */
export function remindersProvider(context: FlowContext, sources: ReminderSource[]): DueProvider {
  const moments = momentMemo(context);
  /** The day's reminders not yet sent, by key, as of the last asking (`at`); `since` is the sources' look-back. */
  let list:
    | {
        day: DayNumber;
        since: DayNumber;
        at: number;
        pending: Map<string, Pending>;
        times: Map<string, string | null>;
        /** Each person's language, read with their reminder time: a catch-up is written in it. */
        languages: Map<string, string | null>;
      }
    | undefined;
  /** Keys sent or found sent since the list was made; a catch-up's key settles the reminders it holds. */
  const settled = new Set<string>();
  const holds = new Map<string, string[]>();
  /** What each item listed sends, so a batch of them is sent set-based. */
  const sends = new WeakMap<DueItem, Send>();

  async function refresh(db: Kysely<Database>, now: Date, day: DayNumber): Promise<void> {
    const changedSince = list?.day === day ? new Date(list.at - CHANGES_OVERLAP_MS) : undefined;
    if (!changedSince) {
      list = { day, since: await lastSweptDay(db, day), at: now.getTime(), pending: new Map(), times: new Map(), languages: new Map() };
      settled.clear();
      holds.clear();
    }
    const { since, pending, times, languages } = list!;
    const listed = (await Promise.all(sources.map((source) => source.reminders(db, now, day, since, changedSince)))).flat();
    // Sent ones are left out before merging, so a catch-up holds only what was really missed.
    const sent = await claimedKeys(
      db,
      listed.filter((reminder) => !settled.has(reminder.key)).map((reminder) => reminder.key),
    );
    const unsent = listed.filter((reminder) => !settled.has(reminder.key) && !sent.has(reminder.key));
    // Reminder times: of people new to the list, and of anyone whose settings changed since.
    const changedTimes = await reminderTimes(
      db,
      [...new Set(unsent.map((reminder) => reminder.personId))].filter((id) => !times.has(id)),
      changedSince,
    );
    for (const [personId, { time, language }] of changedTimes) {
      times.set(personId, time);
      languages.set(personId, language);
    }
    const startOfDay = context.calendar.atMinute(day, 0).toMillis();
    const place = (reminder: Reminder) => {
      if (!times.has(reminder.personId)) return;
      const moment = momentOf(context, moments, times.get(reminder.personId) ?? null, reminder);
      pending.set(reminder.key, { reminder, moment, missed: moment < startOfDay });
    };
    if (changedSince) for (const entry of pending.values()) if (changedTimes.has(entry.reminder.personId)) place(entry.reminder);
    // Listed again: the newer listing stands (a session's new length moves its "was it held?").
    unsent.forEach(place);
    list!.at = now.getTime();
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
      for (const { reminder, moment, missed: late } of list!.pending.values()) {
        if (moment > now.getTime() || settled.has(reminder.key)) continue;
        if (reminder.until && reminder.until <= now) {
          list!.pending.delete(reminder.key); // its moment passed with the bot down: dropped, not sent late
          continue;
        }
        if (late) missed.set(reminder.personId, [...(missed.get(reminder.personId) ?? []), reminder]);
        else onTime.push(reminder);
      }
      const items: DueItem[] = [];
      const sending = (send: Send) => {
        const item: DueItem = { key: send.key, apply: (trx, at) => sendAll(trx, [send], at) };
        sends.set(item, send);
        items.push(item);
      };
      const speechOfId = (personId: string) => speechOf(context.pack, { language: list!.languages.get(personId) ?? null });
      for (const reminder of onTime)
        sending({ key: reminder.key, personId: reminder.personId, reminders: [reminder], catchUp: false, speech: speechOfId(reminder.personId) });
      for (const [personId, reminders] of missed) {
        if (reminders.length === 1) {
          sending({ key: reminders[0]!.key, personId, reminders, catchUp: false, speech: speechOfId(personId) });
          continue;
        }
        const keys = reminders.map((reminder) => reminder.key).sort();
        const key = `catch-up:${personId}:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`;
        holds.set(key, keys);
        sending({ key, personId, reminders, catchUp: true, speech: speechOfId(personId) });
      }
      // The day's marker, after its reminders: from tomorrow, sources look back to this day.
      if (!settled.has(marker.key)) items.push(marker);
      return items;
    },
    settled(keys) {
      for (const key of keys) {
        for (const done of [key, ...(holds.get(key) ?? [])]) {
          settled.add(done);
          list?.pending.delete(done);
        }
      }
    },
    async applyMany(trx, items, now) {
      // In the order listed: each run of reminders and catch-ups sent together; the day's marker (and
      // any item this provider did not list) on its own.
      let run: Send[] = [];
      for (const item of items) {
        const send = sends.get(item);
        if (send) {
          run.push(send);
          continue;
        }
        await sendAll(trx, run, now);
        run = [];
        await item.apply(trx, now);
      }
      await sendAll(trx, run, now);
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

/** The reminder times (and languages) of these people, and (with `changedSince`) of everyone whose settings changed since. */
async function reminderTimes(
  db: Kysely<Database>,
  personIds: string[],
  changedSince?: Date,
): Promise<Map<string, { time: string | null; language: string | null }>> {
  const times = new Map<string, { time: string | null; language: string | null }>();
  if (personIds.length > 0) {
    const people = await db
      .selectFrom('person')
      .select(['id', 'reminder_time', 'language'])
      .where('id', '=', sql<string>`any(${personIds}::text[])`)
      .execute();
    for (const person of people) times.set(person.id, { time: person.reminder_time, language: person.language });
  }
  if (changedSince) {
    const changed = await db.selectFrom('person').select(['id', 'reminder_time', 'language']).where('updated_at', '>=', changedSince).execute();
    for (const person of changed) times.set(person.id, { time: person.reminder_time, language: person.language });
  }
  return times;
}

/** Which reminders are still wanted, in their order: each shared check asked once for all that use it. */
async function stillWantedOf(trx: Transaction<Database>, reminders: readonly Reminder[]): Promise<boolean[]> {
  const wanted = reminders.map(() => true);
  const shared = new Map<Check<unknown>, number[]>();
  for (const [index, reminder] of reminders.entries()) {
    const check = reminder.stillWanted;
    if (typeof check === 'function') wanted[index] = await check(trx);
    else if (check) shared.set(check.check, [...(shared.get(check.check) ?? []), index]);
  }
  for (const [check, indexes] of shared) {
    const holds = await check(
      trx,
      indexes.map((index) => (reminders[index]!.stillWanted as SharedCheck).subject),
    );
    indexes.forEach((index, position) => (wanted[index] = holds[position] === true));
  }
  return wanted;
}

/** One message to send: a reminder, or a catch-up of the reminders a person missed on earlier days. */
interface Send {
  key: string;
  personId: string;
  reminders: Reminder[];
  catchUp: boolean;
  /** How the person is written to: a catch-up's own words are in it. */
  speech?: Speech;
}

/**
 * Sends a batch, in order, set-based: one insert claims the catch-ups' reminders, one query per shared
 * check, one for everyone's chat identities, one insert queues the messages. A catch-up claims each
 * missed reminder's own key, so none of them is ever sent again on its own, or twice.
 */
async function sendAll(trx: Transaction<Database>, sends: readonly Send[], now: Date): Promise<void> {
  if (sends.length === 0) return;
  const claimed = await claimKeys(
    trx,
    sends.flatMap((send) => (send.catchUp ? send.reminders.map((reminder) => reminder.key) : [])),
    now,
  );
  const candidates = sends.flatMap((send) => (send.catchUp ? send.reminders.filter((reminder) => claimed.has(reminder.key)) : send.reminders));
  const verdicts = await stillWantedOf(trx, candidates);
  const wanted = new Set(candidates.filter((_, index) => verdicts[index]));
  const notices = sends.flatMap((send): Notice[] => {
    if (!send.catchUp) {
      const [reminder] = send.reminders as [Reminder];
      if (!wanted.has(reminder)) return [];
      const { text, view } = inSpeech(reminder, send.speech);
      return [{ personId: send.personId, key: send.key, now, text, view }];
    }
    // In the order of their days, as they would have come.
    const lines = [...send.reminders].sort((a, b) => a.day - b.day).flatMap((reminder) => (wanted.has(reminder) ? [inSpeech(reminder, send.speech).line] : []));
    return lines.length === 0 ? [] : [catchUpNotice(send, lines, now)];
  });
  const targets = await deliveryTargets(
    trx,
    notices.map((notice) => notice.personId),
  );
  await enqueueMany(
    trx,
    notices.flatMap((notice) => {
      const target = targets.get(notice.personId);
      return target ? [noticeMessage(target, notice)] : [];
    }),
    now,
  );
}

/** Lines in one catch-up: a card stays inside Slack's 50 blocks and Teams' card size however long the bot was down. */
const CATCH_UP_LINES = 20;

function catchUpNotice({ key, personId, reminders, speech = 'en-GB' }: Send, lines: string[], now: Date): Notice {
  const buttons = [
    ...new Map(
      reminders.flatMap(({ followUp }) =>
        followUp ? [[followUp.verb, { title: followUp.message ? t(speech, followUp.message) : followUp.title, verb: followUp.verb }]] : [],
      ),
    ).values(),
  ];
  return {
    personId,
    key,
    now,
    text: t(speech, 'reminder.catchUpNotice', { count: lines.length }),
    view: {
      card: 'notice',
      speech,
      data: {
        title: t(speech, 'reminder.catchUpTitle'),
        text:
          lines.length > CATCH_UP_LINES
            ? t(speech, 'reminder.catchUpFirst', { shown: CATCH_UP_LINES, more: lines.length - CATCH_UP_LINES }, { paragraphs: true })
            : t(speech, 'reminder.catchUpText', {}, { paragraphs: true }),
        facts: lines.slice(0, CATCH_UP_LINES).map((line, index) => ({ title: String(index + 1), value: line })),
        ...(buttons.length > 0 ? { buttons } : {}),
      },
    },
  };
}
