// Expands a card template from cards/ with its data. Templates are read and parsed once.
// The data is text: whatever a template binds into markdown (a TextBlock's text, a fact's title or value)
// is escaped there, once, for Teams and Slack alike (see userText.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../config/paths.js';
import type { CardName, View } from './catalog.js';
import { escapeMarkdown, withoutControlCharacters } from './userText.js';
import { argumentsOf, languagesOf, messagesFor, t, type MessageId, type Speech } from '../i18n/catalogue.js';

export const cardsDir = path.join(projectRoot, 'cards');
const templates = new Map<string, { template: ACData.Template; lists: string[] }>();

/**
 * A template's words from the catalogue: "{{raise.send}}" anywhere in a string of the template is the message
 * raise.send. A message's arguments ({name}) become the template's bindings (${name}), so what the data puts
 * there is bound, marked and escaped as any binding is; the catalogue's own words, markdown and all, are the
 * template's own. Done once for each card and speech, before the template is parsed.
 */
export const MESSAGE_REFERENCE = /\{\{([A-Za-z0-9.-]+)\}\}/g;

/** A message as template text: each argument a binding. Only plain arguments: a plural or a date is the flow's to format. */
function asTemplateText(id: string, speech: Speech, paragraphs: boolean): string {
  if (!(id in messagesFor('en-GB'))) throw new Error(`a card refers to {{${id}}}, which is not in the catalogue`);
  const values: Record<string, string> = {};
  for (const [name, kind] of argumentsOf(messagesFor('en-GB')[id as MessageId])) {
    if (kind !== 'plain') throw new Error(`a card refers to {{${id}}}, whose ${name} is not a plain argument: format it in the flow`);
    values[name] = `\${${name}}`;
  }
  return t(speech, id as MessageId, values, { paragraphs });
}

/** What Slack takes at most in a button's or an option's text, and in a modal's submit button's. */
const SHORT_TEXT = 75;
const SUBMIT_TEXT = 24;

/**
 * The template with its catalogue references replaced. In two languages, a Slack modal's title (at most 24
 * characters) is in the first alone, and so is a title (a button, an option) that would pass 75 characters, or
 * a card's own button that takes the inputs (a modal's submit) that would pass 24.
 */
function withMessages(node: unknown, speech: Speech, key?: string, parentType?: unknown, titleLimit = SHORT_TEXT): unknown {
  if (typeof node === 'string') {
    const paragraphs = key === 'text' && parentType === 'TextBlock';
    const replaced = (used: Speech) => node.replace(MESSAGE_REFERENCE, (_match, id: string) => asTemplateText(id, used, paragraphs));
    const first = languagesOf(speech)[0]!;
    if (key === 'slackTitle') return replaced(first);
    const whole = replaced(speech);
    return key === 'title' && whole.length > titleLimit ? replaced(first) : whole;
  }
  if (Array.isArray(node)) return node.map((item) => withMessages(item, speech, key, parentType, titleLimit));
  if (node === null || typeof node !== 'object') return node;
  const element = node as Record<string, unknown>;
  const submit = titleLimit === SUBMIT_TEXT && element.associatedInputs === 'auto';
  return Object.fromEntries(
    Object.entries(element).map(([name, value]) => [
      name,
      withMessages(
        value,
        speech,
        name,
        element.type,
        (name === 'actions' && element.type === 'AdaptiveCard') || (name === 'title' && submit) ? SUBMIT_TEXT : SHORT_TEXT,
      ),
    ]),
  );
}

// Around each bound value in markdown, so that after expansion the value, and only the value, is escaped.
// Control characters, so no data can hold one (withoutControlCharacters takes them out first).
const OPEN = '\u0002';
const CLOSE = '\u0003';
const BOUND = /\u0002([^\u0002\u0003]*)\u0003/g;

/** The data names a template repeats elements over ("$data": "${buttons}"). */
function listsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/"\$data":\s*"\$\{([A-Za-z_][A-Za-z0-9_]*)\}"/g)].map((match) => match[1]!))];
}

function template(name: CardName, speech: Speech): { template: ACData.Template; lists: string[] } {
  let found = templates.get(`${name}|${speech}`);
  if (!found) {
    const text = readFileSync(path.join(cardsDir, `${name}.json`), 'utf8');
    found = { template: new ACData.Template(markBindings(withMessages(JSON.parse(text), speech))), lists: listsOf(text) };
    templates.set(`${name}|${speech}`, found);
  }
  return found;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  [key: string]: unknown;
}

/**
 * A list the data leaves out is an empty list: the templating library would otherwise keep the element
 * it repeats, unexpanded (a button reading "${title}").
 */
export function renderCard(view: View): AdaptiveCard {
  const { template: found, lists } = template(view.card, view.speech ?? 'en-GB');
  const data = { ...Object.fromEntries(lists.map((name) => [name, []])), ...(cleaned(view.data) as Record<string, unknown>) };
  return escapeBindings(found.expand({ $root: data })) as AdaptiveCard;
}

/** The markdown a card element shows: a TextBlock's text, a fact's title and value. */
function markdownKeys(element: Record<string, unknown>, parentType: unknown): string[] {
  if (element.type === 'TextBlock') return ['text'];
  if (parentType === 'FactSet') return ['title', 'value'];
  return [];
}

/** Walks a card (template or expanded), changing the markdown strings; `facts` items know they are facts. */
function mapMarkdown(node: unknown, change: (markdown: string) => string, parentType?: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => mapMarkdown(item, change, parentType));
  if (node === null || typeof node !== 'object') return node;
  const element = node as Record<string, unknown>;
  const keys = markdownKeys(element, parentType);
  return Object.fromEntries(
    Object.entries(element).map(([key, value]) => {
      if (keys.includes(key) && typeof value === 'string') return [key, change(value)];
      return [key, mapMarkdown(value, change, key === 'facts' ? 'FactSet' : undefined)];
    }),
  );
}

/** "**${title}**" as "**\u0002${title}\u0003**": the template's own markdown stays, its bindings are marked. */
function markBindings(card: unknown): unknown {
  return mapMarkdown(card, (markdown) => {
    let marked = '';
    let index = 0;
    for (;;) {
      const start = markdown.indexOf('${', index);
      if (start < 0) return marked + markdown.slice(index);
      const end = expressionEnd(markdown, start + 2);
      marked += `${markdown.slice(index, start)}${OPEN}${markdown.slice(start, end)}${CLOSE}`;
      index = end;
    }
  });
}

/** Where the expression opened at `from` ends (after its closing brace), skipping quoted strings and nested braces. */
function expressionEnd(text: string, from: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return index + 1;
  }
  return text.length;
}

function escapeBindings(card: unknown): unknown {
  return mapMarkdown(card, (markdown) => markdown.replace(BOUND, (_match, value: string) => escapeMarkdown(value)));
}

/** The data's strings without control characters, so none can pass for a marker (or reach a platform). */
function cleaned(value: unknown): unknown {
  if (typeof value === 'string') return withoutControlCharacters(value);
  if (Array.isArray(value)) return value.map(cleaned);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleaned(item)]));
  }
  return value;
}
