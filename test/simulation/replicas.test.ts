// Two replicas sweeping one database at the same moments over a simulated month (December 2026,
// Christmas included) for a team of five: each reminder is sent exactly once. A third replica, sweeping
// just before them, dies in the middle of applying every preparation reminder (after queuing it,
// before its transaction commits): none is lost, the other two send each once, in the same run.
import { afterEach, describe, expect, it } from 'vitest';
import type { DueProvider } from '../../src/delivery/sweeper.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { expectedMessages, simulate, sortedMessages } from '../support/simulation.js';

/** Every item whose key ends with ':prepare' is applied, then the replica dies before committing. */
const crashingOnPreparation = (crashes: string[]) => (provider: DueProvider): DueProvider => ({
  name: provider.name,
  async due(db, now) {
    return (await provider.due(db, now)).map((item) => ({
      key: item.key,
      apply: async (trx, at) => {
        await item.apply(trx, at);
        if (item.key.endsWith(':prepare')) {
          crashes.push(item.key);
          throw new Error('replica died mid-sweep');
        }
      },
    }));
  },
});

describe.each(databases)('replicas on $name', (database) => {
  let stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.reverse()) await store.close();
    stores = [];
  });

  it('send each reminder of a month exactly once, and a replica dying mid-sweep loses nothing', { timeout: 180_000 }, async () => {
    const [first, second] = await database.openTwo();
    const third = await database.alongside(first);
    stores = [first, second, third];
    const crashes: string[] = [];
    const input = {
      store: first,
      packId: 'cafcass',
      // Five NQSWs starting on the days of the first week: weekly sessions, five a week for their supervisor.
      practitioners: ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((startDate) => ({ cohort: 'nqsw', startDate })),
      from: '2026-11-30',
      until: '2026-12-31',
      replicas: [
        { store: second, runs: 'alongside' as const },
        { store: third, wrap: crashingOnPreparation(crashes), runs: 'before' as const },
      ],
    };
    const result = await simulate(input);
    const sent = sortedMessages(result.sent);
    expect(sent).toEqual(sortedMessages(expectedMessages(result, input)));
    expect(new Set(sent.map((message) => message.key)).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(40);
    // The crashing replica did take some preparation reminders first, and none of them was lost.
    const prepared = sent.filter((message) => message.key.endsWith(':prepare')).map((message) => message.key);
    expect(crashes.length).toBeGreaterThan(0);
    for (const key of crashes) expect(prepared).toContain(key);
  });
});
