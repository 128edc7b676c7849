// Chat latency: 2,000 signed Slack slash commands and 2,000 Teams adaptiveCard/action invokes at 50
// concurrent connections, against our server and, in the same run, against a bare Bolt app (acks and
// opens a fixed modal) and a bare botbuilder handler (returns a fixed card). The load comes from a
// separate process (bench/loadClient.ts). Each of our lines runs in rounds (BENCH_ROUNDS, 3), each right
// after its own bare baseline, as the machine's load drifts within a run. Loopback only, bounded.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsActivityHandler, type AdaptiveCardInvokeResponse } from 'botbuilder';
import express from 'express';
import { sql } from 'kysely';
import { readSettings } from '../src/config/env.js';
import { importDirectory } from '../src/directory/importDirectory.js';
import { systemClock } from '../src/ports/clock.js';
import { startServer } from '../src/server.js';
import { directoryCsv, SIGNING_SECRET } from '../test/support/botServer.js';
import type { LoadRequest } from './loadClient.js';
import { databases } from '../test/support/databases.js';
import { startFakeConnector, startFakeSlack } from '../test/support/fakePlatforms.js';
import { loadPolicy } from '../src/config/policyFiles.js';

const REQUESTS = 2_000;
const CONCURRENCY = 50;
/** Rounds of each line, each after its own bare baseline: the machine's load drifts, so one round can mislead. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Only the lines whose label holds this text (BENCH_ONLY="raise.submit"), to measure one change; all when unset. */
const ONLY = process.env.BENCH_ONLY;

/**
 * Latency from the load generator; CPU per request of this process (the server under test, and the fake
 * platforms) and of the PostgreSQL server's processes (Linux, when its processes are visible here).
 */
type Measure = { p50: number; p99: number; errors: number; serverCpuMs?: number; databaseCpuMs?: number };
/** The load generator's unmeasured warm-up requests before each line (bench/loadClient.ts). */
const WARM_UP = 200;

/** CPU used so far by the processes named postgres, in ms (their clock ticks, 100 a second on Linux); undefined where /proc is not there to read. */
function postgresCpuMs(): number | undefined {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks * 10;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** Measures from a separate process, so the load generator does not share the server's event loop. */
async function load(port: number, path: string, request: LoadRequest): Promise<Measure> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./loadClient.ts', import.meta.url)),
      JSON.stringify({ port, path, request, count: REQUESTS, concurrency: CONCURRENCY }),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const started = process.cpuUsage();
  const databaseStarted = postgresCpuMs();
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const used = process.cpuUsage(started);
  const databaseEnded = postgresCpuMs();
  const { p50, p99, errors } = JSON.parse(output) as Measure;
  return {
    p50,
    p99,
    errors,
    serverCpuMs: (used.user + used.system) / 1000 / (REQUESTS + WARM_UP),
    ...(databaseStarted !== undefined && databaseEnded !== undefined ? { databaseCpuMs: (databaseEnded - databaseStarted) / (REQUESTS + WARM_UP) } : {}),
  };
}

export async function runChatBench(): Promise<string> {
  const slackApi = await startFakeSlack();
  const connector = await startFakeConnector();

  // Ours: the whole bot with a directory, on the embedded database and, when DATABASE_URL is set, on PostgreSQL.
  const startOurs = async (database: (typeof databases)[number]) => {
    const store = await database.open();
    await importDirectory({ db: store.db, pack: loadPolicy('cafcass'), fileName: 'staff.csv', text: directoryCsv, now: new Date('2026-11-23T10:00:00Z') });
    const server = await startServer(
      {
        ...readSettings({ POLICY: 'cafcass', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.apiUrl }),
        port: 0,
        host: '127.0.0.1',
      },
      store,
      // Teams without tokens, as the tests speak it (a Slack-only server has no Teams door otherwise).
      { clock: systemClock, localTeams: true },
    );
    return { name: database.name, port: Number(new URL(server.url).port), close: async () => (await server.close(), await store.close()) };
  };

  // Bare Bolt: acks, then opens a fixed modal.
  const bareExpress = express();
  const bareBolt = new App({
    token: 'xoxb-bench',
    receiver: new ExpressReceiver({ signingSecret: SIGNING_SECRET, app: bareExpress, logLevel: LogLevel.ERROR }),
    clientOptions: { slackApiUrl: slackApi.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  bareBolt.command('/supervision', async ({ ack, client, command }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: { type: 'modal', title: { type: 'plain_text', text: 'Supervision' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello' } }] },
    });
  });
  const bareSlackServer = createServer(bareExpress);
  const bareSlackPort = await listen(bareSlackServer);

  // Bare botbuilder: a fixed card for every Action.Execute; and, as the floor for a request that
  // writes, the same with one durable INSERT (its own transaction, committed before the card is sent).
  class BareBot extends TeamsActivityHandler {
    constructor(private readonly write?: () => Promise<unknown>) {
      super();
    }
    protected override async onAdaptiveCardInvoke(): Promise<AdaptiveCardInvokeResponse> {
      await this.write?.();
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }] } as never,
      };
    }
  }
  const startBareTeams = async (write?: () => Promise<unknown>) => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const bot = new BareBot(write);
    const app = express();
    app.post('/api/messages', express.json(), (req, res) => void adapter.process(req, res, (context) => bot.run(context)));
    const server = createServer(app);
    return { port: await listen(server), close: () => new Promise((resolve) => server.close(resolve)) };
  };
  const bareTeams = await startBareTeams();
  const bareTeamsPort = bareTeams.port;

  const teams = (verb: string): LoadRequest => ({ kind: 'teams', serviceUrl: connector.url, verb, ...(verb === 'raise.submit' ? { raise: true } : {}) });

  /** The write floor: bare botbuilder and one INSERT of a row like a trigger's, on the given database; its rounds interleaved with bare botbuilder's. */
  const bareWrite = async (database: (typeof databases)[number]) => {
    const store = await database.open({ migrate: false });
    await sql`create table bench_write (id text primary key, at timestamptz not null, detail jsonb not null)`.execute(store.db);
    const detail = JSON.stringify({ experience: 'A new allegation was made at the visit.', goal: 'Agree whether to refer today.', availability: '' });
    const server = await startBareTeams(() => sql`insert into bench_write values (${randomUUID()}, ${new Date()}, ${detail})`.execute(store.db));
    await load(server.port, '/api/messages', teams('home')); // its warm-up, as each of ours has
    await pair(
      `Teams, bare botbuilder + one durable INSERT on ${database.name} (the floor for a write)`,
      server.port,
      '/api/messages',
      teams('home'),
      'bare botbuilder',
    );
    await server.close();
    await store.close();
  };

  const slash: LoadRequest = { kind: 'slack', responseUrl: `${slackApi.responseUrl}x` };
  // The machine is shared and its load drifts within a run, so each of our lines is measured in rounds,
  // each right after its own bare baseline (bare Bolt for Slack, bare botbuilder for Teams), and read
  // against that one; a line reports the median of its rounds.
  const pairs: { label: string; bareLabel: string; rounds: { ours: Measure; bare: Measure }[] }[] = [];
  const pair = async (label: string, port: number, path: string, request: LoadRequest, bareLabel: string) => {
    if (ONLY && !label.includes(ONLY)) return;
    const rounds: { ours: Measure; bare: Measure }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare = request.kind === 'slack' ? await load(bareSlackPort, '/slack/events', slash) : await load(bareTeamsPort, '/api/messages', teams('home'));
      rounds.push({ bare, ours: await load(port, path, request) });
    }
    pairs.push({ label, bareLabel, rounds });
  };
  // Warm-up of the bare servers (not measured): their first load pays for JIT and connections.
  await load(bareSlackPort, '/slack/events', slash);
  await load(bareTeamsPort, '/api/messages', teams('home'));
  for (const database of databases) {
    const server = await startOurs(database);
    for (const verb of ['home', 'upcoming', 'raise.submit']) await load(server.port, '/api/messages', teams(verb));
    await pair(
      `Slack /supervision, ours on ${database.name} (identify, home card, Block Kit, ephemeral ack)`,
      server.port,
      '/slack/events',
      slash,
      'bare Bolt',
    );
    await pair(`Teams "home", ours on ${database.name}`, server.port, '/api/messages', teams('home'), 'bare botbuilder');
    await pair(
      `Teams "upcoming", ours on ${database.name} (due dates from the policy engine)`,
      server.port,
      '/api/messages',
      teams('upcoming'),
      'bare botbuilder',
    );
    await pair(
      `Teams "raise.submit", ours on ${database.name} (a new trigger: routed, stored, queued for the supervisor)`,
      server.port,
      '/api/messages',
      teams('raise.submit'),
      'bare botbuilder',
    );
    await server.close();
    await bareWrite(database);
  }

  await new Promise((resolve) => bareSlackServer.close(resolve));
  await bareTeams.close();
  await slackApi.close();
  await connector.close();

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const of = (measures: Measure[], key: 'p50' | 'p99' | 'serverCpuMs' | 'databaseCpuMs') => {
    const values = measures.map((measure) => measure[key]).filter((value): value is number => value !== undefined);
    return values.length === measures.length ? median(values) : undefined;
  };
  const cpu = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(2)} ms`);
  const row = ({ label, bareLabel, rounds }: (typeof pairs)[number]) => {
    const ours = rounds.map((round) => round.ours);
    const bare = rounds.map((round) => round.bare);
    const ratios = rounds.map((round) => round.ours.p50 / round.bare.p50);
    const errors = ours.reduce((sum, measure) => sum + measure.errors, 0);
    const range = rounds.length > 1 ? ` (${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)})` : '';
    return `| ${label} | ${ms(of(ours, 'p50')!)} | ${ms(of(ours, 'p99')!)}${errors ? ` (${errors} errors)` : ''} | ${cpu(of(ours, 'serverCpuMs'))} | ${cpu(of(ours, 'databaseCpuMs'))} | ${ms(of(bare, 'p50')!)} | ${ms(of(bare, 'p99')!)} | ${cpu(of(bare, 'serverCpuMs'))} | ${median(ratios).toFixed(2)}x${range} ${bareLabel} |`;
  };
  return [
    '## Chat latency',
    '',
    `${REQUESTS} requests per line and round, ${CONCURRENCY} at a time, on loopback; ${ROUNDS} rounds of each line, each round right after its own bare baseline. Each figure is the median of the rounds; the ratio is the median of the rounds' ratios, with their range.`,
    'CPU: the bench process per request (the server under test, with PGlite inside ours, and the fake platforms; warm-up included); the load generator is not counted.',
    'Database CPU: the PostgreSQL server processes per request, on the same two cores (on PGlite lines, only what other PostgreSQL clients on the machine used).',
    '',
    '| what | p50 | p99 | CPU | database CPU | bare p50 | bare p99 | bare CPU | p50 ratio to bare |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...pairs.map(row),
  ].join('\n');
}

// Alone: `npx tsx bench/chat.ts` (BENCH_ONLY, BENCH_ROUNDS and DATABASE_URL as above).
if (import.meta.url === `file://${process.argv[1]}`) console.log(await runChatBench());
