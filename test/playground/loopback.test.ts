// The playground never listens beyond 127.0.0.1, and is off when real credentials are set unless asked for.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/env.js';
import { systemClock } from '../../src/ports/clock.js';
import { AdjustableClock } from '../../src/playground/clock.js';
import { startServer } from '../../src/server.js';
import { databases } from '../support/databases.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { loadPolicy } from '../../src/config/policyFiles.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const teams = { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' };

describe('playground settings', () => {
  it('is on, with time travel, when no chat credentials are set', () => {
    expect(readSettings({}).playground).toEqual({ enabled: true, timeTravel: true, port: 3979 });
    expect(readSettings({ PLAYGROUND: 'off' }).playground.enabled).toBe(false);
  });

  it('is off with real credentials unless asked for, and then has no time travel', () => {
    expect(readSettings(teams).playground.enabled).toBe(false);
    expect(readSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).playground.enabled).toBe(false);
    expect(readSettings({ ...teams, PLAYGROUND: 'on' }).playground).toEqual({ enabled: true, timeTravel: false, port: 3979 });
    expect(() => readSettings({ PLAYGROUND: 'yes' })).toThrow(/PLAYGROUND must be on or off/);
  });

  it('gets a loopback server of its own when the bot listens beyond loopback', async () => {
    const store = await databases[0]!.open();
    cleanups.push(() => store.close());
    const playgroundPort = await freePort();
    const settings = readSettings({ ...teams, PLAYGROUND: 'on', PLAYGROUND_PORT: String(playgroundPort) });
    expect(settings.host).toBe('0.0.0.0');
    const running = await startServer({ ...settings, port: 0 }, store, { clock: systemClock });
    cleanups.push(() => running.close());
    expect(running.playgroundUrl).toBe(`http://127.0.0.1:${playgroundPort}/playground`);
    const address = running.server.address() as { address: string; port: number };
    expect(address.address).toBe('0.0.0.0');
    // The public server has no playground and wants Teams tokens; the loopback one has both doors.
    expect((await fetch(`${running.url}/playground/`)).status).toBe(404);
    expect(
      (await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' })).status,
    ).toBe(401);
    expect((await fetch(`${running.playgroundUrl}/`)).status).toBe(200);
    const state = (await (await fetch(`${running.playgroundUrl}/api/state`)).json()) as { timeTravel: boolean; people: unknown[] };
    expect(state.timeTravel).toBe(false);
    expect(state.people).toEqual([]); // no demo people are added to a real deployment
    expect(
      (await fetch(`${running.playgroundUrl}/api/time-travel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"minutes":60}' }))
        .status,
    ).toBe(403);

    // Its unauthenticated Teams door acts only for demo people, never for real staff.
    const realStaff = '6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f';
    await importDirectory({
      db: store.db,
      pack: loadPolicy('cafcass'),
      fileName: 'staff.csv',
      text: `email,name,role,teams_aad_object_id\nreal.manager@council.example,Real Manager,manager,${realStaff}\n`,
      now: new Date(),
    });
    const impersonation = await fetch(`${running.playgroundUrl!.replace(/\/playground$/, '')}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'pending',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: '29:x', aadObjectId: realStaff },
        conversation: { id: 'a:x', conversationType: 'personal' },
        recipient: { id: '28:bot' },
      }),
    });
    expect(impersonation.status).toBe(403);
    expect(await impersonation.json()).toEqual({ error: 'the playground acts only for demo people' });
  });

  it('names bad playground input', async () => {
    const store = await databases[0]!.open();
    cleanups.push(() => store.close());
    const running = await startServer({ ...readSettings({}), port: 0 }, store, { clock: systemClock });
    cleanups.push(() => running.close());
    const post = (path: string, body: unknown) =>
      fetch(`${running.playgroundUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const empty = await post('/api/send', { personId: 'x', text: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: 'text: type something' });
    expect((await post('/api/send', { personId: 'nobody', text: 'help' })).status).toBe(404);
    // The system clock cannot travel: time travel needs the playground's own clock.
    expect((await post('/api/time-travel', { minutes: 60 })).status).toBe(403);
  });
});

describe('playground time travel', () => {
  it('stamps each message with the bot time it was sent, says how far time has moved, and keeps the clock across a restart', async () => {
    const store = await databases[0]!.open();
    cleanups.push(() => store.close());
    const settings = { ...readSettings({}), port: 0 };
    const first = await startServer(settings, store, { clock: new AdjustableClock() });
    const state = async (url: string) =>
      (await (await fetch(`${url}/api/state`)).json()) as { now: string; movedMs: number; people: { id: string; name: string }[] };
    const before = await state(first.playgroundUrl!);
    expect(before.movedMs).toBe(0);
    const travelled = await fetch(`${first.playgroundUrl}/api/time-travel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ minutes: 7 * 24 * 60 }),
    });
    expect(travelled.status).toBe(200);
    const after = await state(first.playgroundUrl!);
    expect(after.movedMs).toBeGreaterThanOrEqual(7 * 86_400_000);

    // Priya's demo session, a few working days ahead: "Supervision today" comes, and is stamped, on its day.
    const priya = after.people.find((person) => person.name === 'Priya Shah')!;
    const session = await store.db
      .selectFrom('supervision_session')
      .innerJoin('person', 'person.id', 'supervision_session.supervisee_id')
      .select('supervision_session.starts_at')
      .where('person.email', '=', 'priya.shah@demo.invalid')
      .where('supervision_session.status', '=', 'booked')
      .executeTakeFirstOrThrow();
    const chat = (await (await fetch(`${first.playgroundUrl}/api/chat/${priya.id}`)).json()) as { messages: { at: string; card?: unknown }[] };
    const today = chat.messages.find((message) => JSON.stringify(message.card ?? '').includes('Supervision today'));
    expect(today).toBeDefined();
    const londonDay = (instant: string | Date) => new Date(instant).toLocaleDateString('en-GB', { timeZone: 'Europe/London' });
    expect(londonDay(today!.at)).toBe(londonDay(session.starts_at));
    expect(londonDay(today!.at)).not.toBe(londonDay(after.now));
    const stamps = new Set(chat.messages.map((message) => message.at));
    expect(stamps.size).toBeGreaterThan(1);

    // A restart: a new process's clock starts at real time, and is moved to where the store says it was.
    await first.close();
    const second = await startServer(settings, store, { clock: new AdjustableClock() });
    cleanups.push(() => second.close());
    const restarted = await state(second.playgroundUrl!);
    expect(restarted.movedMs).toBe(after.movedMs);
    expect(new Date(restarted.now).getTime()).toBeGreaterThanOrEqual(new Date(after.now).getTime());
  });
});
