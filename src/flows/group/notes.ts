// The private note to each person in a session's rota: what their role is, and for the presenter, a
// request to choose their case beforehand (a case reference, kept private). Keyed by the session and
// its start, so each goes once.
import type { Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { FlowContext } from '../context.js';
import { momentText, today } from '../format.js';
import { notifyPerson } from '../notify.js';
import { changeButtons, channelView, groupTitle, postToChannel, privateView, roleHolders, type NamedRota, type SessionLike } from './team.js';

export interface Note {
  personId: string;
  key: string;
  text: string;
  /** Its line in a catch-up message. */
  line: string;
  view: ReturnType<typeof privateView>;
}

export const roleKey = (session: SessionLike, personId: string) => `group:${session.id}:${session.starts_at.toISOString()}:role:${personId}`;

export function roleNotes(context: FlowContext, session: SessionLike, rota: NamedRota, team: string): Note[] {
  const when = momentText(session.starts_at, context.calendar);
  const title = groupTitle(context);
  const taker = rota.facilitators[0];
  // How the session is run, for those who lead it (Bexley group standard three).
  const process = context.pack.group?.process ? ` ${context.pack.group.process.text}` : '';
  const beforehand = context.pack.group?.presenterChosenBeforehand?.required
    ? ` The ${context.pack.organisation} policy asks for it to be chosen before the session.`
    : '';
  return roleHolders(rota).map((person) => {
    const shown =
      person.role === 'presenter'
        ? {
            title: 'You are presenting a case',
            text: `At ${team}'s ${title.toLowerCase()} on ${when} you bring a case to the group. Choose it beforehand, so you can think about what matters most: strengths, risks and your questions.${beforehand} Give its ${context.pack.caseReference.system} reference here: it stays between you and the bot, never in the channel. Never type a child's name.`,
            buttons: [{ title: 'Choose my case', verb: 'group.case-form' }],
          }
        : person.role === 'facilitator'
          ? {
              title: 'You are facilitating group supervision',
              text: `You lead ${team}'s ${title.toLowerCase()} on ${when}.${rota.advisor ? ` ${rota.advisor.name} is the advisor.` : ''} ${taker?.id === person.id ? 'Afterwards I will ask you who attended.' : `Afterwards I will ask ${taker?.name ?? 'the facilitator'} who attended.`}${process}`,
              buttons: changeButtons,
            }
          : {
              title: 'You are the advisor at group supervision',
              text: `You assist the facilitator in leading ${team}'s ${title.toLowerCase()} on ${when}.${process}`,
              buttons: [],
            };
    return {
      personId: person.id,
      key: roleKey(session, person.id),
      text: `${title} on ${when}: ${person.role === 'presenter' ? 'you are presenting a case' : person.role === 'facilitator' ? 'you are facilitating' : 'you are the advisor'}`,
      line: `${title} on ${when}: ${person.role === 'presenter' ? 'you are presenting; choose your case' : `you are ${person.role === 'facilitator' ? 'facilitating' : 'the advisor'}`}`,
      view: privateView(context, session, rota, shown),
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
    lead?: string;
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
