// Who answers a trigger: the supervisor, their cover when they are away, then the escalation chain.
// The supervisor, the cover, their names and whether each is away come back in one query, or from the
// directory cache when nothing in the directory has changed since it was asked.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PolicyPack, Trigger } from '../domain/policy/schema.js';
import { escalationTarget } from '../domain/triggers/raise.js';
import type { DirectoryCache } from '../store/directoryCache.js';
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

/** Someone who might answer, with their name and whether they are away on the day asked about. */
interface Candidate {
  id: string;
  name: string;
  away: boolean;
}

export interface Responder {
  personId: string;
  level: number;
  displayName: string;
}

/** True when the person in `column` has an absence covering `day`. */
function awayOn(column: 'r.supervisor_id' | 'r.cover_supervisor_id' | 'person.id', day: string) {
  return sql<boolean>`exists (select 1 from absence where absence.person_id = ${sql.ref(column)} and absence.from_date <= ${day} and absence.to_date >= ${day})`;
}

type Line = { supervisor: Candidate; cover: Candidate | undefined } | undefined;

/** A supervisee's current supervisor and cover supervisor, each with their name and whether they are away on `day`. */
async function lineOf(db: Db, superviseeId: string, day: string, cache?: DirectoryCache): Promise<Line> {
  const key = `line:${superviseeId}:${day}`;
  const cached = cache?.get<{ line: Line }>(key);
  if (cached) return cached.line;
  const lookup = cache?.begin();
  const line = await readLine(db, superviseeId, day);
  if (lookup) cache?.keep(key, lookup, Object.freeze({ line }));
  return line;
}

async function readLine(db: Db, superviseeId: string, day: string): Promise<Line> {
  const row = await db
    .selectFrom('supervision_relationship as r')
    .innerJoin('person as s', 's.id', 'r.supervisor_id')
    .leftJoin('person as c', 'c.id', 'r.cover_supervisor_id')
    .select([
      'r.supervisor_id',
      's.display_name as supervisor_name',
      awayOn('r.supervisor_id', day).as('supervisor_away'),
      'r.cover_supervisor_id',
      'c.display_name as cover_name',
      awayOn('r.cover_supervisor_id', day).as('cover_away'),
    ])
    .where('r.supervisee_id', '=', superviseeId)
    .where('r.ended_on', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    supervisor: { id: row.supervisor_id, name: row.supervisor_name, away: row.supervisor_away },
    cover: row.cover_supervisor_id && row.cover_name !== null ? { id: row.cover_supervisor_id, name: row.cover_name, away: row.cover_away } : undefined,
  };
}

/** The person a chain step names for this practitioner, or undefined when nobody fits (or they are away). */
async function personAtStep(
  db: Db,
  pack: PolicyPack,
  practitionerId: string,
  level: number,
  day: string,
  line: Awaited<ReturnType<typeof lineOf>>,
): Promise<Candidate | undefined> {
  const target = escalationTarget(pack, level);
  if (target.kind !== 'step') return undefined;
  const step = target.step;
  let candidate: Candidate | undefined;
  if (step.to === 'cover-supervisor') candidate = line?.cover;
  else if (step.to === 'line-manager') {
    candidate = line?.supervisor;
    for (let up = 0; up < step.levels && candidate; up += 1) candidate = (await lineOf(db, candidate.id, day))?.supervisor;
  } else {
    candidate = await db
      .selectFrom('person')
      .select(['person.id', 'person.display_name as name', awayOn('person.id', day).as('away')])
      .where('person.role', '=', step.role)
      .orderBy('person.display_name')
      .executeTakeFirst();
  }
  if (!candidate || candidate.id === practitionerId || candidate.away) return undefined;
  return candidate;
}

/**
 * The first responder at or after `fromLevel`: level 0 is the supervisor (or their cover, when away).
 * With the directory cache (outside a transaction only), the supervisor's line may come from memory.
 */
export async function responderFrom(
  db: Db,
  pack: PolicyPack,
  practitionerId: string,
  fromLevel: number,
  day: string,
  cache?: DirectoryCache,
): Promise<Responder | undefined> {
  const line = await lineOf(db, practitionerId, day, cache);
  if (fromLevel === 0 && line && !line.supervisor.away) return { personId: line.supervisor.id, level: 0, displayName: line.supervisor.name };
  for (let level = Math.max(1, fromLevel); level <= pack.escalation.chain.length; level += 1) {
    const candidate = await personAtStep(db, pack, practitionerId, level, day, line);
    if (candidate) return { personId: candidate.id, level, displayName: candidate.name };
  }
  return undefined;
}

/** The first responder at or after `fromLevel` who is not one the trigger may not reach (`notTo`). */
export async function responderAvoiding(
  db: Db,
  pack: PolicyPack,
  practitionerId: string,
  fromLevel: number,
  day: string,
  notTo: readonly string[],
  cache?: DirectoryCache,
): Promise<Responder | undefined> {
  let found = await responderFrom(db, pack, practitionerId, fromLevel, day, cache);
  while (found && notTo.includes(found.personId)) found = await responderFrom(db, pack, practitionerId, found.level + 1, day);
  return found;
}

/** Everyone in the safeguarding lead's role, but those a trigger may not reach (`notTo`). */
export async function safeguardingLeads(db: Db, pack: PolicyPack, notTo: readonly string[] = []): Promise<string[]> {
  const rows = await db.selectFrom('person').select('id').where('role', '=', pack.escalation.safeguardingLead.role).execute();
  return rows.map((row) => row.id).filter((id) => !notTo.includes(id));
}

/** Whom a trigger must never reach: the practitioner's line manager (and cover), where the concern is about them (Cymru 4.4). */
export async function notToOf(db: Db, trigger: Pick<Trigger, 'about'> | undefined, practitionerId: string): Promise<string[]> {
  if (trigger?.about !== 'line-manager') return [];
  const line = await relationshipOf(db, practitionerId);
  return line ? [line.supervisor_id, ...(line.cover_supervisor_id ? [line.cover_supervisor_id] : [])] : [];
}

/**
 * A trigger the pack routes straight to the safeguarding lead (Cymru 4.1, 4.4): the first person above
 * the practitioner in that role, else anyone in it; never the practitioner, anyone away, or `notTo`.
 * Its level is the chain's top, so if nobody answers, the next step is the safeguarding alert.
 */
export async function routedResponder(db: Db, pack: PolicyPack, practitionerId: string, day: string, notTo: readonly string[]): Promise<Responder | undefined> {
  const role = pack.escalation.safeguardingLead.role;
  const level = pack.escalation.chain.length;
  const refused = new Set([practitionerId, ...notTo]);
  let above = await lineOf(db, practitionerId, day);
  for (let depth = 0; depth < 6 && above; depth += 1) {
    const person = await db.selectFrom('person').select('role').where('id', '=', above.supervisor.id).executeTakeFirst();
    if (person?.role === role && !above.supervisor.away && !refused.has(above.supervisor.id))
      return { personId: above.supervisor.id, level, displayName: above.supervisor.name };
    above = await lineOf(db, above.supervisor.id, day);
  }
  const anyone = await db
    .selectFrom('person')
    .select(['person.id', 'person.display_name', awayOn('person.id', day).as('away')])
    .where('person.role', '=', role)
    .orderBy('person.display_name')
    .execute();
  const chosen = anyone.find((person) => !person.away && !refused.has(person.id));
  return chosen ? { personId: chosen.id, level, displayName: chosen.display_name } : undefined;
}
