// Which language(s) the bot writes to someone in (issue 21): the one they chose in settings; until they choose,
// the organisation's default, or, where it offers the choice, both, the default first. A team channel in an
// organisation with a Welsh default is written to in both, Welsh first. Policy text (a trigger's title and
// wording) in Welsh where the pack gives it; where it does not, the English, the wording marked as the policy's own.
import type { Kysely, Transaction } from 'kysely';
import { ENGLISH_ONLY, type LanguagePolicy, type PolicyPack, type Trigger } from '../domain/policy/schema.js';
import { triggerTitle } from '../domain/triggers/raise.js';
import { inEach, isSpeech, languagesOf, t, type Locale, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { message, type FlowResult } from './context.js';
import type { Database } from '../store/schema.js';

export function languagePolicy(pack: PolicyPack): LanguagePolicy {
  return pack.language ?? ENGLISH_ONLY;
}

/** Both languages, `first` first. */
function both(first: Locale): Speech {
  return first === 'cy' ? 'cy+en-GB' : 'en-GB+cy';
}

/** How the bot writes to a person: their choice, else the organisation's default (in both languages while it offers the choice). */
export function speechOf(pack: PolicyPack, person: { language: string | null } | undefined): Speech {
  const policy = languagePolicy(pack);
  if (person?.language && isSpeech(person.language)) return person.language;
  return policy.offerChoice ? both(policy.default) : policy.default;
}

/** How the bot writes to a team channel: in both languages, Welsh first, where the organisation's default is Welsh. */
export function channelSpeech(pack: PolicyPack): Speech {
  return languagePolicy(pack).default === 'cy' ? both('cy') : 'en-GB';
}

/** The speech of someone the flow writes to by id (a notice's recipient). */
export async function speechOfPerson(db: Kysely<Database> | Transaction<Database>, pack: PolicyPack, personId: string): Promise<Speech> {
  return speechOf(pack, await db.selectFrom('person').select('language').where('id', '=', personId).executeTakeFirst());
}

/** The language of the case-file text: the organisation's record language (English unless the pack says otherwise). */
export function recordLanguage(pack: PolicyPack): Locale {
  return languagePolicy(pack).records;
}

/** A trigger's title as a button shows it: its Welsh where the pack gives one, else its English, as the policy has it. */
export function triggerTitleIn(trigger: Trigger | undefined, speech: Speech): string {
  if (!trigger) return t(speech, 'request.voluntaryTitle');
  const titles = [
    ...new Set(
      languagesOf(speech).map((locale) =>
        locale === 'cy' && trigger.welsh?.title ? triggerTitle({ ...trigger, title: trigger.welsh.title }) : triggerTitle(trigger),
      ),
    ),
  ];
  return titles.join(' / ');
}

/** A trigger's full wording: its Welsh where the pack gives one; else, for a Welsh reader, the English marked as the policy's own words. */
export function triggerWordingIn(trigger: Trigger, speech: Speech): string {
  const welsh = trigger.welsh?.wording;
  if (!welsh && languagesOf(speech).includes('en-GB')) return trigger.wording;
  return inEach(speech, (locale) => (locale === 'en-GB' ? trigger.wording : (welsh ?? t(locale, 'common.theirOwnWords', { text: trigger.wording }))), {
    paragraphs: true,
  });
}

/**
 * A message card in a speech, its title and text from the catalogue; the values the same in every language, or
 * made in each (`(locale) => values`, for a date written in that language).
 */
export function said(speech: Speech, title: MessageId, text: MessageId, values: MessageValues | ((locale: Locale) => MessageValues) = {}): FlowResult {
  const valuesIn = typeof values === 'function' ? values : () => values;
  return {
    view: {
      ...message(
        inEach(speech, (locale) => t(locale, title, valuesIn(locale))),
        inEach(speech, (locale) => t(locale, text, valuesIn(locale)), { paragraphs: true }),
      ).view,
      speech,
    },
  };
}
