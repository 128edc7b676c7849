// Words that name something every JavaScript object has (constructor, __proto__, toString) are just
// unknown words: a command, a button's verb or a trigger id is looked up among the bot's own, never
// among an object's inherited properties. Through the router, and through Slack and Teams over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { cardText, postTeams, SIGNING_SECRET, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { flowSetup, raise } from '../support/flowSetup.js';

const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const REQUEST = '5b1e7c2a-3d4f-4a6b-9c8d-7e6f5a4b3c2d';
const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;

describe.each(databases)('unknown words on $name', (database) => {
  let store: Store;

  async function setup() {
    const { store: opened, context, people } = await flowSetup(database, { policy: 'cafcass', directory });
    store = opened;
    return { context, worker: people.worker! };
  }

  it.each(INHERITED)('answers the command %s with the help card, naming the word', async (word) => {
    const { context, worker } = await setup();
    const typed = await runCommand(context, worker, `/supervision ${word}`);
    expect(typed.view).toMatchObject({ card: 'help', data: { unknownCommand: word.toLowerCase() } });
    const pressed = await runAction(context, worker, word, {});
    expect(pressed.view).toMatchObject({ card: 'help', data: { unknownCommand: word } });
  });

  it.each(INHERITED)('refuses a trigger named %s, and stores nothing', async (word) => {
    const { context, worker } = await setup();
    const form = await runAction(context, worker, 'raise.form', { triggerId: word });
    expect(form.view.data).toMatchObject({ title: 'Something was wrong with that' });
    const raised = await raise(context, worker, REQUEST, { triggerId: word });
    expect(raised.view.data).toMatchObject({
      title: 'Something was wrong with that',
      text: 'That trigger is not in your organisation’s policy. Start again with /supervision raise.',
    });
    expect(await store.db.selectFrom('trigger_request').select('id').execute()).toEqual([]);
    expect(await store.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });
});

describe('unknown words over Slack and Teams', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  });
  afterAll(async () => harness.close());

  async function postSlack(form: Record<string, string>) {
    const body = new URLSearchParams(form).toString();
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    return { status: response.status, text: await response.text() };
  }

  it.each(['constructor', '__proto__'])('answers "/supervision %s" on Slack with the help card at once', async (word) => {
    const answer = await postSlack({
      token: 'legacy',
      team_id: 'T0TEST',
      channel_id: 'C0GENERAL',
      user_id: 'U0WORKER1',
      command: '/supervision',
      text: word,
      response_url: `${harness.slack.responseUrl}U0WORKER1`,
      trigger_id: 'trigger-U0WORKER1',
    });
    expect(answer.status).toBe(200);
    // Slack's mrkdwn shows __proto__ as bold "proto" (the word as text is issue 16's item 11): the word, unknown.
    expect(answer.text).toMatch(new RegExp(`I did not understand “[_*\\\\]*${word.replaceAll('_', '')}[_*\\\\]*”`));
  });

  it.each(['constructor', '__proto__', 'toString'])('answers a Slack button whose verb is %s with the help card', async (word) => {
    const before = harness.slack.responses.length;
    const answer = await postSlack({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: 'U0WORKER1' },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-${word}`,
        response_url: `${harness.slack.responseUrl}${word}`,
        container: { type: 'message', is_ephemeral: true },
        actions: [{ type: 'button', action_id: word, block_id: 'b1', value: '{}', action_ts: '1' }],
      }),
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
    expect(JSON.stringify(harness.slack.responses.at(-1)!.blocks)).toMatch(new RegExp(`I did not understand “[_*\\\\]*${word.replaceAll('_', '')}[_*\\\\]*”`));
  });

  it.each(['constructor', '__proto__', 'toString'])('answers "%s" in Teams with the help card, not "something went wrong"', async (word) => {
    const typed = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: `/supervision ${word}` }));
    expect(typed.status).toBe(200);
    const reply = harness.connector.sent.at(-1)!.activity;
    // Shown as typed: the card escapes its markdown (\_\_proto\_\_ reads as __proto__).
    expect(unescaped(cardText(reply))).toContain(`I did not understand “${word.toLowerCase()}”`);
    const pressed = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: word } }));
    expect(pressed.status).toBe(200);
    expect(unescaped(cardText(pressed.body!.value))).toContain(`I did not understand “${word}”`);
  });
});

/** Card text as a person reads it: markdown escapes shown as the characters they stand for. */
function unescaped(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
