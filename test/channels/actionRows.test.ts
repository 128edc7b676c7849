// The record form's new actions, as Teams and Slack send them: one empty row to start with, and "Add
// another action", which brings the form back with one more row and everything typed still in it, up to
// three actions a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackInteractions } from '../support/slackInteractions.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

type Action = { type?: string; title?: string; verb?: string; data?: Record<string, unknown> };
type Element = { type?: string; id?: string; value?: string; choices?: { value: string }[]; items?: Element[]; actions?: Action[] };
type Card = { body: Element[]; actions?: Action[] };
const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
const flat = (elements: Element[]): Element[] => elements.flatMap((element) => [element, ...flat(element.items ?? [])]);
const inputIds = (card: Card) => flat(card.body).flatMap((element) => (element.type?.startsWith('Input.') && element.id ? [element.id] : []));
const valueOf = (card: Card, id: string) => flat(card.body).find((element) => element.id === id)?.value;
const addButton = (card: Card) =>
  flat(card.body)
    .flatMap((element) => element.actions ?? [])
    .find((action) => action.verb === 'record.add-action');
const actionInputs = (card: Card) => inputIds(card).filter((id) => id.startsWith('action.'));

/** Raised in Teams by the practitioner and accepted by the supervisor; returns the request's id. */
async function acceptedRequest(caseReference: string): Promise<string> {
  const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'harm-or-risk' });
  const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
  const story = { caseReference, urgency: 'urgent', experience: 'A new allegation was made at the visit.', goal: 'Agree whether to refer.', availability: '' };
  expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story }))).toContain('Sent to');
  const requestId = submit.data!.requestId as string;
  expect(cardText(await invoke(TEAMS.supervisor, 'trigger.accept', { requestId }))).toContain('You accepted this request');
  return requestId;
}

describe('the record form’s new actions', () => {
  it('in Teams, shows one action row with Add another action, which keeps what was typed and adds a row, up to three', async () => {
    const requestId = await acceptedRequest('CF-204701');
    const form = await invoke(TEAMS.supervisor, 'record.open', { requestId });
    expect(actionInputs(form)).toEqual(['action.1.what', 'action.1.owner', 'action.1.due']);
    const add = addButton(form)!;
    expect(add.title).toBe('Add another action');

    const practitioner = flat(form.body).find((element) => element.id === 'action.1.owner')!.choices![0]!.value;
    const typed = {
      'f.experience': 'The allegation was discussed.',
      'f.reflection': 'Worried about the timing.',
      'f.analysis': 'The risk is current.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': practitioner,
      'action.1.due': '2026-11-30',
      significant: 'true',
      draft: 'false',
    };
    // Teams sends the button's data with every input of the card.
    const twoRows = await invoke(TEAMS.supervisor, add.verb!, { ...add.data, ...typed });
    expect(actionInputs(twoRows)).toEqual([
      'action.1.what',
      'action.1.owner',
      'action.1.due',
      'action.2.what',
      'action.2.owner',
      'action.2.due',
    ]);
    for (const [id, value] of Object.entries(typed)) if (id !== 'draft') expect(valueOf(twoRows, id), id).toBe(value);
    expect(valueOf(twoRows, 'action.2.what')).toBe('');

    const second = { 'action.2.what': 'Book a strategy discussion', 'action.2.owner': practitioner, 'action.2.due': '2026-12-01' };
    const threeRows = await invoke(TEAMS.supervisor, 'record.add-action', { ...addButton(twoRows)!.data, ...typed, ...second });
    expect(actionInputs(threeRows)).toHaveLength(9);
    expect(valueOf(threeRows, 'action.2.what')).toBe('Book a strategy discussion');
    // Three is the most a record takes: no more rows to add.
    expect(addButton(threeRows)).toBeUndefined();
    expect(cardText(threeRows)).not.toContain('Add another action');

    expect(cardText(await invoke(TEAMS.supervisor, 'record.save', { requestId, ...typed, ...second }))).toContain('Sent to Social Worker C to sign');
    const record = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
    const actions = await harness.store.db.selectFrom('action_item').select('description').where('record_id', '=', record.id).orderBy('due_on').execute();
    expect(actions.map((action) => action.description)).toEqual(['Refer to the local authority', 'Book a strategy discussion']);
  });

  it('in Teams, Add another action keeps the Draft tick, and Send anyway with its warning while the name is still there', async () => {
    const requestId = await acceptedRequest('CF-204703');
    const form = await invoke(TEAMS.supervisor, 'record.open', { requestId });
    const practitioner = flat(form.body).find((element) => element.id === 'action.1.owner')!.choices![0]!.value;
    const typed = {
      requestId,
      'f.experience': 'Dr Amin at the hospital raised a concern.',
      'f.reflection': 'Worried.',
      'f.analysis': 'The risk is current.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': practitioner,
      'action.1.due': '2026-11-30',
      significant: 'false',
      draft: 'false',
    };
    const warned = await invoke(TEAMS.supervisor, 'record.save', typed);
    expect(cardText(warned)).toContain('“Dr Amin” looks like a name');
    const grown = await invoke(TEAMS.supervisor, 'record.add-action', { ...addButton(warned)!.data, ...typed, draft: 'true', sendAnyway: 'true' });
    expect(actionInputs(grown)).toHaveLength(6);
    expect(cardText(grown)).toContain('“Dr Amin” looks like a name');
    expect(valueOf(grown, 'sendAnyway')).toBe('true');
    expect(valueOf(grown, 'draft')).toBe('true');
  });

  it('in Slack, Add another action inside the modal updates it in place with one more row, keeping what was typed', async () => {
    const { click } = slackInteractions(harness);
    const requestId = await acceptedRequest('CF-204702');
    type Block = { type: string; block_id?: string; element?: Record<string, unknown>; elements?: { action_id: string; value: string }[] };
    type Modal = { callback_id: string; private_metadata: string; blocks: Block[] };
    const since = harness.slack.calls.length;
    await click('U0SUPERV1', 'record.open', { requestId });
    await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
    const modal = harness.slack.calls.slice(since).find((call) => call.method === 'views.open')!.args.view as Modal;
    const actionBlocks = (view: Modal) => view.blocks.flatMap((block) => (block.block_id?.startsWith('action.') ? [block.block_id] : []));
    expect(actionBlocks(modal)).toEqual(['action.1.what', 'action.1.owner', 'action.1.due']);
    const button = modal.blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'record.add-action')!;
    expect(button).toBeDefined();

    const owner = (modal.blocks.find((block) => block.block_id === 'action.1.owner')!.element!.options as { value: string }[])[0]!.value;
    const values = {
      'f.experience': { 'f.experience': { type: 'plain_text_input', value: 'The allegation was discussed.' } },
      'f.reflection': { 'f.reflection': { type: 'plain_text_input', value: null } },
      'action.1.what': { 'action.1.what': { type: 'plain_text_input', value: 'Refer to the local authority' } },
      'action.1.owner': { 'action.1.owner': { type: 'static_select', selected_option: { value: owner } } },
      'action.1.due': { 'action.1.due': { type: 'datepicker', selected_date: '2026-11-30' } },
      significant: { 'toggle:false': { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
    };
    const before = harness.slack.calls.length;
    await click('U0SUPERV1', button.action_id, button.value, { view: modal, values });
    await expect.poll(() => harness.slack.calls.slice(before).some((call) => call.method === 'views.update')).toBe(true);
    const update = harness.slack.calls.slice(before).find((call) => call.method === 'views.update')!.args;
    expect(update.view_id).toBe('V0TEST');
    const grown = update.view as Modal;
    expect(grown.callback_id).toBe('record.save');
    expect(JSON.parse(grown.private_metadata)).toMatchObject({ requestId });
    expect(actionBlocks(grown)).toEqual(['action.1.what', 'action.1.owner', 'action.1.due', 'action.2.what', 'action.2.owner', 'action.2.due']);
    const element = (id: string) => grown.blocks.find((block) => block.block_id === id)!.element!;
    expect(element('f.experience').initial_value).toBe('The allegation was discussed.');
    expect(element('action.1.what').initial_value).toBe('Refer to the local authority');
    expect(element('action.1.owner').initial_option).toMatchObject({ value: owner });
    expect(element('action.1.due').initial_date).toBe('2026-11-30');
    expect(element('significant').initial_options).toEqual([expect.objectContaining({ value: 'true' })]);
    // Nothing was saved by adding a row.
    expect(await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).execute()).toEqual([]);
  });
});
