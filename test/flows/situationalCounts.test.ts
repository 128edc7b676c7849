// Cafcass: situational supervision is case supervision at the point of need (2.10); for an established
// practitioner, supervision is "at least monthly" (appendix 2, standard 5 (2)). One held and recorded in
// the month counts as that month's, as the pack's note says: upcoming and the cadence watch agree.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { renderCard } from '../../src/cards/render.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const REQUEST = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2026-05-04,U0WORKER1
`;

describe.each(databases)('situational supervision and the monthly one on $name', (database) => {
  it('Cafcass 2.10: a situational supervision held and recorded in the month counts as that month’s, in upcoming and the cadence watch', async () => {
    // Scheduled case supervision was held on Thu 1 Oct 2026, so the next is due by Fri 30 Oct.
    const { store, clock, context, people } = await flowSetup(database, { policy: 'cafcass', directory, at: '2026-10-28T10:00:00Z' });
    await store.db
      .insertInto('supervision_session')
      .values({
        id: 's-oct',
        organisation_id: 'default',
        kind: 'case',
        supervisee_id: people.worker!.id,
        supervisor_id: people.supervisor!.id,
        starts_at: '2026-10-01T10:00:00Z',
        duration_minutes: 90,
        status: 'held',
      })
      .execute();
    // Wed 28 Oct: the worker raises a trigger, the supervisor talks it through now and records it.
    await raise(context, people.worker!, REQUEST);
    await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
    const form = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST, sessionId: '' });
    const saved = await runAction(context, people.supervisor!, 'record.save', recordValues(form.view, { caseReference: 'CF-204518', actionDue: '2026-11-27' }));
    expect(saved.view.card).not.toBe('record');

    // Mon 23 Nov: the month's supervision was met on 28 Oct; the next is due a month on, by Fri 27 Nov.
    clock.advance(Date.parse('2026-11-23T10:00:00Z') - clock.now().getTime());
    const mine = cardText(renderCard((await runCommand(context, people.worker!, 'upcoming')).view));
    expect(mine).not.toContain('Scheduled case supervision (overdue');
    expect(mine).toContain('Fri 27 Nov 2026\nScheduled case supervision');

    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const notices = (await store.db.selectFrom('outbox').select(['idempotency_key']).execute()).map((row) => row.idempotency_key);
    expect(notices.filter((key) => key.includes(`overdue:${people.worker!.id}:case:`))).toEqual([]);
  });
});
