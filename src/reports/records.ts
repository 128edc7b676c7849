// Records and actions in the month's report (issue 20), by the supervisee's (for actions, the owner's) team.
// Records: first versions written in the month, by their deadline (the record's own `due_at`, set from the
// pack when it was written) or late; those whose deadline fell in the month and are still not written
// (held sessions and accepted triggers); signed, disagreed with, amended. Actions: agreed in the month
// (on a record written in it); due in the month (their date as it stands, after any extension agreed):
// done by it, done after it, still open past it; extensions agreed in the month. Counts only: no text.
import { sql } from 'kysely';
import type { FlowContext } from '../flows/context.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import { today } from '../flows/format.js';
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
  // A team's people, for the planner to start from them (by the person_team index) rather than from the month's rows.
  const teamPeople = () => db.selectFrom('person as member').select('member.id').where('member.team_id', 'in', teamIds!);
  // Counted by the database, a row a team: the month's records are a few hundred thousand for 50,000 people.
  const written = db
    .selectFrom('record')
    .innerJoin('person', 'person.id', 'record.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn, eb }) => [
      'person.team_id',
      'team.name as team_name',
      fn.countAll<string>().filterWhere('record.version_no', '>', 1).as('amended'),
      fn.countAll<string>().filterWhere('record.version_no', '=', 1).as('written'),
      fn
        .countAll<string>()
        .filterWhere(eb.and([eb('record.version_no', '=', 1), eb('record.due_at', 'is not', null), eb('record.created_at', '>', eb.ref('record.due_at'))]))
        .as('late'),
      fn
        .countAll<string>()
        .filterWhere(eb.and([eb('record.version_no', '=', 1), eb('record.signed_at', 'is not', null), eb('record.signed_at', '<=', asOf)]))
        .as('signed'),
    ])
    .where('record.created_at', '>', from)
    .where('record.created_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!).where('record.supervisee_id', 'in', teamPeople()))
    .groupBy(['person.team_id', 'team.name'])
    .execute();
  const outstandingSessions = db
    .selectFrom('supervision_session')
    .innerJoin('person', 'person.id', 'supervision_session.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn }) => ['person.team_id', 'team.name as team_name', fn.countAll<string>().as('count')])
    .where('supervision_session.status', '=', 'held')
    .where('supervision_session.record_state', 'is', null)
    .where('supervision_session.record_due_at', '>', from)
    .where('supervision_session.record_due_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!))
    .groupBy(['person.team_id', 'team.name'])
    .execute();
  const outstandingTriggers = db
    .selectFrom('trigger_request')
    .innerJoin('person', 'person.id', 'trigger_request.practitioner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn }) => ['person.team_id', 'team.name as team_name', fn.countAll<string>().as('count')])
    .where('trigger_request.state', '=', 'accepted')
    .where('trigger_request.record_due_at', '>', from)
    .where('trigger_request.record_due_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!))
    .groupBy(['person.team_id', 'team.name'])
    .execute();
  const disputes = db
    .selectFrom('record_dispute')
    .innerJoin('record', 'record.id', 'record_dispute.record_id')
    .innerJoin('person', 'person.id', 'record.supervisee_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn }) => ['person.team_id', 'team.name as team_name', fn.countAll<string>().as('count')])
    .where('record_dispute.raised_at', '>', from)
    .where('record_dispute.raised_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!))
    .groupBy(['person.team_id', 'team.name'])
    .execute();

  // Actions, by their owner's team, counted by the database: those agreed in the month (on a record written in
  // it), and those due in it, each against the end of its own day where the organisation is (a row a day).
  const agreed = db
    .selectFrom('action_item')
    .innerJoin('record', 'record.id', 'action_item.record_id')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn }) => ['person.team_id', 'team.name as team_name', fn.countAll<string>().as('agreed')])
    .where('record.created_at', '>', from)
    .where('record.created_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!).where('action_item.owner_id', 'in', teamPeople()))
    .groupBy(['person.team_id', 'team.name'])
    .execute();
  // An action is overdue once its day is over.
  const asOfDay = formatIsoDate(Math.min(monthEnd + 1, today(asOf, calendar)));
  const days = Array.from({ length: monthEnd - monthStart + 1 }, (_, index) => monthStart + index);
  // The end of each day of the month where the organisation is: an action done by it was done by its date.
  const endOfDue = sql<Date>`case ${sql.ref('action_item.due_on')} ${sql.join(
    days.map((day) => sql`when ${formatIsoDate(day)}::date then ${calendar.endOfDay(day).toJSDate()}::timestamptz`),
    sql` `,
  )} end`;
  const due = db
    .selectFrom('action_item')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn, eb }) => {
      const doneInTime = eb.and([eb('action_item.status', '=', 'done'), eb('action_item.updated_at', '<=', asOf)]);
      const notDone = eb.or([eb('action_item.status', '<>', 'done'), eb('action_item.updated_at', '>', asOf)]);
      const carried = eb('action_item.status', 'in', ['carried-forward', 'dropped']);
      return [
        'person.team_id',
        'team.name as team_name',
        fn.countAll<string>().as('due'),
        fn
          .countAll<string>()
          .filterWhere(eb.and([doneInTime, eb('action_item.updated_at', '<=', endOfDue)]))
          .as('done_by_date'),
        fn
          .countAll<string>()
          .filterWhere(eb.and([doneInTime, eb('action_item.updated_at', '>', endOfDue)]))
          .as('done_late'),
        fn
          .countAll<string>()
          .filterWhere(eb.and([notDone, carried]))
          .as('carried'),
        fn
          .countAll<string>()
          .filterWhere(eb.and([notDone, eb.not(carried), eb('action_item.due_on', '<', asOfDay)]))
          .as('overdue'),
      ];
    })
    .where('action_item.due_on', '>=', formatIsoDate(monthStart))
    .where('action_item.due_on', '<=', formatIsoDate(monthEnd))
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!).where('action_item.owner_id', 'in', teamPeople()))
    .groupBy(['person.team_id', 'team.name'])
    .execute();
  const extensions = db
    .selectFrom('action_extension')
    .innerJoin('action_item', 'action_item.id', 'action_extension.action_id')
    .innerJoin('person', 'person.id', 'action_item.owner_id')
    .leftJoin('team', 'team.id', 'person.team_id')
    .select(({ fn }) => ['person.team_id', 'team.name as team_name', fn.countAll<string>().as('count')])
    .where('action_extension.state', '=', 'agreed')
    .where('action_extension.decided_at', '>', from)
    .where('action_extension.decided_at', '<=', asOf)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!))
    .groupBy(['person.team_id', 'team.name'])
    .execute();

  // Each counted by the database, a row a team, side by side.
  const [writtenRows, sessionsOutstanding, triggersOutstanding, disputed, agreedRows, dueRows, extended] = await Promise.all([
    written,
    outstandingSessions,
    outstandingTriggers,
    disputes,
    agreed,
    due,
    extensions,
  ]);
  for (const row of writtenRows) {
    const figures = teamOf(row.team_id, row.team_name).records;
    figures.amended += Number(row.amended);
    figures.written += Number(row.written);
    figures.writtenLate += Number(row.late);
    figures.writtenOnTime += Number(row.written) - Number(row.late);
    figures.signed += Number(row.signed);
  }
  for (const row of [...sessionsOutstanding, ...triggersOutstanding]) teamOf(row.team_id, row.team_name).records.outstanding += Number(row.count);
  for (const row of disputed) teamOf(row.team_id, row.team_name).records.disagreed += Number(row.count);
  for (const row of agreedRows) teamOf(row.team_id, row.team_name).actions.agreed += Number(row.agreed);
  for (const row of dueRows) {
    const figures = teamOf(row.team_id, row.team_name).actions;
    figures.due += Number(row.due);
    figures.doneByDate += Number(row.done_by_date);
    figures.doneLate += Number(row.done_late);
    figures.carriedOrDropped += Number(row.carried);
    figures.overdue += Number(row.overdue);
  }
  for (const row of extended) teamOf(row.team_id, row.team_name).actions.extended += Number(row.count);

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
