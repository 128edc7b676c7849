// Cymraeg (issue 21), through the flows on both databases: under Cafcass Cymru's pack a person is written to in
// Welsh and English, Welsh first, until they choose in settings; a Welsh-speaking practitioner raises a trigger and
// their English-speaking supervisor answers, each in their own language; the case-file text is in the
// organisation's record language (English).
import { describe, expect, it } from 'vitest';
import type { Place } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import type { View } from '../../src/cards/catalog.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { welshTeam, WELSH_REQUEST, shown, welshRaise } from '../support/welshTeam.js';
import { recordValues } from '../support/recording.js';

const directory = welshTeam;
const REQUEST = WELSH_REQUEST;
const raised = welshRaise;

describe.each(databases)('Cymraeg on $name', (database) => {
  async function setup() {
    // Nobody has chosen a language yet.
    const found = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    const notices = () => found.store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    return { ...found, notices };
  }

  it('writes in Welsh and English, Welsh first, until a person chooses; settings offer the choice and keep it', async () => {
    const { context, people, store } = await setup();
    const worker = people.worker!;
    // First contact: the start, in both languages, says how to choose.
    const start = await runCommand(context, worker, '');
    expect(start.view.data.greeting).toBe(
      'Helo Gweithiwr Cymdeithasol C. Beth hoffech chi ei wneud?\n\nHello Gweithiwr Cymdeithasol C. What would you like to do?\n\n' +
        'Cymraeg neu Saesneg? Dewiswch eich iaith: /supervision settings.\n\nCymraeg neu Saesneg? Choose your language: /supervision settings.',
    );
    expect(start.view.data.choices).toContainEqual({ title: 'Codi sbardun goruchwyliaeth / Raise a supervision trigger', verb: 'raise' });
    const help = await runCommand(context, worker, 'help');
    expect(help.view.speech).toBe('cy+en-GB');
    expect(shown(help.view)).toContain('Beth y gallaf ei wneud / What I can do');
    expect(help.view.data.policyNote).toContain('Dewiswch eich iaith: /supervision settings.');

    const settings = await runCommand(context, worker, 'settings');
    expect(settings.view.data.languages).toEqual([
      { title: 'Cymraeg', value: 'cy' },
      { title: 'English', value: 'en-GB' },
    ]);
    // On Slack the choice is a select in the settings modal.
    expect(JSON.stringify(toBlockKit('settings', renderCard(settings.view)))).toContain('"action_id":"language"');

    const saved = await runAction(context, worker, 'settings.save', { reminderTime: '09:30', language: 'cy' });
    expect(saved.view.speech).toBe('cy');
    expect(shown(saved.view)).toContain("Wedi'i gadw: byddaf yn anfon eich nodiadau atgoffa am 09:30.");
    expect(await store.db.selectFrom('person').select(['language', 'reminder_time']).where('id', '=', worker.id).executeTakeFirstOrThrow()).toEqual({
      language: 'cy',
      reminder_time: '09:30',
    });
    expect(await store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'settings.language').execute()).toEqual([
      { action: 'settings.language', detail: { language: 'cy' } },
    ]);
    // A language the card does not offer is refused by its field, in both languages to someone yet to choose, and nothing changes.
    const refused = await runAction(context, people.other!, 'settings.save', { reminderTime: '09:30', language: 'fr' });
    expect(refused.fieldErrors).toEqual({ language: 'Dewiswch Gymraeg neu English. / Choose Cymraeg or English.' });
    expect((await store.db.selectFrom('person').select('language').where('id', '=', people.other!.id).executeTakeFirstOrThrow()).language).toBeNull();
  });

  it('a Welsh-speaking practitioner raises a trigger and their English-speaking supervisor answers: each in their own language, the case file in English', async () => {
    const { context, people, store, notices } = await setup();
    const worker = { ...people.worker!, language: 'cy' };
    const supervisor = { ...people.pm!, language: 'en-GB' };
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', worker.id).execute();
    await store.db.updateTable('person').set({ language: 'en-GB' }).where('id', '=', supervisor.id).execute();

    // The practitioner picks and fills in the form in Welsh, the pack's own Welsh for the trigger.
    const pick = await runCommand(context, worker, 'raise');
    expect(pick.view.speech).toBe('cy');
    expect(pick.view.data.triggers).toContainEqual({ id: 'case-consultation', title: 'Ymgynghori ar achos' });
    expect(shown(pick.view)).toContain("Dim un o'r rhain? Gallwch ofyn o hyd.");
    const form = await runAction(context, worker, 'raise.form', { triggerId: 'case-consultation' });
    expect(form.view.data.wording).toBe('Cymorth a chyngor ar adeg yr angen, er enghraifft ymgynghori ar achos.');
    expect(form.view.data.urgencies).toContainEqual({ title: 'Blaenoriaeth: ateb o fewn 1 diwrnod gwaith', value: 'priority' });
    expect(shown(form.view)).toContain('"label":"Beth ddigwyddodd?"');
    // Slack's modal, in Welsh too.
    expect(JSON.stringify(toBlockKit('raise-form', renderCard(form.view)))).toContain('Gofyn am oruchwyliaeth');

    // A problem comes back in Welsh, by its field.
    const again = await runAction(context, worker, 'raise.submit', { ...raised, experience: ' ' });
    expect(again.fieldErrors).toEqual({ experience: 'Dywedwch yn fyr beth ddigwyddodd.' });

    const sent = await runAction(context, worker, 'raise.submit', raised);
    expect(sent.fieldErrors, JSON.stringify(sent.fieldErrors)).toBeUndefined();
    expect(sent.view).toMatchObject({ card: 'trigger-status', speech: 'cy' });
    expect(sent.view.data.title).toBe('Anfonwyd at Practice Manager P');
    expect(sent.view.data.text).toBe(
      "Os nad yw Practice Manager P wedi'i dderbyn erbyn Maw 24 Tach 2026 10:00, bydd yn mynd at y person nesaf yn y gadwyn uwchgyfeirio, a chewch wybod.",
    );
    expect(sent.view.data.facts).toContainEqual({ title: 'Brys', value: 'blaenoriaeth: ateb erbyn Maw 24 Tach 2026 10:00' });

    // The supervisor is told in English, the trigger by its English title.
    const [request] = await notices();
    expect(request).toMatchObject({
      conversation: 'U0PM',
      payload: { text: 'Supervision requested for case 204518', view: { card: 'trigger-request', speech: 'en-GB' } },
    });
    const requestView = (request!.payload as { view: View }).view;
    expect(requestView.data.summary).toBe('Gweithiwr Cymdeithasol C asks for supervision: Case consultation.');
    expect(requestView.data.facts).toContainEqual({ title: 'Urgency', value: 'priority: answer by Tue 24 Nov 2026 10:00' });
    expect(shown(requestView)).toContain("Accept: I'll talk to them now");

    // The supervisor's list of waiting triggers, and their answer, in English; the practitioner is told in Welsh.
    const pending = await runCommand(context, supervisor, 'pending');
    expect(pending.view.data.triggers).toEqual([
      { requestId: REQUEST, caseReference: '204518', summary: 'Case consultation, priority: answer by Tue 24 Nov 2026 10:00' },
    ]);
    const accepted = await runAction(context, supervisor, 'trigger.accept', { requestId: REQUEST });
    expect(accepted.view.data.title).toBe('You accepted this request');
    expect(accepted.view.data.text).toBe('Talk to Gweithiwr Cymdeithasol C now. They have been told. Then record the discussion here.');
    const told = (await notices()).find((notice) => notice.idempotency_key === `trigger:${REQUEST}:accepted`)!;
    expect(told).toMatchObject({
      conversation: 'U0WORKER1',
      payload: { text: 'Mae Practice Manager P wedi derbyn eich cais ar gyfer achos 204518', view: { speech: 'cy' } },
    });
    expect((told.payload as { view: View }).view.data).toMatchObject({
      title: 'Mae Practice Manager P wedi derbyn eich cais',
      text: 'Byddant yn siarad â chi nawr.',
      facts: [{ title: 'Cyfeirnod yr achos', value: '204518' }],
    });

    // The record, signed by the Welsh-speaking practitioner: its case-file text in the record language, English.
    const open = await runAction(context, supervisor, 'record.open', { requestId: REQUEST });
    const values = recordValues(open.view, { caseReference: '204518', actionDue: '2026-12-07' });
    expect((await runAction(context, supervisor, 'record.save', { ...values, significant: String(open.view.data.significant) })).fieldErrors).toBeUndefined();
    const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', REQUEST).executeTakeFirstOrThrow();
    await runAction(context, worker, 'record.sign', { recordId: record.id });
    const caseFile = (await notices()).find((notice) => notice.idempotency_key === `record:${record.id}:signed`)!;
    const text = (caseFile.payload as { view: View }).view.data.text as string;
    expect(text).toContain('Case reference: 204518');
    expect(text).toContain('Supervision: Case consultation, held Mon 23 Nov 2026');
    expect(text).not.toContain('Ymgynghori');
  });

  it('shows a trigger with no Welsh wording in English, marked as the policy’s own words, to a Welsh reader', async () => {
    const { context, people } = await setup();
    const worker = { ...people.worker!, language: 'cy' };
    const { welsh: _welsh, ...withoutWelsh } = context.pack.triggers['problem-solving']!;
    const pack = { ...context.pack, triggers: { ...context.pack.triggers, 'problem-solving': withoutWelsh } };
    const form = await runAction({ ...context, pack }, worker, 'raise.form', { triggerId: 'problem-solving' });
    expect(form.view.data.title).toBe('Problem solving');
    expect(form.view.data.wording).toBe("Support and advice at the point of need, for example problem solving. (geiriau'r polisi ei hun, yn Saesneg)");
    // Someone who has not chosen reads the English, and no mark is needed.
    const bilingual = await runAction({ ...context, pack }, people.other!, 'raise.form', { triggerId: 'problem-solving' });
    expect(bilingual.view.data.wording).toBe('Support and advice at the point of need, for example problem solving.');
  });

  it('answers in a team channel in Welsh and English, Welsh first, whoever asks', async () => {
    const { context, people } = await setup();
    const place: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0TEAM' };
    const worker = { ...people.worker!, language: 'en-GB' };
    expect((await runCommand(context, worker, 'group', place)).view.speech).toBe('cy+en-GB');
    expect((await runCommand(context, worker, 'group')).view.speech).toBe('en-GB');
  });
});
