// A record field that shows the previous one (Bexley's previous safety scale rating, appendices 2 and 4):
// what the last record of the same case gave for the field it names, and the day that supervision was held.
import type { Kysely, Transaction } from 'kysely';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { RecordingModel } from '../domain/policy/schema.js';
import { fieldInputId } from '../domain/records/recordForm.js';
import type { Database } from '../store/schema.js';
import { dayText, today } from './format.js';
import type { DayNumber } from '../domain/time/localDate.js';

/** What the last record said, and on which day that supervision was held ("Wed 25 Nov 2026"; `day`, to write it in another language). */
export type LastValue = { value: string; on: string; day: DayNumber };

/** The case's records looked through, newest first: enough for any case, few enough to read in one go. */
const LOOKED_THROUGH = 20;

/**
 * For each field of `model` that shows the previous value (by its input id): the value the case's last record
 * gave for the field it names. The record being written (`exceptKey`, its request or session) is never its own last.
 */
export async function previousValues(
  db: Kysely<Database> | Transaction<Database>,
  calendar: WorkingCalendar,
  model: RecordingModel,
  caseReference: string | null | undefined,
  exceptKey: string,
): Promise<Map<string, LastValue>> {
  const showing = model.fields.filter((field) => field.showsPrevious !== undefined);
  const found = new Map<string, LastValue>();
  if (!caseReference || showing.length === 0) return found;
  const rows = await db
    .selectFrom('record')
    .select(['content'])
    .where('case_reference', '=', caseReference)
    .where('record_key', '!=', exceptKey)
    .orderBy('created_at', 'desc')
    .orderBy('version_no', 'desc')
    .limit(LOOKED_THROUGH)
    .execute();
  // The last supervision held, whichever was written first.
  const records = rows
    .map((row) => row.content as { values?: Record<string, string>; heldAt?: string })
    .filter((content) => content.heldAt)
    .sort((a, b) => Date.parse(b.heldAt!) - Date.parse(a.heldAt!));
  for (const field of showing) {
    const from = fieldInputId(model.fields.find((other) => other.id === field.showsPrevious)!);
    const last = records.find((content) => (content.values?.[from] ?? '').trim() !== '');
    if (last) {
      const day = today(new Date(last.heldAt!), calendar);
      found.set(fieldInputId(field), { value: last.values![from]!.trim(), on: dayText(day), day });
    }
  }
  return found;
}
