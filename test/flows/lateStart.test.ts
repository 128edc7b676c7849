// Joining part-way through a calendar month (issue 19): no seed says what a new starter owes in the month they
// join. Islington's pack chooses, and says so (`lateStart`, the bot's choice): the month is owed only if at
// least half of it remained. The worker's `upcoming` in chat follows the pack, on both databases: without the
// choice, the month joined is owed in full.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/flows/router.js';
import { explainPolicy } from '../../src/domain/policy/explain.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2026-11-25,U0WORKER1
`;

describe.each(databases)('joining part-way through a month on $name', (database) => {
  it('Islington: a worker who starts on Wed 25 Nov owes no case supervision in November (the bot’s choice, shown in policy explain); without that choice in the pack, it is due by Mon 30 Nov', async () => {
    const { context, people } = await flowSetup(database, { policy: 'islington', directory, at: '2026-11-25T10:00:00Z' });
    const firstDue = async (ctx: typeof context) =>
      ((await runCommand(ctx, people.worker!, 'upcoming')).view.data.dues as { date: string; what: string }[]).find((due) => /case supervision/i.test(due.what))?.date;
    expect(await firstDue(context)).toBe('Thu 31 Dec 2026');
    expect(explainPolicy(context.pack)).toContain(
      'Joining part-way through a calendar period: a session is owed in it only if at least half of it remained. Source: section "Frequency"; the bot\'s choice:',
    );
    const { lateStart: _chosen, ...owedInFull } = context.pack;
    expect(await firstDue({ ...context, pack: owedInFull })).toBe('Mon 30 Nov 2026');
  });
});
