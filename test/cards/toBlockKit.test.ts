import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../src/cards/slack/limits.js';
import {
  BlockKitConversionError,
  CONTINUED_TEXT,
  modalErrors,
  modalValues,
  toBlockKit,
  type Block,
  type InputElement,
  type ModalView,
  type SlackMessage,
  type SlackModal,
  splitMrkdwn,
  verbOf,
} from '../../src/cards/slack/toBlockKit.js';

const card = (body: unknown[], extra: Record<string, unknown> = {}) => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  ...extra,
});

const submit = (extra: Record<string, unknown> = {}) => ({ type: 'Action.Execute', title: 'Save', verb: 'record.save', data: { recordId: 'r1' }, ...extra });

/** A card with inputs: the body given, and one root submit. */
const form = (body: unknown[], extra: Record<string, unknown> = {}) => card(body, { actions: [submit()], metadata: { slackTitle: 'Record' }, ...extra });

function message(value: unknown, name = 'test'): SlackMessage {
  const converted = toBlockKit(name, value);
  if (converted.kind !== 'message') throw new Error(`expected a message, got a ${converted.kind}`);
  return converted;
}

function modal(value: unknown, name = 'test'): ModalView {
  const converted = toBlockKit(name, value);
  if (converted.kind !== 'modal') throw new Error(`expected a modal, got a ${converted.kind}`);
  return converted.view;
}

const blocksOf = (...body: unknown[]) => message(card(body, { metadata: { slackTitle: 'Test' } })).blocks;

/** The one input block's element of a form with these inputs (and nothing else). */
function elementOf(input: Record<string, unknown>): InputElement {
  const block = modal(form([{ label: 'Field', ...input }])).blocks[0];
  if (block?.type !== 'input') throw new Error('expected an input block');
  return block.element;
}

function failure(value: unknown, name = 'test'): string {
  try {
    toBlockKit(name, value);
  } catch (error) {
    expect(error).toBeInstanceOf(BlockKitConversionError);
    expect((error as BlockKitConversionError).cardName).toBe(name);
    return (error as Error).message;
  }
  throw new Error('expected the conversion to fail');
}

const mrkdwnOf = (text: string) => {
  const block = blocksOf({ type: 'TextBlock', text })[0];
  if (block?.type !== 'section' || !('text' in block)) throw new Error('expected a section with text');
  return block.text.text;
};

describe('TextBlock', () => {
  it('makes the first Large, ExtraLarge or heading TextBlock a header, later ones bold sections', () => {
    expect(blocksOf({ type: 'TextBlock', text: 'Supervision due', size: 'Large' }, { type: 'TextBlock', text: 'Next', size: 'ExtraLarge' })).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Supervision due', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Next*' } },
    ]);
    expect(blocksOf({ type: 'TextBlock', text: 'Body' }, { type: 'TextBlock', text: '**Raise** a trigger', style: 'heading' })).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Body' } },
      { type: 'header', text: { type: 'plain_text', text: 'Raise a trigger', emoji: true } },
    ]);
    expect(blocksOf({ type: 'TextBlock', text: 'Case-insensitive', size: 'extraLarge' })[0]?.type).toBe('header');
  });

  it('makes other TextBlocks mrkdwn sections, subtle or small ones context blocks, and bolds weight Bolder', () => {
    expect(
      blocksOf(
        { type: 'TextBlock', text: 'Plain', wrap: true },
        { type: 'TextBlock', text: 'Quiet', isSubtle: true },
        { type: 'TextBlock', text: 'Small', size: 'Small' },
        { type: 'TextBlock', text: 'Strong\nlines', weight: 'Bolder' },
      ),
    ).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Plain' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Quiet' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Small' }] },
      { type: 'section', text: { type: 'mrkdwn', text: '*Strong*\n*lines*' } },
    ]);
  });

  it("prefixes Attention text with ':warning: ' in a section, a context block and a header", () => {
    expect(
      blocksOf(
        { type: 'TextBlock', text: 'Overdue', size: 'Large', color: 'Attention' },
        { type: 'TextBlock', text: 'Escalated', color: 'attention' },
        { type: 'TextBlock', text: 'by 3 days', color: 'Attention', isSubtle: true },
        { type: 'TextBlock', text: 'Fine', color: 'Good' },
      ),
    ).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':warning: Overdue', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: Escalated' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':warning: by 3 days' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'Fine' } },
    ]);
  });

  it('shows nothing for an empty TextBlock or a hidden element, as Teams does', () => {
    expect(blocksOf({ type: 'TextBlock', text: ' ' }, { type: 'TextBlock', text: 'Hidden', isVisible: false }, { type: 'TextBlock', text: 'Shown' })).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Shown' } },
    ]);
  });
});

describe('markdown', () => {
  it('converts **bold**, __bold__ and *italic*, and keeps _italic_', () => {
    expect(mrkdwnOf('**Bold** and __also bold__, *italic* and _italic_')).toBe('*Bold* and *also bold*, _italic_ and _italic_');
    expect(mrkdwnOf('**bold with _italic_ inside**')).toBe('*bold with _italic_ inside*');
  });

  it('converts [text](url) to <url|text>, inside bold too', () => {
    expect(mrkdwnOf('Read [the policy](https://example.org/policy) now')).toBe('Read <https://example.org/policy|the policy> now');
    expect(mrkdwnOf('**[Open](https://example.org)**')).toBe('*<https://example.org|Open>*');
    expect(mrkdwnOf('[a|b](https://example.org/?q=a|b&r=1)')).toBe('<https://example.org/?q=a%7Cb&amp;r=1|a|b>');
  });

  it('escapes &, < and > in plain text, once, and leaves other text as written', () => {
    expect(mrkdwnOf('Tom & Jerry <script> a > b')).toBe('Tom &amp; Jerry &lt;script&gt; a &gt; b');
    expect(mrkdwnOf('[Q&A](https://example.org/?a=1&b=2)')).toBe('<https://example.org/?a=1&amp;b=2|Q&amp;A>');
    expect(mrkdwnOf('<!channel> @here')).toBe('&lt;!channel&gt; @here');
    expect(mrkdwnOf('5 * 3 * 2 and case_note_id and 2 ** 3')).toBe('5 * 3 * 2 and case_note_id and 2 ** 3');
  });

  it('shows list lines with bullets and keeps numbered lists and line breaks', () => {
    expect(mrkdwnOf('Actions:\n- call the school\n* visit\n1. first\n2. second')).toBe('Actions:\n• call the school\n• visit\n1. first\n2. second');
  });

  it('turns {{DATE()}} and {{TIME()}} into Slack date tokens, which format in the reader’s time zone', () => {
    expect(mrkdwnOf('Due {{DATE(2026-03-02T09:00:00Z, SHORT)}} at {{TIME(2026-03-02T09:00:00Z)}}')).toBe(
      'Due <!date^1772442000^{date_short}|2026-03-02T09:00:00Z> at <!date^1772442000^{time}|2026-03-02T09:00:00Z>',
    );
    expect(mrkdwnOf('{{DATE(2026-03-02T09:00:00+01:00)}} {{DATE(2026-03-02T09:00:00Z, LONG)}}')).toBe(
      '<!date^1772438400^{date_num}|2026-03-02T09:00:00+01:00> <!date^1772442000^{date_long}|2026-03-02T09:00:00Z>',
    );
    expect(failure(card([{ type: 'TextBlock', text: '{{DATE(2026-03-02)}}' }]), 'due')).toBe(
      "card 'due': body[0] TextBlock: {{DATE(2026-03-02)}} needs an RFC 3339 timestamp with a time zone",
    );
    expect(failure(card([{ type: 'TextBlock', text: '{{DATE(2026-03-02T09:00:00Z, SHORTER)}}' }]))).toMatch(/is not a date function Slack can show/);
    expect(failure(card([{ type: 'TextBlock', text: 'Due {{DATE(2026-03-02T09:00:00Z)}}', size: 'Large' }]))).toMatch(
      /body\[0\] TextBlock: \{\{DATE\(\)\}\} cannot be shown in plain text/,
    );
  });

  it('strips markdown from plain text: headers, the modal title and the notification text', () => {
    const converted = message(card([{ type: 'TextBlock', text: '**Raise** [a trigger](https://example.org) & _more_', size: 'Large' }]));
    expect(converted.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Raise a trigger & more', emoji: true } });
    expect(converted.text).toBe('Raise a trigger &amp; more');
  });
});

describe('FactSet', () => {
  it('becomes a section with *title*\\nvalue fields, markdown converted and escaped', () => {
    expect(
      blocksOf({
        type: 'FactSet',
        facts: [
          { title: 'Due', value: '**3 March**' },
          { title: 'Q&A', value: '<none>' },
        ],
      }),
    ).toEqual([
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Due*\n*3 March*' },
          { type: 'mrkdwn', text: '*Q&amp;A*\n&lt;none&gt;' },
        ],
      },
    ]);
  });

  it('splits into sections of at most 10 fields', () => {
    const facts = Array.from({ length: 23 }, (_, index) => ({ title: `T${index}`, value: `v${index}` }));
    const blocks = blocksOf({ type: 'FactSet', facts });
    expect(blocks.map((block) => (block.type === 'section' && 'fields' in block ? block.fields.length : 0))).toEqual([10, 10, 3]);
    const third = blocks[2];
    expect(third?.type === 'section' && 'fields' in third ? third.fields[0]?.text : undefined).toBe('*T20*\nv20');
  });
});

describe('Container, ColumnSet and separators', () => {
  it('flattens Containers and Columns in order, with a divider before each element with separator: true', () => {
    expect(
      blocksOf(
        { type: 'TextBlock', text: 'One', separator: true },
        {
          type: 'Container',
          separator: true,
          style: 'emphasis',
          items: [
            { type: 'TextBlock', text: 'Two' },
            { type: 'Container', items: [{ type: 'TextBlock', text: 'Three', separator: true }] },
          ],
        },
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'Four' }] },
            {
              type: 'Column',
              width: 'stretch',
              separator: true,
              items: [
                { type: 'TextBlock', text: 'Five' },
                { type: 'TextBlock', text: 'Six' },
              ],
            },
          ],
        },
      ),
    ).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'One' } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: 'Two' } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: 'Three' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Four' } },
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: 'Five' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Six' } },
    ]);
  });

  it('never starts with a divider or puts two together', () => {
    expect(
      blocksOf(
        { type: 'Container', separator: true, items: [{ type: 'TextBlock', text: 'One', separator: true }] },
        { type: 'TextBlock', text: '', separator: true },
        { type: 'Container', separator: true, items: [{ type: 'TextBlock', text: 'Two', separator: true }] },
      ),
    ).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'One' } }, { type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: 'Two' } }]);
  });
});

describe('actions', () => {
  it('makes one actions block per ActionSet where it stands, and the root actions last', () => {
    const converted = message(
      card(
        [
          { type: 'TextBlock', text: 'Trigger raised' },
          {
            type: 'ActionSet',
            actions: [
              { type: 'Action.Execute', title: 'Accept', verb: 'trigger.accept', data: { triggerId: 't1' }, style: 'positive' },
              { type: 'Action.Execute', title: 'Decline', verb: 'trigger.decline', style: 'destructive' },
              { type: 'Action.Execute', title: 'Later', verb: 'trigger.later', style: 'default' },
            ],
          },
          { type: 'TextBlock', text: 'More' },
        ],
        {
          actions: [
            { type: 'Action.OpenUrl', title: 'Policy', url: 'https://example.org/policy' },
            { type: 'Action.OpenUrl', title: 'Guide', url: 'https://example.org/guide' },
          ],
        },
      ),
    );
    expect(converted.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Trigger raised' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Accept', emoji: true },
            action_id: 'trigger.accept',
            value: '{"triggerId":"t1"}',
            style: 'primary',
          },
          { type: 'button', text: { type: 'plain_text', text: 'Decline', emoji: true }, action_id: 'trigger.decline', value: '{}', style: 'danger' },
          { type: 'button', text: { type: 'plain_text', text: 'Later', emoji: true }, action_id: 'trigger.later', value: '{}' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: 'More' } },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Policy', emoji: true }, action_id: 'open-url-0', url: 'https://example.org/policy' },
          { type: 'button', text: { type: 'plain_text', text: 'Guide', emoji: true }, action_id: 'open-url-1', url: 'https://example.org/guide' },
        ],
      },
    ]);
  });

  it('leaves out disabled buttons (Slack has none) and an ActionSet left empty', () => {
    expect(
      blocksOf(
        { type: 'TextBlock', text: 'x' },
        { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'No', verb: 'no', isEnabled: false }] },
        { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Yes', verb: 'yes' }] },
      ).map((block) => block.type),
    ).toEqual(['section', 'actions']);
  });

  it('numbers buttons that share a verb, which verbOf() undoes; fails on a button without a title or verb', () => {
    const twice = card([
      { type: 'TextBlock', text: 'Pick one' },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', title: 'A', verb: 'pick', data: { a: 1 } },
          { type: 'Action.Execute', title: 'B', verb: 'pick', data: { b: 1 } },
          { type: 'Action.Execute', title: 'C', verb: 'pick', data: { c: 1 } },
        ],
      },
    ]);
    const converted = toBlockKit('choose', twice);
    if (converted.kind !== 'message') throw new Error('expected a message');
    const ids = (converted.blocks[1] as { elements: { action_id: string; value: string }[] }).elements.map((element) => [element.action_id, element.value]);
    expect(ids).toEqual([
      ['pick', '{"a":1}'],
      ['pick#2', '{"b":1}'],
      ['pick#3', '{"c":1}'],
    ]);
    expect(ids.map(([id]) => verbOf(id!))).toEqual(['pick', 'pick', 'pick']);
    expect(failure(card([{ type: 'TextBlock', text: 'x' }], { actions: [{ type: 'Action.Execute', verb: 'go' }] }))).toBe(
      "card 'test': actions[0] Action.Execute needs a title: a Slack button needs text",
    );
    expect(failure(card([{ type: 'TextBlock', text: 'x' }], { actions: [{ type: 'Action.Execute', title: 'Go' }] }))).toBe(
      "card 'test': actions[0] Action.Execute: verb must be a string",
    );
  });
});

describe('unsupported elements', () => {
  it.each([
    [
      [
        { type: 'TextBlock', text: 'a' },
        { type: 'TextBlock', text: 'b' },
        { type: 'Image', url: 'https://example.org/a.png' },
      ],
      {},
      'body[2] Image',
    ],
    [[{ type: 'Media', sources: [] }], {}, 'body[0] Media'],
    [[{ type: 'Table', columns: [], rows: [] }], {}, 'body[0] Table'],
    [[{ type: 'RichTextBlock', inlines: [] }], {}, 'body[0] RichTextBlock'],
    [[{ type: 'Input.Rating', id: 'r', label: 'Rating' }], {}, 'body[0] Input.Rating'],
    [
      [
        {
          type: 'Container',
          items: [
            { type: 'TextBlock', text: 'a' },
            { type: 'ImageSet', images: [] },
          ],
        },
      ],
      {},
      'body[0].items[1] ImageSet',
    ],
    [[{ type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'Image', url: 'x' }] }] }], {}, 'body[0].columns[0].items[0] Image'],
    [
      [{ type: 'TextBlock', text: 'a' }],
      {
        actions: [
          { type: 'Action.OpenUrl', title: 'a', url: 'x' },
          { type: 'Action.ShowCard', title: 'More' },
        ],
      },
      'actions[1] Action.ShowCard',
    ],
    [
      [{ type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 'Show', targetElements: ['x'] }] }],
      {},
      'body[0].actions[0] Action.ToggleVisibility',
    ],
    [[{ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Send' }] }], {}, 'body[0].actions[0] Action.Submit'],
  ])('names the card, the element and its position: %#', (body, extra, where) => {
    expect(failure(card(body, extra), 'home')).toBe(`card 'home': ${where} is not supported on Slack`);
  });

  it('fails on selectAction, hidden inputs, password and typeahead inputs, and things that are not cards', () => {
    expect(failure(card([{ type: 'Container', items: [], selectAction: { type: 'Action.OpenUrl', url: 'x' } }]))).toBe(
      "card 'test': body[0] Container: selectAction is not supported on Slack",
    );
    expect(failure(form([{ type: 'Input.Text', id: 'secret', label: 'S', isVisible: false }]))).toMatch(
      /body\[0\] Input.Text: a hidden input is not supported/,
    );
    expect(failure(form([{ type: 'Input.Text', id: 'pw', label: 'P', style: 'Password' }]))).toMatch(
      /body\[0\] Input.Text 'pw': style Password is not supported/,
    );
    expect(failure(form([{ type: 'Input.ChoiceSet', id: 'c', label: 'C', choices: [], 'choices.data': { type: 'Data.Query' } }]))).toMatch(
      /choices.data \(a dynamic typeahead\) is not supported/,
    );
    expect(failure({ type: 'Message' }, 'odd')).toBe("card 'odd': is not an Adaptive Card (its type must be 'AdaptiveCard')");
    expect(failure(card([{ text: 'no type' }]))).toBe("card 'test': body[0] has no type");
    expect(failure(card([{ type: 'TextBlock' }]))).toBe("card 'test': body[0] TextBlock: text must be a string");
  });

  it("uses an element's own fallback: 'drop', or the element given", () => {
    expect(
      blocksOf(
        { type: 'Image', url: 'x', fallback: 'drop' },
        { type: 'Image', url: 'x', fallback: { type: 'TextBlock', text: 'No picture' } },
        { type: 'ActionSet', actions: [{ type: 'Action.ShowCard', title: 'More', fallback: { type: 'Action.OpenUrl', title: 'More', url: 'https://x' } }] },
      ),
    ).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'No picture' } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'More', emoji: true }, action_id: 'open-url-0', url: 'https://x' }] },
    ]);
  });
});

describe('a folded card (Action.ShowCard)', () => {
  const folded = (card: Record<string, unknown>) => ({ type: 'ActionSet', actions: [{ type: 'Action.ShowCard', title: 'Show all 9 prompts', card }] });

  it('is shown open where its button was, in a modal as in a message: Slack cannot fold', () => {
    const prompts = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '- What did you feel beforehand?\n- How do you feel now?', isSubtle: true }] };
    const shown = [{ type: 'context', elements: [{ type: 'mrkdwn', text: '• What did you feel beforehand?\n• How do you feel now?' }] }];
    expect(blocksOf({ type: 'TextBlock', text: 'Reflection' }, folded(prompts)).slice(1)).toEqual(shown);
    const view = modal(form([{ type: 'Input.Text', id: 'f.reflection', label: 'Reflection' }, folded(prompts)]));
    expect(view.blocks.slice(1)).toEqual(shown);
  });

  it('keeps the buttons beside it, and refuses inputs or buttons inside it', () => {
    const blocks = blocksOf({
      type: 'ActionSet',
      actions: [
        { type: 'Action.ShowCard', title: 'More', card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'More to read' }] } },
        { type: 'Action.Execute', title: 'Done', verb: 'home' },
      ],
    });
    expect(blocks.map((block) => block.type)).toEqual(['actions', 'section']);
    expect(failure(card([folded({ type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: 'x', label: 'X' }] })]))).toBe(
      "card 'test': body[0].actions[0] Action.ShowCard: an input inside a folded card is not supported on Slack (put it in the card itself)",
    );
    expect(failure(card([folded({ type: 'AdaptiveCard', body: [], actions: [{ type: 'Action.OpenUrl', title: 'a', url: 'x' }] })]))).toBe(
      "card 'test': body[0].actions[0] Action.ShowCard: a button inside a folded card is not supported on Slack",
    );
  });
});

describe('a card without inputs', () => {
  it('is a message whose text is the first TextBlock, as plain text for notifications', () => {
    const converted = message(
      card([
        { type: 'FactSet', facts: [{ title: 'a', value: 'b' }] },
        { type: 'TextBlock', text: '**Reminder:** supervision <today>' },
      ]),
    );
    expect(converted.kind).toBe('message');
    expect(converted.text).toBe('Reminder: supervision &lt;today&gt;');
  });

  it('uses metadata.slackTitle for the text when there is no TextBlock, and fails without either', () => {
    expect(message(card([{ type: 'FactSet', facts: [{ title: 'a', value: 'b' }] }], { metadata: { slackTitle: 'Facts' } })).text).toBe('Facts');
    expect(failure(card([{ type: 'FactSet', facts: [{ title: 'a', value: 'b' }] }]), 'facts')).toBe(
      "card 'facts': a message needs a TextBlock (or metadata.slackTitle) for its notification text",
    );
  });
});

const recordCard = card(
  [
    { type: 'TextBlock', text: 'Record supervision', size: 'Large' },
    { type: 'TextBlock', text: 'For **Sam** on 3 March', isSubtle: true },
    { type: 'Input.Text', id: 'summary', label: 'Summary', isMultiline: true, maxLength: 2000, isRequired: true, placeholder: 'What was discussed' },
    { type: 'TextBlock', id: 'summary-error', text: 'Please write a summary', color: 'Attention' },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', items: [{ type: 'Input.Date', id: 'heldOn', label: 'Held on', value: '2026-03-03', isRequired: true }] },
        { type: 'Column', items: [{ type: 'Input.Time', id: 'heldAt', label: 'At', value: '09:30' }] },
      ],
    },
    { type: 'Input.Number', id: 'minutes', label: 'Minutes', min: 0, max: 240, value: 60 },
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: 'Kind',
      value: 'one-to-one',
      choices: [
        { title: 'One-to-one', value: 'one-to-one' },
        { title: 'Group', value: 'group' },
      ],
    },
    { type: 'Input.Toggle', id: 'reflective', label: 'Reflective', title: 'Included reflective discussion', value: 'true' },
  ],
  {
    actions: [
      { type: 'Action.Execute', title: 'Save record', verb: 'record.save', data: { supervisionId: 's1' }, associatedInputs: 'auto' },
      { type: 'Action.OpenUrl', title: 'Policy', url: 'https://example.org/policy' },
    ],
  },
);

describe('a card with inputs', () => {
  it('is a modal: callback_id from the submit verb, title from the heading, submit text, Cancel, data in private_metadata', () => {
    const converted = toBlockKit('record', recordCard) as SlackModal;
    expect(converted.kind).toBe('modal');
    const { blocks, ...view } = converted.view;
    expect(view).toEqual({
      type: 'modal',
      callback_id: 'record.save',
      title: { type: 'plain_text', text: 'Record supervision', emoji: true },
      submit: { type: 'plain_text', text: 'Save record', emoji: true },
      close: { type: 'plain_text', text: 'Cancel', emoji: true },
      private_metadata: '{"supervisionId":"s1"}',
    });
    expect(blocks.map((block) => (block.type === 'input' ? `input:${block.block_id}:${block.element.type}:${block.element.action_id}` : block.type))).toEqual([
      'context',
      'input:summary:plain_text_input:summary',
      'input:heldOn:datepicker:heldOn',
      'input:heldAt:timepicker:heldAt',
      'input:minutes:number_input:minutes',
      'input:kind:static_select:kind',
      'input:reflective:checkboxes:toggle:false',
      'actions',
    ]);
    expect(blocks[1]).toEqual({
      type: 'input',
      block_id: 'summary',
      label: { type: 'plain_text', text: 'Summary', emoji: true },
      optional: false,
      element: {
        type: 'plain_text_input',
        action_id: 'summary',
        multiline: true,
        max_length: 2000,
        placeholder: { type: 'plain_text', text: 'What was discussed', emoji: true },
      },
    });
    expect(blocks.filter((block) => block.type === 'input').map((block) => block.optional)).toEqual([false, false, true, true, true, true]);
    expect(blocks[7]).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Policy', emoji: true }, action_id: 'open-url-0', url: 'https://example.org/policy' }],
    });
  });

  it('keeps the heading as a header when metadata.slackTitle gives the title', () => {
    const view = modal({ ...recordCard, metadata: { slackTitle: 'Record' } });
    expect(view.title.text).toBe('Record');
    expect(view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Record supervision', emoji: true } });
  });

  it("drops the '<id>-error' TextBlock right after its input, and keeps one anywhere else", () => {
    const view = modal(
      form([
        { type: 'Input.Text', id: 'a', label: 'A' },
        { type: 'TextBlock', id: 'a-error', text: 'A is wrong' },
        { type: 'Input.Text', id: 'b', label: 'B' },
        { type: 'TextBlock', text: 'between' },
        { type: 'TextBlock', id: 'b-error', text: 'B is wrong' },
      ]),
    );
    expect(view.blocks.map((block) => (block.type === 'section' && 'text' in block ? block.text.text : block.type))).toEqual([
      'input',
      'input',
      'between',
      'B is wrong',
    ]);
  });

  it('leaves out of a modal a button marked fallback: drop (Slack goes back with Cancel), and nothing else', () => {
    const inputs = [{ type: 'Input.Text', id: 'a', label: 'A' }];
    const back = { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Back', verb: 'back', fallback: 'drop' }] };
    const converted = toBlockKit('form', card([...inputs, back], { metadata: { slackTitle: 'Form' }, actions: [submit()] }) as never);
    expect(converted.kind).toBe('modal');
    expect(JSON.stringify(converted)).not.toContain('Back');
  });

  it('keeps in a modal a button that takes the form with it (Add another action), as a button with its data', () => {
    const inputs = [{ type: 'Input.Text', id: 'a', label: 'A' }];
    const more = {
      type: 'ActionSet',
      actions: [{ type: 'Action.Execute', title: 'Add another action', verb: 'record.add-action', associatedInputs: 'auto', data: { actionRows: '1' } }],
    };
    const converted = toBlockKit('form', card([...inputs, more], { metadata: { slackTitle: 'Form' }, actions: [submit()] }) as never);
    expect(converted.kind).toBe('modal');
    const blocks = (converted as { view: { blocks: { type: string; elements?: unknown[] }[]; callback_id: string } }).view;
    expect(blocks.callback_id).toBe('record.save');
    expect(blocks.blocks.find((block) => block.type === 'actions')!.elements).toEqual([
      { type: 'button', text: { type: 'plain_text', text: 'Add another action', emoji: true }, action_id: 'record.add-action', value: '{"actionRows":"1"}' },
    ]);
  });

  it('fails on any other Action.Execute, on no submit and on two', () => {
    const inputs = [{ type: 'Input.Text', id: 'a', label: 'A' }];
    const extra = { metadata: { slackTitle: 'Form' } };
    expect(
      failure(card(inputs, { ...extra, actions: [submit(), { type: 'Action.Execute', title: 'Cancel', verb: 'cancel', associatedInputs: 'none' }] }), 'form'),
    ).toBe(
      "card 'form': actions[1] Action.Execute 'cancel': a modal's root Action.Execute is its submit, which submits the inputs; Slack closes a modal with Cancel",
    );
    expect(failure(card([...inputs, { type: 'ActionSet', actions: [submit({ verb: 'inline' })] }], { ...extra, actions: [submit()] }))).toMatch(
      /body\[1\]\.actions\[0\] Action.Execute 'inline': in a modal, a button other than the submit must take the form's inputs with it \(associatedInputs 'auto'\)/,
    );
    expect(failure(card(inputs, { ...extra, actions: [submit(), submit({ verb: 'again' })] }))).toBe(
      "card 'test': actions[1] Action.Execute 'again': a modal has one submit button, and 'record.save' is already it",
    );
    expect(failure(card(inputs, extra), 'form')).toBe(
      "card 'form': a card with inputs needs one root Action.Execute that submits them (associatedInputs not 'none') for the modal's submit button",
    );
    expect(failure(card(inputs, { actions: [submit()] }), 'form')).toBe(
      "card 'form': a modal needs a title: set metadata.slackTitle or start the card with a heading TextBlock",
    );
  });

  it('fails on an input without a label or an id, and on two inputs with one id', () => {
    expect(
      failure(
        form([
          { type: 'TextBlock', text: 'x' },
          { type: 'Input.Date', id: 'due' },
        ]),
        'due',
      ),
    ).toBe("card 'due': body[1] Input.Date 'due' has no label; Slack needs one on every input");
    expect(failure(form([{ type: 'Input.Text', label: 'A' }]))).toBe("card 'test': body[0] Input.Text: id must be a string");
    expect(
      failure(
        form([
          { type: 'Input.Text', id: 'a', label: 'A' },
          { type: 'Container', items: [{ type: 'Input.Text', id: 'a', label: 'A' }] },
        ]),
      ),
    ).toBe("card 'test': body[1].items[0] Input.Text 'a': another input already has this id");
  });
});

describe('inputs', () => {
  it('Input.Text: plain_text_input with multiline, max_length, initial_value and placeholder', () => {
    expect(elementOf({ type: 'Input.Text', id: 'note', value: 'Draft', maxLength: 500, placeholder: 'Note' })).toEqual({
      type: 'plain_text_input',
      action_id: 'note',
      max_length: 500,
      initial_value: 'Draft',
      placeholder: { type: 'plain_text', text: 'Note', emoji: true },
    });
    expect(elementOf({ type: 'Input.Text', id: 'note', value: '' })).toEqual({ type: 'plain_text_input', action_id: 'note' });
  });

  it('Input.Date and Input.Time: datepicker and timepicker with their initial value', () => {
    expect(elementOf({ type: 'Input.Date', id: 'on', value: '2026-03-03' })).toEqual({ type: 'datepicker', action_id: 'on', initial_date: '2026-03-03' });
    expect(elementOf({ type: 'Input.Time', id: 'at', value: '14:05', placeholder: 'When' })).toEqual({
      type: 'timepicker',
      action_id: 'at',
      initial_time: '14:05',
      placeholder: { type: 'plain_text', text: 'When', emoji: true },
    });
    expect(failure(form([{ type: 'Input.Date', id: 'on', label: 'On', value: '3/3/2026' }]))).toBe(
      "card 'test': body[0] Input.Date 'on': value '3/3/2026' is not a date (YYYY-MM-DD)",
    );
  });

  it('Input.Number: number_input, whole numbers unless the card itself uses a decimal', () => {
    expect(elementOf({ type: 'Input.Number', id: 'n', min: 1, max: 10, value: 3 })).toEqual({
      type: 'number_input',
      action_id: 'n',
      is_decimal_allowed: false,
      initial_value: '3',
      min_value: '1',
      max_value: '10',
    });
    expect(elementOf({ type: 'Input.Number', id: 'n' })).toEqual({ type: 'number_input', action_id: 'n', is_decimal_allowed: false });
    expect(elementOf({ type: 'Input.Number', id: 'hours', max: 7.5 })).toMatchObject({ is_decimal_allowed: true, max_value: '7.5' });
  });

  it('Input.ChoiceSet: static_select, multi_static_select, radio_buttons or checkboxes, with initial options', () => {
    const choices = [
      { title: 'Red', value: 'r' },
      { title: 'Green', value: 'g' },
      { title: 'Blue', value: 'b' },
    ];
    const options = choices.map((choice) => ({ text: { type: 'plain_text', text: choice.title, emoji: true }, value: choice.value }));
    expect(elementOf({ type: 'Input.ChoiceSet', id: 'c', choices, value: 'g', placeholder: 'Pick' })).toEqual({
      type: 'static_select',
      action_id: 'c',
      options,
      placeholder: { type: 'plain_text', text: 'Pick', emoji: true },
      initial_option: options[1],
    });
    expect(elementOf({ type: 'Input.ChoiceSet', id: 'c', choices, style: 'compact', isMultiSelect: true, value: 'r,b' })).toEqual({
      type: 'multi_static_select',
      action_id: 'c',
      options,
      initial_options: [options[0], options[2]],
    });
    expect(elementOf({ type: 'Input.ChoiceSet', id: 'c', choices, style: 'expanded', value: 'b' })).toEqual({
      type: 'radio_buttons',
      action_id: 'c',
      options,
      initial_option: options[2],
    });
    expect(elementOf({ type: 'Input.ChoiceSet', id: 'c', choices, style: 'expanded', isMultiSelect: true })).toEqual({
      type: 'checkboxes',
      action_id: 'c',
      options,
    });
    expect(failure(form([{ type: 'Input.ChoiceSet', id: 'c', label: 'C', choices, value: 'purple' }]))).toBe(
      "card 'test': body[0] Input.ChoiceSet 'c': value 'purple' is not one of its choices",
    );
    expect(failure(form([{ type: 'Input.ChoiceSet', id: 'c', label: 'C', choices: [] }]))).toMatch(/choices must be a list of at least one choice/);
  });

  it('Input.Toggle: checkboxes with one option, ticked when the value is valueOn; its action_id carries valueOff', () => {
    const option = { text: { type: 'plain_text', text: 'I agree', emoji: true }, value: 'true' };
    expect(elementOf({ type: 'Input.Toggle', id: 't', title: 'I agree', value: 'true' })).toEqual({
      type: 'checkboxes',
      action_id: 'toggle:false',
      options: [option],
      initial_options: [option],
    });
    expect(elementOf({ type: 'Input.Toggle', id: 't', title: 'I agree', value: 'no', valueOn: 'yes', valueOff: 'no' })).toEqual({
      type: 'checkboxes',
      action_id: 'toggle:no',
      options: [{ ...option, value: 'yes' }],
    });
  });
});

describe('modalValues', () => {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });

  it('gives every input kind as Adaptive Card inputs submit it, by input id', () => {
    expect(
      modalValues({
        values: {
          summary: { summary: { type: 'plain_text_input', value: 'Talked about Sam' } },
          empty: { empty: { type: 'plain_text_input', value: null } },
          heldOn: { heldOn: { type: 'datepicker', selected_date: '2026-03-03' } },
          notDated: { notDated: { type: 'datepicker', selected_date: null } },
          heldAt: { heldAt: { type: 'timepicker', selected_time: '09:30' } },
          minutes: { minutes: { type: 'number_input', value: '60' } },
          kind: { kind: { type: 'static_select', selected_option: option('group') } },
          unpicked: { unpicked: { type: 'static_select', selected_option: null } },
          many: { many: { type: 'multi_static_select', selected_options: [option('a'), option('b')] } },
          radio: { radio: { type: 'radio_buttons', selected_option: option('r') } },
          boxes: { boxes: { type: 'checkboxes', selected_options: [option('x'), option('y')] } },
          noBoxes: { noBoxes: { type: 'checkboxes', selected_options: [] } },
          on: { 'toggle:false': { type: 'checkboxes', selected_options: [option('true')] } },
          off: { 'toggle:false': { type: 'checkboxes', selected_options: [] } },
          customOff: { 'toggle:no': { type: 'checkboxes', selected_options: [] } },
        },
      }),
    ).toEqual({
      summary: 'Talked about Sam',
      empty: '',
      heldOn: '2026-03-03',
      notDated: '',
      heldAt: '09:30',
      minutes: '60',
      kind: 'group',
      unpicked: '',
      many: 'a,b',
      radio: 'r',
      boxes: 'x,y',
      noBoxes: '',
      on: 'true',
      off: 'false',
      customOff: 'no',
    });
  });

  it("reads back what toBlockKit's modal starts with, as the card would have submitted it", () => {
    const view = modal(recordCard);
    // The state Slack sends for an untouched modal: each element's initial value.
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (block.type !== 'input') continue;
      const element = block.element;
      const state =
        element.type === 'plain_text_input' || element.type === 'number_input'
          ? { value: element.initial_value ?? null }
          : element.type === 'datepicker'
            ? { selected_date: element.initial_date ?? null }
            : element.type === 'timepicker'
              ? { selected_time: element.initial_time ?? null }
              : element.type === 'static_select' || element.type === 'radio_buttons'
                ? { selected_option: element.initial_option ?? null }
                : { selected_options: element.initial_options ?? [] };
      values[block.block_id] = { [element.action_id]: { type: element.type, ...state } };
    }
    expect(modalValues({ values })).toEqual({ summary: '', heldOn: '2026-03-03', heldAt: '09:30', minutes: '60', kind: 'one-to-one', reflective: 'true' });
  });

  it('fails on an element toBlockKit never makes', () => {
    expect(() => modalValues({ values: { who: { who: { type: 'users_select', selected_user: 'U1' } } } })).toThrow(/block 'who' has a users_select element/);
  });
});

describe('modalErrors', () => {
  it("is Slack's response_action 'errors', keyed by input id (the block_id)", () => {
    const errors = { summary: 'Please write a summary', heldOn: 'The date cannot be in the future' };
    expect(modalErrors(errors)).toEqual({ response_action: 'errors', errors });
    expect(modalErrors(errors).errors).not.toBe(errors);
  });
});

describe("limits: the card's structure fails, naming the card, the limit and the size; text is split or cut", () => {
  const text = (length: number) => 'x'.repeat(length);
  const sections = (count: number) => Array.from({ length: count }, (_, index) => ({ type: 'TextBlock', text: `line ${index}` }));
  const inputs = (count: number) => Array.from({ length: count }, (_, index) => ({ type: 'Input.Text', id: `i${index}`, label: `Input ${index}` }));

  it('blocks: 50 in a message, 100 in a modal; a longer message ends with "(continued in the record)", keeping its buttons', () => {
    expect(message(card(sections(50))).blocks).toHaveLength(50);
    const cut = message(card(sections(60), { actions: [{ type: 'Action.Execute', title: 'Sign', verb: 'record.sign' }] }), 'digest').blocks;
    expect(cut).toHaveLength(50);
    expect(cut[47]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'line 47' } });
    expect(cut[48]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: CONTINUED_TEXT }] });
    expect(cut[49]).toMatchObject({ type: 'actions', elements: [{ action_id: 'record.sign' }] });
    expect(modal(form(inputs(100))).blocks).toHaveLength(100);
    expect(failure(form(inputs(101)), 'big-form')).toBe("card 'big-form': the modal has 101 blocks; Slack allows at most 100 in a modal");
  });

  it('section text over 3,000 becomes several sections (escaping counts: 1,000 ampersands are 5,000 characters)', () => {
    expect(blocksOf({ type: 'TextBlock', text: text(3000) })).toHaveLength(1);
    expect(
      blocksOf({ type: 'TextBlock', text: text(3001) }).map((block) => (block.type === 'section' && 'text' in block ? block.text.text.length : 0)),
    ).toEqual([3000, 1]);
    const ampersands = blocksOf({ type: 'TextBlock', text: '&'.repeat(1000) });
    expect(ampersands.map((block) => (block.type === 'section' && 'text' in block ? block.text.text : ''))).toEqual(['&amp;'.repeat(600), '&amp;'.repeat(400)]);
    expect(blocksOf({ type: 'TextBlock', text: text(3001), isSubtle: true }).map((block) => block.type)).toEqual(['context', 'context']);
  });

  it('a fact over 2,000 leaves the fields for full-width sections, in its place', () => {
    const blocks = blocksOf({
      type: 'FactSet',
      facts: [
        { title: 'ok', value: 'ok' },
        { title: 'Notes', value: text(2000) },
        { title: 'after', value: 'a' },
      ],
    });
    expect(blocks).toEqual([
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*ok*\nok' }] },
      { type: 'section', text: { type: 'mrkdwn', text: `*Notes*\n${text(2000)}` } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*after*\na' }] },
    ]);
  });

  it('a header over 150 is cut, with an ellipsis', () => {
    expect(blocksOf({ type: 'TextBlock', text: text(151), size: 'Large' })).toEqual([
      { type: 'header', text: { type: 'plain_text', text: `${text(149)}…`, emoji: true } },
    ]);
  });

  it('splits mrkdwn at a line end, else a space, never inside an entity or a <…> token', () => {
    expect(splitMrkdwn('aaaaa\nbbbb cc', 8)).toEqual(['aaaaa', 'bbbb cc']);
    expect(splitMrkdwn('aaaaaaaaaaa', 8)).toEqual(['aaaaaaaa', 'aaa']);
    expect(splitMrkdwn('aaaaa bbbbbb', 8)).toEqual(['aaaaa ', 'bbbbbb']);
    expect(splitMrkdwn('aaaaaa&amp;b', 8)).toEqual(['aaaaaa', '&amp;b']);
    expect(splitMrkdwn('aa <!date^1|x> b', 8)).toEqual(['aa ', '<!date^1|x> b'.slice(0, 8), '<!date^1|x> b'.slice(8)]);
    expect(splitMrkdwn('', 8)).toEqual(['']);
  });

  it('modal title 24, from metadata.slackTitle or the heading; submit text 24', () => {
    const title = 'Record supervision today';
    expect(title).toHaveLength(24);
    expect(modal(form(inputs(1), { metadata: { slackTitle: title } })).title.text).toBe(title);
    expect(failure(form(inputs(1), { metadata: { slackTitle: `${title}!` } }), 'rec')).toBe(
      `card 'rec': the modal title '${title}!' is 25 characters; Slack allows at most 24 (set a shorter metadata.slackTitle)`,
    );
    expect(failure(card([{ type: 'TextBlock', text: `${title}!`, style: 'heading' }, ...inputs(1)], { actions: [submit()] }))).toMatch(
      /is 25 characters; Slack allows at most 24/,
    );
    expect(failure(form(inputs(1), { actions: [submit({ title: text(25) })] }))).toBe(
      "card 'test': actions[0] Action.Execute: submit button text is 25 characters; Slack allows at most 24",
    );
  });

  it('options: 100 in a select, 10 as radio buttons or checkboxes, option text 75', () => {
    const choices = (count: number) => Array.from({ length: count }, (_, index) => ({ title: `Choice ${index}`, value: `c${index}` }));
    const choiceSet = (count: number, extra: Record<string, unknown> = {}) =>
      form([{ type: 'Input.ChoiceSet', id: 'pick', label: 'Pick', choices: choices(count), ...extra }]);
    expect(modal(choiceSet(100)).blocks).toHaveLength(1);
    expect(failure(choiceSet(101), 'pick')).toBe("card 'pick': body[0] Input.ChoiceSet 'pick' has 101 choices; Slack allows at most 100 in a select");
    expect(failure(choiceSet(101, { isMultiSelect: true }))).toMatch(/has 101 choices; Slack allows at most 100 in a select/);
    expect(failure(choiceSet(11, { style: 'expanded' }))).toMatch(/has 11 choices; Slack allows at most 10 in radio buttons/);
    expect(failure(choiceSet(11, { style: 'expanded', isMultiSelect: true }))).toMatch(/has 11 choices; Slack allows at most 10 in checkboxes/);
    expect(failure(form([{ type: 'Input.ChoiceSet', id: 'p', label: 'P', choices: [{ title: text(76), value: 'v' }] }]))).toBe(
      "card 'test': body[0] Input.ChoiceSet 'p' choices[0]: option text is 76 characters; Slack allows at most 75",
    );
    expect(failure(form([{ type: 'Input.Toggle', id: 't', label: 'T', title: text(76) }]))).toMatch(/option text is 76 characters; Slack allows at most 75/);
  });

  it('buttons: text 75, value 2,000, 25 to a set', () => {
    const button = (extra: Record<string, unknown>) =>
      card([{ type: 'TextBlock', text: 'x' }], { actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go', ...extra }] });
    expect(failure(button({ title: text(76) }), 'btn')).toBe("card 'btn': actions[0] Action.Execute: button text is 76 characters; Slack allows at most 75");
    expect(failure(button({ data: { note: text(2000) } }), 'btn')).toBe(
      "card 'btn': actions[0] Action.Execute: button value (the data) is 2011 characters; Slack allows at most 2000",
    );
    const many = Array.from({ length: 26 }, (_, index) => ({ type: 'Action.Execute', title: `B${index}`, verb: `b${index}` }));
    expect(blocksOf({ type: 'ActionSet', actions: many.slice(0, 25) })[0]).toMatchObject({ type: 'actions' });
    expect(
      failure(
        card([
          { type: 'TextBlock', text: 'x' },
          { type: 'ActionSet', actions: many },
        ]),
        'btn',
      ),
    ).toBe("card 'btn': body[1].actions has 26 buttons; Slack allows at most 25 in one actions block");
  });

  it('input label 2,000; action_id and block_id 255; placeholder 150; text input max_length 3,000', () => {
    expect(failure(form([{ type: 'Input.Text', id: 'a', label: text(2001) }]), 'lbl')).toBe(
      "card 'lbl': body[0] Input.Text 'a': label is 2001 characters; Slack allows at most 2000",
    );
    expect(modal(form([{ type: 'Input.Text', id: text(255), label: 'A' }])).blocks).toHaveLength(1);
    expect(failure(form([{ type: 'Input.Text', id: text(256), label: 'A' }]))).toMatch(/block_id \(the id\) is 256 characters; Slack allows at most 255/);
    expect(failure(card([{ type: 'TextBlock', text: 'x' }], { actions: [{ type: 'Action.Execute', title: 'Go', verb: text(256) }] }), 'verb')).toBe(
      "card 'verb': actions[0] Action.Execute: action_id (the verb) is 256 characters; Slack allows at most 255",
    );
    expect(failure(form(inputs(1), { actions: [submit({ verb: text(256) })] }))).toMatch(
      /callback_id \(the verb\) is 256 characters; Slack allows at most 255/,
    );
    expect(failure(form([{ type: 'Input.Text', id: 'a', label: 'A', placeholder: text(151) }]))).toMatch(
      /placeholder is 151 characters; Slack allows at most 150/,
    );
    expect(failure(form([{ type: 'Input.Text', id: 'a', label: 'A', maxLength: 5000 }]))).toMatch(
      /maxLength is 5000; Slack allows at most 3000 characters in a text input/,
    );
  });

  it('the limits are the ones Slack documents', () => {
    expect(SLACK_LIMITS).toMatchObject({
      messageBlocks: 50,
      modalBlocks: 100,
      sectionText: 3000,
      sectionField: 2000,
      headerText: 150,
      modalTitle: 24,
      selectOptions: 100,
      buttonText: 75,
      buttonValue: 2000,
      inputLabel: 2000,
      actionId: 255,
      blockId: 255,
    });
  });
});

describe('the Block Kit types', () => {
  it('are accepted where @slack/types (through Bolt) expects blocks and a modal view', () => {
    const accept = (blocks: types.KnownBlock[], view: types.ModalView) => [blocks.length, view.blocks.length];
    const ours: Block[] = message(card([{ type: 'TextBlock', text: 'x' }])).blocks;
    expect(accept(ours, modal(recordCard))).toEqual([1, 8]);
  });
});
