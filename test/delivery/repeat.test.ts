import { describe, expect, it } from 'vitest';
import { repeat } from '../../src/delivery/repeat.js';

describe('repeat', () => {
  it('runs at once, again after each interval, never twice at once, and not after stop; a failed round is reported', async () => {
    let running = 0;
    let overlap = false;
    let runs = 0;
    const failures: unknown[] = [];
    const repeating = repeat(
      async () => {
        running += 1;
        if (running > 1) overlap = true;
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        if (runs === 2) throw new Error('a failed round does not stop the next');
      },
      1,
      (error) => failures.push(error),
    );
    while (runs < 4) await new Promise((resolve) => setTimeout(resolve, 2));
    await repeating.stop();
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(stoppedAt);
    expect(overlap).toBe(false);
    expect(failures).toEqual([new Error('a failed round does not stop the next')]);
  });
});
