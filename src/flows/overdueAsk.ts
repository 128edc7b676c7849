// The supervisee's own duty (Bexley, quality assuring supervision a): someone whose supervision is
// overdue is told, once for each overdue date, with buttons to raise it with their supervisor or the
// next manager. Pressing one is checked again on the server: it is still overdue, and the person asked
// is still their supervisor or that supervisor's manager. Each ask reaches its person once.
import type { DueItem } from '../delivery/sweeper.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { citeSource } from '../domain/policy/cite.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { overdueRuns, overdueText, type OverdueRun } from './overdue.js';
import { countOverdueText } from './countInYear.js';
import { relationshipOf } from './responders.js';
import { duesOf, kindTitle } from './schedule.js';

/** "formal supervision was due by Mon 12 Oct 2026 and none has been held", or, for several missed, since when. */
const overdueStory = (kindText: string, run: OverdueRun) =>
  run.missed === 1
    ? `${kindText} was due by ${dayText(run.latest.date)} and none has been held`
    : `${kindText} has been ${overdueText(run)}; the latest was due by ${dayText(run.latest.date)}`;

/** The notice to the supervisee of their own overdue supervision, where the pack asks for it. */
export function ownOverdueItem(context: FlowContext, person: Pick<Actor, 'id'>, run: OverdueRun): DueItem[] {
  const rule = context.pack.superviseeRaisesOverdue;
  if (!rule) return [];
  const due = run.latest;
  const key = `overdue-own:${person.id}:${due.kind}:${formatIsoDate(due.date)}`;
  return [
    {
      key,
      apply: async (trx, at) => {
        const supervisor = await relationshipOf(trx, person.id);
        if (!supervisor) return;
        const manager = await relationshipOf(trx, supervisor.supervisor_id);
        const names = await trx
          .selectFrom('person')
          .select(['id', 'display_name'])
          .where('id', 'in', [supervisor.supervisor_id, ...(manager ? [manager.supervisor_id] : [])])
          .execute();
        const nameOf = (id: string) => names.find((row) => row.id === id)?.display_name ?? 'them';
        const kindText = kindTitle(context, due.kind).toLowerCase();
        await notifyPerson(trx, {
          personId: person.id,
          key,
          now: at,
          text: 'Your supervision is overdue',
          view: {
            card: 'notice',
            data: {
              title: 'Your supervision is overdue',
              text: `Your ${countOverdueText(run) ? `${kindText}: ${countOverdueText(run)}` : overdueStory(kindText, run)}. The ${context.pack.organisation} policy asks you to raise this with your supervisor or the next manager. Choose who to ask and I will tell them.`,
              facts: [{ title: 'Rule', value: citeSource(context.pack, rule.source) }],
              buttons: [
                { title: `Ask ${nameOf(supervisor.supervisor_id)}`, verb: 'overdue.ask', data: { kind: due.kind, to: 'supervisor' } },
                ...(manager ? [{ title: `Ask ${nameOf(manager.supervisor_id)}`, verb: 'overdue.ask', data: { kind: due.kind, to: 'manager' } }] : []),
              ],
            },
          },
        });
      },
    },
  ];
}

/** "Ask my supervisor" (or the next manager): re-checked now, then told once for this overdue date. */
export async function askAboutOverdue(context: FlowContext, actor: Actor, input: { kind: string; to: 'supervisor' | 'manager' }): Promise<FlowResult> {
  if (!context.pack.superviseeRaisesOverdue) return message('Not available', `The ${context.pack.organisation} policy does not ask for this. Nothing was sent.`);
  const outcome = await duesOf(context, actor, today(context.clock.now(), context.calendar));
  const run = outcome.ok ? overdueRuns(outcome.dues).find((candidate) => candidate.kind === input.kind) : undefined;
  if (!run) return message('Nothing to raise', 'That supervision is not overdue now, so nobody was told.');
  const supervisor = await relationshipOf(context.db, actor.id);
  const manager = supervisor ? await relationshipOf(context.db, supervisor.supervisor_id) : undefined;
  const recipientId = input.to === 'supervisor' ? supervisor?.supervisor_id : manager?.supervisor_id;
  if (!recipientId) {
    return message('Nobody to ask', `The directory records no ${input.to === 'supervisor' ? 'supervisor' : 'manager above your supervisor'} for you. Please ask your administrator.`);
  }
  const recipient = await context.db.selectFrom('person').select(['display_name']).where('id', '=', recipientId).executeTakeFirstOrThrow();
  const kindText = kindTitle(context, input.kind as SupervisionKind).toLowerCase();
  const due = run.latest;
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    await notifyPerson(trx, {
      personId: recipientId,
      key: `overdue-asked:${actor.id}:${input.kind}:${formatIsoDate(due.date)}:${input.to}`,
      now,
      text: `${actor.display_name} asks for their supervision`,
      view: {
        card: 'notice',
        data: {
          title: `${actor.display_name} asks for their supervision`,
          text: `${actor.display_name}'s ${overdueStory(kindText, run)}. They ask you${input.to === 'manager' ? ', as their supervisor’s manager,' : ''} to make sure it is booked.`,
          facts: [{ title: 'Rule', value: citeSource(context.pack, context.pack.superviseeRaisesOverdue!.source) }],
          ...(input.to === 'supervisor' ? { buttons: [{ title: 'Book it', verb: 'book.for', data: { supervisee: actor.id } }] } : {}),
        },
      },
    });
  });
  return message('Asked', `I have told ${recipient.display_name} that your ${kindText} is ${overdueText(run)}.`);
}
