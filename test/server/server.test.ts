import { afterEach, describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../src/config/env.js';
import { startServer } from '../../src/server.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('server', () => {
  it('answers /healthz on loopback with the version and the policy in use', async () => {
    const { server, url } = await startServer({ ...readSettings({ POLICY: 'bexley' }), port: 0 });
    close = () => server.close();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0', policy: 'bexley' });
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });

  it('names each bad setting in one start-up error', () => {
    expect(() => readSettings({ PORT: 'eighty', POLICY: 'camden' })).toThrow(SettingsError);
    expect(() => readSettings({ PORT: 'eighty', POLICY: 'camden' })).toThrow(
      /PORT must be a port number, 1 to 65535; POLICY 'camden' is not a policy pack; allowed: bexley, cafcass/,
    );
    expect(readSettings({})).toEqual({ port: 3978, host: '127.0.0.1', policy: 'cafcass' });
  });
});
