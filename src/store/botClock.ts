// How far the playground moved the bot's clock on from real time, kept across restarts.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const PLAYGROUND = 'playground';

export async function loadClockOffset(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('bot_clock').select('offset_ms').where('name', '=', PLAYGROUND).executeTakeFirst();
  return row ? Number(row.offset_ms) : 0;
}

export async function saveClockOffset(db: Kysely<Database>, offsetMs: number, at: Date): Promise<void> {
  await db
    .insertInto('bot_clock')
    .values({ name: PLAYGROUND, offset_ms: String(offsetMs), updated_at: at })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ offset_ms: String(offsetMs), updated_at: at }))
    .execute();
}
