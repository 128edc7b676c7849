// What the record form asks, as a supervisor sees it in Teams and in Slack: Cafcass's prompts for each
// stage of the 4x4x4 cycle, every one of appendix 3 (the long lists folded); Bexley's case record with
// the six points of defensible decision making, case status ticked as the template has it, and the
// previous safety scale rating taken from the case's last record; Cumberland's brief discussion, which
// needs its rationale.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policiesDir } from '../../src/config/paths.js';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { pack } from '../support/packs.js';
import { slackInteractions } from '../support/slackInteractions.js';
import { fieldValue, inputs, type Card } from '../support/walk.js';

type Element = { type?: string; id?: string; text?: string; title?: string; items?: Element[]; actions?: Element[]; card?: { body: Element[] } };
type SlackBlock = {
  type: string;
  block_id?: string;
  label?: { text: string };
  text?: { text: string };
  elements?: { text: string }[];
  fields?: { text: string }[];
  element?: { type: string; options?: { value: string }[]; initial_value?: string };
};
type Modal = { callback_id: string; private_metadata: string; blocks: SlackBlock[] };

/** Seed 000's appendix 3, word for word: the questions for each stage, and what the action plan should be. */
function appendix3() {
  const seed = readFileSync(path.join(policiesDir, 'seeds', '000_ea9f6511b9b2d3d5.txt'), 'utf8').replace(/\r\n/g, '\n');
  const [experience = '', reflection = '', analysis = '', next = ''] = seed
    .slice(seed.indexOf('Appendix 3:'))
    .split(/\n(?:Investigating the experience through reflection|Understanding the Experience through Analysis|What next):\n/);
  const questions = (part: string) => part.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2).trim());
  return { experience: questions(experience), reflection: questions(reflection), analysis: questions(analysis), actionPlan: [next.trim()] };
}

const teamsInvoke = (harness: BotHarness) => async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};

/** Every element of a card, containers and folded cards opened. */
const elementsOf = (list: Element[]): Element[] =>
  list.flatMap((element) => [element, ...elementsOf(element.items ?? []), ...elementsOf(element.actions ?? []), ...elementsOf(element.card?.body ?? [])]);

/** The container the card shows a field in: its input, its prompts, its error. */
const fieldContainer = (card: Card, inputId: string) =>
  elementsOf(card.body as Element[]).find((element) => element.type === 'Container' && (element.items ?? []).some((item) => item.id === inputId))!;

/** The modal the bot opened last, after `since` calls to Slack. */
async function openedModal(harness: BotHarness, since: number): Promise<Modal> {
  await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
  return harness.slack.calls
    .slice(since)
    .filter((call) => call.method === 'views.open')
    .at(-1)!.args.view as Modal;
}

/** The text of a block as Slack shows it. */
const blockText = (block: SlackBlock | undefined) =>
  block?.text?.text ?? [...(block?.elements ?? []), ...(block?.fields ?? [])].map((element) => element.text).join('\n');

/** A modal's state as Slack submits it: every input, with the answers given (by input id) in its element's shape, the rest empty. */
function modalState(modal: Modal, given: Record<string, string | string[]>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of modal.blocks) {
    const id = block.block_id ?? '';
    if (block.type !== 'input') continue;
    const value = given[id];
    const type = block.element!.type;
    const element: Record<string, unknown> = { type };
    if (type === 'checkboxes' || type === 'multi_static_select') element.selected_options = [value ?? []].flat().map((one) => ({ value: one }));
    else if (type === 'static_select' || type === 'radio_buttons') element.selected_option = value === undefined ? null : { value };
    else if (type === 'datepicker') element.selected_date = value ?? null;
    else element.value = value ?? null;
    state[id] = { [(block.element as { action_id?: string }).action_id ?? id]: element };
  }
  return state;
}

/** Every action agreed before, marked done. */
const reviewed = (modal: Modal) =>
  Object.fromEntries(modal.blocks.filter((block) => block.block_id?.startsWith('prev.')).map((block) => [block.block_id!, 'done']));

/** Everything Slack was asked to post to one person since `since`, as the text of its blocks. */
function postedTo(harness: BotHarness, user: string, since: number): string[] {
  return harness.slack.calls
    .slice(since)
    .filter((call) => call.method === 'chat.postMessage' && String(call.args.channel).endsWith(user.slice(1)))
    .map((call) => (call.args.blocks as SlackBlock[]).map(blockText).join('\n').replace(/ {2}\n/g, '\n'));
}

describe('Cafcass: the prompts of the 4x4x4 cycle', () => {
  let harness: BotHarness;
  let requestId: string;
  const prompts = appendix3();
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'cafcass' });
    const invoke = teamsInvoke(harness);
    const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'best-interests-unclear' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    requestId = submit.data!.requestId as string;
    const story = { caseReference: 'CF-204518', urgency: 'routine', experience: 'What happened.', goal: 'What I need.', availability: '' };
    expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story }))).toContain('Sent to');
  });
  afterAll(async () => harness.close());

  it('holds every appendix 3 prompt word for word, for its stage', () => {
    const model = pack('cafcass').pack.recordingModels['4x4x4']!;
    expect([prompts.experience.length, prompts.reflection.length, prompts.analysis.length]).toEqual([3, 9, 8]);
    expect(Object.fromEntries(model.fields.map((field) => [field.id, field.prompts]))).toEqual({
      experience: prompts.experience,
      reflection: prompts.reflection,
      analysis: prompts.analysis,
      actions: prompts.actionPlan,
    });
  });

  it('shows every appendix 3 prompt on the Teams record card, long lists folded behind Show all, and the SMART prompt of the action plan', async () => {
    const card = await teamsInvoke(harness)(TEAMS.supervisor, 'record.open', { requestId });
    const list = (questions: string[]) => questions.map((question) => `- ${question}`).join('\n');
    // Experience's three are shown; reflection's nine and analysis's eight are one press away.
    const experience = fieldContainer(card, 'f.experience').items!;
    expect(experience.filter((item) => item.type === 'TextBlock').map((item) => item.text)).toContain(list(prompts.experience));
    for (const [inputId, questions] of [
      ['f.reflection', prompts.reflection],
      ['f.analysis', prompts.analysis],
    ] as const) {
      const folded = elementsOf(fieldContainer(card, inputId).items!).filter((element) => element.type === 'Action.ShowCard');
      expect(folded.map((action) => action.title)).toEqual([`Show all ${questions.length} prompts`]);
      expect(folded[0]!.card!.body.map((element) => element.text)).toEqual([list(questions)]);
    }
    // The action plan's prompt, before the actions are agreed.
    const body = card.body as Element[];
    const plan = body.findIndex((element) => element.type === 'Container' && element.items?.[0]?.text === 'Action plan');
    expect(body[plan]!.items!.map((item) => item.text)).toEqual(['Action plan', list(prompts.actionPlan)]);
    expect(body[plan + 1]!.text).toBe('New actions: what will be done, by whom, by when');
  });

  it('shows every appendix 3 prompt in the Slack record form, under its stage, and the SMART prompt, as Slack cannot fold', async () => {
    const { click } = slackInteractions(harness);
    const since = harness.slack.calls.length;
    await click('U0SUPERV1', 'record.open', { requestId });
    const { blocks } = await openedModal(harness, since);
    const after = (blockId: string) => blocks[blocks.findIndex((block) => block.block_id === blockId) + 1];
    const bullets = (questions: string[]) => questions.map((question) => `• ${question}`).join('\n');
    expect(blockText(after('f.experience'))).toBe(bullets(prompts.experience));
    expect(blockText(after('f.reflection'))).toBe(bullets(prompts.reflection));
    expect(blockText(after('f.analysis'))).toBe(bullets(prompts.analysis));
    const plan = blocks.findIndex((block) => blockText(block) === '*Action plan*');
    expect([blocks[plan + 1]!.type, blockText(blocks[plan + 1])]).toEqual(['context', bullets(prompts.actionPlan)]);
  });
});

describe('Bexley: the case record in Slack', () => {
  let harness: BotHarness;
  let workerId: string;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'bexley' });
    workerId = (await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => harness.close());

  /** Books a case supervision for the practitioner, marks it held at `heldAt`, and opens its record form in Slack. */
  async function heldSession(date: string, heldAt: string): Promise<Modal> {
    const { click } = slackInteractions(harness);
    const sessionId = randomUUID();
    await click('U0SUPERV1', 'session.book', { bookingId: sessionId, supervisee: workerId, kind: 'case', date, time: '10:00' });
    harness.clock.advance(Date.parse(heldAt) - harness.clock.now().getTime());
    await click('U0SUPERV1', 'session.held', { sessionId });
    const since = harness.slack.calls.length;
    await click('U0SUPERV1', 'record.open', { sessionId, requestId: '' });
    return openedModal(harness, since);
  }

  /** What the Bexley case record asks, filled in as a supervisor would. */
  const filled = (overrides: Record<string, string | string[]>) => ({
    caseReference: '1048213',
    'f.case-status': ['CP', 'CWD'],
    'f.last-visit': '2026-11-20',
    'f.details-up-to-date': 'yes',
    'f.summary-up-to-date': 'yes',
    'f.chronology-up-to-date': 'yes',
    'f.notes-up-to-date': 'yes',
    'f.presenting-issues': 'A new school report about bruising.',
    'f.progress': 'The safety plan is being kept.',
    'f.working-well': 'Grandmother visits daily.',
    'f.worried': 'The bruising is not explained.',
    'f.current-scale': '6',
    'f.options': 'Strategy discussion\nUpdate the safety plan',
    'f.option-chosen': 'Update the safety plan with the family network.',
    'f.rationale': 'The network is strong and the child says they feel safe.',
    'action.1.what': 'Meet the family network',
    'action.1.owner': workerId,
    'action.1.due': '2026-12-02',
    ...overrides,
  });

  it('Bexley in Slack: case status takes several ticks, the case record asks the six points of defensible decision making and refuses one without its rationale; the record and its case-file text show them', async () => {
    const { submit, click } = slackInteractions(harness);
    const modal = await heldSession('2026-11-25', '2026-11-25T12:00:00Z');
    const status = modal.blocks.find((block) => block.block_id === 'f.case-status')!;
    expect(status.element!.type).toBe('checkboxes');
    expect(status.element!.options!.map((option) => option.value)).toEqual(['CP', 'LAC', 'CHIN', 'CWD']);
    const labels = modal.blocks.filter((block) => block.type === 'input').map((block) => block.label!.text);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Presenting issues',
        'Options available',
        'Option or course of action chosen',
        'Rationale for the decision',
        'Disagreements about the decision and course of action (optional)',
      ]),
    );
    // Nothing of case 1048213 is known before the form names it: the card says where the previous rating comes from.
    const previous = modal.blocks.findIndex((block) => block.block_id === 'f.previous-scale');
    expect(blockText(modal.blocks[previous + 1])).toBe('Left empty, it is filled in from the last record of the case, if there is one.');

    const { 'f.rationale': _left, ...withoutRationale } = filled({});
    expect(await submit('U0SUPERV1', modal, modalState(modal, withoutRationale))).toEqual({
      response_action: 'errors',
      errors: { 'f.rationale': 'Write the rationale for the decision.' },
    });
    expect(await harness.store.db.selectFrom('record').selectAll().execute()).toEqual([]);

    const since = harness.slack.calls.length;
    expect(await submit('U0SUPERV1', modal, modalState(modal, filled({})))).toBeUndefined();
    const stored = await harness.store.db.selectFrom('record').select(['id', 'content']).executeTakeFirstOrThrow();
    expect((stored.content as { values: Record<string, string> }).values['f.case-status']).toBe('CP,CWD');
    await harness.bot.dispatcher.drain();
    const toSign = postedTo(harness, 'U0WORKER1', since).find((text) => text.includes('Your supervision record to sign'))!;
    expect(toSign).toContain('*Case status*\nCP, CWD');
    expect(toSign).toContain('*Rationale for the decision*\nThe network is strong and the child says they feel safe.');

    const signedSince = harness.slack.calls.length;
    await click('U0WORKER1', 'record.sign', { recordId: stored.id });
    await harness.bot.dispatcher.drain();
    const caseFile = postedTo(harness, 'U0SUPERV1', signedSince).find((text) => text.includes('copy this to the case file'))!;
    for (const part of [
      'Case status\nCP, CWD',
      'Presenting issues\nA new school report about bruising.',
      'Options available\nStrategy discussion\nUpdate the safety plan',
      'Option or course of action chosen\nUpdate the safety plan with the family network.',
      'Rationale for the decision\nThe network is strong and the child says they feel safe.',
    ])
      expect(caseFile).toContain(part);
  });

  it("Bexley in Slack: the previous safety scale rating is the case's last one, 'Last time: 6 on Wed 25 Nov 2026' on a closure decision's form, and filled in on the next case supervision", async () => {
    const { click, submit } = slackInteractions(harness);
    harness.clock.advance(Date.parse('2026-11-25T14:00:00Z') - harness.clock.now().getTime());
    let since = harness.slack.calls.length;
    await click('U0WORKER1', 'raise.form', { triggerId: 'closure' });
    const raise = await openedModal(harness, since);
    const { requestId } = JSON.parse(raise.private_metadata) as { requestId: string };
    const story = { caseReference: '1048213', urgency: pack('bexley').pack.triggers.closure!.urgency, experience: 'Ready to close.', goal: 'Agree closure.' };
    expect(await submit('U0WORKER1', raise, modalState(raise, story))).toBeUndefined();
    await harness.bot.dispatcher.drain();

    since = harness.slack.calls.length;
    await click('U0SUPERV1', 'record.open', { requestId });
    const closure = await openedModal(harness, since);
    const previous = closure.blocks.findIndex((block) => block.block_id === 'f.previous-scale');
    expect(closure.blocks[previous]!.element!.initial_value).toBe('6');
    expect(blockText(closure.blocks[previous + 1])).toBe('Last time: 6 on Wed 25 Nov 2026.');
    const { caseReference: _known, ...decision } = filled({ 'f.current-scale': '8', 'f.previous-scale': '6', ...reviewed(closure) });
    expect(await submit('U0SUPERV1', closure, modalState(closure, decision))).toBeUndefined();

    // Two days later, the next case supervision of the case: left empty, the rating is the closure decision's 8.
    const next = await heldSession('2026-11-27', '2026-11-27T12:00:00Z');
    since = harness.slack.calls.length;
    expect(await submit('U0SUPERV1', next, modalState(next, filled({ 'action.1.due': '2026-12-04', ...reviewed(next) })))).toBeUndefined();
    await harness.bot.dispatcher.drain();
    expect(postedTo(harness, 'U0WORKER1', since).join('\n')).toContain('*Previous safety scale rating*\n8');
  });
});

describe('Cumberland: a brief discussion in Teams', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'cumberland' });
  });
  afterAll(async () => harness.close());

  it('Cumberland in Teams: a child and family supervision recorded as a brief discussion is refused without its rationale, naming the field, and its rationale goes on the case-file text', async () => {
    const invoke = teamsInvoke(harness);
    const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    const sessionId = randomUUID();
    await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind: 'case', date: '2026-11-25', time: '10:00' });
    harness.clock.advance(Date.parse('2026-11-25T12:00:00Z') - harness.clock.now().getTime());
    await invoke(TEAMS.supervisor, 'session.held', { sessionId });
    const card = await invoke(TEAMS.supervisor, 'record.open', { sessionId, requestId: '' });
    const form = inputs(card.body);
    const values: Record<string, unknown> = { sessionId, requestId: '', recordId: '', caseReference: '204518', significant: 'false', draft: 'false' };
    for (const input of form) if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
    values['f.discussion-depth'] = 'Brief discussion';
    delete values['f.brief-rationale'];
    values['action.1.what'] = 'Review the plan at the next visit';
    values['action.1.owner'] = worker.id;
    values['action.1.due'] = '2026-11-30';

    const refused = await invoke(TEAMS.supervisor, 'record.save', values);
    expect(cardText(refused)).toContain('Write “Why a brief discussion is enough”: it is needed when “Level of discussion” is “Brief discussion”.');
    expect(await harness.store.db.selectFrom('record').selectAll().execute()).toEqual([]);

    const rationale = 'Permanence agreed and settled for two years; nothing has changed.';
    expect(cardText(await invoke(TEAMS.supervisor, 'record.save', { ...values, 'f.brief-rationale': rationale }))).toContain('Sent to Social Worker C to sign');
    const record = await harness.store.db.selectFrom('record').select('id').executeTakeFirstOrThrow();
    expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', { recordId: record.id }))).toContain('You agreed and signed the record.');
    const caseFile = await harness.store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', `record:${record.id}:signed`).executeTakeFirstOrThrow();
    const text = (caseFile.payload as { view: { data: { text: string } } }).view.data.text;
    expect(text).toContain(`Level of discussion\nBrief discussion\n\nWhy a brief discussion is enough\n${rationale}`);
  });
});
