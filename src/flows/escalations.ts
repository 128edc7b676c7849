// The sweeper's escalations: a trigger nobody accepted within its response time goes to the next
// person in the pack's escalation chain; the practitioner and the one who did not answer are told.
// After the top of the chain, the safeguarding lead is alerted, once. Each step is keyed, so two
// replicas or a restart never escalate twice.
import { DateTime } from 'luxon';
import { sql, type Kysely } from 'kysely';
import type { DueProvider } from '../delivery/sweeper.js';
import { responseDeadline } from '../domain/records/deadline.js';
import type { Urgency } from '../domain/policy/schema.js';
import { pastResponseTime, triggersPastResponseTime } from '../store/dueQueries.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { momentText } from './format.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';
import { speechOfPerson, triggerTitleIn } from './speech.js';
import { notifyPerson } from './notify.js';
import { notToOf, responderAvoiding, safeguardingLeads } from './responders.js';
import { moveTrigger } from './triggerLog.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { raiserOf, requestFacts } from './requestCase.js';

export function escalationProvider(context: FlowContext): DueProvider {
  return {
    name: 'trigger escalations',
    anyDue: (db, now) => sql<boolean>`exists (${pastResponseTime(db, now)})`,
    async due(db: Kysely<Database>, now: Date) {
      const overdue = await triggersPastResponseTime(db, now);
      return overdue.map((request) => ({
        key: `escalate:${request.id}:from-level:${request.escalation_level}`,
        apply: async (trx, at) => {
          const current = await trx.selectFrom('trigger_request').selectAll().where('id', '=', request.id).forUpdate().executeTakeFirst();
          // Accepted meanwhile, or already moved on: nothing to do.
          if (
            !current ||
            current.state !== 'waiting' ||
            current.escalation_level !== request.escalation_level ||
            !current.respond_by ||
            current.respond_by > at
          )
            return;
          const trigger = current.trigger_id ? entryOf(context.pack.triggers, current.trigger_id) : undefined;
          const practitioner = await trx
            .selectFrom('person')
            .select(['id', 'display_name'])
            .where('id', '=', current.practitioner_id)
            .executeTakeFirstOrThrow();
          const day = DateTime.fromJSDate(at).setZone(context.calendar.zone).toISODate()!;
          // A concern about the line manager never climbs to them (Cymru 4.4).
          const notTo = await notToOf(trx, trigger, current.practitioner_id);
          const next = await responderAvoiding(trx, context.pack, current.practitioner_id, current.escalation_level + 1, day, notTo);
          const previous = current.assigned_to;

          if (!next) {
            // The top of the chain did not answer: the safeguarding lead is alerted, and escalation stops.
            await moveTrigger(trx, {
              id: current.id,
              version: current.version,
              from: 'waiting',
              to: 'waiting',
              set: { escalation_level: context.pack.escalation.chain.length + 1, respond_by: null },
              actorId: null,
              at,
              detail: { safeguardingAlert: true },
              audit: 'trigger.safeguarding-alert',
            });
            for (const lead of await safeguardingLeads(trx, context.pack, notTo)) {
              const theirs = await speechOfPerson(trx, context.pack, lead);
              await notifyPerson(trx, {
                personId: lead,
                key: `trigger:${current.id}:safeguarding:${lead}`,
                now: at,
                text: current.case_reference
                  ? t(theirs, 'escalation.safeguardingNoticeOnCase', { caseReference: current.case_reference })
                  : t(theirs, 'escalation.safeguardingNotice'),
                view: {
                  card: 'trigger-status',
                  speech: theirs,
                  data: {
                    title: t(theirs, 'escalation.safeguardingTitle'),
                    text: t(
                      theirs,
                      'escalation.safeguardingText',
                      { role: context.pack.escalation.safeguardingLead.title, name: practitioner.display_name },
                      { paragraphs: true },
                    ),
                    facts: [
                      ...requestFacts(current.case_reference, theirs),
                      { title: t(theirs, 'request.trigger'), value: triggerTitleIn(trigger, theirs) },
                      { title: t(theirs, 'escalation.raised'), value: momentText(current.raised_at, context.calendar, theirs) },
                    ],
                  },
                },
              });
            }
            return;
          }

          const urgency = current.urgency as Urgency;
          const raisedAt = DateTime.fromJSDate(at).setZone(context.calendar.zone);
          const deadline = responseDeadline({
            pack: context.pack,
            calendar: context.calendar,
            triggerId: trigger ? current.trigger_id : null,
            urgency,
            raisedAt,
          });
          const respondBy = deadline.due.toJSDate();
          await moveTrigger(trx, {
            id: current.id,
            version: current.version,
            from: 'waiting',
            to: 'waiting',
            set: { assigned_to: next.personId, escalation_level: next.level, respond_by: respondBy },
            actorId: null,
            at,
            detail: { assignedTo: next.personId, level: next.level, escalatedFrom: previous },
            audit: 'trigger.escalate',
          });
          const facts = (speech: Speech) => [
            ...requestFacts(current.case_reference, speech),
            { title: t(speech, 'request.trigger'), value: triggerTitleIn(trigger, speech) },
            {
              title: t(speech, 'request.urgency'),
              value: inEach(speech, (locale) =>
                t(locale, 'request.urgencyAnswerBy', {
                  urgency: t(locale, 'urgency.name', { urgency }),
                  when: momentText(respondBy, context.calendar, locale),
                }),
              ),
            },
          ];
          const raised = await trx
            .selectFrom('trigger_event')
            .select('detail')
            .where('trigger_request_id', '=', current.id)
            .orderBy('id')
            .executeTakeFirstOrThrow();
          const story = raised.detail as { experience?: string; goal?: string };
          const nextSpeech = await speechOfPerson(trx, context.pack, next.personId);
          await notifyPerson(trx, {
            personId: next.personId,
            key: `trigger:${current.id}:assigned:${next.level}:${next.personId}`,
            now: at,
            text: current.case_reference
              ? t(nextSpeech, 'escalation.noticeForCase', { caseReference: current.case_reference })
              : t(nextSpeech, 'escalation.notice'),
            view: {
              card: 'trigger-request',
              speech: nextSpeech,
              data: {
                requestId: current.id,
                escalationNote: t(nextSpeech, 'escalation.note', {}, { paragraphs: true }),
                summary: t(
                  nextSpeech,
                  'request.summary',
                  { name: practitioner.display_name, trigger: triggerTitleIn(trigger, nextSpeech) },
                  { paragraphs: true },
                ),
                facts: [
                  ...facts(nextSpeech),
                  { title: t(nextSpeech, 'request.whatHappened'), value: story.experience ?? '' },
                  { title: t(nextSpeech, 'request.whatTheyNeed'), value: story.goal ?? '' },
                ],
              },
            },
          });
          const nextName = (await trx.selectFrom('person').select('display_name').where('id', '=', next.personId).executeTakeFirstOrThrow()).display_name;
          // Whoever raised it: the practitioner, or the supervisor who raised it about them (supervisorRaise.ts).
          const raiser = await raiserOf(trx, current);
          const raiserSpeech = await speechOfPerson(trx, context.pack, raiser);
          await notifyPerson(trx, {
            personId: raiser,
            key: `trigger:${current.id}:escalated:${next.level}:practitioner`,
            now: at,
            text: current.case_reference
              ? t(raiserSpeech, 'escalation.goneNoticeForCase', { caseReference: current.case_reference, name: nextName })
              : t(raiserSpeech, 'escalation.goneNotice', { name: nextName }),
            view: {
              card: 'trigger-status',
              speech: raiserSpeech,
              data: {
                title: t(raiserSpeech, 'escalation.goneTitle', { name: nextName }),
                text: t(raiserSpeech, 'escalation.goneText', {}, { paragraphs: true }),
                facts: facts(raiserSpeech),
              },
            },
          });
          if (previous) {
            const previousSpeech = await speechOfPerson(trx, context.pack, previous);
            await notifyPerson(trx, {
              personId: previous,
              key: `trigger:${current.id}:escalated:${next.level}:previous`,
              now: at,
              text: t(previousSpeech, 'escalation.previousNotice', { name: nextName }),
              view: {
                card: 'trigger-status',
                speech: previousSpeech,
                data: {
                  title: t(previousSpeech, 'escalation.previousTitle', { name: nextName }),
                  text: t(previousSpeech, 'escalation.previousText', { practitioner: practitioner.display_name, name: nextName }, { paragraphs: true }),
                  facts: facts(previousSpeech),
                },
              },
            });
          }
        },
      }));
    },
  };
}
