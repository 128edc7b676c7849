/** Time is a parameter: flows, the dispatcher and the sweeper ask a clock, never Date.now(). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
