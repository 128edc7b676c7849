// Issue 19: each case's supervision in chat, on its case category's cadence, for the packs that give case
// categories beyond Cumberland's (test/flows/caseCadence.test.ts): Bexley's 4, 8 and 12 weeks (standard
// three), Islington's every open case each calendar month; and Cumberland's rules about one case: supervision
// at allocation, with an allocation plan, and a case's frequency raised by the supervisor (section 4). The
// cases come from the case list import; chat shows them by case reference, never a name.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { importCases } from '../../src/cases/importCases.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runAction } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const DAY = 24 * 60 * 60_000;

/** A supervisor, and a worker who started recently: their own supervision is not overdue, only cases may be. */
const directoryOf = (cohort: string, start: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Service Manager E,manager,North,,,,U0MANAGER
supervisor@example.org,Team Manager B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},${start},U0WORKER1
other@example.org,Social Worker D,practitioner,North,manager@example.org,${cohort},${start},U0OTHER1
`;

const caseList = (rows: string[]) => `case_reference,category,worker,allocated_on\n${rows.join('\n')}\n`;

async function withCases(setup: FlowSetup, rows: string[]) {
  const imported = await importCases({ db: setup.store.db, pack: setup.context.pack, fileName: 'cases.csv', text: caseList(rows), now: setup.clock.now() });
  expect(imported).toMatchObject({ ok: true, opened: rows.length });
}

const textOf = async (setup: FlowSetup, verb: 'upcoming' | 'team', who: 'worker' | 'supervisor') =>
  cardText(renderCard((await runAction(setup.context, setup.people[who]!, verb, {})).view));

/** The cadence watch's messages so far: to whom, with their facts. */
const sent = async (setup: FlowSetup) =>
  (await setup.store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => ({
    to: row.conversation,
    ...(row.payload as { view: { data: { title: string; text: string; facts?: { title: string; value: string }[] } } }).view.data,
  }));

/** What the watch told `to` of cases: a notice's text when one case is overdue, a summary's case lines when several are. */
const caseFacts = async (setup: FlowSetup, to: string) =>
  (await sent(setup))
    .filter((message) => message.to === to)
    .flatMap((message) =>
      message.title === 'Case supervision is overdue'
        ? [message.text]
        : (message.facts ?? []).filter((fact) => fact.value.startsWith('Case ')).map((fact) => `${fact.title}: ${fact.value}`),
    );

/**
 * The supervisor books child and family supervision with the worker on `date`, it is held, and its record is
 * written under `caseReference`: a discussion of that case, through chat. Returns the record form's text.
 */
async function discussInChat(setup: FlowSetup, caseReference: string, date: string): Promise<string> {
  const { context, people, clock } = setup;
  const sessionId = randomUUID();
  const booked = await runAction(context, people.supervisor!, 'session.book', {
    bookingId: sessionId,
    replaces: '',
    supervisee: people.worker!.id,
    kind: 'case',
    date,
    time: '10:00',
    duration: '',
  });
  expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
  clock.advance(Date.parse(`${date}T12:00:00Z`) - clock.now().getTime());
  expect((await runAction(context, people.supervisor!, 'session.held', { sessionId })).view.data.title).toBe('Marked as held');
  const form = await runAction(context, people.supervisor!, 'record.open', { sessionId });
  const saved = await runAction(
    context,
    people.supervisor!,
    'record.save',
    recordValues(form.view, { caseReference, actionDue: new Date(Date.parse(date) + 7 * DAY).toISOString().slice(0, 10) }),
  );
  expect(saved.fieldErrors ?? {}).toEqual({});
  expect(await setup.store.db.selectFrom('record').select('case_reference').where('session_id', '=', sessionId).execute()).toEqual([
    { case_reference: caseReference },
  ]);
  return cardText(renderCard(form.view));
}

async function watch(setup: FlowSetup) {
  const sweeper = new Sweeper(setup.store.db, setup.clock, [cadenceWatchProvider(setup.context)]);
  await sweeper.sweepOnce();
  await sweeper.sweepOnce();
}

describe.each(databases)('case supervision in chat on $name', (database) => {
  // ---- Bexley, individual standard three: every 4 weeks; Leaving Care 8 weeks if agreed; CWD review-only 12 weeks

  it('Bexley: every case has supervision every 4 weeks from its allocation, shown in upcoming and team, and the supervisor is told of one overdue (standard three)', async () => {
    // Mon 23 Nov 2026. 1048213 allocated Mon 19 Oct was due Mon 16 Nov; 1048214 allocated Mon 9 Nov is due Mon 7 Dec.
    const setup = await flowSetup(database, { policy: 'bexley', directory: directoryOf('case-holder', '2026-11-20') });
    await withCases(setup, ['1048213,standard,worker@example.org,2026-10-19', 'ICS-1048214,standard,worker@example.org,2026-11-09']);
    const mine = await textOf(setup, 'upcoming', 'worker');
    expect(mine).toContain('Case 1048213\nAll cases, overdue since Mon 16 Nov 2026');
    expect(mine).toContain('Case ICS-1048214\nAll cases, due by Mon 7 Dec 2026');
    const theirs = await textOf(setup, 'team', 'supervisor');
    expect(theirs).toContain('Case 1048213\nSocial Worker C: All cases, overdue since Mon 16 Nov 2026');
    expect(theirs).toContain('Case ICS-1048214\nSocial Worker C: All cases, due by Mon 7 Dec 2026');
    // Bexley's policy sets no way to raise one case's frequency: no button, and the action is refused.
    expect(theirs).not.toContain("Raise a case's frequency");
    expect(
      (await runAction(setup.context, setup.people.supervisor!, 'case.frequency', { caseReference: '1048213', everyWeeks: '2', reason: 'supervisor' })).view
        .data.title,
    ).toBe('Not in this policy');
    await watch(setup);
    expect(await caseFacts(setup, 'U0SUPERV1')).toEqual([
      'Case 1048213, held by Social Worker C, is All cases: its supervision was due by Mon 16 Nov 2026 and no discussion of it has been recorded since. Please book it as soon as you can: /supervision book.',
    ]);
    expect(await caseFacts(setup, 'U0WORKER1')).toEqual([]);
    // Tue 8 Dec: the other has fallen due too, and 1048213 is still overdue (its next date, Mon 14 Dec, is to come).
    setup.clock.advance(15 * DAY);
    await watch(setup);
    expect((await caseFacts(setup, 'U0SUPERV1')).slice(1).sort()).toEqual([
      'Social Worker C: Case 1048213 (All cases) overdue since Mon 16 Nov 2026',
      'Social Worker C: Case ICS-1048214 (All cases) overdue since Mon 7 Dec 2026',
    ]);
  });

  it("Bexley: a Leaving Care case is due every 8 weeks, shown with the head of service's agreement it depends on (standard three)", async () => {
    // LCS-2000111 allocated Mon 5 Oct: due Mon 30 Nov, not 4 weeks on (Mon 2 Nov); LCS-2000112 allocated Mon 14 Sep was due Mon 9 Nov.
    const setup = await flowSetup(database, { policy: 'bexley', directory: directoryOf('case-holder', '2026-11-20') });
    await withCases(setup, ['LCS-2000111,leaving-care,worker@example.org,2026-10-05', 'LCS-2000112,Leaving-Care,worker@example.org,2026-09-14']);
    const agreed = 'this interval only if the head of service has agreed it as part of the revised visit approval; otherwise every 4 weeks';
    const title = 'Leaving Care Team, young adults visited every 3 months or more';
    expect(await textOf(setup, 'upcoming', 'worker')).toContain(`Case LCS-2000111\n${title}, due by Mon 30 Nov 2026 (${agreed})`);
    const theirs = await textOf(setup, 'team', 'supervisor');
    expect(theirs).toContain(`Case LCS-2000111\nSocial Worker C: ${title}, due by Mon 30 Nov 2026 (${agreed})`);
    expect(theirs).toContain(`Case LCS-2000112\nSocial Worker C: ${title}, overdue since Mon 9 Nov 2026 (${agreed})`);
    await watch(setup);
    expect(await caseFacts(setup, 'U0SUPERV1')).toEqual([
      `Case LCS-2000112, held by Social Worker C, is ${title}: its supervision was due by Mon 9 Nov 2026 and no discussion of it has been recorded since (${agreed}). Please book it as soon as you can: /supervision book.`,
    ]);
  });

  it('Bexley: a child with disabilities supported on a review-only basis is due every 12 weeks (standard three)', async () => {
    // 3000222 allocated Mon 7 Sep: due Mon 30 Nov; 3000223 allocated Mon 24 Aug was due Mon 16 Nov.
    const setup = await flowSetup(database, { policy: 'bexley', directory: directoryOf('case-holder', '2026-11-20') });
    await withCases(setup, ['3000222,cwd-review-only,worker@example.org,2026-09-07', '3000223,cwd-review-only,worker@example.org,2026-08-24']);
    const title = 'Children with disabilities supported on a review-only basis';
    expect(await textOf(setup, 'upcoming', 'worker')).toContain(`Case 3000222\n${title}, due by Mon 30 Nov 2026`);
    expect(await textOf(setup, 'team', 'supervisor')).toContain(`Case 3000223\nSocial Worker C: ${title}, overdue since Mon 16 Nov 2026`);
    await watch(setup);
    expect(await caseFacts(setup, 'U0SUPERV1')).toEqual([
      `Case 3000223, held by Social Worker C, is ${title}: its supervision was due by Mon 16 Nov 2026 and no discussion of it has been recorded since. Please book it as soon as you can: /supervision book.`,
    ]);
    // Tue 29 Dec: 3000222 fell due on Mon 30 Nov; four weeks on, it has missed one date, not two (12 weeks apart).
    setup.clock.advance(36 * DAY);
    await watch(setup);
    expect((await caseFacts(setup, 'U0SUPERV1')).slice(1).sort()).toEqual([
      `Social Worker C: Case 3000222 (${title}) overdue since Mon 30 Nov 2026`,
      `Social Worker C: Case 3000223 (${title}) overdue since Mon 16 Nov 2026`,
    ]);
  });

  // ---- Cumberland, section 4: supervision at allocation, and a case's frequency raised

  it("Cumberland: a case's first child and family supervision is due on its allocation date, recorded with an allocation plan, and the next one interval after it (section 4)", async () => {
    // Mon 23 Nov 2026. EHM-204518 is allocated today; EHM-520001 was allocated Mon 16 Nov and not yet discussed.
    const setup = await flowSetup(database, { policy: 'cumberland', directory: directoryOf('staff', '2026-11-16') });
    await withCases(setup, ['EHM-204518,child-protection,worker@example.org,2026-11-23', 'EHM-520001,child-protection,worker@example.org,2026-11-16']);
    const atAllocation = '(supervision at allocation, recorded with the allocation plan)';
    const mine = await textOf(setup, 'upcoming', 'worker');
    expect(mine).toContain(`Case EHM-204518\nChild Protection, due today ${atAllocation}`);
    // Not one interval after allocation (Mon 14 Dec): on the day itself.
    expect(mine).toContain(`Case EHM-520001\nChild Protection, overdue since Mon 16 Nov 2026 ${atAllocation}`);
    expect(await textOf(setup, 'team', 'supervisor')).toContain(
      `Case EHM-520001\nSocial Worker C: Child Protection, overdue since Mon 16 Nov 2026 ${atAllocation}`,
    );
    await watch(setup);
    expect(await caseFacts(setup, 'U0SUPERV1')).toEqual([
      `Case EHM-520001, held by Social Worker C, is Child Protection: its supervision at allocation was due by Mon 16 Nov 2026 and no discussion of it has been recorded since ${atAllocation}. Please book it as soon as you can: /supervision book.`,
    ]);

    // Discussed on Tue 24 Nov, on the child and family record, which has a place for the allocation plan.
    const form = await discussInChat(setup, 'EHM-520001', '2026-11-24');
    expect(form).toContain('Allocation plan');
    const after = await textOf(setup, 'upcoming', 'worker');
    expect(after).toContain('Case EHM-520001\nChild Protection, due by Tue 22 Dec 2026\n');
    expect(after).toContain(`Case EHM-204518\nChild Protection, overdue since Mon 23 Nov 2026 ${atAllocation}`);
  });

  it('Cumberland: each overdue case is told to its supervisor once, whichever of two replicas looks first, and again a week on while still overdue (section 4)', async () => {
    // Mon 23 Nov 2026: two cases allocated Mon 2 Nov (every 12 weeks), not yet discussed at allocation.
    const setup = await flowSetup(database, { policy: 'cumberland', directory: directoryOf('staff', '2026-11-16') });
    const { store, clock, context } = setup;
    const cases = ['EHM-100001', 'EHM-100002', 'EHM-100003'].map((reference) => `${reference},disabilities-permanence,worker@example.org,2026-11-02`);
    await withCases(setup, cases.slice(0, 2));
    // Replica B lists the two; before it applies them, a third is allocated and replica A looks and tells all three.
    const replicaB = cadenceWatchProvider(context);
    const listedByB = await replicaB.due(store.db, clock.now());
    const imported = await importCases({ db: store.db, pack: context.pack, fileName: 'cases.csv', text: caseList(cases), now: clock.now() });
    expect(imported).toMatchObject({ ok: true, opened: 1 });
    await watch(setup);
    await new Sweeper(store.db, clock, [{ name: 'replica B', due: async () => listedByB, applyMany: replicaB.applyMany! }]).sweepOnce();
    const toldOf = async () => (await caseFacts(setup, 'U0SUPERV1')).map((told) => /EHM-\d+/.exec(told)![0]).sort();
    expect(await toldOf()).toEqual(['EHM-100001', 'EHM-100002', 'EHM-100003']);
    // The rest of the week: nothing again, though the watch looks each morning.
    for (let day = 1; day <= 4; day++) {
      clock.advance(DAY);
      await watch(setup);
    }
    expect(await toldOf()).toEqual(['EHM-100001', 'EHM-100002', 'EHM-100003']);
    // Mon 30 Nov, four weeks after the date missed: each once more, in one message.
    clock.advance(3 * DAY);
    await watch(setup);
    expect(await toldOf()).toEqual(['EHM-100001', 'EHM-100001', 'EHM-100002', 'EHM-100002', 'EHM-100003', 'EHM-100003']);
    expect((await sent(setup)).filter((message) => message.to === 'U0SUPERV1')).toHaveLength(2);
  });

  it("Cumberland: the worker's supervisor raises one case's frequency above its category's, at the supervisee's request; upcoming, team and the watch follow it, the worker is told, and nobody else may (section 4)", async () => {
    // EHM-310077 (cared for after permanence, every 12 weeks) allocated Mon 2 Nov, discussed on Tue 24 Nov.
    const setup = await flowSetup(database, { policy: 'cumberland', directory: directoryOf('staff', '2026-11-16') });
    const { context, people, store } = setup;
    await withCases(setup, ['EHM-310077,cared-for-permanence,worker@example.org,2026-11-02', 'EHM-777001,child-protection,other@example.org,2026-11-02']);
    await discussInChat(setup, 'EHM-310077', '2026-11-24');
    const title = 'Cared for following permanence achieved';
    expect(await textOf(setup, 'upcoming', 'worker')).toContain(`Case EHM-310077\n${title}, due by Tue 16 Feb 2027\n`);

    // From team: the form lists only the cases of the people this supervisor supervises.
    expect(await textOf(setup, 'team', 'supervisor')).toContain("Raise a case's frequency");
    const form = await runAction(context, people.supervisor!, 'case.frequency-form', {});
    expect(form.view.card).toBe('case-frequency');
    expect((form.view.data.cases as { value: string }[]).map((listed) => listed.value)).toEqual(['EHM-310077']);

    // Re-authorised on save: not the worker, not another practitioner.
    for (const who of ['worker', 'other'] as const) {
      const refused = await runAction(context, people[who]!, 'case.frequency', { caseReference: 'EHM-310077', everyWeeks: '2', reason: 'supervisee' });
      expect(refused.view.data.title).toBe("This isn't yours to act on");
    }
    // Only raised: 12 weeks is not more often than the category's.
    const same = await runAction(context, people.supervisor!, 'case.frequency', { caseReference: 'EHM-310077', everyWeeks: '12', reason: 'supervisee' });
    expect(same.view.card).toBe('case-frequency');
    expect((same.view.data.errors as Record<string, string>).everyWeeks).toBe(
      `Every 12 weeks is not more often than ${title}'s (every 12 weeks): choose a shorter interval.`,
    );
    expect(
      (await store.db.selectFrom('allocated_case').select('every_weeks').where('case_reference', '=', 'EHM-310077').executeTakeFirstOrThrow()).every_weeks,
    ).toBeNull();

    const raised = await runAction(context, people.supervisor!, 'case.frequency', { caseReference: 'EHM-310077', everyWeeks: '2', reason: 'supervisee' });
    expect(raised.view.data).toMatchObject({
      title: 'Frequency raised',
      text: `Case EHM-310077 (${title}, held by Social Worker C) is now discussed every 2 weeks, at the supervisee's request. Its next supervision is due by Tue 8 Dec 2026.`,
    });
    expect(await textOf(setup, 'upcoming', 'worker')).toContain(`Case EHM-310077\n${title}, due by Tue 8 Dec 2026 (raised to every 2 weeks)`);
    expect(await textOf(setup, 'team', 'supervisor')).toContain(`Case EHM-310077\nSocial Worker C: ${title}, due by Tue 8 Dec 2026 (raised to every 2 weeks)`);
    expect(await store.db.selectFrom('audit_log').select(['actor_id', 'object_id']).where('action', '=', 'case.frequency').execute()).toEqual([
      { actor_id: people.supervisor!.id, object_id: 'EHM-310077' },
    ]);
    // The worker is told, by case reference.
    expect(
      (await sent(setup)).filter((message) => message.to === 'U0WORKER1' && (message.text ?? '').includes('EHM-310077')).map((message) => message.text),
    ).toEqual([
      `Team Manager B raised case EHM-310077 (${title}) to supervision every 2 weeks, at your request. Its next supervision is due by Tue 8 Dec 2026.`,
    ]);

    // Wed 9 Dec: overdue at the raised interval, and the supervisor is told.
    setup.clock.advance(Date.parse('2026-12-09T10:00:00Z') - setup.clock.now().getTime());
    await watch(setup);
    expect((await caseFacts(setup, 'U0SUPERV1')).filter((told) => told.includes('EHM-310077'))).toEqual([
      `Case EHM-310077, held by Social Worker C, is ${title}: its supervision was due by Tue 8 Dec 2026 and no discussion of it has been recorded since (raised to every 2 weeks). Please book it as soon as you can: /supervision book.`,
    ]);

    // The case moves to child protection in a later import: the frequency raised above the old category's goes.
    const moved = await importCases({
      db: store.db,
      pack: context.pack,
      fileName: 'cases.csv',
      text: caseList(['EHM-310077,child-protection,worker@example.org,2026-11-02', 'EHM-777001,child-protection,other@example.org,2026-11-02']),
      now: setup.clock.now(),
    });
    expect(moved).toMatchObject({ ok: true, updated: 1 });
    expect(await textOf(setup, 'upcoming', 'worker')).toContain('Case EHM-310077\nChild Protection, due by Tue 22 Dec 2026\n');
  });

  // ---- Islington, Frequency: every open case, without exception, is discussed each calendar month

  it('Islington: every open case is due for discussion each calendar month; team says which went without one last month, and the supervisor is told (Frequency)', async () => {
    // Mon 23 Nov 2026. LCS-1000001 allocated Tue 1 Sep was not discussed in September or October; LCS-1000002
    // allocated Mon 2 Nov is owed November's; 1000003 is discussed in chat on Tue 24 Nov.
    const setup = await flowSetup(database, { policy: 'islington', directory: directoryOf('case-holder', '2026-11-02') });
    await withCases(setup, [
      'LCS-1000001,open-case,worker@example.org,2026-09-01',
      'LCS-1000002,open-case,worker@example.org,2026-11-02',
      '1000003,open-case,worker@example.org,2026-10-01',
    ]);
    const mine = await textOf(setup, 'upcoming', 'worker');
    expect(mine).toContain(
      'Case LCS-1000001\nEvery open case, overdue since Wed 30 Sep 2026, 2 missed (no discussion recorded in the 2 months from September 2026)',
    );
    expect(mine).toContain('Case 1000003\nEvery open case, overdue since Fri 30 Oct 2026 (no discussion recorded in October 2026)');
    expect(mine).toContain('Case LCS-1000002\nEvery open case, due by Mon 30 Nov 2026 (not yet discussed in November 2026)');

    // 1000003 is discussed on Tue 24 Nov: November's is done, December's is next; the others are unchanged.
    await discussInChat(setup, '1000003', '2026-11-24');
    const theirs = await textOf(setup, 'team', 'supervisor');
    expect(theirs).toContain('Case 1000003\nSocial Worker C: Every open case, due by Thu 31 Dec 2026\n');
    expect(theirs).toContain('Case LCS-1000002\nSocial Worker C: Every open case, due by Mon 30 Nov 2026 (not yet discussed in November 2026)');
    expect(theirs).toContain(
      'Case LCS-1000001\nSocial Worker C: Every open case, overdue since Wed 30 Sep 2026, 2 missed (no discussion recorded in the 2 months from September 2026)',
    );

    // Tue 1 Dec: LCS-1000002 went without a discussion in November, and the supervisor is told of both cases.
    setup.clock.advance(Date.parse('2026-12-01T10:00:00Z') - setup.clock.now().getTime());
    await watch(setup);
    expect((await caseFacts(setup, 'U0SUPERV1')).sort()).toEqual([
      'Social Worker C: Case LCS-1000001 (Every open case) overdue since Wed 30 Sep 2026, 3 missed (no discussion recorded in the 3 months from September 2026)',
      'Social Worker C: Case LCS-1000002 (Every open case) overdue since Mon 30 Nov 2026 (no discussion recorded in November 2026)',
    ]);
    expect(await textOf(setup, 'team', 'supervisor')).toContain(
      'Case 1000003\nSocial Worker C: Every open case, due by Thu 31 Dec 2026 (not yet discussed in December 2026)',
    );
  });
});
