// How often supervision is held, as the two agree it in chat (issue 19). Cafcass Cymru 2.11: "Frequency of
// meetings and levels of support should be determined between line manager and practitioner and set out in
// the supervision agreement", with a minimum of one PSM in each quarter. Cumberland 3: students are supervised
// "weekly, then fortnightly from a point the Practice Educator and the student agree". Either of the two sets
// it from the agreement's What we agreed; upcoming and the cadence watch follow it. On both databases.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { cardText } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { flowSetup, type FlowSetup } from '../support/flowSetup.js';

const cymru = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Manager B,supervisor,North,,,,U0SUPERV1
worker@example.org,Family Court Advisor C,practitioner,North,supervisor@example.org,practitioner,2026-01-05,U0WORKER1
`;
const cumberland = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Educator B,supervisor,North,,,,U0SUPERV1
worker@example.org,Student C,practitioner,North,supervisor@example.org,student,2026-11-02,U0WORKER1
`;

/** The supervisor books a session of `kind` on `date` at 10:00, and marks it held at noon: the agreement is offered. */
async function holdFirst(setup: FlowSetup, kind: string, date: string): Promise<string> {
  const { context, clock, people } = setup;
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
  clock.advance(Date.parse(`${date}T12:00:00Z`) - clock.now().getTime());
  expect((await runAction(context, people.supervisor!, 'session.held', { sessionId })).view.data.title).toContain('Marked as held');
  return (await context.db.selectFrom('supervision_agreement').select('id').executeTakeFirstOrThrow()).id;
}

const text = async (result: ReturnType<typeof runCommand>) => cardText(renderCard((await result).view));
/** "upcoming" as the person asks it: their row read afresh, as each chat message reads it. */
const upcomingOf = async (context: FlowContext, person: Actor) =>
  text(runCommand(context, (await context.db.selectFrom('person').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow()) as Actor, 'upcoming'));
const save = (context: FlowContext, person: Actor, agreementId: string, values: Record<string, string>) =>
  runAction(context, person, 'agreement.arrangements.save', { agreementId, every: '', phaseEndedOn: '', practiceReviewOn: '', ...values });

describe.each(databases)('frequency set in the supervision agreement, on $name', (database) => {
  it('Cafcass Cymru 2.11: the two set monthly PSMs from the agreement, refused below the quarterly minimum naming the field; upcoming and the cadence watch follow it', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory: cymru });
    const { context, clock, people, store } = setup;
    const agreementId = await holdFirst(setup, 'psm', '2026-11-25');

    // One in each quarter: after Wed 25 Nov, the next PSM is due by the end of March, beyond upcoming's 90 days.
    expect(await upcomingOf(context, people.worker!)).not.toContain('Practitioner Support Meeting');

    // The agreement, read by either of the two, offers What we agreed.
    const read = await runCommand(context, people.worker!, 'agreement');
    expect((read.view.data.buttons as { verb: string }[]).map((button) => button.verb)).toContain('agreement.arrangements');
    const form = await runAction(context, people.worker!, 'agreement.arrangements', { agreementId });
    expect(form.view.card).toBe('agreement-arrangements');
    expect(await text(Promise.resolve(form))).toContain(
      'How often Practitioner Support Meetings are held: at least one in each quarter, as the policy sets; more often if you agree.',
    );

    // Less often than the policy's minimum: refused, naming the field and the rule; nothing is kept.
    const refused = await save(context, people.supervisor!, agreementId, { every: '4 months' });
    expect((refused.view.data.errors as Record<string, string>).every).toBe(
      'How often: every 4 months is less often than Practitioner Support Meetings must be held (at least one in each quarter: Cafcass Cymru supervision procedure, section 2.11). Choose every 3 months or more often. Nothing was changed.',
    );
    expect(
      (await store.db.selectFrom('person').select('agreed_frequency').where('id', '=', people.worker!.id).executeTakeFirstOrThrow()).agreed_frequency,
    ).toBeNull();
    // Someone else cannot set it.
    const outsider = { ...people.supervisor!, id: randomUUID(), display_name: 'Someone Else' };
    expect((await save(context, outsider, agreementId, { every: '1 month' })).view.data.title).toBe("This isn't yours to change");

    // Monthly, agreed: saved, the practitioner told, and upcoming shows the next PSM a month after the last.
    const saved = await save(context, people.supervisor!, agreementId, { every: '1 month' });
    expect(await text(Promise.resolve(saved))).toContain('Saved. Practitioner Support Meetings: every 1 month.');
    const told = await store.db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0WORKER1').execute();
    expect(told.map((row) => (row.payload as { text: string }).text)).toContain('Practice Manager B recorded what you agreed about your supervision');
    expect(await upcomingOf(context, people.worker!)).toContain('Thu 24 Dec 2026\nPractitioner Support Meeting');

    // Past it with none held: the cadence watch tells the line manager, as for the policy's own cadence.
    clock.advance(Date.parse('2026-12-29T10:00:00Z') - clock.now().getTime());
    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const toManager = (await store.db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0SUPERV1').execute())
      .map((row) => row.payload as { view?: Parameters<typeof renderCard>[0] })
      .flatMap((payload) => (payload.view ? [cardText(renderCard(payload.view))] : []));
    expect(toManager.at(-1)).toContain('Family Court Advisor C\nPractitioner Support Meeting overdue since Thu 24 Dec 2026');

    // Emptied: back to the policy's quarter.
    await save(context, people.worker!, agreementId, { every: '' });
    expect(await upcomingOf(context, people.worker!)).not.toContain('Thu 24 Dec 2026\nPractitioner Support Meeting');
  });

  it('Cumberland 3: a student is supervised weekly until the Practice Educator and the student record in chat the day they agreed to move on, then fortnightly in upcoming', async () => {
    const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberland });
    const { context, people } = setup;
    const agreementId = await holdFirst(setup, 'personal', '2026-11-24');
    expect(await upcomingOf(context, people.worker!)).toContain('Tue 1 Dec 2026\nPersonal supervision');

    const form = await runAction(context, people.supervisor!, 'agreement.arrangements', { agreementId });
    expect(form.view.data.showPhase).toBe(true);
    expect(form.view.data.showEvery).toBe(false);
    const early = await save(context, people.supervisor!, agreementId, { phaseEndedOn: '2026-10-01' });
    expect((early.view.data.errors as Record<string, string>).phaseEndedOn).toBe(
      'The day you agreed: choose a day on or after Mon 2 Nov 2026, when Student C started.',
    );

    const saved = await save(context, people.worker!, agreementId, { phaseEndedOn: '2026-11-24' });
    expect(await text(Promise.resolve(saved))).toContain('Move to the next frequency: agreed from Tue 24 Nov 2026');
    const upcoming = await upcomingOf(context, people.worker!);
    expect(upcoming).not.toContain('Tue 1 Dec 2026\nPersonal supervision');
    expect(upcoming).toContain('Tue 8 Dec 2026\nPersonal supervision');
  });
});
