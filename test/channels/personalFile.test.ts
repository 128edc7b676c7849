// Not every request is about a child (issue 18): Cafcass Cymru keeps non-case discussions on the practitioner's
// supervision file (2.2), Cafcass keeps reflective supervision off the child's record (4.4, standard 8). Such a
// request asks for no case reference, its record goes on the personal file, and no text for a case file comes of
// it; over HTTP, as Teams and Slack send it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackInteractions } from '../support/slackInteractions.js';
import { inputs, type Card } from '../support/walk.js';

type Payload = { view: { card: string; data: Record<string, unknown> } };
const queued = async (harness: BotHarness, key: string) =>
  (await harness.store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).payload as Payload;

describe('Cafcass Cymru personal support in Teams', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'cafcass-cymru' });
    for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
  });
  afterAll(async () => harness.close());
  const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
    const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
    expect(response.status).toBe(200);
    return response.body!.value as Card;
  };

  it('asks for no case reference, refuses one sent anyway, and reaches the supervisor kept on the personal supervision file', async () => {
    const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'personal-support' });
    expect(inputs(form.body).map((input) => input.id)).not.toContain('caseReference');
    expect(cardText(form)).toContain("This is kept on your personal supervision file, not a child's record, so no case reference is needed.");
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const story = { urgency: 'routine', experience: 'A hard week at home.', goal: 'Time to talk it through.', availability: '' };

    const refused = await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story, caseReference: '123456' });
    expect(cardText(refused)).toContain(
      "This request is kept on your personal supervision file, not a child's record, so it takes no case reference. Leave the case reference out.",
    );
    expect(await harness.store.db.selectFrom('trigger_request').select('id').execute()).toHaveLength(0);

    const sent = await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story });
    expect(cardText(sent)).toContain('Sent to Practice Supervisor B');
    expect(cardText(sent)).not.toContain('Case reference');
    const requestId = submit.data!.requestId as string;
    const stored = await harness.store.db.selectFrom('trigger_request').select('case_reference').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(stored.case_reference).toBeNull();

    const toSupervisor = await queued(harness, `trigger:${requestId}:assigned:0:${(await supervisorId(harness))!}`);
    expect(toSupervisor.view.card).toBe('trigger-request');
    expect(JSON.stringify(toSupervisor.view.data.facts)).toContain("The personal supervision file, not a child's record");
    expect(JSON.stringify(toSupervisor)).not.toContain('Case reference');
    expect(JSON.stringify(toSupervisor)).not.toContain('null');
  });

  it('is recorded with no case reference and no action (2.2: actions if relevant), and once signed gives no text for the case file', async () => {
    const request = await harness.store.db.selectFrom('trigger_request').select('id').executeTakeFirstOrThrow();
    expect(cardText(await invoke(TEAMS.supervisor, 'trigger.accept', { requestId: request.id }))).toContain('You accepted this request');
    const recordForm = await invoke(TEAMS.supervisor, 'record.open', { requestId: request.id });
    const ids = inputs(recordForm.body).map((input) => input.id);
    expect(ids).not.toContain('caseReference');
    expect(ids).toContain('f.discussion');

    // Key details only: no decisions, no actions, as the Cymru record asks only "if relevant".
    const saved = await invoke(TEAMS.supervisor, 'record.save', {
      requestId: request.id,
      'f.discussion': 'Talked through workload and leave.',
      significant: 'false',
      draft: 'false',
    });
    expect(cardText(saved)).toContain('Sent to Social Worker C to sign');
    const record = await harness.store.db.selectFrom('record').selectAll().where('trigger_request_id', '=', request.id).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ stored_on: 'personal-record', case_reference: null });
    await harness.bot.dispatcher.drain();
    const toSign = await queued(harness, `record:${record.id}:sign`);
    expect(JSON.stringify(toSign)).not.toMatch(/case null|undefined/);

    expect(cardText(await invoke(TEAMS.practitioner, 'record.sign', { recordId: record.id }))).toContain('You agreed and signed the record.');
    const signed = await queued(harness, `record:${record.id}:signed`);
    expect(signed.view.card).not.toBe('case-file');
    expect(cardText(signed.view.data)).toContain('It is kept on their personal supervision record, not the case file.');
    expect(JSON.stringify(signed)).not.toContain('copy this to the case file');
  });

  it('gives the signed record as a file for the personal supervision file, named with no case, not as case-file text', async () => {
    const record = await harness.store.db.selectFrom('record').select(['id', 'trigger_request_id']).executeTakeFirstOrThrow();
    const before = harness.connector.sent.length;
    const pressed = await postTeams(
      harness,
      teamsActivity(harness, {
        from: TEAMS.practitioner,
        invoke: { verb: 'record.download', data: { recordId: record.id, requestId: record.trigger_request_id, sessionId: '' } },
      }),
    );
    expect(pressed.status).toBe(200);
    const consent = (harness.connector.sent.slice(before)[0]!.activity as { attachments: { name: string; content: { description: string } }[] })
      .attachments[0]!;
    expect(consent.name).toMatch(/^supervision-personal-2026-11-23-v1-[0-9a-f]{6}\.txt$/);
    expect(consent.content.description).toBe('The signed supervision record, as plain text: for the personal supervision file, not the case file.');
  });
});

describe('Cafcass reflective supervision in Slack', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'cafcass' });
  });
  afterAll(async () => harness.close());

  it('opens a form with no case reference, and sends the supervisor a request kept on the personal supervision file', async () => {
    const { click, submit } = slackInteractions(harness);
    const since = harness.slack.calls.length;
    await click('U0WORKER1', 'raise.form', { triggerId: 'reflective' });
    await expect.poll(() => harness.slack.calls.slice(since).some((call) => call.method === 'views.open')).toBe(true);
    const view = harness.slack.calls.slice(since).find((call) => call.method === 'views.open')!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string }[];
    };
    expect(view.blocks.map((block) => block.block_id)).not.toContain('caseReference');
    expect(JSON.stringify(view.blocks)).toContain('kept on your personal supervision file');

    const answer = await submit('U0WORKER1', view, {
      urgency: { urgency: { type: 'static_select', selected_option: { value: 'routine' } } },
      experience: { experience: { type: 'plain_text_input', value: 'Two hard court days in a row.' } },
      goal: { goal: { type: 'plain_text_input', value: 'Reflect on how I am managing.' } },
    });
    expect(answer).toBeUndefined(); // the modal closes; the confirmation comes as a message
    const { requestId } = JSON.parse(view.private_metadata) as { requestId: string };
    const stored = await harness.store.db
      .selectFrom('trigger_request')
      .select(['case_reference', 'trigger_id'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ case_reference: null, trigger_id: 'reflective' });

    await harness.bot.dispatcher.drain();
    const toSupervisor = harness.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0SUPERV1');
    expect(toSupervisor).toHaveLength(1);
    const text = JSON.stringify(toSupervisor[0]!.args);
    expect(text).toContain("The personal supervision file, not a child's record");
    expect(text).toContain('Reflective supervision: about me, not a child');
    expect(text).not.toContain('Case reference');
    expect(text).not.toContain('null');
  });
});

async function supervisorId(harness: BotHarness) {
  return (await harness.store.db.selectFrom('person').select('id').where('email', '=', 'supervisor@example.org').executeTakeFirst())?.id;
}
