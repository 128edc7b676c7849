// The directory as it stands before an import: who is in it, who supervises whom, and who holds the chat
// ids the file names. Read inside the import's transaction, so the checks and the writes see one state.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DirectoryRole } from '../store/schema.js';

export type ChatPlatform = 'slack' | 'teams';

export interface CurrentPerson {
  id: string;
  email: string;
  role: DirectoryRole;
  supervisorId: string | null;
  /** Whether the directory says they are a registered social worker (null: it does not say). */
  registeredSocialWorker: boolean | null;
}

export interface IdentityOwner {
  personId: string;
  email: string;
  /** As stored, which for Teams may differ in case from the file's. */
  platformUserId: string;
}

export interface CurrentDirectory {
  /** The organisation's people, by email. */
  people: ReadonlyMap<string, CurrentPerson>;
  byId: ReadonlyMap<string, CurrentPerson>;
  /** Who holds each chat id the file names, by identityKey(). */
  identities: ReadonlyMap<string, IdentityOwner>;
}

/** Entra object ids are GUIDs, the same in any case; Slack ids are upper case by their pattern. */
export function identityKey(platform: ChatPlatform, platformUserId: string): string {
  return `${platform}:${platform === 'teams' ? platformUserId.toLowerCase() : platformUserId}`;
}

export const EMPTY_DIRECTORY: CurrentDirectory = { people: new Map(), byId: new Map(), identities: new Map() };

export async function loadCurrentDirectory(
  db: Kysely<Database> | Transaction<Database>,
  organisationId: string,
  named: { platform: ChatPlatform; platformUserId: string }[],
): Promise<CurrentDirectory> {
  const rows = await db
    .selectFrom('person')
    .leftJoin('supervision_relationship', (join) =>
      join.onRef('supervision_relationship.supervisee_id', '=', 'person.id').on('supervision_relationship.ended_on', 'is', null),
    )
    .select(['person.id', 'person.email', 'person.role', 'person.registered_social_worker', 'supervision_relationship.supervisor_id'])
    .where('person.organisation_id', '=', organisationId)
    .execute();
  const people = new Map<string, CurrentPerson>();
  const byId = new Map<string, CurrentPerson>();
  for (const row of rows) {
    const person = { id: row.id, email: row.email, role: row.role, supervisorId: row.supervisor_id, registeredSocialWorker: row.registered_social_worker };
    people.set(person.email, person);
    byId.set(person.id, person);
  }

  const identities = new Map<string, IdentityOwner>();
  const slackIds = named.filter((entry) => entry.platform === 'slack').map((entry) => entry.platformUserId);
  const teamsIds = named.filter((entry) => entry.platform === 'teams').map((entry) => entry.platformUserId.toLowerCase());
  if (slackIds.length + teamsIds.length > 0) {
    // Any organisation's: the chat id is unique across the table, so its holder may be anyone's.
    const owners = await db
      .selectFrom('chat_identity')
      .innerJoin('person', 'person.id', 'chat_identity.person_id')
      .select(['chat_identity.platform', 'chat_identity.platform_user_id', 'person.id', 'person.email'])
      .where((where) =>
        where.or([
          ...(slackIds.length > 0 ? [where.and([where('chat_identity.platform', '=', 'slack'), where('chat_identity.platform_user_id', 'in', slackIds)])] : []),
          ...(teamsIds.length > 0
            ? [where.and([where('chat_identity.platform', '=', 'teams'), where(sql<string>`lower(chat_identity.platform_user_id)`, 'in', teamsIds)])]
            : []),
        ]),
      )
      .execute();
    for (const owner of owners) {
      identities.set(identityKey(owner.platform as ChatPlatform, owner.platform_user_id), {
        personId: owner.id,
        email: owner.email,
        platformUserId: owner.platform_user_id,
      });
    }
  }
  return { people, byId, identities };
}
