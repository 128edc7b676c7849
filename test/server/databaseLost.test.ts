// The database goes away and comes back (issue 16, item 1). On PostgreSQL a restart or fail-over drops every
// connection: the bot stays up, answers "try again" to what it cannot do meanwhile, says 503 at /healthz until
// the database is back, then carries on. PGlite's folder, damaged or in use, gets one clear start-up error.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readSettings } from '../../src/config/env.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { startServer } from '../../src/server.js';
import { openStore } from '../../src/store/open.js';
import { cardText, directoryCsv, SIGNING_SECRET, TEAMS } from '../support/botServer.js';
import { run } from '../support/cli.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { slackSignature, startFakeConnector, startFakeSlack } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';
import { recordingLogger } from '../support/recordingLogger.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

const TRY_AGAIN = 'The supervision bot could not reach its database. Nothing was changed; please try again in a minute.';

describe.each(databases.filter((database) => database.urlOf))('a dropped database connection on $name', (database) => {
  it('keeps the bot up: "try again" and 503 while the database is gone, then 200 and answers again', async () => {
    const base = await database.open();
    cleanups.push(() => base.close());
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const imported = await importDirectory({ db: base.db, pack: pack('cafcass').pack, fileName: 'staff.csv', text: directoryCsv, now: clock.now() });
    if (!imported.ok) throw new Error('directory did not import');

    // The bot connects as a role of this test's own, so the test can cut off its connections and no one else's.
    const { url, schema } = database.urlOf!(base);
    const role = `bot_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [role]);
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    });
    await admin.query(`create role ${role} login superuser`);
    const botUrl = new URL(url);
    botUrl.username = role;
    const log = recordingLogger();
    const store = await openStore({ kind: 'postgres', url: botUrl.toString(), schema }, { logger: log.logger });
    cleanups.push(() => store.close());

    const connector = await startFakeConnector();
    cleanups.push(() => connector.close());
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const settings = readSettings({ POLICY: 'cafcass', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
    const bot = await startServer({ ...settings, port: 0, host: '127.0.0.1' }, store, { clock, logger: log.logger, localTeams: true });
    cleanups.push(() => bot.close());

    const healthz = async () => (await fetch(`${bot.url}/healthz`)).status;
    const slash = async (text: string) => {
      const body = new URLSearchParams({
        team_id: 'T0TEST',
        channel_id: 'D0WORKER1',
        user_id: 'U0WORKER1',
        command: '/supervision',
        text,
        response_url: `${slack.responseUrl}cmd`,
        // Unique, as Slack's are: the same signed request twice is refused as a replay.
        trigger_id: `trigger-${randomUUID()}`,
      }).toString();
      const response = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
      return { status: response.status, text: await response.text() };
    };
    const teams = async (invoke?: string) => {
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: invoke ? 'invoke' : 'message',
          ...(invoke
            ? { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: invoke, data: {} }, trigger: 'manual' } }
            : { text: 'upcoming' }),
          id: `activity-${randomUUID()}`,
          channelId: 'msteams',
          serviceUrl: connector.url,
          from: { id: TEAMS.practitioner.id, aadObjectId: TEAMS.practitioner.aadObjectId },
          conversation: { id: `a:personal-${TEAMS.practitioner.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
          recipient: { id: '28:bot', name: 'Supervision' },
        }),
      });
      return { status: response.status, body: (await response.text()) || undefined };
    };

    expect(await healthz()).toBe(200);
    expect((await slash('upcoming')).text).toContain('Your upcoming supervision');

    // A fail-over, as the bot sees it: every connection it has is dropped, and new ones are refused for a while.
    await admin.query(`alter role ${role} nologin`);
    const { rows } = await admin.query(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and usename = $1 and application_name like 'supervision-bot%'`,
      [role],
    );
    expect(rows.length).toBeGreaterThan(0);

    await expect.poll(healthz).toBe(503);
    const refusedSlack = await slash('upcoming');
    expect(refusedSlack.status).toBe(200);
    expect(refusedSlack.text).toContain(TRY_AGAIN);
    // A button beside a card gets the answer beside it; a form gets it over the form, which stays filled in.
    const interaction = async (payload: Record<string, unknown>) => {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const response = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
      return { status: response.status, text: await response.text() };
    };
    const clicked = await interaction({
      type: 'block_actions',
      team: { id: 'T0TEST' },
      user: { id: 'U0WORKER1' },
      api_app_id: 'A0TEST',
      trigger_id: `trigger-${randomUUID()}`,
      response_url: `${slack.responseUrl}click`,
      container: { type: 'message', is_ephemeral: true },
      actions: [{ type: 'button', action_id: 'upcoming', block_id: 'b1', value: '{}', action_ts: '1' }],
    });
    expect(clicked.status).toBe(200);
    await expect.poll(() => JSON.stringify(slack.responses)).toContain(TRY_AGAIN);
    expect(slack.responses.at(-1)).toMatchObject({ replace_original: false });
    const submitted = await interaction({
      type: 'view_submission',
      team: { id: 'T0TEST' },
      user: { id: 'U0WORKER1' },
      api_app_id: 'A0TEST',
      trigger_id: `trigger-${randomUUID()}`,
      view: { id: 'V0FORM', callback_id: 'settings.save', private_metadata: '', state: { values: {} } },
    });
    expect(submitted.status).toBe(200);
    expect(JSON.parse(submitted.text)).toMatchObject({ response_action: 'push' });
    expect(submitted.text).toContain(TRY_AGAIN);
    const before = connector.sent.length;
    expect((await teams()).status).toBe(200);
    expect(cardText(connector.sent.slice(before).map((sent) => sent.activity))).toContain(TRY_AGAIN);
    const invoke = await teams('upcoming');
    expect(invoke.status).toBe(200);
    expect(cardText(JSON.parse(invoke.body!))).toContain(TRY_AGAIN);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'Database connection lost; the pool opens a new one when asked' }));

    // The database is back: so is the bot, with nothing restarted.
    await admin.query(`alter role ${role} login`);
    await expect.poll(healthz).toBe(200);
    expect((await slash('upcoming')).text).toContain('Your upcoming supervision');
  });
});

describe('the embedded database folder (DATA_DIR)', () => {
  const folder = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'supervision-data-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('gets one clear start-up error naming DATA_DIR when the folder is damaged', async () => {
    const dataDir = folder();
    writeFileSync(path.join(dataDir, 'PG_VERSION'), 'not a database\n');
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DATA_DIR', dataDir);
    const result = await run('serve');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`DATA_DIR (${dataDir})`);
    expect(result.stderr).toMatch(/cannot start/);
    expect(result.stderr).not.toMatch(/\n\s+at |node_modules/);
  });

  it('gets one clear start-up error naming DATA_DIR when another process has the folder', async () => {
    const dataDir = folder();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'supervision-bot.lock'), String(process.pid));
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DATA_DIR', dataDir);
    const result = await run('serve');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`DATA_DIR (${dataDir})`);
    expect(result.stderr).toContain(`in use by process ${process.pid}`);
  });
});
