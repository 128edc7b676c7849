// Issue 19: each cohort's cadence, as the person in it and their supervisor see it in chat. A person's
// cohort and start date come from the directory; `upcoming` lists their next due dates and `team` the
// first of them, and a session held through chat (booked, then marked held) moves what is due next. Each
// test crosses a phase boundary of its cohort, or shows the period the pack counts in.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';

const directoryOf = (cohort: string, start: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Team Manager B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},${start},U0WORKER1
`;

/** The dates `upcoming` lists for the worker, of supervision titled `title` (not the agreement's). */
const dues = async (setup: FlowSetup, title: string) =>
  ((await runAction(setup.context, setup.people.worker!, 'upcoming', {})).view.data.dues as { date: string; what: string }[])
    .filter((due) => due.what === title)
    .map((due) => `${due.date}: ${due.what}`);
/** What `team` says is next for the worker. */
const next = async (setup: FlowSetup) =>
  ((await runAction(setup.context, setup.people.supervisor!, 'team', {})).view.data.supervisees as { name: string; next: string }[])[0]!.next;

/** The supervisor books a session of `kind` on `date` at 10:00, the clock moves to that day at noon, and it is marked held. */
async function holdInChat(setup: FlowSetup, kind: string, date: string) {
  const { context, people, clock } = setup;
  const bookingId = randomUUID();
  const booked = await runAction(context, people.supervisor!, 'session.book', {
    bookingId,
    replaces: '',
    supervisee: people.worker!.id,
    kind,
    date,
    time: '10:00',
    duration: '',
  });
  expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
  clock.advance(Date.parse(`${date}T12:00:00Z`) - clock.now().getTime());
  expect((await runAction(context, people.supervisor!, 'session.held', { sessionId: bookingId })).view.data.title).toBe('Marked as held');
}

describe.each(databases)('cohort cadences in chat on $name', (database) => {
  it('Cafcass returning from absence: fortnightly for the first 6 weeks from the return date, then monthly (4.1, local)', async () => {
    // Back on Mon 23 Nov 2026.
    const setup = await flowSetup(database, { policy: 'cafcass', directory: directoryOf('returning', '2026-11-23') });
    const title = 'Scheduled case supervision';
    expect((await dues(setup, title)).slice(0, 4)).toEqual([
      `Mon 7 Dec 2026: ${title}`,
      `Mon 21 Dec 2026: ${title}`,
      // Six weeks from the return: the last fortnightly one; a month on from it after that.
      `Mon 4 Jan 2027: ${title}`,
      `Thu 4 Feb 2027: ${title}`,
    ]);
    expect(await next(setup)).toBe(`${title} due in 10 working days (by Mon 7 Dec 2026), not booked`);
    // Held on Mon 7 Dec, inside the 6 weeks: the next is a fortnight on.
    await holdInChat(setup, 'case', '2026-12-07');
    expect((await dues(setup, title))[0]).toBe(`Mon 21 Dec 2026: ${title}`);
    // Held on Mon 4 Jan, at 6 weeks: from then on, a month apart.
    await holdInChat(setup, 'case', '2027-01-04');
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Thu 4 Feb 2027: ${title}`, `Thu 4 Mar 2027: ${title}`]);
    expect(await next(setup)).toBe(`${title} due in 23 working days (by Thu 4 Feb 2027), not booked`);
  });

  it('Cafcass practice improvement plan: scheduled case supervision every fortnight, counted from the last held (4.1, local)', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass', directory: directoryOf('improvement-plan', '2026-11-23') });
    const title = 'Scheduled case supervision';
    expect((await dues(setup, title)).slice(0, 4)).toEqual([
      `Mon 7 Dec 2026: ${title}`,
      `Mon 21 Dec 2026: ${title}`,
      `Mon 4 Jan 2027: ${title}`,
      `Mon 18 Jan 2027: ${title}`,
    ]);
    await holdInChat(setup, 'case', '2026-12-02');
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Wed 16 Dec 2026: ${title}`, `Wed 30 Dec 2026: ${title}`]);
    expect(await next(setup)).toBe(`${title} due in 10 working days (by Wed 16 Dec 2026), not booked`);
  });

  it('Cafcass Cymru new practitioner: a PSM monthly for the first 6 months, then one in each calendar quarter (2.11, local)', async () => {
    // Started Wed 1 Jul 2026: 6 months run to Fri 1 Jan 2027.
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: directoryOf('new-practitioner', '2026-07-01') });
    const title = 'Practitioner Support Meeting';
    await holdInChat(setup, 'psm', '2026-11-24');
    // Inside the 6 months: a month after the last one.
    expect(await dues(setup, title)).toEqual([`Thu 24 Dec 2026: ${title}`]);
    // Held on Wed 23 Dec. On Mon 4 Jan 2027, past the 6 months, the next is the first quarter's, by its
    // last working day (Wed 31 Mar), not a month on (Sat 23 Jan).
    await holdInChat(setup, 'psm', '2026-12-23');
    setup.clock.advance(Date.parse('2027-01-04T10:00:00Z') - setup.clock.now().getTime());
    expect(await dues(setup, title)).toEqual([`Wed 31 Mar 2027: ${title}`]);
  });

  it('Cumberland social work student: personal supervision weekly, counted from the last held (section 3)', async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory: directoryOf('student', '2026-11-23') });
    const title = 'Personal supervision';
    expect((await dues(setup, title)).slice(0, 4)).toEqual([
      `Mon 30 Nov 2026: ${title}`,
      `Mon 7 Dec 2026: ${title}`,
      `Mon 14 Dec 2026: ${title}`,
      `Mon 21 Dec 2026: ${title}`,
    ]);
    expect(await next(setup)).toBe(`${title} due in 5 working days (by Mon 30 Nov 2026), not booked`);
    await holdInChat(setup, 'personal', '2026-12-02');
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Wed 9 Dec 2026: ${title}`, `Wed 16 Dec 2026: ${title}`]);
    expect(await next(setup)).toBe(`${title} due in 5 working days (by Wed 9 Dec 2026), not booked`);
  });

  it('Islington ASYE: weekly for 6 weeks, fortnightly to 6 months, then every calendar month (Frequency, local)', async () => {
    const setup = await flowSetup(database, { policy: 'islington', directory: directoryOf('asye', '2026-11-23') });
    const title = 'Formal one-to-one case supervision';
    // Weekly; Mon 28 Dec is a bank holiday, so that week's is due on the working day before (Thu 24 Dec);
    // 6 weeks end on Mon 4 Jan, then a fortnight apart.
    expect((await dues(setup, title)).slice(0, 8)).toEqual([
      `Mon 30 Nov 2026: ${title}`,
      `Mon 7 Dec 2026: ${title}`,
      `Mon 14 Dec 2026: ${title}`,
      `Mon 21 Dec 2026: ${title}`,
      `Thu 24 Dec 2026: ${title}`,
      `Thu 31 Dec 2026: ${title}`,
      `Thu 14 Jan 2027: ${title}`,
      `Thu 28 Jan 2027: ${title}`,
    ]);
    // Held on Wed 6 Jan 2027, after the 6 weeks: a fortnight on.
    await holdInChat(setup, 'case', '2027-01-06');
    expect((await dues(setup, title))[0]).toBe(`Wed 20 Jan 2027: ${title}`);
  });

  it('Islington ASYE: after 6 months, one a calendar month, due by its last working day (Frequency, local)', async () => {
    // Started Mon 18 May 2026: 6 months ended Wed 18 Nov.
    const setup = await flowSetup(database, { policy: 'islington', directory: directoryOf('asye', '2026-05-18') });
    const title = 'Formal one-to-one case supervision';
    await holdInChat(setup, 'case', '2026-11-24');
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Thu 31 Dec 2026: ${title}`, `Fri 29 Jan 2027: ${title}`]);
    expect(await next(setup)).toBe(`${title} due in 25 working days (by Thu 31 Dec 2026), not booked`);
  });

  it('Islington frontline practitioner without case responsibility: supervision every calendar month (Frequency)', async () => {
    // Started Mon 23 Nov 2026: too little of November was left to owe it (the pack's lateStart choice).
    const setup = await flowSetup(database, { policy: 'islington', directory: directoryOf('non-case-holder', '2026-11-23') });
    const title = 'Monthly supervision without case responsibility';
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Thu 31 Dec 2026: ${title}`, `Fri 29 Jan 2027: ${title}`]);
    // Held on Wed 2 Dec: December's is done, and January's is next, by its last working day, not a month on.
    await holdInChat(setup, 'personal', '2026-12-02');
    expect((await dues(setup, title)).slice(0, 2)).toEqual([`Fri 29 Jan 2027: ${title}`, `Fri 26 Feb 2027: ${title}`]);
    expect(await next(setup)).toBe(`${title} due in 39 working days (by Fri 29 Jan 2027), not booked`);
  });
});
