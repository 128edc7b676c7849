// Speaking to a supervisor other than one's own (Cumberland 12): "agreed by all 3 parties, time limited
// and recorded". The practitioner asks (on the raise form, by choosing someone else), naming until when;
// each party the pack names is asked to agree on a card of their own (only they may answer), and the own
// supervisor is told in any case. Until everyone agrees, and again after the end date, requests go to the
// own supervisor. The sweeper ends an arrangement after its last day, in working hours, and tells the three
// once; every step is in the audit log.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import { citeSource } from '../domain/policy/cite.js';
import { agreedByWords } from '../domain/policy/differentSupervisor.js';
import { formatIsoDate, parseIsoDate } from '../domain/time/localDate.js';
import { writeAudit } from '../store/audit.js';
import type { Database, DifferentSupervisorTable, PartyAnswer } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { dayText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { relationshipOf } from './responders.js';

type Db = Kysely<Database> | Transaction<Database>;
type Arrangement = Selectable<DifferentSupervisorTable>;
type Choice = { title: string; value: string };

/** The choice that keeps the practitioner's own supervisor (Slack options need a value). */
export const OWN_SUPERVISOR = 'own';

const todayText = (context: FlowContext) => formatIsoDate(today(context.clock.now(), context.calendar));
const untilText = (endsOn: string | null) => (endsOn ? `until ${dayText(parseIsoDate(endsOn)!)}` : 'with no end date');

/** The arrangements agreed and not past their last day: with whom, and until when. */
async function inForce(db: Db, practitionerId: string, day: string) {
  return db
    .selectFrom('different_supervisor')
    .innerJoin('person', 'person.id', 'different_supervisor.other_id')
    .select(['different_supervisor.id', 'different_supervisor.other_id', 'different_supervisor.ends_on', 'person.display_name'])
    .where('different_supervisor.practitioner_id', '=', practitionerId)
    .where('different_supervisor.state', '=', 'agreed')
    .where((where) => where.or([where('different_supervisor.ends_on', 'is', null), where('different_supervisor.ends_on', '>=', day)]))
    .execute();
}

/** The arrangement in force with this person today, if any: a request may go to them. */
export async function arrangementWith(context: FlowContext, practitionerId: string, otherId: string) {
  return (await inForce(context.db, practitionerId, todayText(context))).find((arrangement) => arrangement.other_id === otherId);
}

/** Someone the practitioner may choose instead of their own supervisor: agreed with them and in force, or to ask for. */
type Candidate = { id: string; name: string; agreed?: { endsOn: string | null } };

/** Who supervises, but for the practitioner's own supervisor: those agreed with them in force first. */
async function candidates(context: FlowContext, actor: Actor): Promise<Candidate[]> {
  const own = await relationshipOf(context.db, actor.id);
  const agreed = await inForce(context.db, actor.id, todayText(context));
  const people = await context.db
    .selectFrom('person')
    .select(['id', 'display_name'])
    .where('role', 'in', ['supervisor', 'manager', 'senior-manager'])
    .where('id', '<>', actor.id)
    .orderBy('display_name')
    .limit(99)
    .execute();
  const agreedWith = new Set(agreed.map((arrangement) => arrangement.other_id));
  return [
    ...agreed.map((arrangement) => ({ id: arrangement.other_id, name: arrangement.display_name, agreed: { endsOn: arrangement.ends_on } })),
    ...people
      .filter((person) => person.id !== own?.supervisor_id && !agreedWith.has(person.id))
      .map((person) => ({ id: person.id, name: person.display_name })),
  ];
}

/**
 * The raise form's choices, where the pack allows a different supervisor: their own supervisor, each agreed
 * with them in force (named with its end date), then anyone else who supervises, to ask for.
 */
export async function otherSupervisors(context: FlowContext, actor: Actor): Promise<Choice[]> {
  if (!context.pack.differentSupervisor) return [];
  return [
    { title: 'My own supervisor', value: OWN_SUPERVISOR },
    ...(await candidates(context, actor)).map((candidate) => ({
      title: candidate.agreed ? `${candidate.name}, agreed ${untilText(candidate.agreed.endsOn)}` : `${candidate.name}, to ask for`,
      value: candidate.id,
    })),
  ];
}

/** The raise form's label for the choice: what the policy asks, in a line. */
export function askInsteadLabel(context: FlowContext): string {
  const rule = context.pack.differentSupervisor;
  if (!rule) return '';
  return `Ask someone other than your supervisor? ${agreedByWords(rule.agreedBy, 'to-practitioner').replace(/^./, (first) => first.toUpperCase())} must agree first${
    rule.timeLimited ? ', for a limited time' : ''
  } (${citeSource(context.pack, rule.source)}); until then it goes to your own supervisor.`;
}

/** The practitioner's form: with whom, until when. `intro` says why it is shown (a request went to the own supervisor). */
export async function askForm(
  context: FlowContext,
  actor: Actor,
  state: { arrangementId: string; intro?: string; values?: { other?: string; endsOn?: string }; errors?: Record<string, string> },
): Promise<FlowResult> {
  const rule = context.pack.differentSupervisor;
  if (!rule) return message('Not in your policy', `The ${context.pack.organisation} supervision policy does not provide for a different supervisor.`);
  const toAsk = (await candidates(context, actor)).filter((candidate) => !candidate.agreed);
  const errors = state.errors ?? {};
  return {
    view: {
      card: 'different-supervisor-ask',
      data: {
        arrangementId: state.arrangementId,
        intro: `${state.intro ? `${state.intro} ` : ''}To speak to someone other than your own supervisor, ${agreedByWords(rule.agreedBy, 'to-practitioner')} must agree${
          rule.timeLimited ? ', for a limited time' : ''
        } (${citeSource(context.pack, rule.source)}). Your own supervisor is told in any case.${supportOutsideWords(context)}`,
        others: toAsk.map((candidate) => ({ title: candidate.name, value: candidate.id })),
        endsOnLabel: rule.timeLimited ? 'Until when? The last day of the arrangement' : 'Until when? Leave empty for no end date',
        values: { other: state.values?.other ?? '', endsOn: state.values?.endsOn ?? '' },
        errors,
      },
    },
    ...(Object.keys(errors).length > 0 ? { fieldErrors: errors } : {}),
  };
}

/**
 * After a request went to the own supervisor although the practitioner chose someone else: the form to ask for
 * them, or, when that ask is waiting already, the request's status saying so.
 */
export async function offerToAsk(
  context: FlowContext,
  actor: Actor,
  input: { otherId: string; sentTo: string; sent: { title: string; text: string; facts: { title: string; value: string }[] } },
): Promise<FlowResult> {
  const other = await context.db.selectFrom('person').select('display_name').where('id', '=', input.otherId).executeTakeFirstOrThrow();
  const waiting = await context.db
    .selectFrom('different_supervisor')
    .select('asked_at')
    .where('practitioner_id', '=', actor.id)
    .where('other_id', '=', input.otherId)
    .where('state', '=', 'asking')
    .executeTakeFirst();
  if (waiting)
    return {
      view: {
        card: 'trigger-status',
        data: {
          ...input.sent,
          text: `${input.sent.text} It went to your own supervisor: you asked for ${other.display_name} on ${dayText(today(waiting.asked_at, context.calendar))}, and not everyone has agreed yet.`,
        },
      },
    };
  return askForm(context, actor, {
    arrangementId: randomUUID(),
    intro: `${input.sent.title}, your own supervisor: you and ${other.display_name} have no arrangement agreed yet. ${input.sent.text}`,
    values: { other: input.otherId },
  });
}

/** " <text> (<citation>)": support outside supervision the pack points to (Cumberland 12), or nothing. */
function supportOutsideWords(context: FlowContext): string {
  const support = context.pack.differentSupervisor?.supportOutside;
  return support ? ` ${support.text.trim()} (${citeSource(context.pack, support.source)})` : '';
}

const notYours = () => message("This isn't yours to act on", 'This belongs to someone else. Nothing was changed.');

/** The practitioner sends the ask: each party the pack names is asked to agree; the own supervisor is told in any case. */
export async function askSubmit(context: FlowContext, actor: Actor, input: { arrangementId: string; other: string; endsOn: string }): Promise<FlowResult> {
  const rule = context.pack.differentSupervisor;
  if (!rule) return message('Not in your policy', `The ${context.pack.organisation} supervision policy does not provide for a different supervisor.`);
  const sentBefore = await context.db.selectFrom('different_supervisor').select('practitioner_id').where('id', '=', input.arrangementId).executeTakeFirst();
  if (sentBefore)
    return sentBefore.practitioner_id === actor.id ? message('Already asked', 'You sent this already; pressing again changes nothing.') : notYours();
  const own = await relationshipOf(context.db, actor.id);
  if (!own) return message('No supervisor', 'The directory records no supervisor for you. Ask your administrator to fix the directory.');
  const errors: Record<string, string> = {};
  const other = (await candidates(context, actor)).find((candidate) => candidate.id === input.other);
  const todayDay = today(context.clock.now(), context.calendar);
  if (!other) errors.other = 'Choose someone from the list.';
  else if (other.agreed) errors.other = `You and ${other.name} have an arrangement in force already, ${untilText(other.agreed.endsOn)}.`;
  const endsOn = input.endsOn === '' ? undefined : parseIsoDate(input.endsOn);
  if (input.endsOn !== '' && endsOn === undefined) errors.endsOn = 'Choose a date, as YYYY-MM-DD.';
  else if (rule.timeLimited && endsOn === undefined) errors.endsOn = 'Choose the last day: the policy asks for a limited time.';
  else if (endsOn !== undefined && endsOn <= todayDay) errors.endsOn = `Choose a day after today, ${dayText(todayDay)}.`;
  if (Object.keys(errors).length > 0) return askForm(context, actor, { arrangementId: input.arrangementId, values: input, errors });

  const now = context.clock.now();
  const ask = (party: 'supervisor' | 'other-supervisor'): PartyAnswer | null => (rule.agreedBy.includes(party) ? null : 'not-asked');
  const names = new Map(
    (await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', [own.supervisor_id, input.other]).execute()).map((person) => [
      person.id,
      person.display_name,
    ]),
  );
  const arrangement = {
    id: input.arrangementId,
    practitioner_id: actor.id,
    supervisor_id: own.supervisor_id,
    other_id: input.other,
    asked_at: now,
    ends_on: endsOn === undefined ? null : formatIsoDate(endsOn),
    supervisor_answer: ask('supervisor'),
    other_answer: ask('other-supervisor'),
    state: 'asking' as const,
  };
  const stored = await context.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('different_supervisor')
      .values(arrangement)
      // The same form twice, or a second ask for the same person while one waits: one stands.
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'different-supervisor.ask',
      objectType: 'different_supervisor',
      objectId: arrangement.id,
      detail: { supervisor: own.supervisor_id, other: input.other, endsOn: arrangement.ends_on },
    });
    const who = { practitioner: actor.display_name, supervisor: names.get(own.supervisor_id)!, other: names.get(input.other)! };
    const until = untilText(arrangement.ends_on);
    const facts = factsOf(who, arrangement.ends_on);
    const why = `The policy asks that ${agreedByWords(rule.agreedBy, 'in-general').replace('the supervisee', who.practitioner)} agree${rule.timeLimited ? ', for a limited time' : ''} (${citeSource(context.pack, rule.source)}).`;
    for (const [party, personId, text] of [
      [
        'supervisor',
        own.supervisor_id,
        `${who.practitioner} asks to speak to ${who.other} for supervision instead of you, ${until}. ${why} Until everyone agrees, their requests come to you.`,
      ],
      [
        'other-supervisor',
        input.other,
        `${who.practitioner} asks to speak to you for supervision instead of their own supervisor, ${who.supervisor}, ${until}. ${why}`,
      ],
    ] as const) {
      const asked = rule.agreedBy.includes(party);
      await notifyPerson(trx, {
        personId,
        key: `different-supervisor:${arrangement.id}:ask:${party}`,
        now,
        text: asked ? `${who.practitioner} asks you to agree to a different supervisor` : `${who.practitioner} asked for a different supervisor`,
        view: asked
          ? {
              card: 'different-supervisor-agree',
              data: {
                title: 'Do you agree?',
                text,
                facts: [...facts, ...(rule.supportOutside ? [{ title: 'Support outside supervision', value: supportOutsideWords(context).trim() }] : [])],
                arrangementId: arrangement.id,
              },
            }
          : { card: 'notice', data: { title: 'For your information', text, facts } },
      });
    }
    if (arrangement.supervisor_answer === 'not-asked' && arrangement.other_answer === 'not-asked')
      await agreed(trx, context, { ...arrangement, decided_at: null }, now);
    return true;
  });
  if (!stored) return message('Already asked', `You asked for ${names.get(input.other)} already; you will be told here when everyone has answered.`);
  const askedNames = [
    ...(arrangement.supervisor_answer === null ? [names.get(own.supervisor_id)!] : []),
    ...(arrangement.other_answer === null ? [names.get(input.other)!] : []),
  ];
  return message(
    askedNames.length > 0 ? 'Asked' : 'Agreed',
    askedNames.length > 0
      ? `${askedNames.join(' and ')} ${askedNames.length > 1 ? 'are' : 'is'} asked to agree; you will be told here when they answer. Until everyone agrees, your requests go to your own supervisor.`
      : `From now ${untilText(arrangement.ends_on)}, you may send requests to ${names.get(input.other)}.`,
  );
}

function factsOf(who: { practitioner: string; supervisor: string; other: string }, endsOn: string | null) {
  return [
    { title: 'Practitioner', value: who.practitioner },
    { title: 'Own supervisor', value: who.supervisor },
    { title: 'Instead, with', value: who.other },
    { title: 'Until', value: endsOn ? dayText(parseIsoDate(endsOn)!) : 'No end date' },
  ];
}

async function namesOf(db: Db, arrangement: Pick<Arrangement, 'practitioner_id' | 'supervisor_id' | 'other_id'>) {
  const people = await db
    .selectFrom('person')
    .select(['id', 'display_name'])
    .where('id', 'in', [arrangement.practitioner_id, arrangement.supervisor_id, arrangement.other_id])
    .execute();
  const nameOf = (id: string) => people.find((person) => person.id === id)!.display_name;
  return { practitioner: nameOf(arrangement.practitioner_id), supervisor: nameOf(arrangement.supervisor_id), other: nameOf(arrangement.other_id) };
}

/** Everyone has agreed: it is in force; the three are told, once each. */
async function agreed(trx: Transaction<Database>, context: FlowContext, arrangement: Arrangement, now: Date): Promise<void> {
  const moved = await trx
    .updateTable('different_supervisor')
    .set({ state: 'agreed', decided_at: now })
    .where('id', '=', arrangement.id)
    .where('state', '=', 'asking')
    .where('supervisor_answer', 'in', ['agreed', 'not-asked'])
    .where('other_answer', 'in', ['agreed', 'not-asked'])
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return;
  await writeAudit(trx, { at: now, actorId: null, action: 'different-supervisor.agreed', objectType: 'different_supervisor', objectId: arrangement.id });
  const who = await namesOf(trx, arrangement);
  const until = untilText(arrangement.ends_on);
  // "Recorded clearly in supervision notes" (Cumberland 12): every step is in the audit log, and the three are told it is.
  const text = `${who.practitioner} may ask ${who.other} for supervision instead of ${who.supervisor}, ${until}.${context.pack.differentSupervisor?.recorded ? ' It is recorded.' : ''}`;
  await tellThree(trx, arrangement, 'agreed', now, {
    text: `A different supervisor was agreed, ${until}`,
    title: 'Agreed',
    body: (personId) =>
      personId === arrangement.practitioner_id ? `${text} When you raise a request, choose ${who.other} under "Ask someone other than your supervisor".` : text,
    facts: factsOf(who, arrangement.ends_on),
  });
}

async function tellThree(
  trx: Transaction<Database>,
  arrangement: Pick<Arrangement, 'id' | 'practitioner_id' | 'supervisor_id' | 'other_id'>,
  what: string,
  now: Date,
  shown: { text: string; title: string; body: (personId: string) => string; facts: { title: string; value: string }[] },
  only?: string[],
): Promise<void> {
  for (const personId of only ?? [arrangement.practitioner_id, arrangement.supervisor_id, arrangement.other_id])
    await notifyPerson(trx, {
      personId,
      key: `different-supervisor:${arrangement.id}:${what}:${personId}`,
      now,
      text: shown.text,
      view: { card: 'notice', data: { title: shown.title, text: shown.body(personId), facts: shown.facts } },
    });
}

const closedWords: Record<Exclude<Arrangement['state'], 'asking'>, string> = {
  agreed: 'Everyone has agreed already. Nothing was changed.',
  declined: 'Someone declined it already, so it is not in force. Nothing was changed.',
  lapsed: 'Its end date passed before everyone agreed. Nothing was changed.',
  ended: 'It has ended. Nothing was changed.',
};

/** Agree or Decline: only the party asked, once, while it is being asked for and its end date has not passed. */
export async function answerAsk(context: FlowContext, actor: Actor, input: { arrangementId: string }, agree: boolean): Promise<FlowResult> {
  const arrangement = await context.db.selectFrom('different_supervisor').selectAll().where('id', '=', input.arrangementId).executeTakeFirst();
  if (!arrangement) return message('Something was wrong with that', 'That request is not one I know.');
  const now = context.clock.now();
  const party =
    actor.id === arrangement.supervisor_id && arrangement.supervisor_answer !== 'not-asked'
      ? ('supervisor_answer' as const)
      : actor.id === arrangement.other_id && arrangement.other_answer !== 'not-asked'
        ? ('other_answer' as const)
        : undefined;
  if (!party) {
    await writeAudit(context.db, {
      at: now,
      actorId: actor.id,
      action: 'different-supervisor.answer.refused',
      objectType: 'different_supervisor',
      objectId: arrangement.id,
    });
    return notYours();
  }
  if (arrangement.state !== 'asking') return message('Already settled', closedWords[arrangement.state]);
  if (arrangement[party] !== null) return message('Already answered', `You ${arrangement[party]} already. Nothing was changed.`);
  if (arrangement.ends_on !== null && arrangement.ends_on < todayText(context)) return message('Already settled', closedWords.lapsed);
  const outcome = await context.db.transaction().execute(async (trx) => {
    const answered = await trx
      .updateTable('different_supervisor')
      .set({ [party]: agree ? 'agreed' : 'declined' })
      .where('id', '=', arrangement.id)
      .where('state', '=', 'asking')
      .where(party, 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!answered) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: agree ? 'different-supervisor.agree' : 'different-supervisor.decline',
      objectType: 'different_supervisor',
      objectId: arrangement.id,
    });
    if (agree) {
      await agreed(trx, context, answered, now);
      return true;
    }
    await trx
      .updateTable('different_supervisor')
      .set({ state: 'declined', decided_at: now })
      .where('id', '=', arrangement.id)
      .where('state', '=', 'asking')
      .execute();
    const who = await namesOf(trx, arrangement);
    await tellThree(
      trx,
      arrangement,
      'declined',
      now,
      {
        text: 'A different supervisor was not agreed',
        title: 'Not agreed',
        body: (personId) =>
          `${actor.display_name} did not agree to ${who.practitioner} speaking to ${who.other} instead of ${who.supervisor}.${
            personId === arrangement.practitioner_id ? ' Your requests go to your own supervisor.' : ''
          }`,
        facts: factsOf(who, arrangement.ends_on),
      },
      [arrangement.practitioner_id, arrangement.supervisor_id, arrangement.other_id].filter((id) => id !== actor.id),
    );
    return true;
  });
  if (!outcome) return message('Already answered', 'This was answered a moment ago. Nothing was changed.');
  const after = await context.db.selectFrom('different_supervisor').select('state').where('id', '=', arrangement.id).executeTakeFirstOrThrow();
  return agree
    ? message(
        'Agreed',
        after.state === 'agreed'
          ? `Everyone has agreed: it is in force ${untilText(arrangement.ends_on)}. The others are told.`
          : 'Thank you. The others still to answer are waiting; everyone is told when all have agreed.',
      )
    : message('Not agreed', 'The others are told. Requests go to the practitioner’s own supervisor.');
}

/**
 * The sweeper: after an arrangement's last day, in working hours, it ends (or, not agreed by then, lapses),
 * and the three are told once. Requests already go to the own supervisor from that day: the choice is read by date.
 */
export function differentSupervisorProvider(context: FlowContext): DueProvider {
  const inWorkingHours = (now: Date) => context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now).setZone(context.calendar.zone));
  /** Arrangements asked or agreed whose last day is past. */
  const pastTheirEnd = (db: Kysely<Database>, now: Date) =>
    db
      .selectFrom('different_supervisor')
      .selectAll()
      .where('state', 'in', ['asking', 'agreed'])
      .where('ends_on', '<', formatIsoDate(today(now, context.calendar)));
  return {
    name: 'different-supervisor',
    // One look in the sweeper's shared query each minute, not a query of its own.
    anyDue: (db, now) => (inWorkingHours(now) ? sql<boolean>`exists (${pastTheirEnd(db, now)})` : sql<boolean>`false`),
    async due(db, now) {
      if (!inWorkingHours(now)) return [];
      const past = await pastTheirEnd(db, now).orderBy('ends_on').limit(500).execute();
      return past.map((arrangement): DueItem => ({
        key: `different-supervisor:${arrangement.id}:${arrangement.state === 'agreed' ? 'ended' : 'lapsed'}`,
        apply: (trx, at) => endArrangement(trx, arrangement, at),
      }));
    },
  };
}

async function endArrangement(trx: Transaction<Database>, arrangement: Arrangement, now: Date): Promise<void> {
  const ended = arrangement.state === 'agreed';
  const moved = await trx
    .updateTable('different_supervisor')
    .set({ state: ended ? 'ended' : 'lapsed', ...(ended ? {} : { decided_at: now }) })
    .where('id', '=', arrangement.id)
    .where('state', '=', arrangement.state)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return;
  await writeAudit(trx, {
    at: now,
    actorId: null,
    action: ended ? 'different-supervisor.end' : 'different-supervisor.lapse',
    objectType: 'different_supervisor',
    objectId: arrangement.id,
  });
  const who = await namesOf(trx, arrangement);
  const lastDay = dayText(parseIsoDate(arrangement.ends_on!)!);
  await tellThree(trx, arrangement, ended ? 'ended' : 'lapsed', now, {
    text: ended ? `The arrangement for a different supervisor ended on ${lastDay}` : 'A different supervisor was not agreed in time',
    title: ended ? 'Arrangement ended' : 'Not agreed in time',
    body: (personId) =>
      `${
        ended
          ? `The arrangement for ${who.practitioner} to speak to ${who.other} instead of ${who.supervisor} ended on ${lastDay}.`
          : `Not everyone agreed to ${who.practitioner} speaking to ${who.other} instead of ${who.supervisor} before ${lastDay}, the end asked for.`
      }${personId === arrangement.practitioner_id ? ' Your requests go to your own supervisor; you may ask again.' : ` Requests from ${who.practitioner} go to ${who.supervisor}.`}`,
    facts: factsOf(who, arrangement.ends_on),
  });
}
