// Issue 21, done when: every card's sample, rendered in Welsh, shows no English outside quoted policy text. What
// the sample's data puts on the card (the flows' words, a case reference, a name, the policy's own text) is set
// aside; what is left is the card's own words, which must be the Welsh catalogue's: any word only the English
// catalogue uses ("supervision", "your", "held") fails it, as does a date or a day that the template formats in English.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CardName } from '../../src/cards/catalog.js';
import { cardsDir, renderCard } from '../../src/cards/render.js';
import { messagesFor } from '../../src/i18n/catalogue.js';

const cards = readdirSync(cardsDir)
  .filter((file) => file.endsWith('.json') && !file.endsWith('.sample.json'))
  .map((file) => file.slice(0, -'.json'.length) as CardName);

const wordsOf = (text: string) => (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []) as string[];
const wordsOfCatalogue = (locale: 'en-GB' | 'cy') => new Set(Object.values(messagesFor(locale)).flatMap(wordsOf));
const welsh = wordsOfCatalogue('cy');
/** Words of the English catalogue that the Welsh never uses. */
const englishOnly = new Set([...wordsOfCatalogue('en-GB')].filter((word) => !welsh.has(word)));

/** Where a card's words are: what Teams or Slack shows of an element. */
const SHOWN = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'slackTitle', 'altText', 'fallbackText', 'value', 'speak']);
const shown = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(shown);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' ? (SHOWN.has(key) ? [value] : []) : shown(value),
  );
};
const dataStrings = (node: unknown): string[] => {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(dataStrings);
  if (node === null || typeof node !== 'object') return [];
  return Object.values(node as Record<string, unknown>).flatMap(dataStrings);
};

describe('every card in Welsh', () => {
  it('finds every card in cards/', () => {
    expect(cards.length).toBeGreaterThan(40);
  });

  it.each(cards)('%s: its own words, rendered in Welsh, are all Welsh', (name) => {
    const data = JSON.parse(readFileSync(path.join(cardsDir, `${name}.sample.json`), 'utf8')).data;
    const fromData = [...new Set(dataStrings(data))].filter((text) => text.trim() !== '').sort((a, b) => b.length - a.length);
    const card = renderCard({ card: name, data, speech: 'cy' });
    const english = shown(card).flatMap((text) => {
      let own = text;
      for (const value of fromData) own = own.split(value).join(' ');
      return wordsOf(own).filter((word) => englishOnly.has(word));
    });
    expect(english).toEqual([]);
  });
});
