// Turns a pack's YAML text into a checked PolicyPack, or into problems a person can act on:
// where (path inside the file, and line), and what is allowed there.
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { policyPack, type PolicyPack } from './schema.js';

export interface PolicyProblem {
  /** Dotted path inside the pack, e.g. "cohorts.nqsw.supervision[0].cadence.every". */
  path: string;
  line?: number;
  message: string;
}

export type PolicyParseResult = { ok: true; pack: PolicyPack } | { ok: false; problems: PolicyProblem[] };

export function parsePolicyText(yamlText: string): PolicyParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '(file)',
        line: error.linePos?.[0]?.line,
        message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const result = policyPack.safeParse(document.toJS(), { reportInput: true });
  if (result.success) return { ok: true, pack: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      line: lineOf(document.contents, issue.path, lineCounter),
      message: describeIssue(issue),
    })),
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} this language does not know: ${issue.keys.join(', ')} (check the spelling)`;
    default:
      if (issue.input === undefined && !issue.message.startsWith('is missing')) return `is missing: it ${issue.message}`;
      return issue.message;
  }
}

function lineOf(root: unknown, path: readonly PropertyKey[], lineCounter: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let best: number | undefined = rangeLine(node, lineCounter);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      best = rangeLine(pair.key as Node, lineCounter) ?? best;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node;
      best = rangeLine(node, lineCounter) ?? best;
    } else break;
  }
  return best;
}

function rangeLine(node: Node | null | undefined, lineCounter: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
