// The composition root: one HTTP server for Teams (/api/messages), Slack (/slack/events), /healthz and,
// without real chat credentials, the browser playground; with the flows, the store, the policy in
// force, the sweeper and the outbox dispatcher wired in.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import express, { type Application, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { sql } from 'kysely';
import { createSlackChannel, type SlackChannel } from './channels/slack/app.js';
import { SlackMessenger } from './channels/slack/messenger.js';
import { createTeamsAdapter, type TeamsAdapter } from './channels/teams/adapter.js';
import { SupervisionTeamsBot } from './channels/teams/bot.js';
import { TeamsMessenger } from './channels/teams/messenger.js';
import { loadPolicy } from './config/policyFiles.js';
import { projectRoot } from './config/paths.js';
import type { Settings } from './config/env.js';
import { notifyAdminsOfFailure } from './delivery/adminNotice.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { MessengerByPlatform, type Messenger } from './delivery/messenger.js';
import { Sweeper, type DueProvider } from './delivery/sweeper.js';
import { calendarOf } from './domain/policy/calendarOf.js';
import type { FlowContext } from './flows/context.js';
import { sweepProviders } from './flows/sweepProviders.js';
import { AdjustableClock } from './playground/clock.js';
import { seedDemoDirectory } from './playground/demo.js';
import { connectDemoConversations, demoPeopleOnly, playgroundRouter } from './playground/routes.js';
import type { Clock } from './ports/clock.js';
import { silentLogger, type Logger } from './ports/logger.js';
import { loadClockOffset, saveClockOffset } from './store/botClock.js';
import { ensureOrganisation } from './store/organisation.js';
import type { Store } from './store/open.js';

export const version: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface RunningServer {
  server: Server;
  url: string;
  /** The playground's address, when it is on. */
  playgroundUrl?: string;
  flows: FlowContext;
  sweeper: Sweeper;
  dispatcher: Dispatcher;
  /** What is mounted, for the start-up log. */
  mounted: string[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The bot's clock; with time travel on, the playground's AdjustableClock. */
  clock: Clock;
  logger?: Logger;
  /** Run the sweeper every minute and the dispatcher every second (the tests drive them by hand). */
  background?: boolean;
  /** Due-item providers for the sweeper, as the flows add them. */
  providers?: DueProvider[];
  /**
   * A Teams door without tokens, as the Bot Framework Emulator and the tests speak Teams: only without
   * MicrosoftAppId and on loopback; it answers only loopback service URLs and links no identity.
   */
  localTeams?: boolean;
}

/** A body /api/messages could not read: a short JSON answer, and a log line with an id and the size, never the body. */
function unreadableBody(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, request, response, _next) => {
    const requestId = randomUUID();
    const bytes = Number(request.headers['content-length']) || undefined;
    if (error.type === 'entity.too.large') {
      logger.warn({ requestId, bytes }, 'Teams request refused: body too large');
      return void response.status(413).json({ error: 'the body is over 1 MB', requestId });
    }
    if (error.type === 'entity.parse.failed') {
      logger.warn({ requestId, bytes }, 'Teams request refused: body not a JSON object');
      return void response.status(400).json({ error: 'the body is not a JSON object', requestId });
    }
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    logger.warn({ requestId, bytes, type: error.type, status }, 'Teams request refused: body unreadable');
    response.status(status).json({ error: status === 500 ? 'the bot could not read the request' : 'the body could not be read', requestId });
  };
}

/** The sweeper runs this often on the way when the playground travels in time, as it would have meanwhile. */
const TRAVEL_STEP_MINUTES = 30;

/**
 * Time travel, as if the bot had been running: the clock moves in half-hour steps, with a sweep and a
 * delivery at each, so a week's reminders each come, and are stamped, at their moment (09:00, a
 * session's end). Each step's offset is kept, so a restart does not put the clock back.
 */
async function travelWithSweeps(clock: AdjustableClock, minutes: number, store: Store, sweeper: Sweeper, dispatcher: Dispatcher): Promise<void> {
  for (let left = minutes; left > 0; left -= TRAVEL_STEP_MINUTES) {
    clock.advance(Math.min(left, TRAVEL_STEP_MINUTES) * 60_000);
    await saveClockOffset(store.db, clock.offset, clock.now());
    await sweeper.sweepOnce();
    await dispatcher.drain();
  }
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

export async function startServer(settings: Settings, store: Store, options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const pack = loadPolicy(settings.policy);
  await ensureOrganisation(store.db, pack);
  const flows: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: options.clock, directory: store.directory };
  const app = express();
  app.disable('x-powered-by');
  const mounted: string[] = [];

  app.get('/healthz', (_request, response) => {
    sql`select 1`.execute(store.db).then(
      () => response.status(200).json({ status: 'ok', version, policy: pack.id, database: store.location.kind }),
      () => response.status(503).json({ status: 'database unreachable', version, policy: pack.id, database: store.location.kind }),
    );
  });

  // Who may reach /api/messages: Teams itself, with a token (MicrosoftAppId set); the playground, on loopback and
  // for the demo people only; the Emulator's and the tests' local door. A Slack-only deployment has no Teams door.
  const loopbackOnly = !settings.teams.appId && settings.host === '127.0.0.1';
  const door = settings.teams.appId
    ? 'authenticated'
    : loopbackOnly && options.localTeams
      ? 'local'
      : loopbackOnly && settings.playground.enabled
        ? 'playground'
        : undefined;
  const bot = new SupervisionTeamsBot(flows, settings.teams.appId ?? '', logger);
  const adapter = createTeamsAdapter(settings.teams, logger, { loopback: door === 'local' || door === 'playground' });
  const mountTeams = (target: Application, teamsAdapter: TeamsAdapter, ...guards: RequestHandler[]) =>
    target.post(
      '/api/messages',
      express.json({ limit: '1mb' }),
      ...guards,
      (request: Request, response: Response) => {
        void teamsAdapter
          .answer(request.body, request.headers.authorization, (context) => bot.run(context))
          .then((answer) => {
            if (response.headersSent) return;
            if (answer.body === undefined) response.status(answer.status).end();
            else response.status(answer.status).json(answer.body);
          });
      },
      unreadableBody(logger),
    );
  if (door === 'playground') mountTeams(app, adapter, demoPeopleOnly(store.db));
  else if (door) mountTeams(app, adapter);
  mounted.push(
    door === 'authenticated'
      ? 'Teams at /api/messages (authenticated)'
      : door === 'local'
        ? 'Teams at /api/messages (local: no token, loopback service URLs only, no identity linked)'
        : door === 'playground'
          ? 'Teams at /api/messages for the playground only (loopback, demo people only)'
          : 'Teams not mounted (no MicrosoftAppId)',
  );
  const messengers: Record<string, Messenger> = { teams: new TeamsMessenger(adapter, settings.teams.appId ?? '', store.db) };

  let slack: SlackChannel | undefined;
  if (settings.slack) {
    slack = createSlackChannel(settings.slack, app, flows, logger);
    await slack.start();
    messengers.slack = new SlackMessenger(settings.slack.botToken, settings.slack.apiUrl);
    mounted.push(settings.slack.appToken ? 'Slack over Socket Mode' : 'Slack at /slack/events');
  } else {
    mounted.push('Slack not mounted (no SLACK_BOT_TOKEN)');
  }

  const sweeper = new Sweeper(store.db, options.clock, [...sweepProviders(flows), ...(options.providers ?? [])], logger);
  const dispatcher = new Dispatcher({
    db: store.db,
    messenger: new MessengerByPlatform(messengers),
    clock: options.clock,
    id: `${hostname()}:${process.pid}`,
    platforms: Object.keys(messengers),
    onFailed: notifyAdminsOfFailure,
    logger,
  });

  // The playground never listens beyond loopback: on the main server when that is on 127.0.0.1, else
  // on a loopback server of its own, with its own unauthenticated door to the same Teams bot.
  let playgroundServer: Server | undefined;
  let playgroundBase = '';
  if (settings.playground.enabled) {
    // Where an earlier run travelled to, before anything reads the clock.
    if (settings.playground.timeTravel && options.clock instanceof AdjustableClock) options.clock.restore(await loadClockOffset(store.db));
    if (settings.playground.timeTravel) await seedDemoDirectory(store.db, pack, options.clock.now());
    const timeTravel =
      settings.playground.timeTravel && options.clock instanceof AdjustableClock
        ? { clock: options.clock, travel: (minutes: number) => travelWithSweeps(options.clock as AdjustableClock, minutes, store, sweeper, dispatcher) }
        : undefined;
    const router = playgroundRouter({ db: store.db, clock: options.clock, baseUrl: () => playgroundBase, ...(timeTravel ? { timeTravel } : {}) });
    if (settings.host === '127.0.0.1') app.use('/playground', router);
    else {
      const loopbackApp = express();
      mountTeams(loopbackApp, createTeamsAdapter({}, logger, { loopback: true }), demoPeopleOnly(store.db));
      loopbackApp.use('/playground', router);
      playgroundServer = createServer(loopbackApp);
      playgroundBase = `http://127.0.0.1:${await listen(playgroundServer, settings.playground.port, '127.0.0.1')}`;
    }
  }

  const server = createServer(app);
  const port = await listen(server, settings.port, settings.host);
  const url = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;
  if (settings.playground.enabled) {
    if (!playgroundServer) playgroundBase = url;
    await connectDemoConversations(store.db, playgroundBase, options.clock.now());
    mounted.push(`Playground at ${playgroundBase}/playground${settings.playground.timeTravel ? ' (with time travel)' : ''}`);
  }
  if (options.background) {
    sweeper.start(60_000);
    dispatcher.start(1_000);
  }
  return {
    server,
    url,
    ...(settings.playground.enabled ? { playgroundUrl: `${playgroundBase}/playground` } : {}),
    flows,
    sweeper,
    dispatcher,
    mounted,
    close: async () => {
      await Promise.all([sweeper.stop(), dispatcher.stop()]);
      await slack?.stop();
      await new Promise((resolve) => server.close(resolve));
      if (playgroundServer) await new Promise((resolve) => playgroundServer!.close(resolve));
    },
  };
}
