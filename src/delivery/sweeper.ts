// The sweeper runs every minute in every replica. It asks each provider (escalations, reminders, ...)
// what is due, and applies each due item at most once: the item's key is claimed in the same
// transaction as the outbox rows and state changes it makes, so two replicas never both apply it and a
// crash before commit leaves it to the next sweep, never lost.
//
// Items are applied in batches: one transaction claims a batch's keys with one insert, applies the ones
// it claimed (set-based, where the provider can) and commits once. When a batch fails, it is rolled back
// whole and its items are applied again one per transaction, so a bad item fails alone and the rest go.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
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
  /**
   * Whether due() can find anything at `now`, as SQL: `exists` over due()'s own query. The sweeper asks
   * every provider's in one query and skips due() where it is false, so a minute with nothing due costs
   * one query, not one a provider. Without it, due() is asked every sweep.
   */
  anyDue?(db: Kysely<Database>, now: Date): RawBuilder<boolean>;
  /**
   * Applies many of its due items (as listed by due(), keys claimed) inside the claiming transaction,
   * with the effect of applying each in turn but set-based: one query for what they all need. Without
   * it, a batch's items are applied one after another in the batch's transaction.
   */
  applyMany?(trx: Transaction<Database>, items: DueItem[], now: Date): Promise<void>;
}

export interface SweeperOptions {
  /** Due items claimed and applied in one transaction; 1 applies each in its own. */
  batchSize?: number;
}

/** Some hundreds of messages a commit: the commits mostly gone, a transaction still short. */
export const SWEEP_BATCH_SIZE = 200;

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
    private readonly options: SweeperOptions = {},
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const now = this.clock.now();
    const result: SweepResult = { applied: 0, skipped: 0, failed: [] };
    const nothingDue = await this.nothingDue(now);
    for (const provider of this.providers) {
      if (nothingDue.has(provider)) continue;
      const items = await provider.due(this.db, now);
      const known = await claimedKeys(
        this.db,
        items.map((item) => item.key),
      );
      const done: string[] = [];
      const fresh = items.filter((item) => {
        if (!known.has(item.key)) return true;
        result.skipped += 1;
        done.push(item.key);
        return false;
      });
      const size = Math.max(1, this.options.batchSize ?? SWEEP_BATCH_SIZE);
      for (let start = 0; start < fresh.length; start += size) {
        const batch = fresh.slice(start, start + size);
        if (batch.length > 1 && (await this.applyBatch(provider, batch, now, result))) done.push(...batch.map((item) => item.key));
        else for (const item of batch) if (await this.applyOne(provider, item, now, result)) done.push(item.key);
      }
      provider.settled?.(done);
    }
    if (result.applied > 0 || result.failed.length > 0) this.logger.info({ applied: result.applied, failed: result.failed.length }, 'sweep');
    return result;
  }

  /** One transaction for the batch: false, with nothing applied, when it failed (the caller then goes one by one). */
  private async applyBatch(provider: DueProvider, batch: DueItem[], now: Date, result: SweepResult): Promise<boolean> {
    try {
      const applied = await this.db.transaction().execute(async (trx) => {
        const claimed = await claimKeys(
          trx,
          batch.map((item) => item.key),
          now,
        );
        // The first item listed under each claimed key, and only that one, is applied.
        const mine = batch.filter((item) => claimed.delete(item.key));
        if (provider.applyMany) await provider.applyMany(trx, mine, now);
        else for (const item of mine) await item.apply(trx, now);
        return mine.length;
      });
      result.applied += applied;
      result.skipped += batch.length - applied;
      return true;
    } catch {
      // Rolled back, keys and all; one by one now, so only the bad item waits for the next sweep (its error is reported then).
      this.logger.warn({ provider: provider.name, items: batch.length }, 'a batch of due items failed; applying them one by one');
      return false;
    }
  }

  /** Its own transaction; true when it is done (applied now, or before). */
  private async applyOne(provider: DueProvider, item: DueItem, now: Date, result: SweepResult): Promise<boolean> {
    try {
      const applied = await this.db.transaction().execute(async (trx) => {
        if (!(await claimKeys(trx, [item.key], now)).has(item.key)) return false;
        if (provider.applyMany) await provider.applyMany(trx, [item], now);
        else await item.apply(trx, now);
        return true;
      });
      if (applied) result.applied += 1;
      else result.skipped += 1;
      return true;
    } catch (error) {
      // Rolled back, key and all: the next sweep tries again.
      result.failed.push({ key: item.key, error: errorText(error) });
      this.logger.warn({ provider: provider.name, key: item.key }, 'due item failed; the next sweep retries it');
      return false;
    }
  }

  /** The providers whose anyDue() says nothing is due: one query for all of them. */
  private async nothingDue(now: Date): Promise<Set<DueProvider>> {
    const asked = this.providers.flatMap((provider) => (provider.anyDue ? [{ provider, anyDue: provider.anyDue(this.db, now) }] : []));
    if (asked.length === 0) return new Set();
    const { rows } = await sql<
      Record<string, boolean>
    >`select ${sql.join(asked.map(({ anyDue }, index) => sql`${anyDue} as ${sql.ref(`due_${index}`)}`))}`.execute(this.db);
    return new Set(asked.filter((_, index) => !rows[0]?.[`due_${index}`]).map(({ provider }) => provider));
  }

  start(intervalMs: number): void {
    this.repeating ??= repeat(
      () => this.sweepOnce(),
      intervalMs,
      (error) => this.logger.warn({ code: (error as { code?: unknown }).code, error: (error as Error).name }, 'sweep failed; the next runs as usual'),
    );
  }

  async stop(): Promise<void> {
    await this.repeating?.stop();
    this.repeating = undefined;
  }
}

/** Which of these once-keys are claimed already: applied, here or by another replica. */
export async function claimedKeys(db: Kysely<Database>, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < keys.length; start += 10_000) {
    const rows = await db
      .selectFrom('once_key')
      .select('key')
      .where('key', '=', sql<string>`any(${keys.slice(start, start + 10_000)}::text[])`)
      .execute();
    for (const row of rows) found.add(row.key);
  }
  return found;
}

/** Claims once-keys with one insert: the ones claimed now (not before, nor by another replica). */
export async function claimKeys(trx: Transaction<Database>, keys: readonly string[], now: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // In order, so replicas claiming overlapping batches take their locks in the same order.
  const { rows } = await sql<{ key: string }>`
    insert into once_key (key, claimed_at) select unnest(${[...new Set(keys)].sort()}::text[]), ${now}
    on conflict (key) do nothing returning key`.execute(trx);
  return new Set(rows.map((row) => row.key));
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
