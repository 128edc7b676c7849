// Each case's last discussion is kept on the case by the database (migration 0026): the latest start of a
// session recorded under its reference, or the record's own time without a session; set when a case is
// imported that already has records, moved on by a later record, never back by an earlier one. The cadence
// watch and `team` read it (caseCadence.ts), so what they say rests on it. On both databases.
import { describe, expect, it } from 'vitest';
import { importCases } from '../../src/cases/importCases.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Team Manager T,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,staff,2024-01-08,U0WORKER1
`;

describe.each(databases)('the last discussion of a case on $name', (database) => {
  it('is the latest session recorded under the case, set on import, moved on by a later record and never back by an earlier one', async () => {
    const { store, people, context, clock } = await flowSetup(database, { policy: 'cumberland', directory });
    const { db } = store;
    const session = (id: string, startsAt: string) =>
      db
        .insertInto('supervision_session')
        .values({
          id,
          organisation_id: 'default',
          kind: 'case',
          supervisee_id: people.worker!.id,
          supervisor_id: people.supervisor!.id,
          starts_at: startsAt,
          duration_minutes: 60,
          status: 'held',
        })
        .execute();
    let version = 0;
    const record = (sessionId: string | null, createdAt: string, caseReference = 'EHM-204518') =>
      db
        .insertInto('record')
        .values({
          id: `00000000-0000-4000-8000-00000000000${version}`,
          record_key: `key-${version++}`,
          version_no: 1,
          session_id: sessionId,
          trigger_request_id: null,
          supervisee_id: people.worker!.id,
          author_id: people.supervisor!.id,
          model: 'signs-of-safety',
          stored_on: 'child-record',
          case_reference: caseReference,
          content: JSON.stringify({ values: {} }),
          due_at: null,
          created_at: createdAt,
        })
        .execute();
    const last = async () =>
      (await db.selectFrom('allocated_case').select('last_discussed').where('case_reference', '=', 'EHM-204518').executeTakeFirstOrThrow()).last_discussed;

    // Discussed before the case list came: the import finds it.
    await session('s-oct', '2026-10-12T10:00:00Z');
    await record('s-oct', '2026-10-13T09:00:00Z');
    await record(null, '2026-10-01T09:00:00Z', 'EHM-999999');
    const imported = await importCases({
      db,
      pack: context.pack,
      fileName: 'cases.csv',
      text: 'case_reference,category,worker,allocated_on\nEHM-204518,child-protection,worker@example.org,2026-09-01\n',
      now: clock.now(),
    });
    expect(imported.ok).toBe(true);
    expect(await last()).toEqual(new Date('2026-10-12T10:00:00Z'));
    // A later session's record moves it on; a request's record, with no session, counts from when it was written.
    await session('s-nov', '2026-11-09T10:00:00Z');
    await record('s-nov', '2026-11-10T09:00:00Z');
    expect(await last()).toEqual(new Date('2026-11-09T10:00:00Z'));
    await record(null, '2026-11-20T15:00:00Z');
    expect(await last()).toEqual(new Date('2026-11-20T15:00:00Z'));
    // A record of an earlier session, written late, does not move it back; nor does another case's.
    await record('s-oct', '2026-11-25T09:00:00Z');
    await record(null, '2026-12-01T09:00:00Z', 'EHM-999999');
    expect(await last()).toEqual(new Date('2026-11-20T15:00:00Z'));
  });
});
