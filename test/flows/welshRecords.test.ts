// Cymraeg (issue 21) for records: the record form, the card to sign and what signing says are in each reader's
// language, the notices in the recipient's; the case-file text stays in the organisation's record language (English).
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { renderCard } from '../../src/cards/render.js';
import { t } from '../../src/i18n/catalogue.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import type { View } from '../../src/cards/catalog.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { WELSH_REQUEST, shown } from '../support/welshTeam.js';
import { recordValues } from '../support/recording.js';
import { addAction } from '../support/actions.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { reminderSources } from '../../src/flows/reminderSources.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { broughtForwardTo } from '../../src/flows/broughtForward.js';
import { recordDeadlineProvider } from '../../src/flows/recordDeadlines.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
opsa@example.org,Head of Operations A,senior-manager,Wales,,,,U0OPSA
pm@example.org,Practice Manager P,supervisor,Wales,opsa@example.org,,,U0PM
worker@example.org,Gweithiwr Cymdeithasol C,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER1
`;
const REQUEST = WELSH_REQUEST;

/** The record form's fields, by their heading and help. */
const fieldsOf = (view: View) => (view.data.fields as { label: string; help: string }[]).map(({ label, help }) => ({ label, help }));

describe.each(databases)('records in Cymraeg on $name', (database) => {
  /** A trigger raised by the practitioner and accepted by the supervisor, each in the language given. */
  async function accepted(languages: { worker: 'cy' | 'en-GB'; supervisor: 'cy' | 'en-GB' }) {
    const found = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    const { context, people, store } = found;
    await store.db.updateTable('person').set({ language: languages.worker }).where('id', '=', people.worker!.id).execute();
    await store.db.updateTable('person').set({ language: languages.supervisor }).where('id', '=', people.pm!.id).execute();
    const worker: Actor = { ...people.worker!, language: languages.worker };
    const supervisor: Actor = { ...people.pm!, language: languages.supervisor };
    const raised = await runAction(context, worker, 'raise.submit', {
      triggerId: 'case-consultation',
      requestId: REQUEST,
      caseReference: '204518',
      urgency: 'priority',
      experience: 'The family moved.',
      goal: 'Agree the next step.',
      availability: '',
    });
    expect(raised.fieldErrors).toBeUndefined();
    await runAction(context, supervisor, 'trigger.accept', { requestId: REQUEST });
    const notices = () => store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    return { ...found, worker, supervisor, notices };
  }

  it('an English-speaking supervisor records in English; the Welsh-speaking practitioner signs in Welsh; the case file is in English', async () => {
    const { context, store, worker, supervisor, notices } = await accepted({ worker: 'cy', supervisor: 'en-GB' });
    const form = await runAction(context, supervisor, 'record.open', { requestId: REQUEST });
    expect(form.view.speech).toBe('en-GB');
    expect(form.view.data.title).toMatch(/^Record of supervision: /);
    expect(form.view.data.facts).toContainEqual({ title: 'Practitioner', value: 'Gweithiwr Cymdeithasol C' });
    expect(fieldsOf(form.view)).toContainEqual({ label: 'Key details of the discussion', help: 'Succinctly.' });
    expect(shown(form.view)).toContain('"title":"Add another action"');
    expect(shown(form.view)).not.toContain('Ychwanegu');

    const values = recordValues(form.view, { caseReference: '204518', actionDue: '2026-12-07', what: 'Call the school' });
    const saved = await runAction(context, supervisor, 'record.save', { ...values, significant: String(form.view.data.significant) });
    expect(saved.fieldErrors).toBeUndefined();
    expect(saved.view.data.title).toBe('Sent to Gweithiwr Cymdeithasol C to sign');

    // The card to sign reaches the practitioner in Welsh, its date in Welsh too.
    const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', REQUEST).executeTakeFirstOrThrow();
    const toSign = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:sign`)!;
    expect(toSign.conversation).toBe('U0WORKER1');
    const { text, view } = toSign.payload as { text: string; view: View };
    expect(text).toBe("Mae eich cofnod goruchwylio ar gyfer achos 204518 yn barod i'w lofnodi");
    expect(view).toMatchObject({ card: 'record-sign', speech: 'cy' });
    expect(view.data.title).toBe("Eich cofnod goruchwylio i'w lofnodi");
    expect(view.data.intro).toBe(
      "Cofnododd Practice Manager P eich goruchwyliaeth ar achos 204518. Darllenwch ef, yna cytunwch a llofnodi, neu llofnodwch gyda'ch anghytundeb wedi'i gofnodi.",
    );
    expect(view.data.sections).toContainEqual({ title: 'Cam gweithredu', value: 'Call the school (Gweithiwr Cymdeithasol C, erbyn Llun 7 Rhag 2026)' });
    // The pack's Welsh headings (Cafcass Cymru's recording models).
    expect(view.data.sections).toContainEqual({ title: 'Manylion allweddol y drafodaeth', value: 'Written.' });
    expect(shown(view)).toContain('"title":"Cytuno a llofnodi"');
    expect(shown(view)).not.toContain('Agree and sign');
    expect(JSON.stringify(toBlockKit('record-sign', renderCard(view)))).toContain("Rwy'n anghytuno");

    // Signing answers in Welsh; the supervisor is given the case-file text in English, on a card in English.
    const signed = await runAction(context, worker, 'record.sign', { recordId: record.id });
    expect(signed.view.speech).toBe('cy');
    expect(signed.view.data.title).toBe("Wedi'i lofnodi");
    expect(shown(signed.view)).toContain('Rydych chi wedi cytuno a llofnodi');
    const caseFile = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:signed`)!;
    const filed = caseFile.payload as { text: string; view: View };
    expect(filed.text).toBe('Gweithiwr Cymdeithasol C signed the supervision record for case 204518');
    expect(filed.view).toMatchObject({ card: 'case-file', speech: 'en-GB' });
    expect(filed.view.data.title).toBe('Gweithiwr Cymdeithasol C signed: copy this to the case file');
    expect(filed.view.data.text).toContain('Case reference: 204518');
    expect(filed.view.data.text).toContain('Key details of the discussion');
    expect(shown(filed.view)).toContain('"title":"Amend the record"');

    // The practitioner reads the signed record later: the list and the card in Welsh, the record's text in English.
    const list = await runCommand(context, worker, 'records 204518');
    expect(list.view).toMatchObject({ card: 'records', speech: 'cy' });
    expect(list.view.data.title).toBe('Cofnodion goruchwylio ar gyfer 204518');
    expect(list.view.data.records).toContainEqual({ title: 'Llun 23 Tach 2026: Ymgynghori ar achos, fersiwn 1', verb: 'record.show', recordId: record.id });
    const read = await runAction(context, worker, 'record.show', { recordId: record.id });
    expect(read.view.data.title).toBe('Cofnod goruchwylio ar gyfer achos 204518, fersiwn 1');
    expect(read.view.data.intro).toBe('Llofnodwyd Llun 23 Tach 2026 10:00.');
    expect(read.view.data.text).toContain('Key details of the discussion');
    expect(shown(read.view)).toContain('"title":"Ei lawrlwytho fel ffeil"');
  });

  it('a Welsh-speaking supervisor records in Welsh, its problems in Welsh; the English-speaking practitioner signs in English', async () => {
    const { context, store, worker, supervisor, notices } = await accepted({ worker: 'en-GB', supervisor: 'cy' });
    const form = await runAction(context, supervisor, 'record.open', { requestId: REQUEST });
    expect(form.view.speech).toBe('cy');
    // The pack's Welsh for its recording model: its title, headings and help.
    expect(form.view.data.title).toBe("Cofnod o'r oruchwyliaeth: Cofnod goruchwyliaeth sefyllfaol");
    expect(fieldsOf(form.view)).toEqual([
      { label: 'Manylion allweddol y drafodaeth', help: 'Yn gryno.' },
      { label: 'Penderfyniadau (dewisol)', help: '' },
    ]);
    expect(form.view.data.facts).toContainEqual({ title: 'Ymarferydd', value: 'Gweithiwr Cymdeithasol C' });
    expect(form.view.data.facts).toContainEqual({ title: 'Sbardun', value: 'Ymgynghori ar achos' });
    expect(shown(form.view)).toContain('"title":"Ychwanegu cam gweithredu arall"');
    expect(shown(form.view)).toContain('"label":"Cam gweithredu 1: beth"');
    expect(shown(form.view)).not.toContain('Add another action');
    // Slack's modal, in Welsh too.
    expect(JSON.stringify(toBlockKit('record', renderCard(form.view)))).toContain("Cofnod o'r oruchwyliaeth");

    // An action without its lead or date comes back in Welsh, by its field.
    const values = recordValues(form.view, { caseReference: '204518', actionDue: '2026-12-07' });
    const again = await runAction(context, supervisor, 'record.save', { ...values, 'action.1.owner': '', significant: 'false' });
    expect(again.fieldErrors).toMatchObject({ 'action.1.what': 'Mae angen beth, pwy ac erbyn pryd ar gam gweithredu 1.' });
    // A heading left empty is asked for by its Welsh heading.
    const empty = await runAction(context, supervisor, 'record.save', { ...values, 'f.discussion': '', significant: 'false' });
    expect(empty.fieldErrors).toEqual({ 'f.discussion': 'Ysgrifennwch “Manylion allweddol y drafodaeth”.' });
    // A draft is saved, and said, in Welsh.
    const draft = await runAction(context, supervisor, 'record.save', { ...values, significant: 'false', draft: 'true' });
    expect(draft.view.data.saved).toBe('Cadwyd y drafft am Llun 23 Tach 2026 10:00. Nid oes neb arall yn ei weld nes i chi ei gadw heb dicio Drafft.');

    const saved = await runAction(context, supervisor, 'record.save', { ...values, significant: 'false' });
    expect(saved.fieldErrors).toBeUndefined();
    expect(saved.view.data.title).toBe("Wedi'i anfon at Gweithiwr Cymdeithasol C i'w lofnodi");
    const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', REQUEST).executeTakeFirstOrThrow();
    const toSign = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:sign`)!;
    const { text, view } = toSign.payload as { text: string; view: View };
    expect(text).toBe('Your supervision record for case 204518 is ready to sign');
    expect(view).toMatchObject({ card: 'record-sign', speech: 'en-GB' });
    expect(view.data.title).toBe('Your supervision record to sign');
    expect(shown(view)).toContain('"title":"Agree and sign"');
    expect(shown(view)).not.toContain('Cytuno');

    const signed = await runAction(context, worker, 'record.sign', { recordId: record.id });
    expect(signed.view.data.title).toBe('Signed');
    // The Welsh-speaking supervisor's card about it is in Welsh; the text for the case file is still in English.
    const filed = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:signed`)!.payload as { text: string; view: View };
    expect(filed.text).toBe('Llofnododd Gweithiwr Cymdeithasol C y cofnod goruchwylio ar gyfer achos 204518');
    expect(filed.view.data.title).toBe('Llofnododd Gweithiwr Cymdeithasol C: copïwch hwn i ffeil yr achos');
    expect(filed.view.data.text).toContain('Case reference: 204518');
    expect(filed.view.data.text).toContain('Key details of the discussion');
    expect(filed.view.data.text).not.toContain('Manylion');
    expect(shown(filed.view)).toContain("Diwygio'r cofnod");
  });

  it('a Welsh-speaking practitioner disagrees in Welsh; the manager told, who has not chosen, reads Welsh and English', async () => {
    const { context, store, worker, supervisor, notices } = await accepted({ worker: 'cy', supervisor: 'en-GB' });
    const form = await runAction(context, supervisor, 'record.open', { requestId: REQUEST });
    await runAction(context, supervisor, 'record.save', {
      ...recordValues(form.view, { caseReference: '204518', actionDue: '2026-12-07' }),
      significant: 'false',
    });
    const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', REQUEST).executeTakeFirstOrThrow();

    const disagree = await runAction(context, worker, 'record.disagree', { recordId: record.id });
    expect(disagree.view).toMatchObject({ card: 'record-disagree', speech: 'cy' });
    expect(disagree.view.data.intro).toBe("Caiff eich anghytundeb ei gadw gyda'r cofnod, a bydd eich goruchwyliwr a'i reolwr yn cael gwybod.");
    expect(shown(disagree.view)).toContain('"label":"Eich anghytundeb"');
    const empty = await runAction(context, worker, 'record.dispute', { recordId: record.id, comment: ' ' });
    expect(empty.view.data.error).toBe("Dywedwch gyda beth rydych chi'n anghytuno.");

    const signed = await runAction(context, worker, 'record.dispute', { recordId: record.id, comment: 'Mae’r risg yn uwch.' });
    expect(signed.view.data.title).toBe("Wedi'i lofnodi");
    expect(signed.view.data.text).toBe("Rydych chi wedi llofnodi, ac mae eich anghytundeb wedi'i gofnodi gyda'r cofnod.");
    const told = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:dispute`)!;
    expect(told.conversation).toBe('U0OPSA');
    const { text, view } = told.payload as { text: string; view: View };
    expect(text).toBe(
      'Llofnodwyd cofnod goruchwylio ar gyfer achos 204518 gydag anghytundeb / A supervision record for case 204518 was signed with a disagreement',
    );
    expect(view.speech).toBe('cy+en-GB');
    expect(view.data.title).toBe('Llofnodwyd cofnod gydag anghytundeb / A record was signed with a disagreement');
  });

  it('offers the supervision agreement to each in their own language; a Welsh supervisee sets what was agreed in Welsh', async () => {
    const { context, clock, store, worker, supervisor, notices } = await accepted({ worker: 'cy', supervisor: 'en-GB' });
    // The first supervision session, held: the agreement is offered to both.
    const sessionId = '7d1e2f30-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    const booked = await runAction(context, supervisor, 'session.book', {
      bookingId: sessionId,
      replaces: '',
      supervisee: worker.id,
      kind: 'psm',
      date: '2026-11-25',
      time: '10:00',
      duration: '',
    });
    expect(booked.fieldErrors).toBeUndefined();
    clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
    await runAction(context, supervisor, 'session.held', { sessionId });
    const agreementId = (await store.db.selectFrom('supervision_agreement').select('id').executeTakeFirstOrThrow()).id;
    const offers = (await notices()).filter((notice) => notice.idempotency_key.startsWith(`agreement:${agreementId}:offer:`));
    const offerTo = (conversation: string) => offers.find((notice) => notice.conversation === conversation)!.payload as { text: string; view: View };
    expect(offerTo('U0WORKER1').text).toBe("Cytundeb goruchwylio i'w lofnodi");
    expect(offerTo('U0WORKER1').view.data.title).toBe("Eich cytundeb goruchwylio i'w lofnodi");
    expect(shown(offerTo('U0WORKER1').view)).toContain('"title":"Llofnodi"');
    expect(offerTo('U0PM').text).toBe('A supervision agreement to sign');
    expect(shown(offerTo('U0PM').view)).toContain('"title":"Sign"');

    const form = await runAction(context, worker, 'agreement.arrangements', { agreementId });
    expect(form.view).toMatchObject({ card: 'agreement-arrangements', speech: 'cy' });
    expect(form.view.data.title).toBe('Beth a gytunwyd: goruchwyliaeth Gweithiwr Cymdeithasol C');
    expect(shown(form.view)).toContain('"title":"Cadw"');
    const refused = await runAction(context, worker, 'agreement.arrangements.save', { agreementId, every: 'bob mis', phaseEndedOn: '', practiceReviewOn: '' });
    expect((refused.view.data.errors as Record<string, string>).every).toBe(
      'Pa mor aml: ysgrifennwch rif a days, weeks neu months (yn Saesneg), e.e. 1 month neu 6 weeks.',
    );
  });

  it('shows a heading the pack gives no Welsh for in English, its help marked as the policy’s own words, to a Welsh reader', async () => {
    const { context, supervisor } = await accepted({ worker: 'en-GB', supervisor: 'cy' });
    const model = context.pack.recordingModels.situational!;
    const [first, ...rest] = model.fields;
    const { welsh: _welsh, ...withoutWelsh } = first!;
    const pack = { ...context.pack, recordingModels: { ...context.pack.recordingModels, situational: { ...model, fields: [withoutWelsh, ...rest] } } };
    const form = await runAction({ ...context, pack }, supervisor, 'record.open', { requestId: REQUEST });
    expect(fieldsOf(form.view)[0]).toEqual({ label: 'Key details of the discussion', help: "Succinctly. (geiriau'r polisi ei hun, yn Saesneg)" });
    // Someone who reads both is shown the English, unmarked.
    const both = { ...supervisor, language: 'cy+en-GB' };
    const bilingual = await runAction({ ...context, pack }, both, 'record.open', { requestId: REQUEST });
    expect(fieldsOf(bilingual.view)[0]).toEqual({ label: 'Key details of the discussion', help: 'Succinctly.' });
    expect(fieldsOf(bilingual.view)[1]).toEqual({ label: 'Penderfyniadau (dewisol) / Decisions (optional)', help: '' });
  });
  it('says what is wrong with a typed case reference in the reader’s language: on a case recording, and asking for records', async () => {
    const { context, clock, worker, supervisor } = await accepted({ worker: 'cy', supervisor: 'cy' });
    const psmId = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
    await runAction(context, supervisor, 'session.book', { bookingId: psmId, supervisee: worker.id, kind: 'psm', date: '2026-11-25', time: '10:00' });
    clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
    await runAction(context, supervisor, 'session.held', { sessionId: psmId });
    const psm = await runAction(context, supervisor, 'record.open', { sessionId: psmId });
    const saved = await runAction(context, supervisor, 'record.save', {
      ...recordValues(psm.view, { caseReference: '', actionDue: '2026-12-18' }),
      'f.cases-discussed': 'yes',
      'f.prd-combined': 'no',
    });
    expect(saved.view.data.caseReference).toMatchObject({ ask: true });
    const named = await runAction(context, supervisor, 'record.save', {
      ...recordValues(saved.view, { caseReference: 'Jane Smith', actionDue: '2026-12-18' }),
    });
    expect(named.fieldErrors?.caseReference).toBe("Nid yw hwnnw'n gyfeirnod achos IRIS. Mae'n edrych fel 204518. Peidiwch byth â theipio enw plentyn yma.");

    const asked = await runCommand(context, worker, 'records Jane Smith');
    expect(asked.view.speech).toBe('cy');
    expect(asked.view.data.title).toBe('Pa achos?');
    expect(asked.view.data.text).toBe(
      "Ysgrifennwch /supervision records a chyfeirnod achos. Nid yw hwnnw'n gyfeirnod achos IRIS. Mae'n edrych fel 204518. Peidiwch byth â theipio enw plentyn yma.",
    );
    // Someone who reads both is told in each language, each sentence whole.
    const both = await runCommand(context, { ...worker, language: 'cy+en-GB' }, 'records Jane Smith');
    expect(both.view.data.text).toContain(
      "Ysgrifennwch /supervision records a chyfeirnod achos. Nid yw hwnnw'n gyfeirnod achos IRIS. Mae'n edrych fel 204518. Peidiwch byth â theipio enw plentyn yma.",
    );
    expect(both.view.data.text).toContain(
      "Write /supervision records and a case reference. That is not a IRIS case reference. It looks like 204518. Never type a child's name here.",
    );
  });
  it('reminds each owner of an action in their own language: due soon, then overdue; the English reader unchanged', async () => {
    const { context, clock, people, store } = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.worker!.id).execute();
    await store.db.updateTable('person').set({ language: 'en-GB' }).where('id', '=', people.pm!.id).execute();
    const action = { authorId: people.pm!.id, superviseeId: people.worker!.id, due: '2026-11-25', caseReference: '204518' };
    await addAction(store.db, { ...action, ownerId: people.worker!.id, what: 'Ffonio’r ysgol' });
    await addAction(store.db, { ...action, ownerId: people.pm!.id, what: 'Read the school report' });
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, reminderSources(context))]);
    for (const day of ['23', '24', '25', '26', '27']) {
      for (const time of ['09:00', '09:05', '12:00']) {
        const instant = Date.parse(`2026-11-${day}T${time}:00Z`);
        if (instant > clock.now().getTime()) clock.advance(instant - clock.now().getTime());
        await sweeper.sweepOnce();
      }
    }
    const reminders = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute())
      .map(({ conversation, payload }) => ({ conversation, ...(payload as { text: string; view: View }) }))
      .filter((sent) => sent.view.card === 'action-reminder');
    const to = (conversation: string) => reminders.filter((sent) => sent.conversation === conversation);
    expect(to('U0WORKER1').map((sent) => sent.text)).toEqual([
      'Mae cam gweithredu ar gyfer achos 204518 yn ddyledus erbyn Mer 25 Tach 2026',
      'Mae cam gweithredu ar gyfer achos 204518 yn hwyr: roedd yn ddyledus erbyn Mer 25 Tach 2026',
    ]);
    const [soon, overdue] = to('U0WORKER1').map((sent) => sent.view);
    expect(soon).toMatchObject({ speech: 'cy', data: { title: 'Mae cam gweithredu yn ddyledus cyn bo hir' } });
    expect(overdue!.data.title).toBe('Mae cam gweithredu yn hwyr');
    expect(overdue!.data.text).toBe("Roedd yn ddyledus erbyn Mer 25 Tach 2026. Marciwch ef wedi'i wneud os yw wedi'i wneud, neu gofynnwch am ragor o amser.");
    expect(overdue!.data.facts).toContainEqual({ title: 'Yn ddyledus', value: 'erbyn Mer 25 Tach 2026' });
    expect(shown(overdue!)).toContain('"title":"Wedi\'i wneud"');
    expect(shown(overdue!)).not.toContain('Ask for more time');

    expect(to('U0PM').map((sent) => sent.text)).toEqual([
      'An action for case 204518 is due by Wed 25 Nov 2026',
      'An action for case 204518 is overdue: it was due by Wed 25 Nov 2026',
    ]);
    const english = to('U0PM')[1]!.view;
    expect(english.data.title).toBe('An action is overdue');
    expect(english.data.text).toBe('It was due by Wed 25 Nov 2026. Mark it done if it is, or ask for more time.');
    expect(english.data.facts).toEqual([
      { title: 'Case reference', value: '204518' },
      { title: 'Action', value: 'Read the school report' },
      { title: 'Due', value: 'by Wed 25 Nov 2026' },
    ]);
  });
  it("gives a Welsh owner's catch-up after downtime its button to their open actions in Welsh, an English owner's in English", async () => {
    const { context, clock, people, store } = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null, at: '2026-11-19T09:00:00Z' });
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.worker!.id).execute();
    await store.db.updateTable('person').set({ language: 'en-GB' }).where('id', '=', people.pm!.id).execute();
    const action = { authorId: people.pm!.id, superviseeId: people.worker!.id, caseReference: '204518' };
    for (const [ownerId, due] of [
      [people.worker!.id, '2026-11-24'],
      [people.worker!.id, '2026-11-25'],
      [people.pm!.id, '2026-11-24'],
      [people.pm!.id, '2026-11-25'],
    ] as const)
      await addAction(store.db, { ...action, ownerId, due, what: `Cam ${due}` });
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, reminderSources(context))]);
    await sweeper.sweepOnce(); // Thursday 19th: nothing due yet
    expect(await store.db.selectFrom('outbox').select('id').execute()).toEqual([]);
    // Down until Monday 30th: each owner's reminders missed meanwhile come as one catch-up.
    clock.advance(Date.parse('2026-11-30T10:00:00Z') - clock.now().getTime());
    await sweeper.sweepOnce();
    const catchUps = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(({ conversation, payload }) => ({
      conversation,
      view: (payload as { view: View }).view,
    }));
    const button = (conversation: string) => renderCard(catchUps.find((sent) => sent.conversation === conversation)!.view).actions?.[0];
    expect(button('U0WORKER1')).toMatchObject({ title: t('cy', 'button.actions'), verb: 'actions' });
    expect(button('U0PM')).toMatchObject({ title: 'My open actions', verb: 'actions' });
  });

  it('lists what a record brings to the next session with its heading, model and day in the reader’s language, the answer as written', async () => {
    const cafcassDirectory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
    const { context, people, clock } = await flowSetup(database, { policy: 'cafcass', directory: cafcassDirectory, at: '2026-11-02T10:00:00Z' });
    const observation = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c0';
    const book = { replaces: '', supervisee: people.worker!.id, time: '10:00', duration: '90' };
    await runAction(context, people.supervisor!, 'session.book', { ...book, bookingId: observation, kind: 'observation', date: '2026-11-04' });
    clock.advance(Date.parse('2026-11-04T14:00:00Z') - clock.now().getTime());
    await runAction(context, people.supervisor!, 'session.held', { sessionId: observation });
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: observation });
    const values = recordValues(form.view, { caseReference: '', actionDue: '2026-12-18' });
    const learning = (form.view.data.fields as { label: string; inputId: string }[]).find((field) => field.label.startsWith('Learning to discuss'))!;
    values[learning.inputId] = 'Plan the ending of the visit.';
    expect((await runAction(context, people.supervisor!, 'record.save', values)).fieldErrors).toBeUndefined();

    // The pack in Welsh too, for the heading and the model's title.
    const [modelId, model] = Object.entries(context.pack.recordingModels).find(([, entry]) => entry.fields.some((field) => field.bringsTo))!;
    const fields = model.fields.map((field) => (field.bringsTo ? { ...field, welsh: { label: 'Dysgu i’w drafod yn y PLR nesaf' } } : field));
    const pack = {
      ...context.pack,
      recordingModels: { ...context.pack.recordingModels, [modelId]: { ...model, fields, welsh: { title: 'Cofnod arsylwi ymarfer' } } },
    };
    const plr = { id: 'plr', kind: 'plr', supervisee_id: people.worker!.id, starts_at: new Date('2026-12-01T10:00:00Z') };
    const welsh = (await broughtForwardTo({ ...context, pack }, context.db, [plr], 'cy')).get('plr');
    expect(welsh).toEqual({ title: 'Dysgu i’w drafod yn y PLR nesaf', text: '- Cofnod arsylwi ymarfer, Mer 4 Tach 2026: Plan the ending of the visit.' });
    // Without a speech, as the preparation cards have always had it: English, word for word.
    expect((await broughtForwardTo({ ...context, pack }, context.db, [plr])).get('plr')).toEqual({
      title: 'Learning to discuss at the next PLR',
      text: '- Practice observation record, Wed 4 Nov 2026: Plan the ending of the visit.',
    });
  });
  it('refuses a language the settings card does not offer in the reader’s language; an English reader word for word', async () => {
    const { context, people } = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    const refusedTo = async (language: string) =>
      (await runAction(context, { ...people.worker!, language }, 'settings.save', { reminderTime: '09:30', language: 'fr' })).fieldErrors;
    expect(await refusedTo('cy')).toEqual({ language: 'Dewiswch Gymraeg neu English.' });
    expect(await refusedTo('en-GB')).toEqual({ language: 'Choose Cymraeg or English.' });
  });
  it('reminds a Welsh-speaking supervisor of a record due, then overdue, in Welsh; their manager who has not chosen in Welsh and English', async () => {
    const { context, clock, store, notices } = await accepted({ worker: 'en-GB', supervisor: 'cy' });
    const sweeper = new Sweeper(store.db, clock, [recordDeadlineProvider(context)]);
    for (let day = 23; day <= 30 + 4; day += 1) {
      const date = day <= 30 ? `2026-11-${String(day).padStart(2, '0')}` : `2026-12-0${day - 30}`;
      const instant = Date.parse(`${date}T11:00:00Z`);
      if (instant > clock.now().getTime()) clock.advance(instant - clock.now().getTime());
      await sweeper.sweepOnce();
    }
    const due = (await notices()).filter((notice) => notice.idempotency_key.startsWith('record-due:'));
    const to = (conversation: string) =>
      due.filter((notice) => notice.conversation === conversation).map((notice) => notice.payload as { text: string; view: View });
    const [reminder, overdue] = to('U0PM');
    expect(reminder!.text).toMatch(/^Mae'r cofnod goruchwylio ar gyfer achos 204518 yn ddyledus erbyn /);
    expect(reminder!.view).toMatchObject({ speech: 'cy', data: { title: 'Mae cofnod goruchwylio yn ddyledus cyn bo hir' } });
    expect(shown(reminder!.view)).toContain("Cofnodi'r drafodaeth");
    expect(overdue!.text).toBe("Mae'r cofnod goruchwylio ar gyfer achos 204518 yn hwyr");
    expect(overdue!.view.data.text).toMatch(/^Roedd yn ddyledus erbyn .+\. Mae eich rheolwr wedi cael gwybod\.$/);
    const [manager] = to('U0OPSA');
    expect(manager!.text).toBe('Mae cofnod goruchwylio ar gyfer achos 204518 yn hwyr / A supervision record for case 204518 is overdue');
    expect(manager!.view.data.text).toContain('Nid yw Practice Manager P wedi cofnodi goruchwyliaeth sefyllfaol a oedd yn ddyledus erbyn ');
    expect(manager!.view.data.text).toContain('Practice Manager P has not recorded a situational supervision that was due by ');
  });
});
