// The supervision agreement's rules, pure (issue 19): who signs it, when it is offered at a session held,
// and when its yearly review is due. Cafcass Cymru 1.14, Cumberland 10, Bexley appendix 1.
import type { Agreement } from '../policy/schema.js';
import { addCalendarDuration } from '../schedule/cadence.js';
import type { DayNumber } from '../time/localDate.js';

export type Signer = 'supervisor' | 'supervisee';

/** Of the parties the pack names, those of a one-to-one agreement; both, where it names neither. */
export function signersOf(agreement: Agreement): Signer[] {
  const signers = agreement.signedBy.filter((party): party is Signer => party === 'supervisor' || party === 'supervisee');
  return signers.length > 0 ? signers : ['supervisor', 'supervisee'];
}

/** The day the review of an agreement signed on `signedOn` is due. */
export function reviewDueOn(agreement: Agreement, signedOn: DayNumber): DayNumber {
  return addCalendarDuration(signedOn, agreement.review);
}

/**
 * The bot's choice: a review is offered at a session held in the 4 weeks before it is due, or after, so it is
 * reviewed at the session nearest the anniversary rather than in a meeting of its own.
 */
export const REVIEW_OFFERED_DAYS_BEFORE = 28;

/** The latest round of a pair's agreement, as far as a session held needs to know. */
export interface LatestRound {
  round: number;
  signed: boolean;
  reviewDue: DayNumber | undefined;
}

/**
 * What a one-to-one session held on `heldOn` offers: the first agreement (round 0) where the two have
 * none and the pack has it made at the outset; the next round where the last is signed and its review
 * is near or past; nothing while one is waiting to be signed.
 */
export function roundToOffer(agreement: Agreement, latest: LatestRound | undefined, heldOn: DayNumber): number | undefined {
  if (!latest) return agreement.atOutset ? 0 : undefined;
  if (!latest.signed || latest.reviewDue === undefined) return undefined;
  return heldOn >= latest.reviewDue - REVIEW_OFFERED_DAYS_BEFORE ? latest.round + 1 : undefined;
}

/** Whole weeks a review has been overdue on `day`: the overdue notice repeats once a week, as the cadence watch's do. */
export function weeksOverdue(reviewDue: DayNumber, day: DayNumber): number | undefined {
  return day > reviewDue ? Math.floor((day - reviewDue - 1) / 7) : undefined;
}
