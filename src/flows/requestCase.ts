import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

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

/**
 * Who is told of a request's answer and its moves up the chain: whoever raised it. The practitioner, unless a
 * supervisor raised it about them (supervisorRaise.ts: `raisedBy` in its first history entry).
 */
export async function raiserOf(db: Kysely<Database> | Transaction<Database>, request: { id: string; practitioner_id: string }): Promise<string> {
  const first = await db.selectFrom('trigger_event').select('detail').where('trigger_request_id', '=', request.id).orderBy('id').executeTakeFirst();
  const raisedBy = (first?.detail as { raisedBy?: unknown } | undefined)?.raisedBy;
  return typeof raisedBy === 'string' ? raisedBy : request.practitioner_id;
}
