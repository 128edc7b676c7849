// "My settings": each person may choose when their reminders come, inside working hours, and, where the
// organisation offers the choice (the pack's `language`), whether the bot writes to them in Cymraeg or English.
import type { Actor, FlowContext, FlowResult } from './context.js';
import { writeAudit } from '../store/audit.js';
import { t, type Locale } from '../i18n/catalogue.js';
import { languagePolicy, speechOf } from './speech.js';

/** Each language named in itself, as a choice of language always is. */
const LANGUAGE_NAMES: { title: string; value: Locale }[] = [
  { title: 'Cymraeg', value: 'cy' },
  { title: 'English', value: 'en-GB' },
];

export function showSettings(
  context: FlowContext,
  actor: Actor,
  extra: { saved?: boolean; errors?: Record<string, string>; reminderTime?: string } = {},
): FlowResult {
  const speech = speechOf(context.pack, actor);
  const { start, end } = context.pack.workingHours;
  const offer = languagePolicy(context.pack).offerChoice;
  return {
    view: {
      card: 'settings',
      speech,
      data: {
        explanation: t(speech, 'settings.explanation', { start, end }, { paragraphs: true }),
        reminderTime: extra.reminderTime ?? actor.reminder_time ?? start,
        saved: extra.saved ?? false,
        errors: extra.errors ?? {},
        // Where the organisation offers the choice: the one made, or the default until then.
        languages: offer ? LANGUAGE_NAMES : [],
        language: actor.language ?? languagePolicy(context.pack).default,
      },
    },
    ...(extra.errors && Object.keys(extra.errors).length > 0 ? { fieldErrors: extra.errors } : {}),
  };
}

export async function saveSettings(context: FlowContext, actor: Actor, input: { reminderTime: string; language?: Locale | undefined }): Promise<FlowResult> {
  const { start, end } = context.pack.workingHours;
  // A language sent where none is offered (an old or altered card) is not taken.
  const language = input.language && languagePolicy(context.pack).offerChoice ? input.language : undefined;
  if (input.reminderTime < start || input.reminderTime >= end) {
    const speech = speechOf(context.pack, actor);
    return showSettings(context, actor, { reminderTime: input.reminderTime, errors: { reminderTime: t(speech, 'settings.outsideHours', { start, end }) } });
  }
  const now = context.clock.now();
  await context.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('person')
      .set({ reminder_time: input.reminderTime, ...(language ? { language } : {}), updated_at: now })
      .where('id', '=', actor.id)
      .execute();
    await writeAudit(trx, { at: now, actorId: actor.id, action: 'settings.reminder-time', objectType: 'person', objectId: actor.id });
    if (language && language !== actor.language)
      await writeAudit(trx, { at: now, actorId: actor.id, action: 'settings.language', objectType: 'person', objectId: actor.id, detail: { language } });
  });
  return showSettings(context, { ...actor, reminder_time: input.reminderTime, language: language ?? actor.language }, { saved: true });
}
