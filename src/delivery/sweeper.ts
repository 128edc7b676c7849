// The sweeper runs every minute in every replica. It asks each provider (escalations, reminders, ...)
// what is due, and applies each due item at most once: the item's key is claimed in the same
// transaction as the outbox rows and state changes it makes, so two replicas never both apply it and a
// crash before commit leaves it to the next sweep, never lost.
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../ports/clock.js';
import { repeat, type Repeating } from './repeat.js';
import { silentLogger, type Logger } from '../ports/logger.js';
import type { Database } from '../store/schema.js';

export interface DueItem {
  /** Unique for the side effect, e.g. "escalate:<trigger id>:level:2". */
  key: string;
  /** Makes the change and queues its messages, inside the claiming transaction. */
  apply(trx: Transaction<Database>, now: Date): Promise<void>;
}

export interface DueProvider {
  name: string;
  /** What is due at `now`; items already applied may be listed again: their keys are skipped. */
  due(db: Kysely<Database>, now: Date): Promise<DueItem[]>;
  /** Told, after a sweep, the keys that are done (applied now, or before, or by another replica), so it need not list them again. */
  settled?(keys: string[]): void;
}

export interface SweepResult {
  applied: number;
  skipped: number;
  failed: { key: string; error: string }[];
}

export class Sweeper {
  private repeating: Repeating | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly providers: DueProvider[],
    private readonly logger: Logger = silentLogger,
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { applied: 0, skipped: 0, failed: [] };
    for (const provider of this.providers) {
      const items = await provider.due(this.db, now);
      const known = await this.alreadyApplied(items.map((item) => item.key));
      const done: string[] = [];
      for (const item of items) {
        if (known.has(item.key)) {
          result.skipped += 1;
          done.push(item.key);
          continue;
        }
        try {
          const applied = await this.db.transaction().execute(async (trx) => {
            const claimed = await trx
              .insertInto('once_key')
              .values({ key: item.key, claimed_at: now })
              .onConflict((conflict) => conflict.column('key').doNothing())
              .returning('key')
              .executeTakeFirst();
            if (!claimed) return false;
            await item.apply(trx, now);
            return true;
          });
          if (applied) result.applied += 1;
          else result.skipped += 1;
          done.push(item.key);
        } catch (error) {
          // Rolled back, key and all: the next sweep tries again.
          result.failed.push({ key: item.key, error: error instanceof Error ? error.message : String(error) });
          this.logger.warn({ provider: provider.name, key: item.key }, 'due item failed; the next sweep retries it');
        }
      }
      provider.settled?.(done);
    }
    if (result.applied > 0 || result.failed.length > 0) this.logger.info({ applied: result.applied, failed: result.failed.length }, 'sweep');
    return result;
  }

  start(intervalMs: number): void {
    this.repeating ??= repeat(() => this.sweepOnce(), intervalMs);
  }

  async stop(): Promise<void> {
    await this.repeating?.stop();
    this.repeating = undefined;
  }

  private async alreadyApplied(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < keys.length; start += 1_000) {
      const chunk = keys.slice(start, start + 1_000);
      if (chunk.length === 0) continue;
      const rows = await this.db.selectFrom('once_key').select('key').where('key', 'in', chunk).execute();
      for (const row of rows) found.add(row.key);
    }
    return found;
  }
}
