// The administrator's command line, as an administrator would use it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot, policiesDir } from '../../src/config/paths.js';
import { run } from '../support/cli.js';

const exec = promisify(execFile);

describe('supervision-bot schedule', () => {
  it('lists NQSW due dates as JSON with kind and date', async () => {
    const result = await run(
      'schedule',
      '--policy',
      'cafcass',
      '--cohort',
      'nqsw',
      '--start',
      '2027-01-04',
      '--until',
      '2027-02-28',
      '--kind',
      'case',
      '--json',
    );
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { kind: string; date: string; status: string }[];
    // Weekly for six weeks from Monday 4 January 2027, then fortnightly.
    expect(rows.map((row) => row.date)).toEqual(['2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01', '2027-02-08', '2027-02-15']);
    expect(rows.every((row) => row.kind === 'case' && row.status === 'planned')).toBe(true);
  });

  it('counts from the sessions actually held, and shows a late one', async () => {
    const result = await run(
      'schedule',
      '--policy',
      'islington',
      '--cohort',
      'case-holder',
      '--start',
      '2026-09-01',
      '--until',
      '2026-12-31',
      '--held',
      '2026-09-15,2026-11-02',
      '--json',
    );
    const rows = JSON.parse(result.stdout) as { date: string; status: string; heldOn?: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ date: '2026-09-30', status: 'held', heldOn: '2026-09-15' }),
      expect.objectContaining({ date: '2026-10-30', status: 'missed' }),
      expect.objectContaining({ date: '2026-11-30', status: 'held', heldOn: '2026-11-02' }),
      expect.objectContaining({ date: '2026-12-31', status: 'planned' }),
    ]);
  });

  it("answers a person's group attendance obligation with --kind group: Cafcass, at least one a quarter, held where attended and missed where not (8 standard 4)", async () => {
    const result = await run(
      'schedule',
      '--policy',
      'cafcass',
      '--cohort',
      'established',
      '--start',
      '2026-01-05',
      '--until',
      '2026-12-31',
      '--kind',
      'group',
      '--held',
      'group:2026-02-11,group:2026-08-12',
      '--json',
    );
    expect(result.stderr).toBe('');
    const rows = JSON.parse(result.stdout) as { kind: string; date: string; status: string; heldOn?: string; citation: string }[];
    // Calendar quarters from January, each due by its last working day: Tue 31 Mar, Tue 30 Jun, Wed 30 Sep, Thu 31 Dec 2026.
    expect(rows.map((row) => [row.kind, row.date, row.status, row.heldOn ?? ''])).toEqual([
      ['group', '2026-03-31', 'held', '2026-02-11'],
      ['group', '2026-06-30', 'missed', ''],
      ['group', '2026-09-30', 'held', '2026-08-12'],
      ['group', '2026-12-31', 'planned', ''],
    ]);
    expect(rows[0]!.citation).toContain('section 8, standard 4');
  });

  it('prints a readable table by default', async () => {
    const result = await run('schedule', '--policy', 'bexley', '--cohort', 'non-case-holder', '--start', '2026-11-02', '--until', '2026-12-31');
    expect(result.stdout).toContain('started 2026-11-02');
    expect(result.stdout).toMatch(/2026-11-30 {2}personal/);
    expect(result.stdout).toMatch(/2026-12-24 {2}personal/);
  });

  it('gives a one-line error naming the argument and what is allowed, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--policy', 'cafcas', '--cohort', 'nqsw', '--start', '2026-01-01', '--until', '2026-02-01'],
        /--policy 'cafcas' is not allowed; one of: bexley, cafcass, cafcass-cymru, cumberland, islington/,
      ],
      [['--policy', 'cafcass', '--cohort', 'nqsw', '--start', '2026-13-01', '--until', '2027-02-01'], /--start '2026-13-01' is not a date; use YYYY-MM-DD/],
      [
        ['--policy', 'cafcass', '--cohort', 'newbie', '--start', '2026-01-01', '--until', '2026-02-01'],
        /--cohort 'newbie' is not allowed; cohorts of cafcass: nqsw, established/,
      ],
      [['--policy', 'cafcass', '--cohort', 'nqsw', '--start', '2026-01-01'], /--until is required/],
      [['--policy', 'cafcass', '--cohort', 'nqsw', '--start', '2026-03-01', '--until', '2026-02-01'], /--until 2026-02-01 is before --start 2026-03-01/],
      [
        ['--policy', 'cafcass', '--cohort', 'nqsw', '--start', '2026-01-01', '--until', '2026-02-01', '--kind', 'prd'],
        /--kind 'prd' is not allowed; kinds for cohort nqsw: case, observation, plr, group/,
      ],
      [
        ['--policy', 'cafcass', '--cohort', 'nqsw', '--start', '2026-01-01', '--until', '2026-02-01', '--colour', 'red'],
        /unknown option --colour; allowed: --policy/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await run('schedule', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });
});

describe('supervision-bot deadline', () => {
  it('puts a working-day deadline at the end of the last working day, over Christmas', async () => {
    const result = await run('deadline', '--policy', 'islington', '--record', 'case', '--at', '2026-12-23T15:00', '--json');
    expect(JSON.parse(result.stdout)).toEqual({
      due: '2027-01-04T23:59:59.999+00:00',
      rule: '5 working days',
      source: expect.stringMatching(/^003_54dd48a632c605c9\.txt/),
      citation: 'Islington case management supervision policy, section "Frequency"',
      local: false,
    });
  });

  it('gives the significant-decision deadline in exact clock hours across the clock change', async () => {
    const result = await run('deadline', '--policy', 'islington', '--record', 'case', '--at', '2027-03-27T12:00', '--significant', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ due: '2027-03-28T13:00:00.000+01:00', rule: '24 hours for a significant decision' });
  });

  it('explains itself in words without --json', async () => {
    const result = await run('deadline', '--policy', 'cafcass-cymru', '--record', 'prd', '--at', '2026-11-23T10:30');
    expect(result.stdout).toContain('record due by Monday 23 November 2026 at 23:59');
    expect(result.stdout).toContain('Rule: on the day');
  });

  it('rejects a bad record kind or time with the allowed values, exit 2', async () => {
    const bad = await run('deadline', '--policy', 'cafcass', '--record', 'lunch', '--at', '2026-11-23T10:30');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--record 'lunch' is not allowed; record kinds of cafcass: situational, case, personal, plr, group, observation/);
    const time = await run('deadline', '--policy', 'cafcass', '--record', 'case', '--at', 'tomorrow');
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/--at 'tomorrow' is not a date and time; use ISO 8601/);
  });
});

describe('supervision-bot policy', () => {
  it('explains a pack in plain English, with sources and local choices', async () => {
    const result = await run('policy', 'explain', 'bexley');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('at least every week until 4 weeks after starting');
    expect(result.stdout).toContain('bank holidays in England and Wales');
    expect(result.stdout).toMatch(/local choice: /);
  });

  it('exits 1 and names file, line, path and the fix for a broken pack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    const file = path.join(dir, 'cafcass.yaml');
    writeFileSync(file, readFileSync(path.join(policiesDir, 'cafcass.yaml'), 'utf8').replace('every: 2 weeks }', 'every: 2 fortnights }'));
    const result = await run('policy', 'check', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cohorts\\.nqsw\\.supervision\\[0\\]\\.cadence\\.phases\\[1\\]\\.cadence\\.every: '2 fortnights' is not a duration`,
      ),
    );
  });

  it('exits 1 when a cited seed is not beside the pack, or the file is named differently from its id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    const file = path.join(dir, 'other.yaml');
    writeFileSync(file, readFileSync(path.join(policiesDir, 'cafcass.yaml'), 'utf8'));
    const noSeed = await run('policy', 'check', file);
    expect(noSeed.code).toBe(1);
    expect(noSeed.stderr).toContain(`seeds: names 000_ea9f6511b9b2d3d5.txt, not found in ${path.join(dir, 'seeds')}`);

    mkdirSync(path.join(dir, 'seeds'));
    copyFileSync(path.join(policiesDir, 'seeds', '000_ea9f6511b9b2d3d5.txt'), path.join(dir, 'seeds', '000_ea9f6511b9b2d3d5.txt'));
    const misnamed = await run('policy', 'check', file);
    expect(misnamed.code).toBe(1);
    expect(misnamed.stderr).toContain("id: is 'cafcass' but the file is named 'other.yaml'");
  });
});

describe('npx supervision-bot', () => {
  it('runs as an installed command after npm ci', async () => {
    const { stdout } = await exec('npx', ['--no-install', 'supervision-bot', 'policy', 'check'], { cwd: projectRoot });
    expect(stdout.trim().split('\n')).toHaveLength(5);
    const failure = await exec('npx', ['--no-install', 'supervision-bot', 'schedule', '--policy', 'nowhere'], { cwd: projectRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining("--policy 'nowhere' is not allowed") });
  });
});
