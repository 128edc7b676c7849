// `policy explain --lang cy` (issue 21): the explanation's fixed words (its headings, the labels that open its
// lines, the citations' "Source:" and the bot's choices) in Welsh, from the catalogue (src/i18n/messages/
// *.explain.json), found by their English words as src/domain/policy/explain.ts writes them. The domain writes
// English and knows no catalogue (test/architecture/layers.test.ts); English output is unchanged. What is in double
// quotes is the policy's own words, left as the pack has them (its Welsh where the pack gives Welsh). The rules'
// own sentences ("at least every 4 weeks") are not translated yet: the Welsh output says so in its first line.
import { catalogueFiles, t, type Locale, type MessageId } from '../i18n/catalogue.js';

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
export function explainIn(text: string, locale: Locale): string {
  if (locale === 'en-GB') return text;
  const lines = text.split('\n').map((line) => {
    const indent = /^\s*(- )?/.exec(line)![0];
    const rest = line.slice(indent.length);
    const heading = HEADINGS.find((entry) => entry.text === rest);
    if (heading) return `${indent}${t(locale, heading.id)}`;
    const label = LABELS.find((entry) => rest.startsWith(`${entry.text} `) && (indent === '' || !TOP_LEVEL.has(entry.id)));
    const opened = label ? `${t(locale, label.id)}${rest.slice(label.text.length)}` : rest;
    return `${indent}${outsideQuotes(opened, (part) =>
      INLINE.reduce((done, entry) => done.replace(new RegExp(escaped(entry.text), 'g'), () => t(locale, entry.id)), part),
    )}`;
  });
  return [t(locale, 'explain.note.untranslated'), ...lines].join('\n');
}
