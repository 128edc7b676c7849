import { describe, expect, it } from 'vitest';
import { ConversationRateLimiter } from '../../src/delivery/rateLimiter.js';

function limiterWithFakeTime() {
  let now = 0;
  const slept: number[] = [];
  const limiter = new ConversationRateLimiter(
    undefined,
    () => now,
    async (ms) => {
      slept.push(Math.round(ms));
      now += ms;
    },
  );
  return { limiter, slept, advance: (ms: number) => (now += ms) };
}

describe('per-conversation rate limits', () => {
  it('spaces Slack messages to one channel a second apart, and leaves other channels alone', async () => {
    const { limiter, slept } = limiterWithFakeTime();
    await limiter.wait('slack', 'C1');
    await limiter.wait('slack', 'C2');
    await limiter.wait('slack', 'C1');
    await limiter.wait('slack', 'C1');
    expect(slept).toEqual([1_000, 1_000]);
  });

  it('lets Teams send 7 a second to one conversation', async () => {
    const { limiter, slept } = limiterWithFakeTime();
    for (let index = 0; index < 8; index += 1) await limiter.wait('teams', 'a:1');
    expect(slept).toHaveLength(7);
    expect(slept.every((ms) => ms === 143)).toBe(true);
  });

  it('does not wait when the conversation has been quiet', async () => {
    const { limiter, slept, advance } = limiterWithFakeTime();
    await limiter.wait('slack', 'C1');
    advance(5_000);
    await limiter.wait('slack', 'C1');
    expect(slept).toEqual([]);
  });
});
