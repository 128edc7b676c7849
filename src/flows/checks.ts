// What the bot says back about what someone typed (issue 21), in their speech: a case reference it cannot take,
// and the form checks of src/cards/catalog.ts. Those schemas keep their English (what an English speaker has
// always seen, and what the store's and the CLI's callers read); each is said here from the catalogue
// (src/i18n/messages/*.checks.json), found by its English words, so a Welsh speaker reads it in Welsh.
import { caseReferenceIssue } from '../domain/triggers/raise.js';
import type { PolicyPack } from '../domain/policy/schema.js';
import { catalogueFiles, languagesOf, t, type Locale, type MessageId, type Speech } from '../i18n/catalogue.js';

/** What is wrong with a typed case reference, in a speech; undefined when nothing is. */
export function caseReferenceProblemIn(speech: Speech, pack: PolicyPack, reference: string): string | undefined {
  const issue = caseReferenceIssue(pack, reference);
  if (!issue) return undefined;
  const values = { system: pack.caseReference.system, example: pack.caseReference.example };
  return t(speech, issue === 'missing' ? 'caseReference.missing' : 'caseReference.malformed', values);
}

const checks = catalogueFiles['en-GB'].checks as Record<string, string>;
/** Each check without arguments, by its English words. */
const byEnglish = new Map(
  Object.entries(checks)
    .filter(([id, source]) => id.startsWith('check.') && !source.includes('{'))
    .map(([id, source]) => [source, id as MessageId]),
);
const TOO_LONG = /^(.+) is ([\d,]+) characters; keep it to ([\d,]+)\.$/u;

/** A form check's message (English, as the schema wrote it) in a speech; in English, or unknown, as it was. */
export function checkIn(speech: Speech, english: string): string {
  if (speech === 'en-GB') return english;
  const id = byEnglish.get(english);
  if (id) return t(speech, id);
  const tooLong = TOO_LONG.exec(english);
  if (!tooLong) return english;
  const [, field, length, most] = tooLong as unknown as [string, string, string, string];
  const fieldId = byEnglish.get(field);
  const number = (text: string, locale: Locale) => Number(text.replace(/,/g, '')).toLocaleString(locale);
  return languagesOf(speech)
    .map((locale) =>
      locale === 'en-GB'
        ? english
        : fieldId
          ? t(locale, 'check.tooLong', { field: t(locale, fieldId), length: number(length, locale), most: number(most, locale) })
          : t(locale, 'check.tooLongHere', { length: number(length, locale), most: number(most, locale) }),
    )
    .join(' / ');
}
