// Teams over HTTP, as Teams does it: activities POSTed to /api/messages, replies caught by a local
// Bot Framework connector, Action.Execute answered in the invoke response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { startFakeConnector } from '../support/fakePlatforms.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

const lastCard = () => {
  const activity = harness.connector.sent.at(-1)!.activity as { attachments?: { contentType: string; content: unknown }[] };
  expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return activity.attachments![0]!.content as { body: unknown[]; actions?: { verb?: string; title: string }[] };
};

describe('Teams', () => {
  it('answers /supervision in a personal chat with the home card for a practitioner', async () => {
    const response = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: '/supervision' }));
    expect(response.status).toBe(200);
    const card = lastCard();
    expect(cardText(card)).toContain('Hello Social Worker C');
    expect(card.actions!.map((action) => action.verb)).toEqual(['raise', 'upcoming', 'actions', 'settings', 'help']);
  });

  it('answers each turn at its own service URL, though the connector clients are kept between turns', async () => {
    // Teams gives each region its own service URL: a kept client must never send one region's reply to another.
    const otherRegion = await startFakeConnector();
    try {
      const before = harness.connector.sent.length;
      await postTeams(harness, { ...teamsActivity(harness, { from: TEAMS.practitioner, text: 'help' }), serviceUrl: otherRegion.url });
      await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: '/supervision' }));
      await postTeams(harness, { ...teamsActivity(harness, { from: TEAMS.practitioner, text: 'help' }), serviceUrl: otherRegion.url });
      expect(otherRegion.sent.map((sent) => cardText(sent.activity as never))).toEqual([expect.stringContaining('What I can do'), expect.stringContaining('What I can do')]);
      expect(harness.connector.sent.slice(before).map((sent) => cardText(sent.activity as never))).toEqual([expect.stringContaining('Hello Social Worker C')]);
    } finally {
      await otherRegion.close();
    }
  });

  it('gives a supervisor the team and pending buttons', async () => {
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, text: 'supervision' }));
    expect(lastCard().actions!.map((action) => action.verb)).toEqual(['raise', 'upcoming', 'actions', 'team', 'pending', 'book', 'settings', 'help']);
  });

  it('answers help, and an unknown word with the help card rather than an error', async () => {
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: 'help' }));
    expect(cardText(lastCard())).toContain('What I can do');
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: 'what can you do?' }));
    expect(cardText(lastCard())).toContain('I did not understand “what can you do?”. Here is what I can do:');
  });

  it('replaces the card in place on Action.Execute: upcoming supervision from the policy', async () => {
    const response = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'upcoming' } }));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const text = cardText(response.body!.value);
    // NQSW started Mon 7 Sep 2026: fortnightly after six weeks, nothing held yet, so overdue.
    expect(text).toContain('Your upcoming supervision');
    expect(text).toContain('Scheduled case supervision (overdue since Mon 14 Sep 2026)');
    expect(text).toContain('Newly qualified social worker, counted from Mon 7 Sep 2026');
  });

  it('shows a supervisor their team, and refuses it to a practitioner who replays the button', async () => {
    const supervisor = await postTeams(harness, teamsActivity(harness, { from: TEAMS.supervisor, invoke: { verb: 'team' } }));
    expect(cardText(supervisor.body!.value)).toMatch(/Social Worker C\nScheduled case supervision overdue since/);
    const practitioner = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'team' } }));
    expect(cardText(practitioner.body!.value)).toContain('Only for supervisors');
    expect(cardText(practitioner.body!.value)).not.toContain('Social Worker C');
  });

  it('validates a form on the server and shows the error by the field', async () => {
    const tooLate = await postTeams(
      harness,
      teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'settings.save', data: { reminderTime: '20:00' } } }),
    );
    const card = tooLate.body!.value as { body: { id?: string; type: string; text?: string }[] };
    const inputIndex = card.body.findIndex((item) => item.type === 'Input.Time');
    expect(card.body[inputIndex + 1]).toMatchObject({
      id: 'reminderTime-error',
      text: "Choose a time from 09:00 to before 17:00, your organisation's working hours.",
    });
    const garbage = await postTeams(
      harness,
      teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'settings.save', data: { reminderTime: 'soon' } } }),
    );
    expect(cardText(garbage.body!.value)).toContain('Choose a time, as HH:MM.');
    const person = () => harness.store.db.selectFrom('person').select('reminder_time').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    expect((await person()).reminder_time).toBeNull();

    const saved = await postTeams(
      harness,
      teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'settings.save', data: { reminderTime: '10:30' } } }),
    );
    expect(cardText(saved.body!.value)).toContain('Saved: I will send your reminders at 10:30.');
    expect((await person()).reminder_time).toBe('10:30');
  });

  it('rejects button data it does not expect', async () => {
    const response = await postTeams(
      harness,
      teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'upcoming', data: { personId: 'someone-else' } } }),
    );
    expect(cardText(response.body!.value)).toContain('Something was wrong with that');
  });

  it('never links a newcomer from a request without a token, whatever email the connector reports', async () => {
    // Anyone can send an unauthenticated activity and answer the member look-up: linking from it would let them become that person.
    const newcomer = { id: '29:manager', aadObjectId: '3b8d2c1a-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };
    harness.connector.members.set(newcomer.id, { email: 'Manager@Example.org' });
    await postTeams(harness, teamsActivity(harness, { from: newcomer, text: 'supervision' }));
    expect(cardText(lastCard())).toContain('Please ask your administrator to add you');
    expect(cardText(lastCard())).not.toContain('Team Manager A');
    const identities = await harness.store.db.selectFrom('chat_identity').selectAll().where('platform', '=', 'teams').execute();
    expect(identities.map((identity) => identity.platform_user_id)).not.toContain(newcomer.aadObjectId);
  });

  it('tells a stranger to ask their administrator, and stores nothing about them', async () => {
    const stranger = { id: '29:stranger', aadObjectId: '9a8b7c6d-5e4f-4321-9876-abcdefabcdef' };
    harness.connector.members.set(stranger.id, { email: 'stranger@example.org' });
    const before = await harness.store.db.selectFrom('chat_identity').selectAll().execute();
    await postTeams(harness, teamsActivity(harness, { from: stranger, text: 'help' }));
    expect(cardText(lastCard())).toContain('Please ask your administrator to add you');
    expect(await harness.store.db.selectFrom('chat_identity').selectAll().execute()).toEqual(before);
  });

  it('shows nothing personal in a team channel: only a way to a private chat', async () => {
    await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, text: '<at>Supervision</at> upcoming', conversationType: 'channel' }));
    const text = cardText(lastCard());
    expect(text).toContain("Let's talk in private");
    expect(text).not.toContain('Social Worker C');
    expect(text).not.toContain('overdue since');
    const invoke = await postTeams(harness, teamsActivity(harness, { from: TEAMS.practitioner, invoke: { verb: 'upcoming' }, conversationType: 'channel' }));
    expect(cardText(invoke.body!.value)).toContain("Let's talk in private");
  });
});

describe('Teams with authentication on', () => {
  let authed: BotHarness;
  beforeAll(async () => {
    authed = await startBot({ MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
  });
  afterAll(async () => authed.close());

  // Only the missing token is tested: checking a forged one would fetch Microsoft's signing keys,
  // and tests reach nothing beyond this machine.
  it('refuses a request without a token, and sends nothing', async () => {
    const activity = teamsActivity(authed, { from: TEAMS.practitioner, text: 'help' });
    const response = await postTeams(authed, activity);
    expect(response.status).toBe(401);
    expect(authed.bot.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(authed.connector.sent).toHaveLength(0);
  });
});
