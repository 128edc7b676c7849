// What the administrator's command line prints for a person cites the policy document by name; the
// JSON keeps the machine-checked seed source beside the citation.
import { describe, expect, it } from 'vitest';
import { run } from '../support/cli.js';

const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;

describe('citations on the command line', () => {
  it('`schedule` names the policy document and section for each due date, not the seed file', async () => {
    const result = await run('schedule', '--policy', 'islington', '--cohort', 'case-holder', '--start', '2026-10-05', '--until', '2026-11-30');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2026-10-30 {2}case .*Islington case management supervision policy, section "Frequency"$/m);
    expect(result.stdout).not.toMatch(SEED_FILE);
  });

  it('`schedule --json` keeps the source and adds the citation a person reads', async () => {
    const result = await run(
      'schedule',
      '--policy',
      'cafcass',
      '--cohort',
      'nqsw',
      '--start',
      '2027-01-04',
      '--until',
      '2027-01-31',
      '--kind',
      'case',
      '--json',
    );
    const rows = JSON.parse(result.stdout) as { source: string; citation: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.source).toMatch(/^000_ea9f6511b9b2d3d5\.txt /);
      expect(row.citation).toMatch(/^Cafcass supervision policy, /);
      expect(row.citation).not.toMatch(SEED_FILE);
    }
  });

  it('`deadline` names the policy document and section, in words and in JSON', async () => {
    const words = await run('deadline', '--policy', 'islington', '--record', 'case', '--at', '2026-12-23T15:00');
    expect(words.stdout).toContain('Rule: 5 working days. Source: Islington case management supervision policy, section "Frequency".');
    expect(words.stdout).not.toMatch(SEED_FILE);
    const json = JSON.parse((await run('deadline', '--policy', 'islington', '--record', 'case', '--at', '2026-12-23T15:00', '--json')).stdout);
    expect(json).toMatchObject({
      source: expect.stringMatching(/^003_54dd48a632c605c9\.txt /),
      citation: 'Islington case management supervision policy, section "Frequency"',
    });
  });
});
