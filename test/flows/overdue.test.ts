// Sessions missed in a row read as one line, and every screen gives the same date: upcoming, team, the
// booking form and the cadence watch's notice all say since when a kind of supervision is overdue.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { renderCard } from '../../src/cards/render.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import type { SupervisionKind } from '../../src/domain/policy/schema.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { upcoming, team } from '../../src/flows/schedule.js';
import { bookForm } from '../../src/flows/sessions.js';
import { runAction } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

// Islington: case supervision once every calendar month. Started Mon 4 May 2026 and nothing held: by
// Mon 23 Nov 2026, May to October (six months) have been missed.
const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-05-04,U0WORKER1
`;

describe.each(databases)('overdue supervision on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('reads as one line per kind, overdue since the first missed date with how many were missed, alike in upcoming, team, book and the notice', async () => {
    store = await database.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const islington = pack('islington');
    expect((await importDirectory({ db: store.db, pack: islington.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const context: FlowContext = { db: store.db, pack: islington.pack, calendar: islington.calendar, clock };
    const people = new Map((await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]));

    const mine = cardText(renderCard((await upcoming(context, people.get('worker')!)).view));
    const overdueLines = mine.split('\n').filter((line) => line.includes('overdue'));
    expect(overdueLines).toEqual(['Formal one-to-one case supervision (overdue since Fri 29 May 2026, 6 missed)']);
    expect(mine).toContain('Fri 29 May 2026');

    const theirs = cardText(renderCard((await team(context, people.get('supervisor')!)).view));
    expect(theirs).toContain('Formal one-to-one case supervision overdue since Fri 29 May 2026, 6 missed, not booked');

    const booking = cardText(renderCard((await bookForm(context, people.get('supervisor')!)).view));
    expect(booking).toContain('formal one-to-one case supervision for Social Worker C is overdue since Fri 29 May 2026, 6 missed.');

    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const notices = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
      (row) => `${row.conversation}: ${(row.payload as { view: { data: { text: string } } }).view.data.text}`,
    );
    expect(notices).toEqual([
      "U0SUPERV1: Social Worker C's formal one-to-one case supervision has been overdue since Fri 29 May 2026, 6 missed; the latest was due by Fri 30 Oct 2026 (overdue 3 weeks). Please book it as soon as you can: /supervision book.",
      "U0SERVICE1: Social Worker C's formal one-to-one case supervision has been overdue since Fri 29 May 2026, 6 missed; the latest was due by Fri 30 Oct 2026 (overdue 3 weeks). You are told as their supervisor’s manager.",
    ]);

    // The supervisor's notice offers its next step: Book it opens the booking form for that person.
    const payloads = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
      (row) => row.payload as { view: { card: string; data: Record<string, unknown> } },
    );
    const card = renderCard(payloads[0]!.view as never) as { actions?: { title: string; verb: string; data: Record<string, unknown> }[] };
    const worker = people.get('worker')!;
    expect(card.actions).toEqual([{ type: 'Action.Execute', title: 'Book it', verb: 'book.for', data: { supervisee: worker.id } }]);
    expect(renderCard(payloads[1]!.view as never).actions ?? []).toEqual([]);
    const form = await runAction(context, people.get('supervisor')!, 'book.for', card.actions![0]!.data);
    expect(form.view.card).toBe('session-book');
    expect((form.view.data as { values: { supervisee: string } }).values.supervisee).toBe(worker.id);
  });
});

describe('the booking form', () => {
  it('speaks of the kind of supervision chosen, never of another after a refused booking', async () => {
    const store = await databases[0]!.open();
    try {
      // Cafcass: an established practitioner owes scheduled case supervision, reflective supervision and
      // performance and learning reviews; the form opens on the first that falls due.
      const clock = new FakeClock('2026-11-23T10:00:00Z');
      const cafcass = pack('cafcass');
      const staff = directory.replace('case-holder,2026-05-04', 'established,2026-05-04');
      expect((await importDirectory({ db: store.db, pack: cafcass.pack, fileName: 'staff.csv', text: staff, now: clock.now() })).ok).toBe(true);
      const context: FlowContext = { db: store.db, pack: cafcass.pack, calendar: cafcass.calendar, clock };
      const supervisor = (await store.db.selectFrom('person').selectAll().where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow()) as Actor;
      const opened = (await bookForm(context, supervisor)).view.data as { intro: string; values: { kind: SupervisionKind } };
      const other = (['case', 'personal', 'plr'] as const).find((kind) => kind !== opened.values.kind)!;
      expect(opened.intro.toLowerCase()).toContain(`${cafcass.pack.kinds[opened.values.kind]!.title.toLowerCase()} for social worker c is`);

      const refused = (await bookForm(context, supervisor, { values: { kind: other, date: '2026-12-25' }, errors: { date: 'Choose a working day.' } })).view
        .data as { intro: string; values: { kind: SupervisionKind } };
      expect(refused.values.kind).toBe(other);
      expect(refused.intro.toLowerCase()).not.toContain(cafcass.pack.kinds[opened.values.kind]!.title.toLowerCase());
    } finally {
      await store.close();
    }
  });
});

describe.each(databases)('the first look after an import on $name', (database) => {
  it('tells a supervisor of everyone overdue in one summary, and their manager in another, not a notice a person', async () => {
    const store = await database.open();
    try {
      const clock = new FakeClock('2026-11-23T10:00:00Z');
      const islington = pack('islington');
      const team = `${directory}other@example.org,Social Worker D,practitioner,North,supervisor@example.org,case-holder,2026-09-07,U0WORKER2\n`;
      expect((await importDirectory({ db: store.db, pack: islington.pack, fileName: 'staff.csv', text: team, now: clock.now() })).ok).toBe(true);
      const context: FlowContext = { db: store.db, pack: islington.pack, calendar: islington.calendar, clock };
      const sweeper = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);
      await sweeper.sweepOnce();
      const told = async () =>
        (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => ({
          to: row.conversation,
          ...(row.payload as { view: { data: { title: string; facts: unknown[] } } }).view.data,
        }));
      const messages = await told();
      expect(messages.map((message) => message.to)).toEqual(['U0SUPERV1', 'U0SERVICE1']);
      for (const message of messages) {
        expect(message.title).toBe('Supervision is overdue for 2 people');
        expect(message.facts).toEqual([
          { title: 'Social Worker C', value: 'Formal one-to-one case supervision overdue since Fri 29 May 2026, 6 missed' },
          { title: 'Social Worker D', value: 'Formal one-to-one case supervision overdue since Wed 30 Sep 2026, 2 missed' },
        ]);
      }
      // Said once: the next sweeps that day, and the next day, add nothing.
      await sweeper.sweepOnce();
      clock.advance(24 * 60 * 60_000);
      await sweeper.sweepOnce();
      expect(await told()).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
