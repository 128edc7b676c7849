// Situational supervision in the month's report (issue 20): the triggers raised in the month, by team and
// by trigger, and what became of them: accepted within the pack's response time (counted again from the
// trigger, its urgency and when it was raised, as the raise form counted it), the time to accept (median
// and 90th percentile, in hours), escalations and the highest step of the pack's chain each reached,
// reassignments. From the request and its event history; ids and counts only, no case or free text.
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { FlowContext } from '../flows/context.js';
import { responseDeadline } from '../domain/records/deadline.js';
import type { Urgency } from '../domain/policy/schema.js';
import type { Database } from '../store/schema.js';
import { monthBounds, type ReportMonth } from './scheduled.js';

export interface SituationalFigures {
  raised: number;
  /** Accepted by the response deadline. */
  acceptedInTime: number;
  /** Accepted after it. */
  acceptedLate: number;
  /** Not accepted by the month's end (or now), the deadline passed. */
  unansweredPastDeadline: number;
  /** Not accepted yet, the deadline still ahead. */
  waiting: number;
  /** Raised to someone past the first responder at least once. */
  escalated: number;
  /** How many reached each step of the pack's chain at the highest ("Team manager": 2); beyond it, the safeguarding lead. */
  escalatedTo: Record<string, number>;
  reassigned: number;
  /** Hours from raising to acceptance, of those accepted. */
  medianHoursToAccept: number | null;
  p90HoursToAccept: number | null;
  /** Accepted in time of those whose deadline has passed or that were accepted. */
  inTimePercent: number | null;
}

export interface SituationalReport {
  teams: { teamId: string | null; team: string; figures: SituationalFigures }[];
  byTrigger: { triggerId: string; title: string; raised: number; acceptedInTime: number }[];
  totals: SituationalFigures;
}

interface Outcome {
  teamKey: string;
  triggerId: string;
  hoursToAccept?: number;
  inTime?: boolean;
  pastDeadline: boolean;
  level: number;
  safeguarding: boolean;
  reassigned: boolean;
}

const percentile = (values: number[], share: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]! * 10) / 10;
};

function figuresOf(outcomes: Outcome[], chainTitles: string[], safeguardingTitle: string): SituationalFigures {
  const hours = outcomes.flatMap((one) => (one.hoursToAccept === undefined ? [] : [one.hoursToAccept]));
  const escalatedTo: Record<string, number> = {};
  for (const one of outcomes) {
    if (one.safeguarding) escalatedTo[safeguardingTitle] = (escalatedTo[safeguardingTitle] ?? 0) + 1;
    else if (one.level > 0) {
      const title = chainTitles[one.level - 1] ?? `step ${one.level}`;
      escalatedTo[title] = (escalatedTo[title] ?? 0) + 1;
    }
  }
  const acceptedInTime = outcomes.filter((one) => one.inTime === true).length;
  const acceptedLate = outcomes.filter((one) => one.inTime === false).length;
  const unansweredPastDeadline = outcomes.filter((one) => one.hoursToAccept === undefined && one.pastDeadline).length;
  const judged = acceptedInTime + acceptedLate + unansweredPastDeadline;
  return {
    raised: outcomes.length,
    acceptedInTime,
    acceptedLate,
    unansweredPastDeadline,
    waiting: outcomes.filter((one) => one.hoursToAccept === undefined && !one.pastDeadline).length,
    escalated: outcomes.filter((one) => one.level > 0 || one.safeguarding).length,
    escalatedTo,
    reassigned: outcomes.filter((one) => one.reassigned).length,
    medianHoursToAccept: percentile(hours, 0.5),
    p90HoursToAccept: percentile(hours, 0.9),
    inTimePercent: judged === 0 ? null : Math.round((acceptedInTime / judged) * 1000) / 10,
  };
}

/** The requests raised in the month, of these teams' practitioners (every team without): the base of both reads. */
function requestsOfMonth(db: Kysely<Database>, from: Date, to: Date, teamIds: readonly string[] | undefined) {
  return db
    .selectFrom('trigger_request')
    .innerJoin('person', 'person.id', 'trigger_request.practitioner_id')
    .where('trigger_request.raised_at', '>', from)
    .where('trigger_request.raised_at', '<=', to)
    .$if(teamIds !== undefined, (query) => query.where('person.team_id', 'in', teamIds!.length === 0 ? [''] : teamIds!));
}

export async function situationalReport(
  context: FlowContext,
  input: { month: ReportMonth; now: Date; teamIds?: readonly string[] },
): Promise<SituationalReport> {
  const { calendar, pack, db } = context;
  const { from, asOf } = monthBounds(calendar, input.month, input.now);
  // Each request of the month with what its history (to the month's end) says of it, one row a request: when it
  // was first accepted, the highest step of the chain it was escalated to, whether the safeguarding lead was
  // alerted and whether it was reassigned. Times as milliseconds, which cost nothing to read.
  const requests = await requestsOfMonth(db, from, asOf, input.teamIds)
    .leftJoin('team', 'team.id', 'person.team_id')
    .leftJoin('trigger_event as e', (join) => join.onRef('e.trigger_request_id', '=', 'trigger_request.id').on('e.at', '<=', asOf))
    .select([
      'trigger_request.trigger_id',
      'trigger_request.urgency',
      'person.team_id',
      'team.name as team_name',
      sql<number>`floor(extract(epoch from trigger_request.raised_at) * 1000)::float8`.as('raised_ms'),
      sql<number | null>`floor(extract(epoch from min(e.at) filter (where e.to_state = 'accepted')) * 1000)::float8`.as('accepted_ms'),
      sql<number>`coalesce(max(coalesce((e.detail ->> 'level')::float8, 0)) filter (where e.detail ? 'escalatedFrom'), 0)::float8`.as('level'),
      sql<boolean>`coalesce(bool_or(e.detail -> 'safeguardingAlert' = 'true'::jsonb), false)`.as('safeguarding'),
      sql<boolean>`coalesce(bool_or(e.detail ? 'reassignedBy'), false)`.as('reassigned'),
    ])
    .groupBy(['trigger_request.id', 'person.team_id', 'team.name'])
    .execute();

  const teamNames = new Map<string, { teamId: string | null; team: string }>();
  const outcomes: Outcome[] = [];
  const asOfMs = asOf.getTime();
  for (const request of requests) {
    let deadline: number | undefined;
    try {
      deadline = responseDeadline({
        pack,
        calendar,
        triggerId: request.trigger_id,
        urgency: request.urgency as Urgency,
        raisedAt: DateTime.fromMillis(request.raised_ms),
      }).due.toMillis();
    } catch {
      // A trigger no longer in the pack: its time to accept is counted, not whether it was in time.
      deadline = undefined;
    }
    const teamKey = request.team_id ?? '';
    if (!teamNames.has(teamKey)) teamNames.set(teamKey, { teamId: request.team_id, team: request.team_name ?? '(no team)' });
    const accepted = request.accepted_ms;
    outcomes.push({
      teamKey,
      triggerId: request.trigger_id ?? '(none)',
      ...(accepted !== null ? { hoursToAccept: (accepted - request.raised_ms) / 3_600_000 } : {}),
      ...(accepted !== null && deadline !== undefined ? { inTime: accepted <= deadline } : {}),
      pastDeadline: deadline !== undefined && deadline < asOfMs,
      level: request.level,
      safeguarding: request.safeguarding,
      reassigned: request.reassigned,
    });
  }
  const chainTitles = pack.escalation.chain.map((step) => step.title);
  const safeguardingTitle = pack.escalation.safeguardingLead.title;
  // Each team's outcomes in one pass (not a pass over everyone's for each of 500 teams).
  const byTeam = new Map<string, Outcome[]>();
  for (const one of outcomes) {
    const mine = byTeam.get(one.teamKey);
    if (mine) mine.push(one);
    else byTeam.set(one.teamKey, [one]);
  }
  const teams = [...teamNames.entries()]
    .map(([key, team]) => ({ ...team, figures: figuresOf(byTeam.get(key) ?? [], chainTitles, safeguardingTitle) }))
    .sort((a, b) => a.team.localeCompare(b.team));
  const triggerTitle = (id: string) => (pack.triggers as Record<string, { title: string } | undefined>)[id]?.title ?? id;
  const byTrigger = [...new Set(outcomes.map((one) => one.triggerId))]
    .map((triggerId) => {
      const mine = outcomes.filter((one) => one.triggerId === triggerId);
      return { triggerId, title: triggerTitle(triggerId), raised: mine.length, acceptedInTime: mine.filter((one) => one.inTime === true).length };
    })
    .sort((a, b) => b.raised - a.raised || a.title.localeCompare(b.title));
  return { teams, byTrigger, totals: figuresOf(outcomes, chainTitles, safeguardingTitle) };
}
