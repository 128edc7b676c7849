// Due items for the sweeper's batch tests: each queues one message, and the provider applies a batch
// set-based (one outbox insert for all of it), as the reminders do. A key in `failing` makes any batch
// holding it fail, as a bad item would; `midBatch` runs after a batch's messages are queued, before
// its transaction commits.
import { enqueueMany, type QueuedMessage } from '../../src/delivery/outbox.js';
import type { DueItem, DueProvider } from '../../src/delivery/sweeper.js';

export function keyedMessages(count: number, options: { failing?: Set<string>; midBatch?: () => Promise<void> } = {}): DueProvider {
  const message = (key: string): QueuedMessage => ({ idempotencyKey: `message:${key}`, platform: 'slack', conversation: 'D1', payload: { text: key } });
  const applyMany: DueProvider['applyMany'] = async (trx, items, now) => {
    const bad = items.find((item) => options.failing?.has(item.key));
    if (bad) throw new Error(`directory lookup failed for ${bad.key}`);
    await enqueueMany(
      trx,
      items.map((item) => message(item.key)),
      now,
    );
    await options.midBatch?.();
  };
  return {
    name: 'keyed messages',
    async due() {
      return Array.from({ length: count }, (_, index) => {
        const item: DueItem = { key: `item:${String(index).padStart(3, '0')}`, apply: (trx, now) => applyMany(trx, [item], now) };
        return item;
      });
    },
    applyMany,
  };
}
