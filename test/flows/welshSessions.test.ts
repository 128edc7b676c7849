// Cymraeg (issue 21) in the sessions' and notices' flows, on both databases: each person is told in their own
// language, whoever set off the notice; an escalation reaches a Welsh-speaking manager in Welsh while the
// English-speaking supervisor it passed is told in English; sessions, reminders and the upcoming card in Welsh.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { runAction } from '../../src/flows/router.js';
import { renderCard } from '../../src/cards/render.js';
import type { View } from '../../src/cards/catalog.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
opsa@example.org,Head of Operations A,senior-manager,Wales,,,,U0OPSA
pm@example.org,Practice Manager P,supervisor,Wales,opsa@example.org,,,U0PM
worker@example.org,Gweithiwr Cymdeithasol C,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER1
other@example.org,Social Worker D,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER2
`;
const REQUEST = '5b1f7c2e-3d4a-4e6b-9c8d-7a6b5c4d3e2f';

/** A view's words as Teams shows them: the card rendered in the view's speech. */
const shown = (view: View) => JSON.stringify(renderCard(view));

describe.each(databases)('Cymraeg in sessions and notices on $name', (database) => {
  async function setup(languages: Record<string, 'cy' | 'en-GB' | null>) {
    const found = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    for (const [who, language] of Object.entries(languages))
      await found.store.db.updateTable('person').set({ language }).where('id', '=', found.people[who]!.id).execute();
    const people = Object.fromEntries(Object.entries(found.people).map(([who, person]) => [who, { ...person, language: languages[who] ?? null }]));
    const notices = () => found.store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    return { ...found, people, notices };
  }

  it('escalates a request: the Welsh-speaking manager and practitioner are told in Welsh, the English-speaking supervisor in English', async () => {
    const { context, people, clock, store, notices } = await setup({ worker: 'cy', pm: 'en-GB', opsa: 'cy' });
    const sent = await runAction(context, people.worker!, 'raise.submit', {
      triggerId: 'case-consultation',
      requestId: REQUEST,
      caseReference: '204518',
      urgency: 'priority',
      experience: 'Mae’r teulu wedi symud.',
      goal: 'Cytuno ar y cam nesaf.',
      availability: '',
    });
    expect(sent.fieldErrors).toBeUndefined();
    clock.advance(3 * 24 * 3600 * 1000);
    await new Sweeper(store.db, clock, [escalationProvider(context)]).sweepOnce();
    const all = await notices();
    const byKey = (end: string) => all.find((notice) => notice.idempotency_key.endsWith(end))!.payload as { text: string; view: View };
    const manager = all.find((notice) => notice.conversation === 'U0OPSA')!.payload as { text: string; view: View };
    expect(manager.text).toBe("Gofynnwyd am oruchwyliaeth ar gyfer achos 204518 (wedi'i uwchgyfeirio atoch chi)");
    expect(manager.view).toMatchObject({ card: 'trigger-request', speech: 'cy' });
    expect(manager.view.data).toMatchObject({
      escalationNote: "Wedi'i uwchgyfeirio atoch chi: ni dderbyniodd neb y cais hwn mewn pryd.",
      summary: 'Mae Gweithiwr Cymdeithasol C yn gofyn am oruchwyliaeth: Ymgynghori ar achos.',
    });
    expect(manager.view.data.facts).toContainEqual({ title: 'Brys', value: 'blaenoriaeth: ateb erbyn Gwe 27 Tach 2026 10:00' });
    expect(shown(manager.view)).toContain('Derbyn: fe siaradaf â nhw nawr');
    const practitioner = byKey(':practitioner');
    expect(practitioner.text).toBe('Mae eich cais ar gyfer achos 204518 wedi mynd at Head of Operations A');
    expect(practitioner.view.data.text).toBe("Ni dderbyniodd neb ef mewn pryd, felly mae wedi symud i fyny'r gadwyn uwchgyfeirio.");
    // The supervisor who did not answer reads English, word for word as before.
    const previous = byKey(':previous');
    expect(previous.text).toBe('A request you did not answer in time has gone to Head of Operations A');
    expect(previous.view).toMatchObject({
      speech: 'en-GB',
      data: {
        title: 'Escalated to Head of Operations A',
        text: "Gweithiwr Cymdeithasol C's request was not accepted in time, so it has gone to Head of Operations A.",
        facts: [
          { title: 'Case reference', value: '204518' },
          { title: 'Trigger', value: 'Case consultation' },
          { title: 'Urgency', value: 'priority: answer by Fri 27 Nov 2026 10:00' },
        ],
      },
    });
  });
});
