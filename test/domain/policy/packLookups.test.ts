// A pack's names are its own: a model or kind named after something every object has is not found, and
// the case-reference example must be a reference its pattern accepts.
import { describe, expect, it } from 'vitest';
import { packText, problemsOf } from '../../support/packs.js';

const cafcass = packText('cafcass');

function broken(from: string, to: string) {
  expect(cafcass).toContain(from);
  return problemsOf(cafcass.replace(from, to)).map((problem) => `${problem.path}: ${problem.message}`);
}

describe('pack names and references', () => {
  it('says a record model named "constructor" is not one of the pack\'s', () => {
    const [kindLine] = cafcass.match(/\n {6}model: [a-z0-9-]+\n/) ?? [];
    expect(kindLine).toBeDefined();
    const problems = broken(kindLine!, '\n      model: constructor\n');
    expect(problems).toEqual([expect.stringMatching(/^kinds\.[a-z-]+\.record\.model: 'constructor' is not a recording model in this pack/)]);
  });

  it('refuses a case-reference example that its own pattern refuses', () => {
    expect(broken('example: "CF-204518"', 'example: "ZEBEDEE-QUINCE"')).toEqual([
      "caseReference.example: 'ZEBEDEE-QUINCE' does not match the pattern ^CF-[0-9]{6}$",
    ]);
  });
});
