// `supervision-bot policy explain ID --lang cy` (issue 21): the explanation's headings, labels and citations in
// Welsh from the catalogue, the policy's own words as the pack has them (its Welsh where it has Welsh); English
// unchanged without --lang; an unknown language refused with exit 2, naming the option and what is allowed.
import { describe, expect, it } from 'vitest';
import { explainPolicy, BOT_SIGNS } from '../../src/domain/policy/explain.js';
import { cadenceIn, cadencesOf, explainIn } from '../../src/cli/explainIn.js';
import { cadenceInWords } from '../../src/domain/policy/words.js';
import { loadPolicy, policyIds } from '../../src/config/policyFiles.js';
import { catalogueFiles } from '../../src/i18n/catalogue.js';
import { run } from '../support/cli.js';

describe('supervision-bot policy explain --lang', () => {
  it('writes the headings, labels and citations in Welsh, and the policy text as the pack has it', async () => {
    const result = await run('policy', 'explain', 'cafcass-cymru', '--lang', 'cy');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain("Pwy sy'n cael pa oruchwyliaeth");
    expect(lines).toContain("Sbardunau: pryd y mae'n rhaid i ymarferydd (neu y caiff ymarferydd) ofyn am oruchwyliaeth");
    expect(result.stdout).toMatch(/^Diwrnodau gwaith: /m);
    expect(result.stdout).toContain('Ffynhonnell: section 2.2');
    expect(result.stdout).not.toContain('Who gets what supervision');
    expect(result.stdout).not.toMatch(/\bSource: /);
    // The pack's Welsh for a trigger, and its English wording, quoted as they are.
    expect(result.stdout).toContain('    Yn Gymraeg: Ymgynghori ar achos: "Cymorth a chyngor ar adeg yr angen, er enghraifft ymgynghori ar achos."');
    expect(result.stdout).toContain('"Support and advice at the point of need, for example case consultation."');
    // A kind's own title is the pack's, even where it reads like a label.
    expect(result.stdout).toContain('    Group supervision: yn ôl yr angen (dim amlder penodol)');
  });

  it('is English, word for word, without --lang and with --lang en-GB', async () => {
    const plain = await run('policy', 'explain', 'bexley');
    const english = await run('policy', 'explain', 'bexley', '--lang', 'en-GB');
    expect(english.stdout).toBe(plain.stdout);
    expect(plain.stdout.trimEnd()).toBe(explainPolicy(loadPolicy('bexley')).trimEnd());
  });

  it('refuses a language it does not speak, exit 2, naming --lang and the allowed values', async () => {
    const result = await run('policy', 'explain', 'cafcass', '--lang', 'fr');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("policy explain: --lang 'fr' is not allowed; languages: en-GB, cy");
  });

  it("finds every heading and label of the catalogue in some pack's explanation, so none drifts from explain.ts", () => {
    const all = policyIds()
      .map((id) => explainPolicy(loadPolicy(id)))
      .join('\n');
    const english = catalogueFiles['en-GB'].explain as Record<string, string>;
    for (const [id, text] of Object.entries(english))
      if (!id.startsWith('explain.note.') && !id.startsWith('explain.cadence.')) expect(all, id).toContain(text);
    expect(english['explain.sentence.botSigns']).toBe(BOT_SIGNS);
    expect(explainIn('x', 'en-GB')).toBe('x');
  });

  it("writes every pack's cadences from the catalogue: in English as words.ts does, in Welsh in the output", async () => {
    for (const id of policyIds()) for (const cadence of cadencesOf(loadPolicy(id))) expect(cadenceIn(cadence, 'en-GB'), id).toBe(cadenceInWords(cadence));
    const result = await run('policy', 'explain', 'bexley', '--lang', 'cy');
    expect(result.stdout).toContain('o leiaf bob wythnos hyd at 4 wythnos ar ôl dechrau');
    expect(result.stdout).not.toContain('at least every week');
  });
});
