// Recording a held scheduled session with the triggers' recording card, on both databases: a Bexley
// case supervision in Signs of Safety (the case reference asked for and checked, the practitioner's
// earlier actions reviewed whatever their case, new SMART actions), signed, amended and downloaded;
// an Islington personal session disagreed with; a Cafcass Cymru PRD dispute to the senior manager;
// someone else's click refused; a double save; and the recording deadline's reminder and overdue notice.
import { afterEach, describe, expect, it } from 'vitest';
import { recordSubject } from '../../src/cards/catalog.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import type { View } from '../../src/cards/catalog.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { sessionRecordDeadlineProvider } from '../../src/flows/recordDeadlines.js';
import { offerRecordFile, takeRecordFile } from '../../src/flows/recordFile.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Head of Operations H,senior-manager,North,,,,U0HEAD001
service@example.org,Service Manager E,manager,North,head@example.org,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
other@example.org,Practice Supervisor G,supervisor,North,service@example.org,,,U0SUPERV2
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,COHORT,2026-10-05,U0WORKER1
`;
const SESSION = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
const LATER = '1d8e6f2b-4c6a-4b3d-9e7f-8091a2b3c4d5';

describe.each(databases)('recording held sessions on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup(policy: string, cohort: string) {
    store = await database.open();
    const clock = new FakeClock('2026-11-30T10:00:00Z'); // Monday 30 November 2026, 10:00 London (GMT)
    const loaded = pack(policy);
    const imported = await importDirectory({
      db: store.db,
      pack: loaded.pack,
      fileName: 'staff.csv',
      text: directory.replace('COHORT', cohort),
      now: clock.now(),
    });
    expect(imported.ok).toBe(true);
    // Everyone has chosen English, as in flowSetup: the pack's rules are checked in English (Cymru offers the choice).
    await store.db.updateTable('person').set({ language: 'en-GB' }).execute();
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    const outbox = async () => store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    const payloadOf = async (key: string) =>
      ((await outbox()).find((row) => row.idempotency_key === key)?.payload as { text: string; view: View }) ?? undefined;
    /** Books a session for 10:00 on `date`, moves the clock to `heldAt` and marks it held. */
    const hold = async (sessionId: string, kind: string, date: string, heldAt: string) => {
      const booked = await runAction(context, people.supervisor!, 'session.book', {
        bookingId: sessionId,
        supervisee: people.worker!.id,
        kind,
        date,
        time: '10:00',
      });
      expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
      clock.advance(Date.parse(heldAt) - clock.now().getTime());
      return runAction(context, people.supervisor!, 'session.held', { sessionId });
    };
    return { clock, context, people, outbox, payloadOf, hold };
  }

  it('records a Bexley case supervision in Signs of Safety, reviewing earlier actions of any case; signed, amended and downloaded', async () => {
    const { context, people, outbox, payloadOf, hold } = await setup('bexley', 'case-holder');
    const held = await hold(SESSION, 'case', '2026-12-08', '2026-12-08T12:00:00Z');
    expect(held.view.card).toBe('session');
    expect(held.view.data).toMatchObject({ title: 'Marked as held', sessionId: SESSION, buttons: [{ title: 'Record it', verb: 'record.open' }] });

    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    expect(form.view.card).toBe('record');
    expect(form.view.data).toMatchObject({ requestId: '', sessionId: SESSION, title: 'Record of supervision: Supervision record - case management (part 1)' });
    expect(form.view.data.facts).toEqual([
      { title: 'Practitioner', value: 'Social Worker C' },
      { title: 'Supervision', value: 'Formal individual supervision (case management)' },
      { title: 'Held', value: 'Tue 8 Dec 2026 10:00' },
      { title: 'Record due', value: 'Tue 15 Dec 2026 23:59 (5 working days)' },
    ]);
    expect(form.view.data.caseReference).toMatchObject({ ask: true, label: "ICS/LCS case reference of the case discussed (never a child's name)" });
    expect((form.view.data.fields as { label: string }[]).map((field) => field.label)).toContain('Current safety scale rating');
    expect(form.view.data.previous).toEqual([]);

    const first = recordValues(form.view, { caseReference: 'ICS-55012', actionDue: '2026-12-10', what: 'Update the chronology' });
    const named = await runAction(context, people.supervisor!, 'record.save', { ...first, caseReference: 'Jayden Okoro' });
    expect(named.fieldErrors).toEqual({ caseReference: "That is not a ICS/LCS case reference. It looks like 1048213. Never type a child's name here." });
    expect(await store.db.selectFrom('record').selectAll().execute()).toEqual([]);
    // Formal supervision is recorded in two places: this child's part 1, then the personal record (part 2) comes next.
    const kept = await runAction(context, people.supervisor!, 'record.save', first);
    expect(kept.view.data).toMatchObject({
      title: 'Sent to Social Worker C to sign: case ICS-55012',
      buttons: [{ title: 'Write the personal record', verb: 'record.open' }],
    });
    const firstRecord = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(firstRecord).toMatchObject({
      session_id: SESSION,
      trigger_request_id: null,
      case_reference: 'ICS-55012',
      stored_on: 'child-record',
      model: 'signs-of-safety-case',
    });
    expect(Object.keys(firstRecord.content.values as object)).not.toContain('caseReference');
    expect((await payloadOf(`record:${firstRecord.id}:sign`)).text).toBe('Your supervision record for case ICS-55012 is ready to sign');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: firstRecord.id })).view.data.title).toBe('Signed');

    // A week later, another case: the action agreed on ICS-55012 comes up for review all the same.
    const later = await hold(LATER, 'case', '2026-12-15', '2026-12-15T12:00:00Z');
    expect(later.view.data.buttons).toEqual([{ title: 'Record it', verb: 'record.open' }]);
    // The practitioner has asked for more time on it, not yet answered.
    const chronology = await store.db.selectFrom('action_item').select('id').executeTakeFirstOrThrow();
    const extendForm = await runAction(context, people.worker!, 'action.extend-form', { actionId: chronology.id });
    const extensionId = extendForm.view.data.extensionId as string;
    const asked = await runAction(context, people.worker!, 'action.extend', {
      actionId: chronology.id,
      extensionId,
      date: '2026-12-22',
      reason: 'Waiting for the address.',
    });
    expect(asked.view.data.title).toBe('Asked for more time');
    const second = await runAction(context, people.supervisor!, 'record.open', { sessionId: LATER });
    const previous = second.view.data.previous as { inputId: string; reasonId: string; what: string }[];
    expect(previous.map((action) => action.what)).toEqual(['Update the chronology (Social Worker C, by Thu 10 Dec 2026)']);
    const values = recordValues(second.view, { caseReference: 'ICS-60001', actionDue: '2026-12-19', what: 'Book the core group' });
    delete values[previous[0]!.inputId];
    const problems = await runAction(context, people.supervisor!, 'record.save', values);
    expect(problems.fieldErrors).toEqual({
      [previous[0]!.inputId]: 'Mark it done, carried forward or dropped.',
      'action.1.what': 'Action 1 must be due on a working day after today.', // Sat 19 Dec
    });
    const saved = await runAction(context, people.supervisor!, 'record.save', {
      ...values,
      [previous[0]!.inputId]: 'carried-forward',
      [previous[0]!.reasonId]: 'The family moved; the chronology waits for the new address.',
      'action.1.due': '2026-12-18',
      'action.2.what': 'Ask the school for attendance',
      'action.2.owner': people.supervisor!.id,
      'action.2.due': '2026-12-21',
    });
    expect(saved.view.card).toBe('session');
    expect(saved.view.data.title).toBe('Sent to Social Worker C to sign: case ICS-60001');
    // The personal record (part 2), naming the case by its reference, completes the session.
    const personalForm = await runAction(context, people.supervisor!, 'record.open', { sessionId: LATER });
    expect(personalForm.view.data.title).toBe('Record of supervision: Supervision record - professional development (part 2)');
    const personal = await runAction(context, people.supervisor!, 'record.save', recordValues(personalForm.view, { caseReference: '', actionDue: '2026-12-18' }));
    expect(personal.view.data.title).toBe('Sent to Social Worker C to sign');
    expect(personal.view.data.text).toContain('Tue 22 Dec 2026 23:59 (5 working days)');
    const record = await store.db.selectFrom('record').selectAll().where('session_id', '=', LATER).where('case_reference', '=', 'ICS-60001').executeTakeFirstOrThrow();
    expect(await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).toMatchObject({
      view: { card: 'session', data: { title: 'Signed', facts: [{ title: 'Case reference', value: 'ICS-60001' }] } },
    });
    const personalRecord = await store.db.selectFrom('record').select('id').where('session_id', '=', LATER).where('case_reference', 'is', null).executeTakeFirstOrThrow();
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: personalRecord.id })).view.data.title).toBe('Signed');
    const actions = await store.db
      .selectFrom('action_item')
      .select(['description', 'case_reference', 'status', 'status_reason', 'owner_id'])
      .where('case_reference', 'is not', null)
      .orderBy('due_on')
      .execute();
    expect(actions).toEqual([
      {
        description: 'Update the chronology',
        case_reference: 'ICS-55012',
        status: 'carried-forward',
        status_reason: 'The family moved; the chronology waits for the new address.',
        owner_id: people.worker!.id,
      },
      { description: 'Book the core group', case_reference: 'ICS-60001', status: 'open', status_reason: null, owner_id: people.worker!.id },
      { description: 'Ask the school for attendance', case_reference: 'ICS-60001', status: 'open', status_reason: null, owner_id: people.supervisor!.id },
    ]);
    // Carried forward in the record, the action is closed: the ask for more time has nothing left to move.
    expect(await store.db.selectFrom('action_extension').select('state').where('id', '=', extensionId).executeTakeFirstOrThrow()).toEqual({
      state: 'withdrawn',
    });
    expect(await store.db.selectFrom('supervision_session').select('record_state').where('id', '=', LATER).executeTakeFirstOrThrow()).toEqual({
      record_state: 'signed',
    });
    await expect(store.db.updateTable('record').set({ case_reference: 'ICS-1' }).where('id', '=', record.id).execute()).rejects.toThrow(
      /is signed and cannot change/,
    );

    // The case-file text, as for a trigger, with what the session was in place of the trigger; the same text as the file.
    const caseFile = (await payloadOf(`record:${record.id}:signed`)).view;
    expect(caseFile.card).toBe('case-file');
    expect(caseFile.data).toMatchObject({ requestId: '', sessionId: LATER, recordId: record.id });
    const text = caseFile.data.text as string;
    expect(text.split('\n').slice(0, 3)).toEqual([
      'ICS/LCS supervision record',
      'Case reference: ICS-60001',
      'Supervision: Formal individual supervision (case management), held Tue 15 Dec 2026 10:00',
    ]);
    expect(text).toContain('- Ask the school for attendance (Practice Supervisor B, by Mon 21 Dec 2026)');
    const offer = await offerRecordFile(context, people.supervisor!, { recordId: record.id });
    expect(offer.file?.name).toBe(`supervision-ICS-60001-2026-12-15-v1-${record.id.replace(/-/g, '').slice(0, 6)}.txt`);
    const taken = await takeRecordFile(context, people.service!, { recordId: record.id });
    expect(taken.ok && taken.text).toBe(text);
    const list = await runCommand(context, people.worker!, 'records ICS-60001');
    expect((list.view.data.records as { title: string }[])[0]!.title).toMatch(/^Tue 15 Dec 2026: Formal individual supervision \(case management\)/);

    // Amended as a trigger's record is: a new version, signed again, the first unchanged.
    const amendForm = await runAction(context, people.supervisor!, 'record.amend-form', { requestId: '', sessionId: LATER, recordId: record.id });
    expect(amendForm.view.data).toMatchObject({ amending: true, sessionId: LATER, recordId: record.id, caseReference: { ask: false } });
    expect((await runAction(context, people.supervisor!, 'record.amend-form', { requestId: '', sessionId: SESSION, recordId: record.id })).view.data.text).toBe(
      'That record is not one I know.',
    );
    const amended = await runAction(context, people.supervisor!, 'record.amend', {
      requestId: '',
      sessionId: LATER,
      recordId: record.id,
      ...(record.content as { values: Record<string, string> }).values,
      'f.worried': 'School attendance has dropped.',
      amendReason: 'The worry about attendance was left out.',
    });
    expect(amended.view.data.title).toBe('Amendment sent to be signed');
    const versions = await store.db.selectFrom('record').selectAll().where('record_key', '=', `${LATER}:ICS-60001`).orderBy('version_no').execute();
    expect(versions.map((version) => [version.version_no, version.signed_at !== null, version.session_id, version.case_reference])).toEqual([
      [1, true, LATER, 'ICS-60001'],
      [2, false, LATER, 'ICS-60001'],
    ]);
    expect((await payloadOf(`record:${versions[1]!.id}:sign`)).text).toBe('An amended supervision record for case ICS-60001 is ready to sign');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: versions[1]!.id })).view.data.title).toBe('Signed');
    expect((await payloadOf(`record:${versions[1]!.id}:signed`)).view.data.text as string).toContain(
      'Version 2, amended by Practice Supervisor B: The worry about attendance was left out.',
    );
    expect(JSON.stringify(await outbox())).not.toMatch(/null|undefined|Jayden/);
  });

  it('records an Islington personal session without a case reference; the practitioner signs with a disagreement', async () => {
    const { context, people, outbox, payloadOf, hold } = await setup('islington', 'non-case-holder');
    const held = await hold(SESSION, 'personal', '2026-12-08', '2026-12-08T11:00:00Z');
    expect(held.view.data.buttons).toEqual([{ title: 'Record it', verb: 'record.open' }]);
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    expect(form.view.data.caseReference).toMatchObject({ ask: false });
    expect(form.view.data.facts).toContainEqual({ title: 'Supervision', value: 'Monthly supervision without case responsibility' });
    const values = recordValues(form.view, { caseReference: 'ignored', actionDue: '2026-12-11' });
    expect((await runAction(context, people.supervisor!, 'record.save', values)).view.data.title).toBe('Sent to Social Worker C to sign');
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({ case_reference: null, stored_on: 'personal-record', model: 'supervision-without-cases', session_id: SESSION });
    const toSign = await payloadOf(`record:${record.id}:sign`);
    expect(toSign.text).toBe('Your supervision record for the session of Tue 8 Dec 2026 is ready to sign');
    expect(toSign.view.data.intro).toBe(
      'Practice Supervisor B recorded your supervision on Tue 8 Dec 2026. Read it, then agree and sign, or sign with your disagreement recorded.',
    );

    expect((await runAction(context, people.worker!, 'record.dispute', { recordId: record.id, comment: '' })).fieldErrors).toEqual({
      comment: 'Say what you disagree with.',
    });
    const disputed = await runAction(context, people.worker!, 'record.dispute', { recordId: record.id, comment: 'My workload was not discussed.' });
    expect(disputed.view.data).toMatchObject({ title: 'Signed', text: 'You signed, and your disagreement is recorded with the record.' });
    const signed = await store.db.selectFrom('record').select(['content', 'signed_at']).executeTakeFirstOrThrow();
    expect(signed.signed_at).not.toBeNull();
    expect((signed.content as { disagreement: string }).disagreement).toBe('My workload was not discussed.');
    // Islington names nobody to settle disputes: the record keeps it, and the supervisor's own manager is told.
    expect((await outbox()).map((row) => row.idempotency_key)).toContain(`record:${record.id}:dispute`);
    const notice = await payloadOf(`record:${record.id}:signed`);
    expect(notice.text).toBe('Social Worker C signed the supervision record for the session of Tue 8 Dec 2026');
    expect(notice.view).toMatchObject({
      card: 'session',
      data: { text: 'It is kept on their personal supervision record, not the case file.', sessionId: SESSION },
    });
    // Its file: the personal file's heading and name, to the supervision line.
    const taken = await takeRecordFile(context, people.worker!, { recordId: record.id });
    expect(taken.ok && taken.name).toBe(`supervision-personal-2026-12-08-v1-${record.id.replace(/-/g, '').slice(0, 6)}.txt`);
    expect(taken.ok && taken.text.split('\n').slice(0, 3)).toEqual([
      'Personal supervision record (for the personal supervision file, not the case file)',
      'Supervision: Monthly supervision without case responsibility, held Tue 8 Dec 2026 10:00',
      'Supervisor: Practice Supervisor B. Practitioner: Social Worker C.',
    ]);
    expect(taken.ok && taken.text).toContain('Practitioner disagrees\nMy workload was not discussed.');
    // No case reference finds it; "records" alone lists the practitioner's own, and nobody else's.
    const own = await runCommand(context, people.worker!, 'records');
    expect(own.view).toMatchObject({ card: 'records', data: { title: 'Your supervision records' } });
    expect(own.view.data.records).toEqual([
      { title: 'Tue 8 Dec 2026: Monthly supervision without case responsibility, version 1', verb: 'record.show', recordId: record.id },
      { title: 'As data for a case system', verb: 'record.json', recordId: record.id },
    ]);
    expect((await runCommand(context, people.other!, 'records')).view.data.title).toBe('Your supervision records');
    expect((await runCommand(context, people.other!, 'records')).view.data.records).toBeUndefined();
  });

  it('sends a Cafcass Cymru PRD disagreement to the senior manager above once escalated, as the pack says', async () => {
    const { context, people, outbox, hold } = await setup('cafcass-cymru', 'practitioner');
    await hold(SESSION, 'prd', '2026-12-08', '2026-12-08T12:00:00Z');
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    // A PRD is recorded on the day.
    expect(form.view.data.facts).toContainEqual({ title: 'Record due', value: 'Tue 8 Dec 2026 23:59 (on the day)' });
    await runAction(context, people.supervisor!, 'record.save', recordValues(form.view, { caseReference: '', actionDue: '2026-12-14' }));
    const record = await store.db.selectFrom('record').select('id').executeTakeFirstOrThrow();
    await runAction(context, people.worker!, 'record.dispute', { recordId: record.id, comment: 'The development areas are not agreed.' });
    // The two try to resolve it first (2.8): the supervisor is asked to talk it through; the Senior Manager waits.
    expect((await outbox()).find((row) => row.idempotency_key === `record:${record.id}:dispute-talk`)?.conversation).toBe('U0SUPERV1');
    expect((await outbox()).find((row) => row.idempotency_key === `record:${record.id}:dispute`)).toBeUndefined();
    await runAction(context, people.worker!, 'record.dispute-escalate', { recordId: record.id });
    const dispute = (await outbox()).find((row) => row.idempotency_key === `record:${record.id}:dispute`);
    expect(dispute?.conversation).toBe('U0HEAD001');
  });

  it("refuses someone else's click, and a session not held or of a kind the pack keeps no record of; nothing changes", async () => {
    const { clock, context, people, outbox, hold } = await setup('islington', 'case-holder');
    const booked = await runAction(context, people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'case',
      date: '2026-12-08',
      time: '10:00',
    });
    expect(booked.view.data.title).toBe('Booked');
    expect((await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION })).view.data).toMatchObject({
      title: 'Not yet',
      text: 'This session has not been marked held yet: mark it held, then record it.',
    });
    clock.advance(Date.parse('2026-12-08T13:00:00Z') - clock.now().getTime());
    await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION });
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    const values = recordValues(form.view, { caseReference: '1048213', actionDue: '2026-12-10' });
    const draft = await runAction(context, people.supervisor!, 'record.save', { ...values, draft: 'true' });
    expect(draft.view.data.saved).toBe('Draft saved at Tue 8 Dec 2026 13:00. Nobody else sees it until you save it without the draft tick.');
    const before = {
      session: await store.db.selectFrom('supervision_session').selectAll().where('id', '=', SESSION).executeTakeFirstOrThrow(),
      outbox: (await outbox()).length,
    };
    expect(before.session.record_draft).toMatchObject({ caseReference: '1048213', 'f.risk': 'Written.' });
    for (const [who, verb, data] of [
      ['other', 'record.open', { sessionId: SESSION }],
      ['other', 'record.save', values],
      ['other', 'record.save', { ...values, draft: 'true' }],
      ['worker', 'record.open', { sessionId: SESSION }],
      ['worker', 'record.save', values],
    ] as const) {
      const refused = await runAction(context, people[who]!, verb, data);
      expect(refused.view.data, `${who} ${verb}`).toMatchObject({
        title: "This isn't yours to act on",
        text: 'This belongs to someone else. Nothing was changed.',
      });
    }
    expect(await store.db.selectFrom('record').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('supervision_session').selectAll().where('id', '=', SESSION).executeTakeFirstOrThrow()).toEqual(before.session);
    expect((await outbox()).length).toBe(before.outbox);
    // The draft opens again for its supervisor only; the audit log says a draft was saved, never what it says.
    const reopened = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    expect(reopened.view.data.caseReference).toMatchObject({ ask: true, value: '1048213' });
    const audits = await store.db.selectFrom('audit_log').select(['action', 'object_type', 'detail']).where('action', '=', 'record.draft').execute();
    expect(audits).toEqual([{ action: 'record.draft', object_type: 'supervision_session', detail: {} }]);

    // A card names a request or a session, exactly one, and says which field is wrong.
    expect(recordSubject.safeParse({ requestId: SESSION, sessionId: SESSION }).error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['sessionId'], 'requestId or sessionId: a record is of one request or one held session, so give exactly one of them.'],
    ]);
    expect(recordSubject.safeParse({}).error?.issues[0]?.path).toEqual(['requestId']);
    expect(recordSubject.safeParse({ sessionId: 'x' }).error?.issues[0]?.message).toBe('sessionId: that session is not one I know.');
    expect((await runAction(context, people.supervisor!, 'record.open', { sessionId: LATER })).view.data.text).toBe('That session is not one I know.');

    // Islington keeps no record of a practice supervisor's team-manager supervision: no button, and a clear answer.
    await store.db.updateTable('person').set({ cohort: 'practice-supervisor' }).where('id', '=', people.worker!.id).execute();
    const teamManager = await hold(LATER, 'team-manager', '2026-12-15', '2026-12-15T13:00:00Z');
    expect(teamManager.view.data.buttons).toEqual([]);
    expect((await runAction(context, people.supervisor!, 'record.open', { sessionId: LATER })).view.data).toMatchObject({
      title: 'No record is kept of this',
      text: 'The London Borough of Islington, Targeted and Specialist Children and Family Services policy keeps no supervision record of “Team manager supervision of practice supervisors”, so there is nothing to record here.',
    });
  });

  it('changes nothing on a second save, or two at once', async () => {
    const { context, people, outbox, hold } = await setup('islington', 'case-holder');
    await hold(SESSION, 'case', '2026-12-08', '2026-12-08T13:00:00Z');
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    const values = recordValues(form.view, { caseReference: '1048213', actionDue: '2026-12-10' });
    const titles = (await Promise.all([1, 2].map(() => runAction(context, people.supervisor!, 'record.save', values)))).map((result) => result.view.data.title);
    expect(titles.sort()).toEqual(['Already recorded', 'Sent to Social Worker C to sign']);
    expect((await runAction(context, people.supervisor!, 'record.save', values)).view.data.title).toBe('Already recorded');
    expect(await store.db.selectFrom('record').select('version_no').execute()).toEqual([{ version_no: 1 }]);
    expect(await store.db.selectFrom('action_item').select('description').execute()).toHaveLength(1);
    expect((await outbox()).filter((row) => row.idempotency_key.endsWith(':sign'))).toHaveLength(1);
  });

  it('reminds the supervisor halfway to the record deadline, in working hours, then tells them and their manager once it is overdue', async () => {
    const { clock, context, people, outbox, hold } = await setup('islington', 'case-holder');
    const sweeper = new Sweeper(store.db, clock, [sessionRecordDeadlineProvider(context)]);
    // Held Tue 8 Dec 10:00 to 13:00 and marked held at 13:00; the record is due by Tue 15 Dec 23:59 (5 working days).
    await hold(SESSION, 'case', '2026-12-08', '2026-12-08T13:00:00Z');
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
      return (await outbox()).filter((row) => row.idempotency_key.startsWith('record-due:')).map((row) => `${row.idempotency_key} ${row.conversation}`);
    };
    const base = `record-due:session:${SESSION}`;
    // Halfway is Sat 12 Dec 06:29: a weekend, so it comes on Monday morning.
    expect(await at('2026-12-11T16:00:00Z')).toEqual([]);
    expect(await at('2026-12-12T12:00:00Z')).toEqual([]);
    expect(await at('2026-12-14T08:59:00Z')).toEqual([]);
    const reminder = [`${base}:reminder:supervisor U0SUPERV1`];
    expect(await at('2026-12-14T09:00:00Z')).toEqual(reminder);
    const card = (await outbox()).find((row) => row.idempotency_key === `${base}:reminder:supervisor`)!.payload as { text: string; view: View };
    expect(card.text).toBe('The supervision record of the session with Social Worker C on Tue 8 Dec 2026 is due by Tue 15 Dec 2026 23:59');
    expect(card.view.data).toMatchObject({
      text: 'Record it by Tue 15 Dec 2026 23:59.',
      sessionId: SESSION,
      buttons: [{ title: 'Record it', verb: 'record.open' }],
    });
    expect(await at('2026-12-16T00:30:00Z')).toEqual(reminder); // overdue, but at night
    const overdue = [...reminder, `${base}:overdue:supervisor U0SUPERV1`, `${base}:overdue:manager U0SERVICE1`];
    expect(await at('2026-12-16T09:00:00Z')).toEqual(overdue);
    const manager = (await outbox()).find((row) => row.idempotency_key === `${base}:overdue:manager`)!.payload as { text: string; view: View };
    expect(manager.view.data).toMatchObject({
      text: 'Practice Supervisor B has not recorded the formal one-to-one case supervision with Social Worker C on Tue 8 Dec 2026 that was due by Tue 15 Dec 2026 23:59.',
      buttons: [],
    });
    expect(await at('2026-12-17T09:00:00Z')).toEqual(overdue);

    // Recorded late from the reminder's own button (the card sends its sessionId): nothing more is sent about it.
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: card.view.data.sessionId });
    expect(form.view.card).toBe('record');
    await runAction(context, people.supervisor!, 'record.save', recordValues(form.view, { caseReference: '1048213', actionDue: '2026-12-21' }));
    expect(await store.db.selectFrom('supervision_session').select(['record_state', 'record_remind_at']).executeTakeFirstOrThrow()).toEqual({
      record_state: 'recorded',
      record_remind_at: null,
    });
    expect(await at('2026-12-18T09:00:00Z')).toEqual(overdue);
  });
});
