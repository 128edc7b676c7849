// One record per child: a supervision that discussed several children gives each child its own record,
// under its own case reference (Bexley appendix 2, Cumberland 4 "in respect of each child"), and, where the
// pack says so, one personal record beside them that names the cases by reference only (Bexley individual
// standard four: "recorded in two places"). Pure: what the pack and the records say in, answers out.
import type { KindRule, RecordingModel } from '../policy/schema.js';

type RecordRule = NonNullable<KindRule['record']>;

/** Does this record give each child discussed a record of its own? Never a record kept on the personal record. */
export function recordsPerCase(model: RecordingModel | undefined, rule: RecordRule | undefined): boolean {
  return model?.perCase === true && rule !== undefined && rule.storedOn !== 'personal-record';
}

/**
 * A child's record among several of one supervision is versioned under its own key; the record that completes
 * the supervision (the last child, or the personal record) keeps the supervision's own id, as a single record does.
 */
export function caseRecordKey(subjectId: string, caseReference: string): string {
  return `${subjectId}:${caseReference}`;
}

/** The earlier actions a record reviewed: its card's prev.<action id> answers. */
export function reviewedActionIds(values: Record<string, unknown>): string[] {
  return Object.keys(values)
    .filter((key) => key.startsWith('prev.'))
    .map((key) => key.slice('prev.'.length));
}

/** "ICS-1, ICS-2 and ICS-3". */
export function referencesInWords(references: readonly string[]): string {
  if (references.length <= 1) return references.join('');
  return `${references.slice(0, -1).join(', ')} and ${references.at(-1)}`;
}

/** What the personal record says of the case records beside it: case references only, never a child's name. */
export function crossReferenceText(system: string, references: readonly string[]): string {
  return `Case discussions are recorded on ${system}, one record per child: ${referencesInWords(references)}.`;
}
