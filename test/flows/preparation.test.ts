// Preparing for a session, as the packs ask of both people: the supervisor's own preparation card (Bexley
// individual standard two, Islington "How?"), where and how the session is held (Bexley individual standard
// one, Cumberland 10) on the preparation cards and the day's reminder, and the late starts, moves and
// cancellations of the last six months counted for discussion (Bexley individual standard one). On both
// databases, through the chat actions and the reminder sweep.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor } from '../../src/flows/context.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { sessionReminderSource } from '../../src/flows/sessionReminders.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = (cohort: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2024-01-08,U0WORKER1
`;

interface Sent {
  conversation: string;
  text: string;
  lists: { title: string; text: string }[];
}

describe.each(databases)('preparing for supervision on $name', (database) => {
  async function setup(policy: string, cohort: string, start: string, kind = 'case') {
    const setup = await flowSetup(database, { policy, directory: directory(cohort), at: start });
    const { context, clock, store } = setup;
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, [sessionReminderSource(context)])]);
    const sent = async (): Promise<Sent[]> =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => {
        const payload = row.payload as { text: string; view?: { data?: { lists?: { title: string; text: string }[] } } };
        return { conversation: row.conversation, text: payload.text, lists: payload.view?.data?.lists ?? [] };
      });
    const at = async (instant: string) => {
      clock.advance(Date.parse(instant) - clock.now().getTime());
      await sweeper.sweepOnce();
    };
    let bookings = 0;
    const book = async (date: string, time = '10:00') => {
      const bookingId = `0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c${bookings++}`;
      const booked = await runAction(context, setup.people.supervisor!, 'session.book', {
        bookingId,
        replaces: '',
        supervisee: setup.people.worker!.id,
        kind,
        date,
        time,
        duration: '90',
      });
      expect(booked.view.data.title).toBe('Booked');
      return bookingId;
    };
    const change = (verb: string, actor: Actor, sessionId: string, fields: Record<string, string> = {}) =>
      runAction(context, actor, verb, { sessionId, date: '', time: '', reason: 'Urgent work', note: '', ...fields });
    return { ...setup, sent, at, book, change };
  }

  it("sends the supervisor their own preparation card, with the pack's list, the practitioner's open actions and where the session is held (Bexley)", async () => {
    const { people, sent, at, book } = await setup('bexley', 'case-holder', '2026-11-23T10:00:00Z');
    await book('2026-12-01');
    // Two working days before Tue 1 Dec is Fri 27 Nov: both cards come then, none before.
    await at('2026-11-26T16:00:00Z');
    expect((await sent()).filter((message) => message.text.endsWith('time to prepare'))).toEqual([]);
    await at('2026-11-27T12:00:00Z');
    const cards = (await sent()).filter((message) => message.text.endsWith('time to prepare'));
    expect(cards.map((card) => `${card.conversation}: ${card.text}`).sort()).toEqual([
      'U0SUPERV1: Supervision with Social Worker C on Tue 1 Dec 2026 10:00: time to prepare',
      'U0WORKER1: Supervision on Tue 1 Dec 2026 10:00: time to prepare',
    ]);
    const supervisor = cards.find((card) => card.conversation === 'U0SUPERV1')!;
    expect(supervisor.lists.map((list) => list.title)).toEqual(['What to prepare', 'Their open actions', 'Where and how', 'Changes since Wed 27 May 2026']);
    expect(supervisor.lists[0]!.text).toContain("Accurate information about your supervisee's strengths and gaps in performance and capability.");
    expect(supervisor.lists[2]!.text).toBe('Begin punctually, in a private room, with interruptions kept to a minimum.');
    const worker = cards.find((card) => card.conversation === 'U0WORKER1')!;
    expect(worker.lists.map((list) => list.title)).toEqual(['What to bring', 'Your open actions', 'Where and how', 'Changes since Wed 27 May 2026']);
    expect(worker.lists[0]!.text).toContain('Accurate information about developments in your case work and project work.');
    // On the day, each is reminded where and how too.
    await at('2026-12-01T09:00:00Z');
    const today = (await sent()).filter((message) => message.text.startsWith('Supervision today'));
    expect(today.map((message) => message.conversation).sort()).toEqual(['U0SUPERV1', 'U0WORKER1']);
    for (const message of today)
      expect(message.lists).toEqual([{ title: 'Where and how', text: 'Begin punctually, in a private room, with interruptions kept to a minimum.' }]);
    expect(people.supervisor).toBeDefined();
  });

  it('counts the late starts, moves and cancellations of the last six months on both preparation cards, with who made them, for discussion (Bexley)', async () => {
    const { people, context, sent, at, book, change } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    // A session moved by the supervisor, then held late; one cancelled by the supervisor; one the practitioner asked to move (not a move).
    const first = await book('2026-11-04');
    expect((await change('session.move', people.supervisor!, first, { date: '2026-11-05', time: '10:00' })).view.data.title).toBe('Moved');
    await at('2026-11-05T12:00:00Z');
    expect((await runAction(context, people.supervisor!, 'session.held-late', { sessionId: first })).view.data.title).toBe('Marked as held');
    const second = await book('2026-11-18');
    expect((await change('session.cancel', people.supervisor!, second, { reason: 'Illness' })).view.data.title).toBe('Rebook supervision');
    const third = await book('2026-12-01');
    await at('2026-11-27T12:00:00Z');
    const cards = (await sent()).filter((message) => message.text.endsWith('Tue 1 Dec 2026 10:00: time to prepare'));
    const changes = (conversation: string) =>
      cards.find((card) => card.conversation === conversation)!.lists.find((list) => list.title.startsWith('Changes since'))!.text;
    const policy =
      'Frequent lateness, cancellations or interruptions caused by either party should be a matter for discussion. (Bexley supervision policy, individual standard one)';
    expect(changes('U0SUPERV1')).toBe(['- moved: 1 (you 1)', '- started late: 1 (you 1)', '- cancelled: 1 (you 1)', policy].join('  \n'));
    expect(changes('U0WORKER1')).toBe(
      ['- moved: 1 (Practice Supervisor B 1)', '- started late: 1 (Practice Supervisor B 1)', '- cancelled: 1 (Practice Supervisor B 1)', policy].join('  \n'),
    );
    expect(third).toBeDefined();
  });

  it('offers "held, but started late" only where the pack counts late starts, and only to the supervisor', async () => {
    const bexley = await setup('bexley', 'case-holder', '2026-11-23T10:00:00Z');
    const session = await bexley.book('2026-11-24');
    await bexley.at('2026-11-24T12:00:00Z');
    const asked = (await bexley.sent()).find((message) => message.text.startsWith('Was your supervision'));
    expect(asked?.conversation).toBe('U0SUPERV1');
    const outcome = await bexley.store.db
      .selectFrom('outbox')
      .select('payload')
      .where('conversation', '=', 'U0SUPERV1')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((outcome.payload as { view: { data: { buttons: { title: string }[] } } }).view.data.buttons.map((button) => button.title)).toEqual([
      'It was held',
      'Held, but started late',
      'It was not held',
    ]);
    expect((await runAction(bexley.context, bexley.people.worker!, 'session.held-late', { sessionId: session })).view.data.title).toBe(
      "This isn't yours to act on",
    );
    const cumberland = await setup('cumberland', 'staff', '2026-11-23T10:00:00Z', 'personal');
    await cumberland.book('2026-11-24');
    await cumberland.at('2026-11-24T12:00:00Z');
    const plain = await cumberland.store.db
      .selectFrom('outbox')
      .select('payload')
      .where('conversation', '=', 'U0SUPERV1')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect((plain.payload as { view: { data: { buttons: { title: string }[] } } }).view.data.buttons.map((button) => button.title)).toEqual([
      'It was held',
      'It was not held',
    ]);
  });

  it("tells both, on the preparation cards, that supervision is held in a confidential place and notes typed only with the supervisee's agreement (Cumberland)", async () => {
    const { sent, at, book } = await setup('cumberland', 'staff', '2026-11-23T10:00:00Z', 'personal');
    await book('2026-12-01');
    await at('2026-11-27T12:00:00Z');
    const cards = (await sent()).filter((message) => message.text.endsWith('time to prepare'));
    // Cumberland's seed asks nothing of the supervisor's preparation: only the practitioner's card comes.
    expect(cards.map((card) => card.conversation)).toEqual(['U0WORKER1']);
    expect(cards[0]!.lists.find((list) => list.title === 'Where and how')?.text).toBe(
      "Hold supervision in a confidential place. Notes typed up by business support or a PA only with the supervisee's agreement, and in confidence.",
    );
  });

  it("sends Islington's practice supervisor a card to review the cases beforehand: children seen, reviews held, plans in place", async () => {
    const { sent, at, book } = await setup('islington', 'case-holder', '2026-11-23T10:00:00Z');
    await book('2026-12-01');
    await at('2026-11-27T12:00:00Z');
    const supervisor = (await sent()).find((message) => message.conversation === 'U0SUPERV1' && message.text.endsWith('time to prepare'));
    expect(supervisor?.lists[0]).toEqual({
      title: 'What to prepare',
      text: [
        '- Review the cases beforehand, checking whether the children have been seen, whether reviews have taken place and whether plans are in place.',
        '- Covering the basics before the session leaves more time for reflective discussion of the dynamics of each case.',
      ].join('  \n'),
    });
  });
  it('sends a Cafcass Cymru line manager their own preparation card before a PSM, as every line manager giving supervision is expected to prepare', async () => {
    const { sent, at, book } = await setup('cafcass-cymru', 'practitioner', '2026-11-23T10:00:00Z', 'psm');
    await book('2026-12-01');
    await at('2026-11-27T12:00:00Z');
    const supervisor = (await sent()).find((message) => message.conversation === 'U0SUPERV1' && message.text.endsWith('time to prepare'));
    expect(supervisor?.lists.map((list) => list.title)).toEqual(['What to prepare', 'Their open actions']);
    expect(supervisor?.lists[0]!.text).toContain('- Prepare for the session, as every line manager giving supervision is expected to.');
  });
  it("brings the learning from a practice observation to the next PLR's preparation card, and not to the one after (Cafcass 7.3)", async () => {
    const { context, people, sent, at, book, clock } = await setup('cafcass', 'established', '2026-11-02T10:00:00Z', 'observation');
    const observation = await book('2026-11-04');
    clock.advance(Date.parse('2026-11-04T14:00:00Z') - clock.now().getTime());
    expect((await runAction(context, people.supervisor!, 'session.held', { sessionId: observation })).view.data.title).toBe('Marked as held');
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: observation });
    const values = recordValues(form.view, { caseReference: '', actionDue: '2026-12-18' });
    const learning = (form.view.data.fields as { label: string; inputId: string }[]).find((field) =>
      field.label.startsWith('Learning to discuss at the next PLR'),
    )!;
    values[learning.inputId] = "Used the child's own words well; plan the ending of the visit.";
    expect((await runAction(context, people.supervisor!, 'record.save', values)).fieldErrors).toBeUndefined();
    const bookPlr = async (bookingId: string, date: string) => {
      const booked = await runAction(context, people.supervisor!, 'session.book', {
        bookingId,
        supervisee: people.worker!.id,
        kind: 'plr',
        date,
        time: '10:00',
        duration: '90',
      });
      expect(booked.view.data.title).toBe('Booked');
    };
    const PLR = '2c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
    await bookPlr(PLR, '2026-12-01');
    await at('2026-11-27T12:00:00Z');
    const card = (await sent()).find((message) => message.text === 'Supervision on Tue 1 Dec 2026 10:00: time to prepare');
    expect(card?.lists.find((list) => list.title === 'Learning to discuss at the next PLR')?.text).toBe(
      "- Practice observation record, Wed 4 Nov 2026: Used the child's own words well; plan the ending of the visit.",
    );
    // Discussed at that PLR: the next one has nothing brought forward.
    await at('2026-12-01T14:00:00Z');
    expect((await runAction(context, people.supervisor!, 'session.held', { sessionId: PLR })).view.data.title).toBe('Marked as held');
    await bookPlr('3c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4', '2027-03-02');
    await at('2027-02-26T12:00:00Z');
    const next = (await sent()).find((message) => message.text === 'Supervision on Tue 2 Mar 2027 10:00: time to prepare');
    expect(next?.lists.map((list) => list.title)).toEqual(['What to bring', 'Your open actions']);
  });
});
