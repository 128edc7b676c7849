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

type SignedRecord = Selectable<RecordTable> & { signed_at: Date };

export const RECORD_FILE_DESCRIPTION = 'The signed supervision record, as plain text: the same text as its case-file card.';

/** What the file is, as the platforms show it beside its name: a record kept on the personal file is no case-file text. */
export function recordFileDescription(record: Pick<SignedRecord, 'stored_on'>): string {
  return isPersonalRecord(record)
    ? 'The signed supervision record, as plain text: for the personal supervision file, not the case file.'
    : RECORD_FILE_DESCRIPTION;
}

const notKnown = () => message('Something was wrong with that', 'That record is not one I know.');
const refused = () =>
  message(
    "This isn't yours to read",
    'A supervision record goes as a file only to the practitioner, their supervisors and managers, and (for the case file) auditors. Nothing was sent.',
  );

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
  const record = await context.db.selectFrom('record').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!record?.signed_at) return { result: notKnown() };
  const signed = { ...record, signed_at: record.signed_at };
  if (!(await mayTakeRecordFile(context.db, actor, signed))) {
    await audit(context, actor, 'record.download.refused', 'record', record.id);
    return { result: refused() };
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
  return {
    view: message(
      'The record as a file',
      `${name}: ${isPersonalRecord(found.record) ? 'the text of this record for the personal supervision file' : 'the case-file text of this record'}, as plain text.`,
    ).view,
    file: { recordId: found.record.id, name, bytes: Buffer.byteLength(found.text, 'utf8'), description: recordFileDescription(found.record) },
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
  return { ok: true, name: recordFileName(context, found.record), text: found.text, description: recordFileDescription(found.record) };
}
