// A supervisor's trigger about one of their supervisees (the pack's `raisedBy: supervisor` with `sendTo`):
// - `sendTo: supervisee` (Cafcass 2.10: case supervision "requested by the supervisor or supervisee"): the
//   supervisor starts situational supervision with the supervisee about a case. It is accepted as it is made (the
//   supervisor asked for it), the supervisee is told, and the supervisor records it as any accepted request.
// - `sendTo: line-manager` (Bexley individual standard three: capability problems, and good practice, reported to
//   the next line manager): it goes to the supervisor's own line manager, as a request to accept, escalating as
//   any request does if unanswered; it is about the supervisee, so it is kept on the supervisee's personal file
//   (the trigger's storedOn), readable by the supervisee, their line and auditors as any personal record is. The
//   supervisee is not sent it; the one who raised it is told of its answer (raisedBy in its history).
// Chat carries the case reference only, never a child's name; every message goes to a person's own chat, never a
// team's channel.
import { speechOf, speechOfPerson, triggerTitleIn, triggerWordingIn } from './speech.js';
import { inEach, t } from '../i18n/catalogue.js';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { cardCatalog } from '../cards/catalog.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { citeSource } from '../domain/policy/cite.js';
import { responseDeadline } from '../domain/records/deadline.js';
import { asksCaseReference, normaliseCaseReference, triggerTitle } from '../domain/triggers/raise.js';
import type { Trigger, Urgency } from '../domain/policy/schema.js';
import { writeAudit } from '../store/audit.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { momentText } from './format.js';
import { namesIn, namesMessage, namesWarning } from './namesInText.js';
import { caseReferenceProblemIn } from './checks.js';
import { otherSupervisors } from './differentSupervisor.js';
import { notifyPerson } from './notify.js';
import { responderAvoiding } from './responders.js';
import { requestFacts } from './requestCase.js';
import { mayRaise, raiseForm, recordTimes } from './triggers.js';
import { openTrigger } from './triggerLog.js';

type Input = z.output<(typeof cardCatalog)['supervisor-raise']['submit']>;
type State = { values?: Partial<Input>; errors?: Record<string, string>; namesFound?: string[] };

const refusedText = 'This is raised by someone who supervises, about one of their own supervisees. Nothing was changed.';

/** "raise.form": the supervisor's form for a supervisor's trigger about a supervisee, else the practitioner's form. */
export async function openRaiseForm(context: FlowContext, actor: Actor, input: { triggerId: string }): Promise<FlowResult> {
  const trigger = entryOf(context.pack.triggers, input.triggerId);
  if (!mayRaise(actor, trigger)) return message("This isn't yours to raise", refusedText);
  if (trigger?.sendTo) return supervisorRaiseForm(context, actor, input.triggerId, trigger, { values: { requestId: randomUUID() } });
  return raiseForm(context, input, { others: await otherSupervisors(context, actor), speech: speechOf(context.pack, actor) });
}

/** The supervisor's current supervisees, by name. */
async function superviseesOf(context: FlowContext, actor: Actor) {
  return context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisee_id')
    .select(['person.id', 'person.display_name'])
    .where('supervision_relationship.supervisor_id', '=', actor.id)
    .where('supervision_relationship.ended_on', 'is', null)
    .orderBy('person.display_name')
    .limit(100)
    .execute();
}

async function supervisorRaiseForm(context: FlowContext, actor: Actor, triggerId: string, trigger: Trigger, state: State): Promise<FlowResult> {
  const errors = state.errors ?? {};
  const withCase = asksCaseReference(context.pack, trigger);
  const toLineManager = trigger.sendTo === 'line-manager';
  const supervisees = await superviseesOf(context, actor);
  const speech = speechOf(context.pack, actor);
  if (supervisees.length === 0) {
    const nobody = message(t(speech, 'supervisorRaise.nobodyTitle'), t(speech, 'supervisorRaise.nobodyText', {}, { paragraphs: true }));
    return { ...nobody, view: { ...nobody.view, speech } };
  }
  return {
    view: {
      card: 'supervisor-raise',
      speech,
      data: {
        triggerId,
        requestId: state.values?.requestId ?? randomUUID(),
        title: triggerTitleIn(trigger, speech),
        wording: triggerWordingIn(trigger, speech),
        mandatoryNote: t(
          speech,
          trigger.mandatory ? 'supervisorRaise.mustDo' : 'supervisorRaise.encouraged',
          { source: citeSource(context.pack, trigger.source) },
          { paragraphs: true },
        ),
        note: t(speech, toLineManager ? 'supervisorRaise.noteLineManager' : 'supervisorRaise.noteSupervisee', {}, { paragraphs: true }),
        supervisees: supervisees.map((person) => ({ title: person.display_name, value: person.id })),
        supervisee: state.values?.supervisee ?? '',
        showOccasion: Boolean(trigger.occasion),
        occasionLabel: trigger.occasion?.label ?? '',
        occasions: (trigger.occasion?.options ?? []).map((option) => ({ title: option, value: option })),
        occasion: state.values?.occasion ?? '',
        askCaseReference: withCase,
        caseReferenceLabel: t(speech, 'raise.caseReferenceLabel', { system: context.pack.caseReference.system }),
        caseReferenceExample: context.pack.caseReference.example,
        caseReference: state.values?.caseReference ?? '',
        textLabel: t(speech, toLineManager ? 'supervisorRaise.textLineManager' : 'supervisorRaise.textDiscuss'),
        text: state.values?.text ?? '',
        errors,
        namesFound: state.namesFound !== undefined,
        namesWarning: state.namesFound ? namesWarning(state.namesFound, speechOf(context.pack, actor)) : '',
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function supervisorRaiseSubmit(context: FlowContext, actor: Actor, input: Input): Promise<FlowResult> {
  const trigger = entryOf(context.pack.triggers, input.triggerId);
  const now = context.clock.now();
  if (!trigger?.sendTo || !mayRaise(actor, trigger)) {
    await writeAudit(context.db, {
      at: now,
      actorId: actor.id,
      action: 'trigger.supervisor-raise.refused',
      objectType: 'trigger_request',
      objectId: input.requestId,
    });
    return message("This isn't yours to raise", refusedText);
  }
  const existing = await context.db.selectFrom('trigger_request').select('id').where('id', '=', input.requestId).executeTakeFirst();
  if (existing) return message('Already sent', 'This was sent already; pressing the button again changes nothing.');
  const supervisees = await superviseesOf(context, actor);
  const supervisee = supervisees.find((person) => person.id === input.supervisee);
  const withCase = asksCaseReference(context.pack, trigger);
  const errors: Record<string, string> = {};
  // What was typed is checked in the supervisor's language (the form's own words are not in the catalogue yet).
  const speech = speechOf(context.pack, actor);
  if (!supervisee) errors.supervisee = t(speech, 'check.chooseSupervisee');
  const referenceProblem = withCase
    ? caseReferenceProblemIn(speech, context.pack, input.caseReference)
    : input.caseReference.trim()
      ? t(speech, 'check.personalFileNoCaseReference')
      : undefined;
  if (referenceProblem) errors.caseReference = referenceProblem;
  if (trigger.occasion && !trigger.occasion.options.includes(input.occasion.trim()))
    errors.occasion = t(speech, 'check.chooseOccasion', { label: trigger.occasion.label, options: trigger.occasion.options.join('; ') });
  if (!input.text.trim()) errors.text = t(speech, 'check.sayWhatItIsAbout');
  const named = Object.keys(errors).length === 0 ? await namesIn(context, actor, { text: input.text }, supervisee ? [supervisee.display_name] : []) : undefined;
  if (named && input.sendAnyway !== 'true') for (const [field, names] of Object.entries(named.byField)) errors[field] = namesMessage(names, speech);
  if (Object.keys(errors).length > 0)
    return supervisorRaiseForm(context, actor, input.triggerId, trigger, {
      values: input,
      errors,
      ...(named && input.sendAnyway !== 'true' ? { namesFound: Object.values(named.byField).flat() } : {}),
    });
  const person = supervisee!;
  const caseReference = withCase ? normaliseCaseReference(context.pack, input.caseReference) : null;
  const text = input.text.trim();
  const occasion = trigger.occasion ? input.occasion.trim() : undefined;
  const occasionFacts = occasion ? [{ title: trigger.occasion!.label, value: occasion }] : [];
  const story = { raisedBy: actor.id, experience: text, goal: '', availability: '', ...(occasion ? { occasion } : {}) };
  const auditDetail = { raisedBy: actor.id, ...(occasion ? { occasion } : {}), ...(named ? { sentAnywayWithNamesIn: Object.keys(named.byField) } : {}) };

  if (trigger.sendTo === 'supervisee') {
    // Started by the supervisor: accepted as it is made, recorded by them.
    const started = await context.db.transaction().execute(async (trx) => {
      // Pressed twice at once: the other press stored it.
      const stored = await openTrigger(
        trx,
        {
          id: input.requestId,
          organisation_id: ORGANISATION_ID,
          practitioner_id: person.id,
          trigger_id: input.triggerId,
          case_reference: caseReference,
          urgency: trigger.urgency,
          state: 'accepted',
          assigned_to: actor.id,
          escalation_level: 0,
          respond_by: null,
          ...recordTimes(context, { trigger_id: input.triggerId }, now, now),
          raised_at: now,
          updated_at: now,
        },
        { actorId: actor.id, at: now, detail: { ...story, assignedTo: actor.id } },
      );
      if (!stored) return false;
      await writeAudit(trx, {
        at: now,
        actorId: actor.id,
        action: 'trigger.supervisor-raise',
        objectType: 'trigger_request',
        objectId: input.requestId,
        detail: auditDetail,
      });
      // The supervisee is told in their language.
      const theirs = await speechOfPerson(trx, context.pack, person.id);
      const name = actor.display_name;
      await notifyPerson(trx, {
        personId: person.id,
        key: `trigger:${input.requestId}:started`,
        now,
        text: caseReference ? t(theirs, 'supervisorRaise.startedNoticeForCase', { name, caseReference }) : t(theirs, 'supervisorRaise.startedNotice', { name }),
        view: {
          card: 'trigger-status',
          ...(theirs === 'en-GB' ? {} : { speech: theirs }),
          data: {
            title: t(theirs, 'supervisorRaise.startedNotice', { name }),
            text: t(theirs, 'supervisorRaise.startedText', { name, trigger: triggerTitleIn(trigger, theirs) }, { paragraphs: true }),
            facts: [...requestFacts(caseReference, theirs), ...occasionFacts, { title: t(theirs, 'supervisorRaise.whatToDiscuss'), value: text }],
          },
        },
      });
      return true;
    });
    if (!started) return message('Already sent', 'This was sent already; pressing the button again changes nothing.');
    return {
      view: {
        card: 'trigger-status',
        data: {
          title: `Supervision with ${person.display_name} started`,
          text: `${person.display_name} has been told. Talk to them, then record the discussion here.`,
          facts: [...requestFacts(caseReference), { title: 'Trigger', value: triggerTitle(trigger) }, ...occasionFacts],
          requestId: input.requestId,
          buttons: [{ title: 'Record the discussion', verb: 'record.open' }],
        },
      },
    };
  }

  // To the supervisor's own line manager: the first line-manager step of the chain, as seen from the supervisee.
  const step = context.pack.escalation.chain.findIndex((entry) => entry.to === 'line-manager') + 1;
  const today = DateTime.fromJSDate(now).setZone(context.calendar.zone).toISODate()!;
  const responder = step > 0 ? await responderAvoiding(context.db, context.pack, person.id, step, today, [actor.id, person.id]) : undefined;
  if (!responder)
    return message(
      'Nobody to send this to',
      'The directory records no line manager above you who is not away. Please contact them directly, and ask your administrator to fix the directory.',
    );
  const urgency = trigger.urgency as Urgency;
  const deadline = responseDeadline({
    pack: context.pack,
    calendar: context.calendar,
    triggerId: input.triggerId,
    urgency,
    raisedAt: DateTime.fromJSDate(now).setZone(context.calendar.zone),
  });
  const respondBy = deadline.due.toJSDate();
  const facts = [
    ...requestFacts(caseReference),
    { title: 'About', value: person.display_name },
    { title: 'Trigger', value: triggerTitle(trigger) },
    ...occasionFacts,
    { title: 'Urgency', value: `${urgency}: answer by ${momentText(respondBy, context.calendar)}` },
  ];
  const sent = await context.db.transaction().execute(async (trx) => {
    const stored = await openTrigger(
      trx,
      {
        id: input.requestId,
        organisation_id: ORGANISATION_ID,
        practitioner_id: person.id,
        trigger_id: input.triggerId,
        case_reference: caseReference,
        urgency,
        state: 'waiting',
        assigned_to: responder.personId,
        escalation_level: responder.level,
        respond_by: respondBy,
        raised_at: now,
        updated_at: now,
      },
      { actorId: actor.id, at: now, detail: { ...story, assignedTo: responder.personId, level: responder.level } },
    );
    if (!stored) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'trigger.supervisor-raise',
      objectType: 'trigger_request',
      objectId: input.requestId,
      detail: auditDetail,
    });
    // The line manager is told in their language.
    const theirs = await speechOfPerson(trx, context.pack, responder.personId);
    const name = actor.display_name;
    const theirFacts = [
      ...requestFacts(caseReference, theirs),
      { title: t(theirs, 'supervisorRaise.about'), value: person.display_name },
      { title: t(theirs, 'request.trigger'), value: triggerTitleIn(trigger, theirs) },
      ...occasionFacts,
      {
        title: t(theirs, 'request.urgency'),
        value: inEach(theirs, (locale) =>
          t(locale, 'request.urgencyAnswerBy', { urgency: t(locale, 'urgency.name', { urgency }), when: momentText(respondBy, context.calendar, locale) }),
        ),
      },
    ];
    await notifyPerson(trx, {
      personId: responder.personId,
      key: `trigger:${input.requestId}:assigned:${responder.level}:${responder.personId}`,
      now,
      text: t(theirs, 'supervisorRaise.reportsNotice', { name, trigger: triggerTitleIn(trigger, theirs) }),
      view: {
        card: 'trigger-request',
        ...(theirs === 'en-GB' ? {} : { speech: theirs }),
        data: {
          requestId: input.requestId,
          escalationNote: t(theirs, 'supervisorRaise.reportsNote', { name, person: person.display_name }, { paragraphs: true }),
          summary: t(theirs, 'supervisorRaise.reportsSummary', { name, trigger: triggerTitleIn(trigger, theirs) }, { paragraphs: true }),
          facts: [...theirFacts, { title: t(theirs, 'supervisorRaise.whatTheyReport'), value: text }],
        },
      },
    });
    return true;
  });
  if (!sent) return message('Already sent', 'This was sent already; pressing the button again changes nothing.');
  return {
    view: {
      card: 'trigger-status',
      data: {
        title: `Sent to ${responder.displayName}`,
        text: `It is kept on ${person.display_name}'s personal supervision file. If ${responder.displayName} has not accepted it by ${momentText(respondBy, context.calendar)}, it goes to the next person in the escalation chain.`,
        facts: [...facts, { title: 'Status', value: `Waiting for ${responder.displayName}` }],
      },
    },
  };
}
