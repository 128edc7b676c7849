// Messages to a person, through the outbox, on the platform where the bot can reach them: Teams when
// the bot holds their conversation reference, else Slack (a Slack user id is a conversation).
import type { Kysely, Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import { enqueue, type QueuedMessage } from '../delivery/outbox.js';
import type { Database } from '../store/schema.js';

export interface Notice {
  personId: string;
  view: View;
  text: string;
  key: string;
  now: Date;
}

/** Where the bot can reach a person, or undefined when it cannot reach them at all. */
export async function deliveryTarget(
  db: Kysely<Database> | Transaction<Database>,
  personId: string,
): Promise<Pick<QueuedMessage, 'platform' | 'conversation'> | undefined> {
  const identities = await db
    .selectFrom('chat_identity')
    .select(['platform', 'platform_user_id', 'direct_conversation_id', 'conversation_reference'])
    .where('person_id', '=', personId)
    .execute();
  return targetAmong(identities);
}

/** deliveryTarget() for many people with one query (a sweep's batch): those the bot cannot reach are left out. */
export async function deliveryTargets(
  db: Kysely<Database> | Transaction<Database>,
  personIds: readonly string[],
): Promise<Map<string, Pick<QueuedMessage, 'platform' | 'conversation'>>> {
  const targets = new Map<string, Pick<QueuedMessage, 'platform' | 'conversation'>>();
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return targets;
  const identities = await db
    .selectFrom('chat_identity')
    .select(['person_id', 'platform', 'platform_user_id', 'direct_conversation_id', 'conversation_reference'])
    .where('person_id', 'in', unique)
    .execute();
  const byPerson = new Map<string, Identity[]>();
  for (const identity of identities) byPerson.set(identity.person_id, [...(byPerson.get(identity.person_id) ?? []), identity]);
  for (const [personId, theirs] of byPerson) {
    const target = targetAmong(theirs);
    if (target) targets.set(personId, target);
  }
  return targets;
}

type Identity = { platform: string; platform_user_id: string; direct_conversation_id: string | null; conversation_reference: unknown };

function targetAmong(identities: Identity[]): Pick<QueuedMessage, 'platform' | 'conversation'> | undefined {
  const teams = identities.find((identity) => identity.platform === 'teams' && identity.conversation_reference && identity.direct_conversation_id);
  const slack = identities.find((identity) => identity.platform === 'slack');
  return teams
    ? { platform: 'teams', conversation: teams.direct_conversation_id! }
    : slack
      ? { platform: 'slack', conversation: slack.direct_conversation_id ?? slack.platform_user_id }
      : undefined;
}

/** The outbox message for a notice to a target found by deliveryTarget(). */
export function noticeMessage(target: Pick<QueuedMessage, 'platform' | 'conversation'>, notice: Notice): QueuedMessage {
  return { idempotencyKey: notice.key, ...target, payload: { text: notice.text, view: notice.view } };
}

export async function notifyPerson(trx: Transaction<Database>, input: Notice): Promise<boolean> {
  const target = await deliveryTarget(trx, input.personId);
  if (!target) return false;
  await enqueue(trx, noticeMessage(target, input), input.now);
  return true;
}
