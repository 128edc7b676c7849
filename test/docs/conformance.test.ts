// The conformance records (docs/conformance/<pack>.md) say, rule by rule of each seed, what the bot does.
// They are only worth reading if they are kept honest: one per pack, one table of exactly five columns, a
// known status on every row, a real test driving every rule said to be enforced or shown, a reason for
// every rule the bot does not do, and pack paths that exist. Each pack's share of rules enforced or shown
// may only go up: it must not fall below the floor in docs/conformance/floor.json (the goal is 0.9).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { policyIds } from '../../src/config/policyFiles.js';
import { policiesDir, projectRoot } from '../../src/config/paths.js';

const HEADER = '| rule | seed section | pack | status | test |';
const STATUSES = ['enforced', 'shown', 'outside', 'gap'] as const;
type Status = (typeof STATUSES)[number];
/** Where a test drives a rule through chat; a test elsewhere (the engine, the command line) does not. */
const THROUGH_CHAT = ['test/flows', 'test/channels', 'test/playground', 'test/simulation'];
const NONE = '—';

interface Row {
  line: number;
  rule: string;
  section: string;
  pack: string;
  status: string;
  test: string;
}

const recordsDir = path.join(projectRoot, 'docs', 'conformance');
const floor = JSON.parse(readFileSync(path.join(recordsDir, 'floor.json'), 'utf8')) as { goal: number; floor: Record<string, number> };

/** The record's table: its header line and its rows, each split into its cells. */
function tableOf(markdown: string): { header: string | undefined; rows: Row[]; malformed: string[] } {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  if (start < 0) return { header: undefined, rows: [], malformed: [] };
  const rows: Row[] = [];
  const malformed: string[] = [];
  for (let index = start + 2; index < lines.length && lines[index]!.startsWith('|'); index += 1) {
    const cells = lines[index]!.trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    if (cells.length !== 5 || cells.some((cell) => cell === '')) {
      malformed.push(`line ${index + 1}: ${cells.length} cells, each must have something (${NONE} for none)`);
      continue;
    }
    const [rule, section, pack, status, test] = cells as [string, string, string, string, string];
    rows.push({ line: index + 1, rule, section, pack, status, test });
  }
  // A second table would be rows this test never reads.
  const tables = lines.filter((line, index) => line.startsWith('|') && !lines[index - 1]?.startsWith('|')).length;
  if (tables > 1) malformed.push(`${tables} tables: a record has one`);
  return { header: lines[start]!.trim(), rows, malformed };
}

/** Every it() and test() title in a test file, as written (it.each's too); skipped and commented-out ones left out. */
function titlesIn(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const call = /\b(?:it|test)(?:\.(?:each|for)\((?:[^()]|\([^()]*\))*\))?(?:\.(?:only|concurrent|sequential))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  return [...code.matchAll(call)].map((match) => match[2]!.replace(/\\(.)/g, '$1'));
}

const testFiles = readdirSync(path.join(projectRoot, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => path.join('test', name).split(path.sep).join('/'));
const titles = new Map<string, string[]>();
for (const file of testFiles)
  for (const title of titlesIn(readFileSync(path.join(projectRoot, file), 'utf8'))) titles.set(title, [...(titles.get(title) ?? []), file]);
const drivesChat = (title: string) => (titles.get(title) ?? []).some((file) => THROUGH_CHAT.some((dir) => file.startsWith(`${dir}/`)));

/** Resolves `kinds.prd.signOff.disputesTo` in the pack as written; a list entry by its id, kind or to. */
function resolves(pack: unknown, fieldPath: string): boolean {
  let here: unknown = pack;
  for (const segment of fieldPath.split('.')) {
    if (Array.isArray(here)) here = here.find((entry: Record<string, unknown>) => [entry.id, entry.kind, entry.to].includes(segment));
    else if (here && typeof here === 'object' && Object.hasOwn(here, segment)) here = (here as Record<string, unknown>)[segment];
    else return false;
    if (here === undefined) return false;
  }
  return true;
}

const share = (rows: Row[]) => (rows.length === 0 ? 0 : rows.filter((row) => row.status === 'enforced' || row.status === 'shown').length / rows.length);
const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

const records = policyIds().map((id) => {
  const file = path.join(recordsDir, `${id}.md`);
  const markdown = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const table = markdown === undefined ? undefined : tableOf(markdown);
  return {
    id,
    file: `docs/conformance/${id}.md`,
    markdown,
    table,
    pack: parseDocument(readFileSync(path.join(policiesDir, `${id}.yaml`), 'utf8')).toJS() as unknown,
  };
});

describe('the conformance records', () => {
  it('finds the test titles it checks against, and not in skipped or commented-out form only', () => {
    expect(titles.get("walks Cafcass's eight mandatory triggers, a) to h)")).toEqual(['test/flows/records.test.ts']);
    expect(drivesChat('finds the test titles it checks against, and not in skipped or commented-out form only')).toBe(false);
    const source =
      "it.skip('skipped', () => {}); it.each([1, 2])('counted %s', () => {});\n// it('commented out', () => {});\ntest(\n  'spread over lines', () => {})";
    expect(titlesIn(source)).toEqual(['counted %s', 'spread over lines']);
  });

  it('has one record for each pack, and a floor for each', () => {
    expect(records.filter((record) => record.markdown === undefined).map((record) => record.file)).toEqual([]);
    expect(Object.keys(floor.floor).sort()).toEqual(policyIds());
    expect(floor.goal).toBe(0.9);
  });

  for (const record of records) {
    describe(record.file, () => {
      const rows = record.table?.rows ?? [];

      it(`has one table with exactly the columns ${HEADER}`, () => {
        expect(record.table?.header).toBe(HEADER);
        expect(record.table?.malformed).toEqual([]);
        expect(rows.length).toBeGreaterThan(20);
      });

      it('gives every row a known status, and the pack fields it names exist in the pack', () => {
        const problems: string[] = [];
        for (const row of rows) {
          if (!STATUSES.includes(row.status as Status)) problems.push(`line ${row.line}: status '${row.status}' is not one of ${STATUSES.join(', ')}`);
          if (row.pack === NONE) continue;
          const paths = row.pack.split(',').map((entry) => entry.trim());
          for (const entry of paths) {
            const fieldPath = /^`([^`]+)`$/.exec(entry)?.[1];
            if (!fieldPath) problems.push(`line ${row.line}: pack '${entry}' is not a path in backticks, or ${NONE}`);
            else if (!resolves(record.pack, fieldPath)) problems.push(`line ${row.line}: pack path ${fieldPath} is not in policies/${record.id}.yaml`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('names, for every enforced or shown row, a test that drives it through chat, by its exact title', () => {
        const problems: string[] = [];
        for (const row of rows.filter((candidate) => candidate.status === 'enforced' || candidate.status === 'shown')) {
          if (row.test === NONE) problems.push(`line ${row.line}: ${row.status}, but names no test`);
          else if (!titles.has(row.test)) problems.push(`line ${row.line}: no it() or test() in test/ is titled "${row.test}"`);
          else if (!drivesChat(row.test))
            problems.push(`line ${row.line}: "${row.test}" is in ${titles.get(row.test)!.join(', ')}, which does not drive chat (${THROUGH_CHAT.join(', ')})`);
        }
        expect(problems).toEqual([]);
      });

      it('says why for every outside row and what is missing for every gap row, and names no test for them', () => {
        const problems: string[] = [];
        for (const row of rows) {
          if (row.status === 'outside' && !/\bOutside: \S.{15,}/.test(row.rule))
            problems.push(`line ${row.line}: outside, but the rule does not say "Outside: <why>"`);
          if (row.status === 'gap' && !/\bGap: \S.{15,}/.test(row.rule))
            problems.push(`line ${row.line}: gap, but the rule does not say "Gap: <what is missing>"`);
          if ((row.status === 'outside' || row.status === 'gap') && row.test !== NONE) problems.push(`line ${row.line}: ${row.status}, so its test is ${NONE}`);
        }
        expect(problems).toEqual([]);
      });

      const value = share(rows);
      const minimum = floor.floor[record.id] ?? 1;
      it(`has ${percent(value)} of its ${rows.length} rows enforced or shown, not below its floor of ${percent(minimum)} (goal ${percent(floor.goal)})`, () => {
        console.log(
          `${record.id}: ${percent(value)} enforced or shown (${STATUSES.map((status) => `${rows.filter((row) => row.status === status).length} ${status}`).join(', ')}); floor ${percent(minimum)}, goal ${percent(floor.goal)}`,
        );
        expect(Math.round(value * 1000)).toBeGreaterThanOrEqual(Math.round(minimum * 1000));
      });
    });
  }
});
