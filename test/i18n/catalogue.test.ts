// The message catalogues: Welsh has every English message, with the same placeholders, and each is ICU MessageFormat.
import { describe, expect, it } from 'vitest';
import { catalogueFiles, catalogueProblems, locales, messagesFor, t } from '../../src/i18n/catalogue.js';

const english = messagesFor('en-GB');

describe('the message catalogues', () => {
  it.each(locales.filter((locale) => locale !== 'en-GB'))('%s has every English message, with the same placeholders, each parsing as ICU', (locale) => {
    expect(catalogueProblems(english, messagesFor(locale), locale)).toEqual([]);
  });

  it.each(locales)('%s: no message id is in two of its files, and each file holds the ids of the English file of its area', (locale) => {
    const files: Record<string, Record<string, string>> = catalogueFiles[locale];
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [area, messages] of Object.entries(files))
      for (const id of Object.keys(messages)) {
        if (seen.has(id)) twice.push(`${id} in ${seen.get(id)} and ${area}`);
        seen.set(id, area);
      }
    expect(twice).toEqual([]);
    const englishFiles: Record<string, Record<string, string>> = catalogueFiles['en-GB'];
    for (const [area, messages] of Object.entries(files)) expect(Object.keys(messages).sort(), area).toEqual(Object.keys(englishFiles[area]!).sort());
  });

  it('fails a catalogue missing a key, with a placeholder renamed, or one that does not parse', () => {
    const welsh = { ...messagesFor('cy') } as Record<string, string>;
    delete welsh['raise.send'];
    welsh['raise.sentTitle'] = 'Anfonwyd at {enw}';
    welsh['raise.intro'] = 'O dan {organisation, select, true {';
    welsh['extra.one'] = 'Dim';
    expect(catalogueProblems(english, welsh, 'cy')).toEqual([
      expect.stringMatching(/^cy raise\.intro: not ICU MessageFormat/),
      'cy has no message raise.send',
      'cy raise.sentTitle: placeholders enw (plain), English has name (plain)',
      'cy has extra.one, which English has not',
    ]);
  });

  it('fails a placeholder that is plain in one language and a plural in the other', () => {
    const welsh = { ...messagesFor('cy'), 'raise.sentTitle': '{name, plural, other {Anfonwyd at #}}' } as Record<string, string>;
    expect(catalogueProblems(english, welsh, 'cy')).toEqual(['cy raise.sentTitle: placeholders name (formatted), English has name (plain)']);
  });

  it('writes a message in Welsh, in English, or in both, Welsh first', () => {
    expect(t('cy', 'raise.sentTitle', { name: 'Practice Supervisor B' })).toBe('Anfonwyd at Practice Supervisor B');
    expect(t('en-GB', 'raise.sentTitle', { name: 'Practice Supervisor B' })).toBe('Sent to Practice Supervisor B');
    expect(t('cy+en-GB', 'raise.send')).toBe('Anfon / Send');
    expect(t('cy', 'duration', { unit: 'working_days', amount: 2 })).toBe('2 ddiwrnod gwaith');
  });
});
