// The Welsh tests' team (Cafcass Cymru): a Head of Operations, a practice manager and two practitioners, one
// with a Welsh name; and a view's words as Teams shows them, the card rendered in the view's speech.
import type { View } from '../../src/cards/catalog.js';
import { renderCard } from '../../src/cards/render.js';
import type { PolicyPack } from '../../src/domain/policy/schema.js';

export const welshTeam = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
opsa@example.org,Head of Operations A,senior-manager,Wales,,,,U0OPSA
pm@example.org,Practice Manager P,supervisor,Wales,opsa@example.org,,,U0PM
worker@example.org,Gweithiwr Cymdeithasol C,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER1
other@example.org,Social Worker D,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER2
`;

/** The request the tests raise. */
export const WELSH_REQUEST = '5b1f7c2e-3d4a-4e6b-9c8d-7a6b5c4d3e2f';

export const shown = (view: View) => JSON.stringify(renderCard(view));

/** The raise form's answers the Welsh tests send (a Welsh-speaking practitioner's words). */
export const welshRaise = {
  triggerId: 'case-consultation',
  requestId: WELSH_REQUEST,
  caseReference: '204518',
  urgency: 'priority',
  experience: 'Mae’r teulu wedi symud.',
  goal: 'Cytuno ar y cam nesaf.',
  availability: '',
};

/** An English pack made to offer the choice, English by default: so that a person may choose Cymraeg. */
export function offeringChoice<Context extends { pack: PolicyPack }>(context: Context): Context {
  return { ...context, pack: { ...context.pack, language: { default: 'en-GB' as const, offerChoice: true, records: 'en-GB' as const } } };
}
