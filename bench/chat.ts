// Chat latency: 2,000 signed Slack slash commands and 2,000 Teams adaptiveCard/action invokes at 50
// concurrent connections, against our server and, in the same run, against a bare Bolt app (acks and
// opens a fixed modal) and a bare botbuilder handler (returns a fixed card). The load comes from a
// separate process (bench/loadClient.ts). Loopback only, bounded.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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

type Measure = { p50: number; p99: number; errors: number };

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
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(output) as Measure;
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
      { clock: systemClock },
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

  /** The write floor: bare botbuilder and one INSERT of a row like a trigger's, on the given database. */
  const bareWrite = async (database: (typeof databases)[number]) => {
    const store = await database.open({ migrate: false });
    await sql`create table bench_write (id text primary key, at timestamptz not null, detail jsonb not null)`.execute(store.db);
    const detail = JSON.stringify({ experience: 'A new allegation was made at the visit.', goal: 'Agree whether to refer today.', availability: '' });
    const server = await startBareTeams(() => sql`insert into bench_write values (${randomUUID()}, ${new Date()}, ${detail})`.execute(store.db));
    const measure = await load(server.port, '/api/messages', { kind: 'teams', serviceUrl: connector.url, verb: 'home' });
    await server.close();
    await store.close();
    return measure;
  };

  const slash: LoadRequest = { kind: 'slack', responseUrl: `${slackApi.responseUrl}x` };
  const slashBare = await load(bareSlackPort, '/slack/events', slash);
  const teamsBare = await load(bareTeamsPort, '/api/messages', { kind: 'teams', serviceUrl: connector.url, verb: 'home' });
  const ours: { name: string; slash: Measure; home: Measure; upcoming: Measure; raise: Measure; write: Measure }[] = [];
  for (const database of databases) {
    const write = await bareWrite(database);
    const server = await startOurs(database);
    ours.push({
      name: database.name,
      write,
      slash: await load(server.port, '/slack/events', slash),
      home: await load(server.port, '/api/messages', { kind: 'teams', serviceUrl: connector.url, verb: 'home' }),
      upcoming: await load(server.port, '/api/messages', { kind: 'teams', serviceUrl: connector.url, verb: 'upcoming' }),
      raise: await load(server.port, '/api/messages', { kind: 'teams', serviceUrl: connector.url, verb: 'raise.submit', raise: true }),
    });
    await server.close();
  }

  await new Promise((resolve) => bareSlackServer.close(resolve));
  await bareTeams.close();
  await slackApi.close();
  await connector.close();

  const row = (label: string, result: Measure, bare?: Measure) =>
    `| ${label} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${result.errors} | ${bare ? `${(result.p50 / bare.p50).toFixed(2)}x` : '1x'} |`;
  return [
    '## Chat latency',
    '',
    `${REQUESTS} requests per line, ${CONCURRENCY} at a time, on loopback.`,
    '',
    '| what | p50 | p99 | errors | p50 ratio to bare |',
    '| --- | --- | --- | --- | --- |',
    ...ours.map((result) => row(`Slack /supervision, ours on ${result.name} (identify, home card, Block Kit, ephemeral ack)`, result.slash, slashBare)),
    row('Slack /supervision, bare Bolt (ack, then views.open of a fixed modal)', slashBare),
    ...ours.flatMap((result) => [
      row(`Teams Action.Execute "home", ours on ${result.name}`, result.home, teamsBare),
      row(`Teams Action.Execute "upcoming", ours on ${result.name} (due dates from the policy engine)`, result.upcoming, teamsBare),
      row(`Teams Action.Execute "raise.submit", ours on ${result.name} (a new trigger: routed, stored, queued for the supervisor)`, result.raise, teamsBare),
      row(`Teams Action.Execute, bare botbuilder + one durable INSERT on ${result.name} (the floor for a write)`, result.write, teamsBare),
    ]),
    row('Teams Action.Execute, bare botbuilder (a fixed card)', teamsBare),
    '',
    ...ours.map(
      (result) =>
        `"raise.submit" on ${result.name}: p50 ${(result.raise.p50 / result.write.p50).toFixed(2)}x the bare botbuilder + one durable INSERT on the same database.`,
    ),
  ].join('\n');
}
