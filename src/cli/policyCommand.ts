// `supervision-bot policy check [FILE...]` and `supervision-bot policy explain ID [--lang en-GB|cy]`.
import path from 'node:path';
import { checkPolicyFile, loadPolicy, policyIds } from '../config/policyFiles.js';
import { policiesDir } from '../config/paths.js';
import { explainPolicy } from '../domain/policy/explain.js';
import { explainIn } from './explainIn.js';
import { locales, type Locale } from '../domain/text/languages.js';
import { localChoicesMarkdown } from '../domain/policy/localChoices.js';
import { argument, oneOf, parseOptions, UsageError } from './usage.js';
import type { CommandIo } from './io.js';

export function policyCommand(args: string[], io: CommandIo): number {
  const [action, ...rest] = args;
  if (action === 'check') return check(rest, io);
  if (action === 'explain') return explain(rest, io);
  if (action === 'local-choices') {
    parseOptions('policy local-choices', rest, {});
    io.out(localChoicesMarkdown(policyIds().map((id) => loadPolicy(id))));
    return 0;
  }
  throw new UsageError(`policy: '${action ?? ''}' is not a policy command; allowed: check, explain, local-choices`);
}

function check(args: string[], io: CommandIo): number {
  const { positionals } = parseOptions('policy check', args, {}, true);
  const files = positionals.length > 0 ? positionals : policyIds().map((id) => path.join(policiesDir, `${id}.yaml`));
  let failed = 0;
  for (const file of files) {
    const result = checkPolicyFile(file);
    if (result.ok) {
      io.out(`${file}: ok (${result.pack.organisation})`);
      continue;
    }
    failed += 1;
    for (const problem of result.problems) {
      io.err(`${file}${problem.line ? `:${problem.line}` : ''}: ${problem.path}: ${problem.message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

function explain(args: string[], io: CommandIo): number {
  const { positionals, values } = parseOptions('policy explain', args, { lang: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError(`policy explain: give one policy id; allowed: ${policyIds().join(', ')}`);
  const id = argument('policy explain', 'policy', oneOf(policyIds()), positionals[0]);
  // The language of its fixed words (issue 21): English unless asked.
  const lang = values.lang === undefined ? 'en-GB' : argument('policy explain', 'lang', oneOf(locales, 'languages'), values.lang);
  const pack = loadPolicy(id);
  io.out(explainIn(explainPolicy(pack), lang as Locale, pack).trimEnd());
  return 0;
}
