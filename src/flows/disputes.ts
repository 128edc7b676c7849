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
import { notifyPerson } from './notify.js';
import { subjectOfRecord } from './recordSubject.js';
import { inEach, t, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { said, speechOf, speechOfPerson } from './speech.js';

/** A message card in a speech. */
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

/** Whether the one told is named by the pack's title (they hold its role), else as the manager above (nobody holds it). */
const byTitle = (handler: Person | undefined, rule: DisputeRule | undefined) => Boolean(rule && handler?.role === rule.role);

/** What signing with a disagreement does, said on the disagreement form before the practitioner signs. */
export async function disagreementIntro(
  context: FlowContext,
  record: Pick<Selectable<RecordTable>, 'model' | 'author_id'>,
  kind: SupervisionKind,
  speech: Speech = 'en-GB',
): Promise<string> {
  const rule = ruleOf(context, kind, record);
  const said = (id: MessageId, values?: MessageValues) => t(speech, id, values, { paragraphs: true });
  if (!rule) return said('dispute.introNoRule');
  const words = { cite: citeSource(context.pack, rule.source), settler: rule.title };
  if (rule.resolveFirst) return said('dispute.introResolveFirst', words);
  const handler = await disputeHandler(context.db, record.author_id, rule);
  if (handler?.id === record.author_id) return said('dispute.introSettlesThemselves', words);
  return said(byTitle(handler, rule) ? 'dispute.introHandlerTitled' : 'dispute.introHandlerManager', words);
}

function disputeCard(recordId: string, speech: Speech, shown: { title: string; text: string; facts: Fact[] }, rule: DisputeRule | undefined): View {
  return {
    card: 'record-dispute',
    speech,
    data: {
      recordId,
      ...shown,
      buttons: [
        { title: rule ? t(speech, 'dispute.escalateTo', { settler: rule.title }) : t(speech, 'dispute.escalateToManager'), verb: 'record.dispute-escalate' },
        { title: t(speech, 'dispute.weResolved'), verb: 'record.dispute-resolve' },
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
    /** How chat names what the record is of, in a speech. */
    aboutIn: (speech: Speech) => { for: string; facts: Fact[] };
    now: Date;
  },
): Promise<View | undefined> {
  const { record, practitioner, author, comment, aboutIn, now } = input;
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
    if (handler && handler.id !== record.author_id)
      await tellHandler(trx, context, { recordId: record.id, handler, practitioner, author, comment, aboutIn, now });
    return undefined;
  }
  const words = { cite: citeSource(context.pack, rule.source), settler: rule.title };
  // The author reads it in their own language.
  const theirs = await speechOfPerson(trx, context.pack, author.id);
  const name = practitioner.display_name;
  await notifyPerson(trx, {
    personId: author.id,
    key: `record:${record.id}:dispute-talk`,
    now,
    text: inEach(theirs, (locale) => t(locale, 'dispute.talkNotice', { name, about: aboutIn(locale).for })),
    view: disputeCard(
      record.id,
      theirs,
      {
        title: t(theirs, 'dispute.talkTitle'),
        text: t(theirs, 'dispute.talkText', { name, comment, ...words }, { paragraphs: true }),
        facts: aboutIn(theirs).facts,
      },
      rule,
    ),
  });
  const speech = speechOf(context.pack, practitioner);
  return disputeCard(
    record.id,
    speech,
    {
      title: t(speech, 'dispute.signedTitle'),
      text: t(speech, 'dispute.signedText', { author: author.display_name, ...words }, { paragraphs: true }),
      facts: aboutIn(speech).facts,
    },
    rule,
  );
}

async function tellHandler(
  trx: Transaction<Database>,
  context: FlowContext,
  input: {
    recordId: string;
    handler: Person;
    practitioner: { display_name: string };
    author: { display_name: string };
    comment: string;
    aboutIn: (speech: Speech) => { for: string; facts: Fact[] };
    now: Date;
    escalatedBy?: string;
  },
): Promise<void> {
  // The one who settles it reads it in their own language.
  const theirs = await speechOfPerson(trx, context.pack, input.handler.id);
  const about = input.aboutIn(theirs);
  const words = { practitioner: input.practitioner.display_name, author: input.author.display_name, comment: input.comment };
  await notifyPerson(trx, {
    personId: input.handler.id,
    key: `record:${input.recordId}:dispute`,
    now: input.now,
    text: inEach(theirs, (locale) => t(locale, 'dispute.handlerNotice', { about: input.aboutIn(locale).for })),
    view: {
      card: 'notice',
      speech: theirs,
      data: {
        title: t(theirs, input.escalatedBy ? 'dispute.escalatedToYouTitle' : 'dispute.signedWithTitle'),
        text: input.escalatedBy
          ? t(theirs, 'dispute.handlerTextEscalated', { ...words, by: input.escalatedBy }, { paragraphs: true })
          : t(theirs, 'dispute.handlerText', words, { paragraphs: true }),
        facts: about.facts,
        // The one who settles it records the outcome they agree with the two (Cafcass Cymru 2.8).
        buttons: [{ title: t(theirs, 'dispute.recordOutcome'), verb: 'record.dispute-outcome-form', data: { recordId: input.recordId } }],
      },
    },
  });
}

type Settling = 'record.dispute-escalate' | 'record.dispute-resolve';

/** Escalate, or We resolved it: only the practitioner or the author, only while the dispute is open. */
export async function settleDispute(context: FlowContext, actor: Actor, input: { recordId: string }, verb: Settling): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', input.recordId).executeTakeFirst();
  const dispute = record && (await context.db.selectFrom('record_dispute').selectAll().where('record_id', '=', record.id).executeTakeFirst());
  if (!record || !dispute) return said(speech, 'common.somethingWrong', 'dispute.unknown');
  const now = context.clock.now();
  if (actor.id !== record.supervisee_id && actor.id !== record.author_id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: `${verb}.refused`, objectType: 'record', objectId: record.id });
    return said(speech, 'common.notYoursToActOn', 'record.notYoursText');
  }
  if (dispute.state !== 'open') return alreadySettled(dispute.state, speech);
  const subject = await subjectOfRecord(context, record, speech);
  const aboutIn = (said: Speech) => subject.about(record.case_reference, said);
  const rule = ruleOf(context, subject.kind, record);
  const people = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', [record.supervisee_id, record.author_id]).execute();
  const nameOf = (id: string) => people.find((person) => person.id === id)!.display_name;
  const otherId = actor.id === record.author_id ? record.supervisee_id : record.author_id;
  const escalate = verb === 'record.dispute-escalate';
  const handler = escalate ? await disputeHandler(context.db, record.author_id, rule ? { ...rule, resolveFirst: true } : undefined) : undefined;
  if (escalate && !handler) return said(speech, 'dispute.nobodyTitle', 'dispute.nobodyText', { name: nameOf(record.author_id) });
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
      await tellHandler(trx, context, {
        recordId: record.id,
        handler,
        practitioner: { display_name: nameOf(record.supervisee_id) },
        author: { display_name: nameOf(record.author_id) },
        comment,
        aboutIn,
        now,
        escalatedBy: actor.display_name,
      });
    // The other of the two reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, otherId);
    const words = { name: actor.display_name, handler: handler?.display_name ?? '', settler: rule?.title ?? '' };
    await notifyPerson(trx, {
      personId: otherId,
      key: `record:${record.id}:dispute-${escalate ? 'escalated' : 'resolved'}`,
      now,
      text: inEach(theirs, (locale) => t(locale, escalate ? 'dispute.escalatedNotice' : 'dispute.resolvedNotice', { about: aboutIn(locale).for })),
      view: {
        card: 'notice',
        speech: theirs,
        data: {
          title: t(theirs, escalate ? 'dispute.escalatedTitle' : 'dispute.resolvedTitle'),
          text: t(theirs, !escalate ? 'dispute.resolvedText' : byTitle(handler, rule) ? 'dispute.escalatedTextTitled' : 'dispute.escalatedTextManager', words, {
            paragraphs: true,
          }),
          facts: aboutIn(theirs).facts,
        },
      },
    });
    return true;
  });
  if (!done) {
    const now = await context.db.selectFrom('record_dispute').select('state').where('record_id', '=', record.id).executeTakeFirstOrThrow();
    return alreadySettled(now.state, speech);
  }
  return escalate
    ? said(speech, 'dispute.escalatedResultTitle', byTitle(handler, rule) ? 'dispute.escalatedResultTitled' : 'dispute.escalatedResultManager', {
        handler: handler!.display_name,
        settler: rule?.title ?? '',
        other: nameOf(otherId),
      })
    : said(speech, 'dispute.resolvedResultTitle', 'dispute.resolvedResultText', {
        other: nameOf(otherId),
        author: nameOf(record.author_id),
        practitioner: nameOf(record.supervisee_id),
      });
}

function alreadySettled(state: 'open' | 'escalated' | 'resolved', speech: Speech): FlowResult {
  return state === 'escalated'
    ? said(speech, 'dispute.alreadyEscalatedTitle', 'dispute.alreadyEscalatedText')
    : said(speech, 'dispute.alreadyResolvedTitle', 'dispute.alreadyResolvedText');
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
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', recordId).executeTakeFirst();
  const dispute = record && (await context.db.selectFrom('record_dispute').selectAll().where('record_id', '=', record.id).executeTakeFirst());
  if (!record || !dispute) return { result: said(speech, 'common.somethingWrong', 'dispute.unknown') };
  if (!(await mayRecordOutcome(context, actor, record))) {
    await writeAudit(context.db, { at: context.clock.now(), actorId: actor.id, action: `${verb}.refused`, objectType: 'record', objectId: record.id });
    return { result: said(speech, 'common.notYoursToActOn', 'dispute.outcomeNotYoursText') };
  }
  if (dispute.state !== 'escalated') return { result: said(speech, 'dispute.notYetTitle', 'dispute.notYetText') };
  if (dispute.outcome !== null) return { result: said(speech, 'record.groupRecordedTitle', 'dispute.outcomeAlreadyText', { outcome: dispute.outcome }) };
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
  const speech = speechOf(context.pack, actor);
  const people = await context.db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', [record.supervisee_id, record.author_id]).execute();
  const nameOf = (id: string) => people.find((person) => person.id === id)?.display_name ?? t(speech, 'dispute.them');
  const comment = String((record.content as { disagreement?: string }).disagreement ?? '');
  return {
    view: {
      card: 'dispute-outcome',
      speech,
      data: {
        recordId: record.id,
        title: t(speech, 'dispute.outcomeTitle'),
        intro: t(
          speech,
          'dispute.outcomeIntro',
          { practitioner: nameOf(record.supervisee_id), author: nameOf(record.author_id), comment },
          { paragraphs: true },
        ),
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
  const speech = speechOf(context.pack, actor);
  const outcome = input.outcome.trim();
  if (!outcome) {
    const error = t(speech, 'dispute.outcomeRequiredBoth');
    return { ...(await disputeOutcomeForm(context, actor, input, { error })), fieldErrors: { outcome: error } };
  }
  const subject = await subjectOfRecord(context, record, speech);
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
    for (const personId of [...new Set([record.supervisee_id, record.author_id])].filter((id) => id !== actor.id)) {
      // Each reads it in their own language.
      const theirs = await speechOfPerson(trx, context.pack, personId);
      const about = subject.about(record.case_reference, theirs);
      await notifyPerson(trx, {
        personId,
        key: `record:${record.id}:dispute-outcome:${personId}`,
        now,
        text: inEach(theirs, (locale) => t(locale, 'dispute.outcomeNotice', { about: subject.about(record.case_reference, locale).for })),
        view: {
          card: 'notice',
          speech: theirs,
          data: {
            title: t(theirs, 'dispute.outcomeNoticeTitle'),
            text: t(theirs, 'dispute.outcomeNoticeText', { name: actor.display_name, outcome }, { paragraphs: true }),
            facts: about.facts,
          },
        },
      });
    }
    return true;
  });
  if (!saved) return said(speech, 'record.groupRecordedTitle', 'dispute.outcomeMeanwhile');
  return said(speech, 'dispute.outcomeRecordedTitle', 'dispute.outcomeRecordedText');
}
