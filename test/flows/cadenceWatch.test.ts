// Overdue scheduled supervision: the supervisor and their manager are told once, then weekly while it
// stays overdue, and no more once a session is held.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { FlowContext } from '../../src/flows/context.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-10-05,U0WORKER1
`;

describe.each(databases)('cadence watch on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('tells the supervisor and their manager once, then weekly, and stops when a session is held', async () => {
    store = await database.open();
    // Islington: case supervision once every calendar month. Started Mon 5 Oct 2026; nothing held,
    // so October's (due Fri 30 Oct) is overdue on Mon 23 Nov 2026.
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const islington = pack('islington');
    expect((await importDirectory({ db: store.db, pack: islington.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const context: FlowContext = { db: store.db, pack: islington.pack, calendar: islington.calendar, clock };
    const sweeper = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);
    const notices = async () =>
      (await store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute()).map(
        (row) => `${row.conversation}: ${(row.payload as { view: { data: { text: string } } }).view.data.text}`,
      );

    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    expect(await notices()).toEqual([
      "U0SUPERV1: Social Worker C's formal one-to-one case supervision was due by Fri 30 Oct 2026 and none has been held (overdue 3 weeks). Please book it as soon as you can: /supervision book.",
      "U0SERVICE1: Social Worker C's formal one-to-one case supervision was due by Fri 30 Oct 2026 and none has been held (overdue 3 weeks). You are told as their supervisor’s manager.",
    ]);
    clock.advance(2 * 24 * 60 * 60_000);
    await sweeper.sweepOnce();
    expect(await notices()).toHaveLength(2);
    clock.advance(5 * 24 * 60 * 60_000); // a week on: Mon 30 Nov
    await sweeper.sweepOnce();
    expect((await notices()).slice(2)).toEqual([
      "U0SUPERV1: Social Worker C's formal one-to-one case supervision was due by Fri 30 Oct 2026 and none has been held (overdue 4 weeks). Please book it as soon as you can: /supervision book.",
      "U0SERVICE1: Social Worker C's formal one-to-one case supervision was due by Fri 30 Oct 2026 and none has been held (overdue 4 weeks). You are told as their supervisor’s manager.",
    ]);

    // A session is held on Tue 1 Dec: the next is due by the end of December, so nothing more is said.
    const worker = await store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    await store.db
      .insertInto('supervision_session')
      .values({
        id: 's1',
        organisation_id: 'default',
        kind: 'case',
        supervisee_id: worker.id,
        supervisor_id: null,
        starts_at: '2026-12-01T10:00:00Z',
        duration_minutes: 180,
        status: 'held',
      })
      .execute();
    clock.advance(7 * 24 * 60 * 60_000);
    await sweeper.sweepOnce();
    expect(await notices()).toHaveLength(4);
  });

  it('pauses during leave, then tells the supervisor once on the return, with the gap recorded (Islington)', async () => {
    store = await database.open();
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const islington = pack('islington');
    expect((await importDirectory({ db: store.db, pack: islington.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const context: FlowContext = { db: store.db, pack: islington.pack, calendar: islington.calendar, clock };
    const sweeper = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);
    const worker = await store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    // October and November were held; December's (due by Thu 31 Dec) falls in leave from Mon 14 Dec to Fri 8 Jan.
    for (const [id, at] of [
      ['s-oct', '2026-10-20T10:00:00Z'],
      ['s-nov', '2026-11-10T10:00:00Z'],
    ] as const)
      await store.db
        .insertInto('supervision_session')
        .values({ id, organisation_id: 'default', kind: 'case', supervisee_id: worker.id, supervisor_id: null, starts_at: at, duration_minutes: 180, status: 'held' })
        .execute();
    await store.db
      .insertInto('absence')
      .values({ id: 'leave-1', person_id: worker.id, from_date: '2026-12-14', to_date: '2027-01-08', recorded_by: worker.id, recorded_at: clock.now() })
      .execute();
    const texts = async () =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
        (row) => `${row.conversation}: ${(row.payload as { view: { data: { text: string } } }).view.data.text}`,
      );
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      return texts();
    };
    expect(await at('2027-01-04T10:00:00Z')).toEqual([]); // on leave, with December's due passed: nothing
    const back = [
      "U0SUPERV1: They were away from Mon 14 Dec 2026 to Fri 8 Jan 2027, when their formal one-to-one case supervision fell due (by Thu 31 Dec 2026). It is now due by Fri 15 Jan 2027: book it as a priority. The London Borough of Islington, Targeted and Specialist Children and Family Services policy asks that the gap is recorded on the LCS record and in the next supervision record.",
    ];
    expect(await at('2027-01-11T10:00:00Z')).toEqual(back); // first working day back; due the fifth working day back
    expect(await at('2027-01-12T10:00:00Z')).toEqual(back); // once
    const gap = await store.db.selectFrom('audit_log').select(['action', 'object_id', 'detail']).where('action', '=', 'supervision.gap').execute();
    expect(gap).toEqual([
      { action: 'supervision.gap', object_id: worker.id, detail: { kind: 'case', dueBy: '2026-12-31', leaveFrom: '2026-12-14', leaveTo: '2027-01-08' } },
    ]);
    // Not booked by then: overdue from Mon 18 Jan, to the supervisor and their manager.
    expect((await at('2027-01-18T10:00:00Z')).slice(1)).toEqual([
      "U0SUPERV1: Social Worker C's formal one-to-one case supervision was due by Fri 15 Jan 2027 and none has been held. Please book it as soon as you can: /supervision book.",
      "U0SERVICE1: Social Worker C's formal one-to-one case supervision was due by Fri 15 Jan 2027 and none has been held. You are told as their supervisor’s manager.",
    ]);
  });
});
