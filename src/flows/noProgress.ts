// "If no progress is made": a request the supervisor has answered, taken further by the practitioner (Cumberland
// 4: a supervisee not getting the supervision they need raises it first with their supervisor, and if no progress
// is made, with their Service Manager). The trigger's `noProgressTo` names the step of the escalation chain; the
// practitioner's card of the supervisor's answer has the button. It starts a new request to that person (the first
// one stays as it was, with its record), carrying what the first said, when it was raised and answered, and what
// supervision has been held or booked with the supervisor since, so the manager can see whether there was progress.
// Once per request: the first request's history is moved with a conditional update.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { writeAudit } from '../store/audit.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { responseDeadline } from '../domain/records/deadline.js';
import { triggerTitle } from '../domain/triggers/raise.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Urgency } from '../domain/policy/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { momentText } from './format.js';
import { notifyPerson } from './notify.js';
import { responderAvoiding } from './responders.js';
import { aboutCase, requestFacts } from './requestCase.js';
import { moveTrigger, openTrigger } from './triggerLog.js';

/** The button on the practitioner's card of an answered request whose trigger may be taken further, if any. */
export function noProgressButtons(context: FlowContext, triggerId: string | null): { title: string; verb: string }[] {
  const step = entryOf(context.pack.triggers, triggerId)?.noProgressTo;
  if (step === undefined) return [];
  const title = context.pack.escalation.chain[step - 1]!.title;
  return [{ title: `No progress: ask the ${title.toLowerCase()}`.slice(0, 60), verb: 'trigger.no-progress' }];
}

export async function noProgress(context: FlowContext, actor: Actor, input: { requestId: string }): Promise<FlowResult> {
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  if (!request) return message('Something was wrong with that', 'That request is not one I know.');
  const now = context.clock.now();
  if (request.practitioner_id !== actor.id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: 'trigger.no-progress.refused', objectType: 'trigger_request', objectId: request.id });
    return message("This isn't yours to act on", 'Only the one who asked for supervision can take it further. Nothing was changed.');
  }
  const trigger = entryOf(context.pack.triggers, request.trigger_id);
  const step = trigger?.noProgressTo;
  if (step === undefined)
    return message('Nothing to take further', `The ${context.pack.organisation} policy does not take this request further when no progress is made.`);
  if (request.state === 'waiting')
    return message(
      'Your supervisor has not answered yet',
      'If they do not answer in time, your request goes up the escalation chain by itself, and you will be told.',
    );
  const taken = await context.db
    .selectFrom('trigger_event')
    .select('detail')
    .where('trigger_request_id', '=', request.id)
    .where((where) => where(sqlText('noProgressRequest'), 'is not', null))
    .executeTakeFirst();
  if (taken) return message('Taken further already', 'You have taken this request further already; nothing was changed.');

  const title = context.pack.escalation.chain[step - 1]!.title;
  const answered = await context.db
    .selectFrom('trigger_event')
    .innerJoin('person', 'person.id', 'trigger_event.actor_id')
    .select(['trigger_event.at', 'trigger_event.actor_id', 'person.display_name'])
    .where('trigger_request_id', '=', request.id)
    .where('to_state', '=', 'accepted')
    .orderBy('trigger_event.id')
    .executeTakeFirstOrThrow();
  const today = DateTime.fromJSDate(now).setZone(context.calendar.zone).toISODate()!;
  // Never back to the one who answered: the next step is above them.
  const responder = await responderAvoiding(context.db, context.pack, actor.id, step, today, [answered.actor_id!]);
  if (!responder)
    return message(
      `No ${title.toLowerCase()} in the directory`,
      `The directory records no ${title.toLowerCase()} for you who is not away. Please contact them directly, and ask your administrator to fix the directory.`,
    );
  // What supervision with the supervisor has been held, or booked, since the request was raised.
  const since = await context.db
    .selectFrom('supervision_session')
    .select(['status', 'starts_at'])
    .where('supervisee_id', '=', actor.id)
    .where('status', 'in', ['held', 'booked'])
    .where('starts_at', '>=', request.raised_at)
    .orderBy('starts_at')
    .execute();
  const held = since.filter((session) => session.status === 'held');
  const booked = since.filter((session) => session.status === 'booked');
  const listed = (sessions: typeof since) =>
    sessions.length === 0 ? 'None' : sessions.map((session) => momentText(session.starts_at, context.calendar)).join(', ');
  const story = (
    await context.db.selectFrom('trigger_event').select('detail').where('trigger_request_id', '=', request.id).orderBy('id').executeTakeFirstOrThrow()
  ).detail as { experience?: string; goal?: string };

  const urgency = request.urgency as Urgency;
  const deadline = responseDeadline({
    pack: context.pack,
    calendar: context.calendar,
    triggerId: request.trigger_id,
    urgency,
    raisedAt: DateTime.fromJSDate(now).setZone(context.calendar.zone),
  });
  const respondBy = deadline.due.toJSDate();
  const newId = randomUUID();
  const facts = [
    ...requestFacts(request.case_reference),
    { title: 'Trigger', value: triggerTitle(trigger) },
    { title: 'Urgency', value: `${urgency}: answer by ${momentText(respondBy, context.calendar)}` },
  ];
  const done = await context.db.transaction().execute(async (trx) => {
    const moved = await moveTrigger(trx, {
      id: request.id,
      version: request.version,
      from: request.state,
      to: request.state,
      actorId: actor.id,
      at: now,
      detail: { noProgressRequest: newId, to: responder.personId },
      audit: 'trigger.no-progress',
    });
    if (!moved) return false;
    // The new request's id is made here, once: it cannot be there already.
    await openTrigger(
      trx,
      {
        id: newId,
        organisation_id: ORGANISATION_ID,
        practitioner_id: actor.id,
        trigger_id: request.trigger_id,
        case_reference: request.case_reference,
        urgency,
        state: 'waiting',
        assigned_to: responder.personId,
        escalation_level: responder.level,
        respond_by: respondBy,
        raised_at: now,
        updated_at: now,
      },
      {
        actorId: actor.id,
        at: now,
        detail: {
          assignedTo: responder.personId,
          level: responder.level,
          noProgressOf: request.id,
          experience: story.experience ?? '',
          goal: story.goal ?? '',
        },
      },
    );
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'trigger.raise', objectType: 'trigger_request', objectId: newId });
    await notifyPerson(trx, {
      personId: responder.personId,
      key: `trigger:${newId}:assigned:${responder.level}:${responder.personId}`,
      now,
      text: `Supervision requested${aboutCase(request.case_reference)}: no progress with the supervisor`,
      view: {
        card: 'trigger-request',
        data: {
          requestId: newId,
          escalationNote: `Sent to you as ${title.toLowerCase()}: ${actor.display_name} raised this with ${answered.display_name} on ${momentText(request.raised_at, context.calendar)}, who answered on ${momentText(answered.at, context.calendar)}, and says no progress has been made.`,
          summary: `${actor.display_name} asks for supervision: ${triggerTitle(trigger)}.`,
          facts: [
            ...facts,
            { title: 'What happened', value: story.experience ?? '' },
            { title: 'What they need', value: story.goal ?? '' },
            { title: 'Held since it was raised', value: listed(held) },
            { title: 'Booked since it was raised', value: listed(booked) },
          ],
        },
      },
    });
    await notifyPerson(trx, {
      personId: answered.actor_id!,
      key: `trigger:${request.id}:no-progress:${answered.actor_id}`,
      now,
      text: `${actor.display_name} has taken their request${aboutCase(request.case_reference)} to ${responder.displayName}`,
      view: {
        card: 'trigger-status',
        data: {
          title: `Taken to ${responder.displayName}`,
          text: `${actor.display_name} says no progress has been made since you answered their request, and has taken it to ${responder.displayName}, as ${title.toLowerCase()}, as the ${context.pack.organisation} policy allows.`,
          facts: requestFacts(request.case_reference),
        },
      },
    });
    return true;
  });
  if (!done) return message('Something changed meanwhile', 'This request changed a moment ago. Nothing was changed; try again.');
  return {
    view: {
      card: 'trigger-status',
      data: {
        title: `Sent to ${responder.displayName}`,
        text: `As ${title.toLowerCase()}, ${responder.displayName} has what you asked ${answered.display_name}, and what has been held or booked since. If they have not accepted it by ${momentText(respondBy, context.calendar)}, it goes to the next person in the escalation chain.`,
        facts: [...facts, { title: 'Status', value: `Waiting for ${responder.displayName}` }],
      },
    },
  };
}

function sqlText(key: string) {
  return sql<string | null>`detail->>${key}`;
}
