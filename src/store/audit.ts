// The audit log: who read or changed what, and when. Append-only (the database refuses changes).
// Entries carry ids, never content.
import type { Kysely, QueryCreator, Transaction } from 'kysely';
import type { SerialisedJson } from './compiledOnce.js';
import type { Database } from './schema.js';

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  detail?: Record<string, unknown> | SerialisedJson;
}

export async function writeAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await auditInsert(db, entry).execute();
}

/** The insert writeAudit() runs, unexecuted: for a statement that writes the entry with the change it records (a CTE). */
export function auditInsert(db: QueryCreator<Database>, entry: AuditEntry) {
  return db.insertInto('audit_log').values({
    at: entry.at,
    actor_id: entry.actorId,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    detail: typeof entry.detail === 'string' ? entry.detail : JSON.stringify(entry.detail ?? {}),
  });
}
