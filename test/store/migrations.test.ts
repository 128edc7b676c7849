import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';

describe.each(databases)('store on $name', (database) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('migrates an empty database, and a second run changes nothing', async () => {
    store = await database.open({ migrate: false });
    const first = await migrateToLatest(store.db);
    expect(first.map((result) => [result.migrationName, result.status])).toEqual([
      ['0001_initial', 'Success'],
      ['0002_reminder_time', 'Success'],
      ['0003_record_deadline', 'Success'],
      ['0004_sessions', 'Success'],
      ['0005_action_extension', 'Success'],
      ['0006_group', 'Success'],
      ['0007_session_records', 'Success'],
      ['0008_directory_changed', 'Success'],
      ['0009_changed_since', 'Success'],
      ['0010_outbox_priority', 'Success'],
      ['0011_one_draft', 'Success'],
      ['0012_slack_replay', 'Success'],
      ['0013_history', 'Success'],
      ['0014_bot_clock', 'Success'],
      ['0015_case_records', 'Success'],
      ['0016_disputes_and_different_supervisor', 'Success'],
      ['0020_case_list', 'Success'],
      ['0021_agreements', 'Success'],
      ['0022_group_interval', 'Success'],
      ['0023_case_frequency', 'Success'],
      ['0024_agreed_arrangements', 'Success'],
      ['0025_dispute_outcome', 'Success'],
      ['0026_case_last_discussed', 'Success'],
      ['0028_professional_supervision', 'Success'],
      ['0029_record_access', 'Success'],
      ['0030_report_indexes', 'Success'],
      ['0032_audit_record_views', 'Success'],
      ['0033_person_language', 'Success'],
      ['0034_case_overdue_told', 'Success'],
    ]);
    expect(await migrateToLatest(store.db)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(store.db);
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        'absence',
        'action_extension',
        'action_item',
        'allocated_case',
        'audit_log',
        'chat_identity',
        'different_supervisor',
        'group_attendance',
        'group_channel',
        'group_role',
        'group_session',
        'organisation',
        'outbox',
        'person',
        'record_access',
        'record',
        'record_dispute',
        'slack_request_seen',
        'supervision_relationship',
        'supervision_session',
        'team',
        'trigger_event',
        'trigger_request',
      ]),
    );
  });

  it('keeps the audit log append-only and a signed record unchangeable', async () => {
    store = await database.open();
    const db = store.db;
    await db.insertInto('organisation').values({ id: 'org', name: 'Test organisation', policy_id: 'cafcass' }).execute();
    await db
      .insertInto('person')
      .values([
        { id: 'p1', organisation_id: 'org', email: 'practitioner@example.org', display_name: 'Practitioner One', role: 'practitioner' },
        { id: 's1', organisation_id: 'org', email: 'supervisor@example.org', display_name: 'Supervisor One', role: 'supervisor' },
      ])
      .execute();
    await db
      .insertInto('audit_log')
      .values({ at: '2026-11-23T10:00:00Z', actor_id: 's1', action: 'read', object_type: 'record', object_id: 'r1', detail: JSON.stringify({}) })
      .execute();
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/);

    await db
      .insertInto('record')
      .values({
        id: 'r1',
        record_key: 'k1',
        version_no: 1,
        supervisee_id: 'p1',
        author_id: 's1',
        model: '4x4x4',
        stored_on: 'child-record',
        case_reference: 'CF-204518',
        content: JSON.stringify({ experience: 'x' }),
        created_at: '2026-11-23T10:00:00Z',
      })
      .execute();
    await db
      .updateTable('record')
      .set({ content: JSON.stringify({ experience: 'y' }) })
      .where('id', '=', 'r1')
      .execute();
    await db
      .updateTable('record')
      .set({ signed_at: '2026-11-23T11:00:00Z', signed_by: JSON.stringify(['s1', 'p1']) })
      .where('id', '=', 'r1')
      .execute();
    await expect(
      db
        .updateTable('record')
        .set({ content: JSON.stringify({ experience: 'z' }) })
        .where('id', '=', 'r1')
        .execute(),
    ).rejects.toThrow(/is signed and cannot change; add a new version/);
  });

  it('lets exactly one of two concurrent callers win a versioned state change', async () => {
    store = await database.open();
    const db = store.db;
    await db.insertInto('organisation').values({ id: 'org', name: 'Test organisation', policy_id: 'cafcass' }).execute();
    await db
      .insertInto('person')
      .values([
        { id: 'p1', organisation_id: 'org', email: 'practitioner@example.org', display_name: 'Practitioner One', role: 'practitioner' },
        { id: 's1', organisation_id: 'org', email: 'one@example.org', display_name: 'Supervisor One', role: 'supervisor' },
        { id: 's2', organisation_id: 'org', email: 'two@example.org', display_name: 'Supervisor Two', role: 'supervisor' },
      ])
      .execute();
    await db
      .insertInto('trigger_request')
      .values({
        id: 't1',
        organisation_id: 'org',
        practitioner_id: 'p1',
        trigger_id: 'harm-or-risk',
        case_reference: 'CF-204518',
        urgency: 'urgent',
        state: 'waiting',
        raised_at: '2026-11-23T10:00:00Z',
        updated_at: '2026-11-23T10:00:00Z',
      })
      .execute();
    // Both supervisors read version 1, then both try to accept.
    const accept = (supervisor: string) =>
      db
        .updateTable('trigger_request')
        .set({ state: 'accepted', assigned_to: supervisor, version: 2, updated_at: '2026-11-23T10:05:00Z' })
        .where('id', '=', 't1')
        .where('version', '=', 1)
        .where('state', '=', 'waiting')
        .executeTakeFirst();
    const results = await Promise.all([accept('s1'), accept('s2')]);
    expect(results.map((result) => Number(result.numUpdatedRows)).sort()).toEqual([0, 1]);
    const row = await db.selectFrom('trigger_request').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
    expect(row.state).toBe('accepted');
    expect(row.version).toBe(2);
    expect(['s1', 's2'][results.findIndex((result) => Number(result.numUpdatedRows) === 1)]).toBe(row.assigned_to);
  });
});

describe('the embedded database folder', () => {
  it('refuses a second opener while the first has it, and opens again once it is closed', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openStore, StoreInUseError } = await import('../../src/store/open.js');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'store-'));
    const first = await openStore({ kind: 'pglite', dataDir });
    await expect(openStore({ kind: 'pglite', dataDir })).rejects.toThrow(StoreInUseError);
    await first.close();
    const again = await openStore({ kind: 'pglite', dataDir });
    await again.close();
  });
});
