// "My upcoming supervision" and "my team": the policy engine's due dates for people in the directory,
// counted from the sessions the store says were held.
import type { SupervisionKind } from '../domain/policy/schema.js';
import { personSchedule, type ScheduledDue } from '../domain/schedule/schedule.js';
import { parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { SUPERVISING_ROLES, message } from './context.js';
import { dayText, today } from './format.js';

const HORIZON_DAYS = 90;

type Outcome = { ok: true; dues: ScheduledDue[]; basis: string } | { ok: false; reason: string };

export async function duesOf(context: FlowContext, person: Actor, from: DayNumber): Promise<Outcome> {
  const cohort = person.cohort ? context.pack.cohorts[person.cohort] : undefined;
  if (!person.cohort || !cohort) {
    return { ok: false, reason: `no supervision cohort of the ${context.pack.organisation} policy is recorded in the directory` };
  }
  const start = person.start_date ? parseIsoDate(person.start_date) : cohort.needsStartDate ? undefined : today(person.created_at, context.calendar);
  if (start === undefined) return { ok: false, reason: 'no start date is recorded in the directory, and this cohort counts from it' };
  const sessions = await context.db
    .selectFrom('supervision_session')
    .select(['kind', 'starts_at'])
    .where('supervisee_id', '=', person.id)
    .where('status', '=', 'held')
    .execute();
  const held: Partial<Record<SupervisionKind, DayNumber[]>> = {};
  for (const session of sessions) (held[session.kind as SupervisionKind] ??= []).push(today(session.starts_at, context.calendar));
  const dues = personSchedule({
    pack: context.pack,
    calendar: context.calendar,
    cohortId: person.cohort,
    start,
    held,
    from,
    today: from,
    until: from + HORIZON_DAYS,
  }).filter((due) => due.status === 'planned' || due.status === 'overdue');
  return { ok: true, dues, basis: `${cohort.title}, counted from ${dayText(start)}` };
}

export const kindTitle = (context: FlowContext, kind: SupervisionKind) => context.pack.kinds[kind]?.title ?? kind;

export async function upcoming(context: FlowContext, actor: Actor): Promise<FlowResult> {
  const from = today(context.clock.now(), context.calendar);
  const outcome = await duesOf(context, actor, from);
  if (!outcome.ok) {
    return {
      view: {
        card: 'upcoming',
        data: { dues: [], emptyText: `I can't tell when your supervision is due: ${outcome.reason}. Please ask your administrator.`, basis: '' },
      },
    };
  }
  return {
    view: {
      card: 'upcoming',
      data: {
        dues: outcome.dues.slice(0, 12).map((due) => ({
          date: dayText(due.date),
          what: `${kindTitle(context, due.kind)}${due.status === 'overdue' ? ' (overdue)' : ''}`,
        })),
        emptyText: `Nothing is due in the next ${HORIZON_DAYS} days.`,
        basis: `${outcome.basis}. Rules from the ${context.pack.organisation} supervision policy.`,
      },
    },
  };
}

export async function team(context: FlowContext, actor: Actor): Promise<FlowResult> {
  if (!SUPERVISING_ROLES.includes(actor.role)) return message('Only for supervisors', 'This shows the supervision of the people you supervise.');
  const from = today(context.clock.now(), context.calendar);
  const supervisees = await context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisee_id')
    .selectAll('person')
    .where('supervision_relationship.ended_on', 'is', null)
    .where((where) =>
      where.or([where('supervision_relationship.supervisor_id', '=', actor.id), where('supervision_relationship.cover_supervisor_id', '=', actor.id)]),
    )
    .orderBy('person.display_name')
    .execute();
  const rows = [];
  for (const person of supervisees.slice(0, 40)) {
    const outcome = await duesOf(context, person, from);
    let next: string;
    if (!outcome.ok) next = `Unknown: ${outcome.reason}`;
    else if (outcome.dues.length === 0) next = `Nothing due in the next ${HORIZON_DAYS} days`;
    else {
      const due = outcome.dues[0]!;
      next = `${kindTitle(context, due.kind)} ${due.status === 'overdue' ? 'overdue since' : 'due by'} ${dayText(due.date)}`;
    }
    rows.push({ name: person.display_name, next });
  }
  return { view: { card: 'team', data: { supervisees: rows } } };
}
