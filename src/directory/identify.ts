// Who is this chat user? A known chat identity answers at once; otherwise the platform's email for
// the user (Slack users.info, Teams TeamsInfo.getMember) links them to their directory entry. An
// unknown person is told to ask their administrator, and nothing about them is stored.
import type { Kysely, Selectable } from 'kysely';
import type { DirectoryCache } from '../store/directoryCache.js';
import type { Database, PersonTable } from '../store/schema.js';

export type Platform = 'slack' | 'teams' | 'playground';

export type Identified =
  { known: true; person: Selectable<PersonTable>; linkedNow: boolean; directConversationId: string | null } | { known: false; message: string };

interface KnownIdentity {
  person: Selectable<PersonTable>;
  directConversationId: string | null;
}

export const UNKNOWN_PERSON_MESSAGE =
  "I don't know you yet, so I can't help with supervision. Please ask your administrator to add you to the supervision directory.";

export async function identify(input: {
  db: Kysely<Database>;
  platform: Platform;
  platformUserId: string;
  /** Asks the platform for the user's email; called only when the user is not yet linked. */
  lookupEmail: () => Promise<string | undefined>;
  now: Date;
  /** The store's directory cache: a known chat user is answered from it without a query. */
  cache?: DirectoryCache;
}): Promise<Identified> {
  const key = `identity:${input.platform}:${input.platformUserId}`;
  const cached = input.cache?.get<KnownIdentity>(key);
  if (cached) return { known: true, person: cached.person, linkedNow: false, directConversationId: cached.directConversationId };
  const lookup = input.cache?.begin();
  const linked = await input.db
    .selectFrom('chat_identity')
    .innerJoin('person', 'person.id', 'chat_identity.person_id')
    .selectAll('person')
    .select('chat_identity.direct_conversation_id')
    .where('chat_identity.platform', '=', input.platform)
    .where('chat_identity.platform_user_id', '=', input.platformUserId)
    .executeTakeFirst();
  if (linked) {
    const { direct_conversation_id: directConversationId, ...person } = linked;
    // Shared by every request that follows: frozen, so none can change it for the others.
    if (lookup) input.cache?.keep<KnownIdentity>(key, lookup, { person: Object.freeze(person), directConversationId });
    return { known: true, person, linkedNow: false, directConversationId };
  }

  const email = (await input.lookupEmail())?.trim().toLowerCase();
  if (!email) return { known: false, message: UNKNOWN_PERSON_MESSAGE };
  const person = await input.db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirst();
  if (!person) return { known: false, message: UNKNOWN_PERSON_MESSAGE };
  await input.db
    .insertInto('chat_identity')
    .values({
      person_id: person.id,
      platform: input.platform,
      platform_user_id: input.platformUserId,
      direct_conversation_id: null,
      conversation_reference: null,
      updated_at: input.now,
    })
    .onConflict((conflict) => conflict.columns(['person_id', 'platform']).doUpdateSet({ platform_user_id: input.platformUserId, updated_at: input.now }))
    .execute();
  return { known: true, person, linkedNow: true, directConversationId: null };
}
