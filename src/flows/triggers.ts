// Raising a supervision trigger and accepting one: the heart of the bot. The request goes to the
// supervisor (or their cover, or up the chain), with the pack's response time; accepting is a
// conditional update, so of two supervisors racing exactly one wins and the other is told.
import { randomUUID } from 'node:crypto';
import { auditInsertFrom, writeAudit } from '../store/audit.js';
import { compiledOnce, serialised, type SerialisedJson } from '../store/compiledOnce.js';
import { groupCommit } from '../store/groupCommit.js';
import { DateTime } from 'luxon';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { cardCatalog } from '../cards/catalog.js';
import type { Urgency } from '../domain/policy/schema.js';
import { discussionEnds, recordDeadline, recordReminder, responseDeadline } from '../domain/records/deadline.js';
import { asksCaseReference, defaultUrgency, normaliseCaseReference, recordKindOf, urgencyChoices, VOLUNTARY } from '../domain/triggers/raise.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import type { Database, TriggerRequestTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message, SUPERVISING_ROLES } from './context.js';
import { dayText, momentText } from './format.js';
import { checkProposal } from './proposal.js';
import { noticePayload, noticesInsertFrom, notifyPerson, type Notice } from './notify.js';
import { notToOf, responderAvoiding, routedResponder } from './responders.js';
import { moveTrigger } from './triggerLog.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { citeSource } from '../domain/policy/cite.js';
import { namesIn, namesMessage, namesWarning } from './namesInText.js';
import { caseReferenceProblemIn } from './checks.js';
import { arrangementWith, askInsteadLabel, offerToAsk, OWN_SUPERVISOR, otherSupervisors } from './differentSupervisor.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import { namedRecorder, recorderParty, recordingStep, tellRecorder } from './triggerRecorder.js';
import { raiserOf, requestFacts } from './requestCase.js';
import { noProgressButtons } from './noProgress.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { said, speechOf, speechOfPerson, triggerTitleIn, triggerWordingIn } from './speech.js';
import { durationText } from './format.js';

type RaiseInput = z.output<(typeof cardCatalog)['raise-form']['submit']>;

/** May `actor` raise `trigger`? A supervisor's trigger (raisedBy: supervisor) only someone who supervises. */
export function mayRaise(actor: Pick<Actor, 'role'> | undefined, trigger: { raisedBy?: 'practitioner' | 'supervisor' | undefined } | undefined): boolean {
  return trigger?.raisedBy !== 'supervisor' || (actor !== undefined && SUPERVISING_ROLES.includes(actor.role));
}

export function raisePick(context: FlowContext, actor?: Actor): FlowResult {
  const speech = speechOf(context.pack, actor);
  const triggers = Object.entries(context.pack.triggers).filter(([, trigger]) => mayRaise(actor, trigger));
  const anyOptional = triggers.some(([, trigger]) => !trigger.mandatory);
  return {
    view: {
      card: 'raise-pick',
      speech,
      data: {
        intro: t(speech, 'raise.intro', { organisation: context.pack.organisation, anyOptional: String(anyOptional) }, { paragraphs: true }),
        triggers: triggers.map(([id, trigger]) => ({ id, title: triggerTitleIn(trigger, speech) })),
      },
    },
  };
}

/** A message card in a speech: its title and its text from the catalogue. */
/** "Urgent: answer by Mon 23 Nov 2026 14:00", each language with its own date. */
function answerByText(speech: Speech, urgency: string, respondBy: Date, context: FlowContext): string {
  return inEach(speech, (locale) =>
    t(locale, 'request.urgencyAnswerBy', { urgency: t(locale, 'urgency.name', { urgency }), when: momentText(respondBy, context.calendar, locale) }),
  );
}

export function raiseForm(
  context: FlowContext,
  input: { triggerId: string },
  state: {
    values?: Partial<RaiseInput>;
    errors?: Record<string, string>;
    requestId?: string;
    others?: { title: string; value: string }[];
    /** What looks like a name, found in the text: the form offers "Send anyway". */
    namesFound?: string[];
    /** The practitioner's language(s). */
    speech?: Speech;
  } = {},
): FlowResult {
  const trigger = input.triggerId === VOLUNTARY ? undefined : entryOf(context.pack.triggers, input.triggerId);
  const speech = state.speech ?? 'en-GB';
  if (input.triggerId !== VOLUNTARY && !trigger) return said(speech, 'common.somethingWrong', 'raise.unknownTrigger');
  // The pack's response time: its own words in English, the catalogue's in Welsh.
  const hoursText = (level: Urgency, locale: Locale) =>
    locale === 'en-GB' ? context.pack.urgencies[level].respondWithin.text : durationText(context.pack.urgencies[level].respondWithin, locale);
  const errors = state.errors ?? {};
  const withCase = asksCaseReference(context.pack, trigger);
  return {
    view: {
      card: 'raise-form',
      speech,
      data: {
        triggerId: input.triggerId,
        requestId: state.requestId ?? randomUUID(),
        title: trigger ? triggerTitleIn(trigger, speech) : t(speech, 'raise.voluntaryTitle'),
        wording: trigger ? triggerWordingIn(trigger, speech) : '',
        mandatoryNote: trigger
          ? trigger.mandatory
            ? t(speech, 'raise.mandatory', { source: citeSource(context.pack, trigger.source) }, { paragraphs: true })
            : t(speech, 'raise.encouraged', {}, { paragraphs: true })
          : '',
        // Kept on the personal supervision file (about no child): no case reference is asked for.
        askCaseReference: withCase,
        caseNote: t(speech, withCase ? 'raise.caseNote' : 'raise.personalNote', {}, { paragraphs: true }),
        caseReferenceLabel: t(speech, 'raise.caseReferenceLabel', { system: context.pack.caseReference.system }),
        caseReferenceExample: context.pack.caseReference.example,
        urgencies: urgencyChoices(trigger).map((level) => ({
          title: inEach(speech, (locale) =>
            t(locale, 'raise.urgencyChoice', { urgency: t(locale, 'urgency.title', { urgency: level }), within: hoursText(level, locale) }),
          ),
          value: level,
        })),
        others: state.others ?? [],
        askInsteadLabel: askInsteadLabel(context),
        values: {
          caseReference: state.values?.caseReference ?? '',
          urgency: state.values?.urgency ?? defaultUrgency(trigger),
          experience: state.values?.experience ?? '',
          goal: state.values?.goal ?? '',
          availability: state.values?.availability ?? '',
          askInstead: state.values?.askInstead ?? OWN_SUPERVISOR,
        },
        errors,
        namesFound: state.namesFound !== undefined,
        namesWarning: state.namesFound ? namesWarning(state.namesFound, speech) : '',
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/** A raise as it is stored: the request, its history entry, its audit entry and the supervisor's message. */
export type StoredRaise = {
  requestId: string;
  now: Date;
  actorId: string;
  triggerId: string | null;
  /** None for a request kept on the personal supervision file. */
  caseReference: string | null;
  urgency: Urgency;
  assignedTo: string;
  level: number;
  respondBy: Date;
  eventDetail: SerialisedJson;
  auditDetail: SerialisedJson;
  noticeKey: string;
  notice: SerialisedJson;
};

/**
 * Raises in one statement, so one commit: for each, the request, its history, the audit entry and the
 * supervisor's message (when the bot can reach them), all stored together or not at all. It answers the
 * ids it stored: a request id stored before is left as it was, with nothing written for it. Two forms,
 * from this one builder, each compiled once (src/store/compiledOnce.ts): one raise, each value a
 * parameter; several (src/store/groupCommit.ts), each value an array of the raises' values, so the
 * statement is the same for two raises or fifty. The array form costs PostgreSQL nearly twice the other for a
 * single raise, and a fraction of it for each of ten (docs/benchmarks.md).
 */
const raisesStatement = (many: boolean) => (db: Kysely<Database>, raises: Record<keyof StoredRaise, unknown>) => {
  // One raise: each value as it is. Several: each value an array, a column of the raises, one row each.
  const column = <T>(value: unknown, type: string) => (many ? sql<T>`unnest(${value}::${sql.raw(type)}[])` : sql<T>`${value}::${sql.raw(type)}`);
  return db
    .with('raised', (cte) =>
      cte.selectNoFrom([
        column<string>(raises.requestId, 'text').as('id'),
        column<Date>(raises.now, 'timestamptz').as('now'),
        column<string>(raises.actorId, 'text').as('actor_id'),
        column<string | null>(raises.triggerId, 'text').as('trigger_id'),
        column<string | null>(raises.caseReference, 'text').as('case_reference'),
        column<string>(raises.urgency, 'text').as('urgency'),
        column<string>(raises.assignedTo, 'text').as('assigned_to'),
        column<number>(raises.level, 'integer').as('level'),
        column<Date>(raises.respondBy, 'timestamptz').as('respond_by'),
        column<string>(raises.eventDetail, 'text').as('event_detail'),
        column<string>(raises.auditDetail, 'text').as('audit_detail'),
        column<string>(raises.noticeKey, 'text').as('notice_key'),
        column<string>(raises.notice, 'text').as('notice'),
      ]),
    )
    .with('stored', (cte) =>
      cte
        .insertInto('trigger_request')
        .columns([
          'id',
          'organisation_id',
          'practitioner_id',
          'trigger_id',
          'case_reference',
          'urgency',
          'state',
          'assigned_to',
          'escalation_level',
          'respond_by',
          'raised_at',
          'updated_at',
        ])
        .expression(
          cte
            .selectFrom('raised')
            .select([
              'id',
              sql.lit(ORGANISATION_ID).as('organisation_id'),
              'actor_id',
              'trigger_id',
              'case_reference',
              'urgency',
              sql.lit('waiting').as('state'),
              'assigned_to',
              'level',
              'respond_by',
              'now as raised_at',
              'now as updated_at',
            ]),
        )
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id'),
    )
    .with('history', (cte) =>
      cte
        .insertInto('trigger_event')
        .columns(['trigger_request_id', 'at', 'actor_id', 'to_state', 'detail'])
        .expression(
          cte
            .selectFrom('raised')
            .innerJoin('stored', 'stored.id', 'raised.id')
            .select(['raised.id', 'raised.now', 'raised.actor_id', sql.lit('waiting').as('to_state'), sql<string>`raised.event_detail::jsonb`.as('detail')]),
        ),
    )
    .with('audit', (cte) =>
      auditInsertFrom(
        db,
        cte
          .selectFrom('raised')
          .innerJoin('stored', 'stored.id', 'raised.id')
          .select([
            'raised.now as at',
            'raised.actor_id',
            sql.lit('trigger.raise').as('action'),
            sql.lit('trigger_request').as('object_type'),
            'raised.id as object_id',
            'raised.audit_detail as detail',
          ]),
      ),
    )
    .with('notice', (cte) =>
      noticesInsertFrom(
        db,
        cte
          .selectFrom('raised')
          .innerJoin('stored', 'stored.id', 'raised.id')
          .select(['raised.assigned_to as person_id', 'raised.notice_key as key', 'raised.now', 'raised.notice as payload']),
      ),
    )
    .selectFrom('stored')
    .select('id');
};
const storeOneRaise = compiledOnce<StoredRaise, { id: string }>('a raised trigger', raisesStatement(false));
const storeRaises = compiledOnce<{ [Value in keyof StoredRaise]: StoredRaise[Value][] }, { id: string }>('raised triggers', raisesStatement(true));

/**
 * Stores raises in one statement, answering for each whether it was stored: false when its request id
 * was stored before (pressed twice, or someone else's card), and nothing was written for it. Exported for
 * its test; the flow calls storeRaise(), below.
 */
export async function storeRaisesTogether(db: Kysely<Database>, raises: readonly StoredRaise[]): Promise<boolean[]> {
  // A request id twice in one batch (a double click): the first is written, the second finds it written.
  const first = new Map<string, StoredRaise>();
  for (const raise of raises) if (!first.has(raise.requestId)) first.set(raise.requestId, raise);
  const unique = [...first.values()];
  const column = <Column extends keyof StoredRaise>(name: Column) => unique.map((raise) => raise[name]);
  const { rows } =
    unique.length === 1
      ? await storeOneRaise(db, unique[0]!)
      : await storeRaises(db, {
          requestId: column('requestId'),
          now: column('now'),
          actorId: column('actorId'),
          triggerId: column('triggerId'),
          caseReference: column('caseReference'),
          urgency: column('urgency'),
          assignedTo: column('assignedTo'),
          level: column('level'),
          respondBy: column('respondBy'),
          eventDetail: column('eventDetail'),
          auditDetail: column('auditDetail'),
          noticeKey: column('noticeKey'),
          notice: column('notice'),
        });
  const stored = new Set(rows.map((row) => row.id));
  return raises.map((raise) => first.get(raise.requestId) === raise && stored.has(raise.requestId));
}

/** Stores a raise with the others in flight at the same moment, as one statement (src/store/groupCommit.ts). */
const storeRaise = groupCommit(storeRaisesTogether);

export async function raiseSubmit(context: FlowContext, actor: Actor, input: RaiseInput & { requestId: string }): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const trigger = input.triggerId === VOLUNTARY ? undefined : entryOf(context.pack.triggers, input.triggerId);
  if (input.triggerId !== VOLUNTARY && !trigger) return said(speech, 'common.somethingWrong', 'raise.unknownTrigger');
  // A supervisor's trigger: only someone who supervises, and one about a supervisee on its own form (supervisorRaise.ts).
  if (!mayRaise(actor, trigger) || trigger?.sendTo) {
    await audit(context, actor.id, 'trigger.raise.refused', input.requestId);
    return said(speech, 'raise.notYoursTitle', 'raise.notYoursText');
  }
  const errors: Record<string, string> = {};
  // A request kept on the personal file names no case: a reference sent with it (an old or altered form) is refused, not dropped.
  const withCase = asksCaseReference(context.pack, trigger);
  const referenceProblem = withCase
    ? caseReferenceProblemIn(speech, context.pack, input.caseReference)
    : input.caseReference.trim()
      ? t(speech, 'raise.noCaseReferenceHere')
      : undefined;
  if (referenceProblem) errors.caseReference = referenceProblem;
  if (!urgencyChoices(trigger).includes(input.urgency))
    errors.urgency = inEach(speech, (locale) =>
      t(locale, 'raise.urgencyTooLow', { minimum: t(locale, 'urgency.name', { urgency: trigger?.minimumUrgency ?? 'routine' }) }),
    );
  if (input.experience.trim() === '') errors.experience = t(speech, 'raise.sayWhatHappened');
  if (input.goal.trim() === '') errors.goal = t(speech, 'raise.sayWhatYouNeedFromSupervision');
  const askInstead = input.askInstead === OWN_SUPERVISOR ? '' : input.askInstead;
  // The list of other supervisors is read only when someone was chosen, or the form must be shown again.
  const others = askInstead ? await otherSupervisors(context, actor) : undefined;
  if (others && !others.some((other) => other.value === askInstead)) errors.askInstead = t(speech, 'common.chooseFromList');
  // What looks like a child's name goes back to the practitioner first; "Send anyway" is recorded.
  const texts = { experience: input.experience, goal: input.goal, availability: input.availability };
  const named = Object.keys(errors).length === 0 ? await namesIn(context, actor, texts) : undefined;
  if (named && input.sendAnyway !== 'true') for (const [field, names] of Object.entries(named.byField)) errors[field] = namesMessage(names, speech);
  if (Object.keys(errors).length > 0) {
    return raiseForm(
      context,
      { triggerId: input.triggerId },
      {
        values: input,
        errors,
        requestId: input.requestId,
        others: others ?? (await otherSupervisors(context, actor)),
        ...(named && input.sendAnyway !== 'true' ? { namesFound: Object.values(named.byField).flat() } : {}),
        speech,
      },
    );
  }

  const now = context.clock.now();
  const raisedAt = DateTime.fromJSDate(now).setZone(context.calendar.zone);
  const today = raisedAt.toISODate()!;
  // Cumberland 12: to someone else only while an arrangement all agreed to is in force; until then, and after
  // its last day, to the own supervisor, and the practitioner is offered to ask for them.
  const chosen = askInstead ? await arrangementWith(context, actor.id, askInstead) : undefined;
  const toAsk = askInstead && !chosen ? askInstead : undefined;
  const notTo = trigger?.about ? await notToOf(context.db, trigger, actor.id) : [];
  // The pack may send it past the line (Cymru 4.1 dangerous practice, 4.4 a concern about the line manager);
  // with nobody in that role, it goes up the line as any request does, never to whom it is about.
  const routed = !chosen && trigger?.routeTo === 'safeguarding-lead' ? await routedResponder(context.db, context.pack, actor.id, today, notTo) : undefined;
  const responder = chosen
    ? { personId: chosen.other_id, level: 0, displayName: chosen.display_name }
    : (routed ?? (await responderAvoiding(context.db, context.pack, actor.id, 0, today, notTo, context.directory)));
  if (!responder) {
    return (await sentBefore(context, actor, input.requestId)) ?? said(speech, 'raise.nobodyTitle', 'raise.nobodyText');
  }
  const deadline = responseDeadline({
    pack: context.pack,
    calendar: context.calendar,
    triggerId: trigger ? input.triggerId : null,
    urgency: input.urgency,
    raisedAt,
  });
  const respondBy = deadline.due.toJSDate();
  const caseReference = withCase ? normaliseCaseReference(context.pack, input.caseReference) : null;
  const responderName = responder.displayName;
  // What the request is, in the language(s) of whoever reads it: the practitioner, or the one it is sent to.
  const factsIn = (reader: Speech) => [
    ...requestFacts(caseReference, reader),
    { title: t(reader, 'request.trigger'), value: triggerTitleIn(trigger, reader) },
    { title: t(reader, 'request.urgency'), value: answerByText(reader, input.urgency, respondBy, context) },
  ];
  // The one it is sent to reads it in their own language.
  const theirs = await speechOfPerson(context.db, context.pack, responder.personId);
  const endsOn = chosen?.ends_on ? parseIsoDate(chosen.ends_on)! : undefined;
  const notice: Notice = {
    personId: responder.personId,
    key: `trigger:${input.requestId}:assigned:${responder.level}:${responder.personId}`,
    now,
    text: caseReference ? t(theirs, 'request.noticeForCase', { caseReference }) : t(theirs, 'request.notice'),
    view: {
      card: 'trigger-request',
      speech: theirs,
      data: {
        requestId: input.requestId,
        escalationNote: chosen
          ? inEach(
              theirs,
              (locale) =>
                endsOn === undefined
                  ? t(locale, 'request.askedInsteadOpen', { name: actor.display_name })
                  : t(locale, 'request.askedInsteadUntil', { name: actor.display_name, day: dayText(endsOn, locale) }),
              { paragraphs: true },
            )
          : responder.level > 0
            ? t(theirs, 'request.escalated', { name: actor.display_name }, { paragraphs: true })
            : '',
        summary: t(theirs, 'request.summary', { name: actor.display_name, trigger: triggerTitleIn(trigger, theirs) }, { paragraphs: true }),
        facts: [
          ...factsIn(theirs),
          { title: t(theirs, 'request.whatHappened'), value: input.experience.trim() },
          { title: t(theirs, 'request.whatTheyNeed'), value: input.goal.trim() },
          ...(input.availability.trim() ? [{ title: t(theirs, 'request.whenFree'), value: input.availability.trim() }] : []),
        ],
      },
    },
  };

  const stored = await storeRaise(context.db, {
    requestId: input.requestId,
    now,
    actorId: actor.id,
    triggerId: trigger ? input.triggerId : null,
    caseReference,
    urgency: input.urgency,
    assignedTo: responder.personId,
    level: responder.level,
    respondBy,
    eventDetail: serialised({
      assignedTo: responder.personId,
      level: responder.level,
      ...(chosen ? { askedInstead: true, arrangement: chosen.id } : {}),
      experience: input.experience.trim(),
      goal: input.goal.trim(),
      availability: input.availability.trim(),
    }),
    // Which fields were sent with what looked like a name, after the warning: never the words.
    auditDetail: serialised({ assignedTo: responder.personId, ...(named ? { sentAnywayWithNamesIn: Object.keys(named.byField) } : {}) }),
    noticeKey: notice.key,
    notice: serialised(noticePayload(notice)),
  });
  if (!stored) {
    const before = await sentBefore(context, actor, input.requestId);
    if (!before) throw new Error(`trigger request ${input.requestId} was neither stored nor found`);
    return before;
  }
  const sent = {
    title: t(speech, 'raise.sentTitle', { name: responderName }),
    text: inEach(speech, (locale) => t(locale, 'raise.sentText', { name: responderName, when: momentText(respondBy, context.calendar, locale) }), {
      paragraphs: true,
    }),
    facts: [...factsIn(speech), { title: t(speech, 'raise.status'), value: t(speech, 'raise.waitingFor', { name: responderName }) }],
  };
  // Someone else was chosen, with no arrangement in force: the practitioner may ask all to agree, for next time.
  if (toAsk) return offerToAsk(context, actor, { otherId: toAsk, sentTo: responderName, sent });
  return { view: { card: 'trigger-status', speech, data: sent } };
}

/** A request id seen before: the practitioner pressing again, or someone else's card (forwarded); undefined when new. */
async function sentBefore(context: FlowContext, actor: Actor, requestId: string): Promise<FlowResult | undefined> {
  const existing = await context.db.selectFrom('trigger_request').select('practitioner_id').where('id', '=', requestId).executeTakeFirst();
  if (!existing) return undefined;
  const speech = speechOf(context.pack, actor);
  if (existing.practitioner_id === actor.id) return said(speech, 'raise.alreadySentTitle', 'raise.alreadySentText');
  await audit(context, actor.id, 'trigger.raise.refused', requestId);
  return said(speech, 'common.notYoursToActOn', 'raise.belongsToSomeoneElse');
}

/** Accepting: now ("I'll talk to them now"), or at a proposed time, which the practitioner is told. */
export async function acceptTrigger(
  context: FlowContext,
  actor: Actor,
  input: { requestId: string },
  proposal?: { at: Date; note: string },
): Promise<FlowResult> {
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  const speech = speechOf(context.pack, actor);
  if (!request) return said(speech, 'common.somethingWrong', 'common.unknownRequest');
  if (!(await mayAccept(context, actor, request))) return refused(context, actor, 'trigger.accept', request.id);
  const now = context.clock.now();
  // Cumberland's transfer: recorded by the outgoing team manager, whoever accepts (triggerRecorder.ts).
  const recorder = await namedRecorder(context, request);
  const won = await context.db.transaction().execute(async (trx) => {
    const moved = await moveTrigger(trx, {
      id: request.id,
      version: request.version,
      from: 'waiting',
      to: 'accepted',
      // The record's deadline counts from when the supervision happens: now, or the proposed time.
      set: {
        assigned_to: actor.id,
        respond_by: null,
        ...recordTimes(context, request, now, proposal?.at ?? now),
        ...(recorder ? { recorder_id: recorder.id } : {}),
      },
      actorId: actor.id,
      at: now,
      detail: proposal ? { proposedAt: proposal.at.toISOString(), note: proposal.note } : {},
      audit: proposal ? 'trigger.propose' : 'trigger.accept',
    });
    if (!moved) return false;
    // The one who raised it reads it in their own language.
    const raiser = await raiserOf(trx, request);
    const theirs = await speechOfPerson(trx, context.pack, raiser);
    const name = actor.display_name;
    await notifyPerson(trx, {
      personId: raiser,
      key: `trigger:${request.id}:accepted`,
      now,
      text: request.case_reference
        ? t(theirs, 'accepted.noticeForCase', { name, caseReference: request.case_reference })
        : t(theirs, 'accepted.notice', { name }),
      view: {
        card: 'trigger-status',
        speech: theirs,
        data: {
          title: t(theirs, 'accepted.title', { name }),
          text: proposal
            ? inEach(theirs, (locale) => t(locale, 'accepted.talkOn', { when: momentText(proposal.at, context.calendar, locale) }), { paragraphs: true }) +
              (proposal.note ? ` ${proposal.note}` : '')
            : t(theirs, 'accepted.talkNow', {}, { paragraphs: true }),
          facts: requestFacts(request.case_reference, theirs),
          // Cumberland 4: if no progress is made, the practitioner may take it further (noProgress.ts).
          ...(noProgressButtons(context, request.trigger_id).length > 0
            ? { requestId: request.id, buttons: noProgressButtons(context, request.trigger_id) }
            : {}),
        },
      },
    });
    if (recorder && recorder.id !== actor.id) await tellRecorder(trx, context, { request, recorder, acceptedBy: actor.display_name, now });
    return true;
  });
  if (!won) {
    const current = await context.db
      .selectFrom('trigger_request')
      .innerJoin('person', 'person.id', 'trigger_request.assigned_to')
      .select(['trigger_request.state', 'trigger_request.assigned_to', 'person.display_name'])
      .where('trigger_request.id', '=', request.id)
      .executeTakeFirstOrThrow();
    if (current.state === 'accepted' && current.assigned_to === actor.id) return said(speech, 'accepted.alreadyTitle', 'accepted.alreadyText');
    return said(speech, 'accepted.someoneElseTitle', 'accepted.someoneElseText', { name: current.display_name });
  }
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', request.practitioner_id).executeTakeFirstOrThrow();
  // What comes next, in each language (its buttons are the same in each).
  const recordingIn = (locale: Locale) =>
    recordingStep(recorder, actor.id, t(locale, proposal ? 'accepted.recordAfterwards' : 'accepted.recordThen'), recorderParty(context, request.trigger_id));
  const recording = recordingIn('en-GB');
  const name = practitioner.display_name;
  return {
    view: {
      card: 'trigger-status',
      speech,
      data: {
        title: t(speech, 'accepted.youTitle'),
        text: proposal
          ? inEach(
              speech,
              (locale) =>
                t(locale, 'accepted.youProposed', { name, when: momentText(proposal.at, context.calendar, locale), recording: recordingIn(locale).text }),
              { paragraphs: true },
            )
          : inEach(speech, (locale) => t(locale, 'accepted.youNow', { name, recording: recordingIn(locale).text }), { paragraphs: true }),
        facts: [
          ...requestFacts(request.case_reference, speech),
          {
            title: t(speech, 'request.trigger'),
            value: triggerTitleIn(request.trigger_id ? entryOf(context.pack.triggers, request.trigger_id) : undefined, speech),
          },
        ],
        requestId: request.id,
        buttons: recording.buttons,
      },
    },
  };
}

/** Whoever the request is with, or was with before it moved up the chain (either may still take it). */
async function mayAccept(context: FlowContext, actor: Actor, request: { id: string; assigned_to: string | null }): Promise<boolean> {
  if (request.assigned_to === actor.id) return true;
  const wasAssigned = await context.db
    .selectFrom('trigger_event')
    .select('id')
    .where('trigger_request_id', '=', request.id)
    .where((where) => where(sqlJsonText('assignedTo'), '=', actor.id))
    .executeTakeFirst();
  return wasAssigned !== undefined;
}

/** A forwarded or forged card: refused, and the refusal audited (who, which action, which request). */
async function refused(context: FlowContext, actor: Actor, action: string, requestId: string): Promise<FlowResult> {
  await audit(context, actor.id, `${action}.refused`, requestId);
  return said(speechOf(context.pack, actor), 'common.notYoursToActOn', 'request.sentToSomeoneElse');
}

/**
 * The record's deadline counts from when the talk happens: acceptance (talk now, or "We have talked"), or the
 * proposed time; "immediately" from when it ends, one session length later. The reminder comes halfway, in
 * working hours before the deadline (recordReminder).
 */
export function recordTimes(context: FlowContext, request: { trigger_id: string | null }, now: Date, startsAt: Date) {
  const trigger = request.trigger_id ? entryOf(context.pack.triggers, request.trigger_id) : undefined;
  const kind = recordKindOf(trigger);
  const at = DateTime.fromJSDate(startsAt).setZone(context.calendar.zone);
  const { pack, calendar } = context;
  const due = recordDeadline({ pack, calendar, kind, at, endedAt: discussionEnds(pack, kind, at), significant: trigger?.significant ?? false }).due;
  return { record_due_at: due.toJSDate(), record_remind_at: recordReminder({ from: DateTime.fromJSDate(now), due, calendar }).toJSDate() };
}

function sqlJsonText(key: string) {
  return sql<string>`detail->>${key}`;
}

async function audit(context: FlowContext, actorId: string, action: string, objectId: string) {
  await writeAudit(context.db, { at: context.clock.now(), actorId: actorId, action: action, objectType: 'trigger_request', objectId: objectId });
}

async function loadForReassign(context: FlowContext, actor: Actor, requestId: string, action: 'trigger.reassign-form' | 'trigger.reassign') {
  const speech = speechOf(context.pack, actor);
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) return { result: said(speech, 'common.somethingWrong', 'common.unknownRequest') };
  if (request.assigned_to !== actor.id) {
    await audit(context, actor.id, `${action}.refused`, request.id);
    return { result: said(speech, 'common.notYoursToActOn', 'reassign.onlyHolder') };
  }
  if (request.state !== 'waiting') return { result: said(speech, 'accepted.alreadyTitle', 'reassign.alreadyAccepted') };
  return { request };
}

/** People who may take a request: anyone who supervises or manages, except the practitioner and the one passing it on. */
async function reassignTargets(context: FlowContext, practitionerId: string, actorId: string, speech: Speech = 'en-GB') {
  const people = await context.db
    .selectFrom('person')
    .select(['id', 'display_name', 'role'])
    .where('role', 'in', ['supervisor', 'manager', 'senior-manager'])
    .where('id', 'not in', [practitionerId, actorId])
    .orderBy('display_name')
    .limit(100)
    .execute();
  return people.map((person) => ({
    title: t(speech, 'reassign.person', { name: person.display_name, role: person.role.replace('-', '_') }),
    value: person.id,
  }));
}

export async function reassignForm(
  context: FlowContext,
  actor: Actor,
  input: { requestId: string },
  state: { to?: string; reason?: string; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const loaded = await loadForReassign(context, actor, input.requestId, 'trigger.reassign-form');
  if ('result' in loaded) return loaded.result!;
  const { request } = loaded;
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', request.practitioner_id).executeTakeFirstOrThrow();
  const errors = state.errors ?? {};
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'trigger-reassign',
      speech,
      data: {
        requestId: request.id,
        intro: request.case_reference
          ? t(speech, 'reassign.introCase', { caseReference: request.case_reference, name: practitioner.display_name }, { paragraphs: true })
          : t(speech, 'reassign.introNoCase', { name: practitioner.display_name }, { paragraphs: true }),
        to: state.to ?? '',
        reason: state.reason ?? '',
        people: await reassignTargets(context, request.practitioner_id, actor.id, speech),
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function reassignTrigger(context: FlowContext, actor: Actor, input: { requestId: string; to: string; reason: string }): Promise<FlowResult> {
  const loaded = await loadForReassign(context, actor, input.requestId, 'trigger.reassign');
  if ('result' in loaded) return loaded.result!;
  const { request } = loaded;
  const targets = await reassignTargets(context, request.practitioner_id, actor.id);
  const errors: Record<string, string> = {};
  const speech = speechOf(context.pack, actor);
  if (!targets.some((target) => target.value === input.to)) errors.to = t(speech, 'common.chooseFromList');
  if (!input.reason.trim()) errors.reason = t(speech, 'reassign.giveReason');
  if (Object.keys(errors).length > 0) return reassignForm(context, actor, input, { to: input.to, reason: input.reason, errors });
  const now = context.clock.now();
  const raisedAt = DateTime.fromJSDate(now).setZone(context.calendar.zone);
  const urgency = request.urgency as Urgency;
  const deadline = responseDeadline({ pack: context.pack, calendar: context.calendar, triggerId: request.trigger_id, urgency, raisedAt });
  const newcomer = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', '=', input.to).executeTakeFirstOrThrow();
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', request.practitioner_id).executeTakeFirstOrThrow();
  const trigger = request.trigger_id ? entryOf(context.pack.triggers, request.trigger_id) : undefined;
  const story = (
    await context.db.selectFrom('trigger_event').select('detail').where('trigger_request_id', '=', request.id).orderBy('id').executeTakeFirstOrThrow()
  ).detail as { experience?: string; goal?: string };
  const moved = await context.db.transaction().execute(async (trx) => {
    const ok = await moveTrigger(trx, {
      id: request.id,
      version: request.version,
      from: 'waiting',
      to: 'waiting',
      set: { assigned_to: newcomer.id, respond_by: deadline.due.toJSDate() },
      actorId: actor.id,
      at: now,
      detail: { assignedTo: newcomer.id, reassignedBy: actor.id, reason: input.reason.trim() },
      audit: 'trigger.reassign',
    });
    if (!ok) return false;
    const facts = (reader: Speech) => [
      ...requestFacts(request.case_reference, reader),
      { title: t(reader, 'request.trigger'), value: triggerTitleIn(trigger, reader) },
      { title: t(reader, 'request.urgency'), value: answerByText(reader, urgency, deadline.due.toJSDate(), context) },
    ];
    // Each told in their own language.
    const theirs = await speechOfPerson(trx, context.pack, newcomer.id);
    await notifyPerson(trx, {
      personId: newcomer.id,
      key: `trigger:${request.id}:reassigned:${request.version}:${newcomer.id}`,
      now,
      text: request.case_reference ? t(theirs, 'reassign.noticeForCase', { caseReference: request.case_reference }) : t(theirs, 'reassign.notice'),
      view: {
        card: 'trigger-request',
        speech: theirs,
        data: {
          requestId: request.id,
          escalationNote: t(theirs, 'reassign.note', { name: actor.display_name, reason: input.reason.trim() }, { paragraphs: true }),
          summary: t(theirs, 'request.summary', { name: practitioner.display_name, trigger: triggerTitleIn(trigger, theirs) }, { paragraphs: true }),
          facts: [
            ...facts(theirs),
            { title: t(theirs, 'request.whatHappened'), value: story.experience ?? '' },
            { title: t(theirs, 'request.whatTheyNeed'), value: story.goal ?? '' },
          ],
        },
      },
    });
    const raiserSpeech = await speechOfPerson(trx, context.pack, request.practitioner_id);
    const name = newcomer.display_name;
    await notifyPerson(trx, {
      personId: request.practitioner_id,
      key: `trigger:${request.id}:reassigned:${request.version}:practitioner`,
      now,
      text: request.case_reference
        ? t(raiserSpeech, 'escalation.goneNoticeForCase', { caseReference: request.case_reference, name })
        : t(raiserSpeech, 'escalation.goneNotice', { name }),
      view: {
        card: 'trigger-status',
        speech: raiserSpeech,
        data: {
          title: t(raiserSpeech, 'escalation.goneTitle', { name }),
          text: t(raiserSpeech, 'reassign.passedOn', { name: actor.display_name }, { paragraphs: true }),
          facts: facts(raiserSpeech),
        },
      },
    });
    return true;
  });
  if (!moved) return said(speech, 'reassign.changedTitle', 'reassign.changedText');
  return {
    view: {
      card: 'trigger-status',
      speech,
      data: {
        title: t(speech, 'reassign.passedTitle', { name: newcomer.display_name }),
        text: t(speech, 'reassign.toldText', { name: practitioner.display_name }, { paragraphs: true }),
        facts: requestFacts(request.case_reference, speech),
      },
    },
  };
}

export async function proposeForm(
  context: FlowContext,
  actor: Actor,
  input: { requestId: string },
  state: { date?: string; time?: string; note?: string; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  if (!request) return said(speech, 'common.somethingWrong', 'common.unknownRequest');
  if (request.assigned_to !== actor.id) return refused(context, actor, 'trigger.propose-form', request.id);
  if (request.state !== 'waiting') return said(speech, 'accepted.alreadyTitle', 'propose.alreadyAccepted');
  return proposeView(context, request, state, speech);
}

/** The form to propose a time; with problems, each by its field (the card shows them all beside the date). */
function proposeView(
  context: FlowContext,
  request: Pick<Selectable<TriggerRequestTable>, 'id' | 'case_reference' | 'urgency' | 'respond_by'>,
  state: { date?: string; time?: string; note?: string; errors?: Record<string, string> },
  speech: Speech = 'en-GB',
): FlowResult {
  const now = DateTime.fromJSDate(context.clock.now()).setZone(context.calendar.zone);
  const errors = state.errors ?? {};
  const problems = Object.values(errors);
  return {
    view: {
      card: 'trigger-propose',
      speech,
      data: {
        requestId: request.id,
        intro: inEach(
          speech,
          (locale) => {
            const about = request.case_reference ? t(locale, 'propose.case', { caseReference: request.case_reference }) : t(locale, 'propose.noCase');
            const urgency = t(locale, 'urgency.name', { urgency: request.urgency });
            return request.respond_by
              ? t(locale, 'propose.introBy', { about, urgency, when: momentText(request.respond_by, context.calendar, locale) })
              : t(locale, 'propose.intro', { about, urgency });
          },
          { paragraphs: true },
        ),
        date: state.date ?? now.toISODate(),
        time: state.time ?? now.plus({ hours: 1 }).startOf('hour').toFormat('HH:mm'),
        note: state.note ?? '',
        errors: problems.length > 0 ? { date: problems.join(' ') } : {},
      },
    },
    ...(problems.length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function proposeTime(
  context: FlowContext,
  actor: Actor,
  input: { requestId: string; date: string; time: string; note: string },
): Promise<FlowResult> {
  const request = await context.db.selectFrom('trigger_request').selectAll().where('id', '=', input.requestId).executeTakeFirst();
  if (!request) return message('Something was wrong with that', 'That request is not one I know.');
  if (!(await mayAccept(context, actor, request))) return refused(context, actor, 'trigger.propose', request.id);
  if (request.state !== 'waiting') return acceptTrigger(context, actor, input);
  const proposal = checkProposal(context, request, input);
  if ('errors' in proposal) return proposeView(context, request, { ...input, errors: proposal.errors }, speechOf(context.pack, actor));
  return acceptTrigger(context, actor, input, { at: proposal.at, note: input.note.trim() });
}
