// The longest things people can write still fit Slack's limits when the bot shows them back.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import { textParts } from '../../src/flows/format.js';

const long = (size: number, word = 'observed ') => word.repeat(Math.ceil(size / word.length)).slice(0, size);

describe('long text', () => {
  it('splits text into parts under 3,000 characters at line ends, keeping the lines', () => {
    const text = ['Heading', long(2800), 'Another heading', long(2800), long(7000, 'x')].join('\n');
    const parts = textParts(text);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2500);
    // Nothing is lost: only line ends (and breaks inside a line longer than a part) are added.
    expect(parts.join('').replace(/ {2}\n/g, '')).toBe(text.replace(/\n/g, ''));
    expect(parts.some((part) => part.startsWith('Heading'))).toBe(true);
  });

  it('shows a case-file text of many full fields on Slack without breaking a limit', () => {
    const text = Array.from({ length: 14 }, (_, index) => `Field ${index}\n${long(2800)}`).join('\n\n');
    const converted = toBlockKit(
      'case-file',
      renderCard({ card: 'case-file', data: { title: 'Signed', intro: 'Copy it.', text, parts: textParts(text), requestId: 'r', recordId: 'x', buttons: [] } }),
    );
    expect(converted.kind).toBe('message');
  });

  it('shows a record to sign with its longest fields on Slack', () => {
    const sections = Array.from({ length: 14 }, (_, index) => ({ title: `Field ${index}`, value: long(2800) }));
    const converted = toBlockKit(
      'record-sign',
      renderCard({
        card: 'record-sign',
        data: { recordId: 'r', title: 'To sign', intro: 'Read it.', sections, buttons: [{ title: 'Agree and sign', verb: 'record.sign' }] },
      }),
    );
    expect(converted.kind).toBe('message');
  });

  it('shows a request with the longest story a practitioner can write', () => {
    const converted = toBlockKit(
      'trigger-request',
      renderCard({
        card: 'trigger-request',
        data: {
          requestId: 'r',
          escalationNote: '',
          summary: 'S asks for supervision.',
          facts: [
            { title: 'What happened', value: long(1500) },
            { title: 'What they need', value: long(1000) },
            { title: 'When they are free', value: long(300) },
          ],
        },
      }),
    );
    expect(converted.kind).toBe('message');
  });
});
