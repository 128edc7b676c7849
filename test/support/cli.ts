import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { main } from '../../src/cli/main.js';
import { databases } from './databases.js';

/** Runs the command line in-process and captures what it prints. */
export async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Where the command line finds each database: its own folder for PGlite, its own schema on PostgreSQL. */
export const places = [
  { name: 'PGlite', env: async (folder: string) => ({ DATA_DIR: path.join(folder, 'data'), DATABASE_URL: undefined }) },
  ...databases
    .filter((database) => database.urlOf)
    .map((database) => ({
      name: database.name,
      env: async () => {
        const store = await database.open({ migrate: false });
        const { url, schema } = database.urlOf!(store);
        await store.close();
        return { DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`, DATA_DIR: undefined };
      },
    })),
];

/** Points the command line at `place`'s database and the pack `policy`, in a folder of its own; all undone when the test finishes. */
export async function useCliPlace(place: (typeof places)[number], policy: string): Promise<string> {
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, POLICY: process.env.POLICY };
  const folder = mkdtempSync(path.join(tmpdir(), 'cli-'));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  onTestFinished(() => {
    setEnv(saved);
    rmSync(folder, { recursive: true, force: true });
  });
  setEnv({ ...(await place.env(folder)), POLICY: policy });
  return folder;
}
