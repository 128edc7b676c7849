// The sweeper's watch on recording deadlines: an accepted trigger not yet recorded gets a reminder to
// its supervisor halfway to the deadline, and once the deadline passes the supervisor and their
// manager are told. Each is keyed, so it is sent once.
import type { Kysely } from 'kysely';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { momentText } from './format.js';
import { notifyPerson } from './notify.js';

export function recordDeadlineProvider(context: FlowContext): DueProvider {
  return {
    name: 'recording deadlines',
    async due(db: Kysely<Database>, now: Date) {
      const accepted = await db
        .selectFrom('trigger_request')
        .select(['id', 'assigned_to', 'case_reference', 'record_remind_at', 'record_due_at'])
        .where('state', '=', 'accepted')
        .where('record_due_at', 'is not', null)
        .where('record_remind_at', '<=', now)
        .limit(500)
        .execute();
      const items: DueItem[] = [];
      for (const request of accepted) {
        const overdue = request.record_due_at! <= now;
        items.push({
          key: `record-due:${request.id}:${overdue ? 'overdue' : 'reminder'}`,
          apply: async (trx, at) => {
            const current = await trx
              .selectFrom('trigger_request')
              .select(['state', 'assigned_to'])
              .where('id', '=', request.id)
              .forUpdate()
              .executeTakeFirst();
            if (current?.state !== 'accepted' || !current.assigned_to) return;
            const due = momentText(request.record_due_at!, context.calendar);
            await notifyPerson(trx, {
              personId: current.assigned_to,
              key: `record-due:${request.id}:${overdue ? 'overdue' : 'reminder'}:supervisor`,
              now: at,
              text: overdue
                ? `The supervision record for case ${request.case_reference} is overdue`
                : `The supervision record for case ${request.case_reference} is due by ${due}`,
              view: {
                card: 'trigger-status',
                data: {
                  title: overdue ? 'A supervision record is overdue' : 'A supervision record is due soon',
                  text: overdue ? `It was due by ${due}. Your manager has been told.` : `Record it by ${due}.`,
                  facts: [{ title: 'Case reference', value: request.case_reference ?? '' }],
                  requestId: request.id,
                  buttons: [{ title: 'Record the discussion', verb: 'record.open' }],
                },
              },
            });
            if (!overdue) return;
            const manager = await trx
              .selectFrom('supervision_relationship')
              .select('supervisor_id')
              .where('supervisee_id', '=', current.assigned_to)
              .where('ended_on', 'is', null)
              .executeTakeFirst();
            if (!manager) return;
            const supervisor = await trx.selectFrom('person').select('display_name').where('id', '=', current.assigned_to).executeTakeFirstOrThrow();
            await notifyPerson(trx, {
              personId: manager.supervisor_id,
              key: `record-due:${request.id}:overdue:manager`,
              now: at,
              text: `A supervision record for case ${request.case_reference} is overdue`,
              view: {
                card: 'trigger-status',
                data: {
                  title: 'A supervision record is overdue',
                  text: `${supervisor.display_name} has not recorded a situational supervision that was due by ${due}.`,
                  facts: [{ title: 'Case reference', value: request.case_reference ?? '' }],
                  requestId: request.id,
                  buttons: [],
                },
              },
            });
          },
        });
      }
      return items;
    },
  };
}
