import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { t, type Speech } from '../i18n/catalogue.js';

// How chat names what a request is about: its case reference, or, for a request kept on the practitioner's
// personal supervision file (about no child), that. Never a child's name.

/** Where a request about no case is kept, as its cards say it. */
export const PERSONAL_FILE = t('en-GB', 'request.personalFile');

/** The fact a request's cards lead with: its case reference, or where a request about no case is kept. */
export function requestFacts(caseReference: string | null, speech: Speech = 'en-GB'): { title: string; value: string }[] {
  return caseReference
    ? [{ title: t(speech, 'request.caseReference'), value: caseReference }]
    : [{ title: t(speech, 'request.keptOn'), value: t(speech, 'request.personalFile') }];
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
