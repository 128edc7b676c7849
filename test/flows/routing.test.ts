// Triggers the pack routes past the line (Cafcass Cymru 4.1 and 4.4): dangerous practice goes straight to
// the Head of Operations, and a concern about one's line manager never reaches that line manager, neither
// when raised nor when it escalates.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';

// Line managers are Practice Managers and Heads of Operations (Cymru 1.10): Social Worker D's is a Head of Operations.
const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
opsa@example.org,Head of Operations A,senior-manager,Wales,,,,U0OPSA
opsb@example.org,Head of Operations B,senior-manager,Wales,,,,U0OPSB
pm@example.org,Practice Manager P,supervisor,Wales,opsa@example.org,,,U0PM
worker@example.org,Social Worker C,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER1
direct@example.org,Social Worker D,practitioner,Wales,opsa@example.org,practitioner,2025-01-06,U0WORKER2
`;

const assignedTo = async (setup: Awaited<ReturnType<typeof flowSetup>>, requestId: string) =>
  (await setup.store.db.selectFrom('trigger_request').select('assigned_to').where('id', '=', requestId).executeTakeFirstOrThrow()).assigned_to;
const toldAbout = async (setup: Awaited<ReturnType<typeof flowSetup>>, requestId: string) =>
  (await setup.store.db.selectFrom('outbox').select(['idempotency_key', 'conversation']).where('idempotency_key', 'like', `trigger:${requestId}:%`).execute()).map(
    (row) => row.conversation,
  );

describe.each(databases)('routing by the pack on $name', (database) => {
  it('sends dangerous practice straight to the Head of Operations above the practitioner, not the Practice Manager', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory });
    const requestId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const sent = await raise(setup.context, setup.people.worker!, requestId, {
      triggerId: 'dangerous-practice',
      caseReference: '123456',
      urgency: 'immediate',
    });
    expect(sent.view.data.title).toBe('Sent to Head of Operations A');
    expect(await assignedTo(setup, requestId)).toBe(setup.people.opsa!.id);
    expect(await toldAbout(setup, requestId)).toEqual(['U0OPSA']);
  });

  it('sends a concern about the line manager to another Head of Operations, and never to that line manager, also when nobody answers', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory });
    const requestId = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
    const sent = await raise(setup.context, setup.people.direct!, requestId, { triggerId: 'concern-about-supervision', caseReference: '', urgency: 'routine' });
    expect(sent.view.data.title).toBe('Sent to Head of Operations B');
    expect(await assignedTo(setup, requestId)).toBe(setup.people.opsb!.id);

    // Nobody answers: the safeguarding alert goes to the senior managers, but not the one it is about.
    setup.clock.advance(14 * 24 * 60 * 60_000);
    await new Sweeper(setup.store.db, setup.clock, [escalationProvider(setup.context)]).sweepOnce();
    const told = await toldAbout(setup, requestId);
    expect(told).toContain('U0OPSB');
    expect(told).not.toContain('U0OPSA');
  });

  it('sends a routed trigger up the line, as any request, when nobody holds the role it is routed to', async () => {
    const noSeniorManagers = directory
      .replace(/^opsa@.*\n/m, '')
      .replace(/^opsb@.*\n/m, '')
      .replace('pm@example.org,Practice Manager P,supervisor,Wales,opsa@example.org', 'pm@example.org,Practice Manager P,supervisor,Wales,')
      .replace(/^direct@.*\n/m, '');
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: noSeniorManagers });
    const requestId = 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f';
    const sent = await raise(setup.context, setup.people.worker!, requestId, { triggerId: 'dangerous-practice', caseReference: '123456', urgency: 'immediate' });
    expect(sent.view.data.title).toBe('Sent to Practice Manager P');
  });
});
