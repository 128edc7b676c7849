// Bexley, individual standard three: "a minimum of four direct observations of practice per year" for
// case-holding staff. Four held at any time in the year count, not one in each quarter; when the year is
// running out with observations still owed, upcoming warns; a year that ended short is told once as such,
// in upcoming, team and the cadence watch. The year runs from each anniversary of the start date (here
// Tue 6 Jan), which the pack records as the bot's choice. Expected texts are written out by hand.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER
pm@example.org,Practice Manager B,supervisor,North,manager@example.org,,,U0PM
four@example.org,Social Worker C,practitioner,North,pm@example.org,case-holder,2020-01-06,U0WORKER1
two@example.org,Social Worker D,practitioner,North,pm@example.org,case-holder,2020-01-06,U0WORKER2
`;

describe.each(databases)('four direct observations a year (Bexley) on $name', (database) => {
  it('bexley: four observations held on 20 Jan, 20 Feb, 3 Aug and 2 Nov are the year done; two by December warn that the year is running out, and the year that ended short is told as 2 of 4 not held', async () => {
    const { context, people, clock, store } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-07-07T09:00:00Z' });
    let sessions = 0;
    const held = async (who: string, kind: string, iso: string) => {
      sessions += 1;
      await store.db
        .insertInto('supervision_session')
        .values({
          id: `s${sessions}`,
          organisation_id: 'default',
          kind,
          supervisee_id: people[who]!.id,
          supervisor_id: people.pm!.id,
          starts_at: `${iso}T10:00:00Z`,
          duration_minutes: 90,
          status: 'held',
        })
        .execute();
    };
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
    const shown = async (who: string, command: string) => cardText(renderCard((await runCommand(context, people[who]!, command)).view));
    const watch = async () => {
      await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
      return (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map(
        (row) => `${row.conversation}: ${(row.payload as { view: { data: { text: string } } }).view.data.text}`,
      );
    };
    for (const who of ['four', 'two']) {
      await held(who, 'observation', '2026-01-20');
      await held(who, 'observation', '2026-02-20');
      await held(who, 'case', '2026-07-06');
    }

    // Tue 7 Jul 2026: none held since February, and nothing is overdue: two more can be held by January.
    expect(await shown('two', 'upcoming')).not.toContain('overdue');
    expect(await watch()).toEqual([]);

    // Tue 1 Dec 2026: C has held four this year; D two, with one month left in the year.
    await held('four', 'observation', '2026-08-03');
    await held('four', 'observation', '2026-11-02');
    for (const who of ['four', 'two']) await held(who, 'case', '2026-11-30');
    at('2026-12-01T10:00:00Z');
    expect(await shown('four', 'upcoming')).not.toContain('Direct observation of practice');
    expect(await shown('two', 'upcoming')).toContain(
      'Direct observation of practice: 2 of 4 held this year, 2 still to hold by Tue 5 Jan 2027; only 1 month is left in the year',
    );

    // Mon 11 Jan 2027: D's year ended with two not held; C's new year has just begun.
    for (const who of ['four', 'two']) await held(who, 'case', '2027-01-08');
    at('2027-01-11T10:00:00Z');
    expect(await shown('four', 'upcoming')).not.toContain('Direct observation of practice');
    expect(await shown('two', 'upcoming')).toContain('Direct observation of practice: 2 of 4 not held in the year to Tue 5 Jan 2027');
    expect(await shown('pm', 'team')).toMatch(/Social Worker D\nDirect observation of practice \(2 of 4 not held in the year to Tue 5 Jan 2027\), not booked/);
    expect(await shown('pm', 'team')).not.toMatch(/Social Worker C\nDirect observation/);
    expect(await watch()).toEqual([
      // QA a): the supervisee is told too, in the same words (the Bexley pack's superviseeRaisesOverdue).
      "U0WORKER2: Your direct observation of practice: 2 of 4 not held in the year to Tue 5 Jan 2027. The London Borough of Bexley, Children's Social Care policy asks you to raise this with your supervisor or the next manager. Choose who to ask and I will tell them.",
      "U0PM: Social Worker D's direct observation of practice: 2 of 4 not held in the year to Tue 5 Jan 2027. Please book it as soon as you can: /supervision book.",
      "U0MANAGER: Social Worker D's direct observation of practice: 2 of 4 not held in the year to Tue 5 Jan 2027. You are told as their supervisor’s manager.",
    ]);
  });
});
