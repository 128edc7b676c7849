// The sweeper's escalations: a trigger nobody accepted within its response time goes to the next
// person in the pack's escalation chain; the practitioner and the one who did not answer are told.
// After the top of the chain, the safeguarding lead is alerted, once. Each step is keyed, so two
// replicas or a restart never escalate twice.
import { DateTime } from 'luxon';
import { sql, type Kysely } from 'kysely';
import type { DueProvider } from '../delivery/sweeper.js';
import { responseDeadline } from '../domain/records/deadline.js';
import { triggerTitle } from '../domain/triggers/raise.js';
import type { Urgency } from '../domain/policy/schema.js';
import { pastResponseTime, triggersPastResponseTime } from '../store/dueQueries.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { momentText } from './format.js';
import { notifyPerson } from './notify.js';
import { notToOf, responderAvoiding, safeguardingLeads } from './responders.js';
import { moveTrigger } from './triggerLog.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { aboutCase, raiserOf, requestFacts } from './requestCase.js';

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
          const title = triggerTitle(trigger);
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
              await notifyPerson(trx, {
                personId: lead,
                key: `trigger:${current.id}:safeguarding:${lead}`,
                now: at,
                text: `Nobody has answered a request for supervision${aboutCase(current.case_reference, 'on')}`,
                view: {
                  card: 'trigger-status',
                  data: {
                    title: 'Nobody has answered this request',
                    text: `As ${context.pack.escalation.safeguardingLead.title}: ${practitioner.display_name} asked for supervision and nobody in the escalation chain has accepted it.`,
                    facts: [
                      ...requestFacts(current.case_reference),
                      { title: 'Trigger', value: title },
                      { title: 'Raised', value: momentText(current.raised_at, context.calendar) },
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
          const facts = [
            ...requestFacts(current.case_reference),
            { title: 'Trigger', value: title },
            { title: 'Urgency', value: `${urgency}: answer by ${momentText(respondBy, context.calendar)}` },
          ];
          const raised = await trx
            .selectFrom('trigger_event')
            .select('detail')
            .where('trigger_request_id', '=', current.id)
            .orderBy('id')
            .executeTakeFirstOrThrow();
          const story = raised.detail as { experience?: string; goal?: string };
          await notifyPerson(trx, {
            personId: next.personId,
            key: `trigger:${current.id}:assigned:${next.level}:${next.personId}`,
            now: at,
            text: `Supervision requested${aboutCase(current.case_reference)} (escalated to you)`,
            view: {
              card: 'trigger-request',
              data: {
                requestId: current.id,
                escalationNote: 'Escalated to you: nobody accepted this request in time.',
                summary: `${practitioner.display_name} asks for supervision: ${title}.`,
                facts: [...facts, { title: 'What happened', value: story.experience ?? '' }, { title: 'What they need', value: story.goal ?? '' }],
              },
            },
          });
          const nextName = (await trx.selectFrom('person').select('display_name').where('id', '=', next.personId).executeTakeFirstOrThrow()).display_name;
          await notifyPerson(trx, {
            // Whoever raised it: the practitioner, or the supervisor who raised it about them (supervisorRaise.ts).
            personId: await raiserOf(trx, current),
            key: `trigger:${current.id}:escalated:${next.level}:practitioner`,
            now: at,
            text: `Your request${aboutCase(current.case_reference)} has gone to ${nextName}`,
            view: {
              card: 'trigger-status',
              data: { title: `Your request has gone to ${nextName}`, text: 'Nobody accepted it in time, so it has moved up the escalation chain.', facts },
            },
          });
          if (previous) {
            await notifyPerson(trx, {
              personId: previous,
              key: `trigger:${current.id}:escalated:${next.level}:previous`,
              now: at,
              text: `A request you did not answer in time has gone to ${nextName}`,
              view: {
                card: 'trigger-status',
                data: {
                  title: `Escalated to ${nextName}`,
                  text: `${practitioner.display_name}'s request was not accepted in time, so it has gone to ${nextName}.`,
                  facts,
                },
              },
            });
          }
        },
      }));
    },
  };
}
