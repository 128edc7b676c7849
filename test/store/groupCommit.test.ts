// Group commit: a write with nothing in flight goes at once, alone; writes that arrive while a batch
// is in flight go together after it; a failed batch is tried again write by write, so each caller gets
// its own answer. The writer here is a stand-in that records its batches and fails where told.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/store/groupCommit.js';
import type { Database } from '../../src/store/schema.js';

/** A writer whose batches wait until released, answering each item doubled, and failing any batch holding a 'bad' item. */
function heldWriter() {
  const batches: string[][] = [];
  const held: (() => void)[] = [];
  const write = async (_db: Kysely<Database>, items: readonly string[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => held.push(resolve));
    if (items.includes('bad')) throw new Error('the database refused a bad item');
    return items.map((item) => item + item);
  };
  /** Lets every batch in flight finish, and lets the ones that follow start. */
  const release = async () => {
    for (const resolve of held.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { write, batches, release };
}

const store = (name: string) => ({ name }) as unknown as Kysely<Database>;

describe('group commit', () => {
  it('sends a write at once when nothing is in flight, and the writes that arrive meanwhile together after it', async () => {
    const { write, batches, release } = heldWriter();
    const commit = groupCommit(write);
    const db = store('one');
    const first = commit(db, 'a');
    expect(batches).toEqual([['a']]);
    const later = ['b', 'c', 'd'].map((item) => commit(db, item));
    expect(batches).toEqual([['a']]);
    await release();
    expect(await first).toBe('aa');
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    await release();
    expect(await Promise.all(later)).toEqual(['bb', 'cc', 'dd']);
  });

  it('keeps each store to its own batches, and no batch larger than the largest allowed', async () => {
    const { write, batches, release } = heldWriter();
    const commit = groupCommit(write, { largest: 2 });
    const [one, two] = [store('one'), store('two')];
    const answers = [commit(one, 'a'), commit(two, 'x'), commit(one, 'b'), commit(one, 'c'), commit(one, 'd')];
    expect(batches).toEqual([['a'], ['x']]);
    await release();
    expect(batches).toEqual([['a'], ['x'], ['b', 'c']]);
    await release();
    await release();
    expect(batches).toEqual([['a'], ['x'], ['b', 'c'], ['d']]);
    expect(await Promise.all(answers)).toEqual(['aa', 'xx', 'bb', 'cc', 'dd']);
  });

  it('tries each write of a failed batch again alone: the others are written, the bad one alone fails', async () => {
    const { write, batches, release } = heldWriter();
    const commit = groupCommit(write);
    const db = store('one');
    const first = commit(db, 'a');
    const later = ['b', 'bad', 'c'].map((item) => commit(db, item).catch((error: Error) => `failed: ${error.message}`));
    await release();
    await release();
    expect(batches).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
    await release();
    expect(await first).toBe('aa');
    expect(await Promise.all(later)).toEqual(['bb', 'failed: the database refused a bad item', 'cc']);
  });

  it('refuses a writer that answers for fewer writes than it was given, rather than leave a caller waiting', async () => {
    const commit = groupCommit(async (_db: Kysely<Database>, items: readonly string[]) => items.slice(1));
    await expect(commit(store('one'), 'a')).rejects.toThrow('a group commit answered 0 outcomes for 1 writes');
  });
});
