// Asking to read a personal supervision record that is not one's own (Cumberland 10): the supervisee is asked
// for their consent on a card only they may answer, and the asker is told the answer; or the asker reads it at
// once on a need-to-know basis, giving their concern, and the supervisee is told. Every step is audited, and
// every press is authorised again: the record, the reader's place in the line, the state of the ask.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { citeSource } from '../domain/policy/cite.js';
import { writeAudit } from '../store/audit.js';
import type { RecordTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { deliveryTarget, notifyPerson } from './notify.js';
import { maySeeRecord, recordView, showRecord } from './readRecords.js';
import { accessView, heldDay, needsConsent } from './recordAccess.js';

type SignedRecord = Selectable<RecordTable> & { signed_at: Date };

const notYours = () => message("This isn't yours to answer", 'Only the practitioner whose record it is may give or decline consent. Nothing was changed.');

/** A record the actor may ask about: signed, theirs to see but for consent. Anything else is what reading it would show. */
async function recordToAsk(context: FlowContext, actor: Actor, recordId: string): Promise<{ record: SignedRecord } | { result: FlowResult }> {
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!record?.signed_at || !(await maySeeRecord(context.db, actor, record)) || !(await needsConsent(context, actor, record)))
    return { result: await showRecord(context, actor, { recordId }) };
  return { record: { ...record, signed_at: record.signed_at } };
}

const nameOf = async (context: FlowContext, personId: string) =>
  (await context.db.selectFrom('person').select('display_name').where('id', '=', personId).executeTakeFirstOrThrow()).display_name;

/** "Ask for consent": the supervisee gets a card to give or decline it; one ask waits at a time. */
export async function askConsent(context: FlowContext, actor: Actor, input: { recordId: string; reason: string }): Promise<FlowResult> {
  const found = await recordToAsk(context, actor, input.recordId);
  if ('result' in found) return found.result;
  const { record } = found;
  const rule = context.pack.personalRecords!.shareWithConsent;
  const [practitioner, author] = await Promise.all([nameOf(context, record.supervisee_id), nameOf(context, record.author_id)]);
  // Asked where they cannot see it, they could never answer: say so rather than leave the asker waiting.
  if (!(await deliveryTarget(context.db, record.supervisee_id)))
    return message(
      'Cannot ask',
      `${practitioner} cannot be reached in chat yet, so their consent cannot be asked here. Without it, the record may be read only on a need-to-know basis.`,
    );
  const now = context.clock.now();
  const reason = input.reason.trim();
  const id = randomUUID();
  const asked = await context.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('record_access')
      .values({ id, record_id: record.id, asker_id: actor.id, supervisee_id: record.supervisee_id, state: 'asking', reason: reason || null, asked_at: now })
      // A second press while one ask waits: the one stands.
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'record.consent.ask', objectType: 'record', objectId: record.id, detail: { consent: id } });
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record-access:${id}:ask`,
      now,
      text: `${actor.display_name} asks your consent to read your personal supervision record`,
      view: {
        card: 'record-consent',
        data: {
          title: `May ${actor.display_name} read your personal record?`,
          text: `${actor.display_name} asks to read your personal supervision record of ${heldDay(context, record)}. The policy asks for your consent before your personal information is shared (${citeSource(context.pack, rule.source)}). They are told your answer.`,
          facts: [
            { title: 'Asked by', value: actor.display_name },
            { title: 'Record', value: `Personal supervision, ${heldDay(context, record)}, written by ${author}` },
            ...(reason ? [{ title: 'Why', value: reason }] : []),
          ],
          consentId: id,
        },
      },
    });
    return true;
  });
  if (!asked) return message('Already asked', `You asked ${practitioner} already; you will be told here when they answer.`);
  return message('Asked', `${practitioner} is asked for their consent; you will be told here when they answer. Until then the record stays closed to you.`);
}

/** "Read now: need to know": with the concern given, the record opens once (no file), and the supervisee is told. */
export async function readNeedToKnow(context: FlowContext, actor: Actor, input: { recordId: string; reason: string }): Promise<FlowResult> {
  const found = await recordToAsk(context, actor, input.recordId);
  if ('result' in found) return found.result;
  const { record } = found;
  const reason = input.reason.trim();
  if (!reason)
    return accessView(context, actor, record, {
      error:
        'Give your concern: a record is read without consent only on a need-to-know basis, where there is a concern of a breach of council or professional standards.',
    });
  const rule = context.pack.personalRecords!.shareWithConsent;
  const now = context.clock.now();
  const id = randomUUID();
  await context.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('record_access')
      .values({
        id,
        record_id: record.id,
        asker_id: actor.id,
        supervisee_id: record.supervisee_id,
        state: 'need-to-know',
        reason,
        asked_at: now,
        answered_at: now,
      })
      .execute();
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'record.read.need-to-know',
      objectType: 'record',
      objectId: record.id,
      detail: { access: id, reason },
    });
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record-access:${id}:need-to-know`,
      now,
      text: `${actor.display_name} read your personal supervision record on a need-to-know basis`,
      view: {
        card: 'notice',
        data: {
          title: 'Your personal record was read',
          text: `${actor.display_name} read your personal supervision record of ${heldDay(context, record)} without your consent, on a need-to-know basis (${citeSource(context.pack, rule.source)}). It is in the audit log.`,
          facts: [
            { title: 'Read by', value: actor.display_name },
            { title: 'Their reason', value: reason },
          ],
        },
      },
    });
  });
  const practitioner = await nameOf(context, record.supervisee_id);
  const shown = await recordView(context, record, 'text', false);
  const intro = String(shown.view.data.intro ?? '');
  return { view: { ...shown.view, data: { ...shown.view.data, intro: `${intro} Read on a need-to-know basis: ${practitioner} is told, with your reason.` } } };
}

/** Give consent or Decline: only the supervisee, once, while the ask waits. The asker is told. */
export async function answerConsent(context: FlowContext, actor: Actor, input: { consentId: string }, give: boolean): Promise<FlowResult> {
  const ask = await context.db.selectFrom('record_access').selectAll().where('id', '=', input.consentId).executeTakeFirst();
  if (!ask) return message('Something was wrong with that', 'That request is not one I know.');
  const now = context.clock.now();
  if (actor.id !== ask.supervisee_id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: 'record.consent.answer.refused', objectType: 'record', objectId: ask.record_id });
    return notYours();
  }
  if (ask.state !== 'asking')
    return message('Already answered', `You ${ask.state === 'given' ? 'gave your consent' : 'declined'} already. Nothing was changed.`);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', ask.record_id).executeTakeFirstOrThrow();
  const asker = await nameOf(context, ask.asker_id);
  const day = heldDay(context, record);
  const answered = await context.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('record_access')
      .set({ state: give ? 'given' : 'declined', answered_at: now })
      .where('id', '=', ask.id)
      .where('state', '=', 'asking')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: give ? 'record.consent.give' : 'record.consent.decline',
      objectType: 'record',
      objectId: record.id,
      detail: { consent: ask.id, asker: ask.asker_id },
    });
    await notifyPerson(trx, {
      personId: ask.asker_id,
      key: `record-access:${ask.id}:${give ? 'given' : 'declined'}`,
      now,
      text: give ? `${actor.display_name} gave consent to read their personal record` : `${actor.display_name} declined consent to read their personal record`,
      view: {
        card: 'notice',
        data: give
          ? {
              title: 'Consent given',
              text: `${actor.display_name} gave their consent: you may read their personal supervision record of ${day}.`,
              facts: [],
              buttons: [{ title: 'Read it', verb: 'record.show', data: { recordId: record.id } }],
            }
          : {
              title: 'Consent declined',
              text: `${actor.display_name} declined: their personal supervision record of ${day} stays closed to you. Without their consent it may be read only on a need-to-know basis, where there is a concern of a breach of council or professional standards.`,
              facts: [],
            },
      },
    });
    return true;
  });
  if (!answered) return message('Already answered', 'This was answered a moment ago. Nothing was changed.');
  return give
    ? message('Consent given', `${asker} may read your personal supervision record of ${day}; they are told. Each reading is in the audit log.`)
    : message('Consent declined', `${asker} is told. Your personal supervision record of ${day} stays closed to them.`);
}
