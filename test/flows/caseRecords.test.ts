// One record per child (Cumberland 4 "in respect of each child"): a child and family supervision, or a request's
// discussion, that covered several children gives each child a record of their own, with its own case-file text;
// the supervision is recorded when the last child is, and signed when every child's record is. And Cumberland's
// transfer supervision: on the transfer record, by the outgoing team manager, whoever accepts the request.
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { recordDeadlineProvider } from '../../src/flows/recordDeadlines.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
outgoing@example.org,Team Manager B,supervisor,North,service@example.org,,,U0TMB
receiving@example.org,Team Manager G,supervisor,South,service@example.org,,,U0TMG
worker@example.org,Social Worker C,practitioner,North,outgoing@example.org,staff,2025-01-06,U0WORKER1
`;
const SESSION = '2e9f7a1b-5c3d-4e6f-8a9b-0c1d2e3f4a5b';
const REQUEST = '3f0a8b2c-6d4e-4f7a-9b0c-1d2e3f4a5b6c';

type Payload = { text: string; view: View };
const payloadOf = async (setup: FlowSetup, key: string) =>
  (await setup.store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).payload as Payload;
const sentTo = async (setup: FlowSetup, key: string) =>
  (await setup.store.db.selectFrom('outbox').select('conversation').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).conversation;
const recordsOf = (setup: FlowSetup, column: 'session_id' | 'trigger_request_id', id: string) =>
  setup.store.db.selectFrom('record').selectAll().where(column, '=', id).orderBy('created_at').execute();

/** Cumberland's child and family supervision, booked for Tue 1 Dec 2026 10:00 and marked held at noon. */
async function heldCaseSession(setup: FlowSetup) {
  const booked = await runAction(setup.context, setup.people.outgoing!, 'session.book', {
    bookingId: SESSION,
    supervisee: setup.people.worker!.id,
    kind: 'case',
    date: '2026-12-01',
    time: '10:00',
  });
  expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
  setup.clock.advance(Date.parse('2026-12-01T12:00:00Z') - setup.clock.now().getTime());
  expect((await runAction(setup.context, setup.people.outgoing!, 'session.held', { sessionId: SESSION })).view.data.title).toBe('Marked as held');
}

describe.each(databases)('one record per child on $name', (database) => {
  it('Cumberland: a child and family supervision about two children gives each child their own record and case-file text (section 4)', async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory });
    const { context, people } = setup;
    await heldCaseSession(setup);

    const first = await runAction(context, people.outgoing!, 'record.open', { sessionId: SESSION });
    expect(first.view.data).toMatchObject({
      title: 'Record of supervision: Child and family supervision (Signs of Safety)',
      caseReference: { ask: true },
      anotherCase: { show: true, label: 'Another child was discussed: record them next, under their own reference', value: 'false' },
    });
    const firstValues = recordValues(first.view, { caseReference: 'EHM-204518', actionDue: '2026-12-04', what: 'Visit EHM-204518 at school' });
    const kept = await runAction(context, people.outgoing!, 'record.save', { ...firstValues, 'f.worries': 'Worries for this child.', anotherCase: 'true' });
    expect(kept.view).toMatchObject({
      card: 'session',
      data: {
        title: 'Sent to Social Worker C to sign: case EHM-204518',
        facts: [{ title: 'Cases recorded so far', value: 'EHM-204518' }],
        buttons: [
          { title: 'Record the next child', verb: 'record.open' },
          { title: 'No more children', verb: 'record.finish' },
        ],
      },
    });
    expect(
      (await setup.store.db.selectFrom('supervision_session').select('record_state').where('id', '=', SESSION).executeTakeFirstOrThrow()).record_state,
    ).toBeNull();

    // The next child: their own reference, asked for and checked; the first child's new action is not up for review.
    const second = await runAction(context, people.outgoing!, 'record.open', { sessionId: SESSION });
    expect(second.view.data.caseReference).toMatchObject({ ask: true, value: '' });
    expect(second.view.data.previous).toEqual([]);
    expect(second.view.data.facts).toContainEqual({ title: 'Cases recorded so far', value: 'EHM-204518' });
    expect((second.view.data.fields as { value: string }[]).every((field) => field.value === '')).toBe(true);
    const secondValues = recordValues(second.view, { caseReference: 'EHM-310077', actionDue: '2026-12-07', what: 'Book the family network meeting' });
    expect((await runAction(context, people.outgoing!, 'record.save', { ...secondValues, caseReference: ' ehm 204518 ' })).fieldErrors).toEqual({
      caseReference: 'EHM-204518 has its record from this supervision already. Give the case reference of the next child.',
    });
    // "Another child" ticked by mistake: the supervisor says there are no more.
    expect((await runAction(context, people.outgoing!, 'record.save', { ...secondValues, anotherCase: 'true' })).view.data.title).toBe(
      'Sent to Social Worker C to sign: case EHM-310077',
    );
    expect((await runAction(context, people.worker!, 'record.finish', { sessionId: SESSION })).view.data.title).toBe("This isn't yours to act on");
    const finished = await runAction(context, people.outgoing!, 'record.finish', { sessionId: SESSION });
    expect(finished.view.data).toMatchObject({ title: 'Recorded: 2 cases', facts: [{ title: 'Case records', value: 'EHM-204518, EHM-310077' }] });
    expect((await runAction(context, people.outgoing!, 'record.open', { sessionId: SESSION })).view.data.title).toBe('Already recorded');

    const records = await recordsOf(setup, 'session_id', SESSION);
    expect(records.map((record) => [record.case_reference, record.stored_on, record.model])).toEqual([
      ['EHM-204518', 'child-record', 'signs-of-safety'],
      ['EHM-310077', 'child-record', 'signs-of-safety'],
    ]);
    expect(await setup.store.db.selectFrom('action_item').select(['case_reference', 'description']).orderBy('due_on').execute()).toEqual([
      { case_reference: 'EHM-204518', description: 'Visit EHM-204518 at school' },
      { case_reference: 'EHM-310077', description: 'Book the family network meeting' },
    ]);
    const state = async () =>
      (await setup.store.db.selectFrom('supervision_session').select('record_state').where('id', '=', SESSION).executeTakeFirstOrThrow()).record_state;
    expect(await state()).toBe('recorded');
    expect((await payloadOf(setup, `record:${records[1]!.id}:sign`)).text).toBe('Your supervision record for case EHM-310077 is ready to sign');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: records[1]!.id })).view.data.title).toBe('Signed');
    expect(await state()).toBe('recorded');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: records[0]!.id })).view.data.title).toBe('Signed');
    expect(await state()).toBe('signed');

    // Each child's case-file text names its own case and carries its own discussion and actions, nobody else's.
    const [one, two] = await Promise.all(records.map(async (record) => (await payloadOf(setup, `record:${record.id}:signed`)).view.data.text as string));
    expect(one).toContain('Case reference: EHM-204518');
    expect(one).toContain('Worries for this child.');
    expect(one).toContain('- Visit EHM-204518 at school');
    expect(one).not.toContain('EHM-310077');
    expect(two).toContain('Case reference: EHM-310077');
    expect(two).not.toContain('EHM-204518');
    expect(two).not.toContain('Worries for this child.');
  });

  it("Cumberland: a request's management oversight of two children is recorded on each child's record; signed when both are", async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory });
    const { context, people } = setup;
    expect(
      (await raise(context, people.worker!, REQUEST, { triggerId: 'new-information', caseReference: 'EHM-204518', urgency: 'priority' })).view.data.title,
    ).toBe('Sent to Team Manager B');
    expect((await runAction(context, people.outgoing!, 'trigger.accept', { requestId: REQUEST })).view.data.title).toBe('You accepted this request');
    const first = await runAction(context, people.outgoing!, 'record.open', { requestId: REQUEST });
    expect(first.view.data).toMatchObject({ title: 'Record of supervision: Management oversight', caseReference: { ask: false }, anotherCase: { show: true } });
    const kept = await runAction(context, people.outgoing!, 'record.save', {
      ...recordValues(first.view, { caseReference: '', actionDue: '2026-11-26' }),
      anotherCase: 'true',
    });
    expect(kept.view).toMatchObject({ card: 'trigger-status', data: { title: 'Sent to Social Worker C to sign: case EHM-204518', requestId: REQUEST } });
    const second = await runAction(context, people.outgoing!, 'record.open', { requestId: REQUEST });
    expect(second.view.data.caseReference).toMatchObject({ ask: true });
    const last = await runAction(context, people.outgoing!, 'record.save', recordValues(second.view, { caseReference: 'EHM-310077', actionDue: '2026-11-27' }));
    expect(last.view.data).toMatchObject({
      title: 'Sent to Social Worker C to sign',
      facts: expect.arrayContaining([
        { title: 'Case reference', value: 'EHM-310077' },
        { title: 'Other cases recorded', value: 'EHM-204518' },
      ]),
    });
    const state = async () => (await setup.store.db.selectFrom('trigger_request').select('state').where('id', '=', REQUEST).executeTakeFirstOrThrow()).state;
    expect(await state()).toBe('recorded');
    const records = await recordsOf(setup, 'trigger_request_id', REQUEST);
    expect(records.map((record) => [record.case_reference, record.model])).toEqual([
      ['EHM-204518', 'management-oversight'],
      ['EHM-310077', 'management-oversight'],
    ]);
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: records[0]!.id })).view.data.title).toBe('Signed');
    expect(await state()).toBe('recorded');

    // One child's record amended while the other waits to be signed: the request stays recorded until both are.
    const amended = await runAction(context, people.outgoing!, 'record.amend', {
      requestId: REQUEST,
      sessionId: '',
      recordId: records[0]!.id,
      ...(records[0]!.content as { values: Record<string, string> }).values,
      amendReason: 'The referral date was wrong.',
    });
    expect(amended.view.data.title).toBe('Amendment sent to be signed');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: records[1]!.id })).view.data.title).toBe('Signed');
    expect(await state()).toBe('recorded');
    const version2 = await setup.store.db.selectFrom('record').select('id').where('version_no', '=', 2).executeTakeFirstOrThrow();
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: version2.id })).view.data.title).toBe('Signed');
    expect(await state()).toBe('signed');
  });

  it('Cumberland transfer: the transfer record is written by the outgoing team manager, whoever accepts, whatever the directory says after (section 4)', async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory });
    const { context, people, clock } = setup;
    expect(
      (await raise(context, people.worker!, REQUEST, { triggerId: 'team-transfer', caseReference: 'EHM-204518', urgency: 'priority' })).view.data.title,
    ).toBe('Sent to Team Manager B');
    // The outgoing team manager passes it to the receiving team manager, who holds the transfer supervision.
    const passed = await runAction(context, people.outgoing!, 'trigger.reassign', {
      requestId: REQUEST,
      to: people.receiving!.id,
      reason: 'The receiving team will hold the transfer supervision.',
    });
    expect(passed.view.data.title, JSON.stringify(passed.fieldErrors)).toBe('Passed to Team Manager G');
    const accepted = await runAction(context, people.receiving!, 'trigger.accept', { requestId: REQUEST });
    expect(accepted.view.data).toMatchObject({
      title: 'You accepted this request',
      text: 'Talk to Social Worker C now. They have been told. Team Manager B records it, as the outgoing team manager: they have been sent the record card.',
      buttons: [],
    });
    const told = await payloadOf(setup, `trigger:${REQUEST}:recorder:${people.outgoing!.id}`);
    expect(await sentTo(setup, `trigger:${REQUEST}:recorder:${people.outgoing!.id}`)).toBe('U0TMB');
    expect(told.view.data).toMatchObject({
      title: 'You record this supervision',
      requestId: REQUEST,
      buttons: [{ title: 'Record the discussion', verb: 'record.open' }],
    });

    // The transfer happens: the directory now has the practitioner in the receiving team. The record stays with B.
    const moved = await importDirectory({
      db: setup.store.db,
      pack: context.pack,
      fileName: 'staff.csv',
      text: directory.replace(
        'worker@example.org,Social Worker C,practitioner,North,outgoing@example.org',
        'worker@example.org,Social Worker C,practitioner,South,receiving@example.org',
      ),
      now: clock.now(),
    });
    expect(moved.ok).toBe(true);
    expect((await runAction(context, people.receiving!, 'record.open', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");

    // Halfway to the 72-hour deadline (Tue 24 Nov 22:00, at night): the reminder goes to B next morning.
    clock.advance(Date.parse('2026-11-25T09:00:00Z') - clock.now().getTime());
    const sweeper = new Sweeper(setup.store.db, clock, [recordDeadlineProvider(context)]);
    await sweeper.sweepOnce();
    expect(await sentTo(setup, `record-due:${REQUEST}:reminder:supervisor`)).toBe('U0TMB');

    const form = await runAction(context, people.outgoing!, 'record.open', { requestId: REQUEST });
    expect(form.view.data.title).toBe('Record of supervision: Transfer supervision record');
    expect(form.view.data.facts).toContainEqual({ title: 'Record due', value: 'Thu 26 Nov 2026 10:00 (72 hours)' });
    const saved = await runAction(context, people.outgoing!, 'record.save', recordValues(form.view, { caseReference: '', actionDue: '2026-11-27' }));
    expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
    const [record] = await recordsOf(setup, 'trigger_request_id', REQUEST);
    expect(record).toMatchObject({ author_id: people.outgoing!.id, model: 'transfer', case_reference: 'EHM-204518', stored_on: 'child-record' });
  });
});
