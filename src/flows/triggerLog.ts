// Every change of a trigger's state goes through here: a conditional update (its state and version
// must still be what the caller read, so of two racing callers exactly one wins), an entry in the
// trigger's history, and, when asked, the audit log.
import type { Transaction, Updateable } from 'kysely';
import { writeAudit } from '../store/audit.js';
import type { Database, TriggerRequestTable } from '../store/schema.js';

export async function moveTrigger(
  trx: Transaction<Database>,
  input: {
    id: string;
    version: number;
    from: string;
    to: string;
    set?: Updateable<TriggerRequestTable>;
    actorId: string | null;
    at: Date;
    detail?: Record<string, unknown>;
    audit?: string;
  },
): Promise<boolean> {
  const updated = await trx
    .updateTable('trigger_request')
    .set({ ...input.set, state: input.to, version: input.version + 1, updated_at: input.at })
    .where('id', '=', input.id)
    .where('state', '=', input.from)
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx
    .insertInto('trigger_event')
    .values({
      trigger_request_id: input.id,
      at: input.at,
      actor_id: input.actorId,
      from_state: input.from,
      to_state: input.to,
      detail: JSON.stringify(input.detail ?? {}),
    })
    .execute();
  if (input.audit) {
    await writeAudit(trx, { at: input.at, actorId: input.actorId, action: input.audit, objectType: 'trigger_request', objectId: input.id });
  }
  return true;
}
