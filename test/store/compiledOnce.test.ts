// A statement compiled once stores each run's own values, and a statement built so that a value
// would be frozen into it at the first compile is refused then, with the value's name, writing nothing.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { auditInsert } from '../../src/store/audit.js';
import { compiledOnce, serialised, type SerialisedJson } from '../../src/store/compiledOnce.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';

type Entry = { at: Date; actorId: string | null; objectId: string; detail: SerialisedJson };
const storeEntry = compiledOnce('an audit entry', (db, entry: Entry) =>
  auditInsert(db, { at: entry.at, actorId: entry.actorId, action: 'test.entry', objectType: 'note', objectId: entry.objectId, detail: entry.detail }),
);

describe.each(databases)('statements compiled once on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());
  const entries = async () =>
    (
      await store.db.selectFrom('audit_log').select(['at', 'actor_id', 'action', 'object_id', 'detail']).where('object_type', '=', 'note').orderBy('id').execute()
    ).map((row) => ({ ...row, detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail }));

  it('stores each run with its own values, the fixed ones kept', async () => {
    store = await database.open();
    await storeEntry(store.db, { at: new Date('2026-12-01T09:00:00Z'), actorId: null, objectId: 'first', detail: serialised({ n: 1 }) });
    await storeEntry(store.db, { at: new Date('2026-12-02T09:30:00Z'), actorId: null, objectId: 'second', detail: serialised({ n: 2, text: "it's \"quoted\"" }) });
    expect(await entries()).toEqual([
      { at: new Date('2026-12-01T09:00:00Z'), actor_id: null, action: 'test.entry', object_id: 'first', detail: { n: 1 } },
      { at: new Date('2026-12-02T09:30:00Z'), actor_id: null, action: 'test.entry', object_id: 'second', detail: { n: 2, text: "it's \"quoted\"" } },
    ]);
  });

  it('refuses a value changed, serialised or written into the text at the first compile, naming it, and writes nothing', async () => {
    store = await database.open();
    const at = new Date('2026-12-01T09:00:00Z');
    const trimmed = compiledOnce('a trimmed entry', (db, entry: { id: string }) =>
      auditInsert(db, { at, actorId: null, action: 'test.entry', objectType: 'note', objectId: entry.id.trim() }),
    );
    await expect(trimmed(store.db, { id: ' padded ' })).rejects.toThrow(/a trimmed entry cannot be compiled once: .*value id/);
    const serialisedInside = compiledOnce('an entry with its detail', (db, entry: { id: string; step: string }) =>
      auditInsert(db, { at, actorId: null, action: 'test.entry', objectType: 'note', objectId: entry.id, detail: { step: entry.step } }),
    );
    await expect(serialisedInside(store.db, { id: 'x', step: 'one' })).rejects.toThrow(/value step is changed or serialised inside it/);
    const inText = compiledOnce('an entry read by kind', (db, entry: { kind: string }) =>
      db.selectFrom('audit_log').select('id').where('action', '=', sql.lit(entry.kind)),
    );
    await expect(inText(store.db, { kind: 'test.entry' })).rejects.toThrow(/value kind is in the statement's text/);
    const directory = compiledOnce('a directory write', (db, person: { id: string }) =>
      db.updateTable('person').set({ display_name: 'x' }).where('id', '=', person.id),
    );
    await expect(directory(store.db, { id: 'p' })).rejects.toThrow(/writes the directory/);
    const copied = compiledOnce('a copied entry', (db, entry: { id: string }) =>
      auditInsert(db, { ...{ at, actorId: null, action: 'test.entry', objectType: 'note' }, ...{ objectId: 'x', ...entry } }),
    );
    await expect(copied(store.db, { id: 'x' })).rejects.toThrow(/copies or lists its values/);
    expect(await entries()).toEqual([]);
  });
});
