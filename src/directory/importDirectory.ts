// `supervision-bot directory import FILE`: upserts people, teams, supervision relationships and chat
// identities in one transaction. Any bad row means nothing changes, and every bad row is reported.
import { randomUUID } from 'node:crypto';
import { writeAudit } from '../store/audit.js';
import type { Kysely, Transaction } from 'kysely';
import type { PolicyPack } from '../domain/policy/schema.js';
import { ensureOrganisation } from '../store/organisation.js';
import type { Database } from '../store/schema.js';
import { parseDirectoryFile } from './parseFile.js';
import { checkDirectoryRows, type DirectoryRow, type RowProblem } from './rows.js';

export type ImportResult = { ok: true; created: number; updated: number; unchanged: number } | { ok: false; problems: RowProblem[] };

export async function importDirectory(input: {
  db: Kysely<Database>;
  pack: PolicyPack;
  fileName: string;
  text: string;
  now: Date;
  dryRun?: boolean;
}): Promise<ImportResult> {
  const parsed = parseDirectoryFile(input.fileName, input.text);
  if (!parsed.ok) return parsed;
  if (parsed.rows.length === 0) return { ok: false, problems: [{ message: 'has no people in it' }] };
  const organisationId = await ensureOrganisation(input.db, input.pack);
  const existing = await input.db.selectFrom('person').select('email').where('organisation_id', '=', organisationId).execute();
  const checked = checkDirectoryRows(parsed.rows, input.pack, new Set(existing.map((person) => person.email)));
  if (!checked.ok) return checked;
  if (input.dryRun) {
    const known = new Set(existing.map((person) => person.email));
    const created = checked.rows.filter((row) => !known.has(row.email)).length;
    return { ok: true, created, updated: checked.rows.length - created, unchanged: 0 };
  }
  return input.db.transaction().execute((trx) => write(trx, organisationId, checked.rows, input.now));
}

async function write(trx: Transaction<Database>, organisationId: string, rows: DirectoryRow[], now: Date): Promise<ImportResult> {
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
  const personIds = new Map<string, string>();
  for (const row of rows) {
    const values = {
      display_name: row.name,
      role: row.role,
      team_id: row.team ? teamIds.get(row.team)! : null,
      cohort: row.cohort ?? null,
      start_date: row.start_date ?? null,
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
    for (const [platform, platformUserId] of [
      ['slack', row.slack_user_id],
      ['teams', row.teams_aad_object_id],
    ] as const) {
      if (!platformUserId) continue;
      await trx
        .deleteFrom('chat_identity')
        .where('person_id', '=', personId)
        .where('platform', '=', platform)
        .where('platform_user_id', '<>', platformUserId)
        .execute();
      await trx
        .insertInto('chat_identity')
        .values({
          person_id: personId,
          platform,
          platform_user_id: platformUserId,
          direct_conversation_id: null,
          conversation_reference: null,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.columns(['platform', 'platform_user_id']).doUpdateSet({ person_id: personId, updated_at: now }))
        .execute();
    }
  }
  return { ok: true, created, updated, unchanged };
}

async function audit(trx: Transaction<Database>, now: Date, action: string, personId: string, detail: Record<string, unknown>) {
  await writeAudit(trx, { at: now, actorId: null, action: action, objectType: 'person', objectId: personId, detail: { by: 'directory import', ...detail } });
}
