// Every number a pack chose itself (`local: true`), listed for the README and for reviewers.
import { formatPath } from './parse.js';
import type { PolicyPack } from './schema.js';

export interface LocalChoice {
  pack: string;
  path: string;
  note: string;
}

export function localChoices(pack: PolicyPack): LocalChoice[] {
  const found: LocalChoice[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, [...path, index]));
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (record.local === true) found.push({ pack: pack.id, path: formatPath(path), note: String(record.note ?? '') });
    for (const [key, item] of Object.entries(record)) visit(item, [...path, key]);
  };
  visit(pack, []);
  return found;
}

/** The markdown table the README's "Local choices" section holds. */
export function localChoicesMarkdown(packs: PolicyPack[]): string {
  const rows = packs.flatMap(localChoices).map((choice) => `| ${choice.pack} | \`${choice.path}\` | ${choice.note.replace(/\|/g, '\\|')} |`);
  return ['| pack | rule | why this number |', '| --- | --- | --- |', ...rows].join('\n');
}
