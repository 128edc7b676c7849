// Cafcass appendix 2 quality 8: "Provide additional professional supervision by a registered social worker for
// practitioners whose line manager is not a social worker." The directory says who is a registered social worker
// (registered_social_worker) and who gives a practitioner that supervision (professional_supervisor). Upcoming
// and team show it; the named registered social worker is told once; where nobody is named, the line manager's
// own manager is told once. On both databases.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor } from '../../src/flows/context.js';
import { professionalSupervisionProvider } from '../../src/flows/professionalSupervision.js';
import { runCommand } from '../../src/flows/router.js';
import type { Database } from '../../src/store/schema.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id,registered_social_worker,professional_supervisor
head@example.org,Head of Practice A,manager,North,,,,U0HEAD001,yes,
lead@example.org,Team Leader B,supervisor,North,head@example.org,,,U0LEAD001,no,
senior@example.org,Senior Practitioner C,supervisor,North,head@example.org,,,U0SENIOR1,yes,
worker@example.org,Family Court Adviser D,practitioner,North,lead@example.org,established,2026-01-05,U0WORKER1,,senior@example.org
other@example.org,Family Court Adviser E,practitioner,North,lead@example.org,established,2026-01-05,U0OTHER01,,
kept@example.org,Family Court Adviser F,practitioner,North,senior@example.org,established,2026-01-05,U0KEPT001,,
`;

const rule = 'Cafcass supervision policy, appendix 2, quality 8';
const shown = async (actor: Actor, command: string, context: Parameters<typeof runCommand>[0]) =>
  cardText(renderCard((await runCommand(context, actor, command)).view));
const toldIn = async (db: Kysely<Database>, conversation: string) =>
  (await db.selectFrom('outbox').select('payload').where('conversation', '=', conversation).execute())
    .map((row) => row.payload as { view?: Parameters<typeof renderCard>[0] })
    .flatMap((payload) => (payload.view ? [cardText(renderCard(payload.view))] : []));

describe.each(databases)('additional professional supervision (Cafcass appendix 2 quality 8), on $name', (database) => {
  it('Cafcass appendix 2 quality 8: a practitioner whose line manager is not a registered social worker sees who gives their additional professional supervision, the named social worker is told, and without one the manager above is told', async () => {
    const { context, clock, people, store } = await flowSetup(database, { policy: 'cafcass', directory });

    // Upcoming: with the registered social worker the directory names; none for someone whose supervisor is registered.
    expect(await shown(people.worker!, 'upcoming', context)).toContain(
      `Additional professional supervision: with Senior Practitioner C, a registered social worker (${rule}).`,
    );
    expect(await shown(people.other!, 'upcoming', context)).toContain(
      'Additional professional supervision: your line manager is not recorded as a registered social worker, and the directory names nobody to give it',
    );
    expect(await shown(people.kept!, 'upcoming', context)).not.toContain('Additional professional supervision');

    // Team: the line manager sees both.
    const team = await shown(people.lead!, 'team', context);
    expect(team).toContain('Family Court Adviser D');
    expect(team).toContain('Additional professional supervision: with Senior Practitioner C, a registered social worker');
    expect(team).toContain('Additional professional supervision: their line manager is not recorded as a registered social worker');

    // The watch, once a working day: the named social worker told of D; the head of practice told nobody gives E it.
    const sweeper = new Sweeper(store.db, clock, [professionalSupervisionProvider(context)]);
    await sweeper.sweepOnce();
    const toSenior = await toldIn(store.db, 'U0SENIOR1');
    expect(toSenior).toHaveLength(1);
    expect(toSenior[0]).toContain('The directory names you, a registered social worker, to give Family Court Adviser D additional professional supervision');
    const toHead = await toldIn(store.db, 'U0HEAD001');
    expect(toHead).toHaveLength(1);
    expect(toHead[0]).toContain('No additional professional supervision for Family Court Adviser E');
    expect(toHead[0]).toContain(rule);
    // The line manager and the practitioners are not sent these; nobody about F.
    expect(await toldIn(store.db, 'U0LEAD001')).toEqual([]);
    expect((await toldIn(store.db, 'U0HEAD001')).join('\n')).not.toContain('Family Court Adviser F');

    // The next working day: told once only.
    clock.advance(24 * 60 * 60 * 1000);
    await sweeper.sweepOnce();
    expect(await toldIn(store.db, 'U0SENIOR1')).toHaveLength(1);
    expect(await toldIn(store.db, 'U0HEAD001')).toHaveLength(1);
  });

  it('refuses a professional supervisor who is not recorded as a registered social worker, and a registered_social_worker that is not yes or no, naming line and field', async () => {
    const bad = `email,name,role,team,supervisor,cohort,start_date,registered_social_worker,professional_supervisor
lead@example.org,Team Leader B,supervisor,North,,,,no,
worker@example.org,Family Court Adviser D,practitioner,North,lead@example.org,established,2026-01-05,,lead@example.org
other@example.org,Family Court Adviser E,practitioner,North,lead@example.org,established,2026-01-05,perhaps,
`;
    const { imported, store } = await flowSetup(database, { policy: 'cafcass', directory: bad, mayFail: true });
    expect(imported.ok).toBe(false);
    expect(imported.ok ? [] : imported.problems).toEqual([
      {
        line: 3,
        field: 'professional_supervisor',
        message: 'lead@example.org is not recorded as a registered social worker: give them registered_social_worker yes',
      },
      { line: 4, field: 'registered_social_worker', message: "'perhaps' must be yes or no (or left empty when not known)" },
    ]);
    expect(await store.db.selectFrom('person').select('id').execute()).toEqual([]);
  });
});
