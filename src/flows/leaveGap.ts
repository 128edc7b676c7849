// The gap in supervision caused by leave, for the next supervision record (Islington "Frequency": the gap is
// recorded on the LCS record and also on the next supervision record). The cadence watch keeps each gap in the
// audit log when the practitioner is back (cadenceWatch.ts); a record field with `showsLeaveGap` is filled in
// with the gaps since the practitioner's last session record, for the supervisor to keep, change or add to.
// Cymraeg (issue 21): left in English on purpose. This is not the bot speaking to its reader: it pre-fills the
// record's own content, which is kept, signed and copied to the case file in the organisation's record language
// (recordLanguage() in speech.ts, English in every pack today), whatever language the supervisor reads the form in.
// A pack whose record language became Welsh would need these words, and the days, in that language.
import type { Kysely } from 'kysely';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { dayText } from './format.js';
import { kindTitle } from './schedule.js';

/** The gaps since the practitioner's last record of another session, one sentence each; '' when none. */
export async function leaveGapText(context: FlowContext, db: Kysely<Database>, practitionerId: string, exceptSessionId: string): Promise<string> {
  const last = await db
    .selectFrom('record')
    .select(({ fn }) => fn.max('created_at').as('at'))
    .where('supervisee_id', '=', practitionerId)
    .where('session_id', 'is not', null)
    .where('session_id', '!=', exceptSessionId)
    .executeTakeFirst();
  let gaps = db
    .selectFrom('audit_log')
    .select(['detail'])
    .where('action', '=', 'supervision.gap')
    .where('object_type', '=', 'person')
    .where('object_id', '=', practitionerId)
    .orderBy('at');
  if (last?.at) gaps = gaps.where('at', '>', new Date(last.at));
  const rows = await gaps.execute();
  const day = (value: unknown) => dayText(parseIsoDate(String(value)) as DayNumber);
  return rows
    .map(({ detail }) => {
      const kind = kindTitle(context, detail['kind'] as SupervisionKind).toLowerCase();
      return `Away from ${day(detail['leaveFrom'])} to ${day(detail['leaveTo'])}: the ${kind} due by ${day(detail['dueBy'])} was not held, a gap caused by leave.`;
    })
    .join(' ');
}
