// Expands a card template from cards/ with its data. Templates are read and parsed once.
// The data is text: whatever a template binds into markdown (a TextBlock's text, a fact's title or value)
// is escaped there, once, for Teams and Slack alike (see userText.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../config/paths.js';
import type { CardName, View } from './catalog.js';
import { escapeMarkdown, withoutControlCharacters } from './userText.js';

export const cardsDir = path.join(projectRoot, 'cards');
const templates = new Map<CardName, { template: ACData.Template; lists: string[] }>();

// Around each bound value in markdown, so that after expansion the value, and only the value, is escaped.
// Control characters, so no data can hold one (withoutControlCharacters takes them out first).
const OPEN = '\u0002';
const CLOSE = '\u0003';
const BOUND = /\u0002([^\u0002\u0003]*)\u0003/g;

/** The data names a template repeats elements over ("$data": "${buttons}"). */
function listsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/"\$data":\s*"\$\{([A-Za-z_][A-Za-z0-9_]*)\}"/g)].map((match) => match[1]!))];
}

function template(name: CardName): { template: ACData.Template; lists: string[] } {
  let found = templates.get(name);
  if (!found) {
    const text = readFileSync(path.join(cardsDir, `${name}.json`), 'utf8');
    found = { template: new ACData.Template(markBindings(JSON.parse(text))), lists: listsOf(text) };
    templates.set(name, found);
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
  const { template: found, lists } = template(view.card);
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
