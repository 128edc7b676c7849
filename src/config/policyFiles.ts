// Reads policy packs from policies/<id>.yaml. The parsing itself is pure (src/domain/policy).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePolicyText, type PolicyProblem } from '../domain/policy/parse.js';
import type { PolicyPack } from '../domain/policy/schema.js';
import { policiesDir } from './paths.js';

export function policyIds(dir = policiesDir): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

export type PolicyFileResult = { ok: true; pack: PolicyPack } | { ok: false; problems: PolicyProblem[] };

export function checkPolicyFile(file: string): PolicyFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }] };
  }
  const result = parsePolicyText(text);
  if (!result.ok) return result;
  // Every cited seed must be there to read, beside the packs.
  const seedsDir = path.join(path.dirname(file), 'seeds');
  const missing = result.pack.seeds.filter((seed) => !existsSync(path.join(seedsDir, seed)));
  if (missing.length > 0) {
    return { ok: false, problems: [{ path: 'seeds', message: `names ${missing.join(', ')}, not found in ${seedsDir}: put the policy document there` }] };
  }
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (result.pack.id !== expected) {
    return { ok: false, problems: [{ path: 'id', message: `is '${result.pack.id}' but the file is named '${path.basename(file)}': they must match` }] };
  }
  return result;
}

export class PolicyNotFoundError extends Error {}
export class PolicyInvalidError extends Error {
  constructor(
    readonly file: string,
    readonly problems: PolicyProblem[],
  ) {
    super(`${file} is not a valid policy pack: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

const cache = new Map<string, PolicyPack>();

/** Loads and checks policies/<id>.yaml, once per process. */
export function loadPolicy(id: string, dir = policiesDir): PolicyPack {
  const cached = cache.get(`${dir}:${id}`);
  if (cached) return cached;
  const ids = policyIds(dir);
  if (!ids.includes(id)) throw new PolicyNotFoundError(`unknown policy '${id}'; allowed: ${ids.join(', ')}`);
  const file = path.join(dir, `${id}.yaml`);
  const result = checkPolicyFile(file);
  if (!result.ok) throw new PolicyInvalidError(file, result.problems);
  cache.set(`${dir}:${id}`, result.pack);
  return result.pack;
}
