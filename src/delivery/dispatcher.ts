// The dispatcher: claims ready outbox rows (FOR UPDATE SKIP LOCKED, so replicas never share one),
// sends them through the Messenger port, and retries with exponential back-off and jitter. A claim is
// a lease: if this process dies between claim and send, another dispatcher takes the row once the
// lease has run out. After the last attempt the row is marked failed and the admins are told.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Clock } from '../ports/clock.js';
import { repeat, type Repeating } from './repeat.js';
import { silentLogger, type Logger } from '../ports/logger.js';
import type { Database, OutboxTable } from '../store/schema.js';
import type { Messenger, SendResult } from './messenger.js';
import { ConversationRateLimiter } from './rateLimiter.js';

export type OutboxRow = Selectable<OutboxTable>;

export interface DispatcherOptions {
  db: Kysely<Database>;
  messenger: Messenger;
  clock: Clock;
  /** Names this dispatcher in claimed_by, for operators reading the table. */
  id: string;
  /** Only these platforms' messages: a platform whose channel is not mounted keeps its messages waiting. */
  platforms?: string[];
  batchSize?: number;
  /** How long a claim lasts; longer than any send can take. */
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1; injected so tests can fix the jitter. */
  random?: () => number;
  limiter?: ConversationRateLimiter;
  /** Queues the notice to the admins when a message has failed for good, in the same transaction. */
  onFailed?: (trx: Transaction<Database>, row: OutboxRow, now: Date) => Promise<void>;
  logger?: Logger;
  /** Called after a row is claimed and before it is sent; tests use it to simulate a crash there. */
  afterClaim?: (row: OutboxRow) => void | Promise<void>;
}

export class Dispatcher {
  private readonly options: Required<Omit<DispatcherOptions, 'onFailed' | 'afterClaim' | 'platforms'>> &
    Pick<DispatcherOptions, 'onFailed' | 'afterClaim' | 'platforms'>;
  private repeating: Repeating | undefined;

  constructor(options: DispatcherOptions) {
    this.options = {
      batchSize: 50,
      leaseMs: 5 * 60_000,
      maxAttempts: 8,
      baseDelayMs: 2_000,
      maxDelayMs: 30 * 60_000,
      random: Math.random,
      limiter: new ConversationRateLimiter(),
      logger: silentLogger,
      ...options,
    };
  }

  /** Claims and sends one batch; returns how many rows it handled. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    for (const row of rows) {
      await this.options.afterClaim?.(row);
      await this.options.limiter.wait(row.platform, row.conversation);
      let result: SendResult;
      try {
        result = await this.options.messenger.send({
          idempotencyKey: row.idempotency_key,
          platform: row.platform,
          conversation: row.conversation,
          payload: row.payload,
        });
      } catch (error) {
        result = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      await this.settle(row, result);
    }
    return rows.length;
  }

  /** Runs until nothing is ready. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.runOnce();
      total += handled;
      if (handled === 0) return total;
    }
  }

  start(intervalMs: number): void {
    this.repeating ??= repeat(() => this.drain(), intervalMs);
  }

  async stop(): Promise<void> {
    await this.repeating?.stop();
    this.repeating = undefined;
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = this.options.clock.now();
    const leaseEnd = new Date(now.getTime() + this.options.leaseMs);
    let ready = this.options.db
      .selectFrom('outbox')
      .select('id')
      .where((where) =>
        where.or([
          where.and([where('status', '=', 'pending'), where('next_attempt_at', '<=', now)]),
          where.and([where('status', '=', 'sending'), where('claimed_until', '<', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(this.options.batchSize)
      .forUpdate()
      .skipLocked();
    if (this.options.platforms) ready = ready.where('platform', 'in', this.options.platforms.length > 0 ? this.options.platforms : ['(none)']);
    return this.options.db
      .updateTable('outbox')
      .set({ status: 'sending', claimed_by: this.options.id, claimed_until: leaseEnd, attempts: sql`attempts + 1` })
      .where('id', 'in', ready)
      .returningAll()
      .execute()
      .then((rows) => rows.sort((a, b) => Number(a.id) - Number(b.id)));
  }

  private async settle(row: OutboxRow, result: SendResult): Promise<void> {
    const now = this.options.clock.now();
    if (result.ok) {
      await this.options.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: now, claimed_until: null, last_error: null })
        .where('id', '=', row.id)
        .where('claimed_by', '=', this.options.id)
        .execute();
      return;
    }
    if (result.permanent || row.attempts >= this.options.maxAttempts) {
      await this.options.db.transaction().execute(async (trx) => {
        const failed = await trx
          .updateTable('outbox')
          .set({ status: 'failed', claimed_until: null, last_error: result.error.slice(0, 1_000) })
          .where('id', '=', row.id)
          .where('claimed_by', '=', this.options.id)
          .where('status', '=', 'sending')
          .executeTakeFirst();
        if (Number(failed.numUpdatedRows) !== 1) return; // reclaimed by another dispatcher meanwhile
        this.options.logger.error({ outboxId: row.id, platform: row.platform, attempts: row.attempts }, 'message failed for good; admins told');
        await this.options.onFailed?.(trx, { ...row, status: 'failed', last_error: result.error }, now);
      });
      return;
    }
    await this.options.db
      .updateTable('outbox')
      .set({
        status: 'pending',
        claimed_until: null,
        last_error: result.error.slice(0, 1_000),
        next_attempt_at: new Date(now.getTime() + this.delayFor(row.attempts, result.retryAfterMs)),
      })
      .where('id', '=', row.id)
      .where('claimed_by', '=', this.options.id)
      .execute();
  }

  /** Exponential back-off with jitter; never sooner than the platform's Retry-After. */
  delayFor(attempts: number, retryAfterMs?: number): number {
    const exponential = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    const jittered = exponential / 2 + (exponential / 2) * this.options.random();
    return Math.max(jittered, retryAfterMs ?? 0);
  }
}
