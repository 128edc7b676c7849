// What people do with a group session in their private chat: the presenter gives the case they will
// bring (a case reference, checked against the pack, kept private); after the session a facilitator or
// the team's supervisor takes attendance, and the recorder (the pack's recordedBy) is asked for the
// record by its deadline; the recorder says when it is recorded. Every action is re-authorised here,
// and every change is conditional, so a second click or a stale card changes nothing.
import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { cardCatalog } from '../../cards/catalog.js';
import { recordDeadline } from '../../domain/records/deadline.js';
import { normaliseCaseReference } from '../../domain/triggers/raise.js';
import { caseReferenceProblemIn } from '../checks.js';
import { writeAudit } from '../../store/audit.js';
import type { Actor, FlowContext, FlowResult } from '../context.js';
import { momentText } from '../format.js';
import { notifyPerson } from '../notify.js';
import { citeSource } from '../../domain/policy/cite.js';
import { RECORD_BUTTON } from '../sessions.js';
import { groupRecordIsOfTheCase } from '../recordSubject.js';
import { groupSessionsOf, groupTitle, mayLead, membersOf, privateView, rotasOf, roleWords, teamName, type NamedRota } from './team.js';
import { inEach, t, type Locale, type Speech } from '../../i18n/catalogue.js';
import { said, speechOf, speechOfPerson } from '../speech.js';
import { fieldLabelIn, modelTitleIn } from '../recordWords.js';

type CaseInput = z.output<(typeof cardCatalog)['group-case']['submit']>;
type AttendanceInput = z.output<(typeof cardCatalog)['group-attendance']['submit']>;

export async function loadGroupSession(context: FlowContext, sessionId: string) {
  const session = await context.db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .selectAll('supervision_session')
    .select(['group_session.sequence', 'group_session.presenter_case_reference', 'group_session.recorder_id', 'group_session.recorded_at'])
    .where('supervision_session.id', '=', sessionId)
    .executeTakeFirst();
  if (!session) return undefined;
  const rota = (await rotasOf(context.db, [session.id])).get(session.id)!;
  return { session, rota, team: await teamName(context.db, session.team_id!) };
}
export type Loaded = NonNullable<Awaited<ReturnType<typeof loadGroupSession>>>;

export async function refused(context: FlowContext, actor: Actor, action: string, sessionId: string): Promise<FlowResult> {
  await writeAudit(context.db, {
    at: context.clock.now(),
    actorId: actor.id,
    action: `${action}.refused`,
    objectType: 'supervision_session',
    objectId: sessionId,
  });
  return said(speechOf(context.pack, actor), 'common.notYoursToActOn', 'groupAction.notYoursText');
}

export const unknown = (speech: Speech = 'en-GB') => said(speech, 'common.somethingWrong', 'groupAction.unknownText');

const cancelledAlready = (speech: Speech) => said(speech, 'groupAction.cancelledTitle', 'groupAction.cancelledText');

// ---- the presenter's case -------------------------------------------------------------------

async function forPresenter(context: FlowContext, actor: Actor, sessionId: string): Promise<Loaded | FlowResult> {
  const loaded = await loadGroupSession(context, sessionId);
  const speech = speechOf(context.pack, actor);
  if (!loaded) return unknown(speech);
  if (loaded.rota.presenter?.id !== actor.id) return refused(context, actor, 'group.case', sessionId);
  if (loaded.session.status === 'cancelled') return cancelledAlready(speech);
  if (loaded.session.status !== 'booked' || loaded.session.starts_at <= context.clock.now())
    return said(speech, 'groupAction.tooLateTitle', 'groupAction.tooLateText');
  return loaded;
}

export async function caseForm(
  context: FlowContext,
  actor: Actor,
  input: { sessionId: string },
  state: { values?: Partial<CaseInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const loaded = await forPresenter(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const errors = state.errors ?? {};
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'group-case',
      speech,
      data: {
        title: t(speech, 'group.caseTitle'),
        intro: inEach(
          speech,
          (locale) =>
            t(locale, 'group.caseIntro', {
              team: loaded.team,
              group: groupTitle(context).toLowerCase(),
              when: momentText(loaded.session.starts_at, context.calendar, locale),
            }),
          { paragraphs: true },
        ),
        label: t(speech, 'group.caseLabel', { system: context.pack.caseReference.system }),
        example: context.pack.caseReference.example,
        sessionId: loaded.session.id,
        values: { caseReference: state.values?.caseReference ?? loaded.session.presenter_case_reference ?? '' },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

export async function saveCase(context: FlowContext, actor: Actor, input: CaseInput): Promise<FlowResult> {
  const loaded = await forPresenter(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const problem = caseReferenceProblemIn(speechOf(context.pack, actor), context.pack, input.caseReference);
  if (problem) return caseForm(context, actor, input, { values: input, errors: { caseReference: problem } });
  const reference = normaliseCaseReference(context.pack, input.caseReference);
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    await trx.updateTable('group_session').set({ presenter_case_reference: reference }).where('session_id', '=', loaded.session.id).execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'group.case', objectType: 'supervision_session', objectId: loaded.session.id });
  });
  return said(speechOf(context.pack, actor), 'groupAction.savedTitle', 'groupAction.presentingText', (locale) => ({
    reference,
    team: loaded.team,
    group: groupTitle(context).toLowerCase(),
    when: momentText(loaded.session.starts_at, context.calendar, locale),
  }));
}

// ---- attendance -----------------------------------------------------------------------------

async function forAttendance(context: FlowContext, actor: Actor, sessionId: string): Promise<Loaded | FlowResult> {
  const loaded = await loadGroupSession(context, sessionId);
  const speech = speechOf(context.pack, actor);
  if (!loaded) return unknown(speech);
  if (!mayLead(actor, loaded.session, loaded.rota)) return refused(context, actor, 'group.attendance', sessionId);
  if (loaded.session.status === 'cancelled') return cancelledAlready(speech);
  if (loaded.session.status !== 'booked')
    return said(speech, 'groupAction.takenTitle', 'groupAction.takenText', { status: loaded.session.status === 'held' ? 'held' : 'other' });
  if (loaded.session.starts_at > context.clock.now()) return said(speech, 'groupAction.notYetTitle', 'groupAction.notYetText');
  return loaded;
}

/** The team as it is now, and anyone in the rota who has moved team since. */
async function attendees(context: FlowContext, loaded: Loaded) {
  const members = (await membersOf(context.db, loaded.session.team_id!)).map((member) => ({ id: member.id, name: member.display_name }));
  const holders = [
    ...loaded.rota.facilitators,
    ...(loaded.rota.advisor ? [loaded.rota.advisor] : []),
    ...(loaded.rota.presenter ? [loaded.rota.presenter] : []),
  ];
  for (const holder of holders) if (!members.some((member) => member.id === holder.id)) members.push(holder);
  return members;
}

function roleOf(rota: NamedRota, personId: string) {
  if (rota.presenter?.id === personId) return 'presenter' as const;
  if (rota.advisor?.id === personId) return 'advisor' as const;
  if (rota.facilitators.some((person) => person.id === personId)) return 'facilitator' as const;
  return 'participant' as const;
}

export async function attendanceForm(
  context: FlowContext,
  actor: Actor,
  input: { sessionId: string },
  state: { values?: Partial<AttendanceInput>; errors?: Record<string, string> } = {},
): Promise<FlowResult> {
  const loaded = await forAttendance(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const people = await attendees(context, loaded);
  const errors = state.errors ?? {};
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      card: 'group-attendance',
      speech,
      data: {
        title: t(speech, 'group.attendanceTitle'),
        intro: inEach(
          speech,
          (locale) =>
            t(locale, 'group.attendanceIntro', {
              team: loaded.team,
              group: groupTitle(context).toLowerCase(),
              when: momentText(loaded.session.starts_at, context.calendar, locale),
            }),
          { paragraphs: true },
        ),
        sessionId: loaded.session.id,
        members: people.map((person) => {
          const role = roleOf(loaded.rota, person.id);
          return { title: role === 'participant' ? person.name : `${person.name} (${roleWords[role]})`, value: person.id };
        }),
        values: { attended: state.values?.attended ?? '', notHeld: state.values?.notHeld ?? 'false' },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/** Who records, by the pack's recordedBy; someone who was not there cannot, so then the one taking attendance. */
function recorderOf(context: FlowContext, loaded: Loaded, actor: Actor, attended: Set<string>): string {
  const by = context.pack.kinds.group?.record?.recordedBy;
  const chosen =
    by === 'presenter' ? loaded.rota.presenter?.id : by === 'facilitator' ? loaded.rota.facilitators[0]?.id : (loaded.session.supervisor_id ?? undefined);
  return chosen && attended.has(chosen) ? chosen : actor.id;
}

export async function saveAttendance(context: FlowContext, actor: Actor, input: AttendanceInput): Promise<FlowResult> {
  const loaded = await forAttendance(context, actor, input.sessionId);
  if ('view' in loaded) return loaded;
  const { session, rota, team } = loaded;
  const again = (errors: Record<string, string>) => attendanceForm(context, actor, input, { values: input, errors });
  const people = await attendees(context, loaded);
  const ticked = new Set(
    input.attended
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );
  const notHeld = input.notHeld === 'true';
  const speech = speechOf(context.pack, actor);
  if (notHeld && ticked.size > 0) return again({ attended: t(speech, 'groupAction.leaveUnticked') });
  if (!notHeld && ticked.size === 0) return again({ attended: t(speech, 'groupAction.tickWhoAttended') });
  if ([...ticked].some((id) => !people.some((person) => person.id === id))) return again({ attended: t(speech, 'groupAction.tickOnlyListed') });
  const now = context.clock.now();
  const recorder = notHeld ? undefined : recorderOf(context, loaded, actor, ticked);
  const due =
    recorder && context.pack.kinds.group?.record
      ? recordDeadline({
          pack: context.pack,
          calendar: context.calendar,
          kind: 'group',
          at: DateTime.fromJSDate(session.starts_at).setZone(context.calendar.zone),
        })
      : undefined;
  const saved = await context.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('supervision_session')
      .set({ status: notHeld ? 'not-held' : 'held', record_due_at: due?.due.toJSDate() ?? null, version: session.version + 1, updated_at: now })
      .where('id', '=', session.id)
      .where('version', '=', session.version)
      .where('status', '=', 'booked')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    if (!notHeld) {
      await trx
        .insertInto('group_attendance')
        .values(people.map((person) => ({ session_id: session.id, person_id: person.id, attended: ticked.has(person.id), role: roleOf(rota, person.id) })))
        .execute();
    }
    await trx
      .updateTable('group_session')
      .set({ attendance_by: actor.id, attendance_at: now, recorder_id: recorder ?? null })
      .where('session_id', '=', session.id)
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: notHeld ? 'group.not-held' : 'group.attendance',
      objectType: 'supervision_session',
      objectId: session.id,
      detail: notHeld ? {} : { attended: ticked.size, of: people.length, recorder },
    });
    // Where a child discussed is followed up one-to-one (Cafcass 6.2), each practitioner who attended is told so.
    const followUp = context.pack.group?.caseFollowUp;
    if (!notHeld && followUp && ticked.size > 0) {
      const practitioners = await trx
        .selectFrom('person')
        .select(['id', 'language'])
        .where('id', 'in', [...ticked])
        .where('role', '=', 'practitioner')
        .execute();
      for (const practitioner of practitioners) {
        // Each in their own language; the pack's rule as it words it, marked as its own words for a Welsh reader.
        const theirs = speechOf(context.pack, practitioner);
        const rule = (locale: Locale) => (locale === 'en-GB' ? followUp.text : t(locale, 'common.theirOwnWords', { text: followUp.text }));
        await notifyPerson(trx, {
          personId: practitioner.id,
          key: `group:${session.id}:case-follow-up:${practitioner.id}`,
          now,
          text: t(theirs, 'groupAction.followUpNotice', { team }),
          view: privateView(
            context,
            session,
            rota,
            {
              title: t(theirs, 'groupAction.followUpTitle'),
              text: inEach(theirs, (locale) => t(locale, 'groupAction.followUpText', { rule: rule(locale), system: context.pack.caseReference.system }), {
                paragraphs: true,
              }),
              buttons: [],
              facts: [{ title: t(theirs, 'agreement.ruleFact'), value: citeSource(context.pack, followUp.source) }],
            },
            theirs,
          ),
        });
      }
    }
    if (recorder && due) {
      const model = context.pack.recordingModels[context.pack.kinds.group!.record!.model];
      // In the recorder's language; the pack's template's title and headings in Welsh where it gives them.
      const theirs = await speechOfPerson(trx, context.pack, recorder);
      const storedOn = context.pack.kinds.group?.record?.storedOn;
      const here = groupRecordIsOfTheCase(context);
      const when = (locale: Locale) => momentText(due.due.toJSDate(), context.calendar, locale);
      const ownCase =
        recorder === rota.presenter?.id && session.presenter_case_reference
          ? [{ title: t(theirs, 'request.caseReference'), value: session.presenter_case_reference }]
          : [];
      await notifyPerson(trx, {
        personId: recorder,
        key: `group:${session.id}:record:request`,
        now,
        text: inEach(theirs, (locale) => t(locale, 'groupAction.recordNotice', { team, when: when(locale) })),
        view: privateView(
          context,
          session,
          rota,
          {
            title: t(theirs, 'groupAction.recordTitle'),
            text: inEach(
              theirs,
              (locale) =>
                t(locale, 'groupAction.recordText', {
                  team,
                  group: groupTitle(context).toLowerCase(),
                  hasModel: model ? 'yes' : 'no',
                  model: model ? modelTitleIn(model, locale) : '',
                  stored: storedOn === 'personal-record' ? 'personal' : storedOn === 'both' ? 'both' : 'child',
                  system: context.pack.caseReference.system,
                  organisation: context.pack.organisation,
                  here: here ? 'yes' : 'no',
                }),
              { paragraphs: true },
            ),
            buttons: [
              ...(here ? [{ ...RECORD_BUTTON, title: t(theirs, 'session.recordIt') }] : []),
              { title: t(theirs, 'groupAction.iHaveRecorded'), verb: 'group.recorded' },
            ],
            facts: [
              {
                title: t(theirs, 'groupAction.recordBy'),
                value: inEach(theirs, (locale) => t(locale, 'groupAction.recordByValue', { when: when(locale), rule: due.rule })),
              },
              ...ownCase,
            ],
            // The pack's template (Bexley's appendix 4), so the record holds what the policy asks for.
            ...(model
              ? {
                  lists: [
                    {
                      title: inEach(theirs, (locale) => t(locale, 'groupAction.whatItHolds', { model: modelTitleIn(model, locale) })),
                      text: model.fields.map((field) => `- ${fieldLabelIn(field, theirs)}`).join('\n'),
                    },
                  ],
                }
              : {}),
          },
          theirs,
        ),
      });
    }
    return true;
  });
  if (!saved) return said(speech, 'groupAction.takenTitle', 'groupAction.takenMeanwhileText');
  if (notHeld) {
    // The series has gone on already (the next session is made when one starts): holding it sooner means moving that one.
    const next = await groupSessionsOf(context.db, session.team_id!)
      .where('group_session.sequence', '>', session.sequence)
      .where('supervision_session.status', '=', 'booked')
      .clearOrderBy()
      .orderBy('group_session.sequence')
      .executeTakeFirst();
    return said(speech, 'groupAction.notHeldTitle', 'groupAction.notHeldText', (locale) => ({
      team,
      when: momentText(session.starts_at, context.calendar, locale),
      hasNext: next ? 'yes' : 'no',
      next: next ? momentText(next.starts_at, context.calendar, locale) : '',
    }));
  }
  const recorderName = people.find((person) => person.id === recorder)?.name ?? actor.display_name;
  return said(speech, 'groupAction.attendanceSavedTitle', 'groupAction.attendanceSavedText', (locale) => ({
    attended: String(ticked.size),
    people: String(people.length),
    recorder: due ? (recorder === actor.id ? 'you' : 'someone') : 'none',
    name: recorderName,
    when: due ? momentText(due.due.toJSDate(), context.calendar, locale) : '',
    organisation: context.pack.organisation,
    rule: due?.rule ?? '',
  }));
}

// ---- the record -----------------------------------------------------------------------------

export async function markRecorded(context: FlowContext, actor: Actor, input: { sessionId: string }): Promise<FlowResult> {
  const loaded = await loadGroupSession(context, input.sessionId);
  const speech = speechOf(context.pack, actor);
  if (!loaded) return unknown(speech);
  if (loaded.session.recorder_id !== actor.id) return refused(context, actor, 'group.recorded', input.sessionId);
  const now = context.clock.now();
  const marked = await context.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('group_session')
      .set({ recorded_at: now })
      .where('session_id', '=', input.sessionId)
      .where('recorded_at', 'is', null)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'group.recorded', objectType: 'supervision_session', objectId: input.sessionId });
    return true;
  });
  if (!marked) return said(speech, 'groupAction.markedAlreadyTitle', 'groupAction.markedAlreadyText');
  return said(speech, 'groupAction.thanksTitle', 'groupAction.thanksText', { team: loaded.team });
}
