// Group commit: writes from requests in flight at the same time, committed together in one statement.
// A write that finds no batch in flight goes at once, alone, so a quiet bot waits for nothing; while a
// batch is in flight, the writes that arrive meanwhile wait for it and then go together. One statement
// for many writes costs PostgreSQL a fraction of one each (a bind, an executor start, a commit and its
// WAL flush, a round trip), which is what decides how fast a busy bot answers (docs/benchmarks.md).
//
// A batch is one statement, so it commits whole or not at all. When it fails, each of its writes is
// tried again alone, so one bad write never fails the others and each caller gets its own answer.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface GroupCommitOptions {
  /** Batches in flight at once (per store): more spreads the writes thinner, each batch paying its own commit. */
  inFlight?: number;
  /** The most writes in one statement. */
  largest?: number;
}

/** Writes the items in one statement; answers each item's outcome, in the items' order. */
export type WriteTogether<Item, Outcome> = (db: Kysely<Database>, items: readonly Item[]) => Promise<readonly Outcome[]>;

interface Waiting<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

class Batches<Item, Outcome> {
  private waiting: Waiting<Item, Outcome>[] = [];
  private running = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: WriteTogether<Item, Outcome>,
    private readonly inFlight: number,
    private readonly largest: number,
  ) {}

  submit(item: Item): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.inFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.largest);
      this.running += 1;
      void this.run(batch).finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }

  private async run(batch: Waiting<Item, Outcome>[]): Promise<void> {
    try {
      const outcomes = await this.writeChecked(batch.map((each) => each.item));
      batch.forEach((each, index) => each.resolve(outcomes[index]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // Nothing of the batch was written: each goes again alone, and gets its own outcome or error.
      await Promise.all(
        batch.map(async (each) => {
          try {
            each.resolve((await this.writeChecked([each.item]))[0]!);
          } catch (alone) {
            each.reject(alone);
          }
        }),
      );
    }
  }

  private async writeChecked(items: Item[]): Promise<readonly Outcome[]> {
    const outcomes = await this.write(this.db, items);
    if (outcomes.length !== items.length) throw new Error(`a group commit answered ${outcomes.length} outcomes for ${items.length} writes`);
    return outcomes;
  }
}

/** A write that joins the others in flight on the same store: one queue per Kysely instance. */
export function groupCommit<Item, Outcome>(
  write: WriteTogether<Item, Outcome>,
  { inFlight = 1, largest = 100 }: GroupCommitOptions = {},
): (db: Kysely<Database>, item: Item) => Promise<Outcome> {
  const queues = new WeakMap<Kysely<Database>, Batches<Item, Outcome>>();
  return (db, item) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = new Batches(db, write, inFlight, largest);
      queues.set(db, queue);
    }
    return queue.submit(item);
  };
}
