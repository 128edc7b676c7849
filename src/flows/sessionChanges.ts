// Changes to a practitioner's one-to-one sessions worth discussing, where the pack asks for it (Bexley
// individual standard one: "frequent lateness, cancellations or interruptions caused by either party should
// be a matter for discussion"): late starts, moves and cancellations over the pack's look-back, by whom,
// from the audit log that every change already writes. Shown on both preparation cards (sessionReminders.ts);
// the two decide whether it is frequent and talk about it.
import type { Kysely } from 'kysely';
import { citeSource } from '../domain/policy/cite.js';
import { addCalendarDuration } from '../domain/schedule/cadence.js';
import type { DayNumber } from '../domain/time/localDate.js';
import type { Database } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { dayText } from './format.js';

type Change = 'started late' | 'moved' | 'cancelled' | 'not held';

const CHANGES: Record<string, Change> = {
  'session.move': 'moved',
  'session.cancel': 'cancelled',
  'session.not-held': 'not held',
};

/** A session moved after this many days before the look-back began still counts its move (it was booked for then). */
const BOOKED_AHEAD_DAYS = 120;

export interface SessionChanges {
  from: DayNumber;
  /** Per supervisee: each change, with who made it. */
  bySupervisee: Map<string, { change: Change; actorId: string | null }[]>;
  names: Map<string, string>;
}

/** The changes to `superviseeIds`' one-to-one sessions since the pack's look-back before `day`; undefined where the pack asks for none. */
export async function sessionChangesOf(
  context: FlowContext,
  db: Kysely<Database>,
  superviseeIds: string[],
  day: DayNumber,
): Promise<SessionChanges | undefined> {
  const rule = context.pack.reminders.changes;
  const unique = [...new Set(superviseeIds)];
  if (!rule || unique.length === 0) return undefined;
  const from = addCalendarDuration(day, rule.lookBack, -1) as DayNumber;
  const since = context.calendar.atMinute(from, 0).toJSDate();
  const sessions = await db
    .selectFrom('supervision_session')
    .select(['id', 'supervisee_id'])
    .where('supervisee_id', 'in', unique)
    .where('kind', '<>', 'group')
    .where('starts_at', '>=', new Date(since.getTime() - BOOKED_AHEAD_DAYS * 86_400_000))
    .execute();
  const bySupervisee = new Map<string, { change: Change; actorId: string | null }[]>();
  if (sessions.length === 0) return { from, bySupervisee, names: new Map() };
  const superviseeOf = new Map(sessions.map((session) => [session.id, session.supervisee_id!]));
  const rows = await db
    .selectFrom('audit_log')
    .select(['object_id', 'action', 'actor_id', 'detail'])
    .where('object_type', '=', 'supervision_session')
    .where('object_id', 'in', [...superviseeOf.keys()])
    .where('action', 'in', ['session.move', 'session.cancel', 'session.not-held', 'session.held'])
    .where('at', '>=', since)
    .orderBy('at')
    .execute();
  for (const row of rows) {
    const change = row.action === 'session.held' ? (row.detail?.['late'] === true ? 'started late' : undefined) : CHANGES[row.action];
    if (!change) continue;
    const supervisee = superviseeOf.get(row.object_id)!;
    // Who marked a session not held is not who kept it from happening: its count has no name.
    bySupervisee.set(supervisee, [...(bySupervisee.get(supervisee) ?? []), { change, actorId: change === 'not held' ? null : row.actor_id }]);
  }
  const actors = [...new Set(rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])))];
  const names =
    actors.length === 0
      ? new Map<string, string>()
      : new Map(
          (await db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', actors).execute()).map((person) => [person.id, person.display_name]),
        );
  return { from, bySupervisee, names };
}

/** The card's list: the pack's words, then each kind of change with its count and who made it; undefined where the pack asks for none. */
export function changesList(
  context: FlowContext,
  changes: SessionChanges | undefined,
  superviseeId: string,
  readerId: string,
): { title: string; text: string } | undefined {
  const rule = context.pack.reminders.changes;
  if (!rule || !changes) return undefined;
  const list = changes.bySupervisee.get(superviseeId) ?? [];
  const counted = new Map<Change, Map<string, number>>();
  for (const { change, actorId } of list) {
    const who = actorId === readerId ? 'you' : actorId ? (changes.names.get(actorId) ?? 'someone') : '';
    const byWho = counted.get(change) ?? new Map<string, number>();
    byWho.set(who, (byWho.get(who) ?? 0) + 1);
    counted.set(change, byWho);
  }
  const lines = [...counted].map(([change, byWho]) => {
    const total = [...byWho.values()].reduce((sum, count) => sum + count, 0);
    const named = [...byWho].filter(([who]) => who !== '');
    return `- ${change}: ${total}${named.length === 0 ? '' : ` (${named.map(([who, count]) => `${who} ${count}`).join(', ')})`}`;
  });
  return {
    title: `Changes since ${dayText(changes.from)}`,
    text: [
      lines.length === 0 ? 'None: no session started late, moved or was cancelled.' : lines.join('  \n'),
      `${rule.text} (${citeSource(context.pack, rule.source)})`,
    ].join('  \n'),
  };
}
