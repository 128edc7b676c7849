// Who records an accepted request. Whoever accepted it, unless the kind it is recorded as names another party:
// Cumberland's transfer supervision is "recorded by the outgoing team manager" (section 4, team transfer). The
// outgoing team manager is the practitioner's supervisor in the directory when the request is accepted: before
// the transfer, the practitioner is still in the outgoing team, and in Cumberland a practitioner is supervised by
// their team manager. It is fixed then, so a directory that already shows the receiving team later changes nothing.
//
// Bexley's informal supervision is "recorded by the most senior person in the discussion" (individual standard
// four; `recordedBy: most-senior-present`). When it is accepted, the one who accepted is the only one there beside
// the practitioner, so they record it; when a manager joins the discussion (the one recording says so on their
// card), the most senior of those present records it instead, and is sent the record card.
import type { Transaction } from 'kysely';
import { entryOf } from '../domain/policy/entryOf.js';
import { writeAudit } from '../store/audit.js';
import { recordKindOf, triggerTitle } from '../domain/triggers/raise.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { notifyPerson } from './notify.js';
import { moveTrigger } from './triggerLog.js';
import { requestFacts } from './requestCase.js';

type Person = { id: string; display_name: string };
type Party = 'outgoing-team-manager' | 'most-senior-present';
/** How a card names the recorder's part. */
const AS: Record<Party, string> = {
  'outgoing-team-manager': 'the outgoing team manager',
  'most-senior-present': 'the most senior person in the discussion',
};

/** Who the pack has record a request's kind, where it is someone other than whoever accepts it. */
export function recorderParty(context: FlowContext, triggerId: string | null): Party | undefined {
  const by = entryOf(context.pack.kinds, recordKindOf(entryOf(context.pack.triggers, triggerId)))?.record?.recordedBy;
  return by === 'outgoing-team-manager' || by === 'most-senior-present' ? by : undefined;
}

/** The person the pack names to record this request, when it names someone other than whoever accepts it. */
export async function namedRecorder(context: FlowContext, request: { trigger_id: string | null; practitioner_id: string }): Promise<Person | undefined> {
  // The most senior present: when accepted, whoever accepted it (a manager who joins later is seniorJoined's).
  if (recorderParty(context, request.trigger_id) !== 'outgoing-team-manager') return undefined;
  return context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
    .select(['person.id', 'person.display_name'])
    .where('supervision_relationship.supervisee_id', '=', request.practitioner_id)
    .where('supervision_relationship.ended_on', 'is', null)
    .executeTakeFirst();
}

/** The button that says a manager joined the discussion, where the most senior person present records. */
const JOINED_BUTTON = { title: 'My manager joined the discussion', verb: 'trigger.senior-joined' };

/** What the one who accepted is told about recording it: they record it, or the named recorder does. */
export function recordingStep(
  recorder: Person | undefined,
  actorId: string,
  then: string,
  party: Party | undefined = recorder ? 'outgoing-team-manager' : undefined,
) {
  if (!recorder || recorder.id === actorId)
    return {
      text: party === 'most-senior-present' ? `${then} If a more senior manager joins the discussion, they record it instead: say so below.` : then,
      buttons: [{ title: 'Record the discussion', verb: 'record.open' }, ...(party === 'most-senior-present' ? [JOINED_BUTTON] : [])],
    };
  return {
    text: `${recorder.display_name} records it, as ${AS[party ?? 'outgoing-team-manager']}: they have been sent the record card.`,
    buttons: [] as { title: string; verb: string }[],
  };
}

const ROLE_RANK: Record<string, number> = { practitioner: 0, supervisor: 1, manager: 2, 'senior-manager': 3 };
const LINE_DEPTH = 6;

/** The practitioner's line upward: their supervisor first, then that one's, and so on. */
async function lineAbove(context: FlowContext, personId: string): Promise<string[]> {
  const line: string[] = [];
  let current: string | undefined = personId;
  for (let depth = 0; depth < LINE_DEPTH && current; depth += 1) {
    const up: { supervisor_id: string } | undefined = await context.db
      .selectFrom('supervision_relationship')
      .select('supervisor_id')
      .where('supervisee_id', '=', current)
      .where('ended_on', 'is', null)
      .executeTakeFirst();
    current = up?.supervisor_id;
    if (current && !line.includes(current)) line.push(current);
  }
  return line;
}

/**
 * The most senior of those present: the higher role (supervisor, manager, senior manager), and of two in the same
 * role, the one higher in the practitioner's supervision line.
 */
export async function mostSenior(context: FlowContext, practitionerId: string, present: (Person & { role: string })[]): Promise<Person & { role: string }> {
  const line = await lineAbove(context, practitionerId);
  const rank = (person: { id: string; role: string }) => [ROLE_RANK[person.role] ?? 0, line.indexOf(person.id)] as const;
  return present.reduce((best, person) => {
    const [bestRole, bestPlace] = rank(best);
    const [role, place] = rank(person);
    return role > bestRole || (role === bestRole && place > bestPlace) ? person : best;
  });
}

/**
 * "My manager joined the discussion", pressed by whoever records a request the most senior person present records:
 * their own line manager was there too. The most senior of the two records it from now on, and is sent the card.
 */
export async function seniorJoined(context: FlowContext, actor: Actor, input: { requestId: string }): Promise<FlowResult> {
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  if (!request) return message('Something was wrong with that', 'That request is not one I know.');
  if ((request.recorder_id ?? request.assigned_to) !== actor.id) {
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'trigger.senior-joined.refused',
      objectType: 'trigger_request',
      objectId: request.id,
    });
    return message("This isn't yours to act on", 'Only the person recording this discussion can say who else took part. Nothing was changed.');
  }
  if (recorderParty(context, request.trigger_id) !== 'most-senior-present')
    return message(
      'Nothing to change',
      `The ${context.pack.organisation} policy does not have this recorded by the most senior person present. Record it yourself.`,
    );
  if (request.state !== 'accepted') return message('Already recorded', 'This discussion has been recorded already; nothing was changed.');
  const manager = await context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
    .select(['person.id', 'person.display_name', 'person.role'])
    .where('supervision_relationship.supervisee_id', '=', actor.id)
    .where('supervision_relationship.ended_on', 'is', null)
    .executeTakeFirst();
  if (!manager || manager.id === request.practitioner_id)
    return message('Nobody above you', 'The directory records no manager above you, so you record this discussion yourself.');
  const recorder = await mostSenior(context, request.practitioner_id, [{ id: actor.id, display_name: actor.display_name, role: actor.role }, manager]);
  if (recorder.id === actor.id) return message('You record it', `You are the most senior person in this discussion, so you record it. Nothing was changed.`);
  const now = context.clock.now();
  const moved = await context.db.transaction().execute(async (trx) => {
    const ok = await moveTrigger(trx, {
      id: request.id,
      version: request.version,
      from: 'accepted',
      to: 'accepted',
      set: { recorder_id: recorder.id },
      actorId: actor.id,
      at: now,
      detail: { joined: recorder.id, recorder: recorder.id },
      audit: 'trigger.senior-joined',
    });
    if (ok) await tellRecorder(trx, context, { request, recorder, acceptedBy: actor.display_name, now, party: 'most-senior-present' });
    return ok;
  });
  if (!moved) return message('Something changed meanwhile', 'This request changed a moment ago. Nothing was changed.');
  return {
    view: {
      card: 'trigger-status',
      data: {
        title: `${recorder.display_name} records this discussion`,
        text: `${recorder.display_name} records it, as ${AS['most-senior-present']}: they have been sent the record card.`,
        facts: requestFacts(request.case_reference),
        requestId: request.id,
        buttons: [],
      },
    },
  };
}

/** The named recorder, when someone else accepted: the record card is theirs. */
export async function tellRecorder(
  trx: Transaction<Database>,
  context: FlowContext,
  input: {
    request: { id: string; trigger_id: string | null; practitioner_id: string; case_reference: string | null };
    recorder: Person;
    acceptedBy: string;
    now: Date;
    party?: Party;
  },
): Promise<void> {
  const { request, recorder } = input;
  const as = AS[input.party ?? 'outgoing-team-manager'];
  const practitioner = await trx.selectFrom('person').select('display_name').where('id', '=', request.practitioner_id).executeTakeFirstOrThrow();
  const trigger = entryOf(context.pack.triggers, request.trigger_id);
  const why =
    input.party === 'most-senior-present'
      ? `${input.acceptedBy} says you joined the discussion of ${practitioner.display_name}'s request. The ${context.pack.organisation} policy has it recorded by the most senior person in the discussion: you. Record it here.`
      : `${input.acceptedBy} accepted ${practitioner.display_name}'s request. The ${context.pack.organisation} policy has it recorded by the outgoing team manager: you, as ${practitioner.display_name}'s team manager. Record it here once it is held.`;
  await notifyPerson(trx, {
    personId: recorder.id,
    key: `trigger:${request.id}:recorder:${recorder.id}`,
    now: input.now,
    text: `You record the supervision for case ${request.case_reference}, as ${as}`,
    view: {
      card: 'trigger-status',
      data: {
        title: 'You record this supervision',
        text: why,
        facts: [
          { title: 'Case reference', value: request.case_reference ?? '' },
          { title: 'Trigger', value: triggerTitle(trigger) },
        ],
        requestId: request.id,
        buttons: [{ title: 'Record the discussion', verb: 'record.open' }],
      },
    },
  });
}
