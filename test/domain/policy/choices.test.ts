// What the bot does that no seed says is marked in the pack as the bot's choice, with its reason, and
// `policy explain` shows it (issue 18: signing by the practitioner, trigger urgencies, triggers read as
// significant decisions). Every rule cites its seed or says why it is the bot's.
import { describe, expect, it } from 'vitest';
import { loadPolicy, policyIds } from '../../../src/config/policyFiles.js';
import { explainPolicy } from '../../../src/domain/policy/explain.js';
import type { PolicyPack, Trigger } from '../../../src/domain/policy/schema.js';
import { run } from '../../support/cli.js';

type Rule = { path: string; source?: unknown; local?: unknown; note?: unknown; choice?: unknown };

/** Every rule of a pack: each object that says where it came from (source, local, note or choice). */
function rulesOf(pack: PolicyPack): Rule[] {
  const found: Rule[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, `${path}[${index}]`));
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (['source', 'local', 'note', 'choice'].some((key) => key in record)) found.push({ path, ...record });
    for (const [key, item] of Object.entries(record)) visit(item, path ? `${path}.${key}` : key);
  };
  visit(pack, '');
  return found;
}

/** Marked as not the document's own: the bot's choice, or the organisation's local choice with its note. */
const marked = (rule: { local?: unknown; note?: unknown; choice?: unknown }) =>
  (typeof rule.choice === 'string' && rule.choice.trim() !== '') || (rule.local === true && typeof rule.note === 'string');

/** The word a trigger's wording (quoted from the seed) uses when the seed itself sets its urgency. */
const urgencyWords: Record<Trigger['urgency'], RegExp> = { immediate: /immediate/i, urgent: /urgent/i, priority: /priority/i, routine: /routine/i };

describe("the bot's choices in the packs", () => {
  it("`policy explain cafcass` shows the practitioner's signature and the triggers' urgencies and significance as the bot's choice, with the reason", async () => {
    const { code, stdout } = await run('policy', 'explain', 'cafcass');
    expect(code).toBe(0);
    expect(stdout).toContain(
      '"Reunifying children with parents in public law proceedings." Source: section 4.3 a); the bot\'s choice: The document sets no urgency and names no significant decisions.',
    );
    expect(stdout).toContain("Signed by: supervisor and supervisee. Source: section 4.4; the bot's choice: The document asks for no signature.");
    expect(stdout).toContain("h) Delayed or long-running proceedings ('long-running-proceedings'; mandatory, routine by default)");
    expect(stdout).toMatch(/'long-running-proceedings'.*the bot's choice: The document sets no urgency/);
  });

  it("every rule in every pack cites its seed, or says why it is the bot's choice where the seed's words do not give it (a trigger's urgency, its reading as significant); `policy explain` shows every reason", () => {
    for (const id of policyIds()) {
      const pack = loadPolicy(id);
      const explained = explainPolicy(pack);
      for (const rule of rulesOf(pack)) {
        const cited = typeof rule.source === 'string' && rule.source.startsWith(`${pack.seeds[0]} `);
        expect(cited || marked(rule), `${id} ${rule.path}: neither cites ${pack.seeds[0]} nor gives the bot's reason`).toBe(true);
        if (rule.local === true) expect(typeof rule.note, `${id} ${rule.path}: a local choice without its note`).toBe('string');
        if (typeof rule.choice === 'string')
          expect(explained, `${id} ${rule.path}: policy explain leaves out its reason`).toContain(`the bot's choice: ${rule.choice}`);
      }
      for (const [triggerId, trigger] of Object.entries(pack.triggers)) {
        // The wording is the seed's: "must be brought to the notice ... immediately" (Cymru 4.1) sets the urgency itself.
        if (!urgencyWords[trigger.urgency].test(trigger.wording))
          expect(marked(trigger), `${id} ${triggerId}: ${trigger.urgency} by default is not in the seed; mark it the bot's choice`).toBe(true);
        if (trigger.significant && !/significant/i.test(trigger.wording))
          expect(marked(trigger), `${id} ${triggerId}: the seed does not call it significant; mark it the bot's choice`).toBe(true);
      }
    }
  });

  it("says, for every kind whose record the bot has signed, who signs: the seed, or the bot's choice", () => {
    for (const id of policyIds()) {
      const pack = loadPolicy(id);
      const kinds = explainPolicy(pack).split('\nKinds of supervision and their records\n')[1]!.split('\nRecording models\n')[0]!;
      const blocks = kinds.split(/\n(?=- )/);
      for (const [kindId, kind] of Object.entries(pack.kinds)) {
        // Cafcass's group record is made on the PLR system, not in the bot: nobody signs it here.
        if (!kind?.record || (kindId === 'group' && kind.record.storedOn === 'personal-record')) continue;
        const block = blocks.find((lines) => lines.includes(`('${kindId}')`))!;
        expect(block, `${id} ${kindId}`).toMatch(/\n {4}Signed by: .*(Source: |the bot's choice)/i);
        if (!kind.signOff) expect(block, `${id} ${kindId}`).toContain("The bot's choice, as this pack does not say who signs");
      }
    }
  });
});
