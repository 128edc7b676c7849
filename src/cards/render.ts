// Expands a card template from cards/ with its data. Templates are read and parsed once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../config/paths.js';
import type { CardName, View } from './catalog.js';

export const cardsDir = path.join(projectRoot, 'cards');
const templates = new Map<CardName, { template: ACData.Template; lists: string[] }>();

/** The data names a template repeats elements over ("$data": "${buttons}"). */
function listsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/"\$data":\s*"\$\{([A-Za-z_][A-Za-z0-9_]*)\}"/g)].map((match) => match[1]!))];
}

function template(name: CardName): { template: ACData.Template; lists: string[] } {
  let found = templates.get(name);
  if (!found) {
    const text = readFileSync(path.join(cardsDir, `${name}.json`), 'utf8');
    found = { template: new ACData.Template(JSON.parse(text)), lists: listsOf(text) };
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
  const data = { ...Object.fromEntries(lists.map((name) => [name, []])), ...view.data };
  return found.expand({ $root: data }) as AdaptiveCard;
}
