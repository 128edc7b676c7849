// The cards whose words come from the catalogue: none carries a literal sentence, and each, rendered in Welsh,
// shows the Welsh of every message it refers to. The list only grows, one journey at a time (issue 21).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CardName } from '../../src/cards/catalog.js';
import { cardsDir, MESSAGE_REFERENCE, renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import { messagesFor, t, type MessageId } from '../../src/i18n/catalogue.js';

/** The cards bound to the catalogue: every card (everyCardInWelsh.test.ts checks each card in cards/ shows no English). */
const converted: CardName[] = [
  'notice',
  'session',
  'upcoming',
  'session-book',
  'session-change',
  'team',
  'trigger-propose',
  'trigger-reassign',
  'group-attendance',
  'group-case',
  'group-move-channel',
  'group-rebook',
  'group-setup',
  'case-frequency',
  'different-supervisor-agree',
  'different-supervisor-ask',
  'supervisor-raise',
  'raise-pick',
  'raise-form',
  'trigger-request',
  'trigger-status',
  'pending',
  'settings',
  'help',
  'message',
  'home',
  'report',
  'record-sign',
  'record-access',
  'record-consent',
  'record-disagree',
  'record-dispute',
  'records',
  'case-file',
  'dispute-outcome',
  'agreement',
  'agreement-arrangements',
  'action-extend',
  'action-extension',
  'action-reminder',
  'actions',
  'record',
];

/** Where a card's words are: what Teams or Slack shows of an element. */
const SHOWN = new Set(['text', 'title', 'label', 'placeholder', 'errorMessage', 'slackTitle', 'altText', 'fallbackText']);

/** Each shown string of a template, with its path. */
function shownStrings(node: unknown, at = ''): { at: string; text: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => shownStrings(item, `${at}[${index}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    typeof value === 'string' && SHOWN.has(key) ? [{ at: `${at}.${key}`, text: value }] : shownStrings(value, `${at}.${key}`),
  );
}

/** A string's literal words: what is left without its catalogue references and its bindings. */
const literalWords = (text: string) =>
  text
    .replace(MESSAGE_REFERENCE, ' ')
    .replace(/\$\{[^}]*\}/g, ' ')
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();

const templateOf = (name: string) => JSON.parse(readFileSync(path.join(cardsDir, `${name}.json`), 'utf8'));
const sampleOf = (name: string) => JSON.parse(readFileSync(path.join(cardsDir, `${name}.sample.json`), 'utf8')).data;

describe.each(converted)('%s, bound to the catalogue', (name) => {
  it('carries no literal sentence: every word it shows is a catalogue reference or the data', () => {
    const literal = shownStrings(templateOf(name)).filter(({ text }) => literalWords(text) !== '');
    expect(literal).toEqual([]);
  });

  it('shows, in Welsh, the Welsh of each message it refers to and not its English, and converts to Block Kit', () => {
    const ids = [...JSON.stringify(templateOf(name)).matchAll(MESSAGE_REFERENCE)].map((match) => match[1] as MessageId);
    expect(ids.length).toBeGreaterThan(0);
    const data = sampleOf(name);
    // Without the elements' types, which are no words shown ("Input.Date" is not the label "Date").
    const shownText = (card: unknown) => JSON.stringify(card).replace(/"type":"[^"]*"/g, '');
    const welsh = shownText(renderCard({ card: name, data, speech: 'cy' }));
    const english = shownText(renderCard({ card: name, data }));
    for (const id of ids) {
      const [cy, en] = [messagesFor('cy')[id], messagesFor('en-GB')[id]];
      const firstWords = (source: string) => JSON.stringify(source.split('{')[0]!.trim()).slice(1, -1);
      // The same in both (Help), or on an element the sample does not show ($when).
      if (cy === en || !english.includes(firstWords(en))) continue;
      expect(welsh, id).toContain(firstWords(cy));
      // Its English may be in the sample's data (the flows not converted yet write it): not from the template, then.
      if (!JSON.stringify(data).includes(firstWords(en))) expect(welsh, id).not.toContain(firstWords(en));
    }
    expect(['message', 'modal']).toContain(toBlockKit(name, renderCard({ card: name, data, speech: 'cy' })).kind);
    expect(['message', 'modal']).toContain(toBlockKit(name, renderCard({ card: name, data, speech: 'cy+en-GB' })).kind);
  });
});

describe('catalogue words in a template', () => {
  it('are escaped nowhere, while what the data binds into them is escaped as any binding', () => {
    const card = renderCard({ card: 'settings', data: { ...sampleOf('settings'), saved: true, reminderTime: '**10:30**' }, speech: 'cy' });
    expect(JSON.stringify(card)).toContain(t('cy', 'settings.saved', { reminderTime: '\\\\*\\\\*10:30\\\\*\\\\*' }));
    const help = renderCard({ card: 'help', data: sampleOf('help'), speech: 'cy' });
    expect(JSON.stringify(help)).toContain('Teipiwch **/supervision**');
  });

  it('in two languages: Welsh first, text as two paragraphs, titles joined, and a Slack modal titled in Welsh alone', () => {
    const card = renderCard({ card: 'raise-form', data: sampleOf('raise-form'), speech: 'cy+en-GB' });
    expect(JSON.stringify(card.actions)).toContain('"title":"Anfon / Send"');
    expect((card.metadata as { slackTitle: string }).slackTitle).toBe('Gofyn am oruchwyliaeth');
    const pick = renderCard({ card: 'raise-pick', data: sampleOf('raise-pick'), speech: 'cy+en-GB' });
    expect(JSON.stringify(pick.body)).toContain(JSON.stringify(`${t('cy', 'raise.notOneOfThese')}\n\n${t('en-GB', 'raise.notOneOfThese')}`));
  });
});
