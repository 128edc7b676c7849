import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { formatIsoDate, type DayNumber } from '../domain/time/localDate.js';
import { zoneNamed } from '../domain/calendar/zone.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import type { Duration } from '../domain/time/duration.js';

/** Texts by what they are made from: a sweep writes the same few days and session times on thousands of cards. */
function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      if (made.size > 10_000) made.clear();
      made.set(key, (value = make(key)));
    }
    return value;
  };
}

/** English as luxon writes it by default; any other language through luxon's setLocale (Intl): "Llun 23 Tach 2026". */
const inLocale = (time: DateTime, locale: string) => (locale === 'en-GB' ? time : time.setLocale(locale));
const dayTexts = memo((dayAndLocale: string) => {
  const [day, locale] = dayAndLocale.split('|') as [string, string];
  return inLocale(DateTime.fromISO(formatIsoDate(Number(day) as DayNumber), { zone: 'UTC' }), locale).toFormat('ccc d LLL yyyy');
});
const instantTexts = memo((formatZoneAndInstant: string) => {
  const [format, zone, instant, locale] = formatZoneAndInstant.split('|') as [string, string, string, string];
  return inLocale(DateTime.fromMillis(Number(instant)).setZone(zoneNamed(zone)), locale).toFormat(format);
});

/** "Fri 4 Dec 2026" ("Gwe 4 Rhag 2026" in Welsh): how dates read on cards. Two languages, each its own. */
export function dayText(day: DayNumber, speech: Speech = 'en-GB'): string {
  return inEach(speech, (locale) => dayTexts(`${day}|${locale}`));
}

/** "Mon 23 Nov 2026 14:00" ("Llun 23 Tach 2026 14:00"), in the organisation's zone. */
export function momentText(instant: Date, calendar: WorkingCalendar, speech: Speech = 'en-GB'): string {
  return inEach(speech, (locale) => instantTexts(`ccc d LLL yyyy HH:mm|${calendar.zone.name}|${instant.getTime()}|${locale}`));
}

/** "4 working hours" ("4 awr waith"): a pack's duration in one language. */
export function durationText(duration: Pick<Duration, 'amount' | 'unit'>, locale: Locale): string {
  return t(locale, 'duration', { unit: duration.unit.replace(' ', '_'), amount: duration.amount });
}

/** "14:00", in the organisation's zone. */
export function clockText(instant: Date, calendar: WorkingCalendar): string {
  return instantTexts(`HH:mm|${calendar.zone.name}|${instant.getTime()}|en-GB`);
}

const HOUR_MS = 3_600_000;
const dayByHour = new WeakMap<WorkingCalendar, Map<number, DayNumber>>();

/** The calendar day of an instant in the organisation's zone; memoised by the hour, as sweeps ask it of many rows. */
/** "Tue 8 Dec 2026 10:00, 90 minutes": when a session is, on cards. */
export function sessionWhenText(session: { starts_at: Date; duration_minutes: number }, calendar: WorkingCalendar, speech: Speech = 'en-GB'): string {
  return inEach(speech, (locale) =>
    t(locale, 'session.whenFor', {
      when: momentText(session.starts_at, calendar, locale),
      duration: durationText({ amount: session.duration_minutes, unit: 'minutes' }, locale),
    }),
  );
}

export function today(now: Date, calendar: WorkingCalendar): DayNumber {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  let days = dayByHour.get(calendar);
  if (!days) dayByHour.set(calendar, (days = new Map()));
  let day = days.get(hour);
  if (day === undefined) {
    day = calendar.dayOf(DateTime.fromJSDate(now));
    if (days.size > 100_000) days.clear();
    days.set(hour, day);
  }
  return day;
}

/**
 * Long text for a card: line breaks kept (Markdown hard breaks) and split at line ends into parts of at
 * most 2,500 characters, as Slack takes at most 3,000 in one section.
 */
export function textParts(text: string, limit = 2500): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const pieces = line.length > limit ? (line.match(new RegExp(`.{1,${limit}}`, 'g')) ?? ['']) : [line];
    for (const piece of pieces) {
      if (current && current.length + piece.length + 3 > limit) {
        parts.push(current);
        current = '';
      }
      current = current ? `${current}  \n${piece}` : piece;
    }
  }
  if (current) parts.push(current);
  return parts;
}
