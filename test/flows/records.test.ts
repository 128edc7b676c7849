// From accept to a signed record: the pack's recording model, previous actions, SMART actions, the
// practitioner's signature (or disagreement), the case-file text, and a record that cannot change.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,COHORT,2024-01-08,U0WORKER1
other@example.org,Social Worker F,practitioner,North,supervisor@example.org,COHORT,2024-01-08,U0OTHER01
auditor@example.org,Auditor G,auditor,North,,,,U0AUDIT01
`;
const REQUEST = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';

describe.each(databases)('records on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup(policy: string, cohort: string, triggerId: string, caseReference: string) {
    store = await database.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z'); // Monday
    const loaded = pack(policy);
    const result = await importDirectory({
      db: store.db,
      pack: loaded.pack,
      fileName: 'staff.csv',
      text: directory.replaceAll('COHORT', cohort),
      now: clock.now(),
    });
    expect(result.ok).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    const raised = await runAction(context, people.worker!, 'raise.submit', {
      triggerId,
      requestId: REQUEST,
      caseReference,
      urgency: loaded.pack.triggers[triggerId]!.urgency,
      experience: 'What happened at the visit.',
      goal: 'A decision today.',
      availability: '',
    });
    expect(raised.view.card).toBe('trigger-status');
    const accepted = await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
    expect(accepted.view.data.buttons).toEqual([{ title: 'Record the discussion', verb: 'record.open' }]);
    const outbox = async () => store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    return { clock, context, people, outbox };
  }

  /** The supervisor writes a complete 4x4x4 record of the request, with one action. */
  const saveCafcassRecord = (context: FlowContext, people: Record<string, Actor>, fields: Record<string, string> = {}) =>
    runAction(context, people.supervisor!, 'record.save', {
      requestId: REQUEST,
      'f.experience': 'What happened.',
      'f.reflection': 'Reflection.',
      'f.analysis': 'Analysis.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-24',
      ...fields,
    });

  it('records a Cafcass trigger in the 4x4x4 model, gets it signed, and gives the case-file text', async () => {
    const { context, people, outbox } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const open = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
    expect(open.view.card).toBe('record');
    const fields = open.view.data.fields as { inputId: string; label: string; prompts: string }[];
    expect(fields.map((field) => field.label)).toEqual(['Experience', 'Reflection', 'Analysis']);
    expect(fields[0]!.prompts).toContain('What did the child say?');
    // The record of a significant decision is due in 24 hours rather than 5 working days. The trigger is
    // marked significant, so the box starts ticked and the form gives that one deadline, as saving does.
    expect(open.view.data.significantLabel).toBe('A significant decision was made: the record is due within 24 hours');
    expect(open.view.data.significant).toBe('true');
    expect(open.view.data.facts).toContainEqual({ title: 'Record due', value: 'Tue 24 Nov 2026 10:00 (24 hours for a significant decision)' });
    const unticked = await runAction(context, people.supervisor!, 'record.save', { requestId: REQUEST, draft: 'true', significant: 'false' });
    expect(unticked.view.data.facts).toContainEqual({ title: 'Record due', value: 'Mon 30 Nov 2026 23:59 (5 working days)' });

    // Someone else cannot record it; the practitioner cannot record their own.
    expect((await runAction(context, people.other!, 'record.open', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
    expect((await runAction(context, people.worker!, 'record.save', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");

    const incomplete = await runAction(context, people.supervisor!, 'record.save', {
      requestId: REQUEST,
      'f.experience': 'A new allegation was made at the visit.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-23',
    });
    expect(incomplete.fieldErrors).toEqual({
      'f.reflection': 'Write the reflection.',
      'f.analysis': 'Write the analysis.',
      'action.1.what': 'Action 1 must be due on a working day after today.',
    });
    expect(await store.db.selectFrom('record').selectAll().execute()).toEqual([]);

    const saved = await runAction(context, people.supervisor!, 'record.save', {
      requestId: REQUEST,
      'f.experience': 'A new allegation was made at the visit.',
      'f.reflection': 'Worried, and unsure of the history.',
      'f.analysis': 'The risk is current; the plan must change.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-24',
      significant: 'true',
    });
    expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
    expect(saved.view.data.text).toContain('Tue 24 Nov 2026 10:00 (24 hours for a significant decision)');
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({ case_reference: 'CF-204518', stored_on: 'child-record', signed_at: null });
    const signMessage = (await outbox()).find((message) => message.idempotency_key === `record:${record.id}:sign`)!;
    expect(signMessage.conversation).toBe('U0WORKER1');

    // Only the practitioner signs.
    expect((await runAction(context, people.supervisor!, 'record.sign', { recordId: record.id })).view.data.title).toBe("This isn't yours to act on");
    const signed = await runAction(context, people.worker!, 'record.sign', { recordId: record.id });
    expect(signed.view.data.title).toBe('Signed');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Already signed');
    await expect(
      store.db
        .updateTable('record')
        .set({ content: JSON.stringify({}) })
        .where('id', '=', record.id)
        .execute(),
    ).rejects.toThrow(/is signed and cannot change/);

    const caseFile = (await outbox()).find((message) => message.idempotency_key === `record:${record.id}:signed`)!;
    expect(caseFile.conversation).toBe('U0SUPERV1');
    const text = (caseFile.payload as { view: { data: { text: string } } }).view.data.text.replace(/ {2}\n/g, '\n');
    expect(text).toContain('ChildFirst supervision record\nCase reference: CF-204518');
    expect(text).toContain('Experience\nA new allegation was made at the visit.');
    expect(text).toContain('- Refer to the local authority (Social Worker C, by Tue 24 Nov 2026)');
    const trigger = await store.db.selectFrom('trigger_request').select('state').executeTakeFirstOrThrow();
    expect(trigger.state).toBe('signed');
    const open2 = await store.db.selectFrom('action_item').select(['description', 'status']).execute();
    expect(open2).toEqual([{ description: 'Refer to the local authority', status: 'open' }]);
  });

  it('amends a signed record as a new version, signed again, the first left unchanged', async () => {
    const { context, people, outbox } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const values = {
      requestId: REQUEST,
      'f.experience': 'First account.',
      'f.reflection': 'Reflection.',
      'f.analysis': 'Analysis.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-24',
    };
    await runAction(context, people.supervisor!, 'record.save', values);
    const first = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect((await runAction(context, people.supervisor!, 'record.amend-form', { requestId: REQUEST, recordId: first.id })).view.data.title).toBe(
      'Not signed yet',
    );
    await runAction(context, people.worker!, 'record.sign', { recordId: first.id });

    expect((await runAction(context, people.worker!, 'record.amend-form', { requestId: REQUEST, recordId: first.id })).view.data.title).toBe(
      "This isn't yours to act on",
    );
    const formView = await runAction(context, people.supervisor!, 'record.amend-form', { requestId: REQUEST, recordId: first.id });
    expect(formView.view.data).toMatchObject({ amending: true, saveVerb: 'record.amend', recordId: first.id, actionRows: [] });
    const noReason = await runAction(context, people.supervisor!, 'record.amend', {
      ...values,
      recordId: first.id,
      'f.experience': 'Corrected account.',
      amendReason: '',
    });
    expect(noReason.fieldErrors).toEqual({ amendReason: 'Say why the signed record is being amended.' });
    const amended = await runAction(context, people.supervisor!, 'record.amend', {
      requestId: REQUEST,
      recordId: first.id,
      'f.experience': 'Corrected account.',
      'f.reflection': 'Reflection.',
      'f.analysis': 'Analysis.',
      amendReason: 'The date of the visit was wrong.',
    });
    expect(amended.view.data.title).toBe('Amendment sent to be signed');

    const versions = await store.db.selectFrom('record').selectAll().orderBy('version_no').execute();
    expect(versions.map((version) => [version.version_no, version.signed_at !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((versions[0]!.content as { values: Record<string, string> }).values['f.experience']).toBe('First account.');
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: versions[1]!.id })).view.data.title).toBe('Signed');
    const caseFile = (await outbox()).find((message) => message.idempotency_key === `record:${versions[1]!.id}:signed`)!;
    const text = (caseFile.payload as { view: { data: { text: string } } }).view.data.text.replace(/ {2}\n/g, '\n');
    expect(text).toContain('Version 2, amended by Practice Supervisor B: The date of the visit was wrong.');
    expect(text).toContain('Experience\nCorrected account.');
  });

  it('lists a record written in the first hour of a summer day under that day, by its case and version, with no brackets or jargon', async () => {
    const { runCommand } = await import('../../src/flows/router.js');
    const { clock, context, people } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    // 00:30 on Wed 30 Jun 2027 in London is 23:30 on the 29th in UTC.
    clock.advance(Date.parse('2027-06-29T23:30:00Z') - clock.now().getTime());
    expect((await saveCafcassRecord(context, people, { 'action.1.due': '2027-07-02' })).view.data.title).toBe('Sent to Social Worker C to sign');
    const record = await store.db.selectFrom('record').select('id').executeTakeFirstOrThrow();
    await runAction(context, people.worker!, 'record.sign', { recordId: record.id });
    const list = await runCommand(context, people.supervisor!, 'records CF-204518');
    expect(list.view.data.records).toEqual([
      { title: 'Wed 30 Jun 2027: d) Current harm or risk of harm, version 1', verb: 'record.show', recordId: record.id },
      { title: 'As data for a case system', verb: 'record.json', recordId: record.id },
    ]);
    expect((await runAction(context, people.supervisor!, 'record.show', { recordId: record.id })).view.data.title).toBe(
      'Supervision record for case CF-204518, version 1',
    );
    expect((await runAction(context, people.supervisor!, 'record.json', { recordId: record.id })).view.data.intro).toBe(
      'The record as data, in the JSON format a case system can import: copy all of it.',
    );
  });

  it('lets the practitioner, the line above and auditors read a signed record, refuses others, and audits every read', async () => {
    const { context, people } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const { runCommand } = await import('../../src/flows/router.js');
    await saveCafcassRecord(context, people);
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect((await runCommand(context, people.worker!, 'records CF-204518')).view.data.text).toBe('There is no signed record for this case that you may read.');
    await runAction(context, people.worker!, 'record.sign', { recordId: record.id });

    for (const reader of ['worker', 'supervisor', 'service', 'auditor']) {
      const list = await runCommand(context, people[reader]!, 'records CF-204518');
      expect(list.view.card, reader).toBe('records');
      const shown = await runAction(context, people[reader]!, 'record.show', { recordId: record.id });
      expect(shown.view.data.text, reader).toContain('Case reference: CF-204518');
    }
    const json = await runAction(context, people.auditor!, 'record.json', { recordId: record.id });
    expect(JSON.parse(json.view.data.text as string)).toMatchObject({ caseReference: 'CF-204518', version: 1, fields: { 'f.experience': 'What happened.' } });
    expect((await runCommand(context, people.other!, 'records CF-204518')).view.data.text).toBe('There is no signed record for this case that you may read.');
    expect((await runAction(context, people.other!, 'record.show', { recordId: record.id })).view.data.title).toBe("This isn't yours to read");
    expect((await runCommand(context, people.worker!, 'records Jane')).view.data.title).toBe('Which case?');

    const reads = await store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'record.read%').orderBy('id').execute();
    expect(reads.map((read) => read.action)).toEqual(['record.read', 'record.read', 'record.read', 'record.read', 'record.read', 'record.read.refused']);
  });

  it('offers the signed record as a file of exactly the case-file text, to those who may read it, and audits the taking', async () => {
    const { context, people, outbox } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const { takeRecordFile } = await import('../../src/flows/recordFile.js');
    await saveCafcassRecord(context, people);
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect((await runAction(context, people.supervisor!, 'record.download', { requestId: REQUEST, recordId: record.id })).view.data.text).toBe(
      'That record is not one I know.',
    );
    await runAction(context, people.worker!, 'record.sign', { recordId: record.id });
    const signedCard = (await outbox()).find((row) => row.idempotency_key === `record:${record.id}:signed`)!.payload as {
      view: { data: { text: string; buttons: { verb: string }[] } };
    };
    expect(signedCard.view.data.buttons.map((button) => button.verb)).toEqual(['record.amend-form', 'record.download']);

    const offer = await runAction(context, people.supervisor!, 'record.download', { requestId: REQUEST, recordId: record.id });
    // Held when accepted: Mon 23 Nov 2026.
    expect(offer.file).toEqual({
      recordId: record.id,
      name: `supervision-CF-204518-2026-11-23-v1-${record.id.replace(/-/g, '').slice(0, 6)}.txt`,
      bytes: expect.any(Number),
      description: expect.stringContaining('signed supervision record'),
    });
    // Another trigger's record of the same case, held the same day: a name of its own, or one file would replace the other.
    const { recordFileName } = await import('../../src/flows/recordFile.js');
    const row = await store.db.selectFrom('record').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
    const other = recordFileName(context, { ...row, id: 'e7c1d2a0-0000-4000-8000-000000000000', signed_at: row.signed_at! });
    expect(other).toBe('supervision-CF-204518-2026-11-23-v1-e7c1d2.txt');
    expect(other).not.toBe(offer.file!.name);
    expect(await store.db.selectFrom('audit_log').select('action').where('action', 'like', 'record.download%').execute()).toEqual([]);
    for (const reader of ['worker', 'supervisor', 'service', 'auditor']) {
      const taken = await takeRecordFile(context, people[reader]!, { recordId: record.id });
      expect(taken.ok, reader).toBe(true);
      if (!taken.ok) continue;
      expect(taken.name).toBe(offer.file!.name);
      expect(taken.text).toBe(signedCard.view.data.text);
      expect(Buffer.byteLength(taken.text)).toBe(offer.file!.bytes);
    }
    const shown = await runAction(context, people.auditor!, 'record.show', { recordId: record.id });
    expect(shown.view.data.buttons).toEqual([{ title: 'Download as a file', verb: 'record.download' }]);
    expect((await runAction(context, people.auditor!, 'record.json', { recordId: record.id })).view.data.buttons).toEqual([]);

    const refusedOffer = await runAction(context, people.other!, 'record.download', { requestId: REQUEST, recordId: record.id });
    expect(refusedOffer.view.data.title).toBe("This isn't yours to read");
    expect(refusedOffer.file).toBeUndefined();
    const refusedTake = await takeRecordFile(context, people.other!, { recordId: record.id });
    expect(refusedTake.ok).toBe(false);
    const audits = await store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'record.download%').orderBy('id').execute();
    expect(audits).toEqual([
      ...['worker', 'supervisor', 'service', 'auditor'].map((reader) => ({ action: 'record.download', actor_id: people[reader]!.id })),
      { action: 'record.download.refused', actor_id: people.other!.id },
      { action: 'record.download.refused', actor_id: people.other!.id },
    ]);
  });

  it('gives a personal record as the personal-file text, to the supervision line only', async () => {
    const { context, people } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const { takeRecordFile } = await import('../../src/flows/recordFile.js');
    await saveCafcassRecord(context, people, { 'f.reflection': 'How it felt.' });
    // As a pack's personal kind records it (no trigger records as one yet).
    await store.db.updateTable('record').set({ stored_on: 'personal-record' }).execute();
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    await runAction(context, people.worker!, 'record.sign', { recordId: record.id });

    const offer = await runAction(context, people.worker!, 'record.download', { requestId: REQUEST, recordId: record.id });
    expect(offer.file?.name).toBe(`supervision-personal-CF-204518-2026-11-23-v1-${record.id.replace(/-/g, '').slice(0, 6)}.txt`);
    for (const reader of ['worker', 'supervisor', 'service']) {
      const taken = await takeRecordFile(context, people[reader]!, { recordId: record.id });
      expect(taken.ok && taken.text.split('\n')[0], reader).toBe('Personal supervision record (for the personal supervision file, not the case file)');
      expect(taken.ok && taken.text, reader).not.toContain('ChildFirst');
    }
    const auditor = await runAction(context, people.auditor!, 'record.download', { requestId: REQUEST, recordId: record.id });
    expect(auditor.view.data.title).toBe("This isn't yours to read");
    expect((await takeRecordFile(context, people.auditor!, { recordId: record.id })).ok).toBe(false);
    // The auditor still reads it in chat, audited, without a download button.
    const shown = await runAction(context, people.auditor!, 'record.show', { recordId: record.id });
    expect(shown.view.data.intro).toContain('It belongs on the personal supervision file, not the case file.');
    expect(shown.view.data.buttons).toEqual([]);
  });

  it('keeps a draft for the supervisor only, and opens it again later', async () => {
    const { context, people } = await setup('cafcass', 'established', 'harm-or-risk', 'CF-204518');
    const draft = await runAction(context, people.supervisor!, 'record.save', { requestId: REQUEST, 'f.experience': 'Half written.', draft: 'true' });
    expect(draft.view.card).toBe('record');
    expect(draft.view.data.saved).toBe('Draft saved at Mon 23 Nov 2026 10:00. Nobody else sees it until you save it without the draft tick.');
    expect(draft.fieldErrors).toBeUndefined();
    expect(await store.db.selectFrom('record').selectAll().execute()).toEqual([]);
    const reopened = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
    expect((reopened.view.data.fields as { inputId: string; value: string }[]).find((field) => field.inputId === 'f.experience')!.value).toBe('Half written.');
    const trigger = await store.db.selectFrom('trigger_request').select('state').executeTakeFirstOrThrow();
    expect(trigger.state).toBe('accepted');
  });

  it("records a Bexley closure decision in Signs of Safety; a disagreement is kept and goes to the supervisor's manager", async () => {
    const { context, people, outbox } = await setup('bexley', 'case-holder', 'closure', 'ICS-55012');
    const open = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
    const labels = (open.view.data.fields as { label: string }[]).map((field) => field.label);
    expect(labels).toContain('Current safety scale rating');
    const scaleError = await runAction(context, people.supervisor!, 'record.save', { requestId: REQUEST, 'f.current-scale': '11' });
    expect(scaleError.fieldErrors?.['f.current-scale']).toBe('Give a whole number from 0 to 10.');

    const values = {
      requestId: REQUEST,
      'f.case-status': 'CHIN',
      'f.last-visit': '2026-11-20',
      'f.details-up-to-date': 'yes',
      'f.summary-up-to-date': 'yes',
      'f.chronology-up-to-date': 'no',
      'f.notes-up-to-date': 'yes',
      'f.progress': 'Plan goals met.',
      'f.working-well': 'Family network is strong.',
      'f.worried': 'Little now.',
      'f.current-scale': '8',
      'f.presenting-issues': 'The plan goals are met.',
      'f.options': 'Close the case\nStep down to early help',
      'f.option-chosen': 'Close the case',
      'f.rationale': 'Safety goals met for six months.',
      'action.1.what': 'Write the closure summary',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-27',
    };
    const saved = await runAction(context, people.supervisor!, 'record.save', values);
    expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
    const record = await store.db.selectFrom('record').selectAll().executeTakeFirstOrThrow();

    const empty = await runAction(context, people.worker!, 'record.dispute', { recordId: record.id, comment: ' ' });
    expect(empty.fieldErrors).toEqual({ comment: 'Say what you disagree with.' });
    const disputed = await runAction(context, people.worker!, 'record.dispute', { recordId: record.id, comment: 'Closing now is too early.' });
    expect(disputed.view.data.text).toBe('You signed, and your disagreement is recorded with the record.');
    const stored = await store.db.selectFrom('record').select(['content', 'signed_at']).executeTakeFirstOrThrow();
    expect(stored.signed_at).not.toBeNull();
    expect((stored.content as { disagreement: string }).disagreement).toBe('Closing now is too early.');
    const keys = (await outbox()).map((message) => [message.idempotency_key, message.conversation]);
    expect(keys).toContainEqual([`record:${record.id}:dispute`, 'U0SERVICE1']);
    const caseFile = (await outbox()).find((message) => message.idempotency_key === `record:${record.id}:signed`)!;
    expect((caseFile.payload as { view: { data: { text: string } } }).view.data.text.replace(/ {2}\n/g, '\n')).toContain(
      'Practitioner disagrees\nClosing now is too early.',
    );
  });
});

describe('every Cafcass trigger, and an Islington significant decision, from raise to signed record', () => {
  let store: Store;
  afterEach(async () => store?.close());

  async function walk(policy: string, cohort: string, caseReference: string, triggerIds: string[]) {
    store = await databases[0]!.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const loaded = pack(policy);
    expect(
      (await importDirectory({ db: store.db, pack: loaded.pack, fileName: 'staff.csv', text: directory.replaceAll('COHORT', cohort), now: clock.now() })).ok,
    ).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    const signedStates: string[] = [];
    for (const [index, triggerId] of triggerIds.entries()) {
      const requestId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      const trigger = loaded.pack.triggers[triggerId]!;
      const raised = await runAction(context, people.worker!, 'raise.submit', {
        triggerId,
        requestId,
        caseReference,
        urgency: trigger.urgency,
        experience: 'What happened.',
        goal: 'What I need.',
        availability: '',
      });
      expect(raised.view.card, triggerId).toBe('trigger-status');
      expect((await runAction(context, people.supervisor!, 'trigger.accept', { requestId })).view.data.title).toBe('You accepted this request');
      const form = await runAction(context, people.supervisor!, 'record.open', { requestId });
      const values: Record<string, string> = {
        requestId,
        'action.1.what': `Follow-up for ${triggerId}`,
        'action.1.owner': people.worker!.id,
        'action.1.due': '2026-11-30',
      };
      for (const field of form.view.data.fields as { inputId: string; kind: string; options: { value: string }[]; min: number }[]) {
        values[field.inputId] =
          field.kind === 'number' ? String(field.min) : field.kind === 'choice' ? field.options[0]!.value : field.kind === 'date' ? '2026-11-20' : 'Written.';
      }
      // Actions agreed for earlier triggers on this case come up for review each time.
      for (const previous of form.view.data.previous as { inputId: string }[]) values[previous.inputId] = 'done';
      const saved = await runAction(context, people.supervisor!, 'record.save', values);
      expect(saved.view.data.title, `${triggerId}: ${JSON.stringify(saved.fieldErrors)}`).toBe('Sent to Social Worker C to sign');
      const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
      expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
      signedStates.push((await store.db.selectFrom('trigger_request').select('state').where('id', '=', requestId).executeTakeFirstOrThrow()).state);
    }
    return { signedStates, store };
  }

  it("walks Cafcass's eight mandatory triggers, a) to h)", async () => {
    const triggers = Object.entries(pack('cafcass').pack.triggers)
      .filter(([, trigger]) => trigger.mandatory)
      .map(([id]) => id);
    expect(triggers).toHaveLength(8);
    const { signedStates } = await walk('cafcass', 'established', 'CF-204518', triggers);
    expect(signedStates).toEqual(Array(8).fill('signed'));
    const actions = await store.db.selectFrom('action_item').select('status').orderBy('description').execute();
    // Each earlier action was marked done at the next record; the last stays open.
    expect(actions.filter((action) => action.status === 'open')).toHaveLength(1);
    expect(actions.filter((action) => action.status === 'done')).toHaveLength(7);
  });

  it('walks an Islington significant case decision, whose text for LCS goes under the Management Decision heading', async () => {
    const { signedStates } = await walk('islington', 'case-holder', 'LCS-778812', ['significant-decision']);
    expect(signedStates).toEqual(['signed']);
    // A decision outside formal one-to-one supervision is filed under 'Management Decision' (Islington, "Management oversight").
    const record = await store.db.selectFrom('record').select('id').executeTakeFirstOrThrow();
    const signed = await store.db.selectFrom('outbox').select('payload').where('idempotency_key', '=', `record:${record.id}:signed`).executeTakeFirstOrThrow();
    const text = (signed.payload as { view: { data: { text: string } } }).view.data.text;
    expect(text.split('\n')[0]).toBe('Management Decision');
  });
});

describe.each(databases)('recording deadlines on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('reminds the supervisor halfway (in working hours), then tells them and their manager once it is overdue, once each', async () => {
    store = await database.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const loaded = pack('cafcass');
    await importDirectory({ db: store.db, pack: loaded.pack, fileName: 'staff.csv', text: directory.replaceAll('COHORT', 'established'), now: clock.now() });
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    const { Sweeper } = await import('../../src/delivery/sweeper.js');
    const { recordDeadlineProvider } = await import('../../src/flows/recordDeadlines.js');
    const sweeper = new Sweeper(store.db, clock, [recordDeadlineProvider(context)]);
    await runAction(context, people.worker!, 'raise.submit', {
      triggerId: 'harm-or-risk',
      requestId: REQUEST,
      caseReference: 'CF-204518',
      urgency: 'urgent',
      experience: 'x',
      goal: 'y',
      availability: '',
    });
    await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
    // Risk of harm is a significant decision: recorded within 24 hours, so by Tue 10:00. Halfway is Mon 22:00,
    // outside working hours: the reminder waits for Tue 09:00.
    const keys = async () =>
      (
        await store.db.selectFrom('outbox').select(['idempotency_key', 'conversation']).where('idempotency_key', 'like', 'record-due:%').orderBy('id').execute()
      ).map((row) => `${row.idempotency_key.split(':').slice(2).join(':')} ${row.conversation}`);
    clock.advance(11 * 60 * 60_000); // Mon 21:00
    await sweeper.sweepOnce();
    expect(await keys()).toEqual([]);
    clock.advance(61 * 60_000); // Mon 22:01
    await sweeper.sweepOnce();
    expect(await keys()).toEqual([]);
    clock.advance(10 * 60 * 60_000 + 59 * 60_000); // Tue 09:00
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    expect(await keys()).toEqual(['reminder:supervisor U0SUPERV1']);
    clock.advance(61 * 60_000); // Tue 10:01
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    expect(await keys()).toEqual(['reminder:supervisor U0SUPERV1', 'overdue:supervisor U0SUPERV1', 'overdue:manager U0SERVICE1']);
  });
});

describe('a restart in the middle', () => {
  it('keeps the trigger in the database: recording and signing go on after the bot restarts, nothing sent twice', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openStore } = await import('../../src/store/open.js');
    const { migrateToLatest } = await import('../../src/store/migrate.js');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'restart-'));
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const loaded = pack('cafcass');
    const start = async () => {
      const opened = await openStore({ kind: 'pglite', dataDir });
      await migrateToLatest(opened.db);
      return opened;
    };
    let running = await start();
    await importDirectory({ db: running.db, pack: loaded.pack, fileName: 'staff.csv', text: directory.replaceAll('COHORT', 'established'), now: clock.now() });
    const person = async (name: string) =>
      (await running.db.selectFrom('person').selectAll().where('email', '=', `${name}@example.org`).executeTakeFirstOrThrow()) as Actor;
    let context: FlowContext = { db: running.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    await runAction(context, await person('worker'), 'raise.submit', {
      triggerId: 'reunification',
      requestId: REQUEST,
      caseReference: 'CF-204518',
      urgency: 'priority',
      experience: 'x',
      goal: 'y',
      availability: '',
    });
    await runAction(context, await person('supervisor'), 'trigger.accept', { requestId: REQUEST });
    await running.close();

    running = await start();
    context = { db: running.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    expect((await runAction(context, await person('supervisor'), 'trigger.accept', { requestId: REQUEST })).view.data.title).toBe('Already accepted');
    const saved = await runAction(context, await person('supervisor'), 'record.save', {
      requestId: REQUEST,
      'f.experience': 'x',
      'f.reflection': 'y',
      'f.analysis': 'z',
      'action.1.what': 'Plan the return home',
      'action.1.owner': (await person('worker')).id,
      'action.1.due': '2026-11-27',
    });
    expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
    const outbox = await running.db.selectFrom('outbox').select('idempotency_key').execute();
    expect(new Set(outbox.map((row) => row.idempotency_key)).size).toBe(outbox.length);
    expect(outbox.map((row) => row.idempotency_key)).toEqual(expect.arrayContaining([`trigger:${REQUEST}:accepted`]));
    await running.close();
  });
});
