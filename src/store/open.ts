// Opens the store: PostgreSQL when DATABASE_URL is set (a pool, for several replicas), otherwise
// PGlite (embedded PostgreSQL) in a folder, so a newcomer needs no database server. One Kysely
// dialect serves both: PGlite speaks to node-postgres through its own adapter.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely } from 'kysely';
import pg from 'pg';
import { silentLogger, type Logger } from '../ports/logger.js';
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

/** A connection that cannot be had waits this long at most: a request then answers "try again" rather than hanging. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openStore(location: StoreLocation, options: { logger?: Logger } = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  if (location.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: location.poolSize ?? 10,
      Client: PreparingClient,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Names the bot's connections in pg_stat_activity (and the store's schema, where several share a server).
      application_name: `supervision-bot ${location.schema ?? ''}`.trim().slice(0, 63),
      // PostgreSQL's JIT off: the bot's queries are short, and the wide ones (the cadence watch's morning look
      // over everyone) spent more compiling than running (1.6 s of 1.9 s, docs/benchmarks.md).
      options: ['-c jit=off', ...(location.schema ? [`-c search_path=${location.schema}`] : [])].join(' '),
    });
    return storeOn(pool, location, new DirectoryCache({ url: location.url, ...(location.schema ? { schema: location.schema } : {}) }), logger);
  }
  // 'memory://' keeps the database in memory (tests); anything else is a folder on disk.
  let unlock = () => {};
  let pglite: PGlite;
  if (location.dataDir.startsWith('memory://')) pglite = await PGlite.create(location.dataDir);
  else {
    try {
      mkdirSync(location.dataDir, { recursive: true });
    } catch (error) {
      throw new StoreOpenError(`DATA_DIR (${location.dataDir}) cannot be used for the embedded database: ${(error as Error).message}`);
    }
    unlock = lockDataDir(location.dataDir);
    try {
      pglite = await PGlite.create(location.dataDir);
    } catch (error) {
      unlock();
      throw new StoreOpenError(
        `the embedded database in DATA_DIR (${location.dataDir}) cannot be opened (${(error as Error).message}): ` +
          'the folder is damaged or is not a supervision-bot database; restore it from a backup, or point DATA_DIR at an empty folder',
      );
    }
  }
  const store = storeOnPglite(pglite, location, logger);
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
export function storeOnPglite(pglite: PGlite, location: StoreLocation = { kind: 'pglite', dataDir: 'memory://' }, logger: Logger = silentLogger): Store {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, Client: PreparingClient });
  // One process has this database, so it sees every change to the directory itself.
  return storeOn(pool, location, new DirectoryCache(), logger);
}

/** Kysely on a pool, with the directory cache watching its writes. */
function storeOn(pool: pg.Pool, location: StoreLocation, directory: DirectoryCache, logger: Logger): Store {
  // A connection lost (a restart, a fail-over, pg_terminate_backend) is an 'error' event: unheard, it ends the
  // process. Heard, the pool drops that client and opens a new one when next asked; the query it was running fails.
  const lost = (error: Error & { code?: string }) => logger.warn({ code: error.code }, 'Database connection lost; the pool opens a new one when asked');
  pool.on('connect', (client) => client.on('error', lost));
  // An idle client's loss is also told to the pool, which must hear it; the client's own listener has logged it.
  pool.on('error', () => {});
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

/** The database cannot be opened: a start-up error for the operator, naming the setting to look at. */
export class StoreOpenError extends Error {}
export class StoreInUseError extends StoreOpenError {}

/**
 * PostgreSQL's error classes for a database that cannot be had now: 08 connection lost or refused, 28 the
 * connection not allowed (a fail-over's new server not yet taking the bot's role), 57P0x shutting down or
 * starting, 53300 too many connections.
 */
const UNAVAILABLE_CODES = /^(08|28|57P0[1-3]$|53300$)/;
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** Whether a query failed because the database could not be reached (so "try again" is the answer), not for what it asked. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.test(code) || UNAVAILABLE_NETWORK.has(code))) return true;
  // node-postgres says these in words only.
  return /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(error.message);
}

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
          `the embedded database in DATA_DIR (${dataDir}) is in use by process ${owner}; stop it first, or use PostgreSQL (DATABASE_URL) to run more than one`,
        );
      }
      rmSync(lockFile, { force: true }); // left behind by a process that has gone
    }
  }
  throw new StoreInUseError(`cannot lock the embedded database in DATA_DIR (${dataDir})`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
