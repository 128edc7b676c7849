// The duration phrases a policy pack is written in ("4 weeks", "5 working days", "on the day").

export const durationUnits = ['minutes', 'hours', 'working hours', 'days', 'working days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof durationUnits)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
  text: string;
}

const PHRASE = /^(\d+)\s+(minutes?|hours?|working hours?|days?|working days?|weeks?|months?|years?)$/;

export const durationHelp =
  "write a whole number and a unit, e.g. '4 weeks', '5 working days', '72 hours'; units: minutes, hours, working hours, days, working days, weeks, months, years";

export function parseDuration(text: string): Duration | undefined {
  const match = PHRASE.exec(text.trim().toLowerCase().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const amount = Number(match[1]);
  const word = match[2]!;
  const unit = (word.endsWith('s') ? word : `${word}s`) as DurationUnit;
  return { amount, unit, text: `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}` };
}

/** Units that count whole calendar days or more: the ones a cadence may use. */
export const calendarUnits: readonly DurationUnit[] = ['days', 'weeks', 'months', 'years'];
