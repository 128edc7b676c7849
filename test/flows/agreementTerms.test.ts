// Bexley's supervision contract (individual standard one, appendix 1): its minimum terms are the template's,
// which nobody changes in chat ("not changed unless with the agreement of senior management"), but either of
// the two may add terms of their own before both sign; adding them after one has signed asks that one to sign
// again. Cafcass Cymru's agreement (1.14) sets out when what arises in supervision may be shared, telling the
// practitioner first (4.2, 4.3), and the whistle-blowing and grievance policies (4.5), for both to sign.
// On both databases, through the chat actions.
import { describe, expect, it } from 'vitest';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGE1
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER1
`;
const SESSION = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
const ADDED = 'We meet on alternate Tuesdays in room 2.14, phones off.';

describe.each(databases)('terms added to the supervision contract on $name', (database) => {
  it("lets either of the two add terms to the contract's minimum terms before both sign, never change them, and asks one who signed to sign again (Bexley)", async () => {
    const { context, people, clock, store } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-11-23T10:00:00Z' });
    await runAction(context, people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'case',
      date: '2026-11-25',
      time: '10:00',
      duration: '90',
    });
    clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
    await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION });
    const agreement = await store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    const agreementId = { agreementId: agreement.id };
    expect((await runAction(context, people.supervisor!, 'agreement.sign', agreementId)).view.data.title).toBeDefined();

    // The form: the rule in the policy's words, a place to add terms, none to change the minimum terms.
    expect((await runAction(context, people.manager!, 'agreement.arrangements', agreementId)).view.data.title).toBe("This isn't yours to change");
    const form = await runAction(context, people.worker!, 'agreement.arrangements', agreementId);
    expect(form.view.card).toBe('agreement-arrangements');
    expect(form.view.data.intro).toContain('These minimum terms are not changed unless senior management agrees; you may add to them');
    expect(form.view.data).toMatchObject({ showTerms: true, showEvery: false, showPhase: false, showReview: false });
    const save = (actor: typeof people.worker, terms: string) =>
      runAction(context, actor!, 'agreement.arrangements.save', { ...agreementId, every: '', phaseEndedOn: '', practiceReviewOn: '', terms });
    expect((await save(people.worker, ADDED)).view.data.intro).toContain(`Saved. Terms you added: ${ADDED}.`);
    // The supervisor had signed: what they signed no longer stands, so they are told and sign again.
    const row = await store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    expect([row.supervisor_signed_at, row.supervisee_signed_at, row.signed_at]).toEqual([null, null, null]);
    const told = await store.db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0SUPERV1').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((told.payload as { view: { data: { text: string } } }).view.data.text).toContain(
      `Terms you added: ${ADDED}. Read the agreement and sign it with its new terms: /supervision agreement.`,
    );
    // The same save again changes and tells nothing more.
    const sent = (await store.db.selectFrom('outbox').select('id').execute()).length;
    await save(people.worker, ADDED);
    expect((await store.db.selectFrom('outbox').select('id').execute()).length).toBe(sent);

    // Read by either: the template's headings, then the added terms; both sign.
    const read = await runCommand(context, people.supervisor!, 'agreement');
    const headings = read.view.data.headings as { title: string; terms: string }[];
    expect(headings.at(-1)).toEqual({ title: 'Terms the two of you added', terms: ADDED });
    expect(headings[0]!.terms).toBe(
      "All Children's Social Care practitioners, permanent or locum, will have planned, regular, protected individual time for formal supervision with their manager.",
    );
    await runAction(context, people.supervisor!, 'agreement.sign', agreementId);
    await runAction(context, people.worker!, 'agreement.sign', agreementId);
    expect((await store.db.selectFrom('supervision_agreement').select('signed_at').executeTakeFirstOrThrow()).signed_at).not.toBeNull();

    // Signed by both: terms wait for its review; a save sent anyway changes nothing.
    expect((await runAction(context, people.worker!, 'agreement.arrangements', agreementId)).view.data.showTerms).toBe(false);
    await save(people.supervisor, 'Something else entirely.');
    const kept = await store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(kept.content).added).toBe(ADDED);
    expect(kept.signed_at).not.toBeNull();
  });
  it("sets out in Cafcass Cymru's agreement, for both to sign, when what arises in supervision may be shared, that the practitioner is told first, and the whistle-blowing and grievance policies", async () => {
    const { context, people, clock } = await flowSetup(database, {
      policy: 'cafcass-cymru',
      directory: directory.replace('case-holder,2024-01-08', 'practitioner,2024-01-08'),
      at: '2026-11-23T10:00:00Z',
    });
    await runAction(context, people.supervisor!, 'session.book', {
      bookingId: SESSION,
      supervisee: people.worker!.id,
      kind: 'psm',
      date: '2026-11-25',
      time: '10:00',
      duration: '90',
    });
    clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
    await runAction(context, people.supervisor!, 'session.held', { sessionId: SESSION });
    const read = await runCommand(context, people.worker!, 'agreement');
    const headings = read.view.data.headings as { title: string; terms: string }[];
    const sharing = headings.find((heading) => heading.title === 'When what arises in supervision may be shared');
    expect(sharing?.terms).toContain('professional issues usefully discussed at a team meeting (agreement sought first)');
    expect(sharing?.terms).toContain('referred to the Deputy Chief Executive, who may consult HR');
    expect(sharing?.terms).toContain('Wherever possible, the line manager tells the practitioner first of the need to breach confidentiality');
    expect(headings.find((heading) => heading.title === 'Whistle-blowing and grievance')?.terms).toBe(
      "Both of us know the Welsh Government's whistle-blowing and grievance policies, which all staff should be aware of.",
    );
    expect((read.view.data.buttons as { verb: string }[]).map((button) => button.verb)).toContain('agreement.sign');
  });
});
