// Every card in cards/: sample data, a submit schema for its buttons, expands, converts to Block Kit
// within Slack's limits, and its sample submission passes (and survives) its schema.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardCatalog, cardNames, type CardName } from '../../src/cards/catalog.js';
import { cardsDir, renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';

const templates = readdirSync(cardsDir)
  .filter((name) => name.endsWith('.json') && !name.endsWith('.sample.json'))
  .map((name) => name.slice(0, -'.json'.length));

function sampleOf(name: string): { data: Record<string, unknown>; submit?: { verb: string; data: unknown } } {
  const file = path.join(cardsDir, `${name}.sample.json`);
  expect(existsSync(file), `cards/${name}.sample.json is missing: every card needs sample data`).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8'));
}

function executeActions(card: unknown): { verb: string; data?: unknown }[] {
  const found: { verb: string; data?: unknown }[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push({ verb: String(record.verb), data: record.data });
      Object.values(record).forEach(visit);
    }
  };
  visit(card);
  return found;
}

describe('cards', () => {
  it('lists every template in the catalogue, and nothing else', () => {
    expect([...templates].sort()).toEqual([...cardNames].sort());
  });

  describe.each(templates)('%s', (name) => {
    const sample = sampleOf(name);
    const entry = cardCatalog[name as CardName];

    it('expands with its sample data, leaving no template expression behind', () => {
      const card = renderCard({ card: name as CardName, data: sample.data });
      expect(card.type).toBe('AdaptiveCard');
      expect(card.version).toBe('1.5');
      expect(JSON.stringify(card)).not.toMatch(/\$\{|\$data|\$when/);
    });

    it('shows nothing unexpanded when the data leaves out a list it repeats (no button reading "${title}")', () => {
      const withoutLists = Object.fromEntries(Object.entries(sample.data).filter(([, value]) => !Array.isArray(value)));
      const card = renderCard({ card: name as CardName, data: withoutLists });
      expect(JSON.stringify(card.actions ?? [])).not.toMatch(/\$\{/);
    });

    it('converts to Block Kit within the limits', () => {
      const converted = toBlockKit(name, renderCard({ card: name as CardName, data: sample.data }));
      expect(['message', 'modal']).toContain(converted.kind);
    });

    it('has a submit schema exactly when it has Action.Execute buttons, and its sample submission passes it', () => {
      const actions = executeActions(renderCard({ card: name as CardName, data: sample.data }));
      if (actions.length === 0) {
        expect(entry.submit, `${name} has no Action.Execute, so no submit schema`).toBeUndefined();
        return;
      }
      expect(entry.submit, `${name} has buttons but no submit schema in src/cards/catalog.ts`).toBeDefined();
      expect(sample.submit, `cards/${name}.sample.json needs a sample submission`).toBeDefined();
      const parsed = entry.submit!.parse(sample.submit!.data);
      expect(entry.submit!.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      expect(actions.map((action) => action.verb)).toContain(sample.submit!.verb);
    });
  });
});
