// What the disagreement form promises happens: with a pack that names nobody to settle disputes
// (Cafcass), the supervisor's own manager is told, as the form says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { fieldValue, inputs, type Card } from '../support/walk.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

const invoke = async (from: (typeof TEAMS)['practitioner'], verb: string, data: Record<string, unknown> = {}) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};

describe('a record signed with a disagreement, in Cafcass', () => {
  it("tells the supervisor and their manager, as the form promises", async () => {
    const form = await invoke(TEAMS.practitioner, 'raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;
    const story = { caseReference: 'CF-204520', urgency: 'urgent', experience: 'What happened.', goal: 'What I need.', availability: '' };
    expect(cardText(await invoke(TEAMS.practitioner, 'raise.submit', { ...submit.data, ...story }))).toContain('Sent to');
    const record = inputs((await invoke(TEAMS.supervisor, 'record.open', { requestId })).body);
    const values: Record<string, string> = { requestId, significant: 'false', draft: 'false' };
    for (const input of record) if (input.id?.startsWith('f.')) values[input.id] = fieldValue(input.type, { min: input.min, firstChoice: input.choices?.[0]?.value });
    values['action.1.what'] = 'Refer to the local authority';
    values['action.1.owner'] = record.find((input) => input.id === 'action.1.owner')!.choices![0]!.value;
    values['action.1.due'] = '2026-11-30';
    expect(cardText(await invoke(TEAMS.supervisor, 'record.save', values))).toContain('to sign');
    const saved = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();

    const disagreeForm = await invoke(TEAMS.practitioner, 'record.disagree', { recordId: saved.id });
    expect(cardText(disagreeForm)).toContain('your supervisor and their manager are told');
    // A way back in Teams, where this form took the record card's place (in Slack, Cancel goes back to it).
    expect(JSON.stringify(disagreeForm.body)).toContain(
      JSON.stringify({ type: 'Action.Execute', title: 'Agree and sign instead', verb: 'record.sign', data: { recordId: saved.id }, fallback: 'drop' }),
    );
    const calls = harness.slack.calls.length;
    expect(cardText(await invoke(TEAMS.practitioner, 'record.dispute', { recordId: saved.id, comment: 'The analysis leaves out the school’s view.' }))).toContain(
      'your disagreement is recorded',
    );
    await harness.bot.dispatcher.drain();
    // The manager (reached in Slack) is told; so is the supervisor who wrote it.
    const toManager = harness.slack.calls.slice(calls).filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0MANAGER');
    expect(toManager.map((call) => String(call.args.text))).toEqual([expect.stringContaining('was signed with a disagreement')]);
    const toSupervisor = await harness.store.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', '=', `record:${saved.id}:signed`).execute();
    expect(toSupervisor).toHaveLength(1);
  });
});
