// Requests kept on the personal supervision file (Cafcass reflective supervision, 4.4 and standard 8), on both
// databases: stored with no case reference, also when raised together with case requests, escalated without
// one, and their actions kept apart from any case's.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, raiseForm } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
other@example.org,Social Worker F,practitioner,North,supervisor@example.org,established,2024-01-08,U0OTHER01
`;
const reflective = (requestId: string) =>
  raiseForm(requestId, { triggerId: 'reflective', caseReference: '', urgency: 'routine', experience: 'A run of hard hearings.', goal: 'Reflect on it.' });

describe.each(databases)('requests kept on the personal supervision file on $name', (database) => {
  it('stores reflective requests raised at the same moment as a case request with no case reference, and escalates them without one', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass', directory });
    const { context, people, store } = setup;
    const ids = ['1a2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', '2b2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', '3c2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c'];
    const titles = await Promise.all([
      runAction(context, people.worker!, 'raise.submit', reflective(ids[0]!)),
      runAction(context, people.other!, 'raise.submit', reflective(ids[1]!)),
      runAction(context, people.worker!, 'raise.submit', raiseForm(ids[2]!)),
    ]);
    expect(titles.map((result) => result.view.data.title)).toEqual([
      'Sent to Practice Supervisor B',
      'Sent to Practice Supervisor B',
      'Sent to Practice Supervisor B',
    ]);
    const stored = await store.db.selectFrom('trigger_request').select(['id', 'case_reference']).orderBy('id').execute();
    expect(stored).toEqual([
      { id: ids[0], case_reference: null },
      { id: ids[1], case_reference: null },
      { id: ids[2], case_reference: 'CF-204518' },
    ]);

    // Nobody answers within 2 working days: it goes up the chain, and still names no case.
    setup.clock.advance(3 * 24 * 60 * 60_000);
    await new Sweeper(store.db, setup.clock, [escalationProvider(context)]).sweepOnce();
    const escalated = await store.db.selectFrom('outbox').select('payload').where('idempotency_key', 'like', `trigger:${ids[0]}:escalated:%`).execute();
    expect(escalated.length).toBeGreaterThan(0);
    for (const row of escalated) {
      const text = JSON.stringify(row.payload);
      expect(text).toContain("The personal supervision file, not a child's record");
      expect(text).not.toMatch(/case null|Case reference/);
    }
  });

  it("records a reflective request on the personal record, its actions on no case, and reviews only those next time, not a case's", async () => {
    const { context, people, store } = await flowSetup(database, { policy: 'cafcass', directory });
    const [first, second, caseRequest] = [
      '4d2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      '5e2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
      '6f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    ];
    const record = async (requestId: string, action: string) => {
      await runAction(context, people.supervisor!, 'trigger.accept', { requestId });
      const saved = await runAction(context, people.supervisor!, 'record.save', {
        requestId,
        sessionId: '',
        'f.experience': 'Talked.',
        'f.reflection': 'Reflected.',
        'f.analysis': 'Understood.',
        'action.1.what': action,
        'action.1.owner': people.worker!.id,
        'action.1.due': '2026-12-04',
        significant: 'false',
        draft: 'false',
      });
      expect(saved.view.data.title).toBe('Sent to Social Worker C to sign');
    };
    await runAction(context, people.worker!, 'raise.submit', reflective(first));
    await runAction(context, people.worker!, 'raise.submit', raiseForm(caseRequest));
    await record(first, 'Book the resilience course');
    await record(caseRequest, 'Refer to the local authority');
    expect(await store.db.selectFrom('record').select(['trigger_request_id', 'stored_on', 'case_reference']).orderBy('trigger_request_id').execute()).toEqual([
      { trigger_request_id: first, stored_on: 'personal-record', case_reference: null },
      { trigger_request_id: caseRequest, stored_on: 'child-record', case_reference: 'CF-204518' },
    ]);

    await runAction(context, people.worker!, 'raise.submit', reflective(second));
    await runAction(context, people.supervisor!, 'trigger.accept', { requestId: second });
    const form = await runAction(context, people.supervisor!, 'record.open', { requestId: second, sessionId: '' });
    const previous = (form.view.data.previous as { what: string }[]).map((action) => action.what);
    expect(previous).toEqual([expect.stringContaining('Book the resilience course')]);
    expect(form.view.data.caseReference).toMatchObject({ ask: false });
  });
});
