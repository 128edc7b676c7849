// A trigger from raise to signed record, as Teams or Slack send it, filling whatever the pack's
// recording model asks for. Used by the end-to-end walks.
import { expect } from 'vitest';
import type { Trigger } from '../../src/domain/policy/schema.js';
import { cardText, postTeams, TEAMS, teamsActivity, type BotHarness } from './botServer.js';
import { slackInteractions } from './slackInteractions.js';

type Element = { type?: string; id?: string; min?: number; choices?: { value: string }[]; items?: Element[] };
export type Card = { body: Element[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };

export const inputs = (elements: Element[]): Element[] => elements.flatMap((element) => [element, ...inputs(element.items ?? [])]);

type TeamsPerson = (typeof TEAMS)['practitioner'];

/** A person's Teams chat with the bot: a button they press (the card answered), and what reaches them next. */
export function teamsChat(harness: () => BotHarness) {
  return {
    invoke: async (from: TeamsPerson, verb: string, data: Record<string, unknown> = {}): Promise<Card> => {
      const response = await postTeams(harness(), teamsActivity(harness(), { from, invoke: { verb, data } }));
      expect(response.status).toBe(200);
      return response.body!.value as Card;
    },
    /** What the dispatcher delivers next to one person's personal chat, as cards. */
    delivered: async (to: TeamsPerson): Promise<Card[]> => {
      const before = harness().connector.sent.length;
      await harness().bot.dispatcher.drain();
      return harness()
        .connector.sent.slice(before)
        .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${to.id}`))
        .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);
    },
  };
}

/** A value for each field of the record form, of the kind the field takes. */
export function fieldValue(type: string | undefined, element: { min?: number; firstChoice?: string }): string {
  if (type === 'Input.Number' || type === 'number_input') return String(element.min ?? 0);
  if (type === 'Input.ChoiceSet' || type === 'static_select' || type === 'checkboxes' || type === 'multi_static_select') return element.firstChoice ?? '';
  if (type === 'Input.Date' || type === 'datepicker') return '2026-11-20';
  return 'Written.';
}

export async function walkTeams(harness: BotHarness, triggerId: string, trigger: Trigger, caseReference: string): Promise<void> {
  const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
    const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
    expect(response.status).toBe(200);
    return response.body!.value as Card;
  };
  const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId });
  const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
  const story = { urgency: trigger.urgency, experience: 'What happened.', goal: 'What I need.', availability: '', askInstead: 'own' };
  // A request kept on the personal supervision file asks for no case reference: none is sent.
  const withCase = inputs(form.body).some((input) => input.id === 'caseReference');
  if (withCase)
    expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, caseReference: 'Jayden Okoro' }))).toContain(
      'Never type a child',
    );
  expect(
    cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, caseReference: withCase ? caseReference : '' })),
    triggerId,
  ).toContain('Sent to Practice Supervisor B');
  const requestId = submit.data!.requestId as string;
  expect(cardText(await invoke(TEAMS.supervisor, 'trigger.accept', { requestId }))).toContain('You accepted this request');
  const record = inputs((await invoke(TEAMS.supervisor, 'record.open', { requestId })).body);
  const values: Record<string, string> = { requestId, significant: 'false', draft: 'false' };
  for (const input of record) {
    if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
    if (input.id?.startsWith('prev.')) values[input.id] = 'done'; // actions agreed before, on this case
  }
  values['action.1.what'] = `Follow up ${triggerId}`;
  values['action.1.owner'] = record.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
  values['action.1.due'] = '2026-11-30';
  expect(cardText(await invoke(TEAMS.supervisor, 'record.save', values)), triggerId).toContain('Sent to Social Worker C to sign');
  await harness.bot.dispatcher.drain();
  const saved = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
  expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', { recordId: saved.id }))).toContain('You agreed and signed the record.');
  await harness.bot.dispatcher.drain();
}

export async function walkSlack(harness: BotHarness, triggerId: string, trigger: Trigger, caseReference: string): Promise<void> {
  const { click, submit } = slackInteractions(harness);
  type Block = { block_id?: string; element?: { type?: string; min_value?: string; options?: { value: string }[] } };
  const opened = async (since: number) => {
    await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
    return harness.slack.calls
      .slice(since)
      .filter((call) => call.method === 'views.open')
      .at(-1)!.args.view as { callback_id: string; private_metadata: string; blocks: Block[] };
  };
  const state = (id: string, type: string | undefined, value: string) => {
    const element = { type: type ?? 'plain_text_input' } as Record<string, unknown>;
    if (type === 'static_select') element.selected_option = { value };
    else if (type === 'checkboxes' || type === 'multi_static_select') element.selected_options = [{ value }];
    else if (type === 'datepicker') element.selected_date = value;
    else element.value = value;
    return { [id]: { [id]: element } };
  };

  let since = harness.slack.calls.length;
  await click('U0WORKER1', 'raise.form', { triggerId });
  const raise = await opened(since);
  const { requestId } = JSON.parse(raise.private_metadata) as { requestId: string };
  const withCase = raise.blocks.some((block) => block.block_id === 'caseReference');
  const raised = await submit('U0WORKER1', raise, {
    ...(withCase ? state('caseReference', 'plain_text_input', caseReference) : {}),
    ...state('urgency', 'static_select', trigger.urgency),
    ...state('experience', 'plain_text_input', 'What happened.'),
    ...state('goal', 'plain_text_input', 'What I need.'),
  });
  expect(raised, triggerId).toBeUndefined();
  await harness.bot.dispatcher.drain();
  await click('U0SUPERV1', 'trigger.accept', { requestId });
  since = harness.slack.calls.length;
  await click('U0SUPERV1', 'record.open', { requestId });
  const record = await opened(since);
  let values: Record<string, Record<string, unknown>> = {};
  for (const block of record.blocks) {
    const id = block.block_id ?? '';
    if (id.startsWith('f.'))
      values = {
        ...values,
        ...state(
          id,
          block.element?.type,
          fieldValue(block.element?.type, { min: Number(block.element?.min_value ?? 0), firstChoice: block.element?.options?.[0]?.value }),
        ),
      };
    if (id.startsWith('prev.')) values = { ...values, ...state(id, 'static_select', 'done') };
  }
  const owner = record.blocks.find((block) => block.block_id === 'action.1.owner')!.element!.options![0]!.value;
  const saved = await submit('U0SUPERV1', record, {
    ...values,
    ...state('action.1.what', 'plain_text_input', `Follow up ${triggerId}`),
    ...state('action.1.owner', 'static_select', owner),
    ...state('action.1.due', 'datepicker', '2026-11-30'),
  });
  expect(saved, `${triggerId}: ${JSON.stringify(saved)}`).toBeUndefined();
  await harness.bot.dispatcher.drain();
  const row = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
  await click('U0WORKER1', 'record.sign', { recordId: row.id });
  await expect
    .poll(async () => (await harness.store.db.selectFrom('trigger_request').select('state').where('id', '=', requestId).executeTakeFirstOrThrow()).state)
    .toBe('signed');
  await harness.bot.dispatcher.drain();
}
