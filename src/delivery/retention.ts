// What the outbox keeps of a message once it is done: its key, where it went and when, never its words
// for longer than a month. The record, the request and the audit log are what is kept; a message is a
// copy of what they say, and a copy in a queue is one more place a reviewer would have to find it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { DueProvider } from './sweeper.js';

/** Days a sent or failed message's content is kept: long enough to look into a delivery complaint. */
export const MESSAGE_CONTENT_DAYS = 30;

/** The payload a message keeps once its content is forgotten. */
export const FORGOTTEN = { forgotten: true } as const;

/** Empties the content of messages sent, or given up on, more than MESSAGE_CONTENT_DAYS ago; returns how many. */
export async function forgetOldMessageContent(db: Kysely<Database>, now: Date): Promise<number> {
  const before = new Date(now.getTime() - MESSAGE_CONTENT_DAYS * 86_400_000);
  const result = await db
    .updateTable('outbox')
    .set({ payload: JSON.stringify(FORGOTTEN) })
    .where('status', 'in', ['sent', 'failed'])
    .where((where) => where(sql`coalesce(sent_at, created_at)`, '<', before))
    .where(sql<boolean>`payload <> ${JSON.stringify(FORGOTTEN)}::jsonb`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Once a day (keyed, so once across replicas), the outbox forgets old messages' content. */
export function messageRetentionProvider(): DueProvider {
  // The day's key once settled (applied here, or by another replica): not listed again that day, so a quiet minute asks nothing of the database for it.
  let settledKey: string | undefined;
  return {
    name: 'message content retention',
    async due(_db, now) {
      const key = `retention:outbox:${now.toISOString().slice(0, 10)}`;
      if (key === settledKey) return [];
      return [{ key, apply: async (trx, at) => void (await forgetOldMessageContent(trx, at)) }];
    },
    settled(keys) {
      settledKey = keys.find((key) => key.startsWith('retention:outbox:')) ?? settledKey;
    },
  };
}
