// A message Slack can never show is given up at once (and the admins told), not tried eight times.
import { describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../src/channels/slack/messenger.js';

describe('the Slack messenger', () => {
  it('gives up at once, as permanent, on a card Slack cannot show, without calling Slack', async () => {
    // Nothing listens here: a call would fail as a network error, which is retried, not permanent.
    const messenger = new SlackMessenger('xoxb-test', 'http://127.0.0.1:9/api/', { timeoutMs: 1_000 });
    const buttons = Array.from({ length: 30 }, (_, index) => ({ title: `Button ${index + 1}`, verb: 'home' }));
    const result = await messenger.send({
      conversation: 'U0SUPERV1',
      payload: { view: { card: 'notice', data: { title: 'A notice', text: 'With more buttons than Slack takes.', facts: [], buttons } } },
    } as never);
    expect(result).toEqual({ ok: false, permanent: true, error: "card 'notice' cannot be shown in Slack" });
  });
});
