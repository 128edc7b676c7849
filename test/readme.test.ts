// The README's promises: a short front door whose commands exist; the administrator's guide holds the
// packs' local choices as the packs make them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, policyIds } from '../src/config/policyFiles.js';
import { projectRoot } from '../src/config/paths.js';
import { localChoicesMarkdown } from '../src/domain/policy/localChoices.js';

const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
const adminGuide = readFileSync(path.join(projectRoot, 'docs/admin-guide.md'), 'utf8');

describe('README', () => {
  it('is a front door of at most 250 lines (the rest lives in docs/)', () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(250);
  });

  it('starts with the two commands a newcomer needs, and package.json has them', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
    const scripts = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it('names every pack and its required cohorts', () => {
    const required: Record<string, string[]> = {
      cafcass: ['nqsw', 'established'],
      cumberland: ['nqsw', 'student', 'staff'],
      'cafcass-cymru': ['practitioner'],
      islington: ['case-holder'],
      bexley: ['case-holder', 'non-case-holder'],
    };
    for (const [id, cohorts] of Object.entries(required)) {
      expect(readme).toContain(`\`${id}\``);
      expect(adminGuide).toContain(`\`${id}\``);
      for (const cohort of cohorts) expect(Object.keys(loadPolicy(id).cohorts), `${id} ${cohort}`).toContain(cohort);
    }
  });
});

describe("the administrator's guide", () => {
  it('lists exactly the local choices the packs make (regenerate with policy local-choices)', () => {
    const block = /<!-- local-choices:start -->\n([\s\S]*?)\n<!-- local-choices:end -->/.exec(adminGuide)?.[1];
    expect(block).toBe(localChoicesMarkdown(policyIds().map((id) => loadPolicy(id))));
  });
});
