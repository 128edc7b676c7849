// An overdue notice names the rule it enforces as a person would look it up: the policy document by
// name and its section, never the hashed seed file the pack was checked against.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-10-05,U0WORKER1
`;

type Notice = { view: { data: { title: string; facts?: { title: string; value: string }[] } } };

describe.each(databases)('cadence watch citations on $name', (database) => {
  it("cites the overdue rule by the policy document's name and section, not by seed file", async () => {
    // Islington: case supervision once every calendar month; October's is overdue on Mon 23 Nov 2026.
    const { store, clock, context } = await flowSetup(database, { policy: 'islington', directory });
    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();

    const rows = await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute();
    expect(rows.map((row) => row.conversation)).toEqual(['U0SUPERV1', 'U0SERVICE1']);
    for (const row of rows) {
      const data = (row.payload as Notice).view.data;
      expect(data.title).toBe('Supervision is overdue');
      expect(data.facts).toEqual([{ title: 'Rule', value: 'Islington case management supervision policy, section "Frequency"' }]);
      expect(JSON.stringify(row.payload)).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
    }
  });
});
