// Messages to a person, through the outbox, on the platform where the bot can reach them: Teams when
// the bot holds their conversation reference, else Slack (a Slack user id is a conversation).
import type { Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import { enqueue } from '../delivery/outbox.js';
import type { Database } from '../store/schema.js';

export async function notifyPerson(
  trx: Transaction<Database>,
  input: { personId: string; view: View; text: string; key: string; now: Date },
): Promise<boolean> {
  const identities = await trx
    .selectFrom('chat_identity')
    .select(['platform', 'platform_user_id', 'direct_conversation_id', 'conversation_reference'])
    .where('person_id', '=', input.personId)
    .execute();
  const teams = identities.find((identity) => identity.platform === 'teams' && identity.conversation_reference && identity.direct_conversation_id);
  const slack = identities.find((identity) => identity.platform === 'slack');
  const target = teams
    ? { platform: 'teams', conversation: teams.direct_conversation_id! }
    : slack
      ? { platform: 'slack', conversation: slack.direct_conversation_id ?? slack.platform_user_id }
      : undefined;
  if (!target) return false;
  await enqueue(trx, { idempotencyKey: input.key, ...target, payload: { text: input.text, view: input.view } }, input.now);
  return true;
}
