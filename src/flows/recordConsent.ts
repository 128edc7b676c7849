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
import { deliveryTarget, notifyPerson } from './notify.js';
import { maySeeRecord, recordView, showRecord } from './readRecords.js';
import { accessView, heldDay, needsConsent } from './recordAccess.js';
import { inEach, languagesOf, t, type Locale, type MessageId, type Speech } from '../i18n/catalogue.js';
import { said, speechOf, speechOfPerson } from './speech.js';

type SignedRecord = Selectable<RecordTable> & { signed_at: Date };

const notYours = (speech: Speech) => said(speech, 'recordConsent.notYoursTitle', 'recordConsent.notYoursText');

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
  const speech = speechOf(context.pack, actor);
  // Asked where they cannot see it, they could never answer: say so rather than leave the asker waiting.
  if (!(await deliveryTarget(context.db, record.supervisee_id)))
    return said(speech, 'recordConsent.cannotAskTitle', 'recordConsent.cannotAskText', () => ({ name: practitioner }));
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
    // The practitioner reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, record.supervisee_id);
    const name = actor.display_name;
    const cite = citeSource(context.pack, rule.source);
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record-access:${id}:ask`,
      now,
      text: t(theirs, 'recordConsent.askNotice', { name }),
      view: {
        card: 'record-consent',
        speech: theirs,
        data: {
          title: t(theirs, 'recordConsent.title', { name }),
          text: inEach(theirs, (locale) => t(locale, 'recordConsent.text', { name, day: heldDay(context, record, locale), cite }), { paragraphs: true }),
          facts: [
            { title: t(theirs, 'recordConsent.askedBy'), value: name },
            {
              title: t(theirs, 'recordConsent.record'),
              value: inEach(theirs, (locale) => t(locale, 'recordConsent.recordValue', { day: heldDay(context, record, locale), author })),
            },
            ...(reason ? [{ title: t(theirs, 'recordConsent.why'), value: reason }] : []),
          ],
          consentId: id,
        },
      },
    });
    return true;
  });
  if (!asked) return said(speech, 'action.alreadyAskedTitle', 'recordConsent.alreadyAskedText', () => ({ name: practitioner }));
  return said(speech, 'recordConsent.askedTitle', 'recordConsent.askedText', () => ({ name: practitioner }));
}

/** "Read now: need to know": with the concern given, the record opens once (no file), and the supervisee is told. */
export async function readNeedToKnow(context: FlowContext, actor: Actor, input: { recordId: string; reason: string }): Promise<FlowResult> {
  const found = await recordToAsk(context, actor, input.recordId);
  if ('result' in found) return found.result;
  const { record } = found;
  const reason = input.reason.trim();
  const speech = speechOf(context.pack, actor);
  if (!reason) return accessView(context, actor, record, { error: t(speech, 'recordConsent.concernRequired') });
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
    // The practitioner reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, record.supervisee_id);
    const name = actor.display_name;
    const cite = citeSource(context.pack, rule.source);
    await notifyPerson(trx, {
      personId: record.supervisee_id,
      key: `record-access:${id}:need-to-know`,
      now,
      text: t(theirs, 'recordConsent.readNotice', { name }),
      view: {
        card: 'notice',
        speech: theirs,
        data: {
          title: t(theirs, 'recordConsent.readTitle'),
          text: inEach(theirs, (locale) => t(locale, 'recordConsent.readText', { name, day: heldDay(context, record, locale), cite }), { paragraphs: true }),
          facts: [
            { title: t(theirs, 'recordConsent.readBy'), value: name },
            { title: t(theirs, 'recordConsent.theirReason'), value: reason },
          ],
        },
      },
    });
  });
  const practitioner = await nameOf(context, record.supervisee_id);
  const shown = await recordView(context, record, 'text', false, speech);
  const intro = String(shown.view.data.intro ?? '');
  const told = t(speech, 'recordConsent.readNeedToKnow', { name: practitioner }, { paragraphs: true });
  // One language: one paragraph, as before; two: each its own.
  return { view: { ...shown.view, data: { ...shown.view.data, intro: `${intro}${languagesOf(speech).length === 1 ? ' ' : '\n\n'}${told}` } } };
}

/** Give consent or Decline: only the supervisee, once, while the ask waits. The asker is told. */
export async function answerConsent(context: FlowContext, actor: Actor, input: { consentId: string }, give: boolean): Promise<FlowResult> {
  const speech = speechOf(context.pack, actor);
  const ask = await context.db.selectFrom('record_access').selectAll().where('id', '=', input.consentId).executeTakeFirst();
  if (!ask) return said(speech, 'common.somethingWrong', 'common.unknownRequest');
  const now = context.clock.now();
  if (actor.id !== ask.supervisee_id) {
    await writeAudit(context.db, { at: now, actorId: actor.id, action: 'record.consent.answer.refused', objectType: 'record', objectId: ask.record_id });
    return notYours(speech);
  }
  if (ask.state !== 'asking')
    return said(speech, 'action.alreadyAnsweredTitle', ask.state === 'given' ? 'recordConsent.alreadyGiven' : 'recordConsent.alreadyDeclined');
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', ask.record_id).executeTakeFirstOrThrow();
  const asker = await nameOf(context, ask.asker_id);
  const day = (locale: Locale) => heldDay(context, record, locale);
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
    // The one who asked reads it in their own language.
    const theirs = await speechOfPerson(trx, context.pack, ask.asker_id);
    const name = actor.display_name;
    const text = (id: MessageId) => inEach(theirs, (locale) => t(locale, id, { name, day: day(locale) }), { paragraphs: true });
    await notifyPerson(trx, {
      personId: ask.asker_id,
      key: `record-access:${ask.id}:${give ? 'given' : 'declined'}`,
      now,
      text: t(theirs, give ? 'recordConsent.givenNotice' : 'recordConsent.declinedNotice', { name }),
      view: {
        card: 'notice',
        speech: theirs,
        data: give
          ? {
              title: t(theirs, 'recordConsent.givenTitle'),
              text: text('recordConsent.givenText'),
              facts: [],
              buttons: [{ title: t(theirs, 'recordConsent.readIt'), verb: 'record.show', data: { recordId: record.id } }],
            }
          : { title: t(theirs, 'recordConsent.declinedTitle'), text: text('recordConsent.declinedText'), facts: [] },
      },
    });
    return true;
  });
  if (!answered) return said(speech, 'action.alreadyAnsweredTitle', 'recordConsent.answeredMomentAgo');
  return give
    ? said(speech, 'recordConsent.givenTitle', 'recordConsent.givenResult', (locale) => ({ name: asker, day: day(locale) }))
    : said(speech, 'recordConsent.declinedTitle', 'recordConsent.declinedResult', (locale) => ({ name: asker, day: day(locale) }));
}
