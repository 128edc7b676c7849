// Bexley's professional development record (part 2), written after each formal supervision's case records:
// it asks, every time, about the development function, probation and appraisal objectives among it
// (individual standard three), so they are monitored and discussed. And Cafcass's performance and learning
// review, whose record keeps the personal learning and development plan's three learning priorities (3.1 (2)).
// On both databases, through the chat actions.
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER1
`;
const SESSION = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';

describe.each(databases)('the professional development record on $name', (database) => {
  it('asks on every professional development record for probation and appraisal objectives, so they are monitored and discussed (Bexley)', async () => {
    const { context, people, clock } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-11-30T10:00:00Z' });
    const booked = await runAction(context, people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'case',
      date: '2026-12-08',
      time: '10:00',
      duration: '90',
    });
    expect(booked.view.data.title).toBe('Booked');
    clock.advance(Date.parse('2026-12-08T12:00:00Z') - clock.now().getTime());
    await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION });
    const caseForm = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    const saved = await runAction(
      context,
      people.supervisor!,
      'record.save',
      recordValues(caseForm.view, { caseReference: 'ICS-55012', actionDue: '2026-12-18' }),
    );
    expect(saved.view.data.buttons).toEqual([{ title: 'Write the personal record', verb: 'record.open' }]);
    const personal = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    expect(personal.view.data.title).toBe('Record of supervision: Supervision record - professional development (part 2)');
    const development = (personal.view.data.fields as { label: string; help: string }[]).find((field) => field.label.startsWith('Development:'));
    expect(development).toMatchObject({
      label: 'Development: CPD/PDP/appraisal & training/HR issues (optional)',
      help: 'Including how recent learning is being applied to practice, probation and appraisal objectives.',
    });
  });
  it('records a Cafcass PLR with the three learning priorities of the personal learning and development plan, refusing a fourth (3.1 (2))', async () => {
    const { context, people, clock, store } = await flowSetup(database, {
      policy: 'cafcass',
      directory: directory.replace('case-holder,2024-01-08', 'established,2024-01-08'),
      at: '2026-11-30T10:00:00Z',
    });
    const booked = await runAction(context, people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'plr',
      date: '2026-12-08',
      time: '10:00',
      duration: '90',
    });
    expect(booked.view.data.title).toBe('Booked');
    clock.advance(Date.parse('2026-12-08T12:00:00Z') - clock.now().getTime());
    expect((await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION })).view.data.buttons).toEqual([
      { title: 'Record it', verb: 'record.open' },
    ]);
    const form = await runAction(context, people.supervisor!, 'record.open', { sessionId: SESSION });
    expect(form.view.data.title).toBe('Record of supervision: Performance and learning review record');
    const fields = form.view.data.fields as { label: string; inputId: string; help: string }[];
    const priorities = fields.find((field) => field.label === 'The three learning priorities of the personal learning and development plan')!;
    expect(priorities.help).toContain('a) the whole service-learning plan, b) your personal practice or professional reflections');
    const values = recordValues(form.view, { caseReference: '', actionDue: '2026-12-22' });
    values[priorities.inputId] = ['Child-centred court reports', 'Reflecting on a hard visit', 'Audit: analysis of risk', 'A fourth'].join('\n');
    expect((await runAction(context, people.supervisor!, 'record.save', values)).fieldErrors).toEqual({ [priorities.inputId]: 'At most 3, one per line.' });
    values[priorities.inputId] = ['Child-centred court reports', 'Reflecting on a hard visit', 'Audit: analysis of risk'].join('\n');
    expect((await runAction(context, people.supervisor!, 'record.save', values)).fieldErrors).toBeUndefined();
    const record = await store.db.selectFrom('record').select(['model', 'stored_on', 'content']).where('session_id', '=', SESSION).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ model: 'plr', stored_on: 'personal-record' });
    expect(JSON.stringify(record.content)).toContain('Audit: analysis of risk');
  });
});
