import { afterEach, describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../src/config/env.js';
import { startServer } from '../../src/server.js';
import { systemClock } from '../../src/ports/clock.js';
import { databases } from '../support/databases.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('server', () => {
  it('answers /healthz on loopback with the version, the policy and the database in use', async () => {
    const store = await databases[0]!.open();
    cleanups.push(() => store.close());
    const { url, close } = await startServer({ ...readSettings({ POLICY: 'bexley' }), port: 0 }, store, { clock: systemClock });
    cleanups.push(close);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0', policy: 'bexley', database: 'pglite' });
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });

  it('says 503 when the database cannot be reached', async () => {
    const store = await databases[0]!.open();
    const { url, close } = await startServer({ ...readSettings({}), port: 0 }, store, { clock: systemClock });
    cleanups.push(close);
    await store.close();
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'database unreachable' });
  });

  it('names each bad setting in one start-up error', () => {
    expect(() => readSettings({ PORT: 'eighty', POLICY: 'camden' })).toThrow(SettingsError);
    expect(() => readSettings({ PORT: 'eighty', POLICY: 'camden', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT must be a port number, 1 to 65535; POLICY 'camden' is not a policy pack; allowed: bexley, cafcass.*; DATABASE_URL must be a PostgreSQL URL/,
    );
    expect(readSettings({})).toEqual({
      port: 3978,
      host: '127.0.0.1',
      policy: 'cafcass',
      store: { kind: 'pglite', dataDir: './data' },
      teams: {},
      playground: { enabled: true, timeTravel: true, port: 3979 },
    });
    expect(readSettings({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
    });
  });
});
