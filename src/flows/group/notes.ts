// The private note to each person in a session's rota: what their role is, and for the presenter, a
// request to choose their case beforehand (a case reference, kept private). Keyed by the session and
// its start, so each goes once.
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { FlowContext } from '../context.js';
import { momentText, today } from '../format.js';
import { notifyPerson } from '../notify.js';
import { changeButtonsIn, channelView, groupTitle, postToChannel, privateView, roleHolders, type NamedRota, type SessionLike } from './team.js';
import { inEach, t, type Locale, type MessageId, type MessageValues, type Speech } from '../../i18n/catalogue.js';

export interface Note {
  personId: string;
  key: string;
  text: string;
  /** Its line in a catch-up message. */
  line: string;
  view: ReturnType<typeof privateView>;
}

export const roleKey = (session: SessionLike, personId: string) => `group:${session.id}:${session.starts_at.toISOString()}:role:${personId}`;

/** Each person's note in a speech (the reminders' core asks it again in the person's own, where it is not English). */
export function roleNotes(context: FlowContext, session: SessionLike, rota: NamedRota, team: string, speech: Speech = 'en-GB'): Note[] {
  const when = (locale: Locale) => momentText(session.starts_at, context.calendar, locale);
  const title = groupTitle(context);
  const group = title.toLowerCase();
  const taker = rota.facilitators[0];
  // How the session is run, for those who lead it (Bexley group standard three).
  const process = context.pack.group?.process ? ` ${context.pack.group.process.text}` : '';
  const beforehand = String(Boolean(context.pack.group?.presenterChosenBeforehand?.required));
  const each = (id: MessageId, values: (locale: Locale) => MessageValues, paragraphs = false) =>
    inEach(speech, (locale) => t(locale, id, values(locale)), { paragraphs });
  return roleHolders(rota).map((person) => {
    const shown =
      person.role === 'presenter'
        ? {
            title: t(speech, 'groupNote.presenterTitle'),
            text: each(
              'groupNote.presenterText',
              (locale) => ({ team, group, when: when(locale), beforehand, organisation: context.pack.organisation, system: context.pack.caseReference.system }),
              true,
            ),
            buttons: [{ title: t(speech, 'groupNote.chooseCase'), verb: 'group.case-form' }],
          }
        : person.role === 'facilitator'
          ? {
              title: t(speech, 'groupNote.facilitatorTitle'),
              text: inEach(
                speech,
                (locale) =>
                  [
                    t(locale, 'groupNote.youLead', { team, group, when: when(locale) }),
                    ...(rota.advisor ? [t(locale, 'groupNote.advisorIs', { name: rota.advisor.name })] : []),
                    taker?.id === person.id
                      ? t(locale, 'groupNote.askYou')
                      : t(locale, 'groupNote.askTaker', { name: taker?.name ?? t(locale, 'groupNote.theFacilitator') }),
                  ].join(' ') + process,
                { paragraphs: true },
              ),
              buttons: changeButtonsIn(speech),
            }
          : {
              title: t(speech, 'groupNote.advisorTitle'),
              text: inEach(speech, (locale) => t(locale, 'groupNote.advisorText', { team, group, when: when(locale) }) + process, { paragraphs: true }),
              buttons: [],
            };
    return {
      personId: person.id,
      key: roleKey(session, person.id),
      text: each('groupNote.notice', (locale) => ({ group: title, when: when(locale), role: person.role })),
      line: each('groupNote.line', (locale) => ({ group: title, when: when(locale), role: person.role })),
      view: privateView(context, session, rota, shown, speech),
    };
  });
}

/**
 * A session new to the channel (set up, or rebooked): posted there; and when its preparation day has come
 * already, so that the usual notes will not go, each person in the rota is told their role at once.
 */
export async function announceSession(
  trx: Transaction<Database>,
  context: FlowContext,
  input: {
    session: SessionLike & { team_id: string | null };
    rota: NamedRota;
    team: string;
    key: string;
    text: string;
    title: string;
    lead?: string | ((locale: Locale) => string);
    now: Date;
  },
): Promise<void> {
  const { session, rota, team, now } = input;
  await postToChannel(trx, {
    teamId: session.team_id!,
    key: input.key,
    now,
    text: input.text,
    view: channelView(context, session, rota, { title: input.title, team, ...(input.lead ? { lead: input.lead } : {}) }),
  });
  const prepareDay = context.calendar.workingDaysBefore(today(session.starts_at, context.calendar), context.pack.reminders.prepareWorkingDaysBefore);
  if (prepareDay <= today(now, context.calendar)) {
    for (const note of roleNotes(context, session, rota, team)) await notifyPerson(trx, { ...note, now });
  }
}
