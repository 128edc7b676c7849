// Everyone the directory says is supervised is watched, not only practitioners: Islington's team managers
// supervise practice supervisors monthly (003, Team Manager Supervision and oversight), so a practice
// supervisor with none held shows overdue in their own "upcoming", in their team manager's "team", and
// the cadence watch tells the team manager and the manager above.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { renderCard } from '../../src/cards/render.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
teamlead@example.org,Team Manager D,manager,North,service@example.org,,,U0TEAMLD1
supervisor@example.org,Practice Supervisor B,supervisor,North,teamlead@example.org,practice-supervisor,2026-10-05,U0SUPERV1
worker@example.org,Social Worker C,practitioner,South,other@example.org,case-holder,2026-10-05,U0WORKER1
other@example.org,Practice Supervisor F,supervisor,South,,,,U0OTHER01
`;

describe.each(databases)('the cadence watch for everyone supervised on $name', (database) => {
  it("tells a practice supervisor's team manager and the manager above that their monthly supervision is overdue, as upcoming and team show it", async () => {
    // Mon 23 Nov 2026: nothing held since Mon 5 Oct, so October's (due Fri 30 Oct) is overdue for both.
    const { store, clock, context, people } = await flowSetup(database, { policy: 'islington', directory });

    const mine = cardText(renderCard((await runCommand(context, people.supervisor!, 'upcoming')).view));
    expect(mine).toContain('Team manager supervision of practice supervisors (overdue since Fri 30 Oct 2026)');
    const theirs = cardText(renderCard((await runCommand(context, people.teamlead!, 'team')).view));
    expect(theirs).toContain('Practice Supervisor B');
    expect(theirs).toContain('overdue since Fri 30 Oct 2026, not booked');

    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const notices = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
      (row) => `${row.conversation}: ${(row.payload as { view: { data: { text: string } } }).view.data.text}`,
    );
    expect(notices.filter((notice) => !notice.includes('Social Worker C'))).toEqual([
      "U0TEAMLD1: Practice Supervisor B's team manager supervision of practice supervisors was due by Fri 30 Oct 2026 and none has been held (overdue 3 weeks). Please book it as soon as you can: /supervision book.",
      "U0SERVICE1: Practice Supervisor B's team manager supervision of practice supervisors was due by Fri 30 Oct 2026 and none has been held (overdue 3 weeks). You are told as their supervisor’s manager.",
    ]);
    // The practitioner is still watched, as before.
    expect(notices.filter((notice) => notice.startsWith('U0OTHER01:'))).toHaveLength(1);
  });
});
