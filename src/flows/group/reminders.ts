// Group supervision's private reminders, through the reminder core (each person's time, working hours,
// one catch-up after downtime): the rota's notes on the preparation day; after the session, the
// attendance card to the first facilitator (or the supervisor who set it up), and a working day later, if
// it is still not taken, to the supervisor who set it up (or, if that was them, their own); the group record's
// reminder halfway to its deadline, and once it is overdue a notice to the recorder and their
// supervisor; and near each period's end (Cafcass: quarter) a nudge to each member who has not attended
// one, with one notice to their supervisor listing them.
import type { Kysely, Transaction } from 'kysely';
import { formatIsoDate, parseIsoDate } from '../../domain/time/localDate.js';
import type { Database } from '../../store/schema.js';
import type { FlowContext } from '../context.js';
import { dayText, momentText, today } from '../format.js';
import type { Reminder, ReminderSource } from '../reminders.js';
import { roleNotes } from './notes.js';
import { attendancePeriod, attendedIn, nudgeDay, owesIn } from './quarter.js';
import { groupTitle, membersOf, privateView, rotasOf, teamName } from './team.js';
import { inEach, t, type Locale, type MessageId, type Speech } from '../../i18n/catalogue.js';

const AHEAD_DAYS = 45;
const BEHIND_DAYS = 14;
/** Records overdue longer than this are past chasing by reminder. */
const RECORD_BEHIND_DAYS = 60;

export function groupReminderSource(context: FlowContext): ReminderSource {
  return {
    name: 'group',
    async reminders(db, now, day) {
      if (!context.pack.group) return [];
      const teams = await db.selectFrom('group_channel').innerJoin('team', 'team.id', 'group_channel.team_id').select(['team.id', 'team.name']).execute();
      if (teams.length === 0) return [];
      const names = new Map(teams.map((team) => [team.id, team.name]));
      return [
        ...(await sessionReminders(context, db, now, day, names)),
        ...(await recordReminders(context, db, now, names)),
        ...(await attendanceNudges(context, db, now, day, [...names.keys()])),
      ];
    },
  };
}

const stillBooked =
  (sessionId: string, startsAt: Date): Reminder['stillWanted'] =>
  async (trx) => {
    const current = await trx.selectFrom('supervision_session').select(['status', 'starts_at']).where('id', '=', sessionId).executeTakeFirst();
    return current?.status === 'booked' && current.starts_at.getTime() === startsAt.getTime();
  };

async function sessionReminders(context: FlowContext, db: Kysely<Database>, now: Date, day: number, teams: Map<string, string>): Promise<Reminder[]> {
  const sessions = await db
    .selectFrom('supervision_session')
    .selectAll()
    .where('kind', '=', 'group')
    .where('status', '=', 'booked')
    .where('team_id', 'in', [...teams.keys()])
    .where('starts_at', '>=', new Date(now.getTime() - BEHIND_DAYS * 86_400_000))
    .where('starts_at', '<', new Date(now.getTime() + AHEAD_DAYS * 86_400_000))
    .execute();
  const rotas = await rotasOf(
    db,
    sessions.map((session) => session.id),
  );
  // Who is asked again when the attendance is still not taken a working day later: the supervisor who set
  // the group up, or, when they were the one asked, their own supervisor.
  const setUpBy = [...new Set(sessions.map((session) => session.supervisor_id).filter((id): id is string => id !== null))];
  const above = new Map(
    setUpBy.length === 0
      ? []
      : (
          await db
            .selectFrom('supervision_relationship')
            .select(['supervisee_id', 'supervisor_id'])
            .where('supervisee_id', 'in', setUpBy)
            .where('ended_on', 'is', null)
            .execute()
        ).map((row) => [row.supervisee_id, row.supervisor_id]),
  );
  const reminders: Reminder[] = [];
  for (const session of sessions) {
    const rota = rotas.get(session.id)!;
    const team = teams.get(session.team_id!) ?? 'the team';
    const sessionDay = today(session.starts_at, context.calendar);
    const prepareDay = context.calendar.workingDaysBefore(sessionDay, context.pack.reminders.prepareWorkingDaysBefore);
    const stillWanted = stillBooked(session.id, session.starts_at);
    // Set up, rebooked or moved after its preparation day: the notes went then.
    if (prepareDay > today(session.updated_at ?? session.created_at, context.calendar) && prepareDay <= day) {
      for (const note of roleNotes(context, session, rota, team))
        reminders.push({
          ...note,
          day: prepareDay,
          until: session.starts_at,
          stillWanted,
          // In the person's language, where it is not English.
          say: (speech) => roleNotes(context, session, rota, team, speech).find((theirs) => theirs.personId === note.personId)!,
        });
    }
    const ends = new Date(session.starts_at.getTime() + session.duration_minutes * 60_000);
    const taker = rota.facilitators[0]?.id ?? session.supervisor_id;
    if (ends <= now && taker) {
      const asked = (again: boolean, speech: Speech) => {
        const when = (locale: Locale) => momentText(session.starts_at, context.calendar, locale);
        return {
          text: t(speech, 'groupReminder.attendanceNotice', { team }),
          line: inEach(speech, (locale) => t(locale, 'groupReminder.attendanceLine', { group: groupTitle(context), when: when(locale) })),
          view: privateView(
            context,
            session,
            rota,
            {
              title: t(speech, 'group.attendanceTitle'),
              text: inEach(
                speech,
                (locale) =>
                  t(locale, 'groupReminder.attendanceText', { team, group: groupTitle(context).toLowerCase(), when: when(locale), again: String(again) }),
                { paragraphs: true },
              ),
              buttons: [{ title: t(speech, 'groupReminder.takeAttendance'), verb: 'group.attendance-form' }],
            },
            speech,
          ),
        };
      };
      const ask = (personId: string, day: number, again: boolean): Reminder => ({
        key: `group:${session.id}:${session.starts_at.toISOString()}:attendance${again ? ':again' : ''}`,
        personId,
        day,
        notBefore: ends,
        ...asked(again, 'en-GB'),
        say: (speech) => asked(again, speech),
        stillWanted,
      });
      reminders.push(ask(taker, sessionDay, false));
      // Not taken a working day later (the one asked may have missed the session): someone who can take it is asked.
      const second = session.supervisor_id !== taker ? session.supervisor_id : above.get(taker);
      const nextDay = context.calendar.addWorkingDays(sessionDay, 1);
      if (second && nextDay <= day) reminders.push(ask(second, nextDay, true));
    }
  }
  return reminders;
}

/** The group record's chase: a reminder halfway to the deadline, then the overdue notices. */
async function recordReminders(context: FlowContext, db: Kysely<Database>, now: Date, teams: Map<string, string>): Promise<Reminder[]> {
  const held = await db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .selectAll('supervision_session')
    .select(['group_session.recorder_id', 'group_session.attendance_at'])
    .where('supervision_session.kind', '=', 'group')
    .where('supervision_session.status', '=', 'held')
    .where('group_session.recorded_at', 'is', null)
    .where('group_session.recorder_id', 'is not', null)
    .where('supervision_session.record_due_at', '>', new Date(now.getTime() - RECORD_BEHIND_DAYS * 86_400_000))
    .execute();
  if (held.length === 0) return [];
  const rotas = await rotasOf(
    db,
    held.map((session) => session.id),
  );
  const reminders: Reminder[] = [];
  for (const session of held) {
    const due = session.record_due_at!;
    const recorder = session.recorder_id!;
    const rota = rotas.get(session.id)!;
    const teamIn = (locale: Locale) => teams.get(session.team_id!) ?? t(locale, 'groupRecord.theTeam');
    const group = groupTitle(context).toLowerCase();
    const values = (locale: Locale) => ({
      team: teamIn(locale),
      group,
      when: momentText(session.starts_at, context.calendar, locale),
      due: momentText(due, context.calendar, locale),
    });
    const stillWanted: Reminder['stillWanted'] = async (trx) => !(await recordedAlready(trx, session.id));
    const view = (speech: Speech, title: MessageId, text: MessageId) =>
      privateView(
        context,
        session,
        rota,
        {
          title: t(speech, title),
          text: inEach(speech, (locale) => t(locale, text, values(locale)), { paragraphs: true }),
          buttons: [{ title: t(speech, 'groupRecord.recordedIt'), verb: 'group.recorded' }],
          facts: [{ title: t(speech, 'groupRecord.recordBy'), value: momentText(due, context.calendar, speech) }],
        },
        speech,
      );
    // Each reminder in English, and in the recipient's speech when it is sent (`say`, no query more).
    const said = (notice: MessageId, line: MessageId, title: MessageId, text: MessageId) => (speech: Speech) => ({
      text: inEach(speech, (locale) => t(locale, notice, values(locale))),
      line: inEach(speech, (locale) => t(locale, line, values(locale))),
      view: view(speech, title, text),
    });
    const halfway = new Date(session.starts_at.getTime() + (due.getTime() - session.starts_at.getTime()) / 2);
    const halfwayDay = today(halfway, context.calendar);
    if (halfwayDay > today(session.attendance_at ?? session.starts_at, context.calendar) && halfway < due) {
      const say = said('groupRecord.dueNotice', 'groupRecord.dueLine', 'groupRecord.dueTitle', 'groupRecord.dueText');
      reminders.push({
        key: `group:${session.id}:record:reminder`,
        personId: recorder,
        day: halfwayDay,
        until: due,
        ...say('en-GB'),
        say,
        stillWanted,
      });
    }
    if (due <= now) {
      const overdueDay = today(due, context.calendar) + 1;
      const say = said('groupRecord.overdueNotice', 'groupRecord.overdueLine', 'groupRecord.overdueTitle', 'groupRecord.overdueText');
      reminders.push({
        key: `group:${session.id}:record:overdue`,
        personId: recorder,
        day: overdueDay,
        notBefore: due,
        ...say('en-GB'),
        say,
        stillWanted,
      });
      const supervisor = await db
        .selectFrom('supervision_relationship')
        .select('supervisor_id')
        .where('supervisee_id', '=', recorder)
        .where('ended_on', 'is', null)
        .executeTakeFirst();
      const recorderName = (await db.selectFrom('person').select('display_name').where('id', '=', recorder).executeTakeFirst())?.display_name;
      if (supervisor) {
        const named = (locale: Locale) => ({ ...values(locale), name: recorderName ?? t(locale, 'groupRecord.theRecorder') });
        const say = (speech: Speech) => ({
          text: t(speech, 'groupRecord.supervisorTitle'),
          line: inEach(speech, (locale) => t(locale, 'groupRecord.supervisorLine', named(locale))),
          view: {
            card: 'notice' as const,
            ...(speech === 'en-GB' ? {} : { speech }),
            data: {
              title: t(speech, 'groupRecord.supervisorTitle'),
              text: inEach(speech, (locale) => t(locale, 'groupRecord.supervisorText', named(locale)), { paragraphs: true }),
              facts: [],
            },
          },
        });
        reminders.push({
          key: `group:${session.id}:record:overdue:supervisor`,
          personId: supervisor.supervisor_id,
          day: overdueDay,
          notBefore: due,
          ...say('en-GB'),
          say,
          stillWanted,
        });
      }
    }
  }
  return reminders;
}

export async function recordedAlready(trx: Transaction<Database> | Kysely<Database>, sessionId: string): Promise<boolean> {
  const row = await trx.selectFrom('group_session').select('recorded_at').where('session_id', '=', sessionId).executeTakeFirst();
  return row?.recorded_at != null;
}

/** Near the period's end: each member with too few attended gets a nudge; each supervisor one list. */
async function attendanceNudges(context: FlowContext, db: Kysely<Database>, now: Date, day: number, teamIds: string[]): Promise<Reminder[]> {
  const period = attendancePeriod(context, day);
  const rule = context.pack.group?.attendance;
  if (!period || !rule) return [];
  const nudgeOn = nudgeDay(context, period);
  if (day < nudgeOn || day > period.end) return [];
  const until = context.calendar.atMinute(period.end + 1, 0).toJSDate();
  const starts = new Map(
    (await db.selectFrom('person').select(['id', 'start_date']).where('team_id', 'in', teamIds).where('start_date', 'is not', null).execute()).map((row) => [
      row.id,
      parseIsoDate(row.start_date!),
    ]),
  );
  const owes = (personId: string) => owesIn(period, starts.get(personId));
  const members = (await Promise.all(teamIds.map(async (teamId) => (await membersOf(db, teamId)).map((member) => ({ ...member, teamId })))))
    .flat()
    .filter((member) => owes(member.id));
  const counts = await attendedIn(
    context,
    db,
    members.map((member) => member.id),
    period,
  );
  const missing = members.filter((member) => (counts.get(member.id) ?? 0) < rule.atLeast);
  if (missing.length === 0) return [];
  const periodKey = formatIsoDate(period.start);
  const per = rule.per;
  // What the pack asks (at least so many a period), in one language.
  const rulesIn = (locale: Locale) => t(locale, 'groupAttendance.rule', { organisation: context.pack.organisation, atLeast: rule.atLeast, per });
  const nextSessions = await db
    .selectFrom('supervision_session')
    .select(['team_id', 'starts_at'])
    .where('kind', '=', 'group')
    .where('status', '=', 'booked')
    .where('starts_at', '>', now)
    .where('starts_at', '<', until)
    .orderBy('starts_at')
    .execute();
  const stillMissing =
    (personId: string): Reminder['stillWanted'] =>
    async (trx) =>
      ((await attendedIn(context, trx, [personId], period)).get(personId) ?? 0) < rule.atLeast;
  const reminders: Reminder[] = [];
  for (const member of missing) {
    const next = nextSessions.find((session) => session.team_id === member.teamId);
    const count = counts.get(member.id) ?? 0;
    const team = next ? await teamName(db, member.teamId) : '';
    // In English, and in the member's speech when it is sent (`say`, read with their reminder time).
    const say = (speech: Speech) => {
      const values = (locale: Locale) => ({
        count,
        per,
        atLeast: rule.atLeast,
        day: dayText(period.end, locale),
        rule: rulesIn(locale),
        next: next ? 'yes' : 'no',
        team,
        moment: next ? momentText(next.starts_at, context.calendar, locale) : '',
      });
      return {
        text: inEach(speech, (locale) => t(locale, 'groupAttendance.memberNotice', values(locale))),
        line: inEach(speech, (locale) => t(locale, 'groupAttendance.memberLine', values(locale))),
        view: {
          card: 'notice' as const,
          ...(speech === 'en-GB' ? {} : { speech }),
          data: {
            title: t(speech, 'groupAttendance.memberTitle', { per }),
            text: inEach(speech, (locale) => t(locale, 'groupAttendance.memberText', values(locale)), { paragraphs: true }),
            facts: [],
          },
        },
      };
    };
    reminders.push({
      key: `group-attendance:${periodKey}:${member.id}`,
      personId: member.id,
      day: nudgeOn,
      until,
      ...say('en-GB'),
      say,
      stillWanted: stillMissing(member.id),
    });
  }
  const supervisors = await db
    .selectFrom('supervision_relationship')
    .select(['supervisor_id', 'supervisee_id'])
    .where(
      'supervisee_id',
      'in',
      missing.map((member) => member.id),
    )
    .where('ended_on', 'is', null)
    .execute();
  const bySupervisor = new Map<string, string[]>();
  for (const row of supervisors) bySupervisor.set(row.supervisor_id, [...(bySupervisor.get(row.supervisor_id) ?? []), row.supervisee_id]);
  for (const [supervisorId, superviseeIds] of bySupervisor) {
    const listed = missing.filter((member) => superviseeIds.includes(member.id));
    const names = listed.map((member) => member.display_name).join(', ');
    const say = (speech: Speech) => {
      const values = (locale: Locale) => ({ listed: listed.length, per, names, day: dayText(period.end, locale), rule: rulesIn(locale) });
      return {
        text: inEach(speech, (locale) => t(locale, 'groupAttendance.supervisorNotice', values(locale))),
        line: inEach(speech, (locale) => t(locale, 'groupAttendance.supervisorLine', values(locale))),
        view: {
          card: 'notice' as const,
          ...(speech === 'en-GB' ? {} : { speech }),
          data: {
            title: t(speech, 'groupAttendance.supervisorTitle', { per }),
            text: inEach(speech, (locale) => t(locale, 'groupAttendance.supervisorText', values(locale)), { paragraphs: true }),
            facts: listed.map((member) => ({
              title: member.display_name,
              value: t(speech, 'groupAttendance.attended', { count: counts.get(member.id) ?? 0 }),
            })),
          },
        },
      };
    };
    reminders.push({
      key: `group-attendance:${periodKey}:supervisor:${supervisorId}`,
      personId: supervisorId,
      day: nudgeOn,
      until,
      ...say('en-GB'),
      say,
    });
  }
  return reminders;
}
