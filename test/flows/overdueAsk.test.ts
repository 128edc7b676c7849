// Bexley, quality assuring supervision a): "Supervisees who believe they are not receiving supervision ...
// must draw it to the attention of their supervisor and/or ... a next level manager". A supervisee whose
// supervision is overdue is told once, with buttons to ask either; each press is checked again.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { renderCard } from '../../src/cards/render.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-10-05,U0WORKER1
`;

type Payload = { view: { card: string; data: { title: string; text: string } } };

describe.each(databases)("the supervisee's own overdue notice on $name", (database) => {
  it('Bexley QA a): a supervisee whose supervision is overdue is told once, and can ask their supervisor or the next manager', async () => {
    // Started Mon 5 Oct 2026, weekly for 4 weeks: the first was due by Mon 12 Oct and none has been held.
    const { store, clock, context, people } = await flowSetup(database, { policy: 'bexley', directory });
    const sweeper = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);
    const sent = async (conversation: string) =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute())
        .filter((row) => row.conversation === conversation)
        .map((row) => row.payload as Payload);

    await sweeper.sweepOnce();
    const own = (await sent('U0WORKER1')).filter((payload) => payload.view.data.title === 'Your supervision is overdue');
    expect(own.map((payload) => payload.view.data.text)).toEqual([
      "Your formal individual supervision (case management) was due by Mon 12 Oct 2026 and none has been held. The London Borough of Bexley, Children's Social Care policy asks you to raise this with your supervisor or the next manager. Choose who to ask and I will tell them.",
    ]);
    const card = renderCard(own[0]!.view as never) as unknown as { actions: { title: string; verb: string; data: { kind: string; to: string } }[] };
    expect(card.actions.map((action) => action.title)).toEqual(['Ask Practice Supervisor B', 'Ask Service Manager E']);

    // Once for that overdue date: the next day's look says nothing more to them.
    clock.advance(24 * 60 * 60_000);
    await sweeper.sweepOnce();
    expect((await sent('U0WORKER1')).filter((payload) => payload.view.data.title === 'Your supervision is overdue')).toHaveLength(own.length);

    // "Ask Service Manager E": the next manager is told, once however often it is pressed.
    const before = (await sent('U0SERVICE1')).length;
    const asked = await runAction(context, people.worker!, card.actions[1]!.verb, card.actions[1]!.data);
    expect(asked.view.data).toMatchObject({ title: 'Asked', text: 'I have told Service Manager E that your formal individual supervision (case management) is overdue since Mon 12 Oct 2026.' });
    await runAction(context, people.worker!, card.actions[1]!.verb, card.actions[1]!.data);
    const toManager = (await sent('U0SERVICE1')).slice(before);
    expect(toManager.map((payload) => payload.view.data.text)).toEqual([
      "Social Worker C's formal individual supervision (case management) was due by Mon 12 Oct 2026 and none has been held. They ask you, as their supervisor’s manager, to make sure it is booked.",
    ]);

    // Re-checked on the server: someone with nothing overdue who sends the same press tells nobody.
    const refused = await runAction(context, people.supervisor!, card.actions[0]!.verb, card.actions[0]!.data);
    expect(refused.view.data.title).toBe('Nothing to raise');

    // Once held, asking tells nobody.
    await store.db
      .insertInto('supervision_session')
      .values({ id: 's1', organisation_id: 'default', kind: 'case', supervisee_id: people.worker!.id, supervisor_id: null, starts_at: '2026-11-24T09:00:00Z', duration_minutes: 90, status: 'held' })
      .execute();
    const supervisorBefore = (await sent('U0SUPERV1')).length;
    expect((await runAction(context, people.worker!, card.actions[0]!.verb, card.actions[0]!.data)).view.data.title).toBe('Nothing to raise');
    expect(await sent('U0SUPERV1')).toHaveLength(supervisorBefore);
  });
});
