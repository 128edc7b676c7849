// Two replicas, each with a sweeper and a dispatcher, on one database: every due item is applied once
// and every message delivered once. A bad item in a batch fails alone; a replica killed in the middle
// of a batch loses nothing and queues nothing twice. And a dispatcher killed between claim and send
// loses nothing.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { Sweeper, type DueProvider } from '../../src/delivery/sweeper.js';
import { projectRoot } from '../../src/config/paths.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openStore, type Store, type StoreLocation } from '../../src/store/open.js';
import { keyedMessages } from '../support/batchItems.js';
import { databases } from '../support/databases.js';
import { FakeClock, FakeMessenger, noWait } from '../support/fakes.js';

const ITEMS = 1_000;

/** 1,000 reminders due now; applying one queues its message. */
const reminders: DueProvider = {
  name: 'test reminders',
  async due() {
    return Array.from({ length: ITEMS }, (_, index) => ({
      key: `reminder:${index}`,
      apply: async (trx, now) => {
        await enqueue(
          trx,
          { idempotencyKey: `message:${index}`, platform: 'slack', conversation: `D${index % 37}`, payload: { text: `Reminder ${index}` } },
          now,
        );
      },
    }));
  },
};

describe.each(databases)('exactly once on $name', (database) => {
  const stores: Store[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  it('two sweepers and two dispatchers deliver each of 1,000 due items exactly once', async () => {
    const [one, two] = await database.openTwo();
    stores.push(one, two);
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const messenger = new FakeMessenger();
    const replicas = [one, two].map((store, index) => ({
      sweeper: new Sweeper(store.db, clock, [reminders]),
      dispatcher: new Dispatcher({ db: store.db, messenger, clock, id: `replica-${index}`, limiter: noWait, batchSize: 25 }),
    }));
    await Promise.all(replicas.flatMap((replica) => [replica.sweeper.sweepOnce(), replica.dispatcher.drain()]));
    await Promise.all(replicas.flatMap((replica) => [replica.sweeper.sweepOnce(), replica.dispatcher.drain(), replica.dispatcher.drain()]));
    await Promise.all(replicas.map((replica) => replica.dispatcher.drain()));

    expect(messenger.delivered).toHaveLength(ITEMS);
    expect(new Set(messenger.delivered.map((message) => message.idempotencyKey)).size).toBe(ITEMS);
    const counts = await one.db
      .selectFrom('outbox')
      .select(({ fn }) => [fn.countAll<string>().as('rows')])
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    expect(Number(counts.rows)).toBe(ITEMS);
    const keys = await one.db
      .selectFrom('once_key')
      .select(({ fn }) => [fn.countAll<string>().as('keys')])
      .executeTakeFirstOrThrow();
    expect(Number(keys.keys)).toBe(ITEMS);
  });

  it('leaves a due item for the next sweep when applying it fails, and applies it once then', async () => {
    const store = await database.open();
    stores.push(store);
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    let failNext = true;
    const flaky: DueProvider = {
      name: 'flaky',
      async due() {
        return [
          {
            key: 'escalate:t1:1',
            apply: async (trx, now) => {
              await enqueue(trx, { idempotencyKey: 'escalation-card:t1:1', platform: 'teams', conversation: 'a:manager', payload: {} }, now);
              if (failNext) {
                failNext = false;
                throw new Error('directory lookup failed');
              }
            },
          },
        ];
      },
    };
    const sweeper = new Sweeper(store.db, clock, [flaky]);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 0, failed: [{ key: 'escalate:t1:1', error: 'directory lookup failed' }] });
    expect(await store.db.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 1, skipped: 0 });
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 0, skipped: 1 });
    expect(await store.db.selectFrom('outbox').selectAll().execute()).toHaveLength(1);
  });

  it('applies the rest of a batch when one item in it fails, and that one on the next sweep, each once', async () => {
    const store = await database.open();
    stores.push(store);
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const failing = new Set(['item:002']);
    const sweeper = new Sweeper(store.db, clock, [keyedMessages(5, { failing })]);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 4, failed: [{ key: 'item:002', error: 'directory lookup failed for item:002' }] });
    expect(await queuedKeys(store)).toEqual(['message:item:000', 'message:item:001', 'message:item:003', 'message:item:004']);
    failing.clear();
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 1, skipped: 4, failed: [] });
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 0, skipped: 5 });
    expect(await queuedKeys(store)).toHaveLength(5);
  });

  // PostgreSQL: another replica sweeps the same moment and waits on the dying one's claims. PGlite is
  // one process's database: the process is killed mid-batch and starts again on its folder.
  it('loses nothing and queues nothing twice when a replica is killed in the middle of a batch', { timeout: 60_000 }, async () => {
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    let location: StoreLocation;
    let survivor: Store | undefined;
    if (database.urlOf) {
      survivor = await database.open();
      stores.push(survivor);
      location = { kind: 'postgres', ...database.urlOf(survivor) };
    } else {
      location = { kind: 'pglite', dataDir: await mkdtemp(path.join(tmpdir(), 'sweep-killed-')) };
      folders.push(location.dataDir);
      const first = await openStore(location);
      await migrateToLatest(first.db);
      await first.close();
    }
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'test/support/sweepThenHang.ts'), JSON.stringify(location), clock.now().toISOString()],
      {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('mid-batch') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const sweeping = survivor && new Sweeper(survivor.db, clock, [keyedMessages(40)]).sweepOnce();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    if (!survivor) {
      survivor = await openStore(location);
      stores.push(survivor);
    }
    const sweeper = new Sweeper(survivor.db, clock, [keyedMessages(40)]);
    const result = sweeping ? await sweeping : await sweeper.sweepOnce();
    expect(result).toMatchObject({ applied: 40, failed: [] });
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 0, skipped: 40 });
    const queued = await queuedKeys(survivor);
    expect(queued).toHaveLength(40);
    expect(new Set(queued).size).toBe(40);
  });
});

const queuedKeys = async (store: Store) =>
  (await store.db.selectFrom('outbox').select('idempotency_key').orderBy('id').execute()).map((row) => row.idempotency_key);

// A killed process can only share a database server: PostgreSQL (CI always has it; see .ci/run).
const postgres = databases.find((database) => database.urlOf !== undefined);
if (postgres) {
  describe('a killed dispatcher on PostgreSQL', () => {
    const stores: Store[] = [];
    const database = postgres;
    afterEach(async () => {
      for (const store of stores.splice(0).reverse()) await store.close();
    });

    it('delivers once after a dispatcher process is killed (SIGKILL) between claim and send', async () => {
      const store = await database.open();
      stores.push(store);
      const clock = new FakeClock(new Date().toISOString());
      await enqueue(store.db, { idempotencyKey: 'k', platform: 'slack', conversation: 'C1', payload: {} }, clock.now());
      const { url, schema } = database.urlOf!(store);
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/support/claimThenHang.ts'), url, schema, '1000'], {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('claimed') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const row = await store.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row.status).toBe('sending');
      expect(row.claimed_by).toMatch(/^child-/);
      const messenger = new FakeMessenger();
      const restarted = new Dispatcher({ db: store.db, messenger, clock, id: 'restarted', limiter: noWait });
      // Past the child's lease, counted from when it claimed (its start can take seconds on a busy machine).
      clock.advance(Math.max(1, row.claimed_until!.getTime() + 1 - clock.now().getTime()));
      expect(await restarted.drain()).toBe(1);
      expect(await restarted.drain()).toBe(0);
      expect(messenger.deliveriesOf('k')).toBe(1);
    });
  });
}
