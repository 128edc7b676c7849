// Opens the store: PostgreSQL when DATABASE_URL is set (a pool, for several replicas), otherwise
// PGlite (embedded PostgreSQL) in a folder, so a newcomer needs no database server. One Kysely
// dialect serves both: PGlite speaks to node-postgres through its own adapter.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely } from 'kysely';
import pg from 'pg';
import { DirectoryCache } from './directoryCache.js';
import { OwnSchemaPostgresDialect } from './ownSchema.js';
import { PreparingClient } from './preparedStatements.js';
import type { Database } from './schema.js';

export type StoreLocation = { kind: 'postgres'; url: string; schema?: string; poolSize?: number } | { kind: 'pglite'; dataDir: string };

export interface Store {
  db: Kysely<Database>;
  location: StoreLocation;
  /** What the directory says (who each chat user is, who supervises whom), kept between requests; emptied by any change to it. */
  directory: DirectoryCache;
  close(): Promise<void>;
}

// Dates stay strings (YYYY-MM-DD): a date has no time zone, and JavaScript Date would give it one.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export async function openStore(location: StoreLocation): Promise<Store> {
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: location.poolSize ?? 10,
      Client: PreparingClient,
      ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
    });
    return storeOn(pool, location, new DirectoryCache({ url: location.url, ...(location.schema ? { schema: location.schema } : {}) }));
  }
  // 'memory://' keeps the database in memory (tests); anything else is a folder on disk.
  let unlock = () => {};
  if (!location.dataDir.startsWith('memory://')) {
    mkdirSync(location.dataDir, { recursive: true });
    unlock = lockDataDir(location.dataDir);
  }
  const pglite = await PGlite.create(location.dataDir);
  const store = storeOnPglite(pglite, location);
  return {
    ...store,
    close: async () => {
      await store.close();
      await pglite.close();
      unlock();
    },
  };
}

/** A store on a PGlite that its caller started and closes (the tests reuse one per process: starting PGlite takes seconds). */
export function storeOnPglite(pglite: PGlite, location: StoreLocation = { kind: 'pglite', dataDir: 'memory://' }): Store {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, Client: PreparingClient });
  // One process has this database, so it sees every change to the directory itself.
  return storeOn(pool, location, new DirectoryCache());
}

/** Kysely on a pool, with the directory cache watching its writes. */
function storeOn(pool: pg.Pool, location: StoreLocation, directory: DirectoryCache): Store {
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }), plugins: [directory] });
  return {
    db,
    location,
    directory,
    close: async () => {
      await directory.close();
      await db.destroy();
    },
  };
}

/** DATABASE_URL means PostgreSQL; otherwise PGlite in DATA_DIR (default ./data). */
export function storeLocationFromEnv(env: { DATABASE_URL?: string | undefined; DATA_DIR?: string | undefined }): StoreLocation {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: env.DATA_DIR ?? './data' };
}

export class StoreInUseError extends Error {}

/** PGlite is one process's database: a second process opening the same folder would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'supervision-bot.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = openSync(lockFile, 'wx');
      writeSync(handle, String(process.pid));
      closeSync(handle);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && isRunning(owner)) {
        throw new StoreInUseError(
          `the embedded database in ${dataDir} is in use by process ${owner}; stop it first, or use PostgreSQL (DATABASE_URL) to run more than one`,
        );
      }
      rmSync(lockFile, { force: true }); // left behind by a process that has gone
    }
  }
  throw new StoreInUseError(`cannot lock the embedded database in ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
