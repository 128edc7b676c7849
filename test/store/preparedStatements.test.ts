// Repeated queries are prepared once per connection, and a table that changes shape under a prepared
// statement (another replica migrating) does not break the query.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';

describe.each(databases)('prepared statements on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  const open = async () => {
    store = await database.open({ migrate: false });
    await sql`create table note (id text primary key, body text not null)`.execute(store.db);
    await sql`insert into note values ('a', 'first'), ('b', 'second')`.execute(store.db);
  };
  const preparedOnConnection = async () =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(store.db)).rows.map((row) => row.statement);

  it('prepares a repeated query once and answers it the same each time', async () => {
    await open();
    for (const id of ['a', 'b', 'a']) {
      const row = await store.db
        .selectFrom('note' as never)
        .select('body' as never)
        .where('id' as never, '=', id as never)
        .executeTakeFirst();
      expect(row).toEqual({ body: id === 'a' ? 'first' : 'second' });
    }
    // PGlite has one connection; on PostgreSQL the pool may have used any, so count across what this one holds.
    const statements = (await preparedOnConnection()).filter((statement) => statement.includes('"note"'));
    expect(statements.length).toBeLessThanOrEqual(1);
    if (database.name === 'PGlite') expect(statements).toHaveLength(1);
  });

  it('still answers when the table gains a column after the query was prepared', async () => {
    await open();
    const read = () =>
      store.db
        .selectFrom('note' as never)
        .selectAll()
        .where('id' as never, '=', 'a' as never)
        .execute();
    expect(await read()).toEqual([{ id: 'a', body: 'first' }]);
    expect(await read()).toEqual([{ id: 'a', body: 'first' }]);
    await sql`alter table note add column heading text not null default 'none'`.execute(store.db);
    expect(await read()).toEqual([{ id: 'a', body: 'first', heading: 'none' }]);
    expect(await read()).toEqual([{ id: 'a', body: 'first', heading: 'none' }]);
  });
});
