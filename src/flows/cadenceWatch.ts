// The cadence watch: when a practitioner's scheduled supervision is past its due date with none held,
// their supervisor and the supervisor's manager are told, once, then once a week while it stays
// overdue. The due dates come from the policy engine; each notice is a keyed sweeper item.
import type { Kysely } from 'kysely';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { Actor, FlowContext } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { duesOf, kindTitle } from './schedule.js';

/** The watch reads every practitioner's schedule, so it looks at most once an hour in each replica. */
const LOOK_EVERY_MS = 60 * 60_000;

export function cadenceWatchProvider(context: FlowContext): DueProvider {
  let lastLook = Number.NEGATIVE_INFINITY;
  return {
    name: 'overdue scheduled supervision',
    async due(db: Kysely<Database>, now: Date) {
      if (now.getTime() - lastLook < LOOK_EVERY_MS) return [];
      lastLook = now.getTime();
      const day = today(now, context.calendar);
      const practitioners = (await db.selectFrom('person').selectAll().where('role', '=', 'practitioner').where('cohort', 'is not', null).execute()) as Actor[];
      const items: DueItem[] = [];
      for (const person of practitioners) {
        const outcome = await duesOf(context, person, day);
        if (!outcome.ok) continue;
        // One notice per kind: the latest overdue due date (months missed in a row are one story).
        const latest = new Map<string, (typeof outcome.dues)[number]>();
        for (const entry of outcome.dues)
          if (entry.status === 'overdue' && (latest.get(entry.kind)?.date ?? -Infinity) < entry.date) latest.set(entry.kind, entry);
        for (const due of latest.values()) {
          const weeks = Math.floor((day - due.date) / 7);
          items.push({
            key: `overdue:${person.id}:${due.kind}:${formatIsoDate(due.date)}:week-${weeks}`,
            apply: async (trx, at) => {
              const supervisor = await trx
                .selectFrom('supervision_relationship')
                .select('supervisor_id')
                .where('supervisee_id', '=', person.id)
                .where('ended_on', 'is', null)
                .executeTakeFirst();
              if (!supervisor) return;
              const manager = await trx
                .selectFrom('supervision_relationship')
                .select('supervisor_id')
                .where('supervisee_id', '=', supervisor.supervisor_id)
                .where('ended_on', 'is', null)
                .executeTakeFirst();
              const what = `${person.display_name}'s ${kindTitle(context, due.kind).toLowerCase()} was due by ${dayText(due.date)} and none has been held`;
              const since = weeks === 0 ? '' : ` (overdue ${weeks} week${weeks === 1 ? '' : 's'})`;
              for (const [role, recipient] of [
                ['supervisor', supervisor.supervisor_id],
                ['manager', manager?.supervisor_id],
              ] as const) {
                if (!recipient) continue;
                await notifyPerson(trx, {
                  personId: recipient,
                  key: `overdue:${person.id}:${due.kind}:${formatIsoDate(due.date)}:week-${weeks}:${role}`,
                  now: at,
                  text: `Supervision overdue for ${person.display_name}`,
                  view: {
                    card: 'trigger-status',
                    data: {
                      title: 'Supervision is overdue',
                      text: `${what}${since}. ${role === 'supervisor' ? 'Please book it as soon as you can.' : 'You are told as their supervisor’s manager.'}`,
                      facts: [{ title: 'Rule', value: due.source }],
                    },
                  },
                });
              }
            },
          });
        }
      }
      return items;
    },
  };
}
