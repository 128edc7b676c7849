// A signed Slack request is good for five minutes (Bolt refuses older ones), so one captured on the way can be
// sent again meanwhile (issue 16, item 16). Each signature runs once, across replicas: the store keeps the
// signatures seen within the window. A timestamp in the future beyond clock skew is refused too.
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/env.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { directoryCsv, SIGNING_SECRET } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { slackSignature, startFakeSlack } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';
import { recordingLogger } from '../support/recordingLogger.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(databases)('Slack replays on $name', (database) => {
  /** Two replicas of the bot on one database, as a load balancer would send Slack's requests to either. */
  async function twoReplicas() {
    const [first, second] = await database.openTwo();
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const imported = await importDirectory({ db: first.db, pack: pack('cafcass').pack, fileName: 'staff.csv', text: directoryCsv, now: clock.now() });
    if (!imported.ok) throw new Error('directory did not import');
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const log = recordingLogger();
    const settings = readSettings({ POLICY: 'cafcass', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
    const replicas: RunningServer[] = [];
    for (const store of [first, second]) {
      const bot = await startServer({ ...settings, port: 0, host: '127.0.0.1' }, store, { clock, logger: log.logger });
      cleanups.push(() => bot.close());
      replicas.push(bot);
    }
    return { db: first.db, replicas, slack, log };
  }

  const awayCommand = (responseUrl: string) =>
    new URLSearchParams({
      token: 'legacy',
      team_id: 'T0TEST',
      channel_id: 'D0WORKER1',
      user_id: 'U0WORKER1',
      command: '/supervision',
      text: 'away 2026-12-21 2026-12-24',
      response_url: responseUrl,
      trigger_id: 'trigger-away',
    }).toString();

  const send = async (bot: RunningServer, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };

  it('runs a signed request once: the same request sent again, to either replica, is refused', async () => {
    const { db, replicas, slack, log } = await twoReplicas();
    const body = awayCommand(`${slack.responseUrl}away`);
    const headers = slackSignature(SIGNING_SECRET, body);
    const first = await send(replicas[0]!, body, headers);
    expect(first.status).toBe(200);
    expect(first.text).toContain('ephemeral');
    const again = await send(replicas[0]!, body, headers);
    const elsewhere = await send(replicas[1]!, body, headers);
    expect([again.status, elsewhere.status]).toEqual([401, 401]);
    expect(await db.selectFrom('absence').selectAll().execute()).toHaveLength(1);
    expect(log.lines.filter((line) => line.msg === 'Slack request refused: replayed')).toHaveLength(2);
    expect(log.text()).not.toContain('away 2026');
    // Every refusal is audited, by ids only.
    const audited = await db.selectFrom('audit_log').select(['action', 'object_type', 'actor_id']).where('action', '=', 'slack.replay_refused').execute();
    expect(audited).toEqual([
      { action: 'slack.replay_refused', object_type: 'slack_request', actor_id: null },
      { action: 'slack.replay_refused', object_type: 'slack_request', actor_id: null },
    ]);
  });

  it('still runs the same command sent anew (a new timestamp, so a new signature)', async () => {
    const { db, replicas, slack } = await twoReplicas();
    const body = awayCommand(`${slack.responseUrl}away`);
    const now = Math.floor(Date.now() / 1000);
    expect((await send(replicas[0]!, body, slackSignature(SIGNING_SECRET, body, now - 1))).status).toBe(200);
    expect((await send(replicas[1]!, body, slackSignature(SIGNING_SECRET, body, now))).status).toBe(200);
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'slack.replay_refused').execute()).toEqual([]);
  });

  it('refuses a timestamp in the future beyond clock skew, and runs nothing', async () => {
    const { db, replicas, slack, log } = await twoReplicas();
    const body = awayCommand(`${slack.responseUrl}away`);
    const future = Math.floor(Date.now() / 1000) + 10 * 60;
    const response = await send(replicas[0]!, body, slackSignature(SIGNING_SECRET, body, future));
    expect(response.status).toBe(401);
    expect(await db.selectFrom('absence').selectAll().execute()).toHaveLength(0);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'Slack request refused: timestamp in the future' }));
    // A few seconds ahead is a clock's ordinary drift.
    const ahead = Math.floor(Date.now() / 1000) + 20;
    expect((await send(replicas[1]!, body, slackSignature(SIGNING_SECRET, body, ahead))).status).toBe(200);
  });

  it('keeps a signature only while it could be replayed: older ones are pruned', async () => {
    const { db, replicas, slack } = await twoReplicas();
    await db
      .insertInto('slack_request_seen')
      .values({ signature: `v0=${'0'.repeat(64)}`, expires_at: new Date(Date.now() - 60_000) })
      .execute();
    const body = awayCommand(`${slack.responseUrl}away`);
    expect((await send(replicas[0]!, body, slackSignature(SIGNING_SECRET, body))).status).toBe(200);
    const kept = await db.selectFrom('slack_request_seen').select(['signature', 'expires_at']).execute();
    expect(kept).toHaveLength(1);
    expect(kept[0]!.signature).not.toBe(`v0=${'0'.repeat(64)}`);
    // Until the timestamp is too old for Bolt to take (five minutes) and a minute of skew between replicas.
    expect(kept[0]!.expires_at.getTime() - Date.now()).toBeGreaterThan(5 * 60_000);
    expect(kept[0]!.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(6 * 60_000);
  });
});
