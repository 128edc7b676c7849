// "/supervision group setup" in a team channel, over HTTP as each platform sends it: the form, the
// binding from the platform's own channel (not from the card's data), a practitioner refused, and the
// first post delivered to the channel itself, with nothing about a case. Then the session is moved and
// cancelled from the group card: someone else refused, the channel told the reason's category only.
// Last, the group is moved to another channel with "group move" typed there, and both channels are told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { slackInteractions } from '../support/slackInteractions.js';

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

  it('shows the form in the channel, binds the channel the activity came from, and posts there; moves and cancels from a private chat', async () => {
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

    // In a private chat, the facilitator's group card has Move it and Cancel it; someone else's press is refused.
    const personal = async (from: (typeof TEAMS)['supervisor'], verb: string, data: Record<string, unknown>) =>
      (await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }))).body!.value as {
        actions?: { verb: string; data: Record<string, unknown> }[];
      };
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, text: 'group' }));
    const card = (
      harness.connector.sent.at(-1)!.activity.attachments as { content: { actions: { title: string; verb: string; data: { sessionId: string } }[] } }[]
    )[0]!.content;
    expect(card.actions.map((action) => action.title)).toEqual(['Move it', 'Cancel it']);
    const { sessionId } = card.actions[0]!.data;
    expect(cardText(await personal(TEAMS.practitioner, 'group.move-form', { sessionId }))).toContain("This isn't yours to act on");
    const moveForm = await personal(TEAMS.supervisor, 'group.move-form', { sessionId });
    expect(moveForm.actions!.map((action) => action.verb)).toEqual(['group.move']);
    const change = { sessionId, date: '2026-12-02', time: '14:00', reason: 'Illness', note: 'Amelia Hart is unwell' };
    expect(cardText(await personal(TEAMS.supervisor, 'group.move', change))).toContain(
      "North's together group supervision is now Wed 2 Dec 2026 14:00, 90 minutes.",
    );
    expect(cardText(await personal(TEAMS.supervisor, 'group.move', change))).toContain('Already at that time');
    const rebook = await personal(TEAMS.supervisor, 'group.cancel', { sessionId, reason: 'Leave' });
    expect(rebook.actions!.map((action) => action.verb)).toEqual(['group.rebook']);

    // The channel is told each time, with the reason's category and never the note; the practitioner privately.
    const sent = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const delivered = harness.connector.sent.slice(sent);
    const inChannelNow = delivered
      .filter((item) => decodeURIComponent(item.path).includes('/v3/conversations/19:channel@thread.tacv2/activities'))
      .map((item) => cardText((item.activity.attachments as { content: unknown }[])[0]!.content));
    expect(inChannelNow).toHaveLength(2);
    expect(inChannelNow[0]).toContain('Moved from Tue 1 Dec 2026 10:00, for illness.');
    expect(inChannelNow[1]).toContain('Together group supervision for North on Wed 2 Dec 2026 14:00 is cancelled, for leave.');
    expect(inChannelNow.join('\n')).not.toContain('Amelia Hart');
    expect(delivered.filter((item) => decodeURIComponent(item.path).includes('a:personal-29:practitioner')).map((item) => item.activity.text)).toEqual([
      'Group supervision has moved',
      'Group supervision cancelled',
    ]);
  });
  it('moves the group to another channel: the old one, which the bot no longer keeps, is told by the reference its note carries', async () => {
    const NEW_CHANNEL = '19:new-channel@thread.tacv2';
    const inNew = (options: Parameters<typeof teamsActivity>[1]) => {
      const activity = teamsActivity(harness, { ...options, conversationType: 'channel' });
      return { ...activity, conversation: { ...activity.conversation, id: `${NEW_CHANNEL};messageid=1700000000001` } };
    };
    await postTeams(harness, inNew({ from: TEAMS.supervisor, text: '<at>Supervision</at> group move' }));
    const form = (harness.connector.sent.at(-1)!.activity.attachments as { content: { actions: { verb: string }[] } }[])[0]!.content;
    expect(form.actions.map((action) => action.verb)).toEqual(['group.move-channel']);
    const team = await harness.store.db.selectFrom('person').select('team_id').where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow();
    // The card's word for the channel is not taken: the binding comes from the activity.
    const data = { channel: '19:someone-elses@thread.tacv2', team: team.team_id };
    expect(cardText((await postTeams(harness, inNew({ from: TEAMS.practitioner, invoke: { verb: 'group.move-channel', data } }))).body!.value)).toContain(
      'Only for supervisors and managers',
    );
    const moved = await postTeams(harness, inNew({ from: TEAMS.supervisor, invoke: { verb: 'group.move-channel', data } }));
    expect(cardText(moved.body!.value)).toContain("North's group supervision now has its reminders in this channel.");
    const bound = await harness.store.db.selectFrom('group_channel').selectAll().executeTakeFirstOrThrow();
    expect(bound).toMatchObject({ platform: 'teams', conversation_id: NEW_CHANNEL });

    const before = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const to = (conversation: string) =>
      harness.connector.sent
        .slice(before)
        .filter((sent) => decodeURIComponent(sent.path).includes(`/v3/conversations/${conversation}/activities`))
        .map((sent) => cardText((sent.activity.attachments as { content: unknown }[])[0]!.content));
    expect(to('19:channel@thread.tacv2')).toEqual([expect.stringContaining("North's group supervision has moved to another channel")]);
    expect(to(NEW_CHANNEL)).toEqual([expect.stringContaining("North's group supervision now has its reminders in this channel. No session is booked yet.")]);
    expect(await harness.store.db.selectFrom('outbox').select('status').where('status', '<>', 'sent').execute()).toEqual([]);
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

  /** The supervisor types `/supervision TEXT` in a channel; returns the modal Slack was asked to open. */
  const commandModal = async (channel: string, text: string) => {
    const calls = harness.slack.calls.length;
    await post({
      team_id: 'T0TEST',
      channel_id: channel,
      user_id: 'U0SUPERV1',
      command: '/supervision',
      text,
      response_url: `${harness.slack.responseUrl}${text.replace(/\s+/g, '-')}`,
      trigger_id: `trigger-${text.replace(/\s+/g, '-')}`,
    });
    await expect.poll(() => harness.slack.calls.slice(calls).some((call) => call.method === 'views.open')).toBe(true);
    return harness.slack.calls.slice(calls).find((call) => call.method === 'views.open')!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Block[];
    };
  };

  it('opens the form as a modal, binds the channel the command came from, and posts there; cancels from the channel, in a modal', async () => {
    const view = await commandModal('C0NORTH', 'group setup');
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

    // In the channel, /supervision group answers only the supervisor (ephemeral), with Move it and Cancel it.
    const overview = await post({
      team_id: 'T0TEST',
      channel_id: 'C0NORTH',
      user_id: 'U0SUPERV1',
      command: '/supervision',
      text: 'group',
      response_url: `${harness.slack.responseUrl}group`,
      trigger_id: 'trigger-group',
    });
    expect(overview.json).toMatchObject({ response_type: 'ephemeral' });
    const buttons = (overview.json!.blocks as { type: string; elements?: { type: string; action_id: string; value: string }[] }[]).flatMap((block) =>
      (block.elements ?? []).filter((element) => element.type === 'button'),
    );
    expect(buttons.map((button) => button.action_id)).toEqual(['group.move-form', 'group.cancel-form']);
    const { click, submit: submitModal } = slackInteractions(harness);
    const refusedAt = harness.slack.responses.length;
    await click('U0WORKER1', 'group.cancel-form', buttons[1]!.value);
    await expect.poll(() => JSON.stringify(harness.slack.responses.slice(refusedAt))).toContain("This isn't yours to act on");

    // The cancel form opens as a modal; sent with a reason, it is replaced by the rebooking form.
    const opened = harness.slack.calls.length;
    await click('U0SUPERV1', 'group.cancel-form', buttons[1]!.value);
    await expect.poll(() => harness.slack.calls.slice(opened).some((call) => call.method === 'views.open')).toBe(true);
    const modal = harness.slack.calls.slice(opened).find((call) => call.method === 'views.open')!.args.view as {
      callback_id: string;
      private_metadata: string;
    };
    expect(modal.callback_id).toBe('group.cancel');
    const rebookModal = await submitModal('U0SUPERV1', modal, {
      reason: { reason: { type: 'static_select', selected_option: { value: 'Something else (say in the note)' } } },
      note: { note: { type: 'plain_text_input', value: 'Amelia Hart is unwell' } },
    });
    expect(rebookModal).toMatchObject({ response_action: 'update', view: { callback_id: 'group.rebook' } });

    const drained = harness.slack.calls.length;
    await harness.bot.dispatcher.drain();
    const cancelled = harness.slack.calls.slice(drained).filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'C0NORTH');
    expect(cancelled.map((call) => call.args.text)).toEqual(['Group supervision on Tue 1 Dec 2026 10:00 is cancelled']);
    expect(JSON.stringify(cancelled[0]!.args.blocks)).toContain('is cancelled, for another reason.');
    expect(JSON.stringify(cancelled)).not.toContain('Amelia Hart');
  });
  it('moves the group to another channel from a modal opened there; both channels are told', async () => {
    const view = await commandModal('C0NEWGRP', 'group move');
    expect(view.callback_id).toBe('group.move-channel');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ channel: 'C0NEWGRP' });
    const team = view.blocks.find((block) => block.block_id === 'team')!.element!;
    const moved = harness.slack.calls.length;
    await post({
      payload: JSON.stringify({
        type: 'view_submission',
        team: { id: 'T0TEST' },
        user: { id: 'U0SUPERV1' },
        api_app_id: 'A0TEST',
        view: {
          id: 'V0MOVE',
          type: 'modal',
          callback_id: 'group.move-channel',
          private_metadata: view.private_metadata,
          state: { values: { team: { [team.action_id]: { type: team.type, selected_option: team.initial_option } } } },
        },
      }),
    });
    await expect.poll(() => harness.slack.calls.slice(moved).some((call) => call.method === 'chat.postMessage')).toBe(true);
    expect(JSON.stringify(harness.slack.calls.slice(moved).find((call) => call.method === 'chat.postMessage')!.args.blocks)).toContain(
      "North's group supervision now has its reminders in this channel",
    );
    expect(await harness.store.db.selectFrom('group_channel').select(['platform', 'conversation_id']).execute()).toEqual([
      { platform: 'slack', conversation_id: 'C0NEWGRP' },
    ]);
    const before = harness.slack.calls.length;
    await harness.bot.dispatcher.drain();
    const posted = (channel: string) =>
      harness.slack.calls
        .slice(before)
        .filter((call) => call.method === 'chat.postMessage' && call.args.channel === channel)
        .map((call) => call.args.text);
    expect(posted('C0NORTH')).toEqual(['Group supervision for North has moved to another channel']);
    expect(posted('C0NEWGRP')).toHaveLength(1);
  });
});
