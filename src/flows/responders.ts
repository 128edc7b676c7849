// Who answers a trigger: the supervisor, their cover when they are away, then the escalation chain.
import type { Kysely, Transaction } from 'kysely';
import type { PolicyPack } from '../domain/policy/schema.js';
import { escalationTarget } from '../domain/triggers/raise.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A supervisee's current supervisor and cover. */
export async function relationshipOf(db: Db, superviseeId: string) {
  return db
    .selectFrom('supervision_relationship')
    .select(['supervisor_id', 'cover_supervisor_id'])
    .where('supervisee_id', '=', superviseeId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
}

export async function isAway(db: Db, personId: string, day: string): Promise<boolean> {
  const absence = await db
    .selectFrom('absence')
    .select('id')
    .where('person_id', '=', personId)
    .where('from_date', '<=', day)
    .where('to_date', '>=', day)
    .executeTakeFirst();
  return absence !== undefined;
}

/** The person a chain step names for this practitioner, or undefined when nobody fits (or they are away). */
export async function personAtStep(db: Db, pack: PolicyPack, practitionerId: string, level: number, day: string): Promise<string | undefined> {
  const target = escalationTarget(pack, level);
  if (target.kind !== 'step') return undefined;
  const step = target.step;
  const relationship = await relationshipOf(db, practitionerId);
  let candidate: string | undefined;
  if (step.to === 'cover-supervisor') candidate = relationship?.cover_supervisor_id ?? undefined;
  else if (step.to === 'line-manager') {
    candidate = relationship?.supervisor_id;
    for (let up = 0; up < step.levels && candidate; up += 1) candidate = (await relationshipOf(db, candidate))?.supervisor_id;
  } else {
    const holder = await db.selectFrom('person').select('id').where('role', '=', step.role).orderBy('display_name').executeTakeFirst();
    candidate = holder?.id;
  }
  if (!candidate || candidate === practitionerId || (await isAway(db, candidate, day))) return undefined;
  return candidate;
}

/** The first responder at or after `fromLevel`: level 0 is the supervisor (or their cover, when away). */
export async function responderFrom(
  db: Db,
  pack: PolicyPack,
  practitionerId: string,
  fromLevel: number,
  day: string,
): Promise<{ personId: string; level: number } | undefined> {
  if (fromLevel === 0) {
    const relationship = await relationshipOf(db, practitionerId);
    if (relationship && !(await isAway(db, relationship.supervisor_id, day))) return { personId: relationship.supervisor_id, level: 0 };
  }
  for (let level = Math.max(1, fromLevel); level <= pack.escalation.chain.length; level += 1) {
    const personId = await personAtStep(db, pack, practitionerId, level, day);
    if (personId) return { personId, level };
  }
  return undefined;
}

export async function safeguardingLeads(db: Db, pack: PolicyPack): Promise<string[]> {
  const rows = await db.selectFrom('person').select('id').where('role', '=', pack.escalation.safeguardingLead.role).execute();
  return rows.map((row) => row.id);
}
