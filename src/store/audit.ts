// The audit log: who read or changed what, and when. Append-only (the database refuses changes).
// Entries carry ids, never content.
import { sql, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
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

/** Entries as a query gives them to auditInsertFrom() (detail: JSON, serialised). */
export interface AuditRowQuery {
  at: Date;
  actor_id: string | null;
  action: string;
  object_type: string;
  object_id: string;
  detail: string;
}

/** Writes the entries a query gives: for a statement that writes many changes and their entries together (a CTE). */
export function auditInsertFrom(db: QueryCreator<Database>, entries: SelectQueryBuilder<any, any, AuditRowQuery>) {
  return db
    .insertInto('audit_log')
    .columns(['at', 'actor_id', 'action', 'object_type', 'object_id', 'detail'])
    .expression(db.selectFrom(entries.as('entry')).select(['at', 'actor_id', 'action', 'object_type', 'object_id', sql<string>`detail::jsonb`.as('detail')]));
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
