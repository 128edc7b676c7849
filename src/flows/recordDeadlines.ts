// The sweeper's watch on recording deadlines: an accepted trigger, or a held session, not yet recorded
// gets a reminder to its supervisor halfway to the deadline (brought forward to the last working day before
// a deadline that ends on a weekend or bank holiday: recordReminder), and once the deadline passes the
// supervisor and their manager are told. Each is keyed, so it is sent once. Both come in working hours
// only, as every reminder does.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { View } from '../cards/catalog.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import type { DueItem, DueProvider } from '../delivery/sweeper.js';
import type { Database } from '../store/schema.js';
import { DateTime } from 'luxon';
import type { FlowContext } from './context.js';
import { dayText, momentText, today } from './format.js';
import { notifyPerson } from './notify.js';
import { requestFacts } from './requestCase.js';
import { kindTitle } from './schedule.js';
import { RECORD_BUTTON, sessionView } from './sessions.js';
import { inEach, t, type Locale, type Speech } from '../i18n/catalogue.js';
import { speechOfPerson } from './speech.js';

/** A record still to be written, as the watch sees it. */
interface Outstanding {
  /** `record-due:<request id>`, `record-due:session:<session id>`: the phase and the person follow. */
  key: string;
  dueAt: Date;
  /** In the sending transaction, locking the row: is it still to be recorded, and by whom? */
  recorder(trx: Transaction<Database>): Promise<string | null | undefined>;
  /** How the texts name it, in a language: "for case CF-204518". */
  named(locale: Locale): string;
  /** What the manager is told was not recorded, in a language: "a situational supervision". */
  what(locale: Locale): string;
  /** Its card, in the reader's speech; the one who is to record it gets the button that opens the record card. */
  view(shown: { title: string; text: string; toRecorder: boolean }, speech: Speech): View;
}

function itemsOf(context: FlowContext, outstanding: Outstanding[], now: Date): DueItem[] {
  return outstanding.map((record) => {
    const phase = record.dueAt <= now ? 'overdue' : 'reminder';
    return {
      key: `${record.key}:${phase}`,
      apply: async (trx, at) => {
        const supervisorId = await record.recorder(trx);
        if (!supervisorId) return;
        // Each told in their own language (issue 21).
        const due = (locale: Locale) => momentText(record.dueAt, context.calendar, locale);
        const overdue = phase === 'overdue';
        const theirs = await speechOfPerson(trx, context.pack, supervisorId);
        const dueDay = today(record.dueAt, context.calendar);
        const weekend = !context.calendar.isWorkingDay(dueDay);
        await notifyPerson(trx, {
          personId: supervisorId,
          key: `${record.key}:${phase}:supervisor`,
          now: at,
          text: inEach(theirs, (locale) =>
            t(locale, overdue ? 'recordDue.overdueNotice' : 'recordDue.dueNotice', { named: record.named(locale), due: due(locale) }),
          ),
          view: record.view(
            {
              title: t(theirs, overdue ? 'recordDue.overdueTitle' : 'recordDue.dueSoonTitle'),
              text: inEach(
                theirs,
                (locale) =>
                  overdue
                    ? t(locale, 'recordDue.overdueText', { due: due(locale) })
                    : t(locale, 'recordDue.dueText', {
                        due: due(locale),
                        weekend: weekend ? 'yes' : 'no',
                        day: weekend ? dayText(context.calendar.onOrBefore(dueDay), locale) : '',
                      }),
                { paragraphs: true },
              ),
              toRecorder: true,
            },
            theirs,
          ),
        });
        if (!overdue) return;
        const manager = await trx
          .selectFrom('supervision_relationship')
          .select('supervisor_id')
          .where('supervisee_id', '=', supervisorId)
          .where('ended_on', 'is', null)
          .executeTakeFirst();
        if (!manager) return;
        const supervisor = await trx.selectFrom('person').select('display_name').where('id', '=', supervisorId).executeTakeFirstOrThrow();
        const managers = await speechOfPerson(trx, context.pack, manager.supervisor_id);
        await notifyPerson(trx, {
          personId: manager.supervisor_id,
          key: `${record.key}:overdue:manager`,
          now: at,
          text: inEach(managers, (locale) => t(locale, 'recordDue.managerNotice', { named: record.named(locale) })),
          view: record.view(
            {
              title: t(managers, 'recordDue.overdueTitle'),
              text: inEach(
                managers,
                (locale) => t(locale, 'recordDue.managerText', { name: supervisor.display_name, what: record.what(locale), due: due(locale) }),
                { paragraphs: true },
              ),
              toRecorder: false,
            },
            managers,
          ),
        });
      },
    };
  });
}

/** Accepted triggers not recorded whose reminder time has come. */
const acceptedToRemind = (db: Kysely<Database>, now: Date) =>
  db
    .selectFrom('trigger_request')
    .select(['id', 'assigned_to', 'case_reference', 'record_remind_at', 'record_due_at'])
    .where('state', '=', 'accepted')
    .where('record_due_at', 'is not', null)
    .where('record_remind_at', '<=', now);

export function recordDeadlineProvider(context: FlowContext): DueProvider {
  return {
    name: 'recording deadlines',
    // Reminders and overdue notices in working hours only, as every reminder (a 24-hour deadline's halfway
    // point can fall at 03:30 on a Sunday): what falls due outside them goes at the next start of the day.
    anyDue: (db, now) =>
      context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now)) ? sql<boolean>`exists (${acceptedToRemind(db, now)})` : sql<boolean>`false`,
    async due(db: Kysely<Database>, now: Date) {
      if (!context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      const accepted = await acceptedToRemind(db, now).limit(500).execute();
      return itemsOf(
        context,
        accepted.map((request) => ({
          key: `record-due:${request.id}`,
          dueAt: request.record_due_at!,
          recorder: async (trx) => {
            const current = await trx
              .selectFrom('trigger_request')
              .select(['state', 'assigned_to', 'recorder_id'])
              .where('id', '=', request.id)
              .forUpdate()
              .executeTakeFirst();
            // The one who records it: the pack's named recorder (the outgoing team manager), else who accepted.
            return current?.state === 'accepted' ? (current.recorder_id ?? current.assigned_to) : undefined;
          },
          named: (locale) =>
            request.case_reference ? t(locale, 'recordDue.namedCase', { reference: request.case_reference }) : t(locale, 'recordDue.namedNoCase'),
          what: (locale) => t(locale, 'recordDue.whatSituational'),
          view: ({ title, text, toRecorder }, speech) => ({
            card: 'trigger-status',
            ...(speech === 'en-GB' ? {} : { speech }),
            data: {
              title,
              text,
              facts: requestFacts(request.case_reference),
              requestId: request.id,
              buttons: toRecorder ? [{ title: t(speech, 'recordDue.recordDiscussion'), verb: 'record.open' }] : [],
            },
          }),
        })),
        now,
      );
    },
  };
}

/** Held sessions not recorded whose reminder time has come. */
const heldToRemind = (db: Kysely<Database>, now: Date) =>
  db
    .selectFrom('supervision_session')
    .innerJoin('person', 'person.id', 'supervision_session.supervisee_id')
    .select([
      'supervision_session.id',
      'supervision_session.kind',
      'supervision_session.starts_at',
      'supervision_session.duration_minutes',
      'supervision_session.record_due_at',
      'person.display_name as practitioner',
    ])
    .where('supervision_session.status', '=', 'held')
    .where('supervision_session.record_state', 'is', null)
    .where('supervision_session.record_due_at', 'is not', null)
    .where('supervision_session.record_remind_at', '<=', now);

/** Held sessions whose record is not written yet: the same watch, in working hours. */
export function sessionRecordDeadlineProvider(context: FlowContext): DueProvider {
  return {
    name: 'session recording deadlines',
    anyDue: (db, now) => sql<boolean>`exists (${heldToRemind(db, now)})`,
    async due(db: Kysely<Database>, now: Date) {
      if (!context.calendar.isWithinWorkingHours(DateTime.fromJSDate(now))) return [];
      const held = await heldToRemind(db, now).limit(500).execute();
      return itemsOf(
        context,
        held.map((session) => {
          const withWhom = (locale: Locale) => ({ name: session.practitioner, day: dayText(today(session.starts_at, context.calendar), locale) });
          return {
            key: `record-due:session:${session.id}`,
            dueAt: session.record_due_at!,
            recorder: async (trx) => {
              const current = await trx
                .selectFrom('supervision_session')
                .select(['status', 'record_state', 'supervisor_id'])
                .where('id', '=', session.id)
                .forUpdate()
                .executeTakeFirst();
              return current?.status === 'held' && !current.record_state ? current.supervisor_id : undefined;
            },
            named: (locale) => t(locale, 'recordDue.namedSession', withWhom(locale)),
            what: (locale) =>
              t(locale, 'recordDue.whatSession', { kind: kindTitle(context, session.kind as SupervisionKind).toLowerCase(), ...withWhom(locale) }),
            view: ({ title, text, toRecorder }, speech) =>
              sessionView(
                context,
                session,
                { title, text, withName: session.practitioner, buttons: toRecorder ? [{ ...RECORD_BUTTON, title: t(speech, 'session.recordIt') }] : [] },
                speech,
              ),
          };
        }),
        now,
      );
    },
  };
}
