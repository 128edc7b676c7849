// People imported with years of service and no history in the bot: the import's last_held_<kind> and
// go_live say what came before, so upcoming, team and the cadence watch count from there, not from 2024.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { team, upcoming } from '../../src/flows/schedule.js';
import type { Store } from '../../src/store/open.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

// Islington: case supervision once every calendar month. Each worker started in January 2024; today is
// Mon 23 Nov 2026, so with nothing known every month since January 2024 would be missed.
const header = 'email,name,role,team,supervisor,cohort,start_date,slack_user_id,last_held_case,go_live';
const directory = `${header}
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER,,
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1,,
known@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER1,2026-10-20,
golive@example.org,Social Worker D,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER2,,2026-11-02
unknown@example.org,Social Worker E,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER3,,
`;

describe.each(databases)('history given at import on $name', (database) => {
  let store: Store;

  /** Each test checks the import's result itself: the second expects it refused. */
  async function setup(text = directory) {
    const { store: opened, imported: result, context, clock, people } = await flowSetup(database, { policy: 'islington', directory: text, mayFail: true });
    store = opened;
    return { result, context, clock, people };
  }

  it('counts from the last session held before the bot, or from go-live, in upcoming, team and the cadence watch', async () => {
    const { result, context, clock, people } = await setup();
    expect(result.ok).toBe(true);
    const shown = async (who: string) => cardText(renderCard((await upcoming(context, people[who]!)).view));

    // Held on 20 October: November's is due by the end of the month, and nothing is overdue.
    expect(await shown('known')).not.toContain('overdue');
    expect(await shown('known')).toContain('Mon 30 Nov 2026');
    // Live from 2 November: nothing missed before then counts.
    expect(await shown('golive')).not.toContain('overdue');
    // Nothing known: every month since January 2024 is missed, said once.
    expect(await shown('unknown')).toContain('Formal one-to-one case supervision (overdue since Wed 31 Jan 2024, 34 missed)');

    const rows = (renderCard((await team(context, people.supervisor!)).view) as { body: unknown[] }).body;
    const text = cardText(rows);
    expect(text).toContain('Social Worker C');
    expect(text).toMatch(/Social Worker C\nFormal one-to-one case supervision due in 5 working days \(by Mon 30 Nov 2026\), not booked/);
    expect(text).toMatch(/Social Worker D\nFormal one-to-one case supervision due in 5 working days \(by Mon 30 Nov 2026\), not booked/);
    expect(text).toMatch(/Social Worker E\nFormal one-to-one case supervision overdue since Wed 31 Jan 2024, 34 missed, not booked/);

    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const told = (await store.db.selectFrom('outbox').select('payload').execute()).map(
      (row) => (row.payload as { view: { data: { text: string } } }).view.data.text,
    );
    expect(told).toHaveLength(2); // the supervisor and their manager, of Social Worker E only
    for (const text of told) expect(text).toMatch(/^Social Worker E's formal one-to-one case supervision has been overdue since Wed 31 Jan 2024, 34 missed/);
  });

  it('refuses a kind the policy does not have, and a day that has not come, naming the line and column, and imports nothing', async () => {
    const bad = `${header.replace('last_held_case', 'last_held_casework')}
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1,,
known@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER1,2026-10-20,2026-12-01
`;
    const { result } = await setup(bad);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 3,
          field: 'last_held_casework',
          message: expect.stringMatching(/^'casework' is not a kind of supervision in the islington policy; use one of: .*last_held_case/),
        },
        { line: 3, field: 'go_live', message: '2026-12-01 is after today: give a day that has passed' },
      ],
    });
    expect(await store.db.selectFrom('person').select('id').execute()).toEqual([]);
  });
});
