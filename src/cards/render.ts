// Expands a card template from cards/ with its data. Templates are read and parsed once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectRoot } from '../config/paths.js';
import type { CardName, View } from './catalog.js';

export const cardsDir = path.join(projectRoot, 'cards');
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let found = templates.get(name);
  if (!found) {
    found = new ACData.Template(JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8')));
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

export function renderCard(view: View): AdaptiveCard {
  return template(view.card).expand({ $root: view.data }) as AdaptiveCard;
}
