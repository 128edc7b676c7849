// Cumberland 10, on both databases: a personal supervision record is read at once by the supervisee and the
// supervisor who wrote it; a manager above in the line asks the supervisee's consent on a card (given or
// declined, the manager told) or reads it once on a need-to-know basis with their concern (the supervisee told);
// forged presses are refused; auditors read for audit and inspection. Islington, with no such rule, is unchanged.
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = (cohort: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Head of Service H,senior-manager,North,,,,U0HEAD001
service@example.org,Service Manager E,manager,North,head@example.org,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2024-01-08,U0WORKER1
peer@example.org,Social Worker F,practitioner,North,supervisor@example.org,${cohort},2024-01-08,U0PEER001
audit@example.org,Auditor A,auditor,North,,,,U0AUDIT01
`;
const SESSION = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';

/** A personal session booked, held on Mon 30 Nov 2026, recorded by the supervisor and signed by the worker: the record's id. */
async function signedPersonalRecord({ context, people, clock, store }: FlowSetup): Promise<string> {
  const booked = await runAction(context, people.supervisor!, 'session.book', {
    bookingId: SESSION,
    supervisee: people.worker!.id,
    kind: 'personal',
    date: '2026-11-30',
    time: '10:00',
  });
  expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
  clock.advance(Date.parse('2026-11-30T11:30:00Z') - clock.now().getTime());
  await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION });
  const form = await runAction(context, people.supervisor!, 'record.open', { requestId: '', sessionId: SESSION });
  const saved = await runAction(context, people.supervisor!, 'record.save', recordValues(form.view, { caseReference: '', actionDue: '2026-12-11' }));
  expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
  const record = await store.db.selectFrom('record').select(['id', 'stored_on']).executeTakeFirstOrThrow();
  expect(record.stored_on).toBe('personal-record');
  expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
  return record.id;
}

describe.each(databases)('consent to read a personal supervision record on $name', (database) => {
  it('Cumberland 10: a manager above in the line asks the supervisee consent on a card, given or declined, or reads on a need-to-know basis and the supervisee is told', async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory: directory('staff') });
    const { context, people, store } = setup;
    const recordId = await signedPersonalRecord(setup);
    const show = (who: string) => runAction(context, people[who]!, 'record.show', { recordId });
    const payloadOf = async (key: string) =>
      (await store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', key).executeTakeFirst())?.payload as
        { text: string; view: View } | undefined;
    const keys = async () => (await store.db.selectFrom('outbox').select('idempotency_key').execute()).map((row) => row.idempotency_key);

    // The supervisee and the supervisor who wrote it read it at once; so do auditors, for audit and inspection.
    for (const who of ['worker', 'supervisor', 'audit']) expect((await show(who)).view.card, who).toBe('case-file');

    // The manager above is asked to seek consent first, for the reading and for the file alike.
    const closed = await show('service');
    expect(closed.view.card).toBe('record-access');
    expect(closed.view.data.title).toBe("Social Worker C's consent first");
    expect(closed.view.data.text).toContain('Cumberland');
    expect(closed.view.data.text).toContain('section 10');
    expect(JSON.stringify(closed)).not.toContain('Written.');
    const file = await runAction(context, people.service!, 'record.download', { requestId: '', sessionId: SESSION, recordId });
    expect(file.file).toBeUndefined();
    expect(file.view.card).toBe('record-access');

    // A peer may not even ask.
    const peerAsks = await runAction(context, people.peer!, 'record.consent-ask', { recordId, reason: '' });
    expect(peerAsks.view.data.title).toBe("This isn't yours to read");

    // The manager asks; the supervisee gets the card, once.
    const asked = await runAction(context, people.service!, 'record.consent-ask', { recordId, reason: 'To prepare the appraisal.' });
    expect(asked.view.data.title).toBe('Asked');
    expect((await runAction(context, people.service!, 'record.consent-ask', { recordId, reason: '' })).view.data.title).toBe('Already asked');
    const ask = await store.db.selectFrom('record_access').selectAll().executeTakeFirstOrThrow();
    const card = await payloadOf(`record-access:${ask.id}:ask`);
    expect(card!.view.card).toBe('record-consent');
    expect(card!.view.data.title).toBe('May Service Manager E read your personal record?');
    expect(card!.view.data.facts).toContainEqual({ title: 'Why', value: 'To prepare the appraisal.' });
    expect((await show('service')).view.data.text).toContain('You asked Social Worker C on Mon 30 Nov 2026');

    // Forged answers: the asker, the supervisor, a peer. Only the supervisee may answer.
    for (const who of ['service', 'supervisor', 'peer'])
      expect((await runAction(context, people[who]!, 'record.consent-give', { consentId: ask.id })).view.data.title, who).toBe("This isn't yours to answer");
    expect((await show('service')).view.card).toBe('record-access');

    // Declined: the manager is told, and it stays closed.
    expect((await runAction(context, people.worker!, 'record.consent-decline', { consentId: ask.id })).view.data.title).toBe('Consent declined');
    expect((await runAction(context, people.worker!, 'record.consent-give', { consentId: ask.id })).view.data.title).toBe('Already answered');
    const declined = await payloadOf(`record-access:${ask.id}:declined`);
    expect(declined!.view.data.text).toContain('Social Worker C declined');
    expect((await show('service')).view.data.text).toContain('Social Worker C declined when you asked on Mon 30 Nov 2026.');

    // The head of service reads on a need-to-know basis: the concern is required, and the supervisee is told it.
    const noReason = await runAction(context, people.head!, 'record.need-to-know', { recordId, reason: '  ' });
    expect(noReason.view.card).toBe('record-access');
    expect(noReason.fieldErrors?.reason).toContain('need-to-know basis');
    const read = await runAction(context, people.head!, 'record.need-to-know', { recordId, reason: 'A concern of a breach of professional standards.' });
    expect(read.view.card).toBe('case-file');
    expect(read.view.data.text).toContain('Written.');
    expect(read.view.data.intro).toContain('Read on a need-to-know basis: Social Worker C is told, with your reason.');
    expect(read.view.data.buttons).toEqual([]);
    const told = (await keys()).filter((key) => key.endsWith(':need-to-know'));
    expect(told).toHaveLength(1);
    const notice = await payloadOf(told[0]!);
    expect(notice!.view.data.title).toBe('Your personal record was read');
    expect(notice!.view.data.facts).toContainEqual({ title: 'Their reason', value: 'A concern of a breach of professional standards.' });
    // Once: the next reading asks again.
    expect((await show('head')).view.card).toBe('record-access');

    // Asked again and given: the manager is told, with a button to read it, and reads it (and may take the file).
    await runAction(context, people.service!, 'record.consent-ask', { recordId, reason: '' });
    const second = await store.db.selectFrom('record_access').select('id').where('state', '=', 'asking').executeTakeFirstOrThrow();
    expect((await runAction(context, people.worker!, 'record.consent-give', { consentId: second.id })).view.data.title).toBe('Consent given');
    const given = await payloadOf(`record-access:${second.id}:given`);
    expect(given!.view.data.buttons).toEqual([{ title: 'Read it', verb: 'record.show', data: { recordId } }]);
    const open = await show('service');
    expect(open.view.card).toBe('case-file');
    expect(open.view.data.buttons).toEqual([{ title: 'Download as a file', verb: 'record.download' }]);
    expect((await runAction(context, people.service!, 'record.download', { requestId: '', sessionId: SESSION, recordId })).file).toBeDefined();
    // Consent to one is consent to one: the head of service still asks.
    expect((await show('head')).view.card).toBe('record-access');

    const audited = await store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('object_id', '=', recordId).orderBy('id').execute();
    expect(audited.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'record.read.consent-needed',
        'record.download.consent-needed',
        'record.consent.ask',
        'record.consent.answer.refused',
        'record.consent.decline',
        'record.read.need-to-know',
        'record.consent.give',
      ]),
    );
  });

  it('Cumberland 10: a supervisee the bot cannot reach in chat is not asked, and the manager is told so', async () => {
    const unreachable = directory('staff').replace(',U0WORKER1', ',');
    const setup = await flowSetup(database, { policy: 'cumberland', directory: unreachable });
    const recordId = await signedPersonalRecord(setup);
    const asked = await runAction(setup.context, setup.people.service!, 'record.consent-ask', { recordId, reason: '' });
    expect(asked.view.data).toMatchObject({ title: 'Cannot ask', text: expect.stringContaining('Social Worker C cannot be reached in chat yet') });
    expect(await setup.store.db.selectFrom('record_access').select('id').execute()).toEqual([]);
  });

  it('Islington, with no consent rule, lets the manager above read a personal record at once, as before', async () => {
    const setup = await flowSetup(database, { policy: 'islington', directory: directory('non-case-holder') });
    const recordId = await signedPersonalRecord(setup);
    const read = await runAction(setup.context, setup.people.service!, 'record.show', { recordId });
    expect(read.view.card).toBe('case-file');
    expect(await setup.store.db.selectFrom('record_access').select('id').execute()).toEqual([]);
  });
});
