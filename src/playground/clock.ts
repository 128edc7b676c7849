// The playground's clock: real time plus an offset that "time travel" moves forward. Only the
// playground (no real chat credentials) ever uses it.
import type { Clock } from '../ports/clock.js';

export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (ms <= 0) throw new Error('time travel only goes forward');
    this.offsetMs += ms;
  }
}
