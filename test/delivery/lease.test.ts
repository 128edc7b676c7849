// A claim is a lease, held message by message: a dispatcher whose lease ran out before a message's turn
// (a slow platform, a stalled process) leaves that message to whoever reclaimed it, and a dispatcher
// that dies in the middle of sending holds back only the few messages it was sending, for a minute.
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { enqueue } from '../../src/delivery/outbox.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock, FakeMessenger, noWait } from '../support/fakes.js';

const T0 = '2026-11-23T10:00:00.000Z';

describe.each(databases)('leases on $name', (database) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
  });

  it('does not send a message whose lease ran out before its turn and which another dispatcher took', async () => {
    const [one, two] = await database.openTwo();
    stores.push(one, two);
    const clock = new FakeClock(T0);
    for (let index = 0; index < 5; index += 1)
      await enqueue(one.db, { idempotencyKey: `k${index}`, platform: 'slack', conversation: `D${index}`, payload: { text: 'Reminder' } }, clock.now());
    const messenger = new FakeMessenger();
    const other = new Dispatcher({ db: two.db, messenger, clock, id: 'other', limiter: noWait, leaseMs: 60_000 });
    let stalled = false;
    const slow = new Dispatcher({
      db: one.db,
      messenger,
      clock,
      id: 'slow',
      limiter: noWait,
      leaseMs: 60_000,
      batchSize: 5,
      // The platform (or this process) is slow: by the first message's turn its lease has run out, and
      // the other replica has reclaimed what it could and sent it.
      afterClaim: async () => {
        if (stalled) return;
        stalled = true;
        clock.advance(60_001);
        await other.drain();
      },
    });
    await slow.drain();

    expect(stalled).toBe(true);
    expect(messenger.attempts.filter((message) => message.idempotencyKey === 'k0')).toHaveLength(1);
    for (let index = 0; index < 5; index += 1) expect(messenger.deliveriesOf(`k${index}`)).toBe(1);
    const rows = await one.db.selectFrom('outbox').select(['status']).execute();
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
  });

  it('holds back only the messages a dying dispatcher was sending, and only until its lease ends (a minute)', async () => {
    const store = await database.open();
    stores.push(store);
    const clock = new FakeClock(T0);
    for (let index = 0; index < 40; index += 1)
      await enqueue(store.db, { idempotencyKey: `k${index}`, platform: 'slack', conversation: `D${index}`, payload: { text: 'Reminder' } }, clock.now());

    // Its sends never come back: as good as killed in the middle of sending (its defaults, as a replica runs).
    let sending: () => void = () => {};
    const started = new Promise<void>((resolve) => (sending = resolve));
    const hung = new FakeMessenger(() => {
      sending();
      return new Promise(() => {});
    });
    new Dispatcher({ db: store.db, messenger: hung, clock, id: 'dying', limiter: noWait }).drain().catch(() => {});
    await started;

    const messenger = new FakeMessenger();
    const survivor = new Dispatcher({ db: store.db, messenger, clock, id: 'survivor', limiter: noWait });
    const atOnce = await survivor.drain();
    const heldBack = 40 - atOnce;
    expect(heldBack).toBeGreaterThan(0);
    expect(heldBack).toBeLessThanOrEqual(10);
    expect(hung.attempts.length).toBe(heldBack);

    clock.advance(60_001);
    expect(await survivor.drain()).toBe(heldBack);
    expect(new Set(messenger.delivered.map((message) => message.idempotencyKey)).size).toBe(40);
    expect(messenger.delivered).toHaveLength(40);
  });
});
