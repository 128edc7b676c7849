// What the directory says (who a chat user is, who answers for whom), kept between requests: never
// stale after a change to the directory, whether the change is made by this process, by another
// replica, or while the replica cannot hear of changes.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { identify } from '../../src/directory/identify.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { responderFrom } from '../../src/flows/responders.js';
import type { Store } from '../../src/store/open.js';
import { directoryCsv, TEAMS } from '../support/botServer.js';
import { databases, type TestDatabase } from '../support/databases.js';
import { pack } from '../support/packs.js';

const now = new Date('2026-11-23T10:00:00Z');
const roleOf = async (store: Store) => {
  const found = await identify({
    db: store.db,
    cache: store.directory,
    platform: 'teams',
    platformUserId: TEAMS.practitioner.aadObjectId,
    now,
    lookupEmail: async () => undefined,
  });
  return found.known ? found.person.role : 'unknown';
};
/** Who a trigger raised today by the practitioner goes to first. */
const answeredBy = async (store: Store) => {
  const worker = await store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
  return (await responderFrom(store.db, pack('cafcass').pack, worker.id, 0, '2026-11-23', store.directory))?.displayName;
};
const supervisorAway = (store: Store) =>
  sql`insert into absence (id, person_id, from_date, to_date, recorded_by, recorded_at)
      select 'away-1', id, '2026-11-20', '2026-11-27', id, now() from person where email = 'supervisor@example.org'`.execute(store.db);
const setRole = (store: Store, role: string) => sql`update person set role = ${role} where email = 'worker@example.org'`.execute(store.db);

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0).reverse()) await store.close();
});
const open = async (database: TestDatabase) => {
  const store = await database.open();
  opened.push(store);
  const imported = await importDirectory({ db: store.db, pack: pack('cafcass').pack, fileName: 'staff.csv', text: directoryCsv, now });
  expect(imported.ok).toBe(true);
  return store;
};

describe.each(databases)('identities on $name', (database) => {
  it('sees a change made by this process at once: a new role, a removed chat link', async () => {
    const store = await open(database);
    expect(await roleOf(store)).toBe('practitioner');
    expect(await roleOf(store)).toBe('practitioner');
    await store.db.updateTable('person').set({ role: 'supervisor' }).where('email', '=', 'worker@example.org').execute();
    expect(await roleOf(store)).toBe('supervisor');
    await setRole(store, 'practitioner');
    expect(await roleOf(store)).toBe('practitioner');
    await store.db.deleteFrom('chat_identity').where('platform', '=', 'teams').execute();
    expect(await roleOf(store)).toBe('unknown');
  });

  it('sends a trigger past a supervisor recorded away at once', async () => {
    const store = await open(database);
    expect(await answeredBy(store)).toBe('Practice Supervisor B');
    expect(await answeredBy(store)).toBe('Practice Supervisor B');
    await supervisorAway(store);
    expect(await answeredBy(store)).toBe('Team Manager A');
  });
});

// Replicas are separate processes only on PostgreSQL (PGlite is one process's database).
describe.each(databases.filter((database) => database.urlOf))('identities across replicas on $name', (database) => {
  it('sees another replica’s change, and reads the database while it cannot hear of changes', async () => {
    const store = await open(database);
    const replica = await database.alongside(store);
    opened.push(replica);
    const schema = database.urlOf!(store).schema;
    // PostgreSQL keeps the first 63 bytes of a connection's name.
    const listening = async () =>
      (
        await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = left(${`supervision-bot directory ${schema}`}, 63)`.execute(
          replica.db,
        )
      ).rows;
    // The first look-up starts listening; once it is up, answers come from memory.
    await roleOf(store);
    await expect.poll(async () => (await listening()).length, { timeout: 10_000 }).toBe(1);
    // Connected is not yet listening: memory serves once LISTEN has answered.
    await expect.poll(() => store.directory.serving, { timeout: 10_000 }).toBe(true);
    expect(await roleOf(store)).toBe('practitioner');
    expect(await roleOf(store)).toBe('practitioner');

    // A change that tells nobody (the trigger off) is not seen: the answer came from memory...
    await sql`alter table person disable trigger person_changed`.execute(replica.db);
    await setRole(replica, 'manager');
    expect(await roleOf(store)).toBe('practitioner');
    await sql`alter table person enable trigger person_changed`.execute(replica.db);
    // ...and a change that tells, from another replica, is.
    await setRole(replica, 'supervisor');
    await expect.poll(() => roleOf(store), { timeout: 10_000 }).toBe('supervisor');
    expect(await answeredBy(store)).toBe('Practice Supervisor B');
    await supervisorAway(replica);
    await expect.poll(() => answeredBy(store), { timeout: 10_000 }).toBe('Team Manager A');

    // The listening connection is cut: nothing is served from memory until it is back.
    await roleOf(store);
    for (const { pid } of await listening()) await sql`select pg_terminate_backend(${pid})`.execute(replica.db);
    await expect.poll(async () => (await listening()).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => store.directory.serving, { timeout: 10_000 }).toBe(false);
    await sql`alter table person disable trigger person_changed`.execute(replica.db);
    await setRole(replica, 'practitioner');
    expect(await roleOf(store)).toBe('practitioner');
    await sql`alter table person enable trigger person_changed`.execute(replica.db);
  });
});
