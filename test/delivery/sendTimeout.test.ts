// Sends that hang: Slack's Web API and a Bot Framework connector that never answer, on a real socket.
// Each call gives up after its timeout and is retried as a 5xx would be; and while one conversation's
// send hangs, the others' messages still go.
import { CloudAdapter } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../src/channels/slack/messenger.js';
import { TeamsMessenger } from '../../src/channels/teams/messenger.js';
import { ReusingBotFrameworkAuthentication } from '../../src/channels/teams/reusingAuthentication.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import type { Messenger } from '../../src/delivery/messenger.js';
import { enqueue } from '../../src/delivery/outbox.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock, noWait } from '../support/fakes.js';
import { startHangingPlatform, type HangingPlatform } from '../support/hangingPlatform.js';

const T0 = '2026-11-23T10:00:00.000Z';

describe.each(databases)('send timeouts on $name', (database) => {
  let store: Store | undefined;
  let platform: HangingPlatform | undefined;
  afterEach(async () => {
    platform?.release();
    await platform?.close();
    await store?.close();
    platform = undefined;
    store = undefined;
  });

  async function setup(messengerOf: (platform: HangingPlatform, db: Store['db']) => Messenger) {
    platform = await startHangingPlatform();
    store = await database.open();
    const clock = new FakeClock(T0);
    const dispatcher = new Dispatcher({ db: store.db, messenger: messengerOf(platform, store.db), clock, id: 'd1', limiter: noWait, random: () => 0.5 });
    return { platform, db: store.db, clock, dispatcher };
  }

  const teamsReference = (platform: HangingPlatform, conversation: string) => ({
    serviceUrl: `${platform.url}/`,
    channelId: 'msteams',
    conversation: { id: conversation },
    bot: { id: 'bot' },
    user: { id: 'someone' },
  });

  for (const { name, messengerOf, payloadOf } of [
    {
      name: 'Slack',
      messengerOf: (platform: HangingPlatform) => new SlackMessenger('xoxb-test', `${platform.url}/api/`, { timeoutMs: 1_000 }),
      payloadOf: () => ({ text: 'Supervision tomorrow' }),
    },
    {
      name: 'Teams',
      messengerOf: (_platform: HangingPlatform, db: Store['db']) =>
        new TeamsMessenger(new CloudAdapter(new ReusingBotFrameworkAuthentication({}, { timeoutMs: 1_000 })), '', db),
      payloadOf: (platform: HangingPlatform) => ({ text: 'Supervision tomorrow', reference: teamsReference(platform, 'a:hung') }),
    },
  ]) {
    it(`gives up on a ${name} send that hangs, and retries it later as it would a 5xx`, async () => {
      const { platform, db, clock, dispatcher } = await setup(messengerOf);
      const conversation = name === 'Slack' ? 'D-hung' : 'a:hung';
      platform.hang.add(conversation);
      await enqueue(db, { idempotencyKey: 'k', platform: name.toLowerCase(), conversation, payload: payloadOf(platform) }, clock.now());

      expect(await dispatcher.drain()).toBe(1);
      const waiting = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      expect(waiting.last_error).toMatch(/timed? ?out/i);
      // The first back-off step, as a 5xx gets (2 s base, jitter fixed at the middle).
      expect(waiting.next_attempt_at.getTime() - Date.parse(T0)).toBe(1_500);
      expect(platform.received).toEqual([conversation]);
      expect(platform.answered).toEqual([]);

      platform.release();
      clock.advance(1_500);
      expect(await dispatcher.drain()).toBe(1);
      expect(await db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).executeTakeFirstOrThrow()).toEqual({
        status: 'sent',
        attempts: 2,
        last_error: null,
      });
      expect(platform.received).toEqual([conversation, conversation]);
    });
  }

  it('keeps delivering to other conversations while a send to one hangs', async () => {
    // A long timeout: the hung send is still open while the others go.
    const { platform, db, clock, dispatcher } = await setup((platform) => new SlackMessenger('xoxb-test', `${platform.url}/api/`, { timeoutMs: 60_000 }));
    platform.hang.add('D-hung');
    for (const conversation of ['D-hung', 'D1', 'D2', 'D3'])
      await enqueue(db, { idempotencyKey: `k:${conversation}`, platform: 'slack', conversation, payload: { text: 'Supervision tomorrow' } }, clock.now());

    const draining = dispatcher.drain();
    await Promise.all(['D1', 'D2', 'D3'].map((conversation) => platform.answeredTo(conversation)));
    expect(platform.answered).not.toContain('D-hung');
    platform.release();
    expect(await draining).toBe(4);

    expect([...platform.answered].sort()).toEqual(['D-hung', 'D1', 'D2', 'D3']);
    const rows = await db.selectFrom('outbox').select(['idempotency_key', 'status']).orderBy('id').execute();
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
  });
});
