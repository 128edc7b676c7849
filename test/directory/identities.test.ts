// The directory import never quietly changes who someone is: one chat id is one person, a supervisor can
// supervise, nobody supervises their own supervisor, and a chat id moves only when asked to, audited.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory, type ImportResult } from '../../src/directory/importDirectory.js';
import { identify } from '../../src/directory/identify.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { pack } from '../support/packs.js';

const cafcass = pack('cafcass').pack;
const now = new Date('2026-11-23T10:00:00Z');
const header = 'email,name,role,team,supervisor,cohort,start_date,slack_user_id,teams_aad_object_id';
const teamsId = '6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f';

const directory = `${header}
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1,${teamsId}
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,nqsw,2026-09-07,U0WORKER1,
`;

const problemsOf = (result: ImportResult) => (result.ok ? [] : result.problems.map((problem) => `${problem.line}:${problem.field}: ${problem.message}`));

describe.each(databases)('directory import and identities on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  /** Everything the import may change, to show that a refused file changed none of it. */
  const snapshot = async () => ({
    people: await store.db.selectFrom('person').select(['id', 'email', 'role']).orderBy('email').execute(),
    identities: await store.db.selectFrom('chat_identity').select(['person_id', 'platform', 'platform_user_id']).orderBy('platform_user_id').execute(),
    relationships: await store.db
      .selectFrom('supervision_relationship')
      .select(['supervisee_id', 'supervisor_id', 'ended_on'])
      .orderBy('supervisee_id')
      .execute(),
  });
  const imported = async (text: string, options: { reassignIdentities?: boolean; dryRun?: boolean } = {}) =>
    importDirectory({ db: store.db, pack: cafcass, fileName: 'staff.csv', text, now, ...options });
  const slackUser = async (platformUserId: string) =>
    identify({ db: store.db, platform: 'slack', platformUserId, lookupEmail: async () => undefined, now, cache: store.directory });

  it('refuses two rows with one Slack id or one Teams id, naming the later line, and imports nothing', async () => {
    store = await database.open();
    const result = await imported(`${header}
manager@example.org,Team Manager A,manager,North,,,,U0SHARED1,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SHARED1,${teamsId}
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,nqsw,2026-09-07,U0WORKER1,${teamsId.toUpperCase()}
`);
    expect(problemsOf(result)).toEqual([
      '3:slack_user_id: U0SHARED1 is already on line 2: one chat identity is one person',
      `4:teams_aad_object_id: ${teamsId.toUpperCase()} is already on line 3: one chat identity is one person`,
    ]);
    expect(await snapshot()).toEqual({ people: [], identities: [], relationships: [] });
  });

  it("refuses a new row that takes someone's Slack or Teams id, and changes nothing, on a dry run too", async () => {
    store = await database.open();
    expect((await imported(directory)).ok).toBe(true);
    const before = await snapshot();
    const thief = `${header}
newcomer@example.org,New Worker D,practitioner,North,supervisor@example.org,established,2026-01-05,U0SUPERV1,
other@example.org,New Worker E,practitioner,North,supervisor@example.org,established,2026-01-05,,${teamsId}
`;
    for (const dryRun of [true, false]) {
      expect(problemsOf(await imported(thief, { dryRun }))).toEqual([
        "2:slack_user_id: U0SUPERV1 is supervisor@example.org's Slack id in the directory; moving it to another person needs --reassign-identities",
        `3:teams_aad_object_id: ${teamsId} is supervisor@example.org's Teams id in the directory; moving it to another person needs --reassign-identities`,
      ]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await slackUser('U0SUPERV1')).toMatchObject({ known: true, person: { email: 'supervisor@example.org', role: 'supervisor' } });
  });

  it('audits a refused import by line and field, never by name or email', async () => {
    store = await database.open();
    expect((await imported(directory)).ok).toBe(true);
    const supervisor = await store.db.selectFrom('person').select('id').where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow();
    await imported(`${header}\nnewcomer@example.org,New Worker D,practitioner,North,supervisor@example.org,established,2026-01-05,U0SUPERV1,\n`);
    const refusals = await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'directory.refused').execute();
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.detail).toEqual({
      by: 'directory import',
      problemCount: 1,
      problems: [{ line: 2, field: 'slack_user_id' }],
      refusedMoves: [{ platform: 'slack', platformUserId: 'U0SUPERV1', fromPersonId: supervisor.id }],
    });
    expect(JSON.stringify(refusals)).not.toMatch(/example\.org|New Worker/);
  });

  it('refuses a supervisor whose role cannot supervise, whether that role is in the file or in the directory', async () => {
    store = await database.open();
    expect((await imported(directory)).ok).toBe(true);
    const before = await snapshot();
    const result = await imported(`${header}
newcomer@example.org,New Worker D,practitioner,North,worker@example.org,established,2026-01-05,,
reader@example.org,Auditor F,auditor,,,,,,
student@example.org,New Worker G,practitioner,North,reader@example.org,student,2026-09-07,,
`);
    expect(problemsOf(result)).toEqual([
      "2:supervisor: worker@example.org has the role 'practitioner'; a supervisor is a supervisor, manager, senior-manager or admin",
      "4:supervisor: reader@example.org has the role 'auditor'; a supervisor is a supervisor, manager, senior-manager or admin",
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses making a supervisor a practitioner while someone is still supervised by them', async () => {
    store = await database.open();
    expect((await imported(directory)).ok).toBe(true);
    const before = await snapshot();
    const demoted = `${header}\nsupervisor@example.org,Practice Supervisor B,practitioner,North,manager@example.org,established,2026-01-05,U0SUPERV1,${teamsId}\n`;
    expect(problemsOf(await imported(demoted))).toEqual([
      "2:role: supervisor@example.org still supervises worker@example.org, and 'practitioner' cannot supervise; give worker@example.org another supervisor in this file first",
    ]);
    expect(await snapshot()).toEqual(before);
    // Given another supervisor in the same file, the change is allowed.
    const withNewSupervisor = `${demoted}worker@example.org,Social Worker C,practitioner,North,manager@example.org,nqsw,2026-09-07,U0WORKER1,\n`;
    expect(await imported(withNewSupervisor)).toMatchObject({ ok: true, updated: 1, unchanged: 1 });
    const worker = await store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    const manager = await store.db.selectFrom('person').select('id').where('email', '=', 'manager@example.org').executeTakeFirstOrThrow();
    expect(
      await store.db
        .selectFrom('supervision_relationship')
        .select('supervisor_id')
        .where('supervisee_id', '=', worker.id)
        .where('ended_on', 'is', null)
        .execute(),
    ).toEqual([{ supervisor_id: manager.id }]);
  });

  it('refuses a supervision loop, within the file or through the directory', async () => {
    store = await database.open();
    const inFile = await imported(`${header}
a@example.org,Manager A,manager,North,b@example.org,,,,
b@example.org,Manager B,manager,North,a@example.org,,,,
`);
    expect(problemsOf(inFile)).toEqual([
      '2:supervisor: makes a supervision loop: a@example.org → b@example.org → a@example.org',
      '3:supervisor: makes a supervision loop: b@example.org → a@example.org → b@example.org',
    ]);
    expect((await snapshot()).people).toEqual([]);

    expect((await imported(directory)).ok).toBe(true);
    const before = await snapshot();
    // The manager, in the directory above the supervisor, is put under the supervisor's own practitioner's supervisor.
    const throughStore = await imported(`${header}\nmanager@example.org,Team Manager A,manager,North,supervisor@example.org,,,U0MANAGE1,\n`);
    expect(problemsOf(throughStore)).toEqual(['2:supervisor: makes a supervision loop: manager@example.org → supervisor@example.org → manager@example.org']);
    expect(await snapshot()).toEqual(before);
  });

  it('with reassignIdentities, moves a Slack id to its new owner, audits the move by ids, and chat then knows the new owner', async () => {
    store = await database.open();
    expect((await imported(directory)).ok).toBe(true);
    expect(await slackUser('U0SUPERV1')).toMatchObject({ known: true, person: { email: 'supervisor@example.org' } });
    const supervisor = await store.db.selectFrom('person').select('id').where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow();

    const result = await imported(
      `${header}\nnewcomer@example.org,New Worker D,practitioner,North,supervisor@example.org,established,2026-01-05,U0SUPERV1,\n`,
      {
        reassignIdentities: true,
      },
    );
    expect(result).toEqual({ ok: true, created: 1, updated: 0, unchanged: 0, identitiesMoved: 1 });
    const newcomer = await store.db.selectFrom('person').select('id').where('email', '=', 'newcomer@example.org').executeTakeFirstOrThrow();

    const moves = await store.db
      .selectFrom('audit_log')
      .select(['action', 'object_type', 'object_id', 'detail'])
      .where('action', '=', 'directory.identity.moved')
      .execute();
    expect(moves).toEqual([
      {
        action: 'directory.identity.moved',
        object_type: 'person',
        object_id: newcomer.id,
        detail: { by: 'directory import', platform: 'slack', platformUserId: 'U0SUPERV1', fromPersonId: supervisor.id, toPersonId: newcomer.id },
      },
    ]);
    expect(JSON.stringify(moves)).not.toMatch(/example\.org|New Worker|Practice Supervisor/);
    expect(await slackUser('U0SUPERV1')).toMatchObject({ known: true, person: { id: newcomer.id, email: 'newcomer@example.org', role: 'practitioner' } });
    const left = await store.db.selectFrom('chat_identity').select('platform').where('person_id', '=', supervisor.id).execute();
    expect(left).toEqual([{ platform: 'teams' }]);
  });
});
