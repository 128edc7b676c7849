// Cumberland section 4: each case's supervision is due on its service area's cadence, counted from its
// allocation and from the last case discussion recorded. The cases come from the case list import; upcoming,
// team and the cadence watch show them by case reference, never a name.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { importCases } from '../../src/cases/importCases.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runAction } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

// Started recently: their own personal supervision is not yet due, so only cases are overdue.
const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
outgoing@example.org,Team Manager B,supervisor,North,service@example.org,,,U0TMB
worker@example.org,Social Worker C,practitioner,North,outgoing@example.org,staff,2026-11-16,U0WORKER1
`;
// On Mon 23 Nov 2026, none discussed since allocation, and supervision is due at allocation (section 4):
// EHM-204518 (child protection, every 4 weeks) allocated Mon 2 Nov was due then, and next by Mon 30 Nov;
// EHM-310077 (cared for after permanence, every 12 weeks) allocated Mon 3 Aug was due then and by Mon 26 Oct;
// EHM-520001 (child protection) allocated Mon 5 Oct was due then and by Mon 2 Nov; 400123 (letter box) has no interval.
const cases = `case_reference,category,worker,allocated_on
EHM-204518,child-protection,worker@example.org,2026-11-02
ehm 310077,cared-for-permanence,WORKER@example.org,2026-08-03
EHM-520001,child-protection,worker@example.org,2026-10-05
400123,letter-box,worker@example.org,2026-09-01
`;
const SESSION = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const textOf = async (setup: FlowSetup, verb: 'upcoming' | 'team', who: 'worker' | 'outgoing') =>
  cardText(renderCard((await runAction(setup.context, setup.people[who]!, verb, {})).view));

const sent = async (setup: FlowSetup) =>
  (await setup.store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => ({
    to: row.conversation,
    ...(row.payload as { view: { data: { title: string; text: string; facts: { title: string; value: string }[] } } }).view.data,
  }));

describe.each(databases)('case supervision by case category on $name', (database) => {
  it("Cumberland: upcoming and team show each case's supervision on its category's cadence, from allocation and from the last case discussion (section 4)", async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory });
    const { context, people, store } = setup;
    expect(await importCases({ db: store.db, pack: context.pack, fileName: 'cases.csv', text: cases, now: setup.clock.now() })).toMatchObject({
      ok: true,
      opened: 4,
    });

    const mine = await textOf(setup, 'upcoming', 'worker');
    expect(mine).toContain('Supervision of your cases');
    expect(mine).toContain(
      'Case EHM-520001\nChild Protection, overdue since Mon 5 Oct 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
    );
    expect(mine).toContain(
      'Case EHM-310077\nCared for following permanence achieved, overdue since Mon 3 Aug 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
    );
    expect(mine).toContain('Case EHM-204518\nChild Protection, overdue since Mon 2 Nov 2026 (supervision at allocation, recorded with the allocation plan)');
    expect(mine).toContain('Case 400123\nLetter Box, Birth Records intermediary, discussed as needed');
    const theirs = await textOf(setup, 'team', 'outgoing');
    expect(theirs).toContain('Supervision of their cases');
    expect(theirs).toContain(
      'Case EHM-310077\nSocial Worker C: Cared for following permanence achieved, overdue since Mon 3 Aug 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
    );
    expect(theirs).toContain(
      'Case EHM-204518\nSocial Worker C: Child Protection, overdue since Mon 2 Nov 2026 (supervision at allocation, recorded with the allocation plan)',
    );

    // EHM-310077 is discussed in a child and family supervision on Tue 1 Dec, recorded under its reference:
    // its next discussion is due 12 weeks on, by Tue 23 Feb 2027.
    const booked = await runAction(context, people.outgoing!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'case',
      date: '2026-12-01',
      time: '10:00',
    });
    expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
    setup.clock.advance(Date.parse('2026-12-01T12:00:00Z') - setup.clock.now().getTime());
    expect((await runAction(context, people.outgoing!, 'session.held', { sessionId: SESSION })).view.data.title).toBe('Marked as held');
    const form = await runAction(context, people.outgoing!, 'record.open', { sessionId: SESSION });
    const saved = await runAction(context, people.outgoing!, 'record.save', recordValues(form.view, { caseReference: 'EHM-310077', actionDue: '2026-12-04' }));
    expect(saved.view.data.title, JSON.stringify(saved.fieldErrors)).toBe('Sent to Social Worker C to sign');
    expect(await store.db.selectFrom('record').select('case_reference').where('session_id', '=', SESSION).execute()).toEqual([
      { case_reference: 'EHM-310077' },
    ]);

    const after = await textOf(setup, 'upcoming', 'worker');
    expect(after).toContain('Case EHM-310077\nCared for following permanence achieved, due by Tue 23 Feb 2027');
    expect(after).toContain(
      'Case EHM-204518\nChild Protection, overdue since Mon 2 Nov 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
    );
    expect(await textOf(setup, 'team', 'outgoing')).toContain(
      'Case EHM-310077\nSocial Worker C: Cared for following permanence achieved, due by Tue 23 Feb 2027',
    );
  });

  it("Cumberland: the cadence watch tells the worker's supervisor of each case overdue, in one summary, once, and no more once it is discussed (section 4)", async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory });
    const { context, people, store, clock } = setup;
    expect((await importCases({ db: store.db, pack: context.pack, fileName: 'cases.csv', text: cases, now: clock.now() })).ok).toBe(true);
    const sweeper = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);

    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    // Three cases overdue: one message to the supervisor, none to their manager, no child's name, only references.
    expect(await sent(setup)).toEqual([
      expect.objectContaining({
        to: 'U0TMB',
        title: 'Supervision is overdue for 1 person',
        facts: [
          {
            title: 'Social Worker C',
            value:
              'Case EHM-310077 (Cared for following permanence achieved) overdue since Mon 3 Aug 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
          },
          {
            title: 'Social Worker C',
            value: 'Case EHM-520001 (Child Protection) overdue since Mon 5 Oct 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
          },
          {
            title: 'Social Worker C',
            value: 'Case EHM-204518 (Child Protection) overdue since Mon 2 Nov 2026 (supervision at allocation, recorded with the allocation plan)',
          },
        ],
      }),
    ]);

    // A week on, both still overdue: told again, once.
    clock.advance(7 * 24 * 60 * 60_000);
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    expect(await sent(setup)).toHaveLength(2);

    // EHM-310077 is discussed on a request for supervision, recorded under its reference.
    const REQUEST = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e';
    expect(
      (await raise(context, people.worker!, REQUEST, { triggerId: 'new-information', caseReference: 'EHM-310077', urgency: 'priority' })).view.data.title,
    ).toBe('Sent to Team Manager B');
    expect((await runAction(context, people.outgoing!, 'trigger.accept', { requestId: REQUEST })).view.data.title).toBe('You accepted this request');
    const form = await runAction(context, people.outgoing!, 'record.open', { requestId: REQUEST });
    const saved = await runAction(context, people.outgoing!, 'record.save', recordValues(form.view, { caseReference: '', actionDue: '2026-12-11' }));
    expect(saved.fieldErrors ?? {}).toEqual({});
    expect(await store.db.selectFrom('record').select('case_reference').execute()).toEqual([{ case_reference: 'EHM-310077' }]);

    // Mon 7 Dec: EHM-204518 fell due again on Mon 30 Nov, EHM-520001 too; EHM-310077 is not mentioned.
    clock.advance(7 * 24 * 60 * 60_000);
    const before = (await sent(setup)).length;
    await sweeper.sweepOnce();
    const latest = (await sent(setup)).slice(before);
    expect(latest).toHaveLength(1);
    expect(latest[0]!.to).toBe('U0TMB');
    expect(latest[0]!.facts.map((fact) => fact.value).sort()).toEqual([
      'Case EHM-204518 (Child Protection) overdue since Mon 2 Nov 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
      'Case EHM-520001 (Child Protection) overdue since Mon 5 Oct 2026, 2 missed (supervision at allocation, recorded with the allocation plan)',
    ]);
  });
});
