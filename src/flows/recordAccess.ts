// Cumberland 10: "the supervisor will seek consent from the supervisee before sharing any of their personal
// information", shared without it "on a need-to-know basis only". Where the pack says so, a personal supervision
// record is read at once by the supervisee and the supervisor of it; anyone else in the line is shown this card
// instead, to ask the supervisee's consent or to read it on a need-to-know basis, with their concern.
import type { Selectable } from 'kysely';
import { citeSource } from '../domain/policy/cite.js';
import type { RecordTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { dayText, today } from './format.js';
import { inEach, t, type Speech } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';

type RecordRow = Selectable<RecordTable>;

/** Must `actor`, who may otherwise read the record, first have the supervisee's consent (or a need-to-know reason)? */
export async function needsConsent(context: FlowContext, actor: Actor, record: RecordRow): Promise<boolean> {
  if (!context.pack.personalRecords?.shareWithConsent || record.stored_on !== 'personal-record') return false;
  // The seed: "other than themselves and their supervisor, records may be accessed by others for purpose of audit and inspection".
  if (actor.role === 'auditor' || actor.id === record.supervisee_id || actor.id === record.author_id) return false;
  if (record.trigger_request_id) {
    const request = await context.db.selectFrom('trigger_request').select('assigned_to').where('id', '=', record.trigger_request_id).executeTakeFirst();
    if (request?.assigned_to === actor.id) return false;
  }
  // "Their supervisor": the one who supervises them now, as well as the one who wrote it.
  const supervises = await context.db
    .selectFrom('supervision_relationship')
    .select('supervisor_id')
    .where('supervisee_id', '=', record.supervisee_id)
    .where('supervisor_id', '=', actor.id)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (supervises) return false;
  const given = await context.db
    .selectFrom('record_access')
    .select('id')
    .where('record_id', '=', record.id)
    .where('asker_id', '=', actor.id)
    .where('state', '=', 'given')
    .executeTakeFirst();
  return !given;
}

/** The day the record's supervision was held, as chat shows it. */
export function heldDay(context: FlowContext, record: RecordRow, speech: Speech = 'en-GB'): string {
  const heldAt = (record.content as { heldAt?: string }).heldAt;
  return dayText(today(heldAt ? new Date(heldAt) : record.created_at, context.calendar), speech);
}

/** The card in place of the record: ask for consent, or read now on a need-to-know basis; with what is waiting. */
export async function accessView(context: FlowContext, actor: Actor, record: RecordRow, state: { reason?: string; error?: string } = {}): Promise<FlowResult> {
  const rule = context.pack.personalRecords!.shareWithConsent;
  const practitioner = await context.db.selectFrom('person').select('display_name').where('id', '=', record.supervisee_id).executeTakeFirstOrThrow();
  const name = practitioner.display_name;
  const asked = await context.db
    .selectFrom('record_access')
    .select(['state', 'asked_at'])
    .where('record_id', '=', record.id)
    .where('asker_id', '=', actor.id)
    .where('state', 'in', ['asking', 'declined'])
    .orderBy('asked_at', 'desc')
    .executeTakeFirst();
  const speech = speechOf(context.pack, actor);
  const cite = citeSource(context.pack, rule.source);
  return {
    view: {
      card: 'record-access',
      speech,
      data: {
        title: t(speech, 'recordAccess.title', { name }),
        text: inEach(
          speech,
          (locale) =>
            [
              t(locale, 'recordAccess.text', { name, cite }),
              ...(asked
                ? [
                    t(locale, asked.state === 'asking' ? 'recordAccess.asked' : 'recordAccess.declined', {
                      name,
                      day: dayText(today(asked.asked_at, context.calendar), locale),
                    }),
                  ]
                : []),
            ].join(' '),
          { paragraphs: true },
        ),
        facts: [
          { title: t(speech, 'record.factPractitioner'), value: name },
          { title: t(speech, 'record.factHeld'), value: heldDay(context, record, speech) },
        ],
        reason: state.reason ?? '',
        error: state.error ?? '',
        recordId: record.id,
      },
    },
    ...(state.error ? { fieldErrors: { reason: state.error } } : {}),
  };
}
