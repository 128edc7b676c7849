// A running bot on loopback with the embedded database, a small directory, and fake platforms.
import { readSettings } from '../../src/config/env.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Store } from '../../src/store/open.js';
import { databases, type TestDatabase } from './databases.js';
import { FakeClock } from './fakes.js';
import { startFakeConnector, startFakeSlack, type FakeConnector, type FakeSlack } from './fakePlatforms.js';
import { pack } from './packs.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const TEAMS = {
  practitioner: { id: '29:practitioner', aadObjectId: '6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f' },
  supervisor: { id: '29:supervisor', aadObjectId: '0c7a4f7e-7a59-4a1e-8d4c-2b1f3e5d6a7b' },
};

export const directoryCsv = `email,name,role,team,supervisor,cohort,start_date,slack_user_id,teams_aad_object_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1,${TEAMS.supervisor.aadObjectId}
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,nqsw,2026-09-07,U0WORKER1,${TEAMS.practitioner.aadObjectId}
`;

export interface BotHarness {
  bot: RunningServer;
  store: Store;
  clock: FakeClock;
  connector: FakeConnector;
  slack: FakeSlack;
  close(): Promise<void>;
}

/** The practitioner's cohort in each pack the tests run the bot with. */
const practitionerCohort: Record<string, string> = {
  cafcass: 'nqsw',
  bexley: 'case-holder',
  islington: 'case-holder',
  cumberland: 'nqsw',
  'cafcass-cymru': 'practitioner',
};

/** The bot over HTTP; on PGlite unless a test runs it over each of `databases` (PostgreSQL when DATABASE_URL is set). */
export async function startBot(env: Record<string, string> = {}, database: TestDatabase = databases[0]!): Promise<BotHarness> {
  const policy = env.POLICY ?? 'cafcass';
  const store = await database.open();
  const clock = new FakeClock('2026-11-23T10:00:00Z');
  const text = directoryCsv.replace(',nqsw,', `,${practitionerCohort[policy]},`);
  const result = await importDirectory({ db: store.db, pack: pack(policy).pack, fileName: 'staff.csv', text, now: clock.now() });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const connector = await startFakeConnector();
  const slack = await startFakeSlack();
  const settings = readSettings({ POLICY: 'cafcass', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, ...env });
  // Without MicrosoftAppId, the tests speak Teams through the local door (no token, loopback connectors only).
  const bot = await startServer({ ...settings, port: 0, host: '127.0.0.1' }, store, { clock, localTeams: !env.MicrosoftAppId });
  return {
    bot,
    store,
    clock,
    connector,
    slack,
    close: async () => {
      await bot.close();
      await connector.close();
      await slack.close();
      await store.close();
    },
  };
}

let sequence = 0;

/** An activity as Teams sends it to /api/messages, replies going to the fake connector. */
export function teamsActivity(
  harness: BotHarness,
  options: {
    from: { id: string; aadObjectId: string };
    text?: string;
    invoke?: { verb: string; data?: Record<string, unknown> };
    conversationType?: 'personal' | 'channel' | 'groupChat';
  },
) {
  sequence += 1;
  const conversationId = options.conversationType && options.conversationType !== 'personal' ? '19:channel@thread.tacv2' : `a:personal-${options.from.id}`;
  return {
    type: options.invoke ? 'invoke' : 'message',
    ...(options.invoke
      ? {
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: options.invoke.verb, data: options.invoke.data ?? {} }, trigger: 'manual' },
        }
      : {}),
    id: `activity-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: harness.connector.url,
    from: { id: options.from.id, name: 'Someone', aadObjectId: options.from.aadObjectId },
    conversation: { id: conversationId, conversationType: options.conversationType ?? 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot', name: 'Supervision' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...(options.text === undefined ? {} : { text: options.text }),
  };
}

export async function postTeams(harness: BotHarness, activity: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${harness.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  return { status: response.status, body: json, text };
}

/** All the text of an Adaptive Card, to assert on what a person would read. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof record[key] === 'string') parts.push(record[key] as string);
      for (const item of Object.values(record)) if (typeof item === 'object') visit(item);
    }
  };
  visit(card);
  return parts.join('\n');
}
