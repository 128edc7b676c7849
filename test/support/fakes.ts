import type { Messenger, OutgoingMessage, SendResult } from '../../src/delivery/messenger.js';
import type { Clock } from '../../src/ports/clock.js';

export class FakeClock implements Clock {
  private current: number;
  constructor(iso: string) {
    this.current = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Records every message it is given; `answer` decides what the "platform" says. */
export class FakeMessenger implements Messenger {
  readonly delivered: OutgoingMessage[] = [];
  readonly attempts: OutgoingMessage[] = [];
  constructor(public answer: (message: OutgoingMessage, attempt: number) => SendResult | Promise<SendResult> = () => ({ ok: true })) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    this.attempts.push(message);
    const attempt = this.attempts.filter((m) => m.idempotencyKey === message.idempotencyKey).length;
    const result = await this.answer(message, attempt);
    if (result.ok) this.delivered.push(message);
    return result;
  }

  deliveriesOf(key: string): number {
    return this.delivered.filter((message) => message.idempotencyKey === key).length;
  }
}

/** A limiter that never waits, for tests that are not about rate limits. */
export const noWait = { wait: async () => {} } as never;
