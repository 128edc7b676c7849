// A record card's fields come from the pack's recording model; this checks what was written and lays
// a signed record out as case-file text. Pure: values in, problems or text out.
import type { RecordField, RecordingModel } from '../policy/schema.js';

/** Fields the card asks for directly (actions and previous actions have their own rows). */
export function writtenFields(model: RecordingModel): RecordField[] {
  return model.fields.filter((field) => field.type !== 'actions' && field.type !== 'previous-actions');
}

export const fieldInputId = (field: RecordField) => `f.${field.id}`;

/**
 * What the check says of a field, in a reader's words (the flow gives them from the catalogue); English by default.
 * A field is named by `label`, the reader's heading for it.
 */
export interface FieldProblemWords {
  label(field: RecordField): string;
  yesOrNo(): string;
  chooseOne(label: string, multiple: boolean): string;
  scale(min: number, max: number): string;
  date(): string;
  answer(label: string): string;
  write(label: string): string;
  neededWhen(label: string, whenLabel: string, is: string): string;
  chooseFrom(options: string[], multiple: boolean): string;
  atMost(count: number): string;
}

export const englishFieldProblems: FieldProblemWords = {
  label: (field) => field.label,
  yesOrNo: () => 'Answer yes or no.',
  chooseOne: (label, multiple) => `Choose ${multiple ? 'at least ' : ''}one for “${label}”.`,
  scale: (min, max) => `Give a whole number from ${min} to ${max}.`,
  date: () => 'Give a date.',
  answer: (label) => `Answer “${label.trim()}”`,
  write: (label) => `Write the ${label.toLowerCase()}.`,
  neededWhen: (label, whenLabel, is) => `Write “${label}”: it is needed when “${whenLabel}” is “${is}”.`,
  chooseFrom: (options, multiple) => `Choose ${multiple ? 'from' : 'one of'}: ${options.join(', ')}.`,
  atMost: (count) => `At most ${count}, one per line.`,
};

/** A scale field's range, as the check and the card take it (0 to 10 where the pack says nothing). */
const scaleWords = (field: RecordField, words: FieldProblemWords) => words.scale(field.min ?? 0, field.max ?? 10);

/** What to say of a required field left empty, in words that fit its kind and its label (some labels are questions). */
function missing(field: RecordField, words: FieldProblemWords): string {
  switch (field.type) {
    case 'yes-no':
      return words.yesOrNo();
    case 'choice':
      return words.chooseOne(words.label(field), field.multiple === true);
    case 'scale':
      return scaleWords(field, words);
    case 'date':
      return words.date();
    default:
      return field.label.trim().endsWith('?') ? words.answer(words.label(field)) : words.write(words.label(field));
  }
}

/** The answers given to a choice: one, or for a choice that takes several, each of them (submitted comma-joined). */
const answersOf = (field: RecordField, value: string) =>
  field.multiple
    ? value
        .split(',')
        .map((answer) => answer.trim())
        .filter(Boolean)
    : [value];

/** Why a field is required only when another field has an answer (Cumberland 4: a brief discussion needs its rationale), if it is now. */
function requiredNow(model: RecordingModel, field: RecordField, values: Record<string, string>, words: FieldProblemWords): string | undefined {
  if (!field.requiredWhen) return undefined;
  const when = model.fields.find((other) => other.id === field.requiredWhen!.field);
  if (!when || !answersOf(when, (values[fieldInputId(when)] ?? '').trim()).includes(field.requiredWhen.is)) return undefined;
  return words.neededWhen(words.label(field), words.label(when), field.requiredWhen.is);
}

export function checkFields(model: RecordingModel, values: Record<string, string>, words: FieldProblemWords = englishFieldProblems): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of writtenFields(model)) {
    const value = (values[fieldInputId(field)] ?? '').trim();
    if (value === '') {
      const needed = requiredNow(model, field, values, words);
      if (field.required !== false) errors[fieldInputId(field)] = missing(field, words);
      else if (needed) errors[fieldInputId(field)] = needed;
      continue;
    }
    if (field.type === 'yes-no' && value !== 'yes' && value !== 'no') errors[fieldInputId(field)] = words.yesOrNo();
    if (field.type === 'scale') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < (field.min ?? 0) || number > (field.max ?? 10)) errors[fieldInputId(field)] = scaleWords(field, words);
    }
    if (field.type === 'choice' && field.options && !answersOf(field, value).every((answer) => field.options!.includes(answer)))
      errors[fieldInputId(field)] = words.chooseFrom(field.options, field.multiple === true);
    if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors[fieldInputId(field)] = words.date();
    if (field.type === 'list' && field.maxItems && value.split('\n').filter((line) => line.trim()).length > field.maxItems) {
      errors[fieldInputId(field)] = words.atMost(field.maxItems);
    }
  }
  return errors;
}

/** A field's value as a person reads it: the answers of a choice that takes several, separated by commas. */
export function shownValue(field: RecordField, value: string): string {
  return field.multiple ? answersOf(field, value).join(', ') : value;
}

export interface CaseFileInput {
  heading: string;
  caseReference: string;
  trigger: string;
  heldOn: string;
  supervisor: string;
  practitioner: string;
  model: RecordingModel;
  values: Record<string, string>;
  previous: { what: string; status: string; reason?: string }[];
  actions: { what: string; owner: string; due: string }[];
  disagreement?: string;
  /** For a later version: who amended it and why. */
  amendment?: { version: number; author: string; reason: string };
}

/** The signed record under the pack's headings, for the case-management system. Names staff, never a child. */
export function caseFileText(input: CaseFileInput): string {
  const lines = [
    input.heading,
    // A record about no case (kept on the personal supervision file) names none.
    ...(input.caseReference ? [`Case reference: ${input.caseReference}`] : []),
    `Supervision: ${input.trigger}, held ${input.heldOn}`,
    `Supervisor: ${input.supervisor}. Practitioner: ${input.practitioner}.`,
  ];
  if (input.amendment) lines.push(`Version ${input.amendment.version}, amended by ${input.amendment.author}: ${input.amendment.reason}`);
  if (input.previous.length > 0) {
    lines.push('', 'Actions agreed before');
    for (const action of input.previous) lines.push(`- ${action.what}: ${action.status}${action.reason ? ` (${action.reason})` : ''}`);
  }
  for (const field of writtenFields(input.model)) {
    const value = (input.values[fieldInputId(field)] ?? '').trim();
    if (value) lines.push('', field.label, shownValue(field, value));
  }
  lines.push('', 'Actions');
  if (input.actions.length === 0) lines.push('- none agreed');
  for (const action of input.actions) lines.push(`- ${action.what} (${action.owner}, by ${action.due})`);
  if (input.disagreement) lines.push('', 'Practitioner disagrees', input.disagreement);
  return lines.join('\n');
}
