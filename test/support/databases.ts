// Every store test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (CI sets it).
// Each PostgreSQL store gets a schema of its own (dropped when the run ends), so tests and files never see
// each other's rows; each PGlite store gets a PGlite of its own while it is open, emptied (started once).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openStore, storeOnPglite, type Store } from '../../src/store/open.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export interface TestDatabase {
  name: string;
  open(options?: { migrate?: boolean }): Promise<Store>;
  /** Two stores on one database, as two replicas would have (PGlite, being in-process, shares one). */
  openTwo(): Promise<[Store, Store]>;
  /** One more store on the same database as `store`, as a further replica would have. */
  alongside(store: Store): Promise<Store>;
  /** How a child process reaches the same database (PostgreSQL only). */
  urlOf?(store: Store): { url: string; schema: string };
}

/**
 * Starting PGlite takes seconds, so a test process keeps the ones it started and gives each new store an
 * idle one, emptied; a store open meanwhile (a file's bot beside a test's own) keeps its own.
 */
const idle: PGlite[] = [];

export const databases: TestDatabase[] = [
  {
    name: 'PGlite',
    async open({ migrate = true } = {}) {
      const instance = idle.pop() ?? (await PGlite.create('memory://'));
      // Empty, as a new database is: nothing of the last store's tables, functions or prepared statements.
      await instance.exec('deallocate all; drop schema if exists public cascade; create schema public;');
      const store = storeOnPglite(instance);
      if (migrate) await migrateToLatest(store.db);
      return {
        ...store,
        close: async () => {
          await store.close();
          idle.push(instance);
        },
      };
    },
    async openTwo() {
      const store = await this.open();
      return [store, await this.alongside(store)];
    },
    async alongside(store) {
      return { ...store, close: async () => {} };
    },
  },
];

const url = process.env.DATABASE_URL;
if (url) {
  databases.push({
    name: 'PostgreSQL',
    async open({ migrate = true } = {}) {
      // The run's prefix (test/support/globalSetup.ts), which drops the run's schemas when it ends. Outside a
      // test run (the benchmarks) not test_: a test run's setup and teardown drop every other test_ schema.
      const schema = `${process.env.TEST_SCHEMA_PREFIX ?? 'bench_'}${randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const store = await openStore({ kind: 'postgres', url, schema });
      if (migrate) await migrateToLatest(store.db);
      if (process.env.TEST_SCHEMA_PREFIX) return store;
      // Outside a test run (the benchmarks), nobody drops it later.
      return {
        ...store,
        close: async () => {
          await store.close();
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          await cleanup.query(`drop schema ${schema} cascade`);
          await cleanup.end();
        },
      };
    },
    async openTwo() {
      const first = await this.open();
      return [first, await this.alongside(first)];
    },
    async alongside(store) {
      return openStore({ kind: 'postgres', url, schema: this.urlOf!(store).schema });
    },
    urlOf(store) {
      if (store.location.kind !== 'postgres' || !store.location.schema) throw new Error('not a PostgreSQL test store');
      return { url, schema: store.location.schema };
    },
  });
}
