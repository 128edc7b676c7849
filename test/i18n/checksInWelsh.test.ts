// The form checks of src/cards/catalog.ts are written in English in their schemas and said in the reader's speech
// by src/flows/checks.ts, which finds each one's Welsh by its English words. A check added to a schema, or reworded
// there, without its words in the checks catalogue would reach a Welsh speaker in English: this finds it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIn } from '../../src/flows/checks.js';
import { projectRoot } from '../../src/config/paths.js';

const source = readFileSync(path.join(projectRoot, 'src/cards/catalog.ts'), 'utf8');
/** The schemas' fixed messages: `error: '…'`, `message: '…'` and `idOrNone('…')`. */
const checks = [
  ...new Set(
    [...source.matchAll(/(?:error|message): '((?:[^'\\]|\\.)+)'/g), ...source.matchAll(/idOrNone\('((?:[^'\\]|\\.)+)'\)/g)].map((match) =>
      match[1]!.replace(/\\'/g, "'"),
    ),
  ),
];

describe("the form checks' Welsh", () => {
  it('finds the schemas’ checks', () => {
    expect(checks.length).toBeGreaterThan(20);
  });

  it.each(checks)('%s: said in Welsh to a Welsh speaker, as it is to an English one', (english) => {
    expect(checkIn('en-GB', english)).toBe(english);
    expect(checkIn('cy', english)).not.toBe(english);
  });
});
