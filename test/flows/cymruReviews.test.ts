// Cafcass Cymru's reviews through chat (issue 19): a cohort for practitioners returning after a lengthy absence
// (2.11); the PRD due within 10 days of a Practice Review whose date either of the two records (2.3, 2.4); the
// PRD's evaluation meeting, agreed in advance, shown in upcoming and reminded on the day (2.6); PSMs moved or
// cancelled only for illness or high priority work (2.14). And Cafcass's observations and PLRs for staff
// returning from absence and on practice improvement plans (7.1, 8 standard 5). On both databases.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { followUpProvider } from '../../src/flows/agreements.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = (cohort: string, start: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Manager B,supervisor,North,,,,U0SUPERV1
worker@example.org,Family Court Advisor C,practitioner,North,supervisor@example.org,${cohort},${start},U0WORKER1
`;

const text = async (result: ReturnType<typeof runCommand>) => cardText(renderCard((await result).view));
/** "upcoming" as the person asks it: their row read afresh, as each chat message reads it. */
const upcomingOf = async (context: FlowContext, person: Actor) =>
  text(runCommand(context, (await context.db.selectFrom('person').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow()) as Actor, 'upcoming'));
const at = (setup: FlowSetup, iso: string) => setup.clock.advance(Date.parse(iso) - setup.clock.now().getTime());

/** The supervisor books a session of `kind` on `date` at 10:00 and marks it held at noon; its id. */
async function hold(setup: FlowSetup, kind: string, date: string): Promise<string> {
  const { context, people } = setup;
  const sessionId = randomUUID();
  const booked = await runAction(context, people.supervisor!, 'session.book', {
    bookingId: sessionId,
    replaces: '',
    supervisee: people.worker!.id,
    kind,
    date,
    time: '10:00',
    duration: '',
  });
  expect(booked.view.data.title).toContain('Booked');
  at(setup, `${date}T12:00:00Z`);
  expect((await runAction(context, people.supervisor!, 'session.held', { sessionId })).view.data.title).toContain('Marked as held');
  return sessionId;
}

const notices = async (setup: FlowSetup, conversation: string) =>
  (await setup.store.db.selectFrom('outbox').select('payload').where('conversation', '=', conversation).orderBy('id').execute())
    .map((row) => row.payload as { view?: Parameters<typeof renderCard>[0] })
    .flatMap((payload) => (payload.view ? [cardText(renderCard(payload.view))] : []));

/** A PRD held on Tue 24 Nov 2026 and recorded by the supervisor, the evaluation meeting agreed for `meeting`. */
async function recordPrdMeetingOn(setup: Awaited<ReturnType<typeof flowSetup>>, meeting: string) {
  const { context, people } = setup;
  const sessionId = await hold(setup, 'prd', '2026-11-24');
  const form = await runAction(context, people.supervisor!, 'record.open', { sessionId });
  const saved = await runAction(context, people.supervisor!, 'record.save', {
    ...recordValues(form.view, { caseReference: '', actionDue: '2027-01-08' }),
    'f.review-date': '2026-11-18',
    'f.evaluation-meeting': meeting,
  });
  expect(saved.fieldErrors).toBeUndefined();
}

describe.each(databases)('Cafcass Cymru reviews in chat, on $name', (database) => {
  it('2.11: a practitioner back from a lengthy absence has monthly PSMs from their return (the bot’s choice, marked local), where a practitioner has one a quarter', async () => {
    // Mon 23 Nov 2026; back at work on Mon 2 Nov.
    const back = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('returning-practitioner', '2026-11-02') });
    const upcoming = await upcomingOf(back.context, back.people.worker!);
    expect(upcoming).toContain('Wed 2 Dec 2026\nPractitioner Support Meeting');
    expect(upcoming).toContain('Thu 31 Dec 2026\nPractitioner Support Meeting');
    expect(upcoming).toContain('Practitioner returning after a lengthy absence, counted from Mon 2 Nov 2026');
    const entry = back.context.pack.cohorts['returning-practitioner']!.supervision.find((one) => one.kind === 'psm')!;
    expect(entry.local).toBe(true);
    expect(entry.note).toContain('gives no numbers');

    const usual = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('practitioner', '2026-11-02') });
    const theirs = await upcomingOf(usual.context, usual.people.worker!);
    expect(theirs).not.toContain('Wed 2 Dec 2026\nPractitioner Support Meeting');
    expect(theirs).toContain('Thu 31 Dec 2026\nPractitioner Support Meeting');
  });

  it('2.4: the line manager records the Practice Review’s date in chat; the PRD is shown due within 10 days of it, the cadence watch chases it once overdue, and a PRD held meets it', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('practitioner', '2026-09-01') });
    const { context, people } = setup;
    await hold(setup, 'psm', '2026-11-24');
    const agreementId = (await context.db.selectFrom('supervision_agreement').select('id').executeTakeFirstOrThrow()).id;
    // Before: the PRD of September to December is due by its window's end.
    expect(await upcomingOf(context, people.worker!)).toContain('Thu 31 Dec 2026\nPractice Review Discussion');

    const form = await runAction(context, people.supervisor!, 'agreement.arrangements', { agreementId });
    expect(form.view.data.reviewLabel).toBe('Date of the last Practice Review');
    const save = (actor: Actor, practiceReviewOn: string) =>
      runAction(context, actor, 'agreement.arrangements.save', { agreementId, every: '', phaseEndedOn: '', practiceReviewOn });
    const future = await save(people.supervisor!, '2026-11-30');
    expect((future.view.data.errors as Record<string, string>).practiceReviewOn).toBe(
      'Date of the last Practice Review: it cannot be after today (Tue 24 Nov 2026); record it once it has been done.',
    );
    const saved = await save(people.supervisor!, '2026-11-20');
    expect(await text(Promise.resolve(saved))).toContain('Practice Review held Fri 20 Nov 2026: the Practice Review Discussion is due by Mon 30 Nov 2026');
    const upcoming = await upcomingOf(context, people.worker!);
    expect(upcoming).toContain('Mon 30 Nov 2026\nPractice Review Discussion');
    // It is that window's PRD: not owed twice.
    expect(upcoming).not.toContain('Thu 31 Dec 2026\nPractice Review Discussion');
    expect(await upcomingOf(context, people.supervisor!)).not.toContain('Practice Review Discussion');

    // Tue 1 Dec, none held: the line manager is told it is overdue.
    at(setup, '2026-12-01T10:00:00Z');
    await new Sweeper(context.db, setup.clock, [cadenceWatchProvider(context)]).sweepOnce();
    expect((await notices(setup, 'U0SUPERV1')).join('\n')).toContain(
      "Family Court Advisor C's practice review discussion was due by Mon 30 Nov 2026 and none has been held",
    );
    expect(await upcomingOf(context, people.worker!)).toContain('Mon 30 Nov 2026\nPractice Review Discussion (overdue');

    // A PRD held on Wed 2 Dec meets it; the next falls in the next 4-month window.
    await hold(setup, 'prd', '2026-12-02');
    expect(await upcomingOf(context, people.worker!)).not.toContain('Practice Review Discussion');
  });

  it('2.6: on the day of the evaluation meeting, a Welsh-speaking practitioner is reminded in Welsh, their English-speaking supervisor in English', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('practitioner', '2026-09-01') });
    const { context, people } = setup;
    await context.db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.worker!.id).execute();
    await recordPrdMeetingOn(setup, '2027-01-12');
    expect(await upcomingOf(context, people.worker!)).toContain("Cyfarfod i werthuso camau gweithredu'r Practice Review Discussion, gyda Practice Manager B");
    const sweeper = new Sweeper(context.db, setup.clock, [followUpProvider(context)]);
    at(setup, '2027-01-12T11:30:00Z');
    await sweeper.sweepOnce();
    const welsh = (await notices(setup, 'U0WORKER1')).filter((notice) => notice.includes('Heddiw: y cyfarfod'));
    expect(welsh).toHaveLength(1);
    expect(welsh[0]).toContain("Heddiw: y cyfarfod i werthuso camau gweithredu'r Practice Review Discussion");
    expect(welsh[0]).toContain(
      "Cytunoch chi a Practice Manager B i gyfarfod heddiw i werthuso'r camau gweithredu a bennwyd yn y Practice Review Discussion. Dewch â'r hyn sydd wedi digwydd gyda phob un.",
    );
    expect(welsh[0]).toContain('Rheol');
    expect(welsh[0]).not.toContain('You and');
    const english = (await notices(setup, 'U0SUPERV1')).filter((notice) => notice.includes('Today: the meeting to evaluate'));
    expect(english[0]).toContain('You and Family Court Advisor C agreed to meet today to evaluate the actions set at the Practice Review Discussion.');
  });

  it('2.6: the PRD record’s agreed evaluation meeting shows in upcoming for both and both are reminded on the day', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('practitioner', '2026-09-01') });
    const { context, people } = setup;
    await recordPrdMeetingOn(setup, '2027-01-12');
    for (const [person, other] of [
      [people.worker!, 'Practice Manager B'],
      [people.supervisor!, 'Family Court Advisor C'],
    ] as const)
      expect(await upcomingOf(context, person)).toContain(`Tue 12 Jan 2027\nMeeting to evaluate the actions of the Practice Review Discussion, with ${other}`);

    const sweeper = new Sweeper(context.db, setup.clock, [followUpProvider(context)]);
    at(setup, '2027-01-11T10:00:00Z');
    await sweeper.sweepOnce();
    expect((await notices(setup, 'U0WORKER1')).join('\n')).not.toContain('Today: the meeting to evaluate');
    at(setup, '2027-01-12T09:30:00Z');
    await sweeper.sweepOnce();
    at(setup, '2027-01-12T11:30:00Z');
    await sweeper.sweepOnce();
    for (const [conversation, other] of [
      ['U0WORKER1', 'Practice Manager B'],
      ['U0SUPERV1', 'Family Court Advisor C'],
    ] as const) {
      const today = (await notices(setup, conversation)).filter((notice) =>
        notice.includes('Today: the meeting to evaluate the actions of the Practice Review Discussion'),
      );
      expect(today).toHaveLength(1);
      expect(today[0]).toContain(`You and ${other} agreed to meet today to evaluate the actions set at the Practice Review Discussion.`);
      expect(today[0]).toContain('Cafcass Cymru supervision procedure, section 2.6');
    }
  });

  it('2.14: a PSM is moved or cancelled only for illness or high priority work, refused otherwise naming the reasons; a move for illness is accepted', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: directory('practitioner', '2026-09-01') });
    const { context, people } = setup;
    const sessionId = randomUUID();
    await runAction(context, people.supervisor!, 'session.book', {
      bookingId: sessionId,
      replaces: '',
      supervisee: people.worker!.id,
      kind: 'psm',
      date: '2026-12-08',
      time: '10:00',
      duration: '',
    });
    const change = (verb: string, reason: string) =>
      runAction(context, people.supervisor!, verb, { sessionId, date: '2026-12-10', time: '14:00', reason, note: '' });
    const form = await runAction(context, people.supervisor!, 'session.move-form', { sessionId });
    // The form offers only the policy's reasons.
    expect((form.view.data.reasons as { value: string }[]).map((reason) => reason.value)).toEqual(['Illness', 'High priority work commitments']);
    for (const verb of ['session.move', 'session.cancel'])
      expect((await change(verb, 'Leave')).fieldErrors).toEqual({
        reason:
          'The Cafcass Cymru supervision procedure, section 2.14, allows moving or cancelling it only for: Illness; High priority work commitments. Choose one of those.',
      });
    expect(
      (await context.db.selectFrom('supervision_session').select(['status', 'starts_at']).where('id', '=', sessionId).executeTakeFirstOrThrow()).status,
    ).toBe('booked');
    const moved = await change('session.move', 'Illness');
    expect(moved.view.data.title).toBe('Moved');
    expect(await upcomingOf(context, people.worker!)).toContain('Thu 10 Dec 2026 14:00');
  });
});

describe.each(databases)('Cafcass observations and PLRs for returning and improvement-plan staff, on $name', (database) => {
  const cafcass = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
back@example.org,Family Court Adviser C,practitioner,North,supervisor@example.org,returning,2026-08-17,U0WORKER1
plan@example.org,Family Court Adviser D,practitioner,North,supervisor@example.org,improvement-plan,2026-06-01,U0WORKER2
`;
  it('7.1, 8 standard 5: upcoming shows practice observations and PLRs to staff returning from absence and on a practice improvement plan', async () => {
    const { context, people } = await flowSetup(database, { policy: 'cafcass', directory: cafcass });
    // Back on Mon 17 Aug: a PLR in each 4 months from then (by Wed 16 Dec), an observation in each 6 (by Tue 16 Feb).
    const back = await upcomingOf(context, people.back!);
    expect(back).toContain('Wed 16 Dec 2026\nPerformance and learning review');
    expect(back).toContain('Tue 16 Feb 2027\nPractice observation');
    // On a plan from Mon 1 Jun: the observation of June to November by Mon 30 Nov, the PLR of October to January by Fri 29 Jan.
    const plan = await upcomingOf(context, people.plan!);
    expect(plan).toContain('Mon 30 Nov 2026\nPractice observation');
    expect(plan).toContain('Fri 29 Jan 2027\nPerformance and learning review');
  });
});
