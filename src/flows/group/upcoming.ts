// A person's team's next group session, for "upcoming": when, and their role in it if they have one.
// Never the presenter's case.
import type { Kysely } from 'kysely';
import { roleWords } from '../../domain/group/rota.js';
import type { Database } from '../../store/schema.js';

export interface NextGroupSession {
  starts_at: Date;
  duration_minutes: number;
  /** "you are facilitating", or nothing for someone without a role. */
  role?: string;
}

export async function nextGroupSessionOf(
  db: Kysely<Database>,
  person: { id: string; team_id: string | null },
  now: Date,
): Promise<NextGroupSession | undefined> {
  if (!person.team_id) return undefined;
  const next = await db
    .selectFrom('supervision_session')
    .innerJoin('group_channel', 'group_channel.team_id', 'supervision_session.team_id')
    .leftJoin('group_role', (join) => join.onRef('group_role.session_id', '=', 'supervision_session.id').on('group_role.person_id', '=', person.id))
    .select(['supervision_session.starts_at', 'supervision_session.duration_minutes', 'group_role.role'])
    .where('supervision_session.team_id', '=', person.team_id)
    .where('supervision_session.kind', '=', 'group')
    .where('supervision_session.status', '=', 'booked')
    .where('supervision_session.starts_at', '>', now)
    .orderBy('supervision_session.starts_at')
    .limit(1)
    .executeTakeFirst();
  if (!next) return undefined;
  return { starts_at: next.starts_at, duration_minutes: next.duration_minutes, ...(next.role ? { role: `you are ${roleWords[next.role]}` } : {}) };
}
