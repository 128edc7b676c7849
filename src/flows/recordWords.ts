// A recording model's words as a reader's form shows them (issue 21): a field's heading, help and prompts, and the
// model's title, in Welsh where the pack gives it; where it does not, the English, and, for a reader of Welsh alone,
// the help and prompts marked as the policy's own words (as a trigger's wording is: src/flows/speech.ts). The
// case-file text keeps the English, the organisation's record language, whoever reads the form.
import type { RecordField, RecordingModel } from '../domain/policy/schema.js';
import { checkFields, type FieldProblemWords } from '../domain/records/recordForm.js';
import { languagesOf, t, type Locale, type Speech } from '../i18n/catalogue.js';

/** Each language's text, the same text once: "Penderfyniadau / Decisions", or "Decisions" where the pack has no Welsh. */
const joined = (speech: Speech, make: (locale: Locale) => string, separator = ' / ') => [...new Set(languagesOf(speech).map(make))].join(separator);

/** A field's heading in a speech, "(optional)" after it where it is. */
export function fieldLabelIn(field: RecordField, speech: Speech, optional = false): string {
  return joined(speech, (locale) => {
    const label = locale === 'cy' ? (field.welsh?.label ?? field.label) : field.label;
    return optional ? t(locale, 'record.optional', { label }) : label;
  });
}

/** A model's title in a speech. */
export function modelTitleIn(model: RecordingModel, speech: Speech): string {
  return joined(speech, (locale) => (locale === 'cy' ? (model.welsh?.title ?? model.title) : model.title));
}

/** A field's one line of help in a speech: for a reader of Welsh alone, the English marked as the policy's own where the pack has no Welsh. */
export function fieldHelpIn(field: RecordField, speech: Speech): string {
  if (field.help === undefined) return '';
  const help = field.help;
  const welsh = field.welsh?.help;
  if (!welsh && languagesOf(speech).includes('en-GB')) return help;
  return joined(speech, (locale) => (locale === 'en-GB' ? help : (welsh ?? t(locale, 'common.theirOwnWords', { text: help }))));
}

/** A field's prompts in a speech, each a line: Welsh where the pack gives every one; else the English (marked, for a reader of Welsh alone). */
export function fieldPromptsIn(field: RecordField, speech: Speech): string[] {
  const prompts = field.prompts ?? [];
  const welsh = field.welsh?.prompts;
  const allWelsh = welsh !== undefined && prompts.every((_prompt, index) => welsh[index]);
  const languages = languagesOf(speech);
  if (!allWelsh && languages.includes('en-GB')) return prompts;
  return languages.flatMap((locale) => {
    if (locale === 'en-GB') return prompts;
    if (allWelsh) return prompts.map((_prompt, index) => welsh[index]!);
    return prompts.map((prompt, index) => (index === prompts.length - 1 ? t(locale, 'common.theirOwnWords', { text: prompt }) : prompt));
  });
}

/** What the record form's check says of a field, in a language, the field named by its heading in that language. */
function problemWordsIn(locale: Locale): FieldProblemWords {
  return {
    label: (field) => fieldLabelIn(field, locale),
    yesOrNo: () => t(locale, 'record.problemYesNo'),
    chooseOne: (label, multiple) => t(locale, multiple ? 'record.problemChooseAtLeast' : 'record.problemChooseOne', { label }),
    scale: (min, max) => t(locale, 'record.problemScale', { min, max }),
    date: () => t(locale, 'record.problemDate'),
    answer: (label) => t(locale, 'record.problemAnswer', { label: label.trim() }),
    // English writes the heading into its sentence ("Write the decisions."); Welsh quotes it.
    write: (label) => t(locale, 'record.problemWrite', { label: locale === 'en-GB' ? label.toLowerCase() : label }),
    neededWhen: (label, when, is) => t(locale, 'record.problemNeededWhen', { label, when, is }),
    chooseFrom: (options, multiple) => t(locale, multiple ? 'record.problemChooseFrom' : 'record.problemChooseOneOf', { options: options.join(', ') }),
    atMost: (count) => t(locale, 'record.problemAtMost', { count }),
  };
}

/** The record form's problems, by field, in a speech: each language's check, joined as t() joins. */
export function fieldProblemsIn(model: RecordingModel, values: Record<string, string>, speech: Speech): Record<string, string> {
  const checked = languagesOf(speech).map((locale) => checkFields(model, values, problemWordsIn(locale)));
  return Object.fromEntries(Object.keys(checked[0]!).map((key) => [key, [...new Set(checked.map((errors) => errors[key]!))].join(' / ')]));
}
