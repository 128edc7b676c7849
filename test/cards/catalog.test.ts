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

/** Every Input.Text of a card, as the card shows it with its sample data. */
function textInputs(card: unknown): { id: string; maxLength: unknown }[] {
  const found: { id: string; maxLength: unknown }[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (element.type === 'Input.Text') found.push({ id: String(element.id), maxLength: element.maxLength });
      Object.values(element).forEach(visit);
    }
  };
  visit(card);
  return found;
}

describe('free text at the edge', () => {
  const forms = templates.filter((name) => textInputs(renderCard({ card: name as CardName, data: sampleOf(name).data })).length > 0);

  it.each(forms)('%s: every text input has a maxLength, and its schema refuses one character more, naming the field', (name) => {
    const sample = sampleOf(name);
    const schema = cardCatalog[name as CardName].submit!;
    for (const { id, maxLength } of textInputs(renderCard({ card: name as CardName, data: sample.data }))) {
      expect(typeof maxLength, `${name}: input '${id}' needs a maxLength`).toBe('number');
      const most = maxLength as number;
      expect(schema.safeParse({ ...(sample.submit!.data as object), [id]: '1'.repeat(most) }).success, `${name}: '${id}' at ${most}`).toBe(true);
      const over = schema.safeParse({ ...(sample.submit!.data as object), [id]: '1'.repeat(most + 1) });
      expect(over.success, `${name}: '${id}' at ${most + 1}`).toBe(false);
      const issue = over.error!.issues.find((found) => found.path[0] === id);
      expect(issue?.message, `${name}: '${id}'`).toContain(most.toLocaleString('en-GB'));
      // Named, for the answers that show the problems as one message rather than beside each field.
      expect(issue?.message, `${name}: '${id}'`).not.toMatch(/^Keep it/);
    }
  });

  it('record: limits each field by the input it comes from, naming it; 6,000 characters are refused', () => {
    const schema = cardCatalog.record.submit;
    const base = { sessionId: '6b1f0d52-8a44-4c1e-9a3e-2f5b7c8d9e01' };
    const refusal = (data: Record<string, string>) => {
      const parsed = schema.safeParse({ ...base, ...data });
      return parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(refusal({ 'f.experience': 'x'.repeat(2800), 'action.1.what': 'x'.repeat(500), amendReason: 'x'.repeat(1000) })).toBeUndefined();
    expect(refusal({ 'f.experience': 'x'.repeat(6000) })).toEqual(['f.experience: The experience field is 6,000 characters; keep it to 2,800.']);
    expect(refusal({ 'action.2.what': 'x'.repeat(501) })).toEqual(['action.2.what: Action 2: what is 501 characters; keep it to 500.']);
    expect(refusal({ 'prevReason.0f8e': 'x'.repeat(501) })).toEqual(['prevReason.0f8e: The reason for an earlier action is 501 characters; keep it to 500.']);
    expect(refusal({ amendReason: 'x'.repeat(1001) })).toEqual(['amendReason: Why you are amending is 1,001 characters; keep it to 1,000.']);
    expect(refusal({ caseReference: 'x'.repeat(41) })).toEqual(['caseReference: The case reference is 41 characters; keep it to 40.']);
    expect(refusal({ 'something.else': 'x'.repeat(101) })).toEqual(['something.else: something.else is 101 characters; keep it to 100.']);
  });

  it('takes out NUL and other control characters (PostgreSQL refuses NUL), keeping tabs and line breaks', () => {
    const typed = 'Visit\u0000 today\r\nat 3pm:\tall\u0007 well\u001b[31m\u007f\u0085';
    const cleaned = 'Visit today\nat 3pm:\tall well[31m';
    const raise = cardCatalog['raise-form'].submit.parse({ ...(sampleOf('raise-form').submit!.data as object), experience: typed, goal: typed });
    expect([raise.experience, raise.goal]).toEqual([cleaned, cleaned]);
    const record = cardCatalog.record.submit.parse({ sessionId: '6b1f0d52-8a44-4c1e-9a3e-2f5b7c8d9e01', 'f.experience': typed, 'action.1.what': typed });
    expect([record['f.experience'], record['action.1.what']]).toEqual([cleaned, cleaned]);
    expect(cardCatalog['record-disagree'].submit.parse({ recordId: '6b1f0d52-8a44-4c1e-9a3e-2f5b7c8d9e01', comment: typed }).comment).toBe(cleaned);
  });
});
