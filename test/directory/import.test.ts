// The directory import: all rows or none, every bad row named by line and field.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { identify, UNKNOWN_PERSON_MESSAGE } from '../../src/directory/identify.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { pack } from '../support/packs.js';

const cafcass = pack('cafcass').pack;
const now = new Date('2026-11-23T10:00:00Z');

const goodCsv = `email,name,role,team,supervisor,cohort,start_date,slack_user_id,teams_aad_object_id
manager@example.org,Team Manager A,manager,North,,,,,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1,
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,nqsw,2026-09-07,U0WORKER1,6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f
`;

const badCsv = `email,name,role,team,supervisor,cohort,start_date
manager@example.org,Team Manager A,manager,North,,,
not-an-email,Someone,practitioner,North,manager@example.org,nqsw,2026-09-07
nurse@example.org,Someone Else,nurse,North,manager@example.org,established,2026-01-05

late@example.org,Late Starter,practitioner,North,nobody@example.org,nqsw,2026-02-30
manager@example.org,Duplicate,manager,North,,,
`;

describe.each(databases)('directory import on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('imports people, teams, supervisors and chat ids from CSV, then updates on a second run', async () => {
    store = await database.open();
    const first = await importDirectory({ db: store.db, pack: cafcass, fileName: 'staff.csv', text: goodCsv, now });
    expect(first).toEqual({ ok: true, created: 3, updated: 0, unchanged: 0, identitiesMoved: 0 });
    const worker = await store.db.selectFrom('person').selectAll().where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    expect(worker).toMatchObject({ role: 'practitioner', cohort: 'nqsw', start_date: '2026-09-07', display_name: 'Social Worker C' });
    const relationship = await store.db
      .selectFrom('supervision_relationship')
      .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
      .select('person.email')
      .where('supervisee_id', '=', worker.id)
      .executeTakeFirstOrThrow();
    expect(relationship.email).toBe('supervisor@example.org');
    const identities = await store.db
      .selectFrom('chat_identity')
      .select(['platform', 'platform_user_id'])
      .where('person_id', '=', worker.id)
      .orderBy('platform')
      .execute();
    expect(identities).toEqual([
      { platform: 'slack', platform_user_id: 'U0WORKER1' },
      { platform: 'teams', platform_user_id: '6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f' },
    ]);

    // The worker moves to the manager for supervision and changes cohort.
    const second = await importDirectory({
      db: store.db,
      pack: cafcass,
      fileName: 'staff.yaml',
      text: `people:
  - email: Worker@Example.org
    name: Social Worker C
    role: practitioner
    team: North
    supervisor: manager@example.org
    cohort: established
    startDate: 2026-09-07
`,
      now,
    });
    expect(second).toEqual({ ok: true, created: 0, updated: 1, unchanged: 0, identitiesMoved: 0 });
    const history = await store.db
      .selectFrom('supervision_relationship')
      .select(['supervisor_id', 'ended_on'])
      .where('supervisee_id', '=', worker.id)
      .orderBy('ended_on')
      .execute();
    expect(history.map((row) => row.ended_on)).toEqual(['2026-11-23', null]);
    const audit = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('object_id', '=', worker.id).orderBy('id').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['directory.create', 'directory.supervisor', 'directory.update', 'directory.supervisor']);
    expect(JSON.stringify(audit)).not.toContain('Social Worker C');
  });

  it('rejects a file with bad rows, naming each line and field, and changes nothing', async () => {
    store = await database.open();
    const result = await importDirectory({ db: store.db, pack: cafcass, fileName: 'staff.csv', text: badCsv, now });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.field}: ${problem.message}`);
    expect(problems).toEqual([
      '3:email: must be an email address, e.g. name@council.gov.uk',
      '4:role: must be one of: practitioner, supervisor, manager, senior-manager, auditor, admin',
      "6:start_date: '2026-02-30' is not a date; use YYYY-MM-DD",
      '7:email: manager@example.org is already on line 2',
    ]);
    expect(await store.db.selectFrom('person').selectAll().execute()).toEqual([]);
  });

  it('checks rows against the policy and each other', async () => {
    store = await database.open();
    const result = await importDirectory({
      db: store.db,
      pack: cafcass,
      fileName: 'staff.csv',
      text: `email,name,role,supervisor,cohort,start_date,shoe_size
a@example.org,A,practitioner,b@example.org,,,
b@example.org,B,practitioner,,newbie,,
c@example.org,C,practitioner,nobody@example.org,nqsw,,
d@example.org,D,manager,,,,42
`,
      now,
    });
    const problems = result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.field}: ${problem.message}`);
    expect(problems).toEqual([
      '2:cohort: is required for a practitioner: it sets how often they are supervised; allowed: nqsw, established, returning, improvement-plan, student',
      "2:supervisor: b@example.org has the role 'practitioner'; a supervisor is a supervisor, manager, senior-manager or admin",
      "3:cohort: 'newbie' is not a cohort of the cafcass policy; allowed: nqsw, established, returning, improvement-plan, student",
      "4:start_date: is required for cohort 'nqsw': its supervision is counted from the start date (YYYY-MM-DD)",
      '4:supervisor: nobody@example.org is neither in this file nor in the directory',
      '5:shoe_size: is not a directory field; allowed: email, name, role, team, supervisor, cohort, start_date, slack_user_id, teams_aad_object_id, registered_social_worker, professional_supervisor, go_live and last_held_<kind>',
    ]);
    expect(await store.db.selectFrom('person').selectAll().execute()).toEqual([]);
  });

  it('links a first-time chat user by email, and stores nothing about a stranger', async () => {
    store = await database.open();
    await importDirectory({ db: store.db, pack: cafcass, fileName: 'staff.csv', text: goodCsv, now });
    let lookups = 0;
    const teams = await identify({
      db: store.db,
      platform: 'teams',
      platformUserId: 'aad-manager',
      lookupEmail: async () => (lookups++, 'MANAGER@example.org'),
      now,
    });
    expect(teams).toMatchObject({ known: true, linkedNow: true, person: { email: 'manager@example.org' } });
    const again = await identify({ db: store.db, platform: 'teams', platformUserId: 'aad-manager', lookupEmail: async () => (lookups++, 'x'), now });
    expect(again).toMatchObject({ known: true, linkedNow: false });
    expect(lookups).toBe(1);

    const before = await store.db.selectFrom('chat_identity').selectAll().execute();
    const stranger = await identify({ db: store.db, platform: 'slack', platformUserId: 'U0STRANGE', lookupEmail: async () => 'stranger@example.org', now });
    expect(stranger).toEqual({ known: false, message: UNKNOWN_PERSON_MESSAGE });
    expect(await store.db.selectFrom('chat_identity').selectAll().execute()).toEqual(before);
    expect(await store.db.selectFrom('person').select('email').where('email', '=', 'stranger@example.org').execute()).toEqual([]);
  });
});
