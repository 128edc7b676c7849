// Records and actions in the month's report (issue 20), by the supervisee's (for actions, the owner's) team.
// Records: first versions written in the month, by their deadline (the record's own `due_at`, set from the
// pack when it was written) or late; those whose deadline fell in the month and are still not written
// (held sessions and accepted triggers); signed, disagreed with, amended. Actions: agreed in the month
// (on a record written in it); due in the month (their date as it stands, after any extension agreed):
// done by it, done after it, still open past it; extensions agreed in the month. Counts only: no text.
import type { Kysely } from 'kysely';
import type { FlowContext } from '../flows/context.js';
import { formatIsoDate, parseIsoDate } from '../domain/time/localDate.js';
import { today } from '../flows/format.js';
import type { Database } from '../store/schema.js';
import { monthBounds, type ReportMonth } from './scheduled.js';

export interface RecordFigures {
  written: number;
  writtenOnTime: number;
  writtenLate: number;
  /** Deadline in the month, passed, and not written when the report was produced. */
  outstanding: number;
  /** Of those written in the month, signed by both. */
  signed: number;
  /** Disagreements raised in the month on a record. */
  disagreed: number;
  /** New versions of a record written in the month. */
  amended: number;
  onTimePercent: number | null;
}

export interface ActionFigures {
  agreed: number;
  due: number;
  doneByDate: number;
  doneLate: number;
  /** Still open, its date passed. */
  overdue: number;
  /** Carried forward to a later supervision or dropped. */
  carriedOrDropped: number;
  extended: number;
}

export interface RecordsReport {
  teams: { teamId: string | null; team: string; records: RecordFigures; actions: ActionFigures }[];
  totals: { records: RecordFigures; actions: ActionFigures };
}

const zeroRecords = (): RecordFigures => ({
  written: 0,
  writtenOnTime: 0,
  writtenLate: 0,
  outstanding: 0,
  signed: 0,
  disagreed: 0,
  amended: 0,
  onTimePercent: null,
});
const zeroActions = (): ActionFigures => ({ agreed: 0, due: 0, doneByDate: 0, doneLate: 0, overdue: 0, carriedOrDropped: 0, extended: 0 });

export async function recordsReport(context: FlowContext, input: { month: ReportMonth; now: Date; teamIds?: readonly string[] }): Promise<RecordsReport> {
  const { calendar, db } = context;
  const { monthStart, monthEnd, from, asOf } = monthBounds(calendar, input.month, input.now);
  // A report for some teams: people in them only (a team id that cannot exist for none).
  const teamIds = input.teamIds === undefined ? undefined : input.teamIds.length > 0 ? [...input.teamIds] : [''];
  const teams = new Map<string, { teamId: string | null; team: string; records: RecordFigures; actions: ActionFigures }>();
  const teamOf = (teamId: string | null, name: string | null) => {
    const key = teamId ?? '';
    const found = teams.get(key) ?? { teamId, team: name ?? '(no team)', records: zeroRecords(), actions: zeroActions() };
    teams.set(key, found);
    return found;
  };
  const written = recordsOf(db)
    .where('record.created_at', '>', from)
    .where('record.created_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!));
  for (const row of await written.execute()) {
    const figures = teamOf(row.team_id, row.team_name).records;
    if (row.version_no > 1) {
      figures.amended += 1;
      continue;
    }
    figures.written += 1;
    if (row.due_at && row.created_at > row.due_at) figures.writtenLate += 1;
    else figures.writtenOnTime += 1;
    if (row.signed_at && row.signed_at <= asOf) figures.signed += 1;
  }
  const outstandingSessions = db
    .selectFrom('supervision_session')
    .innerJoin('person', 'person.id', 'supervision_session.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(['person.team_id', 'team.name as team_name'])
    .where('supervision_session.status', '=', 'held')
    .where('supervision_session.record_state', 'is', null)
    .where('supervision_session.record_due_at', '>', from)
    .where('supervision_session.record_due_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!));
  const outstandingTriggers = db
    .selectFrom('trigger_request')
    .innerJoin('person', 'person.id', 'trigger_request.practitioner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(['person.team_id', 'team.name as team_name'])
    .where('trigger_request.state', '=', 'accepted')
    .where('trigger_request.record_due_at', '>', from)
    .where('trigger_request.record_due_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!));
  for (const row of [...(await outstandingSessions.execute()), ...(await outstandingTriggers.execute())])
    teamOf(row.team_id, row.team_name).records.outstanding += 1;
  const disputes = db
    .selectFrom('record_dispute')
    .innerJoin('record', 'record.id', 'record_dispute.record_id')
    .innerJoin('person', 'person.id', 'record.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(['person.team_id', 'team.name as team_name'])
    .where('record_dispute.raised_at', '>', from)
    .where('record_dispute.raised_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!));
  for (const row of await disputes.execute()) teamOf(row.team_id, row.team_name).records.disagreed += 1;

  // Actions, by their owner's team: those agreed in the month and those due in it, two queries (each on its index).
  const actionsWhere = (where: (query: ReturnType<typeof actionsOf>) => ReturnType<typeof actionsOf>) =>
    where(actionsOf(db))
      .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!))
      .execute();
  const [agreedInMonth, dueInMonth] = await Promise.all([
    actionsWhere((query) => query.where('record.created_at', '>', from).where('record.created_at', '<=', asOf)),
    actionsWhere((query) => query.where('action_item.due_on', '>=', formatIsoDate(monthStart)).where('action_item.due_on', '<=', formatIsoDate(monthEnd))),
  ]);
  const actions = new Map([...agreedInMonth, ...dueInMonth].map((row) => [row.id, row]));
  // An action is overdue once its day is over.
  const asOfDay = formatIsoDate(Math.min(monthEnd + 1, today(asOf, calendar)));
  for (const row of actions.values()) {
    const figures = teamOf(row.team_id, row.team_name).actions;
    if (row.agreed_at > from && row.agreed_at <= asOf) figures.agreed += 1;
    if (row.due_on < formatIsoDate(monthStart) || row.due_on > formatIsoDate(monthEnd)) continue;
    figures.due += 1;
    const endOfDue = calendar.endOfDay(parseIsoDate(row.due_on)!).toJSDate();
    if (row.status === 'done' && row.updated_at <= asOf) {
      if (row.updated_at <= endOfDue) figures.doneByDate += 1;
      else figures.doneLate += 1;
    } else if (row.status === 'carried-forward' || row.status === 'dropped') figures.carriedOrDropped += 1;
    else if (row.due_on < asOfDay) figures.overdue += 1;
  }
  const extensions = db
    .selectFrom('action_extension')
    .innerJoin('action_item', 'action_item.id', 'action_extension.action_id')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(['person.team_id', 'team.name as team_name'])
    .where('action_extension.state', '=', 'agreed')
    .where('action_extension.decided_at', '>', from)
    .where('action_extension.decided_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!));
  for (const row of await extensions.execute()) teamOf(row.team_id, row.team_name).actions.extended += 1;

  const ordered = [...teams.values()].sort((a, b) => a.team.localeCompare(b.team));
  const totals = { records: zeroRecords(), actions: zeroActions() };
  for (const team of ordered) {
    team.records.onTimePercent = percentOf(team.records);
    for (const key of Object.keys(totals.records) as (keyof RecordFigures)[]) if (key !== 'onTimePercent') totals.records[key] += team.records[key];
    for (const key of Object.keys(totals.actions) as (keyof ActionFigures)[]) totals.actions[key] += team.actions[key];
  }
  totals.records.onTimePercent = percentOf(totals.records);
  return { teams: ordered, totals };
}

/** Written on time of those written or due and not written. */
const percentOf = (figures: RecordFigures) => {
  const judged = figures.written + figures.outstanding;
  return judged === 0 ? null : Math.round((figures.writtenOnTime / judged) * 1000) / 10;
};

function actionsOf(db: Kysely<Database>) {
  return db
    .selectFrom('action_item')
    .innerJoin('record', 'record.id', 'action_item.record_id')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select([
      'action_item.id',
      'action_item.due_on',
      'action_item.status',
      'action_item.updated_at',
      'record.created_at as agreed_at',
      'person.team_id',
      'team.name as team_name',
    ]);
}

function recordsOf(db: Kysely<Database>) {
  return db
    .selectFrom('record')
    .innerJoin('person', 'person.id', 'record.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(['record.version_no', 'record.created_at', 'record.due_at', 'record.signed_at', 'person.team_id', 'team.name as team_name']);
}
