// The layers of ../shared/DESIGN.md, checked: the domain is pure, and knows no store, platform or clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const domain = sources(path.join(projectRoot, 'src/domain'));
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);

describe('layers', () => {
  it('keeps src/domain free of the store, the delivery layer, I/O and chat platforms', () => {
    expect(domain.length).toBeGreaterThan(10);
    const allowed = /^(\.{1,2}\/|zod$|luxon$|date-holidays$|yaml$|compromise$)/;
    for (const file of domain) {
      for (const specifier of importsOf(file)) {
        expect(specifier, `${path.relative(projectRoot, file)} imports ${specifier}`).toMatch(allowed);
        expect(path.resolve(path.dirname(file), specifier), `${path.relative(projectRoot, file)} imports ${specifier}`).toContain(
          `${path.sep}src${path.sep}domain${path.sep}`,
        );
      }
    }
  });

  it('never reads the clock in src/domain: time is a parameter', () => {
    for (const file of domain) {
      const text = readFileSync(file, 'utf8');
      expect(text, path.relative(projectRoot, file)).not.toMatch(/Date\.now\(|new Date\(\)|DateTime\.now\(|DateTime\.local\(\)|performance\.now\(/);
    }
  });

  it('keeps botbuilder and Bolt inside their channel folders', () => {
    for (const file of sources(path.join(projectRoot, 'src'))) {
      const relative = path.relative(projectRoot, file);
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('botbuilder')) expect(relative).toMatch(/^src\/channels\/teams\//);
        if (specifier.startsWith('@slack/')) expect(relative).toMatch(/^src\/channels\/slack\//);
      }
    }
  });
});
