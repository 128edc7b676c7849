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
import { inEach, t, type Locale, type MessageId, type MessageValues, type Speech } from '../i18n/catalogue.js';
import { speechOf } from './speech.js';

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
        context,
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
      const setting = (speech: Speech) =>
        context.pack.reminders.setting && { title: t(speech, 'reminder.whereAndHow'), text: context.pack.reminders.setting.text };
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
        // Each reminder in its recipient's language, read with their name.
        const speechOfId = (id: string) => names.get(id)?.speech ?? speechOf(context.pack, undefined);
        const superviseeIn = (speech: Speech) => names.get(session.supervisee_id!)?.name ?? t(speech, 'reminder.yourSupervisee');
        const supervisorIn = (speech: Speech) => names.get(session.supervisor_id!)?.name ?? t(speech, 'reminder.yourSupervisor');
        const when = (speech: Speech) => momentText(session.starts_at, context.calendar, speech);
        const days = context.pack.reminders.prepareWorkingDaysBefore;
        const prepareDay = context.calendar.workingDaysBefore(sessionDay, context.pack.reminders.prepareWorkingDaysBefore);
        if (prepareDay > changedDay && prepareDay <= day) {
          const speech = speechOfId(session.supervisee_id!);
          const supervisor = supervisorIn(speech);
          reminders.push({
            key: `${base}:prepare`,
            personId: session.supervisee_id!,
            day: prepareDay,
            until: session.starts_at,
            text: each(speech, 'reminder.prepareNotice', (locale) => ({ when: when(locale) })),
            line: each(speech, 'reminder.prepareLine', (locale) => ({ kind, name: supervisor, when: when(locale) })),
            // Cards are made when they are sent, and only if they are.
            get view() {
              return sessionView(
                context,
                session,
                {
                  title: t(speech, 'reminder.prepareTitle', { days }),
                  text: t(speech, 'reminder.prepareText', { kind, name: supervisor }, { paragraphs: true }),
                  withName: supervisor,
                  buttons: [{ title: t(speech, 'session.askToMove'), verb: 'session.request-move-form' }],
                  lists: [
                    { title: t(speech, 'reminder.whatToBring'), text: bullets(context.pack.reminders.bring) },
                    { title: t(speech, 'reminder.yourOpenActions'), text: actionLines(actions.get(session.supervisee_id!) ?? [], speech) },
                    ...present(brought.get(session.id), setting(speech), changesList(context, changes, session.supervisee_id!, session.supervisee_id!)),
                  ],
                },
                speech,
              );
            },
            stillWanted,
          });
          // The supervisor prepares too, where the pack says what for (Bexley individual standard two, Islington How?).
          const prepares = context.pack.reminders.supervisor;
          const theirs = speechOfId(session.supervisor_id!);
          const supervisee = superviseeIn(theirs);
          if (prepares)
            reminders.push({
              key: `${base}:prepare:supervisor`,
              personId: session.supervisor_id!,
              day: prepareDay,
              until: session.starts_at,
              text: each(theirs, 'reminder.supervisorPrepareNotice', (locale) => ({ name: supervisee, when: when(locale) })),
              line: each(theirs, 'reminder.prepareLine', (locale) => ({ kind, name: supervisee, when: when(locale) })),
              get view() {
                return sessionView(
                  context,
                  session,
                  {
                    title: t(theirs, 'reminder.prepareTitle', { days }),
                    text: t(
                      theirs,
                      'reminder.supervisorPrepareText',
                      { kind, name: supervisee, source: citeSource(context.pack, prepares.source) },
                      { paragraphs: true },
                    ),
                    withName: supervisee,
                    buttons: [{ title: t(theirs, 'session.moveIt'), verb: 'session.move-form' }],
                    lists: [
                      { title: t(theirs, 'reminder.whatToPrepare'), text: bullets(prepares.bring) },
                      { title: t(theirs, 'reminder.theirOpenActions'), text: actionLines(actions.get(session.supervisee_id!) ?? [], theirs) },
                      ...present(brought.get(session.id), setting(theirs), changesList(context, changes, session.supervisee_id!, session.supervisor_id!)),
                    ],
                  },
                  theirs,
                );
              },
              stillWanted,
            });
        }
        if (sessionDay > changedDay && sessionDay <= day) {
          for (const [personId, otherIn] of [
            [session.supervisee_id!, supervisorIn],
            [session.supervisor_id!, superviseeIn],
          ] as const) {
            const speech = speechOfId(personId);
            const other = otherIn(speech);
            reminders.push({
              key: `${base}:today:${personId}`,
              personId,
              day: sessionDay,
              until: session.starts_at,
              text: t(speech, 'reminder.todayNotice', { time: clockText(session.starts_at, context.calendar) }),
              line: each(speech, 'reminder.todayLine', (locale) => ({ kind, name: other, when: when(locale) })),
              get view() {
                return sessionView(
                  context,
                  session,
                  {
                    title: t(speech, 'reminder.todayTitle'),
                    text: t(speech, 'reminder.withText', { kind, name: other }, { paragraphs: true }),
                    withName: other,
                    buttons: [],
                    lists: present(brought.get(session.id), setting(speech)),
                  },
                  speech,
                );
              },
              stillWanted,
            });
          }
        }
        // Listed from its day on; the reminder core waits for its end (notBefore).
        const ends = new Date(session.starts_at.getTime() + session.duration_minutes * 60_000);
        if (sessionDay <= day) {
          const speech = speechOfId(session.supervisor_id!);
          const supervisee = superviseeIn(speech);
          reminders.push({
            key: `${base}:outcome`,
            personId: session.supervisor_id!,
            day: sessionDay,
            notBefore: ends,
            text: t(speech, 'reminder.outcomeNotice', { name: supervisee }),
            line: each(speech, 'reminder.outcomeLine', (locale) => ({ kind, name: supervisee, when: when(locale) })),
            get view() {
              return sessionView(
                context,
                session,
                {
                  title: t(speech, 'reminder.outcomeTitle'),
                  text: each(speech, 'reminder.outcomeText', (locale) => ({ kind, name: supervisee, when: when(locale) }), { paragraphs: true }),
                  withName: supervisee,
                  buttons: outcomeButtons(context, speech),
                },
                speech,
              );
            },
            stillWanted,
          });
        }
      }
      return reminders;
    },
  };
}

/** A message in each language of a speech, its values made in that language (a date). */
function each(speech: Speech, id: MessageId, values: (locale: Locale) => MessageValues, options: { paragraphs?: boolean } = {}): string {
  return inEach(speech, (locale) => t(locale, id, values(locale)), options);
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

/** Names, and how each is written to (their language, read in the same query). */
async function namesOf(context: FlowContext, db: Kysely<Database>, ids: string[]): Promise<Map<string, { name: string; speech: Speech }>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('person').select(['id', 'display_name', 'language']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, { name: row.display_name, speech: speechOf(context.pack, row) }]));
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

function actionLines(actions: OpenAction[], speech: Speech): string {
  if (actions.length === 0) return t(speech, 'reminder.noneOpen');
  return actions
    .slice(0, 10)
    .map(
      (action) =>
        `- ${each(speech, 'reminder.actionBy', (locale) => ({
          what: `${action.case_reference ? `${action.case_reference}: ` : ''}${action.description}`,
          day: dayText(parseIsoDate(action.due_on) as DayNumber, locale),
        }))}`,
    )
    .join('  \n');
}
