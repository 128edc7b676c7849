// Every pack names the policy document it was written from, and `policy explain` cites that document by
// name: a principal social worker reads "section 4.3 d)" of a title they know, never a seed file name.
import { describe, expect, it } from 'vitest';
import { loadPolicy, policyIds } from '../../../src/config/policyFiles.js';
import { run } from '../../support/cli.js';

const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;

describe('the policy document of each pack', () => {
  it('every pack names its document: a title, who owns it, and a short name to cite it by', () => {
    for (const id of policyIds()) {
      const { document } = loadPolicy(id) as { document?: { title?: string; owner?: string; citeAs?: string } };
      expect(document?.title?.trim(), id).toBeTruthy();
      expect(document?.owner?.trim(), id).toBeTruthy();
      expect(document?.citeAs?.trim(), id).toBeTruthy();
      expect(`${document?.title} ${document?.citeAs}`, id).not.toMatch(SEED_FILE);
    }
  });

  it('Cafcass names its policy with the version and date the document gives', () => {
    expect(loadPolicy('cafcass')).toMatchObject({
      document: {
        title: 'Supervision policy, guidance and standards: for Cafcass social work practitioners',
        owner: 'Cafcass',
        version: '3.7',
        date: 'April 2022',
        citeAs: 'Cafcass supervision policy',
      },
    });
  });

  it.each(policyIds())('`policy explain %s` names the document and no seed file', async (id) => {
    const result = await run('policy', 'explain', id);
    expect(result.code).toBe(0);
    const { document } = loadPolicy(id) as { document?: { title: string } };
    expect(result.stdout).toContain(document?.title ?? 'the document title');
    expect(result.stdout).not.toMatch(SEED_FILE);
    // Each rule still says where in the document it comes from.
    expect(result.stdout).toMatch(/Source: (section|appendix|individual|group|quality)/);
  });

  it('`policy explain cafcass` cites a trigger by its section, without stacked brackets', async () => {
    const { stdout } = await run('policy', 'explain', 'cafcass');
    expect(stdout).toContain('"Reunifying children with parents in public law proceedings." Source: section 4.3 a); the bot\'s choice:');
    expect(stdout).toContain('Source: section 8, standard 1; a local choice:');
    expect(stdout).not.toMatch(/\)\)|\)\]/);
  });
});
