// Every word the bot says, by message id, in each language it speaks: src/i18n/messages/<locale>.json and, by
// area, <locale>.<area>.json (records; sessions and groups; reports; checks of what is typed; policy explain), ICU MessageFormat (plurals, selects, arguments)
// formatted by intl-messageformat. No id is in two files (test/i18n/catalogue.test.ts). English (en-GB) is the catalogue
// every other locale must match, key for key and placeholder for placeholder (test/i18n/catalogue.test.ts).
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import enGBCore from './messages/en-GB.json' with { type: 'json' };
import enGBRecords from './messages/en-GB.records.json' with { type: 'json' };
import enGBSessions from './messages/en-GB.sessions.json' with { type: 'json' };
import enGBReports from './messages/en-GB.reports.json' with { type: 'json' };
import enGBChecks from './messages/en-GB.checks.json' with { type: 'json' };
import enGBExplain from './messages/en-GB.explain.json' with { type: 'json' };
import cyCore from './messages/cy.json' with { type: 'json' };
import cyRecords from './messages/cy.records.json' with { type: 'json' };
import cySessions from './messages/cy.sessions.json' with { type: 'json' };
import cyReports from './messages/cy.reports.json' with { type: 'json' };
import cyChecks from './messages/cy.checks.json' with { type: 'json' };
import cyExplain from './messages/cy.explain.json' with { type: 'json' };

import { locales, type Locale } from '../domain/text/languages.js';

export { locales, type Locale };

/** Each locale's catalogue files, by area; a message id is in one of them. */
export const catalogueFiles = {
  'en-GB': { core: enGBCore, records: enGBRecords, sessions: enGBSessions, reports: enGBReports, checks: enGBChecks, explain: enGBExplain },
  cy: { core: cyCore, records: cyRecords, sessions: cySessions, reports: cyReports, checks: cyChecks, explain: cyExplain },
} as const satisfies Record<Locale, Record<string, Record<string, string>>>;

const enGB = { ...enGBCore, ...enGBRecords, ...enGBSessions, ...enGBReports, ...enGBChecks, ...enGBExplain };
const cy = { ...cyCore, ...cyRecords, ...cySessions, ...cyReports, ...cyChecks, ...cyExplain };
export type MessageId = keyof typeof enGB;

/**
 * What someone is written to in: one language, or both, the first first (a person in an organisation that
 * offers the choice, until they choose; a team channel in an organisation with a Welsh default).
 */
export type Speech = Locale | 'cy+en-GB' | 'en-GB+cy';
export const speeches: readonly Speech[] = ['en-GB', 'cy', 'cy+en-GB', 'en-GB+cy'];

export type MessageValues = Record<string, string | number>;

const catalogues: Record<Locale, Record<string, string>> = { 'en-GB': enGB, cy };

/** A locale's messages, by id. */
export function messagesFor(locale: Locale): Readonly<Record<MessageId, string>> {
  return catalogues[locale] as Record<MessageId, string>;
}

/** The languages of a speech, the first first. */
export function languagesOf(speech: Speech): Locale[] {
  return speech.split('+') as Locale[];
}

export function isSpeech(value: unknown): value is Speech {
  return typeof value === 'string' && (speeches as readonly string[]).includes(value);
}

const formats = new Map<string, IntlMessageFormat>();

function formatted(locale: Locale, id: MessageId, values: MessageValues | undefined): string {
  const key = `${locale}\u0000${id}`;
  let format = formats.get(key);
  if (!format) {
    const source = catalogues[locale][id];
    if (source === undefined) throw new Error(`message ${id} is missing from the ${locale} catalogue`);
    format = new IntlMessageFormat(source, locale);
    formats.set(key, format);
  }
  return String(format.format(values));
}

/**
 * A message in a speech. Two languages are joined: ' / ' for a title or a label (the default), a blank line
 * (`paragraphs`) for a card's text.
 */
export function t(speech: Speech, id: MessageId, values?: MessageValues, options: { paragraphs?: boolean } = {}): string {
  return languagesOf(speech)
    .map((locale) => formatted(locale, id, values))
    .join(options.paragraphs ? '\n\n' : ' / ');
}

/** For each language of a speech, a text made by `make` in that language, joined as t() joins. */
export function inEach(speech: Speech, make: (locale: Locale) => string, options: { paragraphs?: boolean } = {}): string {
  return languagesOf(speech)
    .map(make)
    .join(options.paragraphs ? '\n\n' : ' / ');
}

/** The names of a message's arguments, and whether each is a plain one ({name}) rather than a plural, select, number or date. */
export function argumentsOf(source: string): Map<string, 'plain' | 'formatted'> {
  const found = new Map<string, 'plain' | 'formatted'>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument) {
        if (!found.has(element.value)) found.set(element.value, 'plain');
      } else if (element.type === TYPE.plural || element.type === TYPE.select) {
        found.set(element.value, 'formatted');
        for (const option of Object.values(element.options)) walk(option.value);
      } else if (element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) {
        found.set(element.value, 'formatted');
      } else if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(source));
  return found;
}

/**
 * What is wrong with a locale's catalogue beside the English: a key missing or extra, a message that is not
 * ICU MessageFormat, or one whose arguments differ from the English one's (names, or plain against formatted).
 */
export function catalogueProblems(english: Record<string, string>, other: Record<string, string>, locale: string): string[] {
  const problems: string[] = [];
  const argumentsIn = (source: string, where: string) => {
    try {
      return argumentsOf(source);
    } catch (error) {
      problems.push(`${where}: not ICU MessageFormat (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };
  for (const [id, source] of Object.entries(english)) {
    const ours = argumentsIn(source, `en-GB ${id}`);
    if (!(id in other)) {
      problems.push(`${locale} has no message ${id}`);
      continue;
    }
    const theirs = argumentsIn(other[id]!, `${locale} ${id}`);
    if (!ours || !theirs) continue;
    const describe = (found: Map<string, string>) =>
      [...found]
        .map(([name, kind]) => `${name} (${kind})`)
        .sort()
        .join(', ');
    if (describe(ours) !== describe(theirs))
      problems.push(`${locale} ${id}: placeholders ${describe(theirs) || 'none'}, English has ${describe(ours) || 'none'}`);
  }
  for (const id of Object.keys(other)) if (!(id in english)) problems.push(`${locale} has ${id}, which English has not`);
  return problems;
}
