// The reminder core: each reminder goes at the person's reminder time on its day, in working hours only;
// a weekend or bank holiday waits for the next working morning; a second sweep or a second replica
// sends nothing again; after downtime a person's missed reminders come as one catch-up notice.
import { afterEach, describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { FlowContext } from '../../src/flows/context.js';
import { remindersProvider, type Reminder, type ReminderSource } from '../../src/flows/reminders.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { day, iso, pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;

type Wanted = Omit<Reminder, 'personId' | 'text' | 'line' | 'view' | 'day'> & { person: 'worker' | 'supervisor'; day: string };

/** A source that lists the given reminders for every day up to the one asked about, as a real one may. */
function fakeSource(wanted: Wanted[], ids: Record<string, string>, calls: { day: string; since: string }[] = []): ReminderSource {
  return {
    name: 'fake',
    async reminders(_db, _now, upTo, since) {
      calls.push({ day: iso(upTo), since: iso(since) });
      return wanted
        .filter((reminder) => day(reminder.day) <= upTo)
        .map(({ person, day: onDay, ...reminder }) => ({
          ...reminder,
          personId: ids[person]!,
          day: day(onDay),
          text: `Reminder ${reminder.key}`,
          line: `Line for ${reminder.key}`,
          view: { card: 'notice', data: { title: `Reminder ${reminder.key}`, text: '', facts: [] } },
        }));
    },
  };
}

describe.each(databases)('reminders on $name', (database) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
  });

  async function setup(start: string, wanted: Wanted[], options: { twoReplicas?: boolean } = {}) {
    const [store, second] = options.twoReplicas ? await database.openTwo() : [await database.open(), undefined];
    stores.push(store, ...(second ? [second] : []));
    const clock = new FakeClock(start);
    const cafcass = pack('cafcass');
    expect((await importDirectory({ db: store.db, pack: cafcass.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const people = await store.db.selectFrom('person').select(['id', 'email']).execute();
    const ids = Object.fromEntries(people.map((person) => [person.email.split('@')[0]!, person.id]));
    const calls: { day: string; since: string }[] = [];
    const sweeperOn = (target: Store) => {
      const context: FlowContext = { db: target.db, pack: cafcass.pack, calendar: cafcass.calendar, clock };
      return new Sweeper(target.db, clock, [remindersProvider(context, [fakeSource(wanted, ids, calls)])]);
    };
    const sweepers = [sweeperOn(store), ...(second ? [sweeperOn(second)] : [])];
    /** What each person was sent, in order: "conversation: notification text". */
    const sent = async () =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
        (row) => `${row.conversation}: ${(row.payload as { text: string }).text}`,
      );
    const at = async (instant: string) => {
      clock.advance(Date.parse(instant) - clock.now().getTime());
      for (const sweeper of sweepers) await sweeper.sweepOnce();
    };
    return { store, clock, ids, sent, at, sweepers, calls };
  }

  it("sends each reminder at the person's own time, else at the start of working hours", async () => {
    const { store, ids, sent, at } = await setup('2026-11-23T07:00:00Z', [
      { key: 'r:worker', person: 'worker', day: '2026-11-23' },
      { key: 'r:supervisor', person: 'supervisor', day: '2026-11-23' },
    ]);
    await store.db.updateTable('person').set({ reminder_time: '14:30' }).where('id', '=', ids.supervisor!).execute();
    await at('2026-11-23T08:59:00Z'); // London is on GMT in November
    expect(await sent()).toEqual([]);
    await at('2026-11-23T09:00:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:worker']);
    await at('2026-11-23T14:29:00Z');
    expect(await sent()).toHaveLength(1);
    await at('2026-11-23T14:30:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:worker', 'U0SUPERV1: Reminder r:supervisor']);
  });

  it('keeps a reminder due on Christmas Day or Boxing Day 2026 for the next working morning, Tuesday 29 December', async () => {
    const { sent, at } = await setup('2026-12-24T16:00:00Z', [
      { key: 'r:christmas', person: 'worker', day: '2026-12-25' },
      { key: 'r:boxing-day', person: 'supervisor', day: '2026-12-26' },
    ]);
    for (const instant of ['2026-12-25T10:00:00Z', '2026-12-26T10:00:00Z', '2026-12-28T10:00:00Z', '2026-12-29T08:59:00Z']) {
      await at(instant);
      expect(await sent(), instant).toEqual([]);
    }
    await at('2026-12-29T09:00:00Z');
    // Each on its own, as on its day: nothing was missed.
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:christmas', 'U0SUPERV1: Reminder r:boxing-day']);
  });

  it('sends nothing outside working hours, and takes a stored time outside them as the start of the day', async () => {
    const { store, ids, sent, at } = await setup('2026-11-27T16:00:00Z', [
      { key: 'r:friday', person: 'worker', day: '2026-11-27' },
      { key: 'r:monday', person: 'supervisor', day: '2026-11-30' },
    ]);
    // The worker's time came from an earlier pack with longer hours; the supervisor's is 07:30.
    await store.db.updateTable('person').set({ reminder_time: '18:30' }).where('id', '=', ids.worker!).execute();
    await store.db.updateTable('person').set({ reminder_time: '07:30' }).where('id', '=', ids.supervisor!).execute();
    await at('2026-11-27T16:00:00Z'); // Friday, in hours: the worker's 18:30 is taken as 09:00
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:friday']);
    for (const instant of ['2026-11-27T17:00:00Z', '2026-11-28T10:00:00Z', '2026-11-30T07:30:00Z', '2026-11-30T08:59:00Z']) {
      await at(instant);
      expect(await sent(), instant).toHaveLength(1);
    }
    await at('2026-11-30T09:00:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:friday', 'U0SUPERV1: Reminder r:monday']);
  });

  it('sends each reminder once across sweeps and across two replicas on one database', async () => {
    const { sent, at, sweepers } = await setup(
      '2026-11-23T09:30:00Z',
      [
        { key: 'r:1', person: 'worker', day: '2026-11-23' },
        { key: 'r:2', person: 'supervisor', day: '2026-11-23' },
      ],
      { twoReplicas: true },
    );
    expect(sweepers).toHaveLength(2);
    await Promise.all(sweepers.map((sweeper) => sweeper.sweepOnce()));
    await at('2026-11-23T09:31:00Z');
    await at('2026-11-23T15:00:00Z');
    expect((await sent()).sort()).toEqual(['U0SUPERV1: Reminder r:2', 'U0WORKER1: Reminder r:1']);
  });

  it("merges a person's reminders missed over days of downtime into one catch-up notice, and never sends them again", async () => {
    const { store, sent, at } = await setup('2026-11-23T09:00:00Z', [
      { key: 'r:mon', person: 'worker', day: '2026-11-23' },
      { key: 'r:supervisor-mon', person: 'supervisor', day: '2026-11-23' },
      { key: 'r:tue', person: 'worker', day: '2026-11-24', followUp: { title: 'My open actions', verb: 'actions' } },
      { key: 'r:wed', person: 'worker', day: '2026-11-25', followUp: { title: 'My open actions', verb: 'actions' } },
      { key: 'r:wed-gone', person: 'worker', day: '2026-11-25', stillWanted: async () => false },
      { key: 'r:wed-expired', person: 'worker', day: '2026-11-25', until: new Date('2026-11-25T12:00:00Z') },
      { key: 'r:supervisor-tue', person: 'supervisor', day: '2026-11-24' },
      { key: 'r:thu', person: 'worker', day: '2026-11-26' },
    ]);
    await at('2026-11-23T09:00:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:mon', 'U0SUPERV1: Reminder r:supervisor-mon']);
    // The bot is down from Monday 10:00 until Thursday 10:00.
    await at('2026-11-26T10:00:00Z');
    expect(await sent()).toEqual([
      'U0WORKER1: Reminder r:mon',
      'U0SUPERV1: Reminder r:supervisor-mon',
      'U0WORKER1: Reminder r:thu', // on its day, so on its own
      'U0WORKER1: 2 reminders you may have missed',
      'U0SUPERV1: Reminder r:supervisor-tue', // one missed: on its own, with its own buttons
    ]);
    const notice = await store.db
      .selectFrom('outbox')
      .select('payload')
      .where('conversation', '=', 'U0WORKER1')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const view = (notice.payload as { view: View }).view;
    expect(view).toMatchObject({ card: 'notice', data: { facts: [{ value: 'Line for r:tue' }, { value: 'Line for r:wed' }] } });
    // One button to where they can be acted on, however many reminders lead there.
    expect(renderCard(view).actions).toEqual([{ type: 'Action.Execute', title: 'My open actions', verb: 'actions', data: {} }]);
    const plain = renderCard({ card: 'notice', data: { title: 'A notice', text: 'Without buttons.', facts: [] } });
    expect(plain.actions).toEqual([]);
    await at('2026-11-26T11:00:00Z');
    await at('2026-11-27T09:00:00Z');
    expect(await sent()).toHaveLength(5);
  });

  it('keeps a long catch-up to twenty lines, inside what Slack and Teams show', async () => {
    const missed = Array.from({ length: 25 }, (_, index) => ({ key: `r:${String(index).padStart(2, '0')}`, person: 'worker' as const, day: '2026-11-24' }));
    const { store, sent, at } = await setup('2026-11-23T09:00:00Z', missed);
    await at('2026-11-23T09:00:00Z');
    await at('2026-11-26T09:00:00Z');
    expect(await sent()).toEqual(['U0WORKER1: 25 reminders you may have missed']);
    const notice = await store.db.selectFrom('outbox').select('payload').executeTakeFirstOrThrow();
    const view = (notice.payload as { view: View }).view;
    expect(view.data.text).toBe('The bot could not send these on their day. The first 20 are below; 5 more are not shown.');
    expect(view.data.facts).toHaveLength(20);
    expect(toBlockKit('notice', renderCard(view)).kind).toBe('message');
    await at('2026-11-27T09:00:00Z');
    expect(await sent()).toHaveLength(1); // the five not shown are not sent later either
  });

  it('drops a reminder whose moment has passed and one no longer wanted', async () => {
    const { sent, at } = await setup('2026-11-23T08:00:00Z', [
      { key: 'r:expired', person: 'worker', day: '2026-11-23', until: new Date('2026-11-23T08:30:00Z') },
      { key: 'r:unwanted', person: 'worker', day: '2026-11-23', stillWanted: async () => false },
      { key: 'r:kept', person: 'supervisor', day: '2026-11-23', until: new Date('2026-11-23T12:00:00Z') },
    ]);
    await at('2026-11-23T09:00:00Z');
    await at('2026-11-24T09:00:00Z');
    expect(await sent()).toEqual(['U0SUPERV1: Reminder r:kept']);
  });

  it("does not hold up others' reminders for one that cannot be checked; that one goes on the next sweep, once", async () => {
    let broken = true;
    const { sent, at } = await setup('2026-11-23T08:00:00Z', [
      { key: 'r:worker', person: 'worker', day: '2026-11-23' },
      {
        key: 'r:failing',
        person: 'supervisor',
        day: '2026-11-23',
        stillWanted: async () => {
          if (broken) throw new Error('lookup failed');
          return true;
        },
      },
      { key: 'r:supervisor', person: 'supervisor', day: '2026-11-23' },
    ]);
    await at('2026-11-23T09:00:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:worker', 'U0SUPERV1: Reminder r:supervisor']);
    broken = false;
    await at('2026-11-23T09:01:00Z');
    await at('2026-11-23T09:02:00Z');
    expect(await sent()).toEqual(['U0WORKER1: Reminder r:worker', 'U0SUPERV1: Reminder r:supervisor', 'U0SUPERV1: Reminder r:failing']);
  });

  it('tells each source since which day it must look: the last day reminders were swept', async () => {
    const { at, calls } = await setup('2026-11-23T09:00:00Z', [{ key: 'r:mon', person: 'worker', day: '2026-11-23' }]);
    await at('2026-11-23T09:00:00Z'); // the first sweep ever: only today
    await at('2026-11-23T09:01:00Z'); // the sources' list of 09:00 still serves
    await at('2026-11-23T09:30:00Z'); // refreshed after half an hour
    await at('2026-11-24T09:00:00Z');
    await at('2026-11-27T09:00:00Z'); // down Wednesday and Thursday
    expect(calls).toEqual([
      { day: '2026-11-23', since: '2026-11-23' },
      { day: '2026-11-23', since: '2026-11-23' },
      { day: '2026-11-24', since: '2026-11-23' },
      { day: '2026-11-27', since: '2026-11-24' },
    ]);
  });
});
