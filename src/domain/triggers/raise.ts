// The rules for raising a trigger, from the pack: which urgency it starts at and may be raised to, how
// a case reference must look, and who in the escalation chain comes next. Pure: no store, no clock.
import type { PolicyPack, SupervisionKind, Trigger, Urgency } from '../policy/schema.js';
import { urgencyLevels } from '../policy/schema.js';
import { entryOf } from '../policy/entryOf.js';

/** A request for supervision that names no trigger: "I'd like supervision on ...". */
export const VOLUNTARY = 'voluntary';

export function urgencyChoices(trigger: Trigger | undefined): Urgency[] {
  const floor = trigger?.minimumUrgency ?? urgencyLevels[0];
  return urgencyLevels.filter((level) => urgencyLevels.indexOf(level) >= urgencyLevels.indexOf(floor));
}

export function defaultUrgency(trigger: Trigger | undefined): Urgency {
  return trigger?.urgency ?? 'routine';
}

/**
 * A reference as the case system writes it: read in capitals, spaces trimmed, and spacing inside it
 * written as the pack's format has it (" cf 204518 " is CF-204518 where the format has a hyphen).
 */
export function normaliseCaseReference(pack: PolicyPack, typed: string): string {
  const upper = typed.trim().toUpperCase();
  const pattern = new RegExp(pack.caseReference.pattern);
  if (pattern.test(upper)) return upper;
  for (const joiner of ['-', '']) {
    const joined = upper.replace(/\s+/g, joiner);
    if (pattern.test(joined)) return joined;
  }
  return upper;
}

/** Undefined when the reference (normalised, as stored) is acceptable; otherwise what to tell the person. */
export function caseReferenceProblem(pack: PolicyPack, reference: string): string | undefined {
  const issue = caseReferenceIssue(pack, reference);
  if (issue === 'missing') return `Enter the ${pack.caseReference.system} case reference, e.g. ${pack.caseReference.example}.`;
  if (issue === 'malformed') {
    return `That is not a ${pack.caseReference.system} case reference. It looks like ${pack.caseReference.example}. Never type a child's name here.`;
  }
  return undefined;
}

/** What is wrong with a typed case reference, for a flow to say in the person's language (src/flows/checks.ts). */
export function caseReferenceIssue(pack: PolicyPack, reference: string): 'missing' | 'malformed' | undefined {
  const normalised = normaliseCaseReference(pack, reference);
  if (normalised === '') return 'missing';
  if (!new RegExp(pack.caseReference.pattern).test(normalised)) return 'malformed';
  return undefined;
}

export type EscalationTarget =
  { kind: 'step'; index: number; step: PolicyPack['escalation']['chain'][number] } | { kind: 'safeguarding-lead' } | { kind: 'exhausted' };

/**
 * Level 0 is the supervisor. Level n (1..chain length) is the chain's nth step; the level after the
 * chain is the safeguarding lead, told once; after that there is nobody left.
 */
export function escalationTarget(pack: PolicyPack, level: number): EscalationTarget {
  const chain = pack.escalation.chain;
  if (level >= 1 && level <= chain.length) return { kind: 'step', index: level - 1, step: chain[level - 1]! };
  if (level === chain.length + 1) return { kind: 'safeguarding-lead' };
  return { kind: 'exhausted' };
}

/** "d) Current harm or risk of harm": how a trigger is named on cards. */
export function triggerTitle(trigger: Trigger | undefined): string {
  return trigger ? `${trigger.code ? `${trigger.code} ` : ''}${trigger.title}` : 'A request for supervision';
}

/** The kind of supervision a trigger is recorded as: the pack's `recordAs`, else situational. */
export function recordKindOf(trigger: Trigger | undefined): SupervisionKind {
  return trigger?.recordAs ?? 'situational';
}

/**
 * Where a request's record goes: the trigger's own `storedOn`, else its kind's. A request whose record is
 * kept on the personal supervision file (Cafcass reflective supervision, 4.4; Cymru non-case discussions,
 * 2.2) is about no child: it takes no case reference, and gives no text for a case file.
 */
export function triggerStoredOn(pack: PolicyPack, trigger: Trigger | undefined): 'child-record' | 'personal-record' | 'both' {
  return trigger?.storedOn ?? entryOf(pack.kinds, recordKindOf(trigger))?.record?.storedOn ?? 'child-record';
}

/** Whether raising it asks for a case reference: unless its record goes on the personal file only. */
export function asksCaseReference(pack: PolicyPack, trigger: Trigger | undefined): boolean {
  return triggerStoredOn(pack, trigger) !== 'personal-record';
}
