// Leave, as Islington's policy asks ("Frequency"): when a practitioner records an absence, their practice
// supervisor is asked to consider re-allocating their cases, high-risk ones first; and when they are back, the
// gap in supervision caused by the leave is written into the next supervision record as well as kept in the
// audit log. On both databases, through /supervision away, the cadence watch and the record card.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0WORKER1
`;

const FIRST = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
const SECOND = '1d8e6f2b-4c6a-4b3d-9e7f-8091a2b3c4d5';

describe.each(databases)('leave on $name', (database) => {
  it("asks the practice supervisor to consider re-allocating an absent practitioner's cases, high-risk ones first, naming the cases held (Islington)", async () => {
    const { store, context, people } = await flowSetup(database, { policy: 'islington', directory, at: '2026-12-01T10:00:00Z' });
    await store.db
      .insertInto('allocated_case')
      .values(
        ['1048213', '2290114'].map((case_reference) => ({
          case_reference,
          category: 'open-case',
          worker_id: people.worker!.id,
          allocated_on: '2026-09-01',
          closed_on: null,
          imported_at: context.clock.now(),
        })),
      )
      .execute();
    const notices = async () =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => {
        const payload = row.payload as { text: string; view: { data: { text: string; facts: { title: string; value: string }[] } } };
        return { to: row.conversation, title: payload.text, text: payload.view.data.text, facts: payload.view.data.facts };
      });
    // A supervisor's own absence sends requests to their cover; it asks nobody to re-allocate cases.
    await runCommand(context, people.supervisor!, 'away 2026-12-02 2026-12-03');
    expect(await notices()).toEqual([]);
    const recorded = await runCommand(context, people.worker!, 'away 2026-12-14 2027-01-08');
    expect(recorded.view.data.text).toContain('You are away from Mon 14 Dec 2026 to Fri 8 Jan 2027.');
    expect(await notices()).toEqual([
      {
        to: 'U0SUPERV1',
        title: 'Social Worker C is away from Mon 14 Dec 2026 to Fri 8 Jan 2027',
        text: 'Consider re-allocating their cases during the absence, particularly high-risk cases and where the absence is long. Their open cases: 1048213, 2290114.',
        facts: [{ title: 'Rule', value: 'Islington case management supervision policy, section "Frequency"' }],
      },
    ]);
  });

  it('writes the gap in supervision caused by leave into the next supervision record, and only into the next (Islington)', async () => {
    const { store, context, people, clock } = await flowSetup(database, { policy: 'islington', directory, at: '2026-12-01T10:00:00Z' });
    // October's and November's were held; December's (due by Thu 31 Dec) falls in the leave.
    for (const [id, at] of [
      ['s-oct', '2026-10-20T10:00:00Z'],
      ['s-nov', '2026-11-10T10:00:00Z'],
    ] as const)
      await store.db
        .insertInto('supervision_session')
        .values({
          id,
          organisation_id: 'default',
          kind: 'case',
          supervisee_id: people.worker!.id,
          supervisor_id: people.supervisor!.id,
          starts_at: at,
          duration_minutes: 180,
          status: 'held',
        })
        .execute();
    await runCommand(context, people.worker!, 'away 2026-12-14 2027-01-08');
    const watch = new Sweeper(store.db, clock, [cadenceWatchProvider(context)]);
    const at = async (instant: string) => {
      clock.advance(Date.parse(instant) - clock.now().getTime());
      await watch.sweepOnce();
    };
    await at('2027-01-11T10:00:00Z'); // first working day back: the gap is kept
    const hold = async (sessionId: string, date: string) => {
      const booked = await runAction(context, people.supervisor!, 'session.book', {
        bookingId: sessionId,
        supervisee: people.worker!.id,
        kind: 'case',
        date,
        time: '10:00',
      });
      expect(booked.view.data.title).toBe('Booked');
      clock.advance(Date.parse(`${date}T14:00:00Z`) - clock.now().getTime());
      expect((await runAction(context, people.supervisor!, 'session.held', { sessionId })).view.data.title).toBe('Marked as held');
      return runAction(context, people.supervisor!, 'record.open', { sessionId });
    };
    const gapOf = (form: Awaited<ReturnType<typeof hold>>) =>
      (form.view.data.fields as { label: string; value: string }[]).find((field) => field.label === 'Gap in supervision caused by leave (optional)')?.value;
    const next = await hold(FIRST, '2027-01-13');
    expect(gapOf(next)).toBe(
      'Away from Mon 14 Dec 2026 to Fri 8 Jan 2027: the formal one-to-one case supervision due by Thu 31 Dec 2026 was not held, a gap caused by leave.',
    );
    const values = recordValues(next.view, { caseReference: '1048213', actionDue: '2027-01-29' });
    // The supervisor keeps what the bot filled in.
    values[(next.view.data.fields as { label: string; inputId: string }[]).find((field) => field.label.startsWith('Gap in supervision'))!.inputId] =
      gapOf(next)!;
    const saved = await runAction(context, people.supervisor!, 'record.save', values);
    expect(saved.fieldErrors).toBeUndefined();
    const record = await store.db.selectFrom('record').select('content').where('session_id', '=', FIRST).executeTakeFirstOrThrow();
    expect(JSON.stringify(record.content)).toContain('Away from Mon 14 Dec 2026 to Fri 8 Jan 2027');
    // February's record has no gap to carry.
    expect(gapOf(await hold(SECOND, '2027-02-10'))).toBe('');
  });
});
