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

/** A person's team's next group session with their role in it (one row, or none), for a statement that reads it with other things (`upcoming`). */
export function nextGroupSessionQuery(db: Kysely<Database>, person: { id: string; team_id: string }, now: Date) {
  return db
    .selectFrom('supervision_session')
    .innerJoin('group_channel', 'group_channel.team_id', 'supervision_session.team_id')
    .leftJoin('group_role', (join) => join.onRef('group_role.session_id', '=', 'supervision_session.id').on('group_role.person_id', '=', person.id))
    .select(['supervision_session.starts_at', 'supervision_session.duration_minutes', 'group_role.role'])
    .where('supervision_session.team_id', '=', person.team_id)
    .where('supervision_session.kind', '=', 'group')
    .where('supervision_session.status', '=', 'booked')
    .where('supervision_session.starts_at', '>', now)
    .orderBy('supervision_session.starts_at')
    .limit(1);
}

/** The next group session as `upcoming` shows it, from a row of nextGroupSessionQuery(). */
export function nextGroupSession(row: { starts_at: Date; duration_minutes: number; role: string | null }): NextGroupSession {
  return {
    starts_at: row.starts_at,
    duration_minutes: row.duration_minutes,
    ...(row.role ? { role: `you are ${roleWords[row.role as keyof typeof roleWords]}` } : {}),
  };
}
