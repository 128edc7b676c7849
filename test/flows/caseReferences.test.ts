// A case reference is the case system's, with its digits: never a name. What is typed is read in capitals
// with its spacing tidied (cf 204518 is CF-204518), stored so, and a name in capitals is refused, in
// every pack, through the raise.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const REQUEST = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';

/** Each pack: a practitioner's cohort, and references as typed with how they are stored. */
const packs: { id: string; cohort: string; typed: [string, string][] }[] = [
  {
    id: 'cafcass',
    cohort: 'established',
    typed: [
      ['cf-204518', 'CF-204518'],
      [' CF 204518 ', 'CF-204518'],
      ['Cf-204518', 'CF-204518'],
    ],
  },
  { id: 'cafcass-cymru', cohort: 'practitioner', typed: [[' 204518 ', '204518']] },
  {
    id: 'cumberland',
    cohort: 'nqsw',
    typed: [
      ['ehm 204518', 'EHM-204518'],
      ['204518', '204518'],
    ],
  },
  {
    id: 'islington',
    cohort: 'case-holder',
    typed: [
      ['lcs-1048213', 'LCS-1048213'],
      ['1048213 ', '1048213'],
    ],
  },
  {
    id: 'bexley',
    cohort: 'case-holder',
    typed: [
      ['ics 55012', 'ICS-55012'],
      ['1048213', '1048213'],
    ],
  },
];
const names = ['ZEBEDEE-QUINCE', 'Zebedee Quince', 'ZEBEDEEQUINCE', 'QUINCE-Z'];

describe.each(databases)('case references on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup(policy: string, cohort: string) {
    store = await database.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const loaded = pack(policy);
    const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2024-01-08,U0WORKER1
`;
    const imported = await importDirectory({ db: store.db, pack: loaded.pack, fileName: 'staff.csv', text: directory, now: clock.now() });
    expect(imported.ok).toBe(true);
    const worker = (await store.db.selectFrom('person').selectAll().where('email', '=', 'worker@example.org').executeTakeFirstOrThrow()) as Actor;
    const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
    const [triggerId, trigger] = Object.entries(loaded.pack.triggers)[0]!;
    const raise = (caseReference: string, requestId = REQUEST) =>
      runAction(context, worker, 'raise.submit', {
        triggerId,
        requestId,
        caseReference,
        urgency: trigger.urgency ?? 'routine',
        experience: 'What happened at the visit.',
        goal: 'A decision.',
        availability: '',
      });
    const stored = () => store.db.selectFrom('trigger_request').select('case_reference').execute();
    return { context, worker, raise, stored, example: loaded.pack.caseReference.example };
  }

  describe.each(packs)('$id', ({ id, cohort, typed }) => {
    it.each(typed)('stores %j as %j', async (reference, normalised) => {
      const { raise, stored } = await setup(id, cohort);
      expect((await raise(reference)).view.card).toBe('trigger-status');
      expect(await stored()).toEqual([{ case_reference: normalised }]);
    });

    it('accepts its own example', async () => {
      const { raise, stored, example } = await setup(id, cohort);
      expect((await raise(example)).view.card).toBe('trigger-status');
      expect(await stored()).toEqual([{ case_reference: example }]);
    });

    it.each(names)('refuses the name %j by its field, storing nothing', async (name) => {
      const { raise, stored, example } = await setup(id, cohort);
      const refused = await raise(name);
      expect(refused.view.card).toBe('raise-form');
      expect(refused.fieldErrors?.caseReference).toContain(`It looks like ${example}. Never type a child's name here.`);
      expect(await stored()).toEqual([]);
    });
  });

  it("finds a case's records however its reference is typed", async () => {
    const { context, worker, raise } = await setup('cafcass', 'established');
    await raise('CF-204518');
    expect((await runCommand(context, worker, 'records cf-204518')).view.data.title).toBe('Supervision records for CF-204518');
  });
});
