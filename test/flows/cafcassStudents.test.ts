// Cafcass appendix 2 standard 5 (2): supervision takes place "for students on placement - as agreed with students
// and programme providers". The seed sets no frequency: the student's agreement, offered at their first session
// (students only), holds the frequency agreed, set by either of the two from What we agreed; upcoming and the
// cadence watch follow it. On both databases.
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

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
student@example.org,Student C,practitioner,North,supervisor@example.org,student,2026-11-02,U0STUDNT1
fca@example.org,Family Court Adviser D,practitioner,North,supervisor@example.org,established,2026-01-05,U0FCA0001
`;

/** The supervisor books a case supervision with `who` on `date` at 10:00 and marks it held at noon. */
async function hold({ context, clock, people }: FlowSetup, who: Actor, date: string): Promise<void> {
  const sessionId = randomUUID();
  const booked = await runAction(context, people.supervisor!, 'session.book', {
    bookingId: sessionId,
    replaces: '',
    supervisee: who.id,
    kind: 'case',
    date,
    time: '10:00',
    duration: '90',
  });
  expect(booked.view.data.title).toContain('Booked');
  clock.advance(Date.parse(`${date}T12:00:00Z`) - clock.now().getTime());
  expect((await runAction(context, people.supervisor!, 'session.held', { sessionId })).view.data.title).toContain('Marked as held');
}

const upcomingOf = async (context: FlowContext, person: Actor) =>
  cardText(
    renderCard(
      (
        await runCommand(
          context,
          (await context.db.selectFrom('person').selectAll().where('id', '=', person.id).executeTakeFirstOrThrow()) as Actor,
          'upcoming',
        )
      ).view,
    ),
  );

describe.each(databases)('Cafcass students on placement, on $name', (database) => {
  it('Cafcass appendix 2 standard 5 (2): a student on placement is supervised as often as agreed, set in chat on the student’s agreement; upcoming and the cadence watch follow it', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass', directory });
    const { context, clock, people, store } = setup;
    const [student, fca, supervisor] = [people.student!, people.fca!, people.supervisor!];

    // An established FCA's first session offers no agreement: the agreement is the students'.
    await hold(setup, fca, '2026-11-24');
    expect(await store.db.selectFrom('supervision_agreement').select('id').execute()).toEqual([]);

    // Nothing agreed yet: no case supervision is due for the student.
    expect(await upcomingOf(context, student)).not.toContain('Scheduled case supervision');
    await hold(setup, student, '2026-11-25');
    const agreement = await store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    expect(agreement.supervisee_id).toBe(student.id);
    const toStudent = await store.db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0STUDNT1').execute();
    expect(toStudent.map((row) => (row.payload as { text: string }).text)).toContain('A supervision agreement to sign');

    // What we agreed: no minimum, only the frequency agreed.
    const form = await runAction(context, student, 'agreement.arrangements', { agreementId: agreement.id });
    expect(form.view.data.showEvery).toBe(true);
    expect(form.view.data.intro).toContain('How often Scheduled case supervisions are held: the policy sets no frequency, only what is agreed.');
    expect(form.view.data.rules).toBe('Cafcass supervision policy, appendix 2, standard 5 (2)');
    const save = (every: string) =>
      runAction(context, supervisor, 'agreement.arrangements.save', { agreementId: agreement.id, every, phaseEndedOn: '', practiceReviewOn: '' });
    expect(((await save('now and then')).view.data.errors as Record<string, string>).every).toBe(
      'How often: write a number and days, weeks or months, e.g. 1 month or 6 weeks.',
    );
    const saved = cardText(renderCard((await save('2 weeks')).view));
    expect(saved).toContain('Saved. Scheduled case supervisions: every 2 weeks.');
    expect(await upcomingOf(context, student)).toContain('Wed 9 Dec 2026\nScheduled case supervision');

    // Past it with none held: the cadence watch tells the practice supervisor, as for any cadence.
    clock.advance(Date.parse('2026-12-14T10:00:00Z') - clock.now().getTime());
    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const toSupervisor = (await store.db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0SUPERV1').execute())
      .map((row) => row.payload as { view?: Parameters<typeof renderCard>[0] })
      .flatMap((payload) => (payload.view ? [cardText(renderCard(payload.view))] : []));
    expect(toSupervisor.at(-1)).toContain('Student C');
    expect(toSupervisor.at(-1)).toMatch(/Student C(’s scheduled case supervision was due by|\nScheduled case supervision overdue since) Wed 9 Dec 2026/);

    // Emptied: nothing due again until a frequency is agreed.
    await save('');
    expect(await upcomingOf(context, student)).not.toContain('Scheduled case supervision');
  });
});
