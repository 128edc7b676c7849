// A record signed with a disagreement (issue 18): who is told, and when. Where the pack names nobody to
// settle disputes (Cafcass), the author's own manager is told, as the disagreement form promises. Where it
// names who settles them (signOff.disputesTo), the first with that role from the author up is told at once
// (Bexley: the team manager makes the final decision on casework). Where the two must try to resolve it
// first (Cymru 2.8; Bexley's personal record), the author is asked to talk it through, and the one above
// them is told only when either of the two presses Escalate. A dispute is a row of its own: the signed
// record never changes.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import { citeSource } from '../domain/policy/cite.js';
import type { DisputeRule, SupervisionKind } from '../domain/policy/schema.js';
import { disputeRuleOf } from '../domain/records/disputes.js';
import { writeAudit } from '../store/audit.js';
import type { Database, RecordTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { notifyPerson } from './notify.js';
import { subjectOfRecord } from './recordSubject.js';

type Db = Kysely<Database> | Transaction<Database>;
type Person = { id: string; role: string; display_name: string };
type Fact = { title: string; value: string };

const LINE_DEPTH = 6;

/** The people above someone in the supervision line, nearest first. */
async function lineAbove(db: Db, personId: string): Promise<Person[]> {
  const line: Person[] = [];
  let current: string | undefined = personId;
  for (let depth = 0; depth < LINE_DEPTH && current; depth += 1) {
    const up: Person | undefined = await db
      .selectFrom('supervision_relationship')
      .innerJoin('person', 'person.id', 'supervision_relationship.supervisor_id')
      .select(['person.id', 'person.role', 'person.display_name'])
      .where('supervision_relationship.supervisee_id', '=', current)
      .where('supervision_relationship.ended_on', 'is', null)
      .executeTakeFirst();
    if (!up || line.some((person) => person.id === up.id)) break;
    line.push(up);
    current = up.id;
  }
  return line;
}

/**
 * Who settles a dispute about a record the author wrote: without a rule, the author's own manager. With one,
 * the first person with its role from the author up: the author themselves when they hold it (Bexley: a team
 * manager makes the final decision on casework), unless the two must try to resolve it first, when it is a
 * third person, above the author. Nobody with the role: the author's own manager.
 */
async function disputeHandler(db: Db, authorId: string, rule: DisputeRule | undefined): Promise<Person | undefined> {
  const author = await db.selectFrom('person').select(['id', 'role', 'display_name']).where('id', '=', authorId).executeTakeFirstOrThrow();
  if (rule && !rule.resolveFirst && author.role === rule.role) return author;
  const line = await lineAbove(db, authorId);
  return (rule && line.find((person) => person.role === rule.role)) ?? line[0];
}

/** The record's dispute rule: its model's kind's (disputeRuleOf). */
function ruleOf(context: FlowContext, kind: SupervisionKind, record: Pick<Selectable<RecordTable>, 'model'>): DisputeRule | undefined {
  return disputeRuleOf(context.pack, kind, record.model);
}

const settlerWords = (rule: DisputeRule | undefined) => (rule ? `the ${rule.title}` : 'their manager');
/** How the one told is named: by the pack's title when they hold its role, else as the manager above (nobody holds it). */
const handlerWords = (handler: Person | undefined, rule: DisputeRule | undefined, otherwise = 'the manager above') =>
  rule && handler?.role === rule.role ? `the ${rule.title}` : otherwise;

/** What signing with a disagreement does, said on the disagreement form before the practitioner signs. */
export async function disagreementIntro(
  context: FlowContext,
  record: Pick<Selectable<RecordTable>, 'model' | 'author_id'>,
  kind: SupervisionKind,
): Promise<string> {
  const rule = ruleOf(context, kind, record);
  if (!rule) return 'Your disagreement is kept with the record, and your supervisor and their manager are told.';
  const cite = citeSource(context.pack, rule.source);
  if (rule.resolveFirst)
    return `Your disagreement is kept with the record. The policy asks the two of you to try to resolve it first (${cite}): your supervisor is told and asked to talk it through with you. If you cannot resolve it, either of you can press Escalate, and the ${rule.title} is told.`;
  const handler = await disputeHandler(context.db, record.author_id, rule);
  if (handler?.id === record.author_id)
    return `Your disagreement is kept with the record, and your supervisor is told: as the ${rule.title}, they settle it (${cite}).`;
  return `Your disagreement is kept with the record, and your supervisor and ${handlerWords(handler, rule, 'their manager')} are told, to settle it (${cite}).`;
}

function disputeCard(recordId: string, shown: { title: string; text: string; facts: Fact[] }, rule: DisputeRule | undefined): View {
  return {
    card: 'record-dispute',
    data: {
      recordId,
      ...shown,
      buttons: [
        { title: `Escalate to ${settlerWords(rule)}`, verb: 'record.dispute-escalate' },
        { title: 'We resolved it', verb: 'record.dispute-resolve' },
      ],
    },
  };
}

/**
 * Inside the signing transaction: the dispute's row, and who is told. Returns the practitioner's card when the
 * two are to try to resolve it first (it carries Escalate), else undefined (the usual "Signed" card will do).
 */
export async function openDispute(
  trx: Transaction<Database>,
  context: FlowContext,
  input: {
    record: Pick<Selectable<RecordTable>, 'id' | 'model' | 'author_id'>;
    kind: SupervisionKind;
    practitioner: Actor;
    author: { id: string; display_name: string };
    comment: string;
    about: { for: string; facts: Fact[] };
    now: Date;
  },
): Promise<View | undefined> {
  const { record, practitioner, author, comment, about, now } = input;
  const rule = ruleOf(context, input.kind, record);
  await trx
    .insertInto('record_dispute')
    .values({
      record_id: record.id,
      raised_by: practitioner.id,
      raised_at: now,
      state: rule?.resolveFirst ? 'open' : 'escalated',
      ...(rule?.resolveFirst ? {} : { settled_by: practitioner.id, settled_at: now }),
    })
    .execute();
  if (!rule?.resolveFirst) {
    const handler = await disputeHandler(trx, record.author_id, rule);
    // A handler who wrote the record (a team manager deciding on casework) has the signed notice already.
    if (handler && handler.id !== record.author_id) await tellHandler(trx, { recordId: record.id, handler, practitioner, author, comment, about, now });
    return undefined;
  }
  const cite = citeSource(context.pack, rule.source);
  await notifyPerson(trx, {
    personId: author.id,
    key: `record:${record.id}:dispute-talk`,
    now,
    text: `${practitioner.display_name} disagrees with the supervision record for ${about.for}: talk it through`,
    view: disputeCard(
      record.id,
      {
        title: 'A disagreement to talk through',
        text: `${practitioner.display_name} signed the record you wrote, with a disagreement: "${comment}" The policy asks the two of you to try to resolve it first (${cite}). Talk it through with them; if you agree a change, amend the record and they will be asked to sign again. If you cannot resolve it, press Escalate, and the ${rule.title} is told.`,
        facts: about.facts,
      },
      rule,
    ),
  });
  return disputeCard(
    record.id,
    {
      title: 'Signed, with your disagreement',
      text: `You signed, and your disagreement is recorded with the record. ${author.display_name} is asked to talk it through with you: the policy asks the two of you to try to resolve it first (${cite}). If you cannot, press Escalate, and the ${rule.title} is told.`,
      facts: about.facts,
    },
    rule,
  );
}

async function tellHandler(
  trx: Transaction<Database>,
  input: {
    recordId: string;
    handler: Person;
    practitioner: { display_name: string };
    author: { display_name: string };
    comment: string;
    about: { for: string; facts: Fact[] };
    now: Date;
    escalatedBy?: string;
  },
): Promise<void> {
  await notifyPerson(trx, {
    personId: input.handler.id,
    key: `record:${input.recordId}:dispute`,
    now: input.now,
    text: `A supervision record for ${input.about.for} was signed with a disagreement`,
    view: {
      card: 'notice',
      data: {
        title: input.escalatedBy ? 'A disagreement escalated to you' : 'A record was signed with a disagreement',
        text: `${input.practitioner.display_name} disagrees with the record ${input.author.display_name} wrote: "${input.comment}"${
          input.escalatedBy ? ` ${input.escalatedBy} escalated it to you: the two could not resolve it between them.` : ''
        }`,
        facts: input.about.facts,
        // The one who settles it records the outcome they agree with the two (Cafcass Cymru 2.8).
        buttons: [{ title: 'Record the outcome', verb: 'record.dispute-outcome-form', data: { recordId: input.recordId } }],
      },
    },
  });
}

type Settling = 'record.dispute-escalate' | 'record.dispute-resolve';

/** Escalate, or We resolved it: only the practitioner or the author, only while the dispute is open. */
export async function settleDispute(context: FlowContext, actor: Actor, input: { recordId: string }, verb: Settling): Promise<FlowResult> {
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  const dispute = record && (await context.db.selectFrom('record_dispute').selectAll().where('record_id', '=', record.id).executeTakeFirst());
  if (!record || !dispute) return message('Something was wrong with that', 'That disagreement is not one I know.');
  const now = context.clock.now();
  if (actor.id !== record.supervisee_id && actor.id !== record.author_id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: `${verb}.refused`, objectType: 'record', objectId: record.id });
    return message("This isn't yours to act on", 'This belongs to someone else. Nothing was changed.');
  }
  if (dispute.state !== 'open') return alreadySettled(dispute.state);
  const subject = await subjectOfRecord(context, record);
  const about = subject.about(record.case_reference);
  const rule = ruleOf(context, subject.kind, record);
  const people = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', [record.supervisee_id, record.author_id]).execute();
  const nameOf = (id: string) => people.find((person) => person.id === id)!.display_name;
  const otherId = actor.id === record.author_id ? record.supervisee_id : record.author_id;
  const escalate = verb === 'record.dispute-escalate';
  const handler = escalate ? await disputeHandler(context.db, record.author_id, rule ? { ...rule, resolveFirst: true } : undefined) : undefined;
  if (escalate && !handler)
    return message(
      'Nobody to escalate to',
      `The directory records nobody above ${nameOf(record.author_id)}. Nothing was changed: ask your administrator to fix the directory.`,
    );
  const comment = String((record.content as { disagreement?: string }).disagreement ?? '');
  const done = await context.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('record_dispute')
      .set({ state: escalate ? 'escalated' : 'resolved', settled_by: actor.id, settled_at: now })
      .where('record_id', '=', record.id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: escalate ? 'record.dispute.escalate' : 'record.dispute.resolve',
      objectType: 'record',
      objectId: record.id,
      ...(handler ? { detail: { to: handler.id } } : {}),
    });
    if (handler)
      await tellHandler(trx, {
        recordId: record.id,
        handler,
        practitioner: { display_name: nameOf(record.supervisee_id) },
        author: { display_name: nameOf(record.author_id) },
        comment,
        about,
        now,
        escalatedBy: actor.display_name,
      });
    await notifyPerson(trx, {
      personId: otherId,
      key: `record:${record.id}:dispute-${escalate ? 'escalated' : 'resolved'}`,
      now,
      text: `The disagreement about the supervision record for ${about.for} was ${escalate ? 'escalated' : 'marked resolved'}`,
      view: {
        card: 'notice',
        data: {
          title: escalate ? 'The disagreement was escalated' : 'The disagreement was resolved',
          text: escalate
            ? `${actor.display_name} escalated it to ${handler!.display_name}, ${handlerWords(handler!, rule)}, who is told.`
            : `${actor.display_name} marked it resolved between you.`,
          facts: about.facts,
        },
      },
    });
    return true;
  });
  if (!done) {
    const now = await context.db.selectFrom('record_dispute').select('state').where('record_id', '=', record.id).executeTakeFirstOrThrow();
    return alreadySettled(now.state);
  }
  return escalate
    ? message('Escalated', `${handler!.display_name}, ${handlerWords(handler!, rule)}, is told, and so is ${nameOf(otherId)}.`)
    : message(
        'Marked resolved',
        `${nameOf(otherId)} is told. If the record should change, ${nameOf(record.author_id)} can amend it, and ${nameOf(record.supervisee_id)} signs the new version.`,
      );
}

function alreadySettled(state: 'open' | 'escalated' | 'resolved'): FlowResult {
  return state === 'escalated'
    ? message('Already escalated', 'This disagreement was escalated already. Nothing was changed.')
    : message('Already resolved', 'This disagreement was marked resolved already. Nothing was changed.');
}

// ---- The outcome (Cafcass Cymru 2.8: the Senior Manager "meets both, appraises the results and actions and
// agrees an outcome with them"; Bexley: the team manager makes the final decision) ----------------------

/** Who may record the outcome: the one the dispute went to, as told at once or on Escalate. */
async function mayRecordOutcome(context: FlowContext, actor: Actor, record: Selectable<RecordTable>): Promise<boolean> {
  const subject = await subjectOfRecord(context, record);
  const rule = ruleOf(context, subject.kind, record);
  const handlers = [
    await disputeHandler(context.db, record.author_id, rule),
    await disputeHandler(context.db, record.author_id, rule ? { ...rule, resolveFirst: true } : undefined),
  ];
  return handlers.some((handler) => handler?.id === actor.id);
}

async function loadForOutcome(context: FlowContext, actor: Actor, recordId: string, verb: string) {
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', recordId).executeTakeFirst();
  const dispute = record && (await context.db.selectFrom('record_dispute').selectAll().where('record_id', '=', record.id).executeTakeFirst());
  if (!record || !dispute) return { result: message('Something was wrong with that', 'That disagreement is not one I know.') };
  if (!(await mayRecordOutcome(context, actor, record))) {
    await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${verb}.refused`, objectType: 'record', objectId: record.id });
    return { result: message("This isn't yours to act on", 'The outcome is recorded by the one the disagreement went to. Nothing was changed.') };
  }
  if (dispute.state !== 'escalated')
    return { result: message('Not yours to settle yet', 'The two are still trying to resolve it between them, or have. Nothing was changed.') };
  if (dispute.outcome !== null) return { result: message('Recorded already', `Its outcome was recorded already: "${dispute.outcome}". Nothing was changed.`) };
  return { record };
}

/** "Record the outcome": the form, for the one the dispute went to. */
export async function disputeOutcomeForm(
  context: FlowContext,
  actor: Actor,
  input: { recordId: string },
  state: { outcome?: string; error?: string } = {},
): Promise<FlowResult> {
  const loaded = await loadForOutcome(context, actor, input.recordId, 'record.dispute-outcome-form');
  if ('result' in loaded) return loaded.result!;
  const { record } = loaded;
  const people = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', [record.supervisee_id, record.author_id]).execute();
  const nameOf = (id: string) => people.find((person) => person.id === id)?.display_name ?? 'them';
  const comment = String((record.content as { disagreement?: string }).disagreement ?? '');
  return {
    view: {
      card: 'dispute-outcome',
      data: {
        recordId: record.id,
        title: 'The outcome of a disagreement',
        intro: `${nameOf(record.supervisee_id)} disagrees with the record ${nameOf(record.author_id)} wrote: "${comment}" Meet them both, appraise the results and actions, and record the outcome you agree. Both are told; the signed record does not change (amend it if the outcome asks for that).`,
        outcome: state.outcome ?? '',
        error: state.error ?? '',
      },
    },
  };
}

/** Saves the outcome once, tells both, audits it. */
export async function recordDisputeOutcome(context: FlowContext, actor: Actor, input: { recordId: string; outcome: string }): Promise<FlowResult> {
  const loaded = await loadForOutcome(context, actor, input.recordId, 'record.dispute-outcome');
  if ('result' in loaded) return loaded.result!;
  const { record } = loaded;
  const outcome = input.outcome.trim();
  if (!outcome) {
    const error = 'Say what outcome was agreed with them both.';
    return { ...(await disputeOutcomeForm(context, actor, input, { error })), fieldErrors: { outcome: error } };
  }
  const subject = await subjectOfRecord(context, record);
  const about = subject.about(record.case_reference);
  const now = context.clock.now();
  const saved = await context.db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('record_dispute')
      .set({ outcome, outcome_by: actor.id, outcome_at: now })
      .where('record_id', '=', record.id)
      .where('state', '=', 'escalated')
      .where('outcome', 'is', null)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'record.dispute.outcome', objectType: 'record', objectId: record.id });
    for (const personId of [...new Set([record.supervisee_id, record.author_id])].filter((id) => id !== actor.id))
      await notifyPerson(trx, {
        personId,
        key: `record:${record.id}:dispute-outcome:${personId}`,
        now,
        text: `The outcome of the disagreement about the supervision record for ${about.for}`,
        view: {
          card: 'notice',
          data: { title: 'The outcome of the disagreement', text: `${actor.display_name} recorded the outcome agreed: "${outcome}"`, facts: about.facts },
        },
      });
    return true;
  });
  if (!saved) return message('Recorded already', 'Its outcome was recorded meanwhile. Nothing was changed.');
  return message('Outcome recorded', 'Kept with the disagreement; both have been told.');
}
