// The store's introspection (what Kysely's migrator asks before it migrates) sees its own schema only,
// so a schema dropped elsewhere on the server at that moment cannot fail a migration.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

describe.each(databases)('introspection on $name', (database) => {
  it("lists this schema's tables with their columns, and the migrator's own only when asked", async () => {
    const store = await database.open();
    opened.push(store);
    const tables = await store.db.introspection.getTables();
    const names = tables.map((table) => table.name);
    expect(names).toContain('person');
    expect(names).not.toContain('kysely_migration');
    const person = tables.find((table) => table.name === 'person')!;
    expect(person.isView).toBe(false);
    expect(person.columns.find((column) => column.name === 'email')).toMatchObject({ dataType: 'text', isNullable: false });
    const all = (await store.db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name);
    expect(all).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'person']));
  });
});

// Other schemas on one server: PostgreSQL only (PGlite is one process's database).
describe.each(databases.filter((database) => database.urlOf))('introspection beside other schemas on $name', (database) => {
  it("does not see another schema's tables", async () => {
    const store = await database.open();
    opened.push(store);
    const { url, schema } = database.urlOf!(store);
    const other = `${schema}_other`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema ${other}; create table ${other}.elsewhere (id int)`);
      const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(tables.map((table) => table.name)).not.toContain('elsewhere');
      expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([schema]));
    } finally {
      await admin.query(`drop schema if exists ${other} cascade`);
      await admin.end();
    }
  });
});
