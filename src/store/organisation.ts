// One deployment serves one organisation; its row records which policy pack is in force.
import type { Kysely } from 'kysely';
import type { PolicyPack } from '../domain/policy/schema.js';
import type { Database } from './schema.js';

export const ORGANISATION_ID = 'default';

export async function ensureOrganisation(db: Kysely<Database>, pack: PolicyPack): Promise<string> {
  await db
    .insertInto('organisation')
    .values({ id: ORGANISATION_ID, name: pack.organisation, policy_id: pack.id })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ name: pack.organisation, policy_id: pack.id }))
    .execute();
  return ORGANISATION_ID;
}
