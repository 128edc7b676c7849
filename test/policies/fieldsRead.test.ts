// A pack field that nothing reads is a rule `policy explain` prints and the bot does not keep (issue 18):
// a social worker trusts what the bot says the policy is. Every field a pack sets must be read by some
// source file other than the schema, its parser and `policy explain` (which only prints it), unless it
// is listed below with its reason. Fields that other issues are wiring are listed as owed, and that list
// may only shrink: a field on it that something now reads fails the test until it is taken off.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { policyIds } from '../../src/config/policyFiles.js';
import { policiesDir, projectRoot } from '../../src/config/paths.js';
import { policyPack } from '../../src/domain/policy/schema.js';

/** Files that declare, parse or only print a pack's fields: reading a field there does not count. */
const NOT_READERS = ['src/domain/policy/schema.ts', 'src/domain/policy/parse.ts', 'src/domain/policy/explain.ts'];

/** Read on purpose by no flow, each for a reason that will not change. */
const READ_BY_NOBODY_ON_PURPOSE: Record<string, string> = {
  'urgencies.routine': 'an urgency level: read as pack.urgencies[urgency], by the level a trigger or the practitioner chose',
  'urgencies.priority': 'an urgency level: read as pack.urgencies[urgency], by the level a trigger or the practitioner chose',
  'urgencies.urgent': 'an urgency level: read as pack.urgencies[urgency], by the level a trigger or the practitioner chose',
  'urgencies.immediate': 'an urgency level: read as pack.urgencies[urgency], by the level a trigger or the practitioner chose',
  'reporting.cadence':
    'the only cadence the schema allows the report is a calendar month, which the report counts and the monthly send keeps: it is checked by `policy check`, there is nothing left to choose',
  'document.title': "the policy document's own title, for a person reading `policy explain`: it describes the pack, it is no rule",
  'document.version': "the policy document's version, for a person reading `policy explain`: it describes the pack, it is no rule",
  'document.date': "the policy document's date, for a person reading `policy explain`: it describes the pack, it is no rule",
  'kinds.*.description': 'words for a person reading `policy explain` about a kind of supervision: no rule',
  'recordingModels.*.description': 'words for a person reading `policy explain` about a record: no rule',
  'cohorts.*.description': 'words for a person reading `policy explain` about a cohort: no rule',
  'triggers.*.choice':
    "why a trigger's urgency or significance is the bot's choice, for a person reading `policy explain`: the rule itself is the field beside it",
  'agreement.headings[].choice':
    "why an agreement's headings are the bot's choice, for a person reading `policy explain`: the rule itself is the heading beside it",
  'kinds.*.signOff.choice': "why a signature is the bot's choice, for a person reading `policy explain`: the rule itself is signOff.by",
  'language.choice': 'why the case-file text is in English, for a person reading `policy explain`: the rule itself is language.records',
  'lateStart.choice':
    "why the half rule for joining part-way is the bot's choice, for a person reading `policy explain`: the rule itself is lateStart.periodJoinedPartWay",
  'cohorts.*.supervision[].choice':
    "why a cadence is read as it is (Bexley's four observations a year at any time in it), for a person reading `policy explain`: the rule itself is the cadence",
  'kinds.*.record.choice':
    "why a record deadline is the bot's choice (Cumberland's reflective groups), for a person reading `policy explain`: the rule itself is record.deadline",
};

/**
 * Declared, printed by `policy explain`, and not done: each is owed by the issue named. This list must
 * shrink: once something reads a field, take it off (the last test says which).
 */
const KNOWN_UNREAD_OWED: Record<string, string> = {
  'kinds.*.signOff.by': 'issue 18: who signs a record; every record is signed by the practitioner whatever the pack says',
  'kinds.*.signOff.shareWithin': 'issue 18: personal notes given to the supervisee to check and sign within 5 working days (Cumberland 3)',
  'cohorts.*.holdsCases': 'issue 19: case holders and the cases they hold (Cumberland 4, Bexley standard three)',
  'group.replacesOneToOne.value': 'issue 19: group supervision never counts as the one-to-one it does not replace',
  'group.replacesOneToOne': 'issue 19: group supervision never counts as the one-to-one it does not replace',
};

/** Provenance every rule carries; read wherever citations and the local choices are made. */
const PROVENANCE = new Set(['source', 'local', 'note']);

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every field path a pack sets, as the schema names it: `kinds.*.record.deadline`, `escalation.chain[].levels`. */
function fieldsSet(schema: z.ZodType, value: unknown, at: string, found: Set<string>): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return fieldsSet(def.innerType as z.ZodType, value, at, found);
    case 'pipe':
      return fieldsSet(def.in as z.ZodType, value, at, found);
    case 'object':
      if (!value || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        const field = (def.shape as Record<string, z.ZodType>)[key];
        if (!field) continue;
        const fieldPath = at ? `${at}.${key}` : key;
        found.add(fieldPath);
        fieldsSet(field, inner, fieldPath, found);
      }
      return;
    case 'record':
      if (value && typeof value === 'object') for (const inner of Object.values(value)) fieldsSet(def.valueType as z.ZodType, inner, `${at}.*`, found);
      return;
    case 'array':
      if (Array.isArray(value)) for (const inner of value) fieldsSet(def.element as z.ZodType, inner, `${at}[]`, found);
      return;
    case 'union': {
      const option = (def.options as z.ZodType[]).find((candidate) => candidate.safeParse(value).success);
      if (option) fieldsSet(option, value, at, found);
      return;
    }
    default:
      return;
  }
}

function packFields(): Set<string> {
  const found = new Set<string>();
  for (const id of policyIds()) fieldsSet(policyPack, parseDocument(readFileSync(path.join(policiesDir, `${id}.yaml`), 'utf8')).toJS(), '', found);
  return found;
}

/** The source files that may read a field, with comments taken out (a field named in a comment is not read). */
const sources: { file: string; text: string }[] = readdirSync(path.join(projectRoot, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join('src', name).split(path.sep).join('/'))
  .filter((file) => !NOT_READERS.includes(file))
  .map((file) => ({
    file,
    text: readFileSync(path.join(projectRoot, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1'),
  }));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads `name`: `.name` or `?.name` (not a call), `['name']`, or `name` destructured from an object. */
function readsName(text: string, name: string): boolean {
  const word = escape(name);
  return new RegExp(`\\??\\.${word}\\b(?!\\s*\\()|\\[\\s*['"\`]${word}['"\`]\\s*\\]|\\{[^{}]*\\b${word}\\b[^{}]*\\}\\s*(?:=(?![=>])|:\\s*[A-Za-z{])`).test(
    text,
  );
}

/** Reads `name` off something called after one of the fields it sits in: `trigger.code`, `field?.help`. */
function readsOff(text: string, within: string[], name: string): boolean {
  const owners = within.flatMap((parent) => [parent, parent.replace(/s$/, '')]).map(escape);
  return new RegExp(`\\b(?:${owners.join('|')})\\??\\.${escape(name)}\\b(?!\\s*\\()`).test(text);
}

/**
 * The files that read a field. A field's own name can be common (`max`, `title`, `by`), so a file must
 * also read one of the fields it sits in (`duration` or `kinds` for `kinds.*.duration.max`), or read the
 * name off a thing called after one (`trigger.code` for `triggers.*.code`): `size.max` and `duration.max`
 * are different rules.
 */
export function readersOf(fieldPath: string): string[] {
  const names = fieldPath
    .split('.')
    .map((segment) => segment.replace(/\[\]$/, ''))
    .filter((segment) => segment !== '*');
  const name = names.pop()!;
  // A compound name (resolveFirst, showsPrevious) is the pack's own word: read anywhere, it is this field.
  const within = PROVENANCE.has(name) || /[a-z][A-Z]/.test(name) ? [] : names;
  return sources
    .filter(({ text }) =>
      within.length === 0 ? readsName(text, name) : (readsName(text, name) && within.some((parent) => readsName(text, parent))) || readsOff(text, within, name),
    )
    .map(({ file }) => file);
}

const fields = [...packFields()].sort();
const unread = fields.filter((field) => readersOf(field).length === 0);

describe('every pack field is read by a flow or a document', () => {
  it('finds the readers of a field the flows are known to read, and none for a field nobody declares', () => {
    // Not blind, and not seeing everywhere: routeTo is read where a trigger is routed; a made-up name nowhere.
    expect(readersOf('triggers.*.routeTo')).toContain('src/flows/triggers.ts');
    expect(readersOf('triggers.*.routeToSomewhereElse')).toEqual([]);
    expect(fields).toContain('triggers.*.routeTo');
  });

  it('every field a pack sets is read somewhere in src/, or listed in this test with its reason or the issue that owes it', () => {
    console.log(
      `Fields set by the packs and read by no flow or document (${unread.length}):\n${unread
        .map((field) => `  ${field}: ${READ_BY_NOBODY_ON_PURPOSE[field] ?? KNOWN_UNREAD_OWED[field] ?? 'NOT LISTED'}`)
        .join('\n')}`,
    );
    const unexplained = unread.filter((field) => !(field in READ_BY_NOBODY_ON_PURPOSE) && !(field in KNOWN_UNREAD_OWED));
    expect(unexplained, 'declared in a pack, read by no flow or document: wire it, or take it out of the pack').toEqual([]);
  });

  it('the owed list holds only fields that packs set and nothing reads yet, so it shrinks as issues 18, 19 and 20 wire them', () => {
    const read = Object.keys(KNOWN_UNREAD_OWED)
      .filter((field) => readersOf(field).length > 0)
      .map((field) => `${field} (read in ${readersOf(field).join(', ')})`);
    expect(read, 'now read: take these off KNOWN_UNREAD_OWED').toEqual([]);
    const gone = [...Object.keys(KNOWN_UNREAD_OWED), ...Object.keys(READ_BY_NOBODY_ON_PURPOSE)].filter((field) => !fields.includes(field));
    expect(gone, 'no pack sets these any more: take them off the lists').toEqual([]);
  });
});
