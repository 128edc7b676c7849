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
    // The team's overview says the interval it chose, within the policy's range.
    expect((await runCommand(context, people.supervisor!, 'group', CHANNEL)).view.data.text).toContain(
      "North holds group supervision every 2 weeks, as chosen within the London Borough of Bexley, Children's Social Care policy's every 2 weeks to 4 weeks.",
    );
    // Once the first (Tue 10 Nov) has started, the next is made: Tue 24 Nov, 2 weeks on, not 4.
    clock.advance(Date.parse('2026-11-10T11:00:00Z') - clock.now().getTime());
    await new Sweeper(store.db, clock, [groupSessionsProvider(context)]).sweepOnce();
    const starts = await store.db.selectFrom('supervision_session').select('starts_at').where('kind', '=', 'group').orderBy('starts_at').execute();
    expect(starts.map((row) => row.starts_at.toISOString())).toEqual(['2026-11-10T10:00:00.000Z', '2026-11-24T10:00:00.000Z']);
  });

  it('bexley: a cancelled group session not rebooked leaves the team past its 4 weeks, and the supervisor who set the group up is told once, then a week later, never the channel', async () => {
    // Monday 2 November 2026, 10:00 (GMT). Every 4 weeks from Tue 10 Nov: Tue 8 Dec is cancelled and not rebooked.
    const { context, people, clock, store } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-11-02T10:00:00Z' });
    const setUp = await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', interval: '4', duration: '90' },
      CHANNEL,
    );
    expect(setUp.view.data.title).toBe('Group supervision is set up');
    const sweep = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      const sweeper = new Sweeper(store.db, clock, [groupSessionsProvider(context)]);
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
    };
    const told = async () =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute())
        .map((row) => ({ to: row.conversation, payload: row.payload as { text: string; view: { data: { text: string } } } }))
        .filter((row) => row.payload.text.startsWith('Group supervision overdue'))
        .map((row) => `${row.to}: ${row.payload.view.data.text}`);
    await sweep('2026-11-10T11:00:00Z');
    const second = await store.db
      .selectFrom('supervision_session')
      .select('id')
      .where('kind', '=', 'group')
      .orderBy('starts_at', 'desc')
      .executeTakeFirstOrThrow();
    const cancelled = await runAction(context, people.supervisor!, 'group.cancel', {
      sessionId: second.id,
      date: '',
      time: '',
      reason: 'Something else (say in the note)',
      note: 'Team training day',
    });
    expect(cancelled.view.card).toBe('group-rebook');

    // Tue 8 Dec, after the cancelled time: the series goes on (Tue 5 Jan), and it is still the day it was due.
    await sweep('2026-12-08T11:00:00Z');
    expect(await told()).toEqual([]);
    // Wed 9 Dec: 4 weeks since Tue 10 Nov have passed with no session.
    await sweep('2026-12-09T10:00:00Z');
    const first = [
      "U0SUPERV1: North's last group supervision was on Tue 10 Nov 2026; the next was due by Tue 8 Dec 2026 and the session in between was cancelled without being rebooked. The next one booked is Tue 5 Jan 2027 10:00. Please rebook it as soon as you can: /supervision group.",
    ];
    expect(await told()).toEqual(first);
    await sweep('2026-12-11T10:00:00Z');
    expect(await told()).toEqual(first);
    await sweep('2026-12-15T10:00:00Z');
    expect(await told()).toEqual([
      ...first,
      "U0SUPERV1: North's last group supervision was on Tue 10 Nov 2026; the next was due by Tue 8 Dec 2026 and the session in between was cancelled without being rebooked (overdue 1 week). The next one booked is Tue 5 Jan 2027 10:00. Please rebook it as soon as you can: /supervision group.",
    ]);
  });
});
