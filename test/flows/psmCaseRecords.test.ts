// Cafcass Cymru 2.13, on both databases: the case discussions of a Practitioner Support Meeting are recorded in
// IRIS's case recordings with the 'Supervision' option and the 'Practitioner Support Meeting' descriptor. The PSM's
// record asks whether cases were discussed; answered yes, each child's recording follows under its own case
// reference, and its text for IRIS is headed with where it goes. Such a recording is never booked on its own.
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Head of Operations A,senior-manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Manager P,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,practitioner,2024-01-08,U0WORKER1
`;
const PSM = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
const HEADING = 'IRIS case recordings: option Supervision, descriptor Practitioner Support Meeting';

describe.each(databases)('case discussions of a Practitioner Support Meeting on $name', (database) => {
  it('cafcass-cymru: a PSM whose record says cases were discussed opens a recording for each child, whose text for IRIS carries the Practitioner Support Meeting descriptor', async () => {
    const { context, people, store, clock } = await flowSetup(database, { policy: 'cafcass-cymru', directory });
    const [worker, manager] = [people.worker!, people.supervisor!];

    // Never booked on its own: the booking form offers PSMs and PRDs, not a case recording.
    const bookForm = await runAction(context, manager, 'book.for', { supervisee: worker.id });
    const kinds = (bookForm.view.data.kinds as { value: string }[] | undefined)?.map((kind) => kind.value);
    expect(kinds, JSON.stringify(bookForm.view.data)).toEqual(['prd', 'psm']);

    await runAction(context, manager, 'session.book', { bookingId: PSM, supervisee: worker.id, kind: 'psm', date: '2026-11-25', time: '10:00' });
    clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
    await runAction(context, manager, 'session.held', { sessionId: PSM });
    const psm = await runAction(context, manager, 'record.open', { sessionId: PSM });
    const asked = (psm.view.data.fields as { inputId: string; label: string }[]).find((field) => field.inputId === 'f.cases-discussed');
    expect(asked?.label).toBe('Were any cases discussed?');
    const saved = await runAction(context, manager, 'record.save', {
      ...recordValues(psm.view, { caseReference: '', actionDue: '2026-12-18' }),
      'f.cases-discussed': 'yes',
      'f.prd-combined': 'no',
    });
    expect(saved.view.card, JSON.stringify(saved.fieldErrors)).toBe('record');
    expect(saved.view.data.title).toBe('Record of supervision: Practitioner Support Meeting case recording');
    expect(saved.view.data.saved).toBe(
      'The Practitioner Support Meeting record is sent to Social Worker C to sign. The Case discussion in a Practitioner Support Meeting held in it is recorded separately, on its own template: here.',
    );
    expect(saved.view.data.caseReference).toMatchObject({ ask: true });

    // Two children, one by one, each under its own IRIS reference.
    const first = await runAction(context, manager, 'record.save', {
      ...recordValues(saved.view, { caseReference: '204518', actionDue: '2026-12-18' }),
      'f.discussion': 'Contact arrangements reviewed.',
      anotherCase: 'true',
    });
    expect(first.view.data.title, JSON.stringify(first.fieldErrors ?? first.view.data)).toBe('Sent to Social Worker C to sign: case 204518');
    const next = await runAction(context, manager, 'record.open', { sessionId: saved.view.data.sessionId as string });
    const second = await runAction(context, manager, 'record.save', {
      ...recordValues(next.view, { caseReference: '304519', actionDue: '2026-12-18' }),
      'f.discussion': 'Section 7 report timetable agreed.',
    });
    expect(second.view.data.title, JSON.stringify(second.fieldErrors ?? second.view.data)).toBe('Sent to Social Worker C to sign');

    const records = await store.db.selectFrom('record').select(['id', 'model', 'stored_on', 'case_reference']).orderBy('created_at').execute();
    expect(records.map(({ model, stored_on, case_reference }) => ({ model, stored_on, case_reference }))).toEqual([
      { model: 'psm', stored_on: 'personal-record', case_reference: null },
      { model: 'psm-case', stored_on: 'child-record', case_reference: '204518' },
      { model: 'psm-case', stored_on: 'child-record', case_reference: '304519' },
    ]);

    // Signed, the recording's text for IRIS says where it goes; the PSM's own record still gives none.
    const caseRecord = records[1]!;
    expect((await runAction(context, worker, 'record.sign', { recordId: caseRecord.id })).view.data.title).toBe('Signed');
    const shown = await runAction(context, manager, 'record.show', { recordId: caseRecord.id });
    expect(shown.view.card).toBe('case-file');
    expect(shown.view.data.text).toContain(HEADING);
    expect(shown.view.data.text).toContain('Contact arrangements reviewed.');
    const signed = await store.db
      .selectFrom('outbox')
      .select('payload')
      .where('idempotency_key', '=', `record:${caseRecord.id}:signed`)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify((signed.payload as { view: View }).view.data)).toContain(HEADING);
    const listed = await runCommand(context, manager, 'records 204518');
    expect((listed.view.data.records as { title: string }[])[0]!.title).toMatch(/Case discussion in a Practitioner Support Meeting/);

    expect((await runAction(context, worker, 'record.sign', { recordId: records[0]!.id })).view.data.title).toBe('Signed');
    const psmShown = await runAction(context, manager, 'record.show', { recordId: records[0]!.id });
    expect(psmShown.view.data.text).not.toContain('IRIS case recordings');

    // A PSM that also combined a PRD: the PRD, due on the day, opens first; the case recording waits, reminded.
    const OTHER = '1d8e6f2b-4c6a-4b3d-9e7f-8091a2b3c4d5';
    await runAction(context, manager, 'session.book', { bookingId: OTHER, supervisee: worker.id, kind: 'psm', date: '2026-11-27', time: '10:00' });
    clock.advance(Date.parse('2026-11-27T12:00:00Z') - clock.now().getTime());
    await runAction(context, manager, 'session.held', { sessionId: OTHER });
    const both = await runAction(context, manager, 'record.open', { sessionId: OTHER });
    const opened = await runAction(context, manager, 'record.save', {
      ...recordValues(both.view, { caseReference: '', actionDue: '2026-12-18' }),
      'f.cases-discussed': 'yes',
      'f.prd-combined': 'yes',
    });
    expect(opened.view.data.title, JSON.stringify(opened.fieldErrors)).toBe('Record of supervision: Practice Review Discussion (PRD recording template)');
    expect(opened.view.data.saved).toContain(
      'The Case discussion in a Practitioner Support Meeting held in it is also recorded separately, on its own template; you are reminded of it before it is due.',
    );
    const combined = await store.db
      .selectFrom('supervision_session')
      .select(['kind', 'status'])
      .where('starts_at', '=', new Date('2026-11-27T10:00:00Z'))
      .where('kind', '<>', 'psm')
      .orderBy('kind')
      .execute();
    expect(combined).toEqual([
      { kind: 'case', status: 'held' },
      { kind: 'prd', status: 'held' },
    ]);
  });
});
