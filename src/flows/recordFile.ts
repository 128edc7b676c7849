// "Download as a file": a signed record as a plain-text file of exactly the text its case-file card shows.
// Offering it and taking it are two steps, because Teams asks the person's consent in between: each step
// authorises again, and the taking (the moment the content leaves) is audited like every reading.
import { DateTime } from 'luxon';
import type { Selectable } from 'kysely';
import type { RecordTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { audit, isPersonalRecord, mayTakeRecordFile, recordText } from './readRecords.js';
import { accessView, needsConsent } from './recordAccess.js';
import { t, type Speech } from '../i18n/catalogue.js';
import { recordLanguage, speechOf } from './speech.js';

type SignedRecord = Selectable<RecordTable> & { signed_at: Date };

export const RECORD_FILE_DESCRIPTION = t('en-GB', 'recordFile.description');

/**
 * What the file is, as the platforms show it beside its name: a record kept on the personal file is no case-file text.
 * It travels with the file, so it is in the file's language, the organisation's record language.
 */
export function recordFileDescription(record: Pick<SignedRecord, 'stored_on'>, speech: Speech = 'en-GB'): string {
  return t(speech, isPersonalRecord(record) ? 'recordFile.descriptionPersonal' : 'recordFile.description');
}

const notKnown = (speech: Speech) => ({
  view: { ...message(t(speech, 'common.somethingWrong'), t(speech, 'record.unknownRecord', {}, { paragraphs: true })).view, speech },
});
const refused = (speech: Speech) => ({
  view: { ...message(t(speech, 'records.notYoursToReadTitle'), t(speech, 'recordFile.refusedText', {}, { paragraphs: true })).view, speech },
});

/**
 * supervision-CF-204518-2026-11-23-v1-3f9a2c.txt: the case reference, the day it was held, the version and
 * the start of the record's id; never a child's name. Two triggers on one case in a day are two records,
 * and a file saved under the other's name would replace it in the person's OneDrive.
 */
export function recordFileName(context: FlowContext, record: SignedRecord): string {
  const heldAt = (record.content as { heldAt?: string }).heldAt;
  const held = heldAt ? DateTime.fromISO(heldAt) : DateTime.fromJSDate(record.created_at);
  const day = held.setZone(context.calendar.zone).toISODate();
  const reference = (record.case_reference ?? '').replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = [
    'supervision',
    ...(isPersonalRecord(record) ? ['personal'] : []),
    ...(reference ? [reference] : []),
    day,
    `v${record.version_no}`,
    idFragment(record.id),
  ];
  return `${parts.join('-')}.txt`;
}

/** Six letters or digits of the record's id: enough to tell apart the records of one case on one day. */
function idFragment(id: string): string {
  return id
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 6)
    .toLowerCase();
}

async function authorised(context: FlowContext, actor: Actor, recordId: string): Promise<{ record: SignedRecord; text: string } | { result: FlowResult }> {
  const speech = speechOf(context.pack, actor);
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!record?.signed_at) return { result: notKnown(speech) };
  const signed = { ...record, signed_at: record.signed_at };
  if (!(await mayTakeRecordFile(context.db, actor, signed))) {
    await audit(context, actor, 'record.download.refused', 'record', record.id);
    return { result: refused(speech) };
  }
  if (await needsConsent(context, actor, signed)) {
    await audit(context, actor, 'record.download.consent-needed', 'record', record.id);
    return { result: await accessView(context, actor, signed) };
  }
  return { record: signed, text: await recordText(context, signed, 'text') };
}

/** The button: who may have the file, and what it will be called. Nothing leaves yet, so only a refusal is audited. */
export async function offerRecordFile(context: FlowContext, actor: Actor, input: { recordId: string }): Promise<FlowResult> {
  const found = await authorised(context, actor, input.recordId);
  if ('result' in found) return found.result;
  const name = recordFileName(context, found.record);
  const speech = speechOf(context.pack, actor);
  return {
    view: {
      ...message(
        t(speech, 'recordFile.offerTitle'),
        t(speech, isPersonalRecord(found.record) ? 'recordFile.offerTextPersonal' : 'recordFile.offerText', { name }, { paragraphs: true }),
      ).view,
      speech,
    },
    file: {
      recordId: found.record.id,
      name,
      bytes: Buffer.byteLength(found.text, 'utf8'),
      description: recordFileDescription(found.record, recordLanguage(context.pack)),
    },
  };
}

/** The moment a channel sends the file: authorised again (the offer may be old, or forwarded) and audited. */
export async function takeRecordFile(
  context: FlowContext,
  actor: Actor,
  input: { recordId: string },
): Promise<{ ok: true; name: string; text: string; description: string } | { ok: false; result: FlowResult }> {
  const found = await authorised(context, actor, input.recordId);
  if ('result' in found) return { ok: false, result: found.result };
  await audit(context, actor, 'record.download', 'record', found.record.id);
  return {
    ok: true,
    name: recordFileName(context, found.record),
    text: found.text,
    description: recordFileDescription(found.record, recordLanguage(context.pack)),
  };
}
