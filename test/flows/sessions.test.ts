// Booking scheduled supervision and its reminders, on both databases, with the clock moved by hand:
// book (bad dates answered by the field), the practitioner told, preparation two working days before,
// both reminded on the day, the supervisor asked afterwards whether it was held; moved and cancelled
// sessions; someone else's click refused; a double click changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { sessionReminderSource } from '../../src/flows/sessionReminders.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
other@example.org,Practice Supervisor G,supervisor,North,service@example.org,,,U0SUPERV2
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-10-05,U0WORKER1
`;
const BOOKING = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
const REBOOKING = '1d8e6f2b-4c6a-4b3d-9e7f-8091a2b3c4d5';
const HOUR = 60 * 60_000;

describe.each(databases)('scheduled sessions on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup() {
    store = await database.open();
    // Monday 30 November 2026, 10:00 London time (GMT). Islington: case supervision every calendar month.
    const clock = new FakeClock('2026-11-30T10:00:00Z');
    const islington = pack('islington');
    expect((await importDirectory({ db: store.db, pack: islington.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: islington.pack, calendar: islington.calendar, clock };
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, [sessionReminderSource(context)])]);
    const sent = async () =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
        (row) => `${row.conversation}: ${(row.payload as { text: string }).text}`,
      );
    const book = (overrides: Record<string, unknown> = {}) =>
      runAction(context, people.supervisor!, 'session.book', {
        bookingId: BOOKING,
        replaces: '',
        supervisee: people.worker!.id,
        kind: 'case',
        date: '2026-12-08',
        time: '10:00',
        duration: '',
        ...overrides,
      });
    return { clock, context, people, sweeper, sent, book };
  }

  it('counts what is due from the latest session held, in upcoming and in the team view alike', async () => {
    const { context, people } = await setup();
    const held = (id: string, day: string) =>
      store.db
        .insertInto('supervision_session')
        .values({
          id,
          organisation_id: 'default',
          kind: 'case',
          supervisee_id: people.worker!.id,
          supervisor_id: people.supervisor!.id,
          starts_at: new Date(`${day}T10:00:00Z`),
          duration_minutes: 180,
          status: 'held',
          booked_by: people.supervisor!.id,
          created_at: new Date(`${day}T09:00:00Z`),
          updated_at: new Date(`${day}T13:00:00Z`),
        })
        .execute();
    // October's and November's held: December's is next, due by its last working day. Had only October's
    // counted, November's would show as overdue.
    await held('held-oct', '2026-10-20');
    await held('held-nov', '2026-11-10');
    const dues = ((await runCommand(context, people.worker!, 'upcoming')).view.data.dues as { date: string; what: string }[]).slice(0, 2);
    expect(dues).toEqual([
      { date: 'Thu 31 Dec 2026', what: 'Formal one-to-one case supervision' },
      { date: 'Fri 29 Jan 2027', what: 'Formal one-to-one case supervision' },
    ]);
    expect((await runCommand(context, people.supervisor!, 'team')).view.data.supervisees).toEqual([
      { name: 'Social Worker C', next: 'Formal one-to-one case supervision due in 21 working days (by Thu 31 Dec 2026), not booked' },
    ]);
  });

  it('books a session, refuses bad times by their field, and tells the practitioner once', async () => {
    const { context, people, sent, book } = await setup();
    const form = await runCommand(context, people.supervisor!, 'book');
    expect(form.view.card).toBe('session-book');
    expect(form.view.data.intro).toContain('formal one-to-one case supervision for Social Worker C is overdue since Fri 30 Oct 2026');
    expect(await runCommand(context, people.worker!, 'book')).toMatchObject({ view: { data: { title: 'Only for supervisors' } } });

    expect((await book({ date: '2026-12-25' })).fieldErrors).toEqual({ date: 'Choose a working day: Fri 25 Dec 2026 is a weekend or a bank holiday.' });
    expect((await book({ date: '2026-11-27' })).fieldErrors).toEqual({ date: 'Choose a time that has not passed yet.' });
    expect((await book({ time: '17:30' })).fieldErrors).toEqual({ time: 'Choose a start within working hours, from 09:00 to before 17:00.' });
    expect((await book({ supervisee: people.service!.id })).fieldErrors).toEqual({ supervisee: 'Choose someone you supervise.' });
    expect(await sent()).toEqual([]);

    const booked = await book();
    expect(booked.view.card).toBe('session');
    expect(booked.view.data.facts).toContainEqual({ title: 'When', value: 'Tue 8 Dec 2026 10:00, 180 minutes' });
    expect((await book()).view.data.title).toBe('Already booked');
    expect(
      await runAction(context, people.other!, 'session.book', {
        bookingId: BOOKING,
        supervisee: people.worker!.id,
        kind: 'case',
        date: '2026-12-08',
        time: '10:00',
      }),
    ).toMatchObject({ view: { data: { title: "This isn't yours to act on" } } });
    expect(await sent()).toEqual(['U0WORKER1: Supervision booked for Tue 8 Dec 2026 10:00']);

    expect((await runCommand(context, people.supervisor!, 'team')).view.data.supervisees).toEqual([
      { name: 'Social Worker C', next: 'Formal one-to-one case supervision overdue since Fri 30 Oct 2026, booked for Tue 8 Dec 2026 10:00' },
    ]);
    expect((await runCommand(context, people.worker!, 'upcoming')).view.data.booked).toEqual([
      { date: 'Tue 8 Dec 2026 10:00', what: 'Formal one-to-one case supervision, 180 minutes' },
    ]);
    // Away from today until Fri 11 Dec: November's supervision, due today, is due within 5 working days of
    // the return (Mon 14 Dec), as the pack's leave rule says; October's was overdue before the leave began.
    const dues = async () => ((await runCommand(context, people.worker!, 'upcoming')).view.data.dues as { date: string }[]).slice(0, 2).map((due) => due.date);
    expect(await dues()).toEqual(['Fri 30 Oct 2026', 'Mon 30 Nov 2026']);
    await store.db
      .insertInto('absence')
      .values({
        id: 'leave-1',
        person_id: people.worker!.id,
        from_date: '2026-11-30',
        to_date: '2026-12-11',
        recorded_by: people.supervisor!.id,
        recorded_at: context.clock.now(),
      })
      .execute();
    expect(await dues()).toEqual(['Fri 30 Oct 2026', 'Fri 18 Dec 2026']);
  });

  it('reminds the practitioner to prepare two working days before, both on the day, and asks the supervisor afterwards', async () => {
    const { clock, context, people, sweeper, sent, book } = await setup();
    await book();
    // The practitioner chose 10:30 for reminders; the session starts at 10:00, so on the day theirs comes at 09:00.
    await context.db.updateTable('person').set({ reminder_time: '10:30' }).where('id', '=', people.worker!.id).execute();
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
      return (await sent()).slice(1);
    };
    expect(await at('2026-12-03T16:00:00Z')).toEqual([]);
    // Islington's practice supervisor prepares too: their card comes at the start of their working day.
    const supervisorPrepares = ['U0SUPERV1: Supervision with Social Worker C on Tue 8 Dec 2026 10:00: time to prepare'];
    expect(await at('2026-12-04T08:59:00Z')).toEqual([]);
    expect(await at('2026-12-04T10:29:00Z')).toEqual(supervisorPrepares);
    const prepare = [...supervisorPrepares, 'U0WORKER1: Supervision on Tue 8 Dec 2026 10:00: time to prepare'];
    expect(await at('2026-12-04T10:30:00Z')).toEqual(prepare);
    const payload = (await context.db.selectFrom('outbox').select('payload').orderBy('id', 'desc').executeTakeFirstOrThrow()).payload as {
      view: { data: { lists: { title: string; text: string }[] } };
    };
    expect(payload.view.data.lists.map((list) => list.title)).toEqual(['What to bring', 'Your open actions']);
    expect(payload.view.data.lists[0]!.text).toContain('Decide in advance which cases need a more in-depth discussion.');
    expect(await at('2026-12-05T10:30:00Z')).toEqual(prepare); // Saturday: nothing
    expect(await at('2026-12-08T08:59:00Z')).toEqual(prepare); // before working hours
    const today = ['U0WORKER1: Supervision today at 10:00', 'U0SUPERV1: Supervision today at 10:00'];
    expect(await at('2026-12-08T09:00:00Z')).toEqual([...prepare, ...today]);
    expect(await at('2026-12-08T12:59:00Z')).toEqual([...prepare, ...today]);
    const asked = ['U0SUPERV1: Was your supervision with Social Worker C held?'];
    expect(await at('2026-12-08T13:00:00Z')).toEqual([...prepare, ...today, ...asked]);

    const session = { sessionId: BOOKING };
    expect(await runAction(context, people.worker!, 'session.held', session)).toMatchObject({ view: { data: { title: "This isn't yours to act on" } } });
    const held = await runAction(context, people.supervisor!, 'session.held', session);
    expect(held.view.data.title).toBe('Marked as held');
    // Islington: records within 5 working days; the next calendar month's supervision is due by the end of January.
    expect(held.view.data.text).toBe(
      'Record it by Tue 15 Dec 2026 23:59 (London Borough of Islington, Targeted and Specialist Children and Family Services policy: 5 working days). The next formal one-to-one case supervision is due by Fri 29 Jan 2027: book it with /supervision book.',
    );
    expect((await runAction(context, people.supervisor!, 'session.held', session)).view.data.title).toBe('Nothing to change');
    // 15 working days left in December (Christmas Day and the Boxing Day holiday on Mon 28 Dec out), 20 in January (New Year's Day out).
    expect((await runCommand(context, people.supervisor!, 'team')).view.data.supervisees).toEqual([
      { name: 'Social Worker C', next: 'Formal one-to-one case supervision due in 35 working days (by Fri 29 Jan 2027), not booked' },
    ]);
    expect(await at('2026-12-09T13:00:00Z')).toEqual([...prepare, ...today, ...asked]);
  });

  it('asks about a session booked and held on the same day within half an hour of its end, with no reminders before it', async () => {
    const { clock, sweeper, sent, book } = await setup();
    await sweeper.sweepOnce(); // Monday 10:00: the day's reminders listed, before the booking
    expect((await book({ date: '2026-11-30', time: '11:00', duration: '60' })).view.card).toBe('session');
    for (const minutes of [60, 119, 120]) {
      clock.advance(Date.parse('2026-11-30T10:00:00Z') + minutes * 60_000 - clock.now().getTime());
      await sweeper.sweepOnce();
    }
    expect(await sent()).toEqual(['U0WORKER1: Supervision booked for Mon 30 Nov 2026 11:00', 'U0SUPERV1: Was your supervision with Social Worker C held?']);
  });

  it('moves a session with a reason (fresh reminders for the new day), and a cancelled one asks to be rebooked', async () => {
    const { clock, context, people, sweeper, sent, book } = await setup();
    await book();
    const change = (verb: string, actor: Actor, overrides: Record<string, unknown> = {}) =>
      runAction(context, actor, verb, { sessionId: BOOKING, date: '2026-12-09', time: '14:00', reason: 'Urgent work', note: '', ...overrides });
    expect(await change('session.move', people.worker!)).toMatchObject({ view: { data: { title: "This isn't yours to act on" } } });
    expect((await change('session.move', people.supervisor!, { reason: 'Bored' })).fieldErrors).toEqual({
      reason: 'Choose one of: Illness; Urgent work; Leave; Something else (say in the note).',
    });
    expect((await change('session.move', people.supervisor!, { date: '2026-12-12' })).fieldErrors).toEqual({
      date: 'Choose a working day: Sat 12 Dec 2026 is a weekend or a bank holiday.',
    });
    const moved = await change('session.move', people.supervisor!);
    expect(moved.view.data.title).toBe('Moved');
    expect((await change('session.move', people.supervisor!)).view.data.title).toBe('Already at that time');

    const asked = await change('session.request-move', people.worker!, { date: '', time: '', reason: 'Leave' });
    expect(asked.view.data.title).toBe('Asked');
    await change('session.request-move', people.worker!, { date: '', time: '', reason: 'Leave' });
    expect(await sent()).toEqual([
      'U0WORKER1: Supervision booked for Tue 8 Dec 2026 10:00',
      'U0WORKER1: Supervision moved to Wed 9 Dec 2026 14:00',
      'U0SUPERV1: Social Worker C asks to move a supervision session',
    ]);

    // Nothing on the old day; on the new day both are reminded.
    clock.advance(Date.parse('2026-12-08T12:00:00Z') - clock.now().getTime());
    await sweeper.sweepOnce();
    expect((await sent()).slice(3)).toEqual([
      'U0WORKER1: Supervision on Wed 9 Dec 2026 14:00: time to prepare',
      'U0SUPERV1: Supervision with Social Worker C on Wed 9 Dec 2026 14:00: time to prepare',
    ]);

    const cancelled = await change('session.cancel', people.supervisor!, { reason: 'Illness' });
    expect(cancelled.view.card).toBe('session-book');
    expect(cancelled.view.data.title).toBe('Rebook supervision');
    expect(cancelled.view.data.replaces).toBe(BOOKING);
    expect(cancelled.view.data.intro).toContain('Cancelled, and they have been told.');
    expect((await sent()).slice(5)).toEqual(['U0WORKER1: A supervision session was cancelled']);
    clock.advance(24 * HOUR); // Wed 9 Dec 12:00: a cancelled session is not reminded
    await sweeper.sweepOnce();
    expect(await sent()).toHaveLength(6);

    const rebooked = await book({ bookingId: REBOOKING, replaces: BOOKING, date: '2026-12-14', time: '11:00' });
    expect(rebooked.view.data.title).toBe('Booked');
    const row = await context.db.selectFrom('supervision_session').selectAll().where('id', '=', REBOOKING).executeTakeFirstOrThrow();
    expect(row.replaces_session_id).toBe(BOOKING);
  });

  it('offers a booked session as a calendar file to either person, and to nobody else', async () => {
    const { context, people, book } = await setup();
    await book();
    const offer = await runAction(context, people.worker!, 'session.calendar', { sessionId: BOOKING });
    expect(offer.file).toMatchObject({ sessionId: BOOKING, name: 'supervision-2026-12-08.ics' });
    expect((await runAction(context, people.other!, 'session.calendar', { sessionId: BOOKING })).view.data.title).toBe("This isn't yours to act on");
    const { takeFile } = await import('../../src/flows/files.js');
    const taken = await takeFile(context, people.worker!, { sessionId: BOOKING });
    if (!taken.ok) throw new Error('not taken');
    expect(taken.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'BEGIN:VEVENT',
        `UID:${BOOKING}@supervision-bot`,
        'SEQUENCE:1',
        'DTSTART:20261208T100000Z',
        'DTEND:20261208T130000Z',
        'SUMMARY:Supervision: Formal one-to-one case supervision with Practice Supervisor B',
        'STATUS:CONFIRMED',
      ]),
    );
    expect(offer.file!.bytes).toBe(Buffer.byteLength(taken.text));
    expect((await takeFile(context, people.other!, { sessionId: BOOKING })).ok).toBe(false);
    const audit = await context.db.selectFrom('audit_log').select(['action', 'actor_id']).where('object_id', '=', BOOKING).orderBy('id').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['session.book', 'session.calendar.refused', 'session.calendar', 'session.calendar.refused']);
  });
});
