// The playground's Welsh speaker (issue 21): Tom Evans chose Cymraeg, so the bot writes to him in Welsh, while the
// rest of the demo team read English. On both databases.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runCommand } from '../../src/flows/router.js';
import { seedDemoDirectory } from '../../src/playground/demo.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

describe.each(databases)('the demo Welsh speaker on $name', (database) => {
  it('writes to Tom Evans in Welsh, and to his supervisor and colleagues in English', async () => {
    const store = await database.open();
    onTestFinished(() => store.close());
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const cafcass = pack('cafcass');
    await seedDemoDirectory(store.db, cafcass.pack, clock.now(), { months: 1, seed: 1 });
    const context: FlowContext = { db: store.db, pack: cafcass.pack, calendar: cafcass.calendar, clock };
    const person = async (email: string) => (await store.db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirstOrThrow()) as Actor;

    const tom = await runCommand(context, await person('tom.evans@demo.invalid'), 'raise');
    expect(tom.view.speech).toBe('cy');
    expect(tom.view.data.intro).toBe(
      "O dan bolisi goruchwylio Cafcass rhaid i chi, neu gallwch, ofyn am oruchwyliaeth pan fydd un o'r rhain yn digwydd. Dewiswch un i weld ei eiriad llawn.",
    );
    const priya = await runCommand(context, await person('priya.shah@demo.invalid'), 'raise');
    expect(priya.view.speech).toBe('en-GB');
    expect(priya.view.data.intro).toBe(
      'Under the Cafcass supervision policy you must, or may, ask for supervision when one of these happens. Pick one to see its full wording.',
    );
  });
});
