// The playground's clock: real time plus an offset that "time travel" moves forward. Only the
// playground (no real chat credentials) ever uses it. The offset is kept in the store (botClock.ts), so
// a restart does not put the clock back behind events the database already holds.
import type { Clock } from '../ports/clock.js';

export class AdjustableClock implements Clock {
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** How far the clock has been moved on from real time, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (ms <= 0) throw new Error('time travel only goes forward');
    this.offsetMs += ms;
  }

  /** Back to where an earlier run left it; never backwards. */
  restore(offsetMs: number): void {
    if (offsetMs > this.offsetMs) this.offsetMs = offsetMs;
  }
}
