// The outbox and its dispatcher: every message sent once, retried with back-off, failures told to admins.
import { afterEach, describe, expect, it } from 'vitest';
import { notifyAdminsOfFailure } from '../../src/delivery/adminNotice.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { enqueue } from '../../src/delivery/outbox.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock, FakeMessenger, noWait } from '../support/fakes.js';

const T0 = '2026-11-23T10:00:00.000Z';

describe.each(databases)('outbox on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup(answer?: ConstructorParameters<typeof FakeMessenger>[0]) {
    store = await database.open();
    const clock = new FakeClock(T0);
    const messenger = new FakeMessenger(answer);
    const dispatcher = new Dispatcher({ db: store.db, messenger, clock, id: 'd1', limiter: noWait, random: () => 0.5, onFailed: notifyAdminsOfFailure });
    return { db: store.db, clock, messenger, dispatcher };
  }

  it('queues a message once per idempotency key and sends it once', async () => {
    const { db, clock, messenger, dispatcher } = await setup();
    const message = { idempotencyKey: 'reminder:p1:2026-11-24', platform: 'slack', conversation: 'D1', payload: { text: 'Supervision tomorrow' } };
    expect(await enqueue(db, message, clock.now())).toBe(true);
    expect(await enqueue(db, message, clock.now())).toBe(false);
    expect(await dispatcher.drain()).toBe(1);
    expect(await dispatcher.drain()).toBe(0);
    expect(messenger.deliveriesOf('reminder:p1:2026-11-24')).toBe(1);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('waits for a later moment when the message says so', async () => {
    const { db, clock, messenger, dispatcher } = await setup();
    await enqueue(db, { idempotencyKey: 'k', platform: 'slack', conversation: 'D1', payload: {}, notBefore: new Date('2026-11-23T11:00:00Z') }, clock.now());
    expect(await dispatcher.drain()).toBe(0);
    clock.advance(60 * 60_000);
    expect(await dispatcher.drain()).toBe(1);
    expect(messenger.delivered).toHaveLength(1);
  });

  it('retries a 429 no sooner than its Retry-After (2 seconds)', async () => {
    const { db, clock, messenger, dispatcher } = await setup((_message, attempt) =>
      attempt === 1 ? { ok: false, error: 'HTTP 429', retryAfterMs: 2_000 } : { ok: true },
    );
    await enqueue(db, { idempotencyKey: 'k', platform: 'slack', conversation: 'C1', payload: {} }, clock.now());
    await dispatcher.drain();
    expect(messenger.attempts).toHaveLength(1);
    const waiting = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(waiting.status).toBe('pending');
    expect(waiting.next_attempt_at.getTime() - Date.parse(T0)).toBeGreaterThanOrEqual(2_000);
    clock.advance(1_999);
    await dispatcher.drain();
    expect(messenger.attempts).toHaveLength(1);
    clock.advance(1);
    await dispatcher.drain();
    expect(messenger.attempts).toHaveLength(2);
    expect(messenger.deliveriesOf('k')).toBe(1);
  });

  it('backs off exponentially between transient failures', async () => {
    const { db, clock, dispatcher } = await setup(() => ({ ok: false, error: 'HTTP 503' }));
    await enqueue(db, { idempotencyKey: 'k', platform: 'teams', conversation: 'a:1', payload: {} }, clock.now());
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const before = clock.now().getTime();
      await dispatcher.drain();
      const row = await db.selectFrom('outbox').select('next_attempt_at').executeTakeFirstOrThrow();
      gaps.push(row.next_attempt_at.getTime() - before);
      clock.advance(row.next_attempt_at.getTime() - before);
    }
    // Base 2 s doubling, with the jitter fixed at the middle (75% of the step).
    expect(gaps).toEqual([1_500, 3_000, 6_000, 12_000]);
  });

  it('ends a permanent failure in a failed row and one notice to each admin, not a loop', async () => {
    const { db, clock, messenger, dispatcher } = await setup((message) =>
      message.payload.kind === 'admin-notice'
        ? { ok: false, error: 'admin unreachable', permanent: true }
        : { ok: false, error: 'channel_not_found', permanent: true },
    );
    await db.insertInto('organisation').values({ id: 'org', name: 'Org', policy_id: 'cafcass' }).execute();
    await db.insertInto('person').values({ id: 'a1', organisation_id: 'org', email: 'admin@example.org', display_name: 'Admin', role: 'admin' }).execute();
    await db.insertInto('chat_identity').values({ person_id: 'a1', platform: 'slack', platform_user_id: 'U1', direct_conversation_id: 'D-admin' }).execute();
    await enqueue(
      db,
      { idempotencyKey: 'k', platform: 'slack', conversation: 'C-gone', payload: { text: 'Your supervision record for CF-204518 is ready to sign' } },
      clock.now(),
    );
    await dispatcher.drain();
    const rows = await db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((row) => [row.idempotency_key, row.status])).toEqual([
      ['k', 'failed'],
      [expect.stringMatching(/^delivery-failed:/), 'failed'],
    ]);
    expect(rows[0]!.last_error).toBe('channel_not_found');
    expect(messenger.attempts.map((message) => message.conversation)).toEqual(['C-gone', 'D-admin']);
    expect(String(messenger.attempts[1]!.payload.text)).toContain('could not be delivered after 1 attempt');
    expect(String(messenger.attempts[1]!.payload.text)).not.toContain('CF-204518');
    clock.advance(24 * 60 * 60_000);
    expect(await dispatcher.drain()).toBe(0);
  });

  it('gives up after the last attempt', async () => {
    store = await database.open();
    const clock = new FakeClock(T0);
    const messenger = new FakeMessenger(() => ({ ok: false, error: 'HTTP 500' }));
    const dispatcher = new Dispatcher({ db: store.db, messenger, clock, id: 'd1', limiter: noWait, maxAttempts: 3 });
    await enqueue(store.db, { idempotencyKey: 'k', platform: 'slack', conversation: 'C1', payload: {} }, clock.now());
    for (let round = 0; round < 6; round += 1) {
      await dispatcher.drain();
      clock.advance(60 * 60_000);
    }
    expect(messenger.attempts).toHaveLength(3);
    expect((await store.db.selectFrom('outbox').select('status').executeTakeFirstOrThrow()).status).toBe('failed');
  });

  it('delivers, once, a message whose dispatcher died between claim and send', async () => {
    const { db, clock, messenger } = await setup();
    await enqueue(db, { idempotencyKey: 'k', platform: 'slack', conversation: 'C1', payload: {} }, clock.now());
    const dying = new Dispatcher({
      db,
      messenger,
      clock,
      id: 'dying',
      limiter: noWait,
      leaseMs: 60_000,
      afterClaim: () => {
        throw new Error('process died');
      },
    });
    await expect(dying.runOnce()).rejects.toThrow('process died');
    const survivor = new Dispatcher({ db, messenger, clock, id: 'survivor', limiter: noWait, leaseMs: 60_000 });
    expect(await survivor.drain()).toBe(0); // the lease still holds
    clock.advance(60_001);
    expect(await survivor.drain()).toBe(1);
    expect(await survivor.drain()).toBe(0);
    expect(messenger.deliveriesOf('k')).toBe(1);
  });
  it("leaves a platform's messages waiting while its channel is not mounted", async () => {
    const { db, clock, messenger } = await setup();
    await enqueue(db, { idempotencyKey: 'to-teams', platform: 'teams', conversation: 'a:1', payload: {} }, clock.now());
    await enqueue(db, { idempotencyKey: 'to-slack', platform: 'slack', conversation: 'D1', payload: {} }, clock.now());
    const slackOnly = new Dispatcher({ db, messenger, clock, id: 'slack-only', platforms: ['slack'], limiter: noWait });
    expect(await slackOnly.drain()).toBe(1);
    expect(messenger.delivered.map((message) => message.idempotencyKey)).toEqual(['to-slack']);
    const waiting = await db.selectFrom('outbox').select(['idempotency_key', 'status', 'attempts']).where('platform', '=', 'teams').executeTakeFirstOrThrow();
    expect(waiting).toEqual({ idempotency_key: 'to-teams', status: 'pending', attempts: 0 });
  });
});
