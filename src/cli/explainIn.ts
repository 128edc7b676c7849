// `policy explain --lang cy` (issue 21): the explanation's fixed words (its headings, the labels that open its
// lines, the citations' "Source:" and the bot's choices) in Welsh, from the catalogue (src/i18n/messages/
// *.explain.json), found by their English words as src/domain/policy/explain.ts writes them. The domain writes
// English and knows no catalogue (test/architecture/layers.test.ts); English output is unchanged. What is in double
// quotes is the policy's own words, left as the pack has them (its Welsh where the pack gives Welsh). The rules'
// cadences ("at least every 4 weeks") are written in the language from the pack; the rest of the rules' own sentences
// are not translated yet: the Welsh output says so in its first line.
import { DateTime } from 'luxon';
import { catalogueFiles, t, type Locale, type MessageId } from '../i18n/catalogue.js';
import type { Cadence, PolicyPack, SimpleCadence } from '../domain/policy/schema.js';
import type { Duration } from '../domain/time/duration.js';
import { cadenceInWords } from '../domain/policy/words.js';

const english = catalogueFiles['en-GB'].explain as Record<string, string>;
const idsOf = (prefix: string) =>
  Object.entries(english)
    .filter(([id]) => id.startsWith(prefix))
    .map(([id, text]) => ({ id: id as MessageId, text }));
const HEADINGS = idsOf('explain.heading.');
const LABELS = idsOf('explain.label.');
const INLINE = [...idsOf('explain.sentence.'), ...idsOf('explain.inline.')];
/** Labels that open a line of the explanation's own, never indented: indented, the same words are a kind's title ("Group supervision"). */
const TOP_LEVEL = new Set(
  ['workingDays', 'languages', 'caseReferences', 'escalation', 'group', 'reporting', 'leave', 'beforeEachSession'].map((name) => `explain.label.${name}`),
);

/** Each part of a line outside double quotes changed by `change`; quoted text as it was. */
function outsideQuotes(line: string, change: (part: string) => string): string {
  return line
    .split(/("[^"]*")/)
    .map((part) => (part.startsWith('"') && part.endsWith('"') && part.length > 1 ? part : change(part)))
    .join('');
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `policy explain`'s text in a language: as written in English; in Welsh, its fixed words from the catalogue. */
export function explainIn(text: string, locale: Locale, pack?: PolicyPack): string {
  if (locale === 'en-GB') return text;
  // The pack's cadences, as words.ts writes them and in the language, the longest first (a phased one holds simple ones).
  const cadences = [...new Map((pack ? cadencesOf(pack) : []).map((cadence) => [cadenceInWords(cadence), cadenceIn(cadence, locale)]))].sort(
    ([a], [b]) => b.length - a.length,
  );
  const lines = text.split('\n').map((line) => {
    const indent = /^\s*(- )?/.exec(line)![0];
    const rest = line.slice(indent.length);
    const heading = HEADINGS.find((entry) => entry.text === rest);
    if (heading) return `${indent}${t(locale, heading.id)}`;
    const label = LABELS.find((entry) => rest.startsWith(`${entry.text} `) && (indent === '' || !TOP_LEVEL.has(entry.id)));
    const opened = label ? `${t(locale, label.id)}${rest.slice(label.text.length)}` : rest;
    return `${indent}${outsideQuotes(opened, (part) => {
      const cited = INLINE.reduce((done, entry) => done.replace(new RegExp(escaped(entry.text), 'g'), () => t(locale, entry.id)), part);
      return cadences.reduce((done, [english, theirs]) => done.split(english).join(theirs), cited);
    })}`;
  });
  return [t(locale, 'explain.note.untranslated'), ...lines].join('\n');
}

/** A duration in a language: "4 weeks", "4 wythnos". */
const durationIn = (duration: Duration, locale: Locale) => t(locale, 'duration', { unit: duration.unit.replace(' ', '_'), amount: duration.amount });

/** "every week", "every 4 weeks": the unit alone for one, as words.ts writes it. */
const periodIn = (duration: Duration, locale: Locale) =>
  duration.amount === 1 ? t(locale, 'explain.cadence.unitOne', { unit: duration.unit }) : durationIn(duration, locale);

function simpleCadenceIn(cadence: SimpleCadence, locale: Locale): string {
  switch (cadence.type) {
    case 'rolling': {
      const range = cadence.notBefore
        ? t(locale, 'explain.cadence.everyRange', { from: durationIn(cadence.notBefore, locale), to: durationIn(cadence.every, locale) })
        : t(locale, 'explain.cadence.atLeastEvery', { period: periodIn(cadence.every, locale) });
      return cadence.first ? t(locale, 'explain.cadence.firstWithin', { range, first: durationIn(cadence.first, locale) }) : range;
    }
    case 'calendar':
      return cadence.yearStartsInMonth && cadence.yearStartsInMonth !== 1
        ? t(locale, 'explain.cadence.calendarYearStart', {
            period: cadence.period,
            month: DateTime.fromObject({ year: 2027, month: cadence.yearStartsInMonth, day: 1 }).setLocale(locale).toFormat('LLLL'),
          })
        : t(locale, 'explain.cadence.calendar', { period: cadence.period });
    case 'per-year': {
      const origin = cadence.from === 'start-date' ? 'start' : 'calendar';
      return cadence.spread === 'none'
        ? t(locale, 'explain.cadence.perYearAnyTime', { count: cadence.count, origin })
        : t(locale, 'explain.cadence.perYearSpread', { count: cadence.count, months: 12 / cadence.count, origin });
    }
    case 'as-required':
      return t(locale, 'explain.cadence.asRequired');
  }
}

/** How often, in a language: in English the words src/domain/policy/words.ts writes (a test holds them together). */
export function cadenceIn(cadence: Cadence, locale: Locale): string {
  if (cadence.type !== 'phased') return simpleCadenceIn(cadence, locale);
  return cadence.phases
    .map((phase, index) => {
      const words = simpleCadenceIn(phase.cadence, locale);
      if (phase.until === undefined) return t(locale, 'explain.cadence.then', { words });
      const until =
        phase.until === 'agreed'
          ? t(locale, 'explain.cadence.untilAgreed', { words })
          : t(locale, 'explain.cadence.untilAfter', { words, until: durationIn(phase.until, locale) });
      return index === 0 ? until : t(locale, 'explain.cadence.then', { words: until });
    })
    .join(', ');
}

/** Every cadence a pack states: its cohorts', its case categories', its group's and its report's. */
export function cadencesOf(pack: PolicyPack): Cadence[] {
  return [
    ...Object.values(pack.cohorts).flatMap((cohort) => cohort.supervision.map((entry) => entry.cadence)),
    ...Object.values(pack.caseCategories ?? {}).map((category) => category.cadence),
    ...(pack.group ? [pack.group.cadence] : []),
    ...(pack.reporting ? [pack.reporting.cadence as Cadence] : []),
  ];
}
