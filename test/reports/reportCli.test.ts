// `supervision-bot report`, as an administrator runs it: a bad --month, --format or an unknown --team exits 2
// naming the argument and writes nothing (no audit row); a good run prints the CSV or writes the JSON to
// --out, and is audited. On PGlite and PostgreSQL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/env.js';
import { openStore } from '../../src/store/open.js';
import { places, run, useCliPlace } from '../support/cli.js';

const directory = `email,name,role,team,supervisor,cohort,start_date
manager@example.org,Team Manager A,manager,North,,,
worker@example.org,Social Worker C,practitioner,North,manager@example.org,case-holder,2024-01-08
other@example.org,Social Worker D,practitioner,South,manager@example.org,case-holder,2024-01-08
`;

async function reportsAudited() {
  const store = await openStore(readSettings().store);
  try {
    return await store.db.selectFrom('audit_log').select(['object_type', 'detail']).where('action', '=', 'report.produced').orderBy('at').execute();
  } finally {
    await store.close();
  }
}

describe.each(places)('supervision-bot report on $name', (place) => {
  it('exits 2 naming --month, --format or --team when one is wrong, writing nothing; prints the CSV and writes the JSON to --out, audited (Islington)', async () => {
    const folder = await useCliPlace(place, 'islington');
    const staff = path.join(folder, 'staff.csv');
    writeFileSync(staff, directory);
    expect(await run('directory', 'import', staff)).toMatchObject({ code: 0 });

    expect(await run('report')).toEqual({ code: 2, stdout: '', stderr: 'supervision-bot report: --month is required, as YYYY-MM (e.g. 2026-08)' });
    expect(await run('report', '--month', '2026-13')).toEqual({
      code: 2,
      stdout: '',
      stderr: "supervision-bot report: --month '2026-13' is not a month; give YYYY-MM (e.g. 2026-08)",
    });
    expect(await run('report', '--month', 'August')).toMatchObject({
      code: 2,
      stderr: "supervision-bot report: --month 'August' is not a month; give YYYY-MM (e.g. 2026-08)",
    });
    expect(await run('report', '--month', '9999-01')).toMatchObject({ code: 2, stderr: 'supervision-bot report: --month 9999-01 has not begun' });
    expect(await run('report', '--month', '2026-08', '--format', 'pdf')).toMatchObject({
      code: 2,
      stderr: "supervision-bot report: --format 'pdf' is not allowed; one of: csv, json, html",
    });
    expect(await run('report', '--month', '2026-08', '--team', 'East')).toEqual({
      code: 2,
      stdout: '',
      stderr: "supervision-bot report: --team 'East' is not a team in the directory; teams: North, South",
    });
    expect(await run('report', '--month', '2026-08', '--colour')).toMatchObject({
      code: 2,
      stderr: 'supervision-bot report: unknown option --colour; allowed: --month, --team, --format, --out',
    });
    expect(await reportsAudited()).toEqual([]);

    // Nothing held since they started: August's is not held, and overdue with every month before it.
    const csv = await run('report', '--month', '2026-08', '--team', 'North');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe('month,team,person,person_id,kind,due,on_time,late,not_held,on_leave,not_yet_due,overdue');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2026-08,North,Social Worker C,[0-9a-f-]+,case,1,0,0,1,0,0,\d+$/);
    expect(Number(lines[1]!.split(',').at(-1))).toBeGreaterThanOrEqual(1);

    const out = path.join(folder, 'august.json');
    expect(await run('report', '--month', '2026-08', '--format', 'json', '--out', out)).toEqual({
      code: 0,
      stdout: `Wrote the JSON report for 2026-08 to ${out}.`,
      stderr: '',
    });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(
      json.teams.map((team: { team: string; totals: { due: number; notHeld: number; onTimePercent: number } }) => [
        team.team,
        team.totals.due,
        team.totals.notHeld,
        team.totals.onTimePercent,
      ]),
    ).toEqual([
      ['North', 1, 1, 0],
      ['South', 1, 1, 0],
    ]);
    // The HTML page for one team: its people only, charts inline.
    const page = path.join(folder, 'august.html');
    expect(await run('report', '--month', '2026-08', '--team', 'South', '--format', 'html', '--out', page)).toMatchObject({
      code: 0,
      stdout: `Wrote the HTML report for 2026-08 to ${page}.`,
    });
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Social Worker D');
    expect(html).not.toContain('Social Worker C');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect((await reportsAudited()).map((row) => [row.object_type, row.detail.format, row.detail.people])).toEqual([
      ['team', 'csv', 1],
      ['organisation', 'json', 2],
      ['team', 'html', 1],
    ]);
  });
});
