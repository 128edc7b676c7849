// What an outbox row carries to a person: a card view (rendered by each platform) or plain text.
import { z } from 'zod';
import { cardNames, type View } from '../cards/catalog.js';
import { speeches } from '../i18n/catalogue.js';

export const messagePayload = z.object({
  kind: z.string().optional(),
  text: z.string().optional(),
  view: z
    .object({
      card: z.enum(cardNames as [string, ...string[]]),
      data: z.record(z.string(), z.unknown()),
      speech: z.enum(speeches as [string, ...string[]]).optional(),
    })
    .optional(),
  /** Where a Teams channel post goes when the bot no longer keeps that channel (a group moved away): its conversation reference. */
  reference: z.record(z.string(), z.unknown()).optional(),
});

export type MessagePayload = { kind?: string; text?: string; view?: View; reference?: Record<string, unknown> };

export function readPayload(payload: unknown): MessagePayload | undefined {
  const parsed = messagePayload.safeParse(payload);
  return parsed.success && (parsed.data.text || parsed.data.view) ? (parsed.data as MessagePayload) : undefined;
}
