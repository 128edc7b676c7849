// Every card in cards/ and the one zod schema for what its Action.Execute buttons send back.
// A card whose buttons only open links has no submit schema. Tests check this list against cards/.
import { z } from 'zod';

const timeOfDay = z.string({ error: 'Choose a time.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Choose a time, as HH:MM.' });

/** Buttons that only move between views carry no data. */
export const noData = z.strictObject({});

export const cardCatalog = {
  home: { submit: noData },
  help: { submit: noData },
  upcoming: { submit: noData },
  actions: { submit: noData },
  team: { submit: noData },
  pending: { submit: noData },
  triggers: { submit: noData },
  settings: { submit: z.strictObject({ reminderTime: timeOfDay }) },
  message: { submit: undefined },
} as const;

export type CardName = keyof typeof cardCatalog;
export const cardNames = Object.keys(cardCatalog) as CardName[];

/** What a flow asks a channel to show: a card and the data it is expanded with. */
export interface View {
  card: CardName;
  data: Record<string, unknown>;
}
