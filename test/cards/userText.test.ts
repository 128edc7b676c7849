// What people type is shown as they typed it on both platforms: never a link, a mention, a date function
// or a template expression, and never so long that a message cannot be sent.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formatText } from 'adaptivecards/lib/text-formatters.js';
import { renderCard, type AdaptiveCard } from '../../src/cards/render.js';
import { SLACK_LIMITS } from '../../src/cards/slack/limits.js';
import { toBlockKit, type Block, type SlackMessage } from '../../src/cards/slack/toBlockKit.js';
import type { View } from '../../src/cards/catalog.js';

// The playground renders Teams cards with markdown-it, as the Adaptive Cards SDK does; it ships no types.
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new () => { render(text: string): string };
const markdown = new MarkdownIt();

const PHISH = '[Accept now](https://evil.example/phish)';
const HOSTILE = [
  PHISH,
  '{{DATE(tomorrow)}}',
  '{{DATE(2026-03-02T09:00:00Z, SHORT)}} and {{TIME(2026-03-02T09:00:00Z)}}',
  '${requestId} ${string(1)}',
  '<!channel> <@U0SUPERV1> <https://evil.example|Open the record>',
  '**shouting** _quiet_ `code` ~~gone~~ # heading \\ backslash',
  '![pixel](https://evil.example/p.png) [ref][1]\n\n[1]: https://evil.example/ref',
];

function requestCard(what: string): View {
  return {
    card: 'trigger-request',
    data: {
      requestId: '7d1c1f1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
      escalationNote: '',
      summary: 'Social Worker C asks for supervision: d) Current harm or risk of harm.',
      facts: [
        { title: 'Case reference', value: 'CF-204518' },
        { title: 'What happened', value: what },
      ],
    },
  };
}

/** Every piece of text a Teams client puts through its markdown: TextBlock text and FactSet titles and values. */
function teamsMarkdown(card: AdaptiveCard): string[] {
  const texts: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
      if (element.type === 'FactSet' && Array.isArray(element.facts))
        for (const fact of element.facts as { title: string; value: string }[]) texts.push(fact.title, fact.value);
      Object.values(element).forEach(visit);
    }
  };
  visit(card.body);
  return texts;
}

/** What a Teams client shows: the date functions formatted, then the markdown as HTML. */
const teamsHtml = (text: string) => markdown.render(formatText('en-GB', text) ?? '');

function slackMessage(view: View): SlackMessage {
  const converted = toBlockKit(view.card, renderCard(view));
  if (converted.kind !== 'message') throw new Error('expected a message');
  return converted;
}

function mrkdwnTexts(blocks: Block[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === 'section') return 'text' in block ? [block.text.text] : block.fields.map((field) => field.text);
    if (block.type === 'context') return block.elements.map((element) => element.text);
    if (block.type === 'header') return [block.text.text];
    return [];
  });
}

/** Slack mrkdwn as a reader sees it: entities decoded. */
const shown = (mrkdwn: string) => mrkdwn.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every block within Slack's limits, as chat.postMessage would check them. */
function expectWithinSlackLimits(message: SlackMessage) {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.type === 'section' && 'fields' in block) {
      expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionField);
    }
    if (block.type === 'context') for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  }
}

describe('user text on Teams', () => {
  it.each(HOSTILE)('shows %j as text: no link, image, date or expression', (text) => {
    const card = renderCard(requestCard(text));
    const html = teamsMarkdown(card).map(teamsHtml).join('\n');
    expect(html).not.toMatch(/<a |<img |<h1|<code|<s>|<strong>shouting/);
    for (const shownText of teamsMarkdown(card)) expect(formatText('en-GB', shownText)).toBe(shownText);
    // The words are all there, as typed.
    const words = text.match(/[A-Za-z]{4,}/g) ?? [];
    for (const word of words) expect(html).toContain(word);
  });

  it('never formats a {{DATE()}} someone typed, even a valid one', () => {
    const what = 'Visit {{DATE(2026-03-02T09:00:00Z, SHORT)}}';
    const texts = teamsMarkdown(renderCard(requestCard(what)));
    const value = texts.find((text) => text.includes('Visit'))!;
    // Unescaped, a Teams client would replace it with "Mon, Mar 2, 2026".
    expect(formatText('en-GB', value)).toBe(value);
    expect(markdown.render(value)).toContain('{{DATE(2026-03-02T09:00:00Z, SHORT)}}');
  });

  it('leaves a ${...} someone typed unevaluated', () => {
    const card = renderCard(requestCard('${requestId}'));
    expect(JSON.stringify(card)).not.toContain('What happened","value":"7d1c1f1e');
    expect(markdown.render(teamsMarkdown(card).find((text) => text.includes('requestId'))!)).toContain('${requestId}');
  });

  it("keeps the card's own formatting, and the data's line breaks and lists", () => {
    const card = renderCard({
      card: 'record-sign',
      data: { recordId: 'r', title: 'To sign', intro: 'Read it.', sections: [{ title: 'Actions', value: '- call the school  \n- visit' }], buttons: [] },
    });
    const texts = teamsMarkdown(card);
    expect(texts).toContain('**Actions**');
    expect(markdown.render(texts.find((text) => text.includes('school'))!)).toContain('<li>call the school</li>');
  });
});

describe('user text on Slack', () => {
  it.each(HOSTILE)('converts %j without failing, as text: no link, mention or date token', (text) => {
    const converted = slackMessage(requestCard(text));
    const mrkdwn = mrkdwnTexts(converted.blocks).join('\n');
    expect(mrkdwn).not.toMatch(/<(?!!date)[^>]*>/);
    expect(mrkdwn).not.toMatch(/<!date|<!channel|<@U/);
    expect(shown(mrkdwn)).toContain(text);
  });

  it('shows the typed text exactly, backslashes and all', () => {
    const typed = 'Mum said [Accept now](https://evil.example/phish) & {{DATE(tomorrow)}} \\o/ a_b *c* <!here>';
    const converted = slackMessage(requestCard(typed));
    expect(mrkdwnTexts(converted.blocks).map(shown)).toContain(`*What happened*\n${typed}`);
  });
});

describe('long user text on Slack: split or cut, never refused', () => {
  const long = (size: number, word: string) => word.repeat(Math.ceil(size / word.length)).slice(0, size);

  it('a record to sign with fourteen 2,790-character fields full of & reaches Slack within its limits', () => {
    const sections = Array.from({ length: 14 }, (_, index) => ({ title: `Field ${index}`, value: long(2790, '& ') }));
    const converted = slackMessage({
      card: 'record-sign',
      data: { recordId: 'r', title: 'To sign', intro: 'Read it.', sections, buttons: [{ title: 'Agree and sign', verb: 'record.sign' }] },
    });
    expectWithinSlackLimits(converted);
    // The buttons survive the cut, and the reader is told where the rest is.
    expect(converted.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'record.sign' }] });
    expect(mrkdwnTexts(converted.blocks).join('\n')).toContain('(continued in the record)');
  });

  it('splits one long text into sections at line ends, keeping every character', () => {
    const value = Array.from({ length: 6 }, (_, index) => `Line ${index} ${long(600, '<&> ')}`).join('\n');
    const converted = slackMessage({
      card: 'record-sign',
      data: { recordId: 'r', title: 'To sign', intro: 'Read it.', sections: [{ title: 'Notes', value }], buttons: [] },
    });
    expectWithinSlackLimits(converted);
    const texts = mrkdwnTexts(converted.blocks);
    expect(texts.slice(3).map(shown).join('\n')).toBe(value);
  });

  it('shows a long fact in full-width sections, in its place among the others', () => {
    const what = long(1500, '&');
    const converted = slackMessage(requestCard(what));
    expectWithinSlackLimits(converted);
    const texts = mrkdwnTexts(converted.blocks).map(shown);
    expect(texts.indexOf('*Case reference*\nCF-204518')).toBeLessThan(texts.findIndex((text) => text.startsWith('*What happened*')));
    expect(
      texts
        .filter((text) => text.startsWith('&&&') || text.startsWith('*What happened*'))
        .join('')
        .replace('*What happened*\n', ''),
    ).toBe(what);
  });

  it('cuts a header over 150 characters', () => {
    const converted = slackMessage({ card: 'message', data: { title: long(400, '& '), text: 'x', links: [] } });
    expectWithinSlackLimits(converted);
    expect(converted.blocks[0]).toMatchObject({ type: 'header' });
  });
});
