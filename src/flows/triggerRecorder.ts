// Who records an accepted request. Whoever accepted it, unless the kind it is recorded as names another party:
// Cumberland's transfer supervision is "recorded by the outgoing team manager" (section 4, team transfer). The
// outgoing team manager is the practitioner's supervisor in the directory when the request is accepted: before
// the transfer, the practitioner is still in the outgoing team, and in Cumberland a practitioner is supervised by
// their team manager. It is fixed then, so a directory that already shows the receiving team later changes nothing.
import type { Transaction } from 'kysely';
import { entryOf } from '../domain/policy/entryOf.js';
import { recordKindOf, triggerTitle } from '../domain/triggers/raise.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { notifyPerson } from './notify.js';

type Person = { id: string; display_name: string };

/** The person the pack names to record this request, when it names someone other than whoever accepts it. */
export async function namedRecorder(context: FlowContext, request: { trigger_id: string | null; practitioner_id: string }): Promise<Person | undefined> {
  const trigger = entryOf(context.pack.triggers, request.trigger_id);
  if (entryOf(context.pack.kinds, recordKindOf(trigger))?.record?.recordedBy !== 'outgoing-team-manager') return undefined;
  return context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
    .select(['person.id', 'person.display_name'])
    .where('supervision_relationship.supervisee_id', '=', request.practitioner_id)
    .where('supervision_relationship.ended_on', 'is', null)
    .executeTakeFirst();
}

/** What the one who accepted is told about recording it: they record it, or the named recorder does. */
export function recordingStep(recorder: Person | undefined, actorId: string, then: string) {
  if (!recorder || recorder.id === actorId) return { text: then, buttons: [{ title: 'Record the discussion', verb: 'record.open' }] };
  return {
    text: `${recorder.display_name} records it, as the outgoing team manager: they have been sent the record card.`,
    buttons: [] as { title: string; verb: string }[],
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
  },
): Promise<void> {
  const { request, recorder } = input;
  const practitioner = await trx.selectFrom('person').select('display_name').where('id', '=', request.practitioner_id).executeTakeFirstOrThrow();
  const trigger = entryOf(context.pack.triggers, request.trigger_id);
  await notifyPerson(trx, {
    personId: recorder.id,
    key: `trigger:${request.id}:recorder:${recorder.id}`,
    now: input.now,
    text: `You record the supervision for case ${request.case_reference}, as the outgoing team manager`,
    view: {
      card: 'trigger-status',
      data: {
        title: 'You record this supervision',
        text: `${input.acceptedBy} accepted ${practitioner.display_name}'s request. The ${context.pack.organisation} policy has it recorded by the outgoing team manager: you, as ${practitioner.display_name}'s team manager. Record it here once it is held.`,
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
