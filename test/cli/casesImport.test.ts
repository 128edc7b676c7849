// `supervision-bot cases import`, as an administrator runs it: a case list with a column that looks like a
// child's name, an unknown category or a worker not in the directory changes nothing and names the line and
// field; a good list is imported; a later full list closes the case it leaves out. On PGlite and PostgreSQL.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { places, run, useCliPlace } from '../support/cli.js';

const directory = `email,name,role,team,supervisor,cohort,start_date
manager@example.org,Team Manager A,manager,North,,,
worker@example.org,Social Worker C,practitioner,North,manager@example.org,staff,2025-01-06
`;
const good = `case_reference,category,worker,allocated_on
EHM-204518,child-protection,worker@example.org,2026-11-02
EHM-310077,fostering,worker@example.org,2026-08-03
400123,letter-box,worker@example.org,2026-09-01
`;

describe.each(places)('supervision-bot cases import on $name', (place) => {
  it('refuses a case list with a name column, an unknown category or an unknown worker, changing nothing; imports a good one and closes a case a later list leaves out (Cumberland 4)', async () => {
    const folder = await useCliPlace(place, 'cumberland');
    const file = (name: string, text: string) => {
      writeFileSync(path.join(folder, name), text);
      return path.join(folder, name);
    };
    expect(await run('directory', 'import', file('staff.csv', directory))).toMatchObject({ code: 0 });

    const named = file(
      'named.csv',
      `case_reference,child_name,category,worker,allocated_on\nEHM-204518,Jane Doe,child-protection,worker@example.org,2026-11-02\n`,
    );
    const refusedName = await run('cases', 'import', named);
    expect(refusedName.code).toBe(1);
    expect(refusedName.stderr).toContain(
      `${named}:1: child_name: looks like a child's name or details: a case list carries the case reference only; remove this column`,
    );
    expect(refusedName.stderr).not.toContain('Jane Doe');

    const wrong = file(
      'wrong.csv',
      `case_reference,category,worker,allocated_on\nEHM-204518,child-protect,worker@example.org,2026-11-02\nEHM-310077,fostering,nobody@example.org,2026-08-03\nJane Doe,fostering,worker@example.org,2026-08-03\n`,
    );
    const refused = await run('cases', 'import', wrong);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${wrong}:2: category: 'child-protect' is not a case category of the`);
    expect(refused.stderr).toContain('allowed: ccass, early-help, child-in-need, disabilities, disabilities-permanence, child-protection,');
    expect(refused.stderr).toContain(`${wrong}:3: worker: nobody@example.org is not in the directory`);
    expect(refused.stderr).toContain(
      `${wrong}:4: case_reference: is not a case reference of EHM / ICS / LCS, such as 204518; a case list never carries a child's name`,
    );
    expect(refused.stderr).not.toContain('Jane Doe');
    expect(refused.stderr).toContain('Nothing was imported: 3 problems to fix first.');

    // Nothing was kept from the refused files: all three are new.
    const cases = file('cases.csv', good);
    expect(await run('cases', 'import', cases)).toMatchObject({
      code: 0,
      stdout: `Imported ${cases}: 3 new, 0 updated, 0 unchanged, 0 closed (not in the file).`,
    });
    const later = file(
      'later.csv',
      good
        .split('\n')
        .filter((line) => !line.startsWith('400123'))
        .join('\n'),
    );
    expect(await run('cases', 'import', later, '--dry-run')).toMatchObject({
      code: 0,
      stdout: `Would import ${later}: 0 new, 0 updated, 2 unchanged, 1 closed (not in the file).`,
    });
    expect(await run('cases', 'import', later)).toMatchObject({
      code: 0,
      stdout: `Imported ${later}: 0 new, 0 updated, 2 unchanged, 1 closed (not in the file).`,
    });
    expect(await run('cases', 'import', cases)).toMatchObject({
      code: 0,
      stdout: `Imported ${cases}: 0 new, 1 updated, 2 unchanged, 0 closed (not in the file).`,
    });
  }, 120_000);
});
