// "Add to my calendar": a booked session as an iCalendar file (RFC 5545) for either person to import.
// It names the kind of supervision and the other person, never a case; its UID is the session's, and
// its SEQUENCE the session's version, so a moved session's file updates the event it was imported as.
import { DateTime } from 'luxon';
import type { Selectable } from 'kysely';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { writeAudit } from '../store/audit.js';
import type { SupervisionSessionTable } from '../store/schema.js';
import type { Actor, FlowContext, FlowResult } from './context.js';
import { message } from './context.js';
import { kindTitle } from './schedule.js';

export const SESSION_FILE_DESCRIPTION = 'The supervision session, as a calendar file to add to your calendar.';

type Session = Selectable<SupervisionSessionTable>;

const utc = (instant: Date) => DateTime.fromJSDate(instant).toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");

/** Text values escaped as RFC 5545 says: backslash, semicolon, comma and line breaks. */
const escaped = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

export function sessionCalendarText(context: FlowContext, session: Session, withName: string, now: Date): string {
  const ends = new Date(session.starts_at.getTime() + session.duration_minutes * 60_000);
  const kind = kindTitle(context, session.kind as SupervisionKind);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//supervision-bot//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${session.id}@supervision-bot`,
    `SEQUENCE:${session.version}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(session.starts_at)}`,
    `DTEND:${utc(ends)}`,
    `SUMMARY:${escaped(`Supervision: ${kind} with ${withName}`)}`,
    `DESCRIPTION:${escaped(`${kind} under the ${context.pack.organisation} supervision policy. Protected time: uninterrupted.`)}`,
    `STATUS:${session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

async function authorised(
  context: FlowContext,
  actor: Actor,
  sessionId: string,
): Promise<{ session: Session; text: string; name: string } | { result: FlowResult }> {
  const session = await context.db.selectFrom('supervision_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) return { result: message('Something was wrong with that', 'That session is not one I know.') };
  if (actor.id !== session.supervisee_id && actor.id !== session.supervisor_id) {
    await writeAudit(context.db, {
      at: context.clock.now(),
      actorId: actor.id,
      action: 'session.calendar.refused',
      objectType: 'supervision_session',
      objectId: session.id,
    });
    return { result: message("This isn't yours to act on", 'This session belongs to someone else. Nothing was sent.') };
  }
  if (session.status !== 'booked') return { result: message('Not booked now', `This session is ${session.status}, so there is nothing to add to a calendar.`) };
  const otherId = actor.id === session.supervisor_id ? session.supervisee_id : session.supervisor_id;
  const other = otherId ? await context.db.selectFrom('person').select('display_name').where('id', '=', otherId).executeTakeFirst() : undefined;
  const text = sessionCalendarText(context, session, other?.display_name ?? 'the team', context.clock.now());
  const day = DateTime.fromJSDate(session.starts_at).setZone(context.calendar.zone).toISODate();
  return { session, text, name: `supervision-${day}.ics` };
}

export async function offerSessionCalendar(context: FlowContext, actor: Actor, input: { sessionId: string }): Promise<FlowResult> {
  const found = await authorised(context, actor, input.sessionId);
  if ('result' in found) return found.result;
  return {
    view: message('The session as a calendar file', `${found.name}: open it to add the session to your calendar.`).view,
    file: { sessionId: found.session.id, name: found.name, bytes: Buffer.byteLength(found.text, 'utf8'), description: SESSION_FILE_DESCRIPTION },
  };
}

export async function takeSessionCalendar(
  context: FlowContext,
  actor: Actor,
  input: { sessionId: string },
): Promise<{ ok: true; name: string; text: string } | { ok: false; result: FlowResult }> {
  const found = await authorised(context, actor, input.sessionId);
  if ('result' in found) return { ok: false, result: found.result };
  await writeAudit(context.db, {
    at: context.clock.now(),
    actorId: actor.id,
    action: 'session.calendar',
    objectType: 'supervision_session',
    objectId: found.session.id,
  });
  return { ok: true, name: found.name, text: found.text };
}
