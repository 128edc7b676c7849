// Who can reach /api/messages, and what it answers before anyone is authenticated (issue 16, items 2 and 4):
// a Slack-only server has no Teams door; a door follows only Bot Framework service URLs; a body that is not an
// activity gets a short JSON error, never Express's HTML page, and the log holds an id and a size, never the body.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serviceUrlAllowed } from '../../src/channels/teams/serviceUrl.js';
import { readSettings } from '../../src/config/env.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { startServer, type ServerOptions } from '../../src/server.js';
import { directoryCsv, SIGNING_SECRET, TEAMS } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { startFakeConnector, startFakeSlack } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';
import { recordingLogger } from '../support/recordingLogger.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

const TEAMS_APP = { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' };

/** A bot on loopback with the test directory; `localTeams` is the tests' own door without tokens. */
async function start(env: Record<string, string>, options: Partial<ServerOptions> = {}) {
  const store = await databases[0]!.open();
  cleanups.push(() => store.close());
  const clock = new FakeClock('2026-11-23T10:00:00Z');
  const imported = await importDirectory({ db: store.db, pack: pack('cafcass').pack, fileName: 'staff.csv', text: directoryCsv, now: clock.now() });
  if (!imported.ok) throw new Error('directory did not import');
  const connector = await startFakeConnector();
  cleanups.push(() => connector.close());
  const slack = await startFakeSlack();
  cleanups.push(() => slack.close());
  const log = recordingLogger();
  const settings = readSettings({ POLICY: 'cafcass', SLACK_API_URL: slack.apiUrl, ...env });
  const bot = await startServer({ ...settings, port: 0, host: '127.0.0.1' }, store, { clock, logger: log.logger, ...options });
  cleanups.push(() => bot.close());
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  return { store, connector, log, bot, post };
}

const slackOnly = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET };

function activity(serviceUrl: string, text = 'help') {
  return {
    type: 'message',
    id: 'activity-door-1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: TEAMS.supervisor.id, aadObjectId: TEAMS.supervisor.aadObjectId },
    conversation: { id: `a:personal-${TEAMS.supervisor.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot', name: 'Supervision' },
    text,
  };
}

describe('the Teams door', () => {
  it('is not there on a Slack-only server: /api/messages answers 404 and nothing reaches the connector', async () => {
    const { post, connector, bot } = await start(slackOnly);
    const response = await post(JSON.stringify(activity(connector.url, 'pending')));
    expect(response.status).toBe(404);
    expect(connector.sent).toHaveLength(0);
    expect(bot.mounted.join('\n')).toContain('Teams not mounted');
  });

  it('is there, wanting a token, when Teams is configured', async () => {
    const { post, connector } = await start({ ...slackOnly, ...TEAMS_APP });
    expect((await post(JSON.stringify(activity('https://smba.trafficmanager.net/emea/')))).status).toBe(401);
    expect(connector.sent).toHaveLength(0);
  });

  it('refuses an activity whose serviceUrl is not a Bot Framework service, calls nothing there, and logs the activity id', async () => {
    const { post, connector, log } = await start(slackOnly, { localTeams: true });
    // 0.0.0.0 reaches this machine's own services: the classic way round a loopback check.
    const offList = connector.url.replace('127.0.0.1', '0.0.0.0');
    const refused = await post(JSON.stringify(activity(offList)));
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toEqual({ error: 'serviceUrl: not a Bot Framework service host' });
    expect(connector.sent).toHaveLength(0);
    expect(log.lines).toContainEqual(expect.objectContaining({ activityId: 'activity-door-1', msg: 'Teams activity refused: service URL not allowed' }));
    expect(log.text()).not.toContain('0.0.0.0');
    for (const url of ['http://attacker.example/', 'https://botframework.com.attacker.example/', 'https://smba.trafficmanager.net.attacker.example/']) {
      expect((await post(JSON.stringify(activity(url)))).status).toBe(403);
    }
    // The same door answers at a service URL it allows.
    expect((await post(JSON.stringify(activity(connector.url)))).status).toBe(200);
    expect(connector.sent).toHaveLength(1);
  });
});

describe('/api/messages before authentication', () => {
  const marker = 'PRIVATE-BODY-MARKER';

  it('answers malformed JSON and a JSON string with a short JSON 400, and logs an id and the size, never the body', async () => {
    const { post, log, connector } = await start(slackOnly, { localTeams: true });
    for (const body of [`{"type": "message", "text": "${marker}`, JSON.stringify(marker), JSON.stringify([marker]), JSON.stringify({ text: marker })]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.type).toContain('application/json');
      const answer = JSON.parse(response.text) as { error: string; requestId?: string };
      expect(answer.error).toMatch(/^(the body is not a JSON object|the body is not an activity|type: )/);
      expect(response.text).not.toMatch(/node_modules|<html|<pre|at .*\(/i);
      expect(response.text).not.toContain(marker);
    }
    expect(connector.sent).toHaveLength(0);
    expect(log.text()).not.toContain(marker);
    expect(log.lines).toContainEqual(expect.objectContaining({ bytes: expect.any(Number), requestId: expect.any(String) }));
  });

  it('answers a body over 1 MB with a JSON 413', async () => {
    const { post, log } = await start(slackOnly, { localTeams: true });
    const response = await post(JSON.stringify({ ...activity('http://127.0.0.1:9/'), text: marker + 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toMatchObject({ error: 'the body is over 1 MB' });
    expect(log.text()).not.toContain(marker);
    expect(log.lines).toContainEqual(expect.objectContaining({ bytes: expect.any(Number), msg: 'Teams request refused: body too large' }));
  });

  it('answers a bad token with a 401 and one log line, not a 500 and a stack', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { post, log, connector } = await start({ ...slackOnly, ...TEAMS_APP });
    const response = await post(JSON.stringify(activity('https://smba.trafficmanager.net/emea/')), { authorization: 'Bearer not-a-token' });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toEqual({ error: 'unauthorized' });
    expect(consoleError).not.toHaveBeenCalled();
    const lines = log.lines.filter((line) => line.activityId === 'activity-door-1');
    expect(lines).toEqual([expect.objectContaining({ msg: 'Teams request refused: not authenticated' })]);
    expect(log.text()).not.toMatch(/not-a-token|\n\s+at /);
    expect(connector.sent).toHaveLength(0);
  });
});

describe('the service hosts a Teams door may call', () => {
  const publicCloud = { hosts: [], loopback: false };

  it("are Microsoft's public Bot Framework and Teams hosts over HTTPS, and nothing like them", () => {
    for (const url of ['https://smba.trafficmanager.net/emea/', 'https://europe.webchat.botframework.com/', 'https://smba.infra.teams.microsoft.com/']) {
      expect(serviceUrlAllowed(url, publicCloud), url).toBe(true);
    }
    for (const url of [
      'http://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net:8443/',
      'https://user:secret@smba.trafficmanager.net/',
      'https://evilbotframework.com/',
      'https://botframework.com.attacker.example/',
      'http://127.0.0.1:3978/',
      'not a url',
    ]) {
      expect(serviceUrlAllowed(url, publicCloud), url).toBe(false);
    }
    expect(serviceUrlAllowed('http://127.0.0.1:3979/playground/connector/', { hosts: [], loopback: true })).toBe(true);
  });

  it('take a sovereign cloud from TEAMS_SERVICE_HOSTS, and name a bad entry', () => {
    const settings = readSettings({ TEAMS_SERVICE_HOSTS: 'smba.infra.gov.teams.microsoft.us, *.botframework.us' });
    expect(settings.teams.serviceHosts).toEqual(['smba.infra.gov.teams.microsoft.us', '*.botframework.us']);
    const gov = { hosts: settings.teams.serviceHosts!, loopback: false };
    expect(serviceUrlAllowed('https://smba.infra.gov.teams.microsoft.us/', gov)).toBe(true);
    expect(serviceUrlAllowed('https://token.botframework.us/', gov)).toBe(true);
    expect(serviceUrlAllowed('https://smba.infra.gov.teams.microsoft.us/', publicCloud)).toBe(false);
    expect(() => readSettings({ TEAMS_SERVICE_HOSTS: 'https://attacker.example/' })).toThrow(/TEAMS_SERVICE_HOSTS\.0 must be a host name/);
  });
});
