// What a record asks to be brought to a later session (a field's `bringsTo`: Cafcass 7.3, "learning should be
// discussed in the subsequent PLR"): the answers given in the practitioner's records since their last session
// of that kind was held, listed on both preparation cards for the next one (sessionReminders.ts). The headings,
// the model's title and the day in the reader's speech (issue 21); the answers as they were written.
import type { Kysely } from 'kysely';
import { fieldInputId } from '../domain/records/recordForm.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { dayText, today } from './format.js';
import { languagesOf, t, type Speech } from '../i18n/catalogue.js';
import { fieldLabelIn, modelTitleIn } from './recordWords.js';

type Session = { id: string; kind: string; supervisee_id: string | null; starts_at: Date };

/**
 * For each session whose kind some record field is brought to: the list for its preparation cards, in `speech`
 * (English unless the caller gives one).
 */
export async function broughtForwardTo(
  context: FlowContext,
  db: Kysely<Database>,
  sessions: Session[],
  speech: Speech = 'en-GB',
): Promise<Map<string, { title: string; text: string }>> {
  const fields = Object.entries(context.pack.recordingModels).flatMap(([modelId, model]) =>
    model.fields.flatMap((field) => (field.bringsTo ? [{ modelId, model, field, to: field.bringsTo }] : [])),
  );
  const wanted = sessions.filter((session) => session.supervisee_id && fields.some((entry) => entry.to === session.kind));
  const found = new Map<string, { title: string; text: string }>();
  if (wanted.length === 0) return found;
  const supervisees = [...new Set(wanted.map((session) => session.supervisee_id!))];
  const [records, held] = await Promise.all([
    db
      .selectFrom('record')
      .select(['record_key', 'version_no', 'supervisee_id', 'model', 'content'])
      .where('supervisee_id', 'in', supervisees)
      .where('model', 'in', [...new Set(fields.map((entry) => entry.modelId))])
      .execute(),
    db
      .selectFrom('supervision_session')
      .select(['supervisee_id', 'kind', 'starts_at'])
      .where('supervisee_id', 'in', supervisees)
      .where('kind', 'in', [...new Set(wanted.map((session) => session.kind))])
      .where('status', '=', 'held')
      .execute(),
  ]);
  // Each record as last amended.
  const latest = new Map<string, (typeof records)[number]>();
  for (const record of records) if ((latest.get(record.record_key)?.version_no ?? -1) < record.version_no) latest.set(record.record_key, record);
  for (const session of wanted) {
    // Since the last session of this kind held before this one.
    const since = Math.max(
      0,
      ...held
        .filter((row) => row.supervisee_id === session.supervisee_id && row.kind === session.kind && row.starts_at < session.starts_at)
        .map((row) => row.starts_at.getTime()),
    );
    const lines: { at: number; line: string }[] = [];
    for (const record of latest.values()) {
      if (record.supervisee_id !== session.supervisee_id) continue;
      const content = record.content as { values?: Record<string, string>; heldAt?: string };
      const heldAt = content.heldAt ? Date.parse(content.heldAt) : NaN;
      if (!(heldAt > since)) continue;
      for (const { modelId, model, field, to } of fields) {
        const answer = (content.values?.[fieldInputId(field)] ?? '').trim();
        if (modelId !== record.model || to !== session.kind || !answer) continue;
        const day = dayText(today(new Date(heldAt), context.calendar), speech);
        lines.push({ at: heldAt, line: t(languagesOf(speech)[0]!, 'broughtForward.line', { model: modelTitleIn(model, speech), day, answer }) });
      }
    }
    if (lines.length === 0) continue;
    const labels = [...new Set(fields.filter((entry) => entry.to === session.kind).map((entry) => fieldLabelIn(entry.field, speech)))];
    found.set(session.id, {
      title: labels.join('; '),
      text: lines
        .sort((a, b) => a.at - b.at)
        .map((entry) => entry.line)
        .join('  \n'),
    });
  }
  return found;
}
