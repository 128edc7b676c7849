// `supervision-bot directory import FILE`: upserts people, teams, supervision relationships and chat
// identities in one transaction. Any bad row means nothing changes, and every bad row is reported; a
// refused import is audited by line and field. A chat id moves to another person only when asked to.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { writeAudit } from '../store/audit.js';
import type { Kysely, Transaction } from 'kysely';
import type { PolicyPack } from '../domain/policy/schema.js';
import { ensureOrganisation, ORGANISATION_ID } from '../store/organisation.js';
import type { Database } from '../store/schema.js';
import { identityKey, loadCurrentDirectory } from './current.js';
import { identityFields, type IdentityMove } from './identityRows.js';
import { parseDirectoryFile } from './parseFile.js';
import { canonicalValues, checkDirectoryRows, type DirectoryRow, type RowProblem } from './rows.js';

export type ImportResult = { ok: true; created: number; updated: number; unchanged: number; identitiesMoved: number } | { ok: false; problems: RowProblem[] };

/** Problems listed one by one in the refusal's audit entry; a longer list is counted. */
const AUDITED_PROBLEMS = 100;

/** Another process linked a chat id while the import ran: the checks no longer hold. */
class IdentityTakenMeanwhile extends Error {}

export async function importDirectory(input: {
  db: Kysely<Database>;
  pack: PolicyPack;
  fileName: string;
  text: string;
  now: Date;
  dryRun?: boolean;
  /** Lets the file move a chat id from the person who holds it to another (each move audited). */
  reassignIdentities?: boolean;
}): Promise<ImportResult> {
  const refuse = async (problems: RowProblem[], refusedMoves: IdentityMove[] = []): Promise<ImportResult> => {
    if (!input.dryRun) await auditRefusal(input.db, input.now, problems, refusedMoves);
    return { ok: false, problems };
  };
  const parsed = parseDirectoryFile(input.fileName, input.text);
  if (!parsed.ok) return refuse(parsed.problems);
  if (parsed.rows.length === 0) return refuse([{ message: 'has no people in it' }]);
  const organisationId = await ensureOrganisation(input.db, input.pack);
  // The chat ids as written: the checks decide whether they are valid, this only finds who holds them now.
  const named = parsed.rows.flatMap((raw) => {
    const values = canonicalValues(raw);
    return identityFields.flatMap(([platform, field]) => (typeof values[field] === 'string' ? [{ platform, platformUserId: values[field] }] : []));
  });
  let outcome: { result: ImportResult; refusedMoves: IdentityMove[] };
  try {
    outcome = await input.db.transaction().execute(async (trx) => {
      // Read in the transaction that writes, so the checks hold for what is written.
      const current = await loadCurrentDirectory(trx, organisationId, named);
      const checked = checkDirectoryRows(parsed.rows, input.pack, current, {
        reassignIdentities: input.reassignIdentities ?? false,
        today: DateTime.fromJSDate(input.now).setZone(input.pack.timezone).toISODate()!,
      });
      if (!checked.ok) return { result: { ok: false, problems: checked.problems }, refusedMoves: checked.refusedMoves };
      if (input.dryRun) {
        const created = checked.rows.filter((row) => !current.people.has(row.email)).length;
        return {
          result: { ok: true, created, updated: checked.rows.length - created, unchanged: 0, identitiesMoved: checked.moves.length },
          refusedMoves: [],
        };
      }
      return { result: await write(trx, organisationId, checked.rows, checked.moves, input.now), refusedMoves: [] };
    });
  } catch (error) {
    if (!(error instanceof IdentityTakenMeanwhile)) throw error;
    return refuse([{ message: `${error.message} was linked to someone by another process while importing; nothing was imported: run the import again` }]);
  }
  return outcome.result.ok ? outcome.result : refuse(outcome.result.problems, outcome.refusedMoves);
}

async function write(trx: Transaction<Database>, organisationId: string, rows: DirectoryRow[], moves: IdentityMove[], now: Date): Promise<ImportResult> {
  const movesByKey = new Map(moves.map((move) => [identityKey(move.platform, move.platformUserId), move]));
  const teamIds = new Map<string, string>();
  for (const teamName of new Set(rows.flatMap((row) => (row.team ? [row.team] : [])))) {
    const team = await trx
      .insertInto('team')
      .values({ id: randomUUID(), organisation_id: organisationId, name: teamName })
      .onConflict((conflict) => conflict.columns(['organisation_id', 'name']).doUpdateSet({ name: teamName }))
      .returning('id')
      .executeTakeFirstOrThrow();
    teamIds.set(teamName, team.id);
  }

  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let identitiesMoved = 0;
  const personIds = new Map<string, string>();
  for (const row of rows) {
    const values = {
      display_name: row.name,
      role: row.role,
      team_id: row.team ? teamIds.get(row.team)! : null,
      cohort: row.cohort ?? null,
      start_date: row.start_date ?? null,
      // Said again replaces what an earlier import said; a file without it leaves it alone (Cafcass appendix 2 quality 8).
      ...(row.registered_social_worker !== undefined ? { registered_social_worker: row.registered_social_worker } : {}),
      // History given again replaces what an earlier import gave; a file without it leaves that alone.
      ...(row.history
        ? {
            held_before: Object.keys(row.history.lastHeld).length > 0 ? JSON.stringify(sortedKeys(row.history.lastHeld)) : null,
            counted_from: row.history.goLive ?? null,
          }
        : {}),
    };
    const before = await trx.selectFrom('person').selectAll().where('organisation_id', '=', organisationId).where('email', '=', row.email).executeTakeFirst();
    if (!before) {
      const id = randomUUID();
      await trx
        .insertInto('person')
        .values({ id, organisation_id: organisationId, email: row.email, ...values, created_at: now, updated_at: now })
        .execute();
      personIds.set(row.email, id);
      created += 1;
      await audit(trx, now, 'directory.create', id, { fields: Object.keys(values) });
      continue;
    }
    personIds.set(row.email, before.id);
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => (before[key] ?? null) !== values[key]);
    if (changed.length === 0) {
      unchanged += 1;
      continue;
    }
    await trx
      .updateTable('person')
      .set({ ...values, updated_at: now })
      .where('id', '=', before.id)
      .execute();
    updated += 1;
    await audit(trx, now, 'directory.update', before.id, { fields: changed });
  }

  const today = now.toISOString().slice(0, 10);
  for (const row of rows) {
    const personId = personIds.get(row.email)!;
    if (row.supervisor !== undefined) {
      const supervisorId =
        personIds.get(row.supervisor) ??
        (
          await trx
            .selectFrom('person')
            .select('id')
            .where('organisation_id', '=', organisationId)
            .where('email', '=', row.supervisor)
            .executeTakeFirstOrThrow()
        ).id;
      const current = await trx
        .selectFrom('supervision_relationship')
        .selectAll()
        .where('supervisee_id', '=', personId)
        .where('ended_on', 'is', null)
        .executeTakeFirst();
      if (current?.supervisor_id !== supervisorId) {
        if (current) await trx.updateTable('supervision_relationship').set({ ended_on: today }).where('id', '=', current.id).execute();
        await trx
          .insertInto('supervision_relationship')
          .values({
            id: randomUUID(),
            supervisee_id: personId,
            supervisor_id: supervisorId,
            cover_supervisor_id: current?.cover_supervisor_id ?? null,
            reason: 'directory import',
            started_on: today,
            ended_on: null,
          })
          .execute();
        await audit(trx, now, 'directory.supervisor', personId, { supervisorId });
      }
    }
    if (row.professional_supervisor !== undefined) {
      const professionalSupervisorId =
        personIds.get(row.professional_supervisor) ??
        (
          await trx
            .selectFrom('person')
            .select('id')
            .where('organisation_id', '=', organisationId)
            .where('email', '=', row.professional_supervisor)
            .executeTakeFirstOrThrow()
        ).id;
      const before = await trx.selectFrom('person').select('professional_supervisor_id').where('id', '=', personId).executeTakeFirstOrThrow();
      if (before.professional_supervisor_id !== professionalSupervisorId) {
        await trx.updateTable('person').set({ professional_supervisor_id: professionalSupervisorId, updated_at: now }).where('id', '=', personId).execute();
        await audit(trx, now, 'directory.professional-supervisor', personId, { professionalSupervisorId });
      }
    }
    for (const [platform, field] of identityFields) {
      const platformUserId = row[field];
      if (!platformUserId) continue;
      const move = movesByKey.get(identityKey(platform, platformUserId));
      await trx
        .deleteFrom('chat_identity')
        .where('person_id', '=', personId)
        .where('platform', '=', platform)
        .where('platform_user_id', '<>', move?.heldAs ?? platformUserId)
        .execute();
      if (move) {
        // The chat id's conversation stays with it: it is the same chat user, now someone else in the directory.
        await trx
          .updateTable('chat_identity')
          .set({ person_id: personId, platform_user_id: platformUserId, updated_at: now })
          .where('platform', '=', platform)
          .where('platform_user_id', '=', move.heldAs)
          .where('person_id', '=', move.fromPersonId)
          .execute();
        await audit(trx, now, 'directory.identity.moved', personId, { platform, platformUserId, fromPersonId: move.fromPersonId, toPersonId: personId });
        identitiesMoved += 1;
      }
      const linked = await trx
        .insertInto('chat_identity')
        .values({
          person_id: personId,
          platform,
          platform_user_id: platformUserId,
          direct_conversation_id: null,
          conversation_reference: null,
          updated_at: now,
        })
        // Never takes a chat id from someone else: only a checked move above does that.
        .onConflict((conflict) =>
          conflict.columns(['platform', 'platform_user_id']).doUpdateSet({ updated_at: now }).where('chat_identity.person_id', '=', personId),
        )
        .returning('person_id')
        .executeTakeFirst();
      if (!linked) throw new IdentityTakenMeanwhile(platformUserId);
    }
  }
  return { ok: true, created, updated, unchanged, identitiesMoved };
}

async function audit(trx: Transaction<Database>, now: Date, action: string, personId: string, detail: Record<string, unknown>) {
  await writeAudit(trx, { at: now, actorId: null, action: action, objectType: 'person', objectId: personId, detail: { by: 'directory import', ...detail } });
}

async function auditRefusal(db: Kysely<Database>, now: Date, problems: RowProblem[], refusedMoves: IdentityMove[]) {
  await writeAudit(db, {
    at: now,
    actorId: null,
    action: 'directory.refused',
    objectType: 'organisation',
    objectId: ORGANISATION_ID,
    // Lines and fields only: a problem's message may quote the file (names, emails).
    detail: {
      by: 'directory import',
      problemCount: problems.length,
      problems: problems.slice(0, AUDITED_PROBLEMS).map(({ line, field }) => ({ line, field })),
      ...(refusedMoves.length > 0
        ? { refusedMoves: refusedMoves.map(({ platform, platformUserId, fromPersonId }) => ({ platform, platformUserId, fromPersonId })) }
        : {}),
    },
  });
}

/** One text for the same history, whatever order the file's columns came in. */
function sortedKeys(values: Partial<Record<string, string>>): Partial<Record<string, string>> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}
