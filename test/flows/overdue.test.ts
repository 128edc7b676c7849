// Sessions missed in a row read as one line, and every screen gives the same date: upcoming, team, the
// booking form and the cadence watch's notice all say since when a kind of supervision is overdue.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { renderCard } from '../../src/cards/render.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import type { SupervisionKind } from '../../src/domain/policy/schema.js';
import { upcoming, team } from '../../src/flows/schedule.js';
import { bookForm } from '../../src/flows/sessions.js';
import { runAction } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

// Islington: case supervision once every calendar month. Started Mon 4 May 2026 and nothing held: by
// Mon 23 Nov 2026, May to October (six months) have been missed.
const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-05-04,U0WORKER1
`;

describe.each(databases)('overdue supervision on $name', (database) => {
  it('reads as one line per kind, overdue since the first missed date with how many were missed, alike in upcoming, team, book and the notice', async () => {
    const { store, clock, context, people } = await flowSetup(database, { policy: 'islington', directory });

    const mine = cardText(renderCard((await upcoming(context, people.worker!)).view));
    const overdueLines = mine.split('\n').filter((line) => line.includes('overdue'));
    expect(overdueLines).toEqual(['Formal one-to-one case supervision (overdue since Fri 29 May 2026, 6 missed)']);
    expect(mine).toContain('Fri 29 May 2026');

    const theirs = cardText(renderCard((await team(context, people.supervisor!)).view));
    expect(theirs).toContain('Formal one-to-one case supervision overdue since Fri 29 May 2026, 6 missed, not booked');

    const booking = cardText(renderCard((await bookForm(context, people.supervisor!)).view));
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
    const worker = people.worker!;
    expect(card.actions).toEqual([{ type: 'Action.Execute', title: 'Book it', verb: 'book.for', data: { supervisee: worker.id } }]);
    expect(renderCard(payloads[1]!.view as never).actions ?? []).toEqual([]);
    const form = await runAction(context, people.supervisor!, 'book.for', card.actions![0]!.data);
    expect(form.view.card).toBe('session-book');
    expect((form.view.data as { values: { supervisee: string } }).values.supervisee).toBe(worker.id);
  });
});

describe('the booking form', () => {
  it('speaks of the kind of supervision chosen, never of another after a refused booking', async () => {
    // Cafcass: an established practitioner owes scheduled case supervision, reflective supervision and
    // performance and learning reviews; the form opens on the first that falls due.
    const staff = directory.replace('case-holder,2026-05-04', 'established,2026-05-04');
    const { context, people, pack: cafcass } = await flowSetup(databases[0]!, { policy: 'cafcass', directory: staff });
    const supervisor = people.supervisor!;
    const opened = (await bookForm(context, supervisor)).view.data as { intro: string; values: { kind: SupervisionKind } };
    const other = (['case', 'personal', 'plr'] as const).find((kind) => kind !== opened.values.kind)!;
    expect(opened.intro.toLowerCase()).toContain(`${cafcass.pack.kinds[opened.values.kind]!.title.toLowerCase()} for social worker c is`);

    const refused = (await bookForm(context, supervisor, { values: { kind: other, date: '2026-12-25' }, errors: { date: 'Choose a working day.' } })).view
      .data as { intro: string; values: { kind: SupervisionKind } };
    expect(refused.values.kind).toBe(other);
    expect(refused.intro.toLowerCase()).not.toContain(cafcass.pack.kinds[opened.values.kind]!.title.toLowerCase());
  });
});

describe.each(databases)('the first look after an import on $name', (database) => {
  it('tells a supervisor of everyone overdue in one summary, and their manager in another, not a notice a person', async () => {
    const team = `${directory}other@example.org,Social Worker D,practitioner,North,supervisor@example.org,case-holder,2026-09-07,U0WORKER2\n`;
    const { store, clock, context } = await flowSetup(database, { policy: 'islington', directory: team });
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
  });
});
