// What goes first: a trigger's messages before reminders, reminders before routine notices, whatever
// order they were queued in; and a conversation waiting out its rate limit holds up no other.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { enqueue, enqueueMany, outboxInsertFrom } from '../../src/delivery/outbox.js';
import { ConversationRateLimiter } from '../../src/delivery/rateLimiter.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock, FakeMessenger, noWait } from '../support/fakes.js';

const T0 = '2026-11-23T10:00:00.000Z';

describe.each(databases)('outbox priority on $name', (database) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('sends a trigger request and its escalation before reminders, and reminders before routine notices, whatever order they were queued in', async () => {
    store = await database.open();
    const { db } = store;
    const clock = new FakeClock(T0);
    const notices = Array.from({ length: 20 }, (_, index) => ({
      idempotencyKey: `overdue:p${index}:case:2026-11-01:week-0`,
      platform: 'slack',
      conversation: `D${index}`,
      payload: { text: 'Supervision is overdue' },
    }));
    await enqueueMany(db, notices, clock.now());
    await enqueueMany(
      db,
      [
        { idempotencyKey: 'action:a1:soon:2026-11-25', platform: 'slack', conversation: 'D-a1', payload: { text: 'An action is due soon' } },
        { idempotencyKey: 'session:s1:2026-11-25T10:00:00.000Z:prepare', platform: 'slack', conversation: 'D-s1', payload: { text: 'Prepare' } },
      ],
      clock.now(),
    );
    await enqueue(
      db,
      { idempotencyKey: 'record-due:r1:reminder:supervisor', platform: 'teams', conversation: 'a:r1', payload: { text: 'Record due' } },
      clock.now(),
    );
    await enqueue(
      db,
      { idempotencyKey: 'trigger:t1:assigned:1:s1', platform: 'slack', conversation: 'D-supervisor', payload: { text: 'Urgent' } },
      clock.now(),
    );
    // The escalation, as a statement that queues it with the change that caused it does.
    await outboxInsertFrom(
      db,
      db.selectNoFrom([
        sql<string>`'trigger:t0:escalated:2:practitioner'`.as('idempotency_key'),
        sql<string>`'slack'`.as('platform'),
        sql<string>`'D-practitioner'`.as('conversation'),
        sql<string>`'{"text":"Escalated"}'`.as('payload'),
        sql<Date>`${clock.now()}::timestamptz`.as('next_attempt_at'),
        sql<Date>`${clock.now()}::timestamptz`.as('created_at'),
      ]),
    ).execute();

    const messenger = new FakeMessenger();
    // One send at a time, so the order of sending is the order of claiming.
    const dispatcher = new Dispatcher({ db, messenger, clock, id: 'd1', limiter: noWait, concurrency: 1 });
    expect(await dispatcher.drain()).toBe(25);

    const order = messenger.delivered.map((message) => message.idempotencyKey);
    expect(order.slice(0, 2).sort()).toEqual(['trigger:t0:escalated:2:practitioner', 'trigger:t1:assigned:1:s1']);
    expect(order.slice(2, 5).sort()).toEqual(['action:a1:soon:2026-11-25', 'record-due:r1:reminder:supervisor', 'session:s1:2026-11-25T10:00:00.000Z:prepare']);
    expect(order.slice(5)).toEqual(notices.map((notice) => notice.idempotencyKey));
  });

  it('sends to other conversations while one waits out its rate limit, and that one in order once it may', async () => {
    store = await database.open();
    const { db } = store;
    const clock = new FakeClock(T0);
    // The limiter's clock stands still, so the busy conversation's next slot never comes by itself: it
    // comes when the test opens the gate.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const limiter = new ConversationRateLimiter(
      undefined,
      () => 0,
      () => gate,
    );
    for (let index = 1; index <= 4; index += 1)
      await enqueue(db, { idempotencyKey: `busy:${index}`, platform: 'slack', conversation: 'D-busy', payload: { text: `Notice ${index}` } }, clock.now());
    await enqueue(db, { idempotencyKey: 'other', platform: 'slack', conversation: 'D-other', payload: { text: 'Another person' } }, clock.now());

    let otherSent: () => void = () => {};
    const other = new Promise<void>((resolve) => (otherSent = resolve));
    const messenger = new FakeMessenger((message) => {
      if (message.conversation === 'D-other') otherSent();
      return { ok: true };
    });
    const dispatcher = new Dispatcher({ db, messenger, clock, id: 'd1', limiter });
    const draining = dispatcher.drain();
    await other;
    // 'other' went while the busy conversation's second message was still waiting for its slot.
    const attempted = messenger.attempts.map((message) => message.idempotencyKey);
    expect(attempted).toContain('other');
    expect(attempted.filter((key) => key !== 'busy:1' && key !== 'other')).toEqual([]);
    open();
    expect(await draining).toBe(5);
    expect(messenger.delivered.filter((message) => message.conversation === 'D-busy').map((message) => message.idempotencyKey)).toEqual([
      'busy:1',
      'busy:2',
      'busy:3',
      'busy:4',
    ]);
    expect(await db.selectFrom('outbox').select(['status', 'attempts']).distinct().execute()).toEqual([{ status: 'sent', attempts: 1 }]);
  });
});
