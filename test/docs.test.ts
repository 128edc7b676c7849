// The README and docs/ link only to what a reader of the repository can open: its own files and
// headings, and public documentation over https.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/config/paths.js';

/** Hosts of public documentation a page may link to; add one only if anyone can read it without an account. */
const publicDocumentation = [
  'learn.microsoft.com',
  'adaptivecards.io',
  'adaptivecards.microsoft.com',
  'api.slack.com',
  'docs.slack.dev',
  'www.postgresql.org',
  'nodejs.org',
  'kysely.dev',
  'vitest.dev',
];

const pages = ['README.md', ...readdirSync(path.join(projectRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name))];
const read = (page: string) => readFileSync(path.join(projectRoot, page), 'utf8');

/** The text a reader sees as prose: fenced blocks and inline code hold examples, not links. */
function prose(markdown: string): string {
  return markdown.replace(/^( {0,3})(```|~~~)[\s\S]*?^\1\2[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link and image target: inline, reference definitions, autolinks and bare URLs (GitHub links those). */
function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]!);
  const bare = [...text.matchAll(/(?<![(<])\b(?:https?|ftp|file):\/\/[^\s)>]+/g)].map((match) => match[0]);
  const autolinks = [...text.matchAll(/<((?:https?|ftp|file|mailto):[^>\s]+)>/g)].map((match) => match[1]!);
  return [...inline, ...definitions, ...bare, ...autolinks];
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe('the README and docs/', () => {
  it('are found', () => {
    expect(pages).toContain('README.md');
    expect(pages).toContain(path.join('docs', 'admin-guide.md'));
  });

  it('link only to files in the repository that exist, and to headings that exist in them', () => {
    for (const page of pages) {
      for (const target of linksOf(read(page)).filter((link) => !isExternal(link))) {
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file ? path.resolve(projectRoot, path.dirname(page), decodeURIComponent(file)) : path.join(projectRoot, page);
        const inside = path.relative(projectRoot, resolved);
        expect(inside.startsWith('..') || path.isAbsolute(inside), `${page} links to ${target}, outside the repository`).toBe(false);
        expect(existsSync(resolved), `${page} links to ${target}, which does not exist`).toBe(true);
        if (anchor && resolved.endsWith('.md')) {
          expect([...anchorsOf(readFileSync(resolved, 'utf8'))], `${page} links to ${target}: no such heading`).toContain(anchor);
        }
      }
    }
  });

  it('link nowhere outside the repository except public documentation over https', () => {
    for (const page of pages) {
      const text = read(page);
      expect(text, `${page} points outside the repository`).not.toContain('../shared');
      for (const target of linksOf(text).filter(isExternal)) {
        const url = new URL(target);
        expect(url.protocol, `${page} links to ${target}`).toBe('https:');
        expect(publicDocumentation, `${page} links to ${target}: not public documentation`).toContain(url.hostname);
      }
    }
  });
});
