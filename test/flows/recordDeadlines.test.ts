// When a trigger's record is due, through the chat flows, on both databases: "immediately" counts from the
// end of the discussion (Cumberland 4), overdue notices wait for working hours, clock-hour deadlines that end
// on a bank holiday are reminded on the last working day before, a significant decision recorded as case
// supervision keeps the significant deadline (Bexley), and the record card, the saved record, the reminder
// and the overdue notices all give the same one deadline.
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { recordDeadlineProvider, sessionRecordDeadlineProvider } from '../../src/flows/recordDeadlines.js';
import { runAction } from '../../src/flows/router.js';
import { databases, type TestDatabase } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = (cohort: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2024-01-08,U0WORKER1
`;
const REQUEST = '5e1c2d3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const SESSION = '7a3e4f5c-6d7e-4f80-a192-a3b4c5d6e7f8';

type Setup = Awaited<ReturnType<typeof flowSetup>>;
type Payload = { text: string; view: View };

/** A pack's bot at `at`, with its recording-deadline watch; what it has sent about records, and when. */
async function deadlineSetup(database: TestDatabase, policy: string, cohort: string, at: string) {
  const setup = await flowSetup(database, { policy, directory: directory(cohort), at });
  const { store, clock, context } = setup;
  const sweeper = new Sweeper(store.db, clock, [recordDeadlineProvider(context), sessionRecordDeadlineProvider(context)]);
  const outbox = () => store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
  /** Moves the clock to `iso`, sweeps, and lists what was sent about record deadlines: "<phase>:<person> <conversation>". */
  const sweepAt = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    return (await outbox())
      .filter((row) => row.idempotency_key.startsWith('record-due:'))
      .map((row) => `${row.idempotency_key.split(':').slice(-2).join(':')} ${row.conversation}`);
  };
  const sent = async (keyEnd: string) => (await outbox()).find((row) => row.idempotency_key.endsWith(keyEnd))!.payload as Payload;
  return { ...setup, sweepAt, sent };
}

/** The practitioner raises `triggerId` for `caseReference` at its default urgency. */
const raiseTrigger = (setup: Setup, requestId: string, triggerId: string, caseReference: string) =>
  raise(setup.context, setup.people.worker!, requestId, { triggerId, caseReference, urgency: setup.pack.pack.triggers[triggerId]!.urgency });

/** Raised, and accepted by the supervisor to talk now: the "Record due" their record card gives. */
async function acceptedNow(setup: Setup, requestId: string, triggerId: string, caseReference: string) {
  await raiseTrigger(setup, requestId, triggerId, caseReference);
  await runAction(setup.context, setup.people.supervisor!, 'trigger.accept', { requestId });
  return recordDue(setup, { requestId });
}

/** The "Record due" fact on the supervisor's record card. */
async function recordDue(setup: Setup, ids: { requestId?: string; sessionId?: string }) {
  const form = await runAction(setup.context, setup.people.supervisor!, 'record.open', { requestId: '', sessionId: '', ...ids });
  expect(form.view.card).toBe('record');
  return (form.view.data.facts as { title: string; value: string }[]).find((fact) => fact.title === 'Record due')!.value;
}

const REMINDED = 'reminder:supervisor U0SUPERV1';
const OVERDUE = [REMINDED, 'overdue:supervisor U0SUPERV1', 'overdue:manager U0SERVICE1'];

describe.each(databases)('record deadlines through the flows on $name', (database) => {
  it('Cumberland 4: a significant plan change recorded immediately is due when the discussion ends, an hour after accepting, not overdue a minute after', async () => {
    // Monday 23 November 2026, 10:00: the supervisor accepts to talk now.
    const setup = await deadlineSetup(database, 'cumberland', 'nqsw', '2026-11-23T10:00:00Z');
    expect(await acceptedNow(setup, REQUEST, 'significant-plan-change', '204518')).toBe('Mon 23 Nov 2026 11:00 (immediately for a significant decision)');

    // A minute later nobody is told it is overdue: they are still talking.
    expect(await setup.sweepAt('2026-11-23T10:01:00Z')).toEqual([]);
    expect(await setup.sweepAt('2026-11-23T10:31:00Z')).toEqual([REMINDED]);
    expect((await setup.sent(':reminder:supervisor')).view.data.text).toBe('Record it by Mon 23 Nov 2026 11:00.');
    expect(await setup.sweepAt('2026-11-23T10:59:00Z')).toEqual([REMINDED]);
    expect(await setup.sweepAt('2026-11-23T11:01:00Z')).toEqual(OVERDUE);
    expect((await setup.sent(':overdue:supervisor')).view.data.text).toBe('It was due by Mon 23 Nov 2026 11:00. Your manager has been told.');
  });

  it('Cumberland 4: a talk proposed for late on Friday is due an hour after the proposed time, and its overdue notice waits for working hours on Monday', async () => {
    const setup = await deadlineSetup(database, 'cumberland', 'nqsw', '2026-11-27T10:00:00Z');
    await raiseTrigger(setup, REQUEST, 'significant-plan-change', '204518');
    const proposed = await runAction(setup.context, setup.people.supervisor!, 'trigger.propose', { requestId: REQUEST, date: '2026-11-27', time: '16:30', note: '' });
    expect(proposed.view.data.title).toBe('You accepted this request');
    // The card, the reminder and the notices all count from the proposed time, not from when it was proposed.
    expect(await recordDue(setup, { requestId: REQUEST })).toBe('Fri 27 Nov 2026 17:30 (immediately for a significant decision)');
    expect(await setup.sweepAt('2026-11-27T16:31:00Z')).toEqual([REMINDED]);
    expect(await setup.sweepAt('2026-11-27T17:31:00Z')).toEqual([REMINDED]); // overdue, but after working hours
    expect(await setup.sweepAt('2026-11-28T11:00:00Z')).toEqual([REMINDED]); // Saturday
    expect(await setup.sweepAt('2026-11-30T08:59:00Z')).toEqual([REMINDED]);
    expect(await setup.sweepAt('2026-11-30T09:00:00Z')).toEqual(OVERDUE);
    expect((await setup.sent(':overdue:manager')).view.data.text).toBe(
      'Practice Supervisor B has not recorded a situational supervision that was due by Fri 27 Nov 2026 17:30.',
    );
  });

  it('a 72-hour record deadline that ends on Boxing Day is reminded at the start of Christmas Eve, the last working day before it, with its weekday shown', async () => {
    // Wednesday 23 December 2026, 15:00: 72 clock hours end on Saturday 26 December (Boxing Day) at 15:00.
    const setup = await deadlineSetup(database, 'cumberland', 'nqsw', '2026-12-23T15:00:00Z');
    expect(await acceptedNow(setup, REQUEST, 'allocation', '204518')).toBe('Sat 26 Dec 2026 15:00 (72 hours)');
    expect(await setup.sweepAt('2026-12-23T16:59:00Z')).toEqual([]);
    expect(await setup.sweepAt('2026-12-24T08:59:00Z')).toEqual([]);
    expect(await setup.sweepAt('2026-12-24T09:00:00Z')).toEqual([REMINDED]);
    const reminder = await setup.sent(':reminder:supervisor');
    expect(reminder.text).toBe('The supervision record for case 204518 is due by Sat 26 Dec 2026 15:00');
    expect(reminder.view.data.text).toBe(
      'Record it by Sat 26 Dec 2026 15:00. That is not a working day, so record it before you finish on Thu 24 Dec 2026.',
    );
    // Overdue on Boxing Day, told on the next working day, with the same deadline.
    expect(await setup.sweepAt('2026-12-28T12:00:00Z')).toEqual([REMINDED]);
    expect(await setup.sweepAt('2026-12-29T09:00:00Z')).toEqual(OVERDUE);
    expect((await setup.sent(':overdue:supervisor')).view.data.text).toBe('It was due by Sat 26 Dec 2026 15:00. Your manager has been told.');
  });

  it('a 24-hour significant decision accepted on the Thursday before Good Friday is reminded that afternoon, not after Easter', async () => {
    // Bexley, Thursday 25 March 2027, 15:00 (the clocks go forward on the 28th): 24 hours end on Good Friday at 15:00.
    const setup = await deadlineSetup(database, 'bexley', 'case-holder', '2027-03-25T15:00:00Z');
    expect(await acceptedNow(setup, REQUEST, 'informal-significant-decision', '1048213')).toBe('Fri 26 Mar 2027 15:00 (24 hours for a significant decision)');
    expect(await setup.sweepAt('2027-03-25T15:01:00Z')).toEqual([REMINDED]);
    expect((await setup.sent(':reminder:supervisor')).view.data.text).toBe(
      'Record it by Fri 26 Mar 2027 15:00. That is not a working day, so record it before you finish on Thu 25 Mar 2027.',
    );
    expect(await setup.sweepAt('2027-03-30T09:00:00Z')).toEqual(OVERDUE);
  });

  it('Bexley: closure, transfer, child protection and legal planning decisions, recorded as case supervision, are due within 24 hours as significant decisions', async () => {
    const setup = await deadlineSetup(database, 'bexley', 'case-holder', '2026-11-23T10:00:00Z');
    const requests = {
      closure: '8b4f5a6d-7e8f-4a91-b2a3-b4c5d6e7f809',
      transfer: '9c5a6b7e-8f9a-4ba2-83b4-c5d6e7f8091a',
      'child-protection': 'ad6b7c8f-9a0b-4cb3-94c5-d6e7f8091a2b',
      'legal-planning': 'be7c8d9a-0b1c-4dc4-a5d6-e7f8091a2b3c',
    };
    for (const [triggerId, requestId] of Object.entries(requests)) {
      expect(await acceptedNow(setup, requestId, triggerId, '1048213'), triggerId).toBe('Tue 24 Nov 2026 10:00 (24 hours for a significant decision)');
    }
    // Recorded: the saved card gives the same deadline, and the record keeps it.
    const form = await runAction(setup.context, setup.people.supervisor!, 'record.open', { requestId: requests.closure, sessionId: '' });
    expect(form.view.data.significantLabel).toBe('A significant decision was made: the record is due within 24 hours');
    expect(form.view.data.significant).toBe('true');
    const saved = await runAction(setup.context, setup.people.supervisor!, 'record.save', {
      ...recordValues(form.view, { caseReference: '1048213', actionDue: '2026-11-27' }),
      significant: 'true',
    });
    expect(saved.view.data.text).toContain('The record is due by Tue 24 Nov 2026 10:00 (24 hours for a significant decision).');
    const record = await setup.store.db.selectFrom('record').select('due_at').executeTakeFirstOrThrow();
    expect(record.due_at!.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    // The others: reminded on Tuesday morning (halfway was at night), told they are overdue at 10:00.
    expect(await setup.sweepAt('2026-11-23T22:01:00Z')).toEqual([]);
    const reminded = await setup.sweepAt('2026-11-24T09:00:00Z');
    expect(reminded).toHaveLength(3);
    expect(reminded.every((line) => line === REMINDED)).toBe(true);
    expect((await setup.sent(':reminder:supervisor')).view.data.text).toBe('Record it by Tue 24 Nov 2026 10:00.');
    expect(await setup.sweepAt('2026-11-24T10:01:00Z')).toHaveLength(9);
    expect((await setup.sent(':overdue:supervisor')).view.data.text).toBe('It was due by Tue 24 Nov 2026 10:00. Your manager has been told.');
  });

  it('Cumberland: a significant decision in a transfer supervision, a kind with no deadline of its own for one, is due when the session ends, on the card and in the notices', async () => {
    const setup = await deadlineSetup(database, 'cumberland', 'nqsw', '2026-11-30T09:00:00Z');
    const booked = await runAction(setup.context, setup.people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: setup.people.worker!.id,
      kind: 'transfer',
      date: '2026-11-30',
      time: '10:00',
    });
    expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
    await setup.sweepAt('2026-11-30T11:00:00Z');
    await runAction(setup.context, setup.people.supervisor!, 'session.held', { sessionId: SESSION });
    expect(await recordDue(setup, { sessionId: SESSION })).toBe('Thu 3 Dec 2026 10:00 (72 hours)');
    // Ticked as a significant decision (the draft keeps the tick): due when the hour's session ended.
    const draft = await runAction(setup.context, setup.people.supervisor!, 'record.save', {
      requestId: '',
      sessionId: SESSION,
      draft: 'true',
      significant: 'true',
    });
    expect(draft.view.data.significantLabel).toBe('A significant decision was made: the record is due immediately');
    expect((draft.view.data.facts as { title: string; value: string }[]).find((fact) => fact.title === 'Record due')!.value).toBe(
      'Mon 30 Nov 2026 11:00 (immediately for a significant decision)',
    );
    // The watch gives the deadline the draft's box gives, not the 72 hours set when it was marked held.
    expect(await setup.sweepAt('2026-11-30T11:01:00Z')).toEqual(OVERDUE.slice(1));
    expect((await setup.sent(':overdue:supervisor')).view.data.text).toBe('It was due by Mon 30 Nov 2026 11:00. Your manager has been told.');
  });
});
