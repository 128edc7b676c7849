// Situational supervision in the month's report (issue 20), against a history made through the flows whose
// answers are known by construction. Islington, November 2026; urgent matters are answered within 4
// working hours. North: Ava's first urgent matter is accepted after an hour (in time), her second two
// working days later (late). South: Ben's goes unanswered past its deadline, escalates to the covering
// practice supervisor, who accepts it (late, escalated to the first step); his second is reassigned by his
// supervisor to her peer, who accepts within the hour (in time, reassigned); his third is raised on
// Wed 25 Nov and never accepted (unanswered past its deadline). One raised in October is not November's.
// On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { runAction } from '../../src/flows/router.js';
import { produceReport } from '../../src/reports/produce.js';
import { situationalReport } from '../../src/reports/situational.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
north.supervisor@example.org,Practice Supervisor N,supervisor,North,service@example.org,,,U0SUPERN1
south.supervisor@example.org,Practice Supervisor S,supervisor,South,service@example.org,,,U0SUPERS1
cover@example.org,Practice Supervisor C,supervisor,South,service@example.org,,,U0COVER01
ava@example.org,Ava North,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0AVA0001
ben@example.org,Ben South,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0BEN0001
`;

const ids = {
  october: '00000000-0000-4000-8000-000000000010',
  avaInTime: '00000000-0000-4000-8000-000000000001',
  avaLate: '00000000-0000-4000-8000-000000000002',
  benEscalated: '00000000-0000-4000-8000-000000000003',
  benReassigned: '00000000-0000-4000-8000-000000000004',
  benUnanswered: '00000000-0000-4000-8000-000000000005',
};

const URGENT = { triggerId: 'urgent-matter', urgency: 'urgent', caseReference: '1048213' };

describe.each(databases)('situational supervision in the report on $name', (database) => {
  it('counts November 2026 at Islington: 5 raised, 2 in time (40%), 2 late, 1 unanswered past its deadline, 1 escalated to the covering supervisor, 1 reassigned; median and 90th percentile hours to accept', async () => {
    const { store, clock, context, people } = await flowSetup(database, { policy: 'islington', directory, at: '2026-10-28T10:00:00Z' });
    await store.db.updateTable('supervision_relationship').set({ cover_supervisor_id: people.cover!.id }).where('supervisee_id', '=', people.ben!.id).execute();
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
    const assignedTo = async (requestId: string) =>
      (await store.db.selectFrom('trigger_request').select('assigned_to').where('id', '=', requestId).executeTakeFirstOrThrow()).assigned_to;
    const accept = (who: string, requestId: string) => runAction(context, people[who]!, 'trigger.accept', { requestId });

    await raise(context, people.ava!, ids.october, URGENT);
    at('2026-11-02T10:00:00Z');
    await raise(context, people.ava!, ids.avaInTime, URGENT);
    at('2026-11-02T11:00:00Z');
    await accept('north.supervisor', ids.avaInTime);
    at('2026-11-03T10:00:00Z');
    await raise(context, people.ava!, ids.avaLate, URGENT);
    at('2026-11-05T10:00:00Z');
    await accept('north.supervisor', ids.avaLate);

    at('2026-11-09T10:00:00Z');
    await raise(context, people.ben!, ids.benEscalated, URGENT);
    // Past the 4 working hours: the sweeper asks the covering supervisor, who accepts the next morning.
    at('2026-11-09T15:30:00Z');
    await new Sweeper(store.db, clock, [escalationProvider(context)]).sweepOnce();
    expect(await assignedTo(ids.benEscalated)).toBe(people.cover!.id);
    at('2026-11-10T09:30:00Z');
    await accept('cover', ids.benEscalated);

    at('2026-11-16T10:00:00Z');
    await raise(context, people.ben!, ids.benReassigned, URGENT);
    await runAction(context, people['south.supervisor']!, 'trigger.reassign', {
      requestId: ids.benReassigned,
      to: people.cover!.id,
      reason: 'I am in court today.',
    });
    expect(await assignedTo(ids.benReassigned)).toBe(people.cover!.id);
    at('2026-11-16T10:30:00Z');
    await accept('cover', ids.benReassigned);

    at('2026-11-25T10:00:00Z');
    await raise(context, people.ben!, ids.benUnanswered, URGENT);

    const now = new Date('2026-12-03T10:00:00Z');
    const report = await situationalReport(context, { month: { year: 2026, month: 11 }, now });
    // Hours to accept: 1, 48, 23.5, 0.5: the median is the second of four (1), the 90th percentile the fourth (48).
    expect(report.totals).toEqual({
      raised: 5,
      acceptedInTime: 2,
      acceptedLate: 2,
      unansweredPastDeadline: 1,
      waiting: 0,
      escalated: 1,
      escalatedTo: { 'Covering practice supervisor or deputy team manager': 1 },
      reassigned: 1,
      medianHoursToAccept: 1,
      p90HoursToAccept: 48,
      inTimePercent: 40,
    });
    expect(report.teams.map((team) => [team.team, team.figures.raised, team.figures.acceptedInTime, team.figures.inTimePercent])).toEqual([
      ['North', 2, 1, 50],
      ['South', 3, 1, 33.3],
    ]);
    expect(report.byTrigger).toEqual([{ triggerId: 'urgent-matter', title: expect.any(String), raised: 5, acceptedInTime: 2 }]);

    // One team's report holds its own requests only; the JSON and the page carry the same figures.
    const south = await situationalReport(context, { month: { year: 2026, month: 11 }, now, teamIds: [people.ben!.team_id!] });
    expect(south.totals.raised).toBe(3);
    const { text } = await produceReport(context, { month: { year: 2026, month: 11 }, format: 'json', now, actorId: null, via: 'test' });
    expect(JSON.parse(text).situational.totals).toEqual(report.totals);
    const { text: html } = await produceReport(context, { month: { year: 2026, month: 11 }, format: 'html', now, actorId: null, via: 'test' });
    expect(html).toContain('Situational supervision');
    // Four charts of scheduled supervision and triggers, and the records' (the accepted ones not recorded).
    expect(html.match(/<svg /g)).toHaveLength(5);
  });
});
