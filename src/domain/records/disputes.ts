// Who settles a dispute about a record. The pack says it per kind of supervision (signOff.disputesTo); a
// record goes by the kind that records with its model, so a personal development record made at a case
// session (Bexley part 2) is disputed as the personal kind's, not as the case kind's.
import { entryOf } from '../policy/entryOf.js';
import type { DisputeRule, PolicyPack, SupervisionKind } from '../policy/schema.js';

export function disputeRuleOf(pack: PolicyPack, kind: SupervisionKind, model: string): DisputeRule | undefined {
  const own = entryOf(pack.kinds, kind);
  if (own?.record?.model === model) return own.signOff?.disputesTo;
  const byModel = Object.values(pack.kinds).find((other) => other?.record?.model === model);
  return (byModel ?? own)?.signOff?.disputesTo;
}
