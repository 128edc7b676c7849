// Names in free text (issue 17, item 10): a child's name typed in a raise is caught before it reaches a
// card, while the words a social worker writes every day (roles, agencies, Mum, a colleague) are not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/paths.js';
import { findNames } from '../../../src/domain/text/names.js';

// The demo directory's people: the supervisor's name may be written freely.
const staffNames = ['Helen Clarke', 'Daniel Reid', 'Priya Shah', 'Tom Evans', 'Grace Okafor', 'Marcus Bell'];
const found = (text: string, staff: readonly string[] = staffNames) => findNames(text, { staffNames: staff }).map((hit) => hit.text);

function sentences(file: string): string[] {
  return readFileSync(path.join(projectRoot, 'test/fixtures/names', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The sentences a practitioner would be asked about, and those they would not. */
function measure(withNames: string, withoutNames: string) {
  const named = sentences(withNames);
  const plain = sentences(withoutNames);
  const missed = named.filter((line) => findNames(line, { staffNames }).length === 0);
  const alarms = plain.filter((line) => findNames(line, { staffNames }).length > 0);
  return { named, plain, missed, alarms, recall: 1 - missed.length / named.length, falseAlarms: alarms.length / plain.length };
}

describe('findNames', () => {
  it('flags "Jayden Smith (age 6)" where it was typed', () => {
    const text = 'Jayden Smith (age 6) disclosed at school.';
    expect(findNames(text, { staffNames })).toEqual([{ text: 'Jayden Smith', start: 0, length: 12, reason: 'person' }]);
  });

  it('flags a surname pair no word list explains, a first name alone, typed in lower case, and a possessive', () => {
    expect(found('Home visit with Oluwaseun Adeyemi today.')).toEqual(['Oluwaseun Adeyemi']);
    expect(found('Chidi said he does not want to go home.')).toEqual(['Chidi']);
    expect(found('spoke to jayden at school, he was upset')).toEqual(['jayden']);
    expect(found("Kayden's dad turned up drunk at contact.")).toEqual(['Kayden']);
    expect(found('Mr Kowalski did not attend.')).toEqual(['Mr Kowalski']);
  });

  it('gives offsets that slice back to what was typed', () => {
    const text = 'Visited Kayleigh and her brother Tyler on Monday.';
    const hits = findNames(text, { staffNames });
    expect(hits.map((hit) => hit.text)).toEqual(['Kayleigh', 'Tyler']);
    for (const hit of hits) expect(text.slice(hit.start, hit.start + hit.length)).toBe(hit.text);
  });

  it('never throws, and every hit slices back to its text, whatever is typed', () => {
    const word = fc.constantFrom(
      'Jayden',
      'jayden',
      "Amelia's",
      'Smith',
      'Mum',
      'CF-204518',
      'J.S.',
      'Child',
      'Protection',
      'Helen',
      'Wiśniewski',
      'said',
      'the',
      '👍',
      '“Kofi”',
      '',
    );
    const gap = fc.constantFrom(' ', '  ', ', ', '. ', '\n', '\t', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap)), fc.string(), (parts, noise) => {
        const text = parts.map(([one, space]) => one + space).join('') + noise;
        for (const hit of findNames(text, { staffNames })) expect(text.slice(hit.start, hit.start + hit.length)).toBe(hit.text);
      }),
    );
  });

  it('never flags a case reference or initials, the recommended way to write about a child', () => {
    expect(found('Discussed CF-204518 and CF-300001 today.')).toEqual([]);
    expect(found('J.S. told his teacher he is scared at home.')).toEqual([]);
    expect(found('JS and KP were interviewed under ABE.')).toEqual([]);
  });

  it("leaves a colleague's name alone, but not the same name when it is not a colleague's", () => {
    const text = 'Helen Clarke agreed we should hold a strategy discussion.';
    expect(found(text)).toEqual([]);
    expect(found(text, [])).toEqual(['Helen Clarke']);
    expect(found('Jayden Clarke was seen at school.')).toEqual(['Jayden Clarke']);
  });

  it('leaves the terms, roles, agencies and family words of social work alone', () => {
    expect(found('Child Protection Conference')).toEqual([]);
    expect(found('Need to discuss this before the Initial Child Protection Conference on Monday 14 December.')).toEqual([]);
    expect(found('The Family Court and the Local Authority agreed; the Team Manager and Head of Operations signed it off.')).toEqual([]);
    expect(found('Signs of Safety mapping with Mum, Dad and Nan; ChildFirst updated; Cafcass Cymru told.')).toEqual([]);
    expect(found('Police, CAMHS and the GP attended the Core Group in Islington.')).toEqual([]);
    expect(found('We used the Tree of Life tool in direct work.')).toEqual([]);
    expect(found('')).toEqual([]);
  });

  it('catches at least 96 in 100 invented sentences that name a child or a family member, and alarms on at most 2 in 100 that do not', () => {
    const { named, plain, missed, alarms, recall, falseAlarms } = measure('with-names.txt', 'without-names.txt');
    expect([named.length, plain.length]).toEqual([100, 100]);
    expect({ recall, missed }).toMatchObject({ recall: expect.toSatisfy((value: number) => value >= 0.96) });
    expect({ falseAlarms, alarms }).toMatchObject({ falseAlarms: expect.toSatisfy((value: number) => value <= 0.02) });
  });

  it('holds on 80 further invented sentences, written after the first 200: at least 92% caught, at most 5% alarms', () => {
    const { named, plain, missed, alarms, recall, falseAlarms } = measure('held-out-with-names.txt', 'held-out-without-names.txt');
    expect([named.length, plain.length]).toEqual([40, 40]);
    expect({ recall, missed }).toMatchObject({ recall: expect.toSatisfy((value: number) => value >= 0.92) });
    expect({ falseAlarms, alarms }).toMatchObject({ falseAlarms: expect.toSatisfy((value: number) => value <= 0.05) });
  });
});
