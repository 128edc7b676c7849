// An urgent trigger behind a backlog (issue 16 item 7): 10,000 routine notices queued to 500 Slack
// conversations (a cadence sweep's worth, many times over), a replica's dispatcher sending them, and a
// trigger raised meanwhile for an idle supervisor: how long from the raise's commit until the Slack Web
// API has the message. The bare baseline, in the same run: the same raise with nothing else queued.
// Slack here is a local server answering chat.postMessage after PLATFORM_MS, as a loaded Slack might;
// the messenger, rate limiter (1 a second per conversation), dispatcher and database are the bot's own.
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { SlackMessenger } from '../src/channels/slack/messenger.js';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { enqueue, enqueueMany } from '../src/delivery/outbox.js';
import { systemClock } from '../src/ports/clock.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { openStore, type Store } from '../src/store/open.js';
import { databases } from '../test/support/databases.js';

const NOTICES = 10_000;
const CONVERSATIONS = 500;
/** How long the fake Slack takes to answer each call. */
const PLATFORM_MS = 150;
/** Raises a line, a little over the dispatcher's 1 s poll apart, so they land at different points of it. */
const RAISES = 7;
const LABEL = 'urgent trigger behind 10,000 notices';
/** Only when this text is in the line's label (BENCH_ONLY="urgent"), as bench/chat.ts does; all when unset. */
const ONLY = process.env.BENCH_ONLY;

interface FakeSlack {
  apiUrl: string;
  /** Resolves when a message to this channel arrives. */
  arrival(channel: string): Promise<number>;
  posted: () => number;
  close(): Promise<void>;
}

async function startSlowSlack(): Promise<FakeSlack> {
  const waiting = new Map<string, (at: number) => void>();
  let posted = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const channel = (request.headers['content-type'] ?? '').includes('json')
        ? String((JSON.parse(text || '{}') as { channel?: string }).channel)
        : String(new URLSearchParams(text).get('channel'));
      posted += 1;
      waiting.get(channel)?.(performance.now());
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.1"}'), PLATFORM_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    arrival: (channel) => new Promise((resolve) => waiting.set(channel, resolve)),
    posted: () => posted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each raise's latency (ms), with `backlog` notices queued first and the dispatcher at work on them. */
async function raises(store: Store, backlog: number): Promise<{ latencies: number[]; sentMeanwhile: number }> {
  const slack = await startSlowSlack();
  const now = systemClock.now();
  for (let start = 0; start < backlog; start += 2_000) {
    await enqueueMany(
      store.db,
      Array.from({ length: Math.min(2_000, backlog - start) }, (_, offset) => {
        const index = start + offset;
        return {
          idempotencyKey: `overdue:p${index}:case:2026-11-01:week-0`,
          platform: 'slack',
          conversation: `D${index % CONVERSATIONS}`,
          payload: { text: 'Supervision is overdue' },
        };
      }),
      now,
    );
  }
  const dispatcher = new Dispatcher({ db: store.db, messenger: new SlackMessenger('xoxb-bench', slack.apiUrl), clock: systemClock, id: 'bench' });
  dispatcher.start(1_000); // as a replica runs it (src/server.ts)
  await pause(2_000); // under way: the backlog is being sent
  const latencies: number[] = [];
  for (let index = 0; index < RAISES; index += 1) {
    const channel = `D-supervisor-${index}`;
    const arrived = slack.arrival(channel);
    const raised = performance.now();
    // The raise's message, as the raise queues it: its key says it is a trigger request.
    await store.db
      .transaction()
      .execute((trx) =>
        enqueue(
          trx,
          { idempotencyKey: `trigger:bench-${index}:assigned:1:s${index}`, platform: 'slack', conversation: channel, payload: { text: 'Urgent' } },
          systemClock.now(),
        ),
      );
    latencies.push((await arrived) - raised);
    await pause(1_100 + 150 * index);
  }
  const sentMeanwhile = slack.posted() - RAISES;
  await dispatcher.stop();
  await slack.close();
  return { latencies, sentMeanwhile };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const worst = (values: number[]) => Math.max(...values);

async function line(open: () => Promise<Store>, name: string): Promise<string[]> {
  const bareStore = await open();
  const bare = await raises(bareStore, 0);
  await bareStore.close();
  const store = await open();
  const ours = await raises(store, NOTICES);
  await store.close();
  return [
    `| ${LABEL}, ${name} | median ${median(ours.latencies).toFixed(0)} ms, worst ${worst(ours.latencies).toFixed(0)} ms of ${RAISES} | ${ours.sentMeanwhile} notices sent meanwhile | ${(median(ours.latencies) / median(bare.latencies)).toFixed(2)}x |`,
    `| baseline: the same raise, nothing else queued, ${name} | median ${median(bare.latencies).toFixed(0)} ms, worst ${worst(bare.latencies).toFixed(0)} ms of ${RAISES} | | 1x |`,
  ];
}

export async function runUrgentBench(): Promise<string> {
  if (ONLY && !LABEL.includes(ONLY)) return '';
  const lines = [
    '## An urgent trigger behind a backlog',
    '',
    `Slack answering each call in ${PLATFORM_MS} ms; ${NOTICES} notices to ${CONVERSATIONS} conversations; from the raise's commit to Slack's receipt.`,
    '',
    '| what | raise to Slack | meanwhile | ratio to baseline (medians) |',
    '| --- | --- | --- | --- |',
  ];
  lines.push(
    ...(await line(async () => {
      const store = await openStore({ kind: 'pglite', dataDir: 'memory://' });
      await migrateToLatest(store.db);
      return store;
    }, 'PGlite')),
  );
  const postgres = databases.find((database) => database.name === 'PostgreSQL');
  if (postgres) lines.push(...(await line(() => postgres.open(), 'PostgreSQL')));
  else lines.push('', 'PostgreSQL: set DATABASE_URL to measure it.');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await runUrgentBench());
