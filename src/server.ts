// The composition root: one HTTP server for Teams (/api/messages), Slack (/slack/events) and
// /healthz, with the flows, the store and the policy in force wired in.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { sql } from 'kysely';
import { createSlackChannel, type SlackChannel } from './channels/slack/app.js';
import { SlackMessenger } from './channels/slack/messenger.js';
import { createTeamsAdapter } from './channels/teams/adapter.js';
import { SupervisionTeamsBot } from './channels/teams/bot.js';
import { TeamsMessenger } from './channels/teams/messenger.js';
import { loadPolicy } from './config/policyFiles.js';
import { projectRoot } from './config/paths.js';
import type { Settings } from './config/env.js';
import type { Messenger } from './delivery/messenger.js';
import { calendarOf } from './domain/policy/calendarOf.js';
import type { FlowContext } from './flows/context.js';
import type { Clock } from './ports/clock.js';
import { silentLogger, type Logger } from './ports/logger.js';
import { ensureOrganisation } from './store/organisation.js';
import type { Store } from './store/open.js';

export const version: string = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export interface RunningServer {
  server: Server;
  url: string;
  flows: FlowContext;
  /** Platform name to messenger, for the outbox dispatcher. */
  messengers: Record<string, Messenger>;
  /** What is mounted, for the start-up log. */
  mounted: string[];
  close(): Promise<void>;
}

export async function startServer(settings: Settings, store: Store, options: { clock: Clock; logger?: Logger }): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const pack = loadPolicy(settings.policy);
  await ensureOrganisation(store.db, pack);
  const flows: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: options.clock };
  const app = express();
  app.disable('x-powered-by');
  const mounted: string[] = [];

  app.get('/healthz', (_request, response) => {
    sql`select 1`.execute(store.db).then(
      () => response.status(200).json({ status: 'ok', version, policy: pack.id, database: store.location.kind }),
      () => response.status(503).json({ status: 'database unreachable', version, policy: pack.id, database: store.location.kind }),
    );
  });

  const adapter = createTeamsAdapter(settings.teams, logger);
  const bot = new SupervisionTeamsBot(flows, settings.teams.appId ?? '', logger);
  app.post('/api/messages', express.json({ limit: '1mb' }), (request, response) => {
    adapter
      .process(request, response, (context) => bot.run(context))
      .catch((error: Error) => {
        logger.error({ error: error.message }, 'Teams request failed');
        if (!response.headersSent) response.status(500).end();
      });
  });
  mounted.push(settings.teams.appId ? 'Teams at /api/messages (authenticated)' : 'Teams at /api/messages (no MicrosoftAppId: unauthenticated, loopback only)');
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

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const shownHost = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
  return {
    server,
    url: `http://${shownHost}:${port}`,
    flows,
    messengers,
    mounted,
    close: async () => {
      await slack?.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
