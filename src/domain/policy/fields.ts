// Small zod building blocks for policy packs, each with a message a principal social worker can act on.
import { z } from 'zod';
import { calendarUnits, durationHelp, parseDuration, type Duration } from '../time/duration.js';

export const SEED_SOURCE = /^\d{3}_[0-9a-f]{16}\.txt\s+\S.*$/;

/** Where a rule came from: the seed file and the paragraph, e.g. "000_ea9f6511b9b2d3d5.txt 4.3 d)". */
export const source = z.string({ error: "is missing: every rule names where it came from, e.g. '000_ea9f6511b9b2d3d5.txt 4.3 d)'" }).regex(SEED_SOURCE, {
  error: "must name the seed file and then the paragraph, e.g. '000_ea9f6511b9b2d3d5.txt 4.3 d)'",
});

/** Fields every rule carries: where it came from, and whether the number is the organisation's own choice. */
export const provenance = {
  source,
  local: z.boolean({ error: 'must be true or false' }).optional(),
  note: z.string().min(1).optional(),
};

/** A rule marked `local: true` must say why, so the README's list of local choices can quote it. */
export function requireNoteWhenLocal<T extends { local?: boolean | undefined; note?: string | undefined }>(value: T, context: z.RefinementCtx): void {
  if (value.local && !value.note) {
    context.addIssue({ code: 'custom', path: ['note'], message: "is missing: a rule marked 'local: true' says in a note why the number was chosen" });
  }
}

export const id = z
  .string({ error: 'must be an identifier in lower case, e.g. case-holder' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower case letters, digits and hyphens, e.g. case-holder' });

export const text = z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' });

/** Accepts text; a number or anything else is reported with the value that was written. */
function phrase(help: string) {
  return z.unknown().transform((value, context): string => {
    if (typeof value === 'string') return value;
    context.addIssue({ code: 'custom', message: value === undefined ? `is missing: ${help}` : `${JSON.stringify(value)} is not allowed: ${help}` });
    return z.NEVER;
  });
}

export function duration(options: { calendarOnly?: boolean } = {}) {
  return phrase(`a duration is needed: ${durationHelp}`).transform((value, context): Duration => {
    const parsed = parseDuration(value);
    if (!parsed) {
      context.addIssue({ code: 'custom', message: `'${value}' is not a duration: ${durationHelp}` });
      return z.NEVER;
    }
    if (options.calendarOnly && !calendarUnits.includes(parsed.unit)) {
      context.addIssue({ code: 'custom', message: `'${value}' cannot be used here: a cadence counts in days, weeks, months or years` });
      return z.NEVER;
    }
    if (options.calendarOnly && parsed.amount === 0) {
      context.addIssue({ code: 'custom', message: `'${value}' cannot be used here: a cadence interval must be at least 1` });
      return z.NEVER;
    }
    return parsed;
  });
}

/** A record deadline: a duration, or one of the phrases the seeds use. */
export type Deadline = { type: 'immediately'; text: string } | { type: 'on-the-day'; text: string } | { type: 'duration'; duration: Duration; text: string };

const deadlineHelp = "write 'immediately', 'on the day', or a duration such as '72 hours' or '5 working days' (a whole number, 0 or more)";

export const deadline = phrase(`a deadline is needed: ${deadlineHelp}`).transform((value, context): Deadline => {
  const phrase = value.trim().toLowerCase();
  if (phrase === 'immediately') return { type: 'immediately', text: 'immediately' };
  if (phrase === 'on the day') return { type: 'on-the-day', text: 'on the day' };
  const parsed = parseDuration(phrase);
  if (!parsed) {
    context.addIssue({ code: 'custom', message: `'${value}' is not a deadline: ${deadlineHelp}` });
    return z.NEVER;
  }
  return { type: 'duration', duration: parsed, text: parsed.text };
});

export const timeOfDay = z
  .string({ error: 'must be a time of day, HH:MM (24-hour)' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day, HH:MM (24-hour), e.g. 09:00' });
