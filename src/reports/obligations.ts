// Observations, reviews and agreements in the month's report (issue 20), per person and team, without
// counting anything twice: the frequency table (scheduled.ts) counts the kinds the pack's `reporting`
// covers (every kind where it has none); this section counts the observation and review kinds of a
// cohort it leaves out (Cafcass: the PLR, as the pack covers case, group and observation), with the same
// engine and figures, and the supervision agreement's yearly review (agreements.ts): reviews that fell due
// in the month, reviewed (the next round signed by both) by the day or later, not reviewed, and every
// review overdue at the month's end; with agreements signed in the month and those still waiting for a
// signature. Staff names only.
import type { FlowContext } from '../flows/context.js';
import { today } from '../flows/format.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { formatIsoDate, parseIsoDate } from '../domain/time/localDate.js';
import { monthBounds, scheduledReport, type Figures, type ReportMonth } from './scheduled.js';

/** Kinds that are an observation of practice or a review of it, rather than supervision itself. */
export const OBSERVATION_AND_REVIEW_KINDS: readonly SupervisionKind[] = ['observation', 'plr', 'prd'];

export type Obligation = SupervisionKind | 'agreement-review';

export interface ObligationRow extends Figures {
  personId: string;
  person: string;
  obligation: Obligation;
  /** Agreement rows only: signed by both in the month (a first agreement or a review). */
  signed?: number;
  /** Agreement rows only: offered and still waiting for a signature at the month's end. */
  awaitingSignature?: number;
}

export interface ObligationTotals extends Figures {
  signed: number;
  awaitingSignature: number;
}

export interface ObligationsReport {
  /** The observation and review kinds counted here (not in the frequency table). */
  kinds: SupervisionKind[];
  /** The observation and review kinds the frequency table counts instead. */
  inFrequencyTable: SupervisionKind[];
  /** Whether the pack has a supervision agreement, whose reviews are counted here. */
  agreements: boolean;
  teams: { teamId: string | null; team: string; rows: ObligationRow[]; totals: ObligationTotals }[];
  totals: ObligationTotals;
}

const zero = (): ObligationTotals => ({ due: 0, onTime: 0, late: 0, notHeld: 0, onLeave: 0, notYetDue: 0, overdue: 0, signed: 0, awaitingSignature: 0 });
const add = (into: ObligationTotals, row: ObligationRow) => {
  for (const key of Object.keys(into) as (keyof ObligationTotals)[]) into[key] += row[key] ?? 0;
};

/** Which observation and review kinds of the pack's cohorts the frequency table leaves out, and which it counts. */
export function obligationKinds(pack: FlowContext['pack']): { kinds: SupervisionKind[]; inFrequencyTable: SupervisionKind[] } {
  const present = OBSERVATION_AND_REVIEW_KINDS.filter((kind) =>
    Object.values(pack.cohorts).some((cohort) => cohort.supervision.some((entry) => entry.kind === kind)),
  );
  const counted = (kind: SupervisionKind) => !pack.reporting || pack.reporting.covers.includes(kind);
  return { kinds: present.filter((kind) => !counted(kind)), inFrequencyTable: present.filter(counted) };
}

export async function obligationsReport(
  context: FlowContext,
  input: { month: ReportMonth; now: Date; teamIds?: readonly string[] },
): Promise<ObligationsReport> {
  const { calendar, pack, db } = context;
  const { kinds, inFrequencyTable } = obligationKinds(pack);
  const teams = new Map<string, ObligationsReport['teams'][number]>();
  const teamOf = (teamId: string | null, name: string) => {
    const key = teamId ?? '';
    const found = teams.get(key) ?? { teamId, team: name, rows: [], totals: zero() };
    teams.set(key, found);
    return found;
  };
  const scope = input.teamIds === undefined ? {} : { teamIds: input.teamIds };
  if (kinds.length > 0) {
    const scheduled = await scheduledReport(context, { month: input.month, now: input.now, kinds, ...scope });
    for (const team of scheduled.teams)
      for (const row of team.rows) {
        const { personId, person, kind, due, onTime, late, notHeld, onLeave, notYetDue, overdue } = row;
        teamOf(team.teamId, team.team).rows.push({ personId, person, obligation: kind, due, onTime, late, notHeld, onLeave, notYetDue, overdue });
      }
  }

  if (pack.agreement) {
    const { monthStart, monthEnd, from, asOf } = monthBounds(calendar, input.month, input.now);
    const asOfDay = Math.min(monthEnd + 1, today(input.now, calendar));
    const scoped = input.teamIds === undefined ? undefined : input.teamIds.length > 0 ? [...input.teamIds] : [''];
    // Every round offered by the month's end, of supervisees in these teams with the pair still supervising then.
    const rounds = await db
      .selectFrom('supervision_agreement as a')
      .innerJoin('person', 'person.id', 'a.supervisee_id')
      .leftJoin('team', 'team.id', 'person.team_id')
      .innerJoin('supervision_relationship as r', (join) =>
        join.onRef('r.supervisee_id', '=', 'a.supervisee_id').onRef('r.supervisor_id', '=', 'a.supervisor_id'),
      )
      .select([
        'a.supervisee_id',
        'a.supervisor_id',
        'a.round',
        'a.offered_at',
        'a.signed_at',
        'a.review_due',
        'person.display_name',
        'person.team_id',
        'team.name as team_name',
      ])
      .where('a.offered_at', '<=', asOf)
      .where((where) => where.or([where('r.ended_on', 'is', null), where('r.ended_on', '>=', formatIsoDate(monthStart))]))
      .$if(scoped !== undefined, (query) => query.where('person.team_id', 'in', scoped!))
      .orderBy('team.name')
      .orderBy('person.display_name')
      .orderBy('a.round')
      .execute();
    const signedBy = (at: Date | null) => at !== null && at <= asOf;
    const roundKey = (row: { supervisee_id: string; supervisor_id: string; round: number }) => `${row.supervisee_id}:${row.supervisor_id}:${row.round}`;
    const byRound = new Map(rounds.map((row) => [roundKey(row), row]));
    const byPerson = new Map<string, ObligationRow & { teamId: string | null; team: string }>();
    const seen = new Set<string>();
    for (const round of rounds) {
      // A pair supervising again after a break joins two relationships: each round once.
      const key = roundKey(round);
      if (seen.has(key)) continue;
      seen.add(key);
      const row = byPerson.get(round.supervisee_id) ?? {
        personId: round.supervisee_id,
        person: round.display_name,
        teamId: round.team_id,
        team: round.team_name ?? '(no team)',
        obligation: 'agreement-review' as const,
        ...zero(),
      };
      byPerson.set(round.supervisee_id, row);
      if (round.signed_at && round.signed_at > from && round.signed_at <= asOf) row.signed! += 1;
      if (!signedBy(round.signed_at)) {
        row.awaitingSignature! += 1;
        continue;
      }
      if (!round.review_due) continue;
      const due = parseIsoDate(round.review_due)!;
      // Reviewed: the pair's next round, signed by both.
      const next = byRound.get(roundKey({ ...round, round: round.round + 1 }));
      const reviewed = next && signedBy(next.signed_at) ? today(next.signed_at!, calendar) : undefined;
      if (reviewed === undefined && due < asOfDay) row.overdue += 1;
      if (due < monthStart || due > monthEnd) continue;
      row.due += 1;
      if (reviewed !== undefined) row[reviewed <= due ? 'onTime' : 'late'] += 1;
      else if (due < asOfDay) row.notHeld += 1;
      else row.notYetDue += 1;
    }
    for (const { teamId, team, ...row } of byPerson.values()) teamOf(teamId, team).rows.push(row);
  }

  const ordered = [...teams.values()].sort((a, b) => a.team.localeCompare(b.team));
  const totals = zero();
  for (const team of ordered) {
    for (const row of team.rows) add(team.totals, row);
    for (const row of team.rows) add(totals, row);
  }
  return { kinds, inFrequencyTable, agreements: pack.agreement !== undefined, teams: ordered, totals };
}
