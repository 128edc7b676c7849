// A message's words are kept in the outbox only while they may be needed to look into its delivery:
// 30 days after it was sent or given up, its content is emptied; its key stays, so it never goes again.
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/delivery/outbox.js';
import { FORGOTTEN, messageRetentionProvider } from '../../src/delivery/retention.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';

const DAY = 86_400_000;

describe.each(databases)('message content retention on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it("forgets a message's content 30 days after it was sent, keeping its key, and leaves newer and waiting ones", async () => {
    store = await database.open();
    const clock = new FakeClock('2026-12-07T10:00:00Z');
    const now = clock.now();
    const payload = {
      text: 'Supervision requested for case CF-204518',
      view: { card: 'notice', data: { title: 'x', text: 'What happened: a new allegation.' } },
    };
    for (const key of ['old-sent', 'recent-sent', 'old-failed', 'old-pending']) {
      expect(await enqueue(store.db, { idempotencyKey: key, platform: 'slack', conversation: 'U0SUPERV1', payload }, new Date(now.getTime() - 40 * DAY))).toBe(
        true,
      );
    }
    const set = (key: string, status: 'sent' | 'failed', daysAgo: number) =>
      store.db
        .updateTable('outbox')
        .set({ status, sent_at: status === 'sent' ? new Date(now.getTime() - daysAgo * DAY) : null })
        .where('idempotency_key', '=', key)
        .execute();
    await set('old-sent', 'sent', 31);
    await set('recent-sent', 'sent', 29);
    await set('old-failed', 'failed', 40);

    await new Sweeper(store.db, clock, [messageRetentionProvider()]).sweepOnce();
    const rows = Object.fromEntries(
      (await store.db.selectFrom('outbox').select(['idempotency_key', 'payload', 'status']).execute()).map((row) => [row.idempotency_key, row]),
    );
    expect(rows['old-sent']!.payload).toEqual(FORGOTTEN);
    expect(rows['old-failed']!.payload).toEqual(FORGOTTEN);
    expect(rows['recent-sent']!.payload).toEqual(payload);
    expect(rows['old-pending']!.payload).toEqual(payload);
    // The key stays: the same message cannot be queued again.
    expect(await enqueue(store.db, { idempotencyKey: 'old-sent', platform: 'slack', conversation: 'U0SUPERV1', payload }, now)).toBe(false);
  });

  it('forgets once a day: a replica that finds the day done lists nothing more that day, and the next day forgets again', async () => {
    store = await database.open();
    const clock = new FakeClock('2026-12-07T10:00:00Z');
    const payload = { text: 'Reminder', view: { card: 'notice', data: { title: 'x', text: 'y' } } };
    const sentDaysAgo = async (key: string, days: number) => {
      await enqueue(store.db, { idempotencyKey: key, platform: 'slack', conversation: 'U0SUPERV1', payload }, clock.now());
      await store.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: new Date(clock.now().getTime() - days * DAY) })
        .where('idempotency_key', '=', key)
        .execute();
    };
    const [first, second] = [messageRetentionProvider(), messageRetentionProvider()];
    expect((await new Sweeper(store.db, clock, [first]).sweepOnce()).applied).toBe(1);
    // The other replica's first look finds the day's key claimed, and from then on lists nothing that day.
    expect(await new Sweeper(store.db, clock, [second]).sweepOnce()).toMatchObject({ applied: 0, skipped: 1 });
    clock.advance(60_000);
    expect(await second.due(store.db, clock.now())).toEqual([]);
    expect(await first.due(store.db, clock.now())).toEqual([]);
    // A message sent 31 days before tomorrow is forgotten tomorrow.
    await sentDaysAgo('tomorrows', 30);
    clock.advance(DAY);
    expect((await new Sweeper(store.db, clock, [second]).sweepOnce()).applied).toBe(1);
    const row = await store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', 'tomorrows').executeTakeFirstOrThrow();
    expect(row.payload).toEqual(FORGOTTEN);
  });
});
