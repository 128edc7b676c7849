// Every change of a trigger's state goes through here: a conditional update (its state and version
// must still be what the caller read, so of two racing callers exactly one wins), an entry in the
// trigger's history, and, when asked, the audit log.
import type { Insertable, Transaction, Updateable } from 'kysely';
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

/**
 * A request made other than by the practitioner's raise form (a supervisor's own, a "no progress" one): stored
 * with the first entry of its history, in its first state. False, with nothing written, when a request with
 * its id is there already (the same button pressed twice at once).
 */
export async function openTrigger(
  trx: Transaction<Database>,
  request: Insertable<TriggerRequestTable> & { id: string; state: string },
  event: { actorId: string; at: Date; detail: Record<string, unknown> },
): Promise<boolean> {
  const stored = await trx
    .insertInto('trigger_request')
    .values(request)
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!stored) return false;
  await trx
    .insertInto('trigger_event')
    .values({
      trigger_request_id: request.id,
      at: event.at,
      actor_id: event.actorId,
      from_state: null,
      to_state: request.state,
      detail: JSON.stringify(event.detail),
    })
    .execute();
  return true;
}
