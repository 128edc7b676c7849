// The length of a session and the reasons for changing its date, as a supervisor meets them in Teams, on
// both databases: a booking outside bounds the seed requires is refused by its length field, naming the
// rule (Cafcass appendix 2, Bexley individual standard one); outside bounds the seed only gives, it is
// booked with a warning (Cumberland's newly qualified social workers). Cafcass Cymru PRDs are deferred
// only for illness or urgent unexpected work (2.7): a move for leave is refused like a cancellation.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { inputs, teamsChat } from '../support/walk.js';

describe.each(databases)('session length and changes of date in Teams on $name', (database) => {
  let harness: BotHarness;
  const { invoke } = teamsChat(() => harness);
  afterEach(async () => harness?.close());

  async function start(policy: string) {
    harness = await startBot({ POLICY: policy }, database);
    for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
    const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
    const book = (kind: string, duration: string, bookingId = randomUUID()) =>
      invoke(TEAMS.supervisor, 'session.book', { bookingId, supervisee: worker.id, kind, date: '2026-12-08', time: '10:00', duration });
    const sessions = () => harness.store.db.selectFrom('supervision_session').select(['id', 'starts_at', 'duration_minutes', 'status']).execute();
    const form = () => invoke(TEAMS.supervisor, 'book.for', { supervisee: worker.id });
    return { book, sessions, form };
  }

  it('Cafcass: a one-hour case supervision is refused by its length, naming appendix 2; an hour and a half is booked', async () => {
    const { book, sessions } = await start('cafcass');
    const refused = await book('case', '60');
    const error = refused.body.find((element) => (element as { id?: string }).id === 'duration-error') as { text?: string } | undefined;
    expect(error?.text).toBe('Give 90 minutes or more: the Cafcass supervision policy, appendix 2, standard 5 (1), asks for at least 1 hour 30 minutes.');
    expect(await sessions()).toEqual([]);
    const booked = await book('case', '90');
    expect(cardText(booked)).toContain('Booked');
    expect((await sessions()).map((session) => session.duration_minutes)).toEqual([90]);
  });

  it('Bexley: two and a half hours is refused by its length, naming individual standard one; two hours is booked', async () => {
    const { book, sessions, form } = await start('bexley');
    expect(cardText(await form())).toContain('The Bexley supervision policy, individual standard one, asks for 1 hour 30 minutes to 2 hours.');
    const refused = await book('case', '150');
    expect(cardText(refused)).toContain('Give from 90 to 120 minutes: the Bexley supervision policy, individual standard one, asks for 1 hour 30 minutes to 2 hours.');
    expect(await sessions()).toEqual([]);
    expect(cardText(await book('case', '120'))).toContain('Booked');
    expect((await sessions()).map((session) => session.duration_minutes)).toEqual([120]);
  });

  it("Cumberland: two hours for a newly qualified social worker is booked, with a warning that the framework gives up to 1.5 hours", async () => {
    const { book, sessions } = await start('cumberland');
    const booked = await book('personal', '120');
    expect(cardText(booked)).toContain('Booked');
    expect(cardText(booked)).toContain(
      '2 hours is outside what the Cumberland supervision framework, section 3, personal supervision frequency, suggests: up to 1 hour 30 minutes. It is booked as you asked.',
    );
    expect((await sessions()).map((session) => session.duration_minutes)).toEqual([120]);
  });

  it('Cafcass Cymru: a PRD is not moved for leave or something else; the form offers only illness and urgent unexpected work, and a move for illness is made', async () => {
    const { book, sessions } = await start('cafcass-cymru');
    const sessionId = randomUUID();
    expect(cardText(await book('prd', '', sessionId))).toContain('Booked');
    const [before] = await sessions();

    const form = await invoke(TEAMS.supervisor, 'session.move-form', { sessionId });
    expect(cardText(form)).toContain('allows moving or cancelling it only for: Illness; A very high priority and unexpected work commitment.');
    const reasons = inputs(form.body).find((input) => input.id === 'reason')!.choices!.map((choice) => choice.value);
    expect(reasons).toEqual(['Illness', 'A very high priority and unexpected work commitment']);

    for (const reason of ['Leave', 'Something else (say in the note)']) {
      const refused = await invoke(TEAMS.supervisor, 'session.move', { sessionId, date: '2026-12-10', time: '11:00', reason, note: 'Annual leave' });
      const error = refused.body.find((element) => (element as { id?: string }).id === 'reason-error') as { text?: string } | undefined;
      expect(error?.text).toBe(
        'The Cafcass Cymru supervision procedure, section 2.7, allows moving or cancelling it only for: Illness; A very high priority and unexpected work commitment. Choose one of those.',
      );
    }
    // The practitioner cannot ask for it either.
    const asked = await invoke(TEAMS.practitioner, 'session.request-move', { sessionId, date: '', time: '', reason: 'Leave', note: '' });
    expect(cardText(asked)).toContain('allows moving or cancelling it only for');
    expect(await sessions()).toEqual([before]);
    const audit = await harness.store.db.selectFrom('audit_log').select('action').where('object_id', '=', sessionId).execute();
    expect(audit.map((row) => row.action).filter((action) => action.endsWith('reason-refused'))).toEqual([
      'session.move.reason-refused',
      'session.move.reason-refused',
      'session.request-move.reason-refused',
    ]);

    const moved = await invoke(TEAMS.supervisor, 'session.move', { sessionId, date: '2026-12-10', time: '11:00', reason: 'Illness', note: '' });
    expect(cardText(moved)).toContain('Moved');
    expect((await sessions())[0]!.starts_at.toISOString()).toBe('2026-12-10T11:00:00.000Z');
  });
});
