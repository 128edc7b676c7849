// "/supervision group setup" in a team channel, over HTTP as each platform sends it: the form, the
// binding from the platform's own channel (not from the card's data), a practitioner refused, and the
// first post delivered to the channel itself, with nothing about a case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';

const SETUP = '7c3d9e2f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('group setup in a Teams channel', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  });
  afterAll(async () => harness.close());

  /** A channel message or button, in the thread of an earlier post, as Teams sends them. */
  const inChannel = (options: Parameters<typeof teamsActivity>[1]) => {
    const activity = teamsActivity(harness, { ...options, conversationType: 'channel' });
    return { ...activity, conversation: { ...activity.conversation, id: '19:channel@thread.tacv2;messageid=1700000000000' } };
  };

  it('shows the form in the channel, binds the channel the activity came from, and posts there', async () => {
    await postTeams(harness, inChannel({ from: TEAMS.supervisor, text: '<at>Supervision</at> group setup' }));
    const reply = harness.connector.sent.at(-1)!;
    expect(decodeURIComponent(reply.path)).toContain('/v3/conversations/19:channel@thread.tacv2;messageid=1700000000000/activities');
    const form = (reply.activity.attachments as { content: { body: { type: string; id?: string }[] } }[])[0]!.content;
    expect(form.body.filter((item) => item.type.startsWith('Input.')).map((item) => item.id)).toEqual(['team', 'date', 'time', 'duration']);

    const team = await harness.store.db.selectFrom('person').select('team_id').where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow();
    const data = { setupId: SETUP, channel: '19:someone-elses@thread.tacv2', team: team.team_id, date: '2026-12-01', time: '10:00', duration: '90' };
    const practitioner = await postTeams(harness, inChannel({ from: TEAMS.practitioner, invoke: { verb: 'group.setup', data } }));
    expect(cardText(practitioner.body!.value)).toContain('Only for supervisors and managers');

    const setUp = await postTeams(harness, inChannel({ from: TEAMS.supervisor, invoke: { verb: 'group.setup', data } }));
    expect(setUp.status).toBe(200);
    expect(cardText(setUp.body!.value)).toContain("This channel now has North's group supervision. The first session is Tue 1 Dec 2026 10:00, 90 minutes");
    const bound = await harness.store.db.selectFrom('group_channel').selectAll().executeTakeFirstOrThrow();
    expect(bound).toMatchObject({ platform: 'teams', conversation_id: '19:channel@thread.tacv2' });
    expect(bound.conversation_reference).toMatchObject({ serviceUrl: harness.connector.url, conversation: { id: '19:channel@thread.tacv2' } });
    expect(bound.conversation_reference).not.toHaveProperty('activityId');

    // Other commands in the channel still answer only with a way to a private chat.
    await postTeams(harness, inChannel({ from: TEAMS.practitioner, text: '<at>Supervision</at> upcoming' }));
    expect(cardText((harness.connector.sent.at(-1)!.activity.attachments as { content: unknown }[])[0]!.content)).toContain("Let's talk in private");

    const before = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const posts = harness.connector.sent
      .slice(before)
      .filter((sent) => decodeURIComponent(sent.path).includes('/v3/conversations/19:channel@thread.tacv2/activities'));
    expect(posts).toHaveLength(1);
    const text = cardText((posts[0]!.activity.attachments as { content: unknown }[])[0]!.content);
    expect(text).toContain('Group supervision is set up here');
    expect(text).toContain('Facilitators\nPractice Supervisor B and Team Manager A');
    expect(text).toContain('Presenting\nSocial Worker C');
  });
});

describe('group setup in a Slack channel', () => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot();
  });
  afterAll(async () => harness.close());

  const post = async (form: Record<string, string>) => {
    const body = new URLSearchParams(form).toString();
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    const text = await response.text();
    return { status: response.status, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  type Block = { type: string; block_id?: string; element?: { type: string; action_id: string; initial_option?: { value: string } } };

  it('opens the form as a modal, binds the channel the command came from, and posts there', async () => {
    const calls = harness.slack.calls.length;
    await post({
      team_id: 'T0TEST',
      channel_id: 'C0NORTH',
      user_id: 'U0SUPERV1',
      command: '/supervision',
      text: 'group setup',
      response_url: `${harness.slack.responseUrl}setup`,
      trigger_id: 'trigger-setup',
    });
    await expect.poll(() => harness.slack.calls.slice(calls).some((call) => call.method === 'views.open')).toBe(true);
    const view = harness.slack.calls.slice(calls).find((call) => call.method === 'views.open')!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Block[];
    };
    expect(view.callback_id).toBe('group.setup');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channel: 'C0NORTH' });

    const values: Record<string, unknown> = { date: { selected_date: '2026-12-01' }, time: { selected_time: '10:00' }, duration: { value: '90' } };
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks.filter((candidate) => candidate.type === 'input')) {
      const element = block.element!;
      const chosen = block.block_id === 'team' ? { selected_option: element.initial_option } : values[block.block_id!];
      state[block.block_id!] = { [element.action_id]: { type: element.type, ...(chosen as object) } };
    }
    const submit = (user: string) =>
      post({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T0TEST' },
          user: { id: user },
          api_app_id: 'A0TEST',
          view: { id: 'V0TEST', type: 'modal', callback_id: 'group.setup', private_metadata: view.private_metadata, state: { values: state } },
        }),
      });
    const refused = harness.slack.calls.length;
    await submit('U0WORKER1');
    await expect.poll(() => harness.slack.calls.slice(refused).some((call) => call.method === 'chat.postMessage')).toBe(true);
    expect(JSON.stringify(harness.slack.calls.slice(refused).find((call) => call.method === 'chat.postMessage')!.args)).toContain(
      'Only for supervisors and managers',
    );

    const accepted = harness.slack.calls.length;
    await submit('U0SUPERV1');
    await expect.poll(() => harness.slack.calls.slice(accepted).some((call) => call.method === 'chat.postMessage')).toBe(true);
    const answer = harness.slack.calls.slice(accepted).find((call) => call.method === 'chat.postMessage')!.args;
    expect(answer.channel).toBe('U0SUPERV1');
    expect(JSON.stringify(answer.blocks)).toContain("This channel now has North's group supervision");
    expect(await harness.store.db.selectFrom('group_channel').select(['platform', 'conversation_id']).execute()).toEqual([
      { platform: 'slack', conversation_id: 'C0NORTH' },
    ]);

    const before = harness.slack.calls.length;
    await harness.bot.dispatcher.drain();
    const posts = harness.slack.calls.slice(before).filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'C0NORTH');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.text).toBe('Group supervision is set up in this channel: the first session is Tue 1 Dec 2026 10:00');
  });
});
