// `supervision-bot directory import`, as an administrator runs it: a chat id moves from one person to
// another only with --reassign-identities, on the embedded database and on PostgreSQL.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { places, run, useCliPlace } from '../support/cli.js';

const header = 'email,name,role,team,supervisor,cohort,start_date,slack_user_id,teams_aad_object_id';
const directory = `${header}
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1,
`;
const newcomer = `${header}\nnewcomer@example.org,New Worker D,practitioner,North,supervisor@example.org,established,2026-01-05,U0SUPERV1,\n`;

describe.each(places)('supervision-bot directory import on $name', (place) => {
  it('refuses to move a Slack id to another person without --reassign-identities, and moves it with', async () => {
    const folder = await useCliPlace(place, 'cafcass');
    writeFileSync(path.join(folder, 'staff.csv'), directory);
    writeFileSync(path.join(folder, 'newcomer.csv'), newcomer);
    const staff = path.join(folder, 'staff.csv');
    const moved = path.join(folder, 'newcomer.csv');

    expect(await run('directory', 'import', staff)).toMatchObject({ code: 0 });
    const refused = await run('directory', 'import', moved);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${moved}:2: slack_user_id: U0SUPERV1 is supervisor@example.org's Slack id in the directory; moving it to another person needs --reassign-identities`,
    );
    expect(refused.stderr).toContain('Nothing was imported');

    const dryRun = await run('directory', 'import', moved, '--dry-run', '--reassign-identities');
    expect(dryRun).toMatchObject({ code: 0, stdout: `Would import ${moved}: 1 new, 0 updated, 0 unchanged; 1 chat identity would move.` });
    const done = await run('directory', 'import', moved, '--reassign-identities');
    expect(done).toMatchObject({ code: 0, stdout: `Imported ${moved}: 1 new, 0 updated, 0 unchanged; 1 chat identity moved (see the audit log).` });
  });
});
