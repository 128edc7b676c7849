// Bexley group standard one: "all teams should hold a group supervision session every 2-4 weeks". The
// team chooses its interval within those bounds when the group is set up; outside them the form refuses
// by its field, storing nothing; the sessions then follow the chosen interval. Dates written out by hand.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Place } from '../../src/flows/context.js';
import { groupSessionsProvider } from '../../src/flows/group/sessions.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
c@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2025-06-02,U0WORKERC
d@example.org,Social Worker D,practitioner,North,supervisor@example.org,case-holder,2025-06-02,U0WORKERD
`;
const CHANNEL: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0NORTH' };
const SETUP = '7d4e0f3a-6b8c-4d9e-8f0a-2b3c4d5e6f70';

describe.each(databases)('a team chooses how often its group meets (Bexley) on $name', (database) => {
  it('bexley: the group setup form offers every 2, 3 or 4 weeks; 5 weeks is refused by its field and nothing is set up; every 2 weeks books the next session 2 weeks on', async () => {
    // Monday 2 November 2026, 10:00 (GMT).
    const { context, people, clock, store } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-11-02T10:00:00Z' });
    const form = await runCommand(context, people.supervisor!, 'group setup', CHANNEL);
    expect(form.view.card).toBe('group-setup');
    expect(form.view.data.intervals).toEqual([
      { title: 'Every 2 weeks', value: '2' },
      { title: 'Every 3 weeks', value: '3' },
      { title: 'Every 4 weeks', value: '4' },
    ]);
    const submit = (interval: string) =>
      runAction(
        context,
        people.supervisor!,
        'group.setup',
        { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', interval, duration: '90' },
        CHANNEL,
      );

    const refused = await submit('5');
    expect(refused.view.card).toBe('group-setup');
    expect(refused.fieldErrors).toEqual({
      interval: expect.stringMatching(/^Choose every 2 to 4 weeks: the .* policy holds group supervision every 2 weeks to 4 weeks \(group standard one\)\.$/),
    });
    expect(await store.db.selectFrom('group_channel').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('supervision_session').selectAll().execute()).toEqual([]);

    expect((await submit('2')).view.data.title).toBe('Group supervision is set up');
    // Once the first (Tue 10 Nov) has started, the next is made: Tue 24 Nov, 2 weeks on, not 4.
    clock.advance(Date.parse('2026-11-10T11:00:00Z') - clock.now().getTime());
    await new Sweeper(store.db, clock, [groupSessionsProvider(context)]).sweepOnce();
    const starts = await store.db.selectFrom('supervision_session').select('starts_at').where('kind', '=', 'group').orderBy('starts_at').execute();
    expect(starts.map((row) => row.starts_at.toISOString())).toEqual(['2026-11-10T10:00:00.000Z', '2026-11-24T10:00:00.000Z']);
  });
});
