// Cumberland 12, on both databases: a supervisee asking to speak to a supervisor other than their own is shown,
// on the form they ask with, that support may also be found outside supervision (a mentor, a staff network),
// from the pack with its source; so is each party asked to agree, on their card.
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/cards/catalog.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, raiseForm } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
cover@example.org,Cover Supervisor D,supervisor,North,service@example.org,,,U0COVER01
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,staff,2024-01-08,U0WORKER1
`;
const SUPPORT =
  'A supervisee who could be the subject of discrimination through race, gender, disability or sexuality in the workplace may need additional support or guidance outside supervision, for example through a mentor or an appropriate staff network. (Cumberland supervision framework, section 12';

describe.each(databases)('support outside supervision on $name', (database) => {
  it('Cumberland 12: the supervisee asking for a different supervisor, and each supervisor asked to agree, are shown that a mentor or a staff network may support them outside supervision', async () => {
    const { context, people, store } = await flowSetup(database, { policy: 'cumberland', directory });
    const triggerId = 'team-transfer';
    const requestId = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
    const raised = await runAction(context, people.worker!, 'raise.submit', {
      ...raiseForm(requestId, { triggerId, caseReference: 'EHM-123456', urgency: context.pack.triggers[triggerId]!.urgency }),
      askInstead: people.cover!.id,
    });
    expect(raised.view.card).toBe('different-supervisor-ask');
    expect(raised.view.data.intro).toContain(SUPPORT);

    const asked = await runAction(context, people.worker!, 'different-supervisor.ask', {
      arrangementId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      other: people.cover!.id,
      endsOn: '2027-01-29',
    });
    expect(asked.view.data.title).toBe('Asked');
    const cards = await store.db
      .selectFrom('outbox')
      .select(['idempotency_key', 'payload'])
      .where('idempotency_key', 'like', 'different-supervisor:%:ask:%')
      .execute();
    expect(cards.map((row) => row.idempotency_key).sort()).toEqual([
      'different-supervisor:7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:ask:other-supervisor',
      'different-supervisor:7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d:ask:supervisor',
    ]);
    for (const row of cards) {
      const view = (row.payload as { view: View }).view;
      expect(view.card).toBe('different-supervisor-agree');
      expect(view.data.facts).toContainEqual({ title: 'Support outside supervision', value: expect.stringContaining(SUPPORT) });
    }
  });
});
