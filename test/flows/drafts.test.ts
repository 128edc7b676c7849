// A draft of a record is kept once, replaced by each save (a draft can be large, and a hundred saves
// must not keep a hundred copies): the form reopens with the latest, and recording it clears it. Drafts
// kept as history before this (one event a save) are moved on migration: each request keeps its latest.
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runAction } from '../../src/flows/router.js';
import { migrateToLatest, migrations } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
const REQUEST = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

describe.each(databases)('record drafts on $name', (database) => {
  it('keeps one draft however often it is saved, reopens with the latest, and drops it once recorded', async () => {
    const { store, clock, context, people } = await flowSetup(database, { policy: 'cafcass', directory });
    await raise(context, people.worker!, REQUEST);
    await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
    const history = () =>
      store.db.selectFrom('trigger_event').select(['from_state', 'to_state']).where('trigger_request_id', '=', REQUEST).orderBy('id').execute();
    const before = await history();

    for (let save = 1; save <= 10; save += 1) {
      clock.advance(60_000);
      const saved = await runAction(context, people.supervisor!, 'record.save', {
        requestId: REQUEST,
        draft: 'true',
        'f.experience': `Draft ${save}: ${'x'.repeat(2_700)}`,
      });
      expect(saved.view.data.saved).toContain('Draft saved at');
    }
    // No history grows with drafts: one draft, the latest.
    expect(await history()).toEqual(before);
    const draft = await store.db.selectFrom('trigger_request').select('record_draft').where('id', '=', REQUEST).executeTakeFirstOrThrow();
    expect(draft.record_draft?.['f.experience']).toMatch(/^Draft 10: /);
    const reopened = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
    const fields = reopened.view.data.fields as { inputId: string; value: string }[];
    expect(fields.find((field) => field.inputId === 'f.experience')!.value).toMatch(/^Draft 10: /);
    // Each save is still audited, by id only.
    const audited = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'record.draft').execute();
    expect(audited).toHaveLength(10);
    expect(JSON.stringify(audited)).not.toContain('Draft');

    const recorded = await runAction(context, people.supervisor!, 'record.save', {
      requestId: REQUEST,
      'f.experience': 'What happened.',
      'f.reflection': 'Reflection.',
      'f.analysis': 'Analysis.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-24',
    });
    expect(recorded.view.data.title).toBe('Sent to Social Worker C to sign');
    expect(await store.db.selectFrom('trigger_request').select('record_draft').where('id', '=', REQUEST).executeTakeFirstOrThrow()).toEqual({
      record_draft: null,
    });
  });

  let store: Store;
  afterEach(async () => store?.close());

  it('moves drafts kept as history to one draft a request, the latest, on migration', async () => {
    store = await database.open({ migrate: false });
    // The database as it was before: migrations 0001 to 0009.
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0009_changed_since'));
    const db = store.db as unknown as Kysely<any>;
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
    const old = new Migrator({ db, provider: { getMigrations: async () => before }, migrationTableSchema: schema });
    expect((await old.migrateToLatest()).error).toBeUndefined();

    await sql`
      insert into organisation (id, name, policy_id) values ('default', 'Test organisation', 'cafcass');
      insert into person (id, organisation_id, email, display_name, role) values
        ('p1', 'default', 'worker@example.org', 'Social Worker C', 'practitioner'),
        ('s1', 'default', 'supervisor@example.org', 'Practice Supervisor B', 'supervisor');
      insert into trigger_request (id, organisation_id, practitioner_id, trigger_id, case_reference, urgency, state, assigned_to, raised_at, updated_at) values
        ('t-open', 'default', 'p1', 'harm-or-risk', 'CF-100001', 'urgent', 'accepted', 's1', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z'),
        ('t-none', 'default', 'p1', 'harm-or-risk', 'CF-100002', 'urgent', 'accepted', 's1', '2026-11-23T10:00:00Z', '2026-11-23T10:00:00Z');
      insert into trigger_event (trigger_request_id, at, actor_id, from_state, to_state, detail) values
        ('t-open', '2026-11-23T10:00:00Z', 'p1', null, 'waiting', '{"assignedTo": "s1"}'),
        ('t-open', '2026-11-23T10:05:00Z', 's1', 'waiting', 'accepted', '{}'),
        ('t-open', '2026-11-23T10:10:00Z', 's1', 'accepted', 'accepted', '{"draft": {"f.experience": "first"}}'),
        ('t-open', '2026-11-23T10:20:00Z', 's1', 'accepted', 'accepted', '{"draft": {"f.experience": "second"}}'),
        ('t-open', '2026-11-23T10:30:00Z', 's1', 'accepted', 'accepted', '{"draft": {"f.experience": "latest"}}'),
        ('t-none', '2026-11-23T10:00:00Z', 'p1', null, 'waiting', '{"assignedTo": "s1"}'),
        ('t-none', '2026-11-23T10:05:00Z', 's1', 'waiting', 'accepted', '{}');
    `.execute(db);

    const ran = await migrateToLatest(store.db);
    expect(ran.map((result) => [result.migrationName, result.status])).toContainEqual(['0011_one_draft', 'Success']);
    const requests = await store.db.selectFrom('trigger_request').select(['id', 'record_draft']).orderBy('id').execute();
    expect(requests).toEqual([
      { id: 't-none', record_draft: null },
      { id: 't-open', record_draft: { 'f.experience': 'latest' } },
    ]);
    // The history keeps its state changes, and no drafts.
    const events = await store.db.selectFrom('trigger_event').select(['trigger_request_id', 'to_state']).orderBy('id').execute();
    expect(events).toEqual([
      { trigger_request_id: 't-open', to_state: 'waiting' },
      { trigger_request_id: 't-open', to_state: 'accepted' },
      { trigger_request_id: 't-none', to_state: 'waiting' },
      { trigger_request_id: 't-none', to_state: 'accepted' },
    ]);
  });
});
