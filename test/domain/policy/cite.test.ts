// A rule's source in the words a person looks it up by: the document's short name and the place in it.
import { describe, expect, it } from 'vitest';
import { citeSource, sourceReference } from '../../../src/domain/policy/cite.js';
import { packText, pack, problemsOf } from '../../support/packs.js';

describe('citing a source', () => {
  it('names the document and the section, in each of the ways the packs point into their seeds', () => {
    const cafcass = pack('cafcass').pack;
    expect(citeSource(cafcass, '000_ea9f6511b9b2d3d5.txt 8 standard 7')).toBe('Cafcass supervision policy, section 8, standard 7');
    expect(citeSource(cafcass, '000_ea9f6511b9b2d3d5.txt 4.3 d)')).toBe('Cafcass supervision policy, section 4.3 d)');
    expect(citeSource(cafcass, '000_ea9f6511b9b2d3d5.txt appendix 2 standard 5 (1)')).toBe('Cafcass supervision policy, appendix 2, standard 5 (1)');
    expect(sourceReference('003_54dd48a632c605c9.txt Management oversight and informal supervision')).toBe(
      'section "Management oversight and informal supervision"',
    );
    expect(sourceReference('001_f38a2d5076e6f828.txt 4 child and family supervision frequency')).toBe('section 4, child and family supervision frequency');
    expect(sourceReference('004_4e4fcc0f6e8344f7.txt individual standard four')).toBe('individual standard four');
    expect(sourceReference('004_4e4fcc0f6e8344f7.txt appendix 2')).toBe('appendix 2');
  });

  it('a pack without a document block, or naming two seeds, is refused with what to write', () => {
    const text = packText('cafcass');
    const withoutDocument = problemsOf(text.replace(/^document:\n( {2}.*\n)+/m, ''));
    expect(withoutDocument).toEqual([expect.objectContaining({ path: 'document', message: expect.stringContaining('its title, owner and citeAs') })]);
    expect(problemsOf(text.replace('  citeAs: Cafcass supervision policy\n', ''))[0]).toMatchObject({ path: 'document.citeAs' });
    const twoSeeds = problemsOf(text.replace('seeds: [000_ea9f6511b9b2d3d5.txt]', 'seeds: [000_ea9f6511b9b2d3d5.txt, 001_f38a2d5076e6f828.txt]'));
    expect(twoSeeds[0]).toMatchObject({ path: 'seeds', message: expect.stringContaining('must name one seed file') });
  });
});
