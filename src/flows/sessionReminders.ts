// Reminders of booked sessions: the practitioner's preparation card the pack's number of working days
// before (what to bring, their open actions), a reminder to both on the day, and afterwards a question
// to the supervisor: was it held? Each is keyed by the session and its start, so a moved session gets
// fresh reminders and a cancelled one gets none.
import type { Kysely, Selectable } from 'kysely';
import { citeSource } from '../domain/policy/cite.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { parseIsoDate, type DayNumber } from '../domain/time/localDate.js';
import type { Database, SupervisionSessionTable } from '../store/schema.js';
import type { FlowContext } from './context.js';
import { clockText, dayText, momentText, today } from './format.js';
import { stillWantedIf, type Check, type Reminder, type ReminderSource } from './reminders.js';
import { kindTitle } from './schedule.js';
import { broughtForwardTo } from './broughtForward.js';
import { changesList, sessionChangesOf } from './sessionChanges.js';
import { outcomeButtons, sessionView } from './sessions.js';

type Session = Selectable<SupervisionSessionTable>;

/** How far back to look for sessions to ask about (held? not held?). */
const BEHIND_DAYS = 14;

export function sessionReminderSource(context: FlowContext): ReminderSource {
  return {
    name: 'sessions',
    async reminders(db, now, day, _since, changedSince) {
      let booked = db
        .selectFrom('supervision_session')
        .selectAll()
        .where('status', '=', 'booked')
        .where('starts_at', '>=', new Date(now.getTime() - BEHIND_DAYS * 86_400_000))
        // Ahead: only sessions whose preparation day has come, the pack's working days from today.
        .where('starts_at', '<', context.calendar.endOfDay(context.calendar.addWorkingDays(day, context.pack.reminders.prepareWorkingDaysBefore)).toJSDate())
        .where('supervisee_id', 'is not', null);
      // Asked again the same day: only sessions booked or changed since.
      if (changedSince) booked = booked.where(({ or, eb }) => or([eb('created_at', '>=', changedSince), eb('updated_at', '>=', changedSince)]));
      const sessions = await booked.execute();
      if (sessions.length === 0) return [];
      const names = await namesOf(
        db,
        sessions.flatMap((session) => [session.supervisee_id!, session.supervisor_id!]),
      );
      const actions = await openActionsOf(
        db,
        sessions.map((session) => session.supervisee_id!),
      );
      // Only the sessions whose preparation day is today need the changes counted.
      const preparing = sessions.filter(
        (session) => context.calendar.workingDaysBefore(today(session.starts_at, context.calendar), context.pack.reminders.prepareWorkingDaysBefore) <= day,
      );
      const changes = await sessionChangesOf(
        context,
        db,
        preparing.map((session) => session.supervisee_id!),
        day,
      );
      const setting = context.pack.reminders.setting && { title: 'Where and how', text: context.pack.reminders.setting.text };
      // What earlier records bring to this session (an observation's learning to the next PLR).
      const brought = await broughtForwardTo(context, db, preparing);
      const reminders: Reminder[] = [];
      for (const session of sessions) {
        const sessionDay = today(session.starts_at, context.calendar);
        // A session booked (or moved) on the day a reminder would have gone needs no reminder: the booking said it all.
        const changedDay = today(session.updated_at ?? session.created_at, context.calendar);
        const base = `session:${session.id}:${session.starts_at.toISOString()}`;
        const stillWanted = stillBooked(session);
        const kind = kindTitle(context, session.kind as SupervisionKind);
        const supervisee = names.get(session.supervisee_id!) ?? 'your supervisee';
        const supervisor = names.get(session.supervisor_id!) ?? 'your supervisor';
        const when = momentText(session.starts_at, context.calendar);
        const prepareDay = context.calendar.workingDaysBefore(sessionDay, context.pack.reminders.prepareWorkingDaysBefore);
        if (prepareDay > changedDay && prepareDay <= day) {
          reminders.push({
            key: `${base}:prepare`,
            personId: session.supervisee_id!,
            day: prepareDay,
            until: session.starts_at,
            text: `Supervision on ${when}: time to prepare`,
            line: `${kind} with ${supervisor} on ${when}: prepare for it`,
            // Cards are made when they are sent, and only if they are.
            get view() {
              return sessionView(context, session, {
                title: `Supervision in ${context.pack.reminders.prepareWorkingDaysBefore} working day${context.pack.reminders.prepareWorkingDaysBefore === 1 ? '' : 's'}`,
                text: `${kind} with ${supervisor}. Time to prepare.`,
                withName: supervisor,
                buttons: [{ title: 'Ask to move it', verb: 'session.request-move-form' }],
                lists: [
                  { title: 'What to bring', text: bullets(context.pack.reminders.bring) },
                  { title: 'Your open actions', text: actionLines(actions.get(session.supervisee_id!) ?? []) },
                  ...present(brought.get(session.id), setting, changesList(context, changes, session.supervisee_id!, session.supervisee_id!)),
                ],
              });
            },
            stillWanted,
          });
          // The supervisor prepares too, where the pack says what for (Bexley individual standard two, Islington How?).
          const prepares = context.pack.reminders.supervisor;
          if (prepares)
            reminders.push({
              key: `${base}:prepare:supervisor`,
              personId: session.supervisor_id!,
              day: prepareDay,
              until: session.starts_at,
              text: `Supervision with ${supervisee} on ${when}: time to prepare`,
              line: `${kind} with ${supervisee} on ${when}: prepare for it`,
              get view() {
                return sessionView(context, session, {
                  title: `Supervision in ${context.pack.reminders.prepareWorkingDaysBefore} working day${context.pack.reminders.prepareWorkingDaysBefore === 1 ? '' : 's'}`,
                  text: `${kind} with ${supervisee}. Time to prepare, as the ${citeSource(context.pack, prepares.source)} asks.`,
                  withName: supervisee,
                  buttons: [{ title: 'Move it', verb: 'session.move-form' }],
                  lists: [
                    { title: 'What to prepare', text: bullets(prepares.bring) },
                    { title: 'Their open actions', text: actionLines(actions.get(session.supervisee_id!) ?? []) },
                    ...present(brought.get(session.id), setting, changesList(context, changes, session.supervisee_id!, session.supervisor_id!)),
                  ],
                });
              },
              stillWanted,
            });
        }
        if (sessionDay > changedDay && sessionDay <= day) {
          for (const [personId, other] of [
            [session.supervisee_id!, supervisor],
            [session.supervisor_id!, supervisee],
          ] as const) {
            reminders.push({
              key: `${base}:today:${personId}`,
              personId,
              day: sessionDay,
              until: session.starts_at,
              text: `Supervision today at ${clockText(session.starts_at, context.calendar)}`,
              line: `${kind} with ${other} today at ${when}`,
              get view() {
                return sessionView(context, session, {
                  title: 'Supervision today',
                  text: `${kind} with ${other}.`,
                  withName: other,
                  buttons: [],
                  lists: present(brought.get(session.id), setting),
                });
              },
              stillWanted,
            });
          }
        }
        // Listed from its day on; the reminder core waits for its end (notBefore).
        const ends = new Date(session.starts_at.getTime() + session.duration_minutes * 60_000);
        if (sessionDay <= day) {
          reminders.push({
            key: `${base}:outcome`,
            personId: session.supervisor_id!,
            day: sessionDay,
            notBefore: ends,
            text: `Was your supervision with ${supervisee} held?`,
            line: `${kind} with ${supervisee} on ${when}: was it held?`,
            get view() {
              return sessionView(context, session, {
                title: 'Was it held?',
                text: `${kind} with ${supervisee} was booked for ${when}. Mark it held, or not held with a reason (then rebook it).`,
                withName: supervisee,
                buttons: outcomeButtons(context),
              });
            },
            stillWanted,
          });
        }
      }
      return reminders;
    },
  };
}

/** Still booked for the same start (not moved, not cancelled): one query for a batch of reminders. */
const stillBookedAt: Check<Pick<Session, 'id' | 'starts_at'>> = async (trx, sessions) => {
  const rows = await trx
    .selectFrom('supervision_session')
    .select(['id', 'status', 'starts_at'])
    .where('id', 'in', [...new Set(sessions.map((session) => session.id))])
    .execute();
  const current = new Map(rows.map((row) => [row.id, row]));
  return sessions.map((session) => {
    const now = current.get(session.id);
    return now?.status === 'booked' && now.starts_at.getTime() === session.starts_at.getTime();
  });
};

const stillBooked = (session: Session) => stillWantedIf(stillBookedAt, session);

async function namesOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

type OpenAction = { owner_id: string; case_reference: string | null; description: string; due_on: string };

async function openActionsOf(db: Kysely<Database>, ownerIds: string[]): Promise<Map<string, OpenAction[]>> {
  const unique = [...new Set(ownerIds)];
  const rows = await db
    .selectFrom('action_item')
    .select(['owner_id', 'case_reference', 'description', 'due_on'])
    .where('owner_id', 'in', unique)
    .where('status', '=', 'open')
    .orderBy('due_on')
    .execute();
  const byOwner = new Map<string, OpenAction[]>();
  for (const row of rows) byOwner.set(row.owner_id, [...(byOwner.get(row.owner_id) ?? []), row]);
  return byOwner;
}

const bullets = (items: string[]) => items.map((item) => `- ${item}`).join('  \n');

/** The lists that are there: a pack without the rule has none. */
const present = (...lists: ({ title: string; text: string } | undefined)[]) => lists.filter((list) => list !== undefined);

function actionLines(actions: OpenAction[]): string {
  if (actions.length === 0) return 'None open.';
  return actions
    .slice(0, 10)
    .map(
      (action) =>
        `- ${action.case_reference ? `${action.case_reference}: ` : ''}${action.description}, by ${dayText(parseIsoDate(action.due_on) as DayNumber)}`,
    )
    .join('  \n');
}
