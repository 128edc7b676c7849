// A Welsh speaker's free text (issue 21): the commonest Welsh words, capitalised at a sentence's start or in a
// title, are not queried as names, while a name written in a Welsh sentence still is.
import { describe, expect, it } from 'vitest';
import { findNames } from '../../../src/domain/text/names.js';

const found = (text: string) => findNames(text, { staffNames: [] }).map((hit) => hit.text);

describe('findNames in Welsh', () => {
  it.each([
    "Mae'r tŷ yn daclus ac mae Mam yn poeni am y plant.",
    'Mae angen trafod yr achos gyda Rheolwr Tîm. Dydw i ddim yn siŵr.',
    'Cyfarfod Strategaeth yfory. Mae Nain yn gofalu am y plant.',
    'Bydd Cynhadledd Amddiffyn Plant ddydd Llun yn yr Ysgol.',
    'Siaradais â Mam a Dad. Dywedodd Mam bod popeth yn iawn.',
  ])('finds no name in "%s"', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('still finds a child named in a Welsh sentence', () => {
    expect(found('Mae hi wedi dweud bod Jayden Smith yn y tŷ.')).toEqual(['Jayden Smith']);
    expect(found('Dywedodd Hywel Jones fod Mam yn sâl.')).toEqual(['Hywel Jones']);
    expect(found("Gwelais Kayden's brawd ddoe.")).toEqual(['Kayden']);
  });
});
