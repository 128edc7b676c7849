import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPolicy } from '../../src/config/policyFiles.js';
import { policiesDir } from '../../src/config/paths.js';
import { calendarOf } from '../../src/domain/policy/calendarOf.js';
import { parsePolicyText } from '../../src/domain/policy/parse.js';
import { formatIsoDate, parseIsoDate } from '../../src/domain/time/localDate.js';

export function pack(id: string) {
  const loaded = loadPolicy(id);
  return { pack: loaded, calendar: calendarOf(loaded) };
}

export function packText(id: string): string {
  return readFileSync(path.join(policiesDir, `${id}.yaml`), 'utf8');
}

/** Parses a variant of a real pack's text; fails the test if the original does not parse. */
export function problemsOf(yamlText: string) {
  const result = parsePolicyText(yamlText);
  return result.ok ? [] : result.problems;
}

export const day = (iso: string) => {
  const value = parseIsoDate(iso);
  if (value === undefined) throw new Error(`bad test date ${iso}`);
  return value;
};
export const iso = formatIsoDate;
