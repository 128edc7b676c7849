// How chat names what a request is about: its case reference, or, for a request kept on the practitioner's
// personal supervision file (about no child), that. Never a child's name.

/** Where a request about no case is kept, as its cards say it. */
export const PERSONAL_FILE = "The personal supervision file, not a child's record";

/** The fact a request's cards lead with: its case reference, or where a request about no case is kept. */
export function requestFacts(caseReference: string | null): { title: string; value: string }[] {
  return caseReference ? [{ title: 'Case reference', value: caseReference }] : [{ title: 'Kept on', value: PERSONAL_FILE }];
}

/** " for case CF-204518" (or " on case ..."), or nothing for a request about no case. */
export function aboutCase(caseReference: string | null, preposition: 'for' | 'on' = 'for'): string {
  return caseReference ? ` ${preposition} case ${caseReference}` : '';
}
