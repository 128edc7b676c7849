// The dispatcher: claims ready outbox rows (FOR UPDATE SKIP LOCKED, so replicas never share one), most
// urgent first (src/delivery/priority.ts), sends several at once through the Messenger port, and retries
// with exponential back-off and jitter. A claim is a lease, held message by message: checked (renewed
// when short) before each send, so a message whose lease ran out is left to whoever reclaimed it, and a
// process that dies holds back only what it was sending, until the lease runs out. A conversation has
// one message in flight at a time, across replicas; one waiting out its rate limit is claimed after
// every other, so it waits alone. After the last attempt the row is marked failed and the admins told.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Clock } from '../ports/clock.js';
import { repeat, type Repeating } from './repeat.js';
import { silentLogger, type Logger } from '../ports/logger.js';
import type { Database, OutboxTable } from '../store/schema.js';
import type { Messenger, SendResult } from './messenger.js';
import { ConversationRateLimiter, conversationKey, type RateLimiter } from './rateLimiter.js';

export type OutboxRow = Selectable<OutboxTable>;

export interface DispatcherOptions {
  db: Kysely<Database>;
  messenger: Messenger;
  clock: Clock;
  /** Names this dispatcher in claimed_by, for operators reading the table. */
  id: string;
  /** Only these platforms' messages: a platform whose channel is not mounted keeps its messages waiting. */
  platforms?: string[];
  /** Rows claimed at most by one query. */
  batchSize?: number;
  /** Messages being sent at once: a hung send holds up one of them, never the rest. */
  concurrency?: number;
  /** How long a claim lasts; renewed before a send when less than two send timeouts of it are left. */
  leaseMs?: number;
  /** A send with no answer by then counts as failed and is retried (the messengers' own timeouts are shorter). */
  sendTimeoutMs?: number;
  /** While sends are in flight and nothing else was ready, how often to look again. */
  pollMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1; injected so tests can fix the jitter. */
  random?: () => number;
  limiter?: RateLimiter;
  /** Queues the notice to the admins when a message has failed for good, in the same transaction. */
  onFailed?: (trx: Transaction<Database>, row: OutboxRow, now: Date) => Promise<void>;
  logger?: Logger;
  /** Called after a row is claimed and before it is sent; tests use it to simulate a crash or a stall there. */
  afterClaim?: (row: OutboxRow) => void | Promise<void>;
}

/** A replica's defaults: a dying one holds back at most `concurrency` messages, for at most `leaseMs`. */
export const DISPATCH_DEFAULTS = { batchSize: 10, concurrency: 10, leaseMs: 60_000, sendTimeoutMs: 20_000, pollMs: 1_000 } as const;

export class Dispatcher {
  private readonly options: Required<Omit<DispatcherOptions, 'onFailed' | 'afterClaim' | 'platforms'>> &
    Pick<DispatcherOptions, 'onFailed' | 'afterClaim' | 'platforms'>;
  private repeating: Repeating | undefined;
  /** Set by stop(): claim nothing more, finish what is in flight. */
  private stopping = false;

  constructor(options: DispatcherOptions) {
    this.options = {
      ...DISPATCH_DEFAULTS,
      maxAttempts: 8,
      baseDelayMs: 2_000,
      maxDelayMs: 30 * 60_000,
      random: Math.random,
      limiter: new ConversationRateLimiter(),
      logger: silentLogger,
      ...options,
    };
  }

  /** Claims one batch and sends it; returns how many rows it claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim(this.options.batchSize);
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  /** Sends until nothing is ready and nothing is in flight, `concurrency` at a time; returns how many rows it claimed. */
  async drain(): Promise<number> {
    const sending = new Set<Promise<void>>();
    let claimed = 0;
    // A send that failed unexpectedly (the database gone, say): claim nothing more, let the rest finish, then throw it.
    let failure: { error: unknown } | undefined;
    for (;;) {
      const room = this.stopping || failure ? 0 : this.options.concurrency - sending.size;
      const rows = room > 0 ? await this.claim(Math.min(room, this.options.batchSize)) : [];
      for (const row of rows) {
        const task: Promise<void> = this.deliver(row)
          .catch((error: unknown) => void (failure ??= { error }))
          .finally(() => sending.delete(task));
        sending.add(task);
      }
      claimed += rows.length;
      if (rows.length > 0) continue;
      if (sending.size === 0) {
        if (failure) throw failure.error;
        return claimed;
      }
      // A send ended (its conversation may have more), or it is time to look for new messages.
      await Promise.race([...sending, pause(this.options.pollMs)]);
    }
  }

  start(intervalMs: number): void {
    this.repeating ??= repeat(
      () => this.drain(),
      intervalMs,
      (error) =>
        this.options.logger.warn({ code: (error as { code?: unknown }).code, error: (error as Error).name }, 'delivery round failed; the next runs as usual'),
    );
  }

  /** Stops claiming and waits for the sends in flight; what is still queued waits for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.repeating?.stop();
    } finally {
      this.stopping = false;
    }
    this.repeating = undefined;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    await this.options.afterClaim?.(row);
    await this.options.limiter.wait(row.platform, row.conversation);
    if (!(await this.holdLease(row))) {
      this.options.logger.warn({ outboxId: row.id, platform: row.platform }, 'lease ran out before sending; left to the dispatcher that reclaimed it');
      return;
    }
    await this.settle(row, await this.send(row));
  }

  /**
   * Rows ready now, one per conversation, none of a conversation with a message in flight. Conversations
   * waiting out their rate limit here are claimed only when nothing else is ready.
   */
  private async claim(limit: number): Promise<OutboxRow[]> {
    const cooling = this.options.limiter.cooling?.() ?? [];
    let rows = await this.claimReady(limit, cooling);
    if (rows.length === 0 && cooling.length > 0) rows = await this.claimReady(limit, []);
    return this.onePerConversation(rows);
  }

  private async claimReady(limit: number, skipping: string[]): Promise<OutboxRow[]> {
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
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('outbox as in_flight')
              .select('in_flight.id')
              .where('in_flight.status', '=', 'sending')
              .where('in_flight.claimed_until', '>=', now)
              .whereRef('in_flight.platform', '=', 'outbox.platform')
              .whereRef('in_flight.conversation', '=', 'outbox.conversation'),
          ),
        ),
      )
      .orderBy('priority')
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    if (skipping.length > 0) ready = ready.where(sql<boolean>`platform || ':' || conversation <> all(${skipping}::text[])`);
    if (this.options.platforms) ready = ready.where('platform', 'in', this.options.platforms.length > 0 ? this.options.platforms : ['(none)']);
    const rows = await this.options.db
      .updateTable('outbox')
      .set({ status: 'sending', claimed_by: this.options.id, claimed_until: leaseEnd, attempts: sql`attempts + 1` })
      .where('id', 'in', ready)
      .returningAll()
      .execute();
    return rows.sort((a, b) => a.priority - b.priority || a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || Number(a.id) - Number(b.id));
  }

  /** The first claimed of each conversation is kept; the rest go back as they were, for after it. */
  private async onePerConversation(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const seen = new Set<string>();
    const kept: OutboxRow[] = [];
    const later: string[] = [];
    for (const row of rows) {
      const key = conversationKey(row.platform, row.conversation);
      if (seen.has(key)) later.push(row.id);
      else kept.push(row);
      seen.add(key);
    }
    if (later.length > 0)
      await this.options.db
        .updateTable('outbox')
        .set({ status: 'pending', claimed_until: null, attempts: sql`attempts - 1` })
        .where('id', 'in', later)
        .where('claimed_by', '=', this.options.id)
        .where('status', '=', 'sending')
        .execute();
    return kept;
  }

  /** Whether this claim still holds, renewing the lease when too little of it is left for a send. */
  private async holdLease(row: OutboxRow): Promise<boolean> {
    const now = this.options.clock.now();
    if (row.claimed_until && row.claimed_until.getTime() - now.getTime() > 2 * this.options.sendTimeoutMs) return true;
    const claimedUntil = new Date(now.getTime() + this.options.leaseMs);
    const renewed = await this.options.db.updateTable('outbox').set({ claimed_until: claimedUntil }).where(this.stillMine(row)).executeTakeFirst();
    if (Number(renewed.numUpdatedRows) !== 1) return false; // reclaimed by another dispatcher meanwhile
    row.claimed_until = claimedUntil;
    return true;
  }

  /** This claim of the row, and no later one (each claim counts an attempt), whoever made that. */
  private stillMine(row: OutboxRow) {
    return sql<boolean>`id = ${row.id} and status = 'sending' and claimed_by = ${this.options.id} and attempts = ${row.attempts}`;
  }

  /** The messenger's answer, or a failure to retry when it has none within the send timeout. */
  private async send(row: OutboxRow): Promise<SendResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SendResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${this.options.sendTimeoutMs} ms (timed out)` }), this.options.sendTimeoutMs);
      timer.unref();
    });
    try {
      const sending = this.options.messenger.send({
        idempotencyKey: row.idempotency_key,
        platform: row.platform,
        conversation: row.conversation,
        payload: row.payload,
      });
      return await Promise.race([sending, timeout]);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async settle(row: OutboxRow, result: SendResult): Promise<void> {
    const now = this.options.clock.now();
    if (result.ok) {
      await this.options.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: now, claimed_until: null, last_error: null })
        .where(this.stillMine(row))
        .execute();
      return;
    }
    if (result.permanent || row.attempts >= this.options.maxAttempts) {
      await this.options.db.transaction().execute(async (trx) => {
        const failed = await trx
          .updateTable('outbox')
          .set({ status: 'failed', claimed_until: null, last_error: result.error.slice(0, 1_000) })
          .where(this.stillMine(row))
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
      .where(this.stillMine(row))
      .execute();
  }

  /** Exponential back-off with jitter; never sooner than the platform's Retry-After. */
  delayFor(attempts: number, retryAfterMs?: number): number {
    const exponential = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    const jittered = exponential / 2 + (exponential / 2) * this.options.random();
    return Math.max(jittered, retryAfterMs ?? 0);
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
