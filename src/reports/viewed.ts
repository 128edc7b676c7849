// Records viewed (Bexley quality assuring supervision c, "Supervision records will be viewed at a minimum,
// bi-monthly"; issue 20): for each person supervised, whether someone above them in the supervision line (their
// supervisor, that one's, and so on, as the line stands) opened a signed record of theirs in the pack's
// `reporting.recordsViewed.withinMonths` calendar months up to the report month's end. "Opened" is what the audit
// log says: read in chat (`record.read`), read on a need-to-know basis, or taken as a file (`record.download`),
// each audited with the record's id, which names the person. Only where the pack declares the rule. Staff names
// and dates only: no record text.
import { sql, type Kysely } from 'kysely';
import { citeSource } from '../domain/policy/cite.js';
import { formatIsoDate, fromYmd } from '../domain/time/localDate.js';
import type { FlowContext } from '../flows/context.js';
import { today } from '../flows/format.js';
import type { Database } from '../store/schema.js';
import { monthBounds, supervised, type ReportMonth } from './scheduled.js';

/** The audit actions that mean a record was opened, and by whom (src/flows/readRecords.ts, recordConsent.ts, recordFile.ts). */
export const RECORD_VIEW_ACTIONS = ['record.read', 'record.read.need-to-know', 'record.download'] as const;
/** How far up the line a viewer may be, as maySeeRecord reads it. */
const LINE_DEPTH = 6;

export interface ViewedRow {
  personId: string;
  person: string;
  /** Signed records of theirs by the window's end: none, nothing to view. */
  records: number;
  viewed: boolean;
  /** The last day someone above them opened one in the window, and who (a staff name). */
  lastViewedOn: string | null;
  lastViewedBy: string | null;
}

export interface ViewedTotals {
  people: number;
  /** People with at least one signed record to view. */
  withRecords: number;
  viewed: number;
  /** With a record to view, none opened by anyone above them in the window. */
  notViewed: number;
  /** Viewed of those with records. */
  viewedPercent: number | null;
}

export interface ViewedReport {
  /** The pack's rule, cited. */
  rule: string;
  withinMonths: number;
  /** The window: its first day and its last counted (the month's last, or today in a month not over). */
  from: string;
  to: string;
  teams: { teamId: string | null; team: string; rows: ViewedRow[]; totals: ViewedTotals }[];
  totals: ViewedTotals;
}

const zero = (): ViewedTotals => ({ people: 0, withRecords: 0, viewed: 0, notViewed: 0, viewedPercent: null });
const tally = (into: ViewedTotals, row: Pick<ViewedRow, 'records' | 'viewed'>) => {
  into.people += 1;
  if (row.records > 0) into.withRecords += 1;
  if (row.viewed) into.viewed += 1;
  else if (row.records > 0) into.notViewed += 1;
};
const percentOf = (totals: ViewedTotals) => (totals.withRecords === 0 ? null : Math.round((totals.viewed / totals.withRecords) * 1000) / 10);

/**
 * The people above each of `ids` in the supervision line as it stands, nearest first: for everyone, every current
 * relationship read once; for some teams, one look-up a level, up from their people only.
 */
async function linesAbove(db: Kysely<Database>, ids: readonly string[] | undefined): Promise<(personId: string) => string[]> {
  const supervisorOf = new Map<string, string>();
  const current = () => db.selectFrom('supervision_relationship').select(['supervisee_id', 'supervisor_id']).where('ended_on', 'is', null);
  if (ids === undefined) for (const row of await current().execute()) supervisorOf.set(row.supervisee_id, row.supervisor_id);
  else
    for (let level = [...ids], depth = 0; level.length > 0 && depth < LINE_DEPTH; depth += 1) {
      const rows = await current().where('supervisee_id', 'in', level).execute();
      for (const row of rows) supervisorOf.set(row.supervisee_id, row.supervisor_id);
      level = [...new Set(rows.map((row) => row.supervisor_id))].filter((id) => !supervisorOf.has(id));
    }
  const lines = new Map<string, string[]>();
  return (personId) => {
    const known = lines.get(personId);
    if (known) return known;
    const above: string[] = [];
    for (let up = supervisorOf.get(personId); up && above.length < LINE_DEPTH && !above.includes(up); up = supervisorOf.get(up)) above.push(up);
    lines.set(personId, above);
    return above;
  };
}

/** The month's records-viewed figures for these teams (all without), or null where the pack has no such rule. */
export async function viewedReport(context: FlowContext, input: { month: ReportMonth; now: Date; teamIds?: readonly string[] }): Promise<ViewedReport | null> {
  const rule = context.pack.reporting?.recordsViewed;
  if (!rule) return null;
  const { calendar, db } = context;
  const { asOf } = monthBounds(calendar, input.month, input.now);
  // The window: the report month and the (withinMonths - 1) before it.
  const firstIndex = input.month.year * 12 + (input.month.month - 1) - (rule.withinMonths - 1);
  const firstDay = fromYmd(Math.floor(firstIndex / 12), (firstIndex % 12) + 1, 1);
  const windowStart = calendar.endOfDay(firstDay - 1).toJSDate();

  const everyone = input.teamIds === undefined;
  const onlyTeams = !everyone;
  // Everyone's people are read beside the rest; some teams' first, as the rest is read by their ids.
  const teamsPeople = onlyTeams ? await supervised(db, input.teamIds) : undefined;
  const ids = teamsPeople?.map((person) => person.id) ?? [];
  const none = ids.length === 0;

  const [people, above, records, views] = await Promise.all([
    teamsPeople ?? supervised(db, undefined),
    linesAbove(db, everyone ? undefined : ids),
    db
      .selectFrom('record')
      .select(['record.supervisee_id', (eb) => eb.fn.countAll<string>().as('records')])
      .where('record.signed_at', 'is not', null)
      .where('record.signed_at', '<=', asOf)
      .$if(onlyTeams, (query) => (none ? query.where(sql<boolean>`false`) : query.where('record.supervisee_id', 'in', ids)))
      .groupBy('record.supervisee_id')
      .execute(),
    // Everyone: the window's openings by action and time (audit_log_action_at). Some teams: their people's records
    // first (record_supervisee), then each one's entries (audit_log_object), not the whole window's openings.
    // The latest opening of each person's records by each reader.
    db
      .selectFrom('audit_log')
      .innerJoin('record', 'record.id', 'audit_log.object_id')
      .select(({ fn }) => ['audit_log.actor_id', fn.max('audit_log.at').as('at'), 'record.supervisee_id'])
      .where('audit_log.action', 'in', [...RECORD_VIEW_ACTIONS])
      .where('audit_log.object_type', '=', 'record')
      .where('audit_log.at', '>', windowStart)
      .where('audit_log.at', '<=', asOf)
      .$if(onlyTeams, (query) =>
        none
          ? query.where(sql<boolean>`false`)
          : query.where('audit_log.object_id', 'in', db.selectFrom('record as theirs').select('theirs.id').where('theirs.supervisee_id', 'in', ids)),
      )
      .groupBy(['record.supervisee_id', 'audit_log.actor_id'])
      .execute(),
  ]);
  const recordCount = new Map(records.map((row) => [row.supervisee_id, Number(row.records)]));
  // The latest opening by someone above the person, for each person.
  const latest = new Map<string, { at: Date; actorId: string }>();
  for (const view of views) {
    if (!view.actor_id || !above(view.supervisee_id).includes(view.actor_id)) continue;
    const found = latest.get(view.supervisee_id);
    if (!found || view.at > found.at) latest.set(view.supervisee_id, { at: view.at, actorId: view.actor_id });
  }
  const viewerIds = [...new Set([...latest.values()].map((view) => view.actorId))];
  const names = new Map(
    viewerIds.length === 0
      ? []
      : (await db.selectFrom('person').select(['id', 'display_name']).where('id', 'in', viewerIds).execute()).map((row) => [row.id, row.display_name]),
  );

  const teams = new Map<string, ViewedReport['teams'][number]>();
  const totals = zero();
  for (const person of people) {
    const view = latest.get(person.id);
    const row: ViewedRow = {
      personId: person.id,
      person: person.display_name,
      records: recordCount.get(person.id) ?? 0,
      viewed: view !== undefined,
      lastViewedOn: view ? formatIsoDate(today(view.at, calendar)) : null,
      lastViewedBy: view ? (names.get(view.actorId) ?? null) : null,
    };
    const key = person.team_id ?? '';
    const team = teams.get(key) ?? { teamId: person.team_id, team: person.team_name ?? '(no team)', rows: [], totals: zero() };
    teams.set(key, team);
    team.rows.push(row);
    tally(team.totals, row);
    tally(totals, row);
  }
  const ordered = [...teams.values()].sort((a, b) => a.team.localeCompare(b.team));
  for (const team of ordered) team.totals.viewedPercent = percentOf(team.totals);
  totals.viewedPercent = percentOf(totals);
  return {
    rule: citeSource(context.pack, rule.source),
    withinMonths: rule.withinMonths,
    from: formatIsoDate(firstDay),
    to: formatIsoDate(today(asOf, calendar)),
    teams: ordered,
    totals,
  };
}

/** The CSV cell for a person: yes, no, or "no records" (nothing to view). */
export const viewedCell = (row: ViewedRow | undefined) => (row === undefined ? '' : row.viewed ? 'yes' : row.records === 0 ? 'no records' : 'no');
