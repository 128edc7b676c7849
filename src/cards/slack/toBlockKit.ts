// An expanded Adaptive Card (schema 1.5) as Slack Block Kit: message blocks, or a modal when the card has inputs.
// Only the subset the bot's cards use converts; anything else, and anything in the card's own structure over one
// of Slack's limits, throws BlockKitConversionError naming the card, the element and where it is. Text, which can
// be what people wrote, is never refused: a long text is split into sections, a long header cut, and a message
// over Slack's block count ends with "(continued in the record)". Nothing else is dropped, except what Teams
// would not show either (empty text, hidden elements, disabled buttons).
import { SLACK_LIMITS } from './limits.js';

// Block Kit, as far as this module produces it. Structurally compatible with @slack/types, which is kept out
// of src/cards (only src/channels/slack may import @slack/*).
export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type MrkdwnText = { type: 'mrkdwn'; text: string };
export type OptionObject = { text: PlainText; value: string };
export type ButtonElement = { type: 'button'; text: PlainText; action_id: string; value?: string; url?: string; style?: 'primary' | 'danger' };
export type InputElement =
  | { type: 'plain_text_input'; action_id: string; multiline?: boolean; max_length?: number; initial_value?: string; placeholder?: PlainText }
  | { type: 'datepicker'; action_id: string; initial_date?: string; placeholder?: PlainText }
  | { type: 'timepicker'; action_id: string; initial_time?: string; placeholder?: PlainText }
  | {
      type: 'number_input';
      action_id: string;
      is_decimal_allowed: boolean;
      initial_value?: string;
      min_value?: string;
      max_value?: string;
      placeholder?: PlainText;
    }
  | { type: 'static_select'; action_id: string; options: OptionObject[]; initial_option?: OptionObject; placeholder?: PlainText }
  | { type: 'multi_static_select'; action_id: string; options: OptionObject[]; initial_options?: OptionObject[]; placeholder?: PlainText }
  | { type: 'radio_buttons'; action_id: string; options: OptionObject[]; initial_option?: OptionObject }
  | { type: 'checkboxes'; action_id: string; options: OptionObject[]; initial_options?: OptionObject[] };
export type HeaderBlock = { type: 'header'; text: PlainText };
export type SectionBlock = { type: 'section'; text: MrkdwnText } | { type: 'section'; fields: MrkdwnText[] };
export type ContextBlock = { type: 'context'; elements: MrkdwnText[] };
export type DividerBlock = { type: 'divider' };
export type ActionsBlock = { type: 'actions'; elements: ButtonElement[] };
export type InputBlock = { type: 'input'; block_id: string; label: PlainText; optional: boolean; element: InputElement };
export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock | InputBlock;
export type ModalView = {
  type: 'modal';
  callback_id: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: Block[];
  private_metadata: string;
};

export type SlackMessage = { kind: 'message'; text: string; blocks: Block[] };
export type SlackModal = { kind: 'modal'; view: ModalView };

export class BlockKitConversionError extends Error {
  constructor(
    readonly cardName: string,
    readonly problem: string,
  ) {
    super(`card '${cardName}': ${problem}`);
    this.name = 'BlockKitConversionError';
  }
}

/**
 * An Input.Toggle's checkbox carries this action_id prefix followed by the toggle's valueOff, so that
 * modalValues can tell an unticked toggle ('false') from an expanded multi-select with nothing ticked ('').
 */
const TOGGLE_ACTION_PREFIX = 'toggle:';

/** Where a text Slack cannot show in full stops: the rest is in the record (or the request) the message is about. */
export const CONTINUED_TEXT = '(continued in the record)';
const CONTINUED: ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: CONTINUED_TEXT }] };

const SUPPORTED_INPUTS = new Set(['Input.Text', 'Input.Date', 'Input.Time', 'Input.Number', 'Input.ChoiceSet', 'Input.Toggle']);

export function toBlockKit(cardName: string, card: unknown): SlackMessage | SlackModal {
  const fail = (problem: string): never => {
    throw new BlockKitConversionError(cardName, problem);
  };
  if (!isObject(card) || card.type !== 'AdaptiveCard') return fail("is not an Adaptive Card (its type must be 'AdaptiveCard')");
  if (card.selectAction !== undefined) fail('selectAction on the card is not supported on Slack');
  const metadata = card.metadata;
  if (metadata !== undefined && !isObject(metadata)) fail('metadata must be an object');
  const rawTitle = isObject(metadata) ? metadata.slackTitle : undefined;
  if (rawTitle !== undefined && typeof rawTitle !== 'string') fail('metadata.slackTitle must be a string');
  const slackTitle = typeof rawTitle === 'string' ? rawTitle : undefined;

  const modal = hasInput(card.body);
  const conversion = new Conversion(cardName, modal, slackTitle);
  const body = conversion.elements(card.body, 'body');
  const rootActions = conversion.actions(card.actions, 'actions', true);
  const blocks = tidyDividers([...body, ...rootActions]);

  if (!modal) {
    const text = conversion.firstText ?? slackTitle;
    if (text === undefined) return fail('a message needs a TextBlock (or metadata.slackTitle) for its notification text');
    const notification = splitMrkdwn(escapeMrkdwn(text), SLACK_LIMITS.sectionText)[0] ?? '';
    if (blocks.length <= SLACK_LIMITS.messageBlocks) return { kind: 'message', text: notification, blocks };
    // Too long a text for one message: its start, a pointer to the rest, and the buttons, which must stay.
    const kept = body.slice(0, Math.max(0, SLACK_LIMITS.messageBlocks - 1 - rootActions.length));
    if (kept.length === 0)
      fail(`the message has ${rootActions.length} blocks of buttons; Slack allows at most ${SLACK_LIMITS.messageBlocks} blocks in a message`);
    return { kind: 'message', text: notification, blocks: tidyDividers([...kept, CONTINUED, ...rootActions]) };
  }

  const title = slackTitle ?? conversion.headingTitle;
  if (title === undefined || title.trim() === '') return fail('a modal needs a title: set metadata.slackTitle or start the card with a heading TextBlock');
  if (title.length > SLACK_LIMITS.modalTitle) {
    fail(`the modal title '${title}' is ${title.length} characters; Slack allows at most ${SLACK_LIMITS.modalTitle} (set a shorter metadata.slackTitle)`);
  }
  const submit = conversion.submit;
  if (submit === undefined) {
    return fail("a card with inputs needs one root Action.Execute that submits them (associatedInputs not 'none') for the modal's submit button");
  }
  if (blocks.length > SLACK_LIMITS.modalBlocks) fail(`the modal has ${blocks.length} blocks; Slack allows at most ${SLACK_LIMITS.modalBlocks} in a modal`);
  return {
    kind: 'modal',
    view: {
      type: 'modal',
      callback_id: submit.verb,
      title: plainText(title),
      submit: plainText(submit.title),
      close: plainText('Cancel'),
      blocks,
      private_metadata: submit.privateMetadata,
    },
  };
}

/** The submitted values of a modal, by input id, in the shape Adaptive Card inputs submit (strings; multi-selects comma-joined; toggles 'true'/'false'). */
/** The card verb a Slack action_id stands for (see the numbering of repeated verbs). */
export function verbOf(actionId: string): string {
  return actionId.replace(/#\d+$/, '');
}

export function modalValues(state: { values: Record<string, Record<string, unknown>> }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    for (const [actionId, raw] of Object.entries(actions)) {
      if (!isObject(raw)) throw new Error(`modalValues: block '${blockId}' has no element state`);
      values[blockId] = submittedValue(blockId, actionId, raw);
    }
  }
  return values;
}

/** Block Kit `response_action: 'errors'` for field errors keyed by input id. */
export function modalErrors(errors: Record<string, string>): { response_action: 'errors'; errors: Record<string, string> } {
  return { response_action: 'errors', errors: { ...errors } };
}

function submittedValue(blockId: string, actionId: string, state: Record<string, unknown>): string {
  const optionValue = (option: unknown) => (isObject(option) && typeof option.value === 'string' ? option.value : '');
  const optionValues = (options: unknown) => (Array.isArray(options) ? options.map(optionValue).join(',') : '');
  switch (state.type) {
    case 'plain_text_input':
    case 'number_input':
      return typeof state.value === 'string' ? state.value : '';
    case 'datepicker':
      return typeof state.selected_date === 'string' ? state.selected_date : '';
    case 'timepicker':
      return typeof state.selected_time === 'string' ? state.selected_time : '';
    case 'static_select':
    case 'radio_buttons':
      return optionValue(state.selected_option);
    case 'multi_static_select':
      return optionValues(state.selected_options);
    case 'checkboxes':
      if (actionId.startsWith(TOGGLE_ACTION_PREFIX)) {
        const ticked: unknown[] = Array.isArray(state.selected_options) ? state.selected_options : [];
        return ticked.length > 0 ? optionValue(ticked[0]) : actionId.slice(TOGGLE_ACTION_PREFIX.length);
      }
      return optionValues(state.selected_options);
    default:
      throw new Error(`modalValues: block '${blockId}' has a ${String(state.type)} element, which toBlockKit never produces`);
  }
}

class Conversion {
  /** The first TextBlock's text, as plain text: a message's notification text. */
  firstText: string | undefined;
  /** In a modal without metadata.slackTitle, the first heading's text, which becomes the title instead of a header block. */
  headingTitle: string | undefined;
  submit: { verb: string; title: string; privateMetadata: string } | undefined;
  private headingSeen = false;
  private previousInputId: string | undefined;
  private openUrls = 0;
  private readonly inputIds = new Set<string>();

  constructor(
    private readonly cardName: string,
    private readonly modal: boolean,
    private readonly slackTitle: string | undefined,
  ) {}

  /** A list of elements (body, a Container's items, a Column's items), flattened into blocks. */
  elements(list: unknown, path: string): Block[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) return this.fail(`${path} must be a list`);
    const blocks: Block[] = [];
    list.forEach((item, index) => {
      const converted = this.element(item, `${path}[${index}]`);
      if (converted.length === 0) return;
      if (isObject(item) && item.separator === true) blocks.push({ type: 'divider' });
      blocks.push(...converted);
    });
    return blocks;
  }

  /**
   * An ActionSet's actions, or the card's root actions: one actions block (none when no button remains), then
   * what each Action.ShowCard folds away, shown open (Slack cannot fold).
   */
  actions(list: unknown, path: string, root: boolean): Block[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) return this.fail(`${path} must be a list`);
    const unfolded: Block[] = [];
    const buttons = list.flatMap((action, index) => {
      // A card's own fallback for it comes first; a ShowCard without a card is not one Slack can show.
      if (!isObject(action) || action.type !== 'Action.ShowCard' || action.fallback !== undefined || !isObject(action.card))
        return this.action(action, `${path}[${index}]`, root);
      unfolded.push(...this.showCard(action, `${path}[${index}]`));
      return [];
    });
    if (buttons.length === 0) return unfolded;
    if (buttons.length > SLACK_LIMITS.actionsElements) {
      this.fail(`${path} has ${buttons.length} buttons; Slack allows at most ${SLACK_LIMITS.actionsElements} in one actions block`);
    }
    // Slack wants each action_id in a block to be unique; buttons that share a verb (one per trigger,
    // told apart by their data) get "#2", "#3", ... which verbOf() takes off again.
    const seen = new Map<string, number>();
    for (const button of buttons) {
      const count = (seen.get(button.action_id) ?? 0) + 1;
      seen.set(button.action_id, count);
      if (count > 1) button.action_id = `${button.action_id}#${count}`;
    }
    return [{ type: 'actions', elements: buttons }, ...unfolded];
  }

  /** An Action.ShowCard's card, in place of its button: text to read, never inputs or buttons of its own. */
  private showCard(action: Record<string, unknown>, path: string): Block[] {
    const where = `${path} Action.ShowCard`;
    const card = action.card as Record<string, unknown>;
    if (card.type !== 'AdaptiveCard') this.fail(`${where}: its card must be an Adaptive Card`);
    if (hasInput(card.body)) this.fail(`${where}: an input inside a folded card is not supported on Slack (put it in the card itself)`);
    if (Array.isArray(card.actions) ? card.actions.length > 0 : card.actions !== undefined)
      this.fail(`${where}: a button inside a folded card is not supported on Slack`);
    return this.elements(card.body, `${path}.card.body`);
  }

  private element(item: unknown, path: string): Block[] {
    if (!isObject(item)) return this.fail(`${path} is not an element`);
    const type = item.type;
    if (typeof type !== 'string') return this.fail(`${path} has no type`);
    const where = `${path} ${type}`;
    if (item.selectAction !== undefined) this.fail(`${where}: selectAction is not supported on Slack`);
    if (item.isVisible === false) {
      // Teams does not show it either; only an Action.ToggleVisibility (not supported) could.
      if (SUPPORTED_INPUTS.has(type)) this.fail(`${where}: a hidden input is not supported on Slack (put the value in the action's data)`);
      return [];
    }
    switch (type) {
      case 'TextBlock':
        return this.leaf(this.textBlock(item, where));
      case 'FactSet':
        return this.leaf(this.factSet(item, path, where));
      case 'Container':
        return this.elements(item.items, `${path}.items`);
      case 'ColumnSet':
        return this.columns(item.columns, `${path}.columns`);
      case 'ActionSet':
        return this.leaf(this.actions(item.actions, `${path}.actions`, false));
      case 'Input.Text':
      case 'Input.Date':
      case 'Input.Time':
      case 'Input.Number':
      case 'Input.ChoiceSet':
      case 'Input.Toggle':
        return this.input(item, type, where);
      default:
        // An element's own fallback is how a card says what to show where the element is not supported.
        if (item.fallback === 'drop') return [];
        if (isObject(item.fallback)) return this.element(item.fallback, `${path}.fallback`);
        return this.fail(`${where} is not supported on Slack`);
    }
  }

  /** Any element but an input ends "directly following an input" for the `<id>-error` rule. */
  private leaf(blocks: Block[]): Block[] {
    this.previousInputId = undefined;
    return blocks;
  }

  private columns(list: unknown, path: string): Block[] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) return this.fail(`${path} must be a list`);
    const blocks: Block[] = [];
    list.forEach((column, index) => {
      const columnPath = `${path}[${index}]`;
      if (!isObject(column)) return this.fail(`${columnPath} is not a Column`);
      if (column.type !== undefined && column.type !== 'Column') this.fail(`${columnPath} ${String(column.type)} is not supported on Slack`);
      if (column.selectAction !== undefined) this.fail(`${columnPath} Column: selectAction is not supported on Slack`);
      if (column.isVisible === false) return;
      const converted = this.elements(column.items, `${columnPath}.items`);
      if (converted.length === 0) return;
      if (column.separator === true) blocks.push({ type: 'divider' });
      blocks.push(...converted);
    });
    return blocks;
  }

  private textBlock(item: Record<string, unknown>, where: string): Block[] {
    const text = this.string(item, 'text', where);
    const id = this.optionalString(item, 'id', where);
    if (this.modal && id !== undefined && this.previousInputId !== undefined && id === `${this.previousInputId}-error`) return [];
    if (text.trim() === '') return [];
    if (this.firstText === undefined) this.firstText = toPlain(text, (_fn, args) => args.split(',')[0]?.trim() ?? '');

    const size = lower(item.size);
    const heading = size === 'large' || size === 'extralarge' || lower(item.style) === 'heading';
    const warning = lower(item.color) === 'attention' ? ':warning: ' : '';
    if (heading && !this.headingSeen) {
      this.headingSeen = true;
      const plain = this.plain(text, where);
      if (this.modal && this.slackTitle === undefined) {
        this.headingTitle = plain;
        return [];
      }
      const header = warning + plain;
      return [{ type: 'header', text: plainText(header.length > SLACK_LIMITS.headerText ? `${header.slice(0, SLACK_LIMITS.headerText - 1)}…` : header) }];
    }

    let mrkdwn = this.mrkdwn(text, where);
    if (heading || lower(item.weight) === 'bolder') mrkdwn = boldLines(mrkdwn);
    mrkdwn = warning + mrkdwn;
    const parts = splitMrkdwn(mrkdwn, SLACK_LIMITS.sectionText);
    if (item.isSubtle === true || size === 'small') return parts.map((part) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: part }] }));
    return parts.map(section);
  }

  private factSet(item: Record<string, unknown>, path: string, where: string): Block[] {
    const facts = item.facts;
    if (!Array.isArray(facts)) return this.fail(`${where}: facts must be a list`);
    const sections: Block[] = [];
    let fields: MrkdwnText[] = [];
    const flush = () => {
      for (let start = 0; start < fields.length; start += SLACK_LIMITS.sectionFields) {
        sections.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.sectionFields) });
      }
      fields = [];
    };
    facts.forEach((fact, index) => {
      const factWhere = `${path}.facts[${index}]`;
      if (!isObject(fact)) return this.fail(`${factWhere} is not a fact`);
      const title = this.plain(this.optionalString(fact, 'title', factWhere) ?? '', factWhere).trim();
      const value = this.mrkdwn(this.optionalString(fact, 'value', factWhere) ?? '', factWhere).trim();
      const text = [title === '' ? '' : `*${escapeMrkdwn(title)}*`, value].filter((part) => part !== '').join('\n');
      if (text === '') return;
      if (text.length <= SLACK_LIMITS.sectionField) {
        fields.push({ type: 'mrkdwn', text });
        return;
      }
      // Too long for a field: full width, in its place among the others, split as a long TextBlock is.
      flush();
      sections.push(...splitMrkdwn(text, SLACK_LIMITS.sectionText).map(section));
    });
    flush();
    return sections;
  }

  private action(action: unknown, path: string, root: boolean): ButtonElement[] {
    if (!isObject(action)) return this.fail(`${path} is not an action`);
    const type = action.type;
    if (typeof type !== 'string') return this.fail(`${path} has no type`);
    const where = `${path} ${type}`;
    if (type !== 'Action.Execute' && type !== 'Action.OpenUrl') {
      if (action.fallback === 'drop') return [];
      if (isObject(action.fallback)) return this.action(action.fallback, `${path}.fallback`, root);
      return this.fail(`${where} is not supported on Slack`);
    }
    // Slack has no disabled button; Teams shows one that does nothing, Slack shows none.
    if (action.isEnabled === false) return [];
    const title = this.optionalString(action, 'title', where);
    if (title === undefined || title.trim() === '') return this.fail(`${where} needs a title: a Slack button needs text`);
    const style = lower(action.style);
    const button: ButtonElement = { type: 'button', text: plainText(title), action_id: '' };
    if (style === 'positive') button.style = 'primary';
    if (style === 'destructive') button.style = 'danger';

    if (type === 'Action.OpenUrl') {
      const url = this.string(action, 'url', where);
      this.limit(where, 'button url', url.length, SLACK_LIMITS.buttonUrl);
      this.limit(where, 'button text', title.length, SLACK_LIMITS.buttonText);
      button.action_id = `open-url-${this.openUrls++}`;
      button.url = url;
      return [button];
    }

    const verb = this.string(action, 'verb', where);
    if (verb === '') this.fail(`${where} needs a verb`);
    const data = JSON.stringify(action.data ?? {});
    if (this.modal && !root) {
      // Adaptive Cards' own word for "leave it out where the host cannot show it": in Slack, Cancel goes back.
      if (action.fallback === 'drop') return [];
      // A button in the form that takes what was typed with it (Add another action): a block_actions button, which
      // the channel answers with the modal's values and metadata, as a submit, and the form shown again in place.
      if (lower(action.associatedInputs) !== 'auto') {
        return this.fail(
          `${where} '${verb}': in a modal, a button other than the submit must take the form's inputs with it (associatedInputs 'auto'), or be dropped (fallback 'drop'); Slack closes a modal with Cancel`,
        );
      }
    } else if (this.modal) {
      if (lower(action.associatedInputs) === 'none') {
        return this.fail(`${where} '${verb}': a modal's root Action.Execute is its submit, which submits the inputs; Slack closes a modal with Cancel`);
      }
      if (this.submit !== undefined) this.fail(`${where} '${verb}': a modal has one submit button, and '${this.submit.verb}' is already it`);
      this.limit(where, 'submit button text', title.length, SLACK_LIMITS.modalButton);
      this.limit(where, 'callback_id (the verb)', verb.length, SLACK_LIMITS.callbackId);
      this.limit(where, 'private_metadata (the data)', data.length, SLACK_LIMITS.privateMetadata);
      this.submit = { verb, title, privateMetadata: data };
      return [];
    }
    this.limit(where, 'button text', title.length, SLACK_LIMITS.buttonText);
    this.limit(where, 'action_id (the verb)', verb.length, SLACK_LIMITS.actionId);
    this.limit(where, 'button value (the data)', data.length, SLACK_LIMITS.buttonValue);
    button.action_id = verb;
    button.value = data;
    return [button];
  }

  private input(item: Record<string, unknown>, type: string, where: string): Block[] {
    const id = this.string(item, 'id', where);
    if (id === '') this.fail(`${where} needs an id`);
    const named = `${where} '${id}'`;
    if (this.inputIds.has(id)) this.fail(`${named}: another input already has this id`);
    this.inputIds.add(id);
    this.limit(named, 'block_id (the id)', id.length, SLACK_LIMITS.blockId);
    const label = this.optionalString(item, 'label', named);
    if (label === undefined || label.trim() === '') return this.fail(`${named} has no label; Slack needs one on every input`);
    this.limit(named, 'label', label.length, SLACK_LIMITS.inputLabel);

    const element = this.inputElement(item, type, id, named);
    this.limit(named, 'action_id', element.action_id.length, SLACK_LIMITS.actionId);
    this.previousInputId = id;
    return [{ type: 'input', block_id: id, label: plainText(label), optional: item.isRequired !== true, element }];
  }

  private inputElement(item: Record<string, unknown>, type: string, id: string, where: string): InputElement {
    const value = item.value === '' ? undefined : item.value;
    const placeholderText = this.optionalString(item, 'placeholder', where);
    if (placeholderText !== undefined) this.limit(where, 'placeholder', placeholderText.length, SLACK_LIMITS.placeholder);
    const placeholder = placeholderText === undefined || placeholderText === '' ? undefined : plainText(placeholderText);
    const withPlaceholder = <T extends object>(element: T): T => (placeholder === undefined ? element : { ...element, placeholder });

    switch (type) {
      case 'Input.Text': {
        if (lower(item.style) === 'password') this.fail(`${where}: style Password is not supported on Slack`);
        if (item.inlineAction !== undefined) this.fail(`${where}: inlineAction is not supported on Slack`);
        const element: InputElement = { type: 'plain_text_input', action_id: id };
        if (item.isMultiline === true) element.multiline = true;
        const maxLength = this.optionalNumber(item, 'maxLength', where);
        if (maxLength !== undefined) {
          if (!Number.isInteger(maxLength) || maxLength < 1) this.fail(`${where}: maxLength must be a whole number above 0`);
          if (maxLength > SLACK_LIMITS.textInputLength) {
            this.fail(`${where}: maxLength is ${maxLength}; Slack allows at most ${SLACK_LIMITS.textInputLength} characters in a text input`);
          }
          element.max_length = maxLength;
        }
        if (value !== undefined) element.initial_value = this.valueString(value, where);
        return withPlaceholder(element);
      }
      case 'Input.Date': {
        const element: InputElement = { type: 'datepicker', action_id: id };
        if (value !== undefined) {
          const date = this.valueString(value, where);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) this.fail(`${where}: value '${date}' is not a date (YYYY-MM-DD)`);
          element.initial_date = date;
        }
        return withPlaceholder(element);
      }
      case 'Input.Time': {
        const element: InputElement = { type: 'timepicker', action_id: id };
        if (value !== undefined) {
          const time = this.valueString(value, where);
          if (!/^\d{2}:\d{2}$/.test(time)) this.fail(`${where}: value '${time}' is not a time (HH:mm)`);
          element.initial_time = time;
        }
        return withPlaceholder(element);
      }
      case 'Input.Number': {
        const initial = value === undefined ? undefined : typeof value === 'number' ? value : this.fail(`${where}: value must be a number`);
        const min = this.optionalNumber(item, 'min', where);
        const max = this.optionalNumber(item, 'max', where);
        // Adaptive Cards has no "whole numbers only" flag: decimals are allowed when the card itself uses one.
        const decimal = [initial, min, max].some((number) => number !== undefined && !Number.isInteger(number));
        const element: InputElement = { type: 'number_input', action_id: id, is_decimal_allowed: decimal };
        if (initial !== undefined) element.initial_value = String(initial);
        if (min !== undefined) element.min_value = String(min);
        if (max !== undefined) element.max_value = String(max);
        return withPlaceholder(element);
      }
      case 'Input.ChoiceSet':
        return this.choiceSet(item, id, where, value, placeholder);
      default: {
        // Input.Toggle
        const title = this.string(item, 'title', where);
        const valueOn = this.optionalString(item, 'valueOn', where) ?? 'true';
        const valueOff = this.optionalString(item, 'valueOff', where) ?? 'false';
        const option = this.option(title, valueOn, where);
        const element: InputElement = { type: 'checkboxes', action_id: `${TOGGLE_ACTION_PREFIX}${valueOff}`, options: [option] };
        if (value !== undefined && this.valueString(value, where) === valueOn) element.initial_options = [option];
        return element;
      }
    }
  }

  private choiceSet(item: Record<string, unknown>, id: string, where: string, value: unknown, placeholder: PlainText | undefined): InputElement {
    if (item['choices.data'] !== undefined) this.fail(`${where}: choices.data (a dynamic typeahead) is not supported on Slack`);
    const choices = item.choices;
    if (!Array.isArray(choices) || choices.length === 0) return this.fail(`${where}: choices must be a list of at least one choice`);
    const options = choices.map((choice, index) => {
      const choiceWhere = `${where} choices[${index}]`;
      if (!isObject(choice)) return this.fail(`${choiceWhere} is not a choice`);
      return this.option(this.string(choice, 'title', choiceWhere), this.string(choice, 'value', choiceWhere), choiceWhere);
    });
    const multi = item.isMultiSelect === true;
    const expanded = lower(item.style) === 'expanded';
    const most = expanded ? SLACK_LIMITS.expandedOptions : SLACK_LIMITS.selectOptions;
    if (options.length > most) {
      this.fail(`${where} has ${options.length} choices; Slack allows at most ${most} in ${expanded ? (multi ? 'checkboxes' : 'radio buttons') : 'a select'}`);
    }
    const initial = (value === undefined ? [] : multi ? this.valueString(value, where).split(',') : [this.valueString(value, where)]).map((selected) => {
      const option = options.find((candidate) => candidate.value === selected);
      return option ?? this.fail(`${where}: value '${selected}' is not one of its choices`);
    });
    if (expanded) {
      if (multi) return { type: 'checkboxes', action_id: id, options, ...(initial.length > 0 ? { initial_options: initial } : {}) };
      return { type: 'radio_buttons', action_id: id, options, ...(initial[0] ? { initial_option: initial[0] } : {}) };
    }
    const shown = placeholder === undefined ? {} : { placeholder };
    if (multi) return { type: 'multi_static_select', action_id: id, options, ...shown, ...(initial.length > 0 ? { initial_options: initial } : {}) };
    return { type: 'static_select', action_id: id, options, ...shown, ...(initial[0] ? { initial_option: initial[0] } : {}) };
  }

  private option(title: string, value: string, where: string): OptionObject {
    this.limit(where, 'option text', title.length, SLACK_LIMITS.optionText);
    this.limit(where, 'option value', value.length, SLACK_LIMITS.optionValue);
    if (title === '' || value === '') this.fail(`${where}: a Slack option needs a title and a value`);
    return { text: plainText(title), value };
  }

  private mrkdwn(markdown: string, where: string): string {
    return toMrkdwn(markdown, (problem) => this.fail(`${where}: ${problem}`));
  }

  private plain(markdown: string, where: string): string {
    return toPlain(markdown, (fn) => this.fail(`${where}: {{${fn}()}} cannot be shown in plain text (a header or modal title) on Slack`));
  }

  private valueString(value: unknown, where: string): string {
    return typeof value === 'string' ? value : this.fail(`${where}: value must be a string`);
  }

  private string(item: Record<string, unknown>, key: string, where: string): string {
    const value = item[key];
    return typeof value === 'string' ? value : this.fail(`${where}: ${key} must be a string`);
  }

  private optionalString(item: Record<string, unknown>, key: string, where: string): string | undefined {
    const value = item[key];
    return value === undefined || typeof value === 'string' ? value : this.fail(`${where}: ${key} must be a string`);
  }

  private optionalNumber(item: Record<string, unknown>, key: string, where: string): number | undefined {
    const value = item[key];
    return value === undefined || (typeof value === 'number' && Number.isFinite(value)) ? value : this.fail(`${where}: ${key} must be a number`);
  }

  private limit(where: string, what: string, size: number, most: number): void {
    if (size > most) this.fail(`${where}: ${what} is ${size} characters; Slack allows at most ${most}`);
  }

  private fail(problem: string): never {
    throw new BlockKitConversionError(this.cardName, problem);
  }
}

/** Does the card have an input Slack can show? Then it converts to a modal. */
function hasInput(elements: unknown): boolean {
  if (!Array.isArray(elements)) return false;
  return elements.some((element) => {
    if (!isObject(element) || typeof element.type !== 'string') return false;
    if (SUPPORTED_INPUTS.has(element.type)) return true;
    if (hasInput(element.items)) return true;
    if (Array.isArray(element.columns) && element.columns.some((column) => isObject(column) && hasInput(column.items))) return true;
    return isObject(element.fallback) && hasInput([element.fallback]);
  });
}

/** No divider first, last or twice in a row. */
function tidyDividers(blocks: Block[]): Block[] {
  const tidy: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'divider' && (tidy.length === 0 || tidy[tidy.length - 1]?.type === 'divider')) continue;
    tidy.push(block);
  }
  while (tidy[tidy.length - 1]?.type === 'divider') tidy.pop();
  return tidy;
}

// Markdown. Adaptive Cards take a small CommonMark subset: **bold** (or __bold__), *italic* (or _italic_),
// [text](url), "- " and "1. " lists, and {{DATE()}}/{{TIME()}}, which Teams formats in the reader's locale.

// One pass, so nothing converted is converted again: date/time, link, **bold**, __bold__, *italic*.
const INLINE =
  /\{\{(DATE|TIME)\(([^)]*)\)\}\}|\[([^\]\n]*)\]\(([^)\s]+)\)|\*\*(?=\S)([^\n]+?)(?<=\S)\*\*|__(?=\S)([^\n]+?)(?<=\S)__|\*(?=[^\s*])([^*\n]+?)(?<=\S)\*/g;

function toMrkdwn(markdown: string, fail: (problem: string) => never): string {
  const inline = (text: string): string =>
    text.replace(INLINE, (_match, fn?: string, args?: string, linkText?: string, url?: string, bold1?: string, bold2?: string, italic?: string) => {
      if (fn !== undefined) return slackDate(fn, args ?? '', fail);
      if (url !== undefined) return `<${restore(url, (char) => char).replace(/\|/g, '%7C')}|${linkText ?? ''}>`;
      if (bold1 !== undefined || bold2 !== undefined) return `*${inline(bold1 ?? bold2 ?? '')}*`;
      return `_${inline(italic ?? '')}_`;
    });
  return restore(inline(escapeMrkdwn(bullets(protect(markdown)))), escapeMrkdwn);
}

/** Markdown as plain text; onDate says what a {{DATE()}} or {{TIME()}} becomes (plain text cannot format one). */
function toPlain(markdown: string, onDate: (fn: string, args: string) => string): string {
  const plain = bullets(protect(markdown))
    .replace(INLINE, (match, fn?: string, args?: string, linkText?: string, url?: string, bold1?: string, bold2?: string, italic?: string) => {
      if (fn !== undefined) return onDate(fn, args ?? '');
      if (url !== undefined) return linkText ?? '';
      return bold1 ?? bold2 ?? italic ?? match;
    })
    .replace(UNDERSCORE_ITALIC, '$1');
  return restore(plain, (char) => char);
}

// A backslash escape ("\[", as render.ts writes around what people typed) is the character itself, never
// markdown: it is set aside as a private-use character while the markdown is read, then put back as text.
const ESCAPED = /\\([!-/:-@[-`{-~])/g;
const PROTECTED = /[\uE021-\uE07E]/g;
const SET_ASIDE = 0xe000;

function protect(markdown: string): string {
  return markdown.replace(ESCAPED, (_match, char: string) => String.fromCharCode(SET_ASIDE + char.charCodeAt(0)));
}

function restore(text: string, show: (char: string) => string): string {
  return text.replace(PROTECTED, (set) => show(String.fromCharCode(set.charCodeAt(0) - SET_ASIDE)));
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/**
 * mrkdwn in parts of at most `most` characters: at a line end in the part's second half, else a space there,
 * else anywhere; never inside an entity (&amp;) or a <…> token. A line end between parts is dropped.
 */
export function splitMrkdwn(text: string, most: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > most) {
    const lineEnd = rest.lastIndexOf('\n', most);
    const space = rest.lastIndexOf(' ', most - 1);
    let cut = lineEnd > most / 2 ? lineEnd : space > most / 2 ? space + 1 : most;
    const head = rest.slice(0, cut);
    const entity = head.lastIndexOf('&');
    if (entity >= 0 && !head.includes(';', entity)) cut = entity;
    const token = rest.slice(0, cut).lastIndexOf('<');
    if (token >= 0 && !rest.slice(0, cut).includes('>', token)) cut = token;
    if (cut === 0) cut = most; // a token longer than a part cannot be kept whole
    parts.push(rest.slice(0, cut));
    rest = rest.slice(rest[cut] === '\n' ? cut + 1 : cut);
  }
  if (rest !== '' || parts.length === 0) parts.push(rest);
  return parts;
}

/** _italic_ as a whole word, not the underscores inside snake_case. */
const UNDERSCORE_ITALIC = /(?<![\p{L}\p{N}_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu;

/** "- item" and "* item" lines as "• item", as Teams shows them. */
function bullets(markdown: string): string {
  return markdown.replace(/^([ \t]*)[-*+][ \t]+/gm, '$1• ');
}

/** Slack reads &, < and > as its own syntax; everything else shows as written. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Whole lines in bold, where the line is not already formatted with asterisks (Slack's bold does not span lines). */
function boldLines(mrkdwn: string): string {
  return mrkdwn
    .split('\n')
    .map((line) => {
      const content = line.trim();
      return content === '' || content.includes('*') ? line : line.replace(content, `*${content}*`);
    })
    .join('\n');
}

const DATE_TOKENS: Record<string, string> = { COMPACT: '{date_num}', SHORT: '{date_short}', LONG: '{date_long}' };

/** {{DATE(2026-03-02T09:00:00Z, SHORT)}} as Slack's <!date^…> token, which Slack formats in the reader's time zone. */
function slackDate(fn: string, args: string, fail: (problem: string) => never): string {
  const [timestamp = '', format = 'COMPACT', ...rest] = args.split(',').map((arg) => arg.trim());
  const epochMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(epochMs)) return fail(`{{${fn}(${args})}} needs an RFC 3339 timestamp with a time zone`);
  const token = fn === 'TIME' ? (args.includes(',') ? undefined : '{time}') : rest.length === 0 ? DATE_TOKENS[format.toUpperCase()] : undefined;
  if (token === undefined) return fail(`{{${fn}(${args})}} is not a date function Slack can show`);
  return `<!date^${Math.floor(epochMs / 1000)}^${token}|${timestamp}>`;
}

function plainText(text: string): PlainText {
  return { type: 'plain_text', text, emoji: true };
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
