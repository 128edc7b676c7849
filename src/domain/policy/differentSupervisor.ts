// Cumberland 12, in words: who must agree before a practitioner speaks to a supervisor other than their own.
import type { differentSupervisorParties } from './schema.js';

type Party = (typeof differentSupervisorParties)[number];

const toPractitioner: Record<Party, string> = { supervisee: 'you', supervisor: 'your supervisor', 'other-supervisor': 'the other supervisor' };
const inGeneral: Record<Party, string> = { supervisee: 'the supervisee', supervisor: 'their supervisor', 'other-supervisor': 'the other supervisor' };

function list(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "all three of you" to the practitioner when all three must agree; else the parties named. */
export function agreedByWords(parties: readonly Party[], speaking: 'to-practitioner' | 'in-general'): string {
  if (speaking === 'to-practitioner' && parties.length === 3) return 'all three of you';
  return list(parties.map((party) => (speaking === 'to-practitioner' ? toPractitioner : inGeneral)[party]));
}
