// Each of Cafcass's eight triggers from raise to signed record over HTTP, once through Teams and once
// through Slack, as the platforms send it; and no outgoing message carries a child's name.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';

const triggers = Object.entries(pack('cafcass').pack.triggers);
// Invented children's names a practitioner might be tempted to type. None may ever leave the bot.
const childrenNames = ['Jayden Okoro', 'Amelia Hart', 'Tyler Brooks'];

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

type Card = { body: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card & { body: { id?: string; choices?: { value: string }[] }[] };
};
const recordValues = { 'f.experience': 'What happened at the visit.', 'f.reflection': 'How it felt.', 'f.analysis': 'What it means for the child.' };

describe('eight triggers over HTTP', () => {
  it('walks each through Teams: raise, accept, record, sign', async () => {
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, text: 'help' }));
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: 'help' }));
    for (const [triggerId, trigger] of triggers) {
      const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId });
      const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
      // A child's name in the case reference is refused, and nothing is sent.
      const named = await invoke(TEAMS.practitioner, 'raise.submit', {
        ...submit.data,
        caseReference: childrenNames[0],
        urgency: trigger.urgency,
        experience: 'x',
        goal: 'y',
        availability: '',
        askInstead: 'own',
      });
      expect(cardText(named)).toContain('Never type a child');
      const sent = await invoke(TEAMS.practitioner, 'raise.submit', {
        ...submit.data,
        caseReference: 'CF-204518',
        urgency: trigger.urgency,
        experience: 'What happened.',
        goal: 'What I need.',
        availability: '',
        askInstead: 'own',
      });
      expect(cardText(sent), triggerId).toContain('Sent to Practice Supervisor B');
      const requestId = submit.data!.requestId as string;
      expect(cardText(await invoke(TEAMS.supervisor, 'trigger.accept', { requestId }))).toContain('You accepted this request');
      const recordCard = await invoke(TEAMS.supervisor, 'record.open', { requestId });
      const owner = recordCard.body
        .flatMap((item) => (item as { items?: { id?: string; choices?: { value: string }[] }[] }).items ?? [])
        .find((item) => item.id === 'action.1.owner')!.choices![0]!.value;
      // Actions agreed for the earlier triggers on this case come up for review: mark them done.
      const previous = recordCard.body.flatMap((item) => (item as { items?: { id?: string }[] }).items ?? []).filter((item) => item.id?.startsWith('prev.'));
      const saved = await invoke(TEAMS.supervisor, 'record.save', {
        requestId,
        ...Object.fromEntries(previous.map((item) => [item.id!, 'done'])),
        ...recordValues,
        'action.1.what': `Follow up ${trigger.code}`,
        'action.1.owner': owner,
        'action.1.due': '2026-11-30',
        significant: 'false',
        draft: 'false',
      });
      expect(cardText(saved), triggerId).toContain('Sent to Social Worker C to sign');
      await harness.bot.dispatcher.drain();
      const record = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
      expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', { recordId: record.id }))).toContain('You agreed and signed the record.');
      await harness.bot.dispatcher.drain();
    }
    const signed = await harness.store.db.selectFrom('trigger_request').select('state').where('state', '=', 'signed').execute();
    expect(signed).toHaveLength(8);
  });

  it('walks each through Slack: the modal, the buttons, the signature', async () => {
    const post = async (payload: Record<string, unknown>) => {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
      expect(response.status).toBe(200);
      const text = await response.text();
      return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    };
    const click = (user: string, verb: string, value: Record<string, unknown>) =>
      post({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: user },
        api_app_id: 'A0TEST',
        trigger_id: `t-${randomUUID()}`,
        response_url: `${harness.slack.responseUrl}${verb}`,
        actions: [{ type: 'button', action_id: verb, block_id: 'b', value: JSON.stringify(value), action_ts: '1' }],
      });
    const lastOpened = async (since: number) => {
      await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
      return harness.slack.calls
        .slice(since)
        .filter((call) => call.method === 'views.open')
        .at(-1)!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] };
    };
    const submit = (user: string, view: { callback_id: string; private_metadata: string }, values: Record<string, Record<string, unknown>>) =>
      post({
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: user },
        api_app_id: 'A0TEST',
        view: { id: 'V0TEST', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
      });
    const text = (id: string, value: string) => ({ [id]: { [id]: { type: 'plain_text_input', value } } });

    // From here on the supervisor is reached in Slack: forget their Teams conversation.
    await harness.store.db
      .updateTable('chat_identity')
      .set({ conversation_reference: null, direct_conversation_id: null })
      .where('platform', '=', 'teams')
      .execute();
    for (const [triggerId, trigger] of triggers) {
      let since = harness.slack.calls.length;
      await click('U0WORKER1', 'raise.form', { triggerId });
      const raiseView = await lastOpened(since);
      expect(raiseView.callback_id).toBe('raise.submit');
      const { requestId } = JSON.parse(raiseView.private_metadata) as { requestId: string };
      const done = await submit('U0WORKER1', raiseView, {
        ...text('caseReference', 'CF-204518'),
        urgency: { urgency: { type: 'static_select', selected_option: { value: trigger.urgency } } },
        ...text('experience', 'What happened.'),
        ...text('goal', 'What I need.'),
        ...text('availability', ''),
      });
      expect(done, triggerId).toBeUndefined();
      await harness.bot.dispatcher.drain();
      const toSupervisor = harness.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0SUPERV1').at(-1)!;
      expect(JSON.stringify(toSupervisor.args.blocks)).toContain(requestId);

      await click('U0SUPERV1', 'trigger.accept', { requestId });
      since = harness.slack.calls.length;
      await click('U0SUPERV1', 'record.open', { requestId });
      const recordView = await lastOpened(since);
      const owner = recordView.blocks.find((block) => block.block_id === 'action.1.owner')!.element!.options![0]!.value;
      const reviewed = Object.fromEntries(
        recordView.blocks
          .filter((block) => block.block_id?.startsWith('prev.'))
          .map((block) => [block.block_id!, { [block.block_id!]: { type: 'static_select', selected_option: { value: 'done' } } }]),
      );
      const saved = await submit('U0SUPERV1', recordView, {
        ...reviewed,
        ...text('f.experience', recordValues['f.experience']),
        ...text('f.reflection', recordValues['f.reflection']),
        ...text('f.analysis', recordValues['f.analysis']),
        ...text('action.1.what', `Follow up ${trigger.code}`),
        'action.1.owner': { 'action.1.owner': { type: 'static_select', selected_option: { value: owner } } },
        'action.1.due': { 'action.1.due': { type: 'datepicker', selected_date: '2026-11-30' } },
      });
      expect(saved, triggerId).toBeUndefined();
      await harness.bot.dispatcher.drain();
      const record = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
      await click('U0WORKER1', 'record.sign', { recordId: record.id });
      await expect
        .poll(async () => (await harness.store.db.selectFrom('trigger_request').select('state').where('id', '=', requestId).executeTakeFirstOrThrow()).state)
        .toBe('signed');
      await harness.bot.dispatcher.drain();
    }
  });

  it("sent no child's name anywhere, on either platform", async () => {
    const outgoing = JSON.stringify([
      harness.connector.sent,
      harness.slack.calls,
      harness.slack.responses,
      await harness.store.db.selectFrom('outbox').select('payload').execute(),
    ]);
    expect(outgoing.length).toBeGreaterThan(10_000);
    for (const name of childrenNames) expect(outgoing).not.toContain(name);
    expect(outgoing).toContain('CF-204518');
  });
});
