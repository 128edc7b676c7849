// What looks like a child's name in a raise's free text goes back to the practitioner before it reaches
// anyone's chat: initials instead, or "Send anyway", which the audit log records by field, never the words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { slackInteractions } from '../support/slackInteractions.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
});
afterAll(async () => harness.close());

type Card = { body: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const invoke = async (verb: string, data: Record<string, unknown> = {}, from: (typeof TEAMS)['practitioner'] = TEAMS.practitioner) => {
  const response = await postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  expect(response.status).toBe(200);
  return response.body!.value as Card;
};
const story = { caseReference: 'CF-204518', urgency: 'urgent', goal: 'Agree whether to refer today.', availability: '' };
const inputIds = (card: Card) => JSON.stringify(card.body).match(/"id":"[^"]+"/g) ?? [];

describe('a raise whose text names someone', () => {
  it('in Teams, is sent back with the name marked by its field and nothing sent; initials go through', async () => {
    const form = await invoke('raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;

    const named = await invoke('raise.submit', { ...submit.data, ...story, experience: 'Jayden Smith (age 6) told his teacher about a new injury.' });
    expect(cardText(named)).toContain('“Jayden Smith” looks like a name: write initials (J.S.) or the case reference instead.');
    expect(inputIds(named)).toContain('"id":"sendAnyway"');
    expect(await harness.store.db.selectFrom('trigger_request').select('id').where('id', '=', requestId).execute()).toEqual([]);
    expect(await harness.store.db.selectFrom('outbox').select('id').execute()).toEqual([]);

    const initials = await invoke('raise.submit', { ...submit.data, ...story, experience: 'J.S. (age 6) told his teacher about a new injury.' });
    expect(cardText(initials)).toContain('Sent to Practice Supervisor B');
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'trigger.raise')
      .where('object_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(audit.detail).not.toHaveProperty('sentAnywayWithNamesIn');
  });

  it('in Teams, goes with "Send anyway" ticked, and the audit log records which field, never the words', async () => {
    const form = await invoke('raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;
    const experience = 'Dr Amin at the hospital raised a concern about bruising.';
    expect(cardText(await invoke('raise.submit', { ...submit.data, ...story, experience }))).toContain('“Dr Amin” looks like a name');
    const sent = await invoke('raise.submit', { ...submit.data, ...story, experience, sendAnyway: 'true' });
    expect(cardText(sent)).toContain('Sent to Practice Supervisor B');
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'trigger.raise')
      .where('object_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ sentAnywayWithNamesIn: ['experience'] });
    expect(JSON.stringify(audit.detail)).not.toContain('Amin');
  });

  it('in Slack, shows the modal again with the name marked and Send anyway, and sends once it is ticked', async () => {
    const post = async (payload: Record<string, unknown>) => {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
      const text = await response.text();
      return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    };
    const requestId = '5f0c7a52-3f7b-4d0e-9a51-7c1d2e3f4a5b';
    const values = {
      caseReference: { caseReference: { type: 'plain_text_input', value: 'CF-204519' } },
      urgency: { urgency: { type: 'static_select', selected_option: { value: 'urgent' } } },
      experience: { experience: { type: 'plain_text_input', value: 'Went to see Amara Okonkwo at home; her mum was not there.' } },
      goal: { goal: { type: 'plain_text_input', value: 'Agree whether to refer today.' } },
      availability: { availability: { type: 'plain_text_input', value: null } },
    };
    const submission = (metadata: string, state: Record<string, unknown>) => ({
      type: 'view_submission',
      team: { id: 'T0TEST' },
      user: { id: 'U0WORKER1' },
      api_app_id: 'A0TEST',
      view: { id: 'V0TEST', type: 'modal', callback_id: 'raise.submit', private_metadata: metadata, state: { values: state } },
    });
    const answer = (await post(submission(JSON.stringify({ triggerId: 'harm-or-risk', requestId }), values))) as {
      response_action: string;
      view: { private_metadata: string; blocks: { block_id?: string; element?: { action_id: string } }[] };
    };
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('“Amara Okonkwo” looks like a name: write initials (A.O.) or the case reference instead. Chat must never');
    const toggle = answer.view.blocks.find((block) => block.block_id === 'sendAnyway')!;
    expect(toggle).toBeDefined();
    expect(await harness.store.db.selectFrom('trigger_request').select('id').where('id', '=', requestId).execute()).toEqual([]);

    const ticked = { ...values, sendAnyway: { [toggle.element!.action_id]: { type: 'checkboxes', selected_options: [{ value: 'true' }] } } };
    expect(await post(submission(answer.view.private_metadata, ticked))).toBeUndefined();
    const stored = await harness.store.db.selectFrom('trigger_request').select('case_reference').where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(stored.case_reference).toBe('CF-204519');
  });

  it('in a record, is sent back to the supervisor by its field; the practitioner’s own name is not a child’s', async () => {
    const form = await invoke('raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;
    expect(cardText(await invoke('raise.submit', { ...submit.data, ...story, experience: 'A new allegation was made at the visit.' }))).toContain('Sent to');
    const values = {
      requestId,
      draft: 'false',
      significant: 'false',
      'f.experience': 'Social Worker C described the visit; Kayden Brooks (age 4) had a bruise on his arm.',
      'f.reflection': 'Worried.',
      'f.analysis': 'The risk is current.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': (await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow()).id,
      'action.1.due': '2026-11-30',
    };
    const refused = await invoke('record.save', values, TEAMS.supervisor);
    expect(cardText(refused)).toContain('“Kayden Brooks” looks like a name: write initials (K.B.) or the case reference instead.');
    expect(cardText(refused)).not.toContain('“Social Worker C”');
    expect(await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).execute()).toEqual([]);

    expect(cardText(await invoke('record.save', { ...values, sendAnyway: 'true' }, TEAMS.supervisor))).toContain('to sign');
    const record = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
    const audit = await harness.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'record.write')
      .where('object_id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ sentAnywayWithNamesIn: ['f.experience'] });
    expect(JSON.stringify(audit.detail)).not.toContain('Kayden');
  });

  /** A record of a raise, saved by the supervisor in Teams and signed by the practitioner; its ids and what was written. */
  async function signedRecord(caseReference: string) {
    const form = await invoke('raise.form', { triggerId: 'harm-or-risk' });
    const submit = form.actions!.find((action) => action.verb === 'raise.submit')!;
    const requestId = submit.data!.requestId as string;
    expect(cardText(await invoke('raise.submit', { ...submit.data, ...story, caseReference, experience: 'A new allegation was made.' }))).toContain('Sent to');
    const practitioner = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    const written = { 'f.experience': 'The allegation was discussed.', 'f.reflection': 'Worried.', 'f.analysis': 'The risk is current.' };
    const values = {
      requestId,
      draft: 'false',
      significant: 'false',
      ...written,
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': practitioner.id,
      'action.1.due': '2026-11-30',
    };
    expect(cardText(await invoke('record.save', values, TEAMS.supervisor))).toContain('to sign');
    const record = await harness.store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
    expect(cardText(await invoke('record.sign', { recordId: record.id }))).toContain('You agreed and signed the record.');
    return { requestId, recordId: record.id, written };
  }
  const versions = (requestId: string) => harness.store.db.selectFrom('record').select('version_no').where('trigger_request_id', '=', requestId).execute();
  const amendAudit = async (requestId: string) => {
    const amended = await harness.store.db
      .selectFrom('record')
      .select('id')
      .where('trigger_request_id', '=', requestId)
      .where('version_no', '=', 2)
      .executeTakeFirstOrThrow();
    return harness.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'record.amend')
      .where('object_id', '=', amended.id)
      .executeTakeFirstOrThrow();
  };

  it('in an amendment, in Teams, is sent back by its field, reason included; Send anyway amends it and is audited by field', async () => {
    const { requestId, recordId, written } = await signedRecord('CF-204531');
    const form = await invoke('record.amend-form', { requestId, sessionId: '', recordId }, TEAMS.supervisor);
    expect(form.actions!.map((action) => action.verb)).toEqual(['record.amend']);
    const amendment = {
      requestId,
      sessionId: '',
      recordId,
      ...written,
      'f.reflection': 'Worried that Kayden Brooks was not seen alone.',
      amendReason: 'Tyler Brooks’s teacher told us more.',
    };
    const refused = await invoke('record.amend', amendment, TEAMS.supervisor);
    expect(cardText(refused)).toContain('“Kayden Brooks” looks like a name: write initials (K.B.) or the case reference instead.');
    expect(cardText(refused)).toContain('“Tyler Brooks” looks like a name: write initials (T.B.) or the case reference instead.');
    expect(inputIds(refused)).toContain('"id":"sendAnyway"');
    // What was typed stays in the form.
    expect(JSON.stringify(refused)).toContain('Worried that Kayden Brooks was not seen alone.');
    expect(await versions(requestId)).toEqual([{ version_no: 1 }]);

    expect(cardText(await invoke('record.amend', { ...amendment, sendAnyway: 'true' }, TEAMS.supervisor))).toContain('Amendment sent to be signed');
    expect((await versions(requestId)).map((row) => row.version_no).sort()).toEqual([1, 2]);
    const audit = await amendAudit(requestId);
    expect(audit.detail).toMatchObject({ sentAnywayWithNamesIn: ['f.reflection', 'amendReason'] });
    expect(JSON.stringify(audit.detail)).not.toContain('Brooks');
  });

  it('in an amendment, in Slack, shows the modal again with the name marked and Send anyway, and amends once it is ticked', async () => {
    const { submit } = slackInteractions(harness);
    const { requestId, recordId } = await signedRecord('CF-204532');
    const view = { callback_id: 'record.amend', private_metadata: JSON.stringify({ requestId, sessionId: '', recordId }) };
    const text = (value: string | null) => ({ type: 'plain_text_input', value });
    const values = {
      'f.experience': { 'f.experience': text('The allegation was discussed.') },
      'f.reflection': { 'f.reflection': text('Worried.') },
      'f.analysis': { 'f.analysis': text('The risk is current.') },
      amendReason: { amendReason: text('Amara Okonkwo’s school told us more.') },
      significant: { 'toggle:false': { type: 'checkboxes', selected_options: [] } },
    };
    const answer = (await submit('U0SUPERV1', view, values)) as { response_action: string; view: { blocks: { block_id?: string; element?: { action_id: string } }[] } };
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('“Amara Okonkwo” looks like a name: write initials (A.O.) or the case reference instead.');
    const toggle = answer.view.blocks.find((block) => block.block_id === 'sendAnyway')!;
    expect(toggle).toBeDefined();
    expect(await versions(requestId)).toEqual([{ version_no: 1 }]);

    const ticked = { ...values, sendAnyway: { [toggle.element!.action_id]: { type: 'checkboxes', selected_options: [{ value: 'true' }] } } };
    // Amended: the modal closes, and the answer comes as a message.
    expect(await submit('U0SUPERV1', view, ticked)).toBeUndefined();
    expect((await versions(requestId)).map((row) => row.version_no).sort()).toEqual([1, 2]);
    expect((await amendAudit(requestId)).detail).toMatchObject({ sentAnywayWithNamesIn: ['amendReason'] });
  });
});
