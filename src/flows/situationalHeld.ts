// Supervision held at the point of need (an accepted trigger, discussed and recorded) as the schedule
// counts it, where the pack says it meets a scheduled kind's due dates (a cohort's `alsoMetBy`: Cafcass
// situational case supervision held in the month counts toward the monthly one, 2.10, 4.1).
import { sql } from 'kysely';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { entryOf } from '../domain/policy/entryOf.js';
import { recordKindOf } from '../domain/triggers/raise.js';
import type { DayNumber } from '../domain/time/localDate.js';
import type { FlowContext } from './context.js';
import { today } from './format.js';

export type HeldByKind = Partial<Record<SupervisionKind, DayNumber[]>>;

/** The kinds any cohort of the pack counts toward another one; none for most packs. */
export function kindsCountedElsewhere(context: FlowContext): Set<SupervisionKind> {
  return new Set(Object.values(context.pack.cohorts).flatMap((cohort) => cohort.supervision.flatMap((entry) => entry.alsoMetBy ?? [])));
}

/**
 * Each person's recorded (or signed) trigger discussions, by the kind each is recorded as, on the day it
 * was held: when it was accepted, or at the time proposed (as its record says). `ids` undefined: everyone.
 */
export async function recordedDiscussions(context: FlowContext, ids: readonly string[] | undefined): Promise<Map<string, HeldByKind>> {
  const counted = kindsCountedElsewhere(context);
  const byPerson = new Map<string, HeldByKind>();
  if (counted.size === 0 || ids?.length === 0) return byPerson;
  let query = context.db
    .selectFrom('trigger_request')
    .innerJoin('trigger_event', 'trigger_event.trigger_request_id', 'trigger_request.id')
    .select(['trigger_request.id', 'trigger_request.practitioner_id', 'trigger_request.trigger_id', 'trigger_event.at', 'trigger_event.detail'])
    .where('trigger_request.state', 'in', ['recorded', 'signed'])
    .where('trigger_event.to_state', '=', 'accepted');
  if (ids) query = query.where('trigger_request.practitioner_id', '=', sql<string>`any(${ids}::text[])`);
  // The latest acceptance of each request (one that was passed on is accepted again).
  const latest = new Map<string, { practitioner_id: string; trigger_id: string | null; at: Date; detail: unknown }>();
  for (const row of await query.orderBy('trigger_event.id').execute()) latest.set(row.id, row);
  for (const row of latest.values()) {
    const discussed = discussionHeld(context, counted, {
      trigger_id: row.trigger_id,
      at: row.at,
      proposedAt: (row.detail as { proposedAt?: string } | null)?.proposedAt,
    });
    if (!discussed) continue;
    const held = byPerson.get(row.practitioner_id) ?? {};
    (held[discussed.kind] ??= []).push(discussed.day);
    byPerson.set(row.practitioner_id, held);
  }
  return byPerson;
}

/** One request's latest acceptance as the schedule counts it: its kind and the day it was held, or undefined when that kind counts toward none. */
export function discussionHeld(
  context: FlowContext,
  counted: Set<SupervisionKind>,
  row: { trigger_id: string | null; at: Date; proposedAt?: string | null | undefined },
): { kind: SupervisionKind; day: DayNumber } | undefined {
  const kind = recordKindOf(row.trigger_id ? entryOf(context.pack.triggers, row.trigger_id) : undefined);
  if (!counted.has(kind)) return undefined;
  return { kind, day: today(row.proposedAt ? new Date(row.proposedAt) : row.at, context.calendar) };
}

/** `held` with `more` added, kind by kind. */
export function withMoreHeld(held: HeldByKind, more: HeldByKind | undefined): HeldByKind {
  if (!more) return held;
  const merged: HeldByKind = { ...held };
  for (const [kind, days] of Object.entries(more) as [SupervisionKind, DayNumber[]][]) merged[kind] = [...(merged[kind] ?? []), ...days];
  return merged;
}
