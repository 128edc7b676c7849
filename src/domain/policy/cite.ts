// A rule's `source:` as a person reads it: "Cafcass supervision policy, section 4.3 d)". The seed file
// name stays in the pack, where `policy check` verifies it; no person is shown it.
import type { PolicyDocument, PolicyPack } from './schema.js';

/** Where in the document a source points, without the seed file: "section 4.3 d)", "appendix 2, standard 5 (1)". */
export function sourceReference(source: string): string {
  const where = source.replace(/^\d{3}_[0-9a-f]{16}\.txt\s*/, '').trim();
  // Numbered paragraphs ("4.3 d)", "2.10") are sections of the document as written.
  if (/^\d+(\.\d+)+/.test(where) || /^\d+$/.test(where)) return `section ${where}`;
  // A section number then what is under it: "8 standard 7", "4 child and family supervision frequency".
  const numbered = /^(\d+)\)?\s+(.+)$/.exec(where);
  if (numbered) return `section ${numbered[1]}, ${numbered[2]}`;
  const appendix = /^(appendix|annex)\s+(\S+)\s+(.+)$/i.exec(where);
  if (appendix) return `${appendix[1]} ${appendix[2]}, ${appendix[3]}`;
  // A heading in the document's own capitals ("Frequency", "What?") is quoted, so it reads as a title.
  if (/^\p{Lu}/u.test(where)) return `section "${where}"`;
  return where;
}

/** A source as a person reads it: the document's short name and where in it. */
export function citeSource(pack: Pick<PolicyPack, 'document'>, source: string): string {
  return `${pack.document.citeAs}, ${sourceReference(source)}`;
}

/** The document itself, once: "Supervision policy, … practitioners. Owned by Cafcass; version 3.7, April 2022." */
export function documentInWords(document: PolicyDocument): string {
  const edition = [document.version && `version ${document.version}`, document.date].filter(Boolean).join(', ');
  return `${document.title}. Owned by ${document.owner}${edition ? `; ${edition}` : ''}.`;
}
