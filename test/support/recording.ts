// What a supervisor writes on a record card, whatever the pack's recording model asks: a value of the
// right kind for each field, every action agreed before marked done, the case reference when the card
// asks for one, and one new action for the practitioner.
import type { View } from '../../src/cards/catalog.js';

type Field = { inputId: string; kind: string; options: { value: string }[]; min: number };

export function recordValues(view: View, input: { caseReference: string; actionDue: string; what?: string }): Record<string, string> {
  const data = view.data as {
    requestId: string;
    sessionId: string;
    fields: Field[];
    previous: { inputId: string }[];
    owners: { value: string }[];
    caseReference: { ask: boolean };
  };
  const values: Record<string, string> = {
    requestId: data.requestId,
    sessionId: data.sessionId,
    'action.1.what': input.what ?? 'Follow up what was agreed',
    'action.1.owner': data.owners[0]!.value,
    'action.1.due': input.actionDue,
  };
  for (const field of data.fields)
    values[field.inputId] =
      field.kind === 'number' ? String(field.min) : field.kind === 'choice' ? field.options[0]!.value : field.kind === 'date' ? '2026-11-20' : 'Written.';
  for (const previous of data.previous) values[previous.inputId] = 'done';
  if (data.caseReference.ask) values.caseReference = input.caseReference;
  return values;
}
