// What every group flow needs: a team's members, its channel, a session's rota (chosen, saved and
// read back), the post to the channel and the card shown in a private chat. Channel text names people
// and times only: never a case.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { View } from '../../cards/catalog.js';
import { chooseRota, type Rota, type RotaHistory, type RotaMember, type RotaRole, type RotaRule } from '../../domain/group/rota.js';
import type { PolicyPack } from '../../domain/policy/schema.js';
import { formatIsoDate, type DayNumber } from '../../domain/time/localDate.js';
import { enqueue } from '../../delivery/outbox.js';
import type { Database, DirectoryRole, GroupChannelTable, SupervisionSessionTable } from '../../store/schema.js';
import type { Actor, FlowContext, Place } from '../context.js';
import { sessionWhenText } from '../format.js';
import { sessionView } from '../sessions.js';
import { inEach, t, type Locale, type Speech } from '../../i18n/catalogue.js';
import { channelSpeech } from '../speech.js';

type Db = Kysely<Database> | Transaction<Database>;
export type GroupSessionRow = Selectable<SupervisionSessionTable>;
export type GroupChannel = Selectable<GroupChannelTable>;
/** What a card needs of a session. */
export type SessionLike = Pick<GroupSessionRow, 'id' | 'starts_at' | 'duration_minutes'>;

/** Who sets up a team's group and may take its attendance: its supervisors and managers. */
export const LEADING_ROLES: readonly DirectoryRole[] = ['supervisor', 'manager', 'senior-manager'];
/** Who belongs to a team's group: everyone in the team but auditors and admins. */
export const MEMBER_ROLES: readonly DirectoryRole[] = ['practitioner', ...LEADING_ROLES];

export interface Member {
  id: string;
  display_name: string;
  role: DirectoryRole;
  /** Their first day, where the directory gives it (YYYY-MM-DD). */
  start_date: string | null;
}

export async function membersOf(db: Db, teamId: string): Promise<Member[]> {
  return db
    .selectFrom('person')
    .select(['id', 'display_name', 'role', 'start_date'])
    .where('team_id', '=', teamId)
    .where('role', 'in', [...MEMBER_ROLES])
    .orderBy('display_name')
    .execute();
}

export async function channelOfTeam(db: Db, teamId: string): Promise<GroupChannel | undefined> {
  return db.selectFrom('group_channel').selectAll().where('team_id', '=', teamId).executeTakeFirst();
}

export async function teamName(db: Db, teamId: string): Promise<string> {
  return (await db.selectFrom('team').select('name').where('id', '=', teamId).executeTakeFirst())?.name ?? 'the team';
}

export function rotaRule(pack: PolicyPack): RotaRule {
  const group = pack.group;
  return {
    facilitators: group?.facilitators.min ?? 1,
    rotateFacilitators: group?.facilitators.rotate ?? false,
    advisor: group?.advisor?.required ?? false,
    rotateAdvisor: group?.advisor?.rotate ?? false,
  };
}

/** Chooses the rota of a new session (by who held each role least recently in this team) and saves it. */
export async function chooseAndSaveRota(
  trx: Transaction<Database>,
  context: FlowContext,
  input: { teamId: string; sessionId: string; day: DayNumber },
): Promise<Rota> {
  const members = await membersOf(trx, input.teamId);
  const held = await trx
    .selectFrom('group_role')
    .innerJoin('group_session', 'group_session.session_id', 'group_role.session_id')
    .innerJoin('supervision_session', 'supervision_session.id', 'group_role.session_id')
    .select(['group_role.person_id', 'group_role.role', 'group_session.sequence'])
    .where('group_session.team_id', '=', input.teamId)
    .where('supervision_session.status', '!=', 'cancelled')
    .execute();
  const history: Record<RotaRole, Map<string, number>> = { facilitator: new Map(), advisor: new Map(), presenter: new Map() };
  for (const row of held) history[row.role].set(row.person_id, Math.max(history[row.role].get(row.person_id) ?? 0, row.sequence));
  const date = formatIsoDate(input.day);
  const away =
    members.length === 0
      ? []
      : await trx
          .selectFrom('absence')
          .select('person_id')
          .where(
            'person_id',
            'in',
            members.map((member) => member.id),
          )
          .where('from_date', '<=', date)
          .where('to_date', '>=', date)
          .execute();
  const rotaMembers: RotaMember[] = members.map((member) => ({
    id: member.id,
    name: member.display_name,
    presents: member.role === 'practitioner',
    leads: LEADING_ROLES.includes(member.role),
  }));
  const rota = chooseRota({
    members: rotaMembers,
    history: history as RotaHistory,
    rule: rotaRule(context.pack),
    // Nor anyone who starts after that day (a new starter in the directory ahead of their first day).
    unavailable: new Set([
      ...away.map((row) => row.person_id),
      ...members.filter((member) => member.start_date !== null && member.start_date > date).map((member) => member.id),
    ]),
  });
  const rows = [
    ...rota.facilitators.map((personId) => ({ session_id: input.sessionId, person_id: personId, role: 'facilitator' as const })),
    ...(rota.advisor ? [{ session_id: input.sessionId, person_id: rota.advisor, role: 'advisor' as const }] : []),
    ...(rota.presenter ? [{ session_id: input.sessionId, person_id: rota.presenter, role: 'presenter' as const }] : []),
  ];
  if (rows.length > 0) await trx.insertInto('group_role').values(rows).execute();
  return rota;
}

export interface NamedRota {
  facilitators: { id: string; name: string }[];
  advisor?: { id: string; name: string };
  presenter?: { id: string; name: string };
}

export async function rotasOf(db: Db, sessionIds: string[]): Promise<Map<string, NamedRota>> {
  const rotas = new Map<string, NamedRota>(sessionIds.map((id) => [id, { facilitators: [] }]));
  if (sessionIds.length === 0) return rotas;
  const rows = await db
    .selectFrom('group_role')
    .innerJoin('person', 'person.id', 'group_role.person_id')
    .select(['group_role.session_id', 'group_role.role', 'person.id', 'person.display_name'])
    .where('group_role.session_id', 'in', sessionIds)
    .orderBy('person.display_name')
    .execute();
  for (const row of rows) {
    const rota = rotas.get(row.session_id)!;
    const person = { id: row.id, name: row.display_name };
    if (row.role === 'facilitator') rota.facilitators.push(person);
    else rota[row.role] = person;
  }
  return rotas;
}

/** Everyone holding a role, with the role: who gets a private note about it. */
export function roleHolders(rota: NamedRota): { id: string; name: string; role: RotaRole }[] {
  return [
    ...rota.facilitators.map((person) => ({ ...person, role: 'facilitator' as const })),
    ...(rota.advisor ? [{ ...rota.advisor, role: 'advisor' as const }] : []),
    ...(rota.presenter ? [{ ...rota.presenter, role: 'presenter' as const }] : []),
  ];
}

export function rotaFacts(context: FlowContext, rota: NamedRota, speech: Speech = 'en-GB'): { title: string; value: string }[] {
  const facilitators = rota.facilitators.map((person) => person.name);
  const toBeAgreed = t(speech, 'group.toBeAgreed');
  const names =
    facilitators.length > 0 ? inEach(speech, (locale) => facilitators.reduce((first, second) => t(locale, 'group.twoNames', { first, second }))) : toBeAgreed;
  return [
    { title: t(speech, 'group.facilitators', { count: facilitators.length }), value: facilitators.length === 1 ? facilitators[0]! : names },
    ...(context.pack.group?.advisor?.required ? [{ title: t(speech, 'group.advisor'), value: rota.advisor?.name ?? toBeAgreed }] : []),
    { title: t(speech, 'group.presenting'), value: rota.presenter?.name ?? toBeAgreed },
  ];
}

export const whenText = (context: FlowContext, session: Pick<SessionLike, 'starts_at' | 'duration_minutes'>) => sessionWhenText(session, context.calendar);

export const groupTitle = (context: FlowContext) => context.pack.kinds.group?.title ?? 'Group supervision';

export { roleWords } from '../../domain/group/rota.js';

export const NO_CASE_DETAILS = 'Please post no case details in this channel.';

/** On the group card and a facilitator's note, for those who may change the session (re-checked on the server). */
export const changeButtonsIn = (speech: Speech) => [
  { title: t(speech, 'session.moveIt'), verb: 'group.move-form' },
  { title: t(speech, 'session.cancelIt'), verb: 'group.cancel-form' },
];
export const changeButtons = changeButtonsIn('en-GB');

/** A facilitator of the session, the supervisor who set the group up, or a supervisor or manager of the team. */
export function mayLead(actor: Pick<Actor, 'id' | 'role' | 'team_id'>, session: Pick<GroupSessionRow, 'supervisor_id' | 'team_id'>, rota: NamedRota): boolean {
  return (
    rota.facilitators.some((person) => person.id === actor.id) ||
    session.supervisor_id === actor.id ||
    (LEADING_ROLES.includes(actor.role) && actor.team_id === session.team_id)
  );
}

/**
 * The channel's card for a session: when, and who holds each role. Never a case. In the channel's speech (both
 * languages, Welsh first, where the organisation's default is Welsh); `shown.lead` in it too, the caller's.
 */
export function channelView(
  context: FlowContext,
  session: SessionLike,
  rota: NamedRota,
  shown: { title: string; team: string; lead?: string | ((locale: Locale) => string) },
  speech: Speech = channelSpeech(context.pack),
) {
  const text = inEach(
    speech,
    (locale) => {
      const presenter = rota.presenter ? t(locale, 'group.presents', { name: rota.presenter.name }) : t(locale, 'group.agreePresenter');
      const values = { group: groupTitle(context), team: shown.team, presenter };
      const lead = typeof shown.lead === 'function' ? shown.lead(locale) : shown.lead;
      return lead ? t(locale, 'group.channelTextLead', { ...values, lead }) : t(locale, 'group.channelText', values);
    },
    { paragraphs: true },
  );
  return {
    card: 'notice' as const,
    ...(speech === 'en-GB' ? {} : { speech }),
    data: {
      title: shown.title,
      text,
      facts: [
        { title: t(speech, 'session.when'), value: sessionWhenText(session, context.calendar, speech) },
        // Where the pack says where and how the group meets (Bexley group standard one: a meeting room).
        ...(context.pack.group?.setting ? [{ title: t(speech, 'reminder.whereAndHow'), value: context.pack.group.setting.text }] : []),
        ...rotaFacts(context, rota, speech),
      ],
    },
  };
}

/** Queues a post to the team's bound channel; false when the team has none. */
export async function postToChannel(trx: Transaction<Database>, input: { teamId: string; key: string; now: Date; text: string; view: View }): Promise<boolean> {
  const channel = await channelOfTeam(trx, input.teamId);
  if (!channel) return false;
  return enqueue(
    trx,
    { idempotencyKey: input.key, platform: channel.platform, conversation: channel.conversation_id, payload: { text: input.text, view: input.view } },
    input.now,
  );
}

/** A group session in someone's private chat, with buttons that carry only its id. */
export function privateView(
  context: FlowContext,
  session: SessionLike,
  rota: NamedRota,
  shown: {
    title: string;
    text: string;
    buttons: { title: string; verb: string }[];
    facts?: { title: string; value: string }[];
    lists?: { title: string; text: string }[];
  },
  speech: Speech = 'en-GB',
) {
  return sessionView(context, session, { ...shown, kind: groupTitle(context), facts: [...rotaFacts(context, rota, speech), ...(shown.facts ?? [])] }, speech);
}

/** A team's group sessions, newest first. */
export function groupSessionsOf(db: Db, teamId: string) {
  return db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .selectAll('supervision_session')
    .select(['group_session.sequence', 'group_session.presenter_case_reference', 'group_session.recorder_id', 'group_session.recorded_at'])
    .where('group_session.team_id', '=', teamId)
    .orderBy('group_session.sequence', 'desc');
}

/** The team whose group supervision this channel has, if any. */
export async function boundTeamOf(context: Pick<FlowContext, 'db'>, place: Place): Promise<string | undefined> {
  if (place.kind !== 'channel') return undefined;
  const bound = await context.db
    .selectFrom('group_channel')
    .select('team_id')
    .where('platform', '=', place.platform)
    .where('conversation_id', '=', place.conversationId)
    .executeTakeFirst();
  return bound?.team_id;
}

/** The teams whose group supervision an actor may set up or move: their own, and those of the people they supervise. */
export async function teamsLedBy(context: Pick<FlowContext, 'db'>, actor: Pick<Actor, 'id' | 'team_id'>) {
  const supervised = await context.db
    .selectFrom('supervision_relationship')
    .innerJoin('person', 'person.id', 'supervision_relationship.supervisee_id')
    .select('person.team_id')
    .where('supervision_relationship.supervisor_id', '=', actor.id)
    .where('supervision_relationship.ended_on', 'is', null)
    .where('person.team_id', 'is not', null)
    .execute();
  const ids = [...new Set([actor.team_id, ...supervised.map((row) => row.team_id)].filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return [];
  const teams = await context.db
    .selectFrom('team')
    .leftJoin('group_channel', 'group_channel.team_id', 'team.id')
    .select(['team.id', 'team.name', 'group_channel.team_id as bound'])
    .where('team.id', 'in', ids)
    .orderBy('team.name')
    .execute();
  return teams.map((team) => ({ id: team.id, name: team.name, bound: team.bound !== null }));
}
