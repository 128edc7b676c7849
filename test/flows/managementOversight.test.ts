// Cafcass 1.5 and 8 standard 3: "Management oversight takes place through reviews of child's plan reviews, reviews
// of reports filed at court, review of cases at closure, QA&I case audits, practice observations, case audit
// moderations and through PLRs. Any of these can result in case or reflective supervision." The supervisor or
// manager starts it in chat, choosing the oversight it comes from; the supervisee is told which, and it is recorded
// as case supervision for ChildFirst or as reflective supervision on the personal record. On both databases.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
const OVERSIGHTS = [
  "Review of the child's plan",
  'Review of a report filed at court',
  'Review of a case at closure',
  'QA&I case audit',
  'Practice observation',
  'Case audit moderation',
  'PLR',
];

const startedCard = async ({ store }: FlowSetup, requestId: string) => {
  const row = await store.db
    .selectFrom('outbox')
    .select(['conversation', 'payload'])
    .where('idempotency_key', '=', `trigger:${requestId}:started`)
    .executeTakeFirstOrThrow();
  return { conversation: row.conversation, text: cardText(renderCard((row.payload as { view: Parameters<typeof renderCard>[0] }).view)) };
};

async function recordAndSign(setup: FlowSetup, requestId: string) {
  const { context, people, store } = setup;
  const open = await runAction(context, people.supervisor!, 'record.open', { requestId });
  expect(open.view.card, JSON.stringify(open.view.data)).toBe('record');
  const saved = await runAction(context, people.supervisor!, 'record.save', recordValues(open.view, { caseReference: '', actionDue: '2026-12-18' }));
  expect(saved.view.data.title, JSON.stringify(saved.fieldErrors ?? saved.view.data)).toBe('Sent to Social Worker C to sign');
  const record = await store.db.selectFrom('record').selectAll().where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
  expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
  return record;
}

describe.each(databases)('supervision from management oversight (Cafcass 1.5, 8 standard 3), on $name', (database) => {
  it('cafcass: the supervisor starts case or reflective supervision from management oversight, choosing the review it came from; the practitioner is told which, and it is recorded for ChildFirst or on the personal record', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass', directory });
    const { context, people } = setup;
    const [worker, supervisor] = [people.worker!, people.supervisor!];
    const offered = ((await runCommand(context, worker, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id);
    expect(offered).not.toContain('oversight-case');
    expect(offered).not.toContain('oversight-reflective');

    // Case supervision: the form asks which oversight, and the case reference.
    const form = await runAction(context, supervisor, 'raise.form', { triggerId: 'oversight-case' });
    expect(form.view.card).toBe('supervisor-raise');
    expect(form.view.data.askCaseReference).toBe(true);
    expect((form.view.data.occasions as { value: string }[]).map((option) => option.value)).toEqual(OVERSIGHTS);
    const shown = cardText(renderCard(form.view));
    expect(shown).toContain('The management oversight it comes from');
    expect(shown).toContain('Case audit moderation');
    // In Slack, the same form is a modal with the seven to choose from.
    const modal = JSON.stringify(toBlockKit('supervisor-raise', renderCard(form.view)));
    expect(modal).toContain('static_select');
    for (const oversight of OVERSIGHTS) expect(modal).toContain(JSON.stringify(oversight).slice(1, -1));
    const requestId = form.view.data.requestId as string;
    const submit = (occasion: string) =>
      runAction(context, supervisor, 'supervisor-raise.submit', {
        triggerId: 'oversight-case',
        requestId,
        supervisee: worker.id,
        caseReference: 'CF-204518',
        occasion,
        text: 'The court report review found the analysis of risk thin; I want to go through it with you.',
      });
    // None chosen, or one not in the policy: refused by the field, nothing sent.
    for (const occasion of ['', 'A chat in the corridor']) {
      expect((await submit(occasion)).fieldErrors).toEqual({
        occasion: `The management oversight it comes from: choose one of ${OVERSIGHTS.join('; ')}.`,
      });
    }
    expect(await setup.store.db.selectFrom('trigger_request').select('id').execute()).toEqual([]);
    const started = await submit('Review of a report filed at court');
    expect(started.view.data.title).toBe('Supervision with Social Worker C started');
    const told = await startedCard(setup, requestId);
    expect(told.conversation).toBe('U0WORKER1');
    expect(told.text).toContain('The management oversight it comes from\nReview of a report filed at court');
    expect(told.text).toContain('Case supervision from management oversight');
    const record = await recordAndSign(setup, requestId);
    expect(record).toMatchObject({
      supervisee_id: worker.id,
      author_id: supervisor.id,
      stored_on: 'child-record',
      case_reference: 'CF-204518',
      model: '4x4x4',
    });

    // Reflective supervision: no case reference, kept on the personal record.
    const reflective = await runAction(context, supervisor, 'raise.form', { triggerId: 'oversight-reflective' });
    expect(reflective.view.data.askCaseReference).toBe(false);
    const reflectiveId = reflective.view.data.requestId as string;
    const reflectiveStarted = await runAction(context, supervisor, 'supervisor-raise.submit', {
      triggerId: 'oversight-reflective',
      requestId: reflectiveId,
      supervisee: worker.id,
      caseReference: '',
      occasion: 'Case audit moderation',
      text: 'The moderation raised a theme across your cases I would like us to reflect on.',
    });
    expect(reflectiveStarted.view.data.title).toBe('Supervision with Social Worker C started');
    expect((await startedCard(setup, reflectiveId)).text).toContain('The management oversight it comes from\nCase audit moderation');
    const personal = await recordAndSign(setup, reflectiveId);
    expect(personal).toMatchObject({ supervisee_id: worker.id, stored_on: 'personal-record', case_reference: null });
  });
});
