// Group supervision on both databases, with the clock moved by hand and two replicas sweeping: a Bexley
// team's sessions every 4 weeks with the facilitator, advisor and presenter rotating; the presenter's
// case kept out of the channel; attendance from a card, the group record asked for and chased; and a
// Cafcass team's quarter, with a nudge to each person who has not attended and one notice to their
// supervisor. Nothing is sent twice.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor, FlowContext, Place } from '../../src/flows/context.js';
import { groupSessionsProvider } from '../../src/flows/group/sessions.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { reminderSources } from '../../src/flows/reminderSources.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { groupDirectory as directory, groupSeries } from '../support/groupTeam.js';
import { pack } from '../support/packs.js';

const SETUP = '5b2c8d1e-4f6a-4b7c-9d8e-0f1a2b3c4d5e';
const CHANNEL: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0NORTH' };

const sorted = (list: string[]) => [...list].sort();

/** What a Bexley group record asks for (App 4), filled in; the actions are each test's own. */
const BEXLEY_GROUP_RECORD = {
  'f.case-status': 'CP',
  'f.working-well': 'What is working well.',
  'f.worried': 'What we are worried about.',
  'f.reflection': 'Reflection after the group.',
  'f.current-scale': '6',
};

describe.each(databases)('group supervision on $name', (database) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0).reverse()) await store.close();
  });

  async function setup(policy: 'bexley' | 'cafcass' | 'cumberland' | 'islington', cohort: string, start: string, moreRows = '') {
    const [one, two] = await database.openTwo();
    stores.push(one, two);
    const clock = new FakeClock(start);
    const chosen = pack(policy);
    expect((await importDirectory({ db: one.db, pack: chosen.pack, fileName: 'staff.csv', text: directory(cohort) + moreRows, now: clock.now() })).ok).toBe(
      true,
    );
    const people = Object.fromEntries(
      (await one.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const replicas = [one, two].map((store) => {
      const context: FlowContext = { db: store.db, pack: chosen.pack, calendar: chosen.calendar, clock };
      return { context, sweeper: new Sweeper(store.db, clock, [groupSessionsProvider(context), remindersProvider(context, reminderSources(context))]) };
    });
    const context = replicas[0]!.context;
    const outbox = async () =>
      (await one.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => ({
        to: row.conversation,
        text: (row.payload as { text: string }).text,
        payload: row.payload as { view: { data: { facts: { title: string; value: string }[]; buttons?: unknown[] } } },
      }));
    const sent = async () => (await outbox()).map((row) => `${row.to}: ${row.text}`);
    let seen = 0;
    /** Moves the clock, sweeps twice on each replica at once, and returns what was queued since the last look, sorted. */
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await Promise.all(replicas.map((replica) => replica.sweeper.sweepOnce()));
      await Promise.all(replicas.map((replica) => replica.sweeper.sweepOnce()));
      const all = await sent();
      // Two replicas may queue in either order: compare as sets.
      const fresh = all.slice(seen).sort();
      seen = all.length;
      return fresh;
    };
    const sessions = () => groupSeries(one.db);
    /** The supervisor sets up North's group in its channel, the first session at 10:00 for 90 minutes on `date`. */
    const setUpNorth = (date: string) =>
      runAction(
        context,
        people.supervisor!,
        'group.setup',
        { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date, time: '10:00', duration: '90' },
        CHANNEL,
      );
    return { clock, context, people, outbox, sent, at, sessions, setUpNorth, db: one.db };
  }

  it('sets up a Bexley team in its channel and rotates facilitator, advisor and presenter every 4 weeks', async () => {
    // Monday 2 November 2026, 10:00 (GMT).
    const { context, people, outbox, at, sessions, db } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    const submit = (actor: Actor, overrides: Record<string, unknown> = {}, place: Place = CHANNEL) =>
      runAction(
        context,
        actor,
        'group.setup',
        { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', duration: '90', ...overrides },
        place,
      );

    expect((await runCommand(context, people.supervisor!, 'group setup')).view.data.title).toBe('Set it up in the team channel');
    expect((await runCommand(context, people.c!, 'group setup', CHANNEL)).view.data.title).toBe('Only for supervisors and managers');
    const form = await runCommand(context, people.supervisor!, 'group setup', CHANNEL);
    expect(form.view.card).toBe('group-setup');
    expect(form.view.data.values).toMatchObject({ date: '2026-11-05', time: '09:00', duration: '60' });
    expect((await submit(people.supervisor!, { date: '2026-11-07' })).fieldErrors).toEqual({
      date: 'Choose a working day: Sat 7 Nov 2026 is a weekend or a bank holiday.',
    });
    expect((await submit(people.supervisor!, { time: '18:00' })).fieldErrors).toEqual({
      time: 'Choose a start within working hours, from 09:00 to before 17:00.',
    });
    expect((await submit(people.supervisor!, { team: people.south!.team_id })).fieldErrors).toEqual({ team: 'Choose a team that you supervise or manage.' });
    expect((await submit(people.c!)).view.data.title).toBe('Only for supervisors and managers');
    expect((await submit(people.supervisor!)).view.data.title).toBe('Group supervision is set up');
    expect((await submit(people.supervisor!)).view.data.title).toBe('Set up already');
    expect(await at('2026-11-02T10:01:00Z')).toEqual(['C0NORTH: Group supervision is set up in this channel: the first session is Tue 10 Nov 2026 10:00']);

    // "group" in the channel shows the next session and its rota.
    const overview = await runCommand(context, people.e!, 'group', CHANNEL);
    expect(overview.view.data.text).toBe(
      "The next session is on Tue 10 Nov 2026 10:00. North holds group supervision every 4 weeks, as chosen within the London Borough of Bexley, Children's Social Care policy's every 2 weeks to 4 weeks.",
    );
    expect(overview.view.data.facts).toEqual([
      { title: 'When', value: 'Tue 10 Nov 2026 10:00, 90 minutes' },
      { title: 'Facilitator', value: 'Practice Supervisor B' },
      { title: 'Advisor', value: 'Social Worker D' },
      { title: 'Presenting', value: 'Social Worker C' },
    ]);

    // Two working days before, in working hours: the channel, and each person in the rota privately.
    expect(await at('2026-11-06T08:59:00Z')).toEqual([]);
    expect(await at('2026-11-06T09:00:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Tue 10 Nov 2026 at 10:00',
        'U0SUPERV1: Signs of Safety group supervision on Tue 10 Nov 2026 10:00: you are facilitating',
        'U0WORKERD: Signs of Safety group supervision on Tue 10 Nov 2026 10:00: you are the advisor',
        'U0WORKERC: Signs of Safety group supervision on Tue 10 Nov 2026 10:00: you are presenting a case',
      ]),
    );
    // The facilitator's and the advisor's notes say how the session is run (group standard three); the presenter's does not.
    const process = 'The facilitator is the only person who talks directly to the caseworker; the advisor assists the facilitator to lead the process.';
    const notes = (await outbox()).filter(
      (row) => row.text.endsWith('you are facilitating') || row.text.endsWith('you are the advisor') || row.text.endsWith('you are presenting a case'),
    );
    expect(notes.map((row) => [row.to, (row.payload.view.data as unknown as { text: string }).text.includes(process)])).toEqual(
      expect.arrayContaining([
        ['U0SUPERV1', true],
        ['U0WORKERD', true],
        ['U0WORKERC', false],
      ]),
    );
    const [first] = await sessions();
    const sessionId = { sessionId: first!.id };

    // The presenter chooses the case privately: a case reference, never a name; nobody else may.
    expect((await runAction(context, people.c!, 'group.case-form', sessionId)).view.card).toBe('group-case');
    expect((await runAction(context, people.c!, 'group.case', { ...sessionId, caseReference: 'Jane Smith' })).fieldErrors).toEqual({
      caseReference: "That is not a ICS/LCS case reference. It looks like 1048213. Never type a child's name here.",
    });
    expect((await runAction(context, people.d!, 'group.case', { ...sessionId, caseReference: '1048213' })).view.data.title).toBe("This isn't yours to act on");
    expect((await runAction(context, people.c!, 'group.case', { ...sessionId, caseReference: '1048213' })).view.data.text).toContain(
      'You are presenting case 1048213',
    );
    // Someone who reads Welsh is answered in Welsh (issue 21): the reference's problem, who may act, the case saved.
    const welshPresenter = { ...people.c!, language: 'cy' };
    expect((await runAction(context, welshPresenter, 'group.case', { ...sessionId, caseReference: 'Jane Smith' })).fieldErrors).toEqual({
      caseReference: "Nid yw hwnnw'n gyfeirnod achos ICS/LCS. Mae'n edrych fel 1048213. Peidiwch byth â theipio enw plentyn yma.",
    });
    expect((await runAction(context, { ...people.d!, language: 'cy' }, 'group.case', { ...sessionId, caseReference: '1048213' })).view.data).toMatchObject({
      title: 'Nid chi sydd i weithredu ar hyn',
      text: 'Mae hyn ar gyfer rhywun arall yn y grŵp. Ni newidiwyd dim.',
    });
    expect((await runAction(context, welshPresenter, 'group.case', { ...sessionId, caseReference: '1048213' })).view.data).toMatchObject({
      title: "Wedi'i gadw",
      text: expect.stringMatching(/^Rydych chi'n cyflwyno achos 1048213 yn .+ North ar Maw 10 Tach 2026 10:00\. Dim ond chi/),
    });
    expect((await runAction(context, { ...people.supervisor!, language: 'cy' }, 'group.attendance-form', sessionId)).view.data).toMatchObject({
      title: 'Ddim eto',
      text: "Nid yw'r sesiwn hon wedi dechrau eto: cymerwch y presenoldeb wedyn.",
    });

    // Once it has started, the next is made 4 weeks on; after it ends the facilitator is asked who attended.
    expect(await runAction(context, people.supervisor!, 'group.attendance-form', sessionId)).toMatchObject({ view: { data: { title: 'Not yet' } } });
    expect(await at('2026-11-10T10:00:00Z')).toEqual([]);
    expect((await sessions()).map((row) => [row.sequence, row.starts_at.toISOString(), row.status])).toEqual([
      [1, '2026-11-10T10:00:00.000Z', 'booked'],
      [2, '2026-12-08T10:00:00.000Z', 'booked'],
    ]);
    expect(await at('2026-11-10T11:30:00Z')).toEqual(["U0SUPERV1: Who attended North's group supervision?"]);
    // Still not taken the next working morning: the one asked set the group up, so their own supervisor is asked too.
    expect(await at('2026-11-11T08:59:00Z')).toEqual([]);
    expect(await at('2026-11-11T09:00:00Z')).toEqual(["U0MANAGER: Who attended North's group supervision?"]);
    expect((await runAction(context, people.e!, 'group.attendance-form', sessionId)).view.data.title).toBe("This isn't yours to act on");
    const attendance = await runAction(context, people.supervisor!, 'group.attendance-form', sessionId);
    expect((attendance.view.data.members as { title: string }[]).map((member) => member.title)).toEqual([
      'Practice Supervisor B (facilitating)',
      'Social Worker C (presenting a case)',
      'Social Worker D (the advisor)',
      'Social Worker E',
      'Social Worker F',
      'Team Manager A',
    ]);
    const ticked = [people.supervisor!, people.c!, people.d!, people.e!].map((person) => person.id).join(',');
    expect((await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: '' })).fieldErrors).toEqual({
      attended: 'Tick who attended, or tick "It did not take place".',
    });
    expect((await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: `${ticked},${people.south!.id}` })).fieldErrors).toEqual(
      {
        attended: 'Tick only people in the list.',
      },
    );
    expect((await runAction(context, { ...people.supervisor!, language: 'cy' }, 'group.attendance', { ...sessionId, attended: '' })).fieldErrors).toEqual({
      attended: 'Ticiwch pwy oedd yno, neu ticiwch “Na, ni chafodd ei chynnal”.',
    });
    const saved = await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: ticked });
    expect(saved.view.data.text).toBe(
      "4 of 6 attended. Social Worker C is asked to record it by Tue 17 Nov 2026 23:59 (London Borough of Bexley, Children's Social Care policy: 5 working days).",
    );
    expect((await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: ticked })).view.data.title).toBe('Taken already');
    expect(
      (
        await db.selectFrom('group_attendance').select(['person_id', 'attended', 'role']).where('session_id', '=', first!.id).orderBy('person_id').execute()
      ).filter((row) => row.attended),
    ).toHaveLength(4);

    // The presenter records it (Bexley group standard four): asked at once, reminded halfway, then it is overdue and their supervisor is told.
    expect(await at('2026-11-10T11:31:00Z')).toEqual(["U0WORKERC: Please record North's group supervision by Tue 17 Nov 2026 23:59"]);
    const request = (await outbox()).at(-1)!.payload.view.data.facts;
    expect(request).toContainEqual({ title: 'Case reference', value: '1048213' });
    expect(await at('2026-11-16T09:00:00Z')).toEqual(["U0WORKERC: The record of North's group supervision is due by Tue 17 Nov 2026 23:59"]);
    expect(await at('2026-11-18T09:00:00Z')).toEqual(
      sorted(["U0WORKERC: The record of North's group supervision is overdue", 'U0SUPERV1: A group supervision record is overdue']),
    );
    expect((await runAction(context, people.d!, 'group.recorded', sessionId)).view.data.title).toBe("This isn't yours to act on");
    expect((await runAction(context, people.c!, 'group.recorded', sessionId)).view.data.title).toBe('Thank you');
    expect((await runAction(context, people.c!, 'group.recorded', sessionId)).view.data.title).toBe('Marked already');
    // Marked as recorded in ICS, it is not recorded again here.
    expect((await runAction(context, people.c!, 'record.open', sessionId)).view.data).toMatchObject({
      title: 'Recorded already',
      text: 'This group supervision was marked as recorded in ICS/LCS, so there is nothing to record here.',
    });

    // Three more sessions, each 4 weeks after the last, each with its rota in the channel.
    const rotas: string[][] = [];
    for (const [prepare, starts] of [
      ['2026-12-04T09:00:00Z', '2026-12-08T10:00:00Z'],
      ['2026-12-31T09:00:00Z', '2027-01-05T10:00:00Z'],
      ['2027-01-29T09:00:00Z', '2027-02-02T10:00:00Z'],
    ] as const) {
      const posted = await at(prepare);
      expect(posted[0]).toMatch(/^C0NORTH: Group supervision on /);
      const channelPost = (await outbox()).find((row) => row.to === 'C0NORTH' && row.text === posted[0]!.slice('C0NORTH: '.length))!;
      rotas.push(channelPost.payload.view.data.facts.map((fact) => `${fact.title}: ${fact.value}`));
      expect(await at(starts)).toEqual([]);
    }
    // Each post says where and how the group meets (Bexley group standard one).
    const WHERE = 'Where and how: In a meeting room, with interruptions kept to a minimum.';
    expect(rotas).toEqual([
      ['When: Tue 8 Dec 2026 10:00, 90 minutes', WHERE, 'Facilitator: Social Worker C', 'Advisor: Practice Supervisor B', 'Presenting: Social Worker D'],
      ['When: Tue 5 Jan 2027 10:00, 90 minutes', WHERE, 'Facilitator: Social Worker D', 'Advisor: Social Worker C', 'Presenting: Social Worker E'],
      ['When: Tue 2 Feb 2027 10:00, 90 minutes', WHERE, 'Facilitator: Social Worker E', 'Advisor: Team Manager A', 'Presenting: Social Worker F'],
    ]);

    // The presenter's case never reached the channel; nothing went twice.
    const rows = await outbox();
    const channelRows = rows.filter((row) => row.to === 'C0NORTH');
    expect(channelRows).toHaveLength(5);
    for (const row of channelRows) expect(JSON.stringify(row.payload)).not.toContain('1048213');
    expect(new Set(rows.map((row) => `${row.to}: ${row.text}`)).size).toBe(rows.length);
  });

  it('nudges each Cafcass team member who has not attended in the quarter, and tells their supervisor once', async () => {
    // Monday 5 October 2026, 10:00 London time (BST). Cafcass: monthly, two facilitators, at least once a quarter.
    // Social Worker G starts on Tue 1 Dec, in the quarter's second half, so owes no session in it.
    const { context, people, at, sessions, db } = await setup(
      'cafcass',
      'established',
      '2026-10-05T09:00:00Z',
      'g@example.org,Social Worker G,practitioner,North,supervisor@example.org,established,2026-12-01,U0WORKERG\n',
    );
    const setUp = await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-10-13', time: '10:00', duration: '90' },
      CHANNEL,
    );
    expect(setUp.view.data.title).toBe('Group supervision is set up');
    await db.updateTable('person').set({ reminder_time: '11:00' }).where('id', '=', people.e!.id).execute();
    const take = async (sequence: number, who: Actor[]) => {
      const session = (await sessions()).find((row) => row.sequence === sequence)!;
      const result = await runAction(context, people.supervisor!, 'group.attendance', {
        sessionId: session.id,
        attended: who.map((person) => person.id).join(','),
      });
      expect(result.view.data.title).toBe('Attendance saved');
    };
    expect(await at('2026-10-05T09:01:00Z')).toEqual(['C0NORTH: Group supervision is set up in this channel: the first session is Tue 13 Oct 2026 10:00']);
    // Two facilitators, who do not rotate (6.3): the supervisor and the manager.
    expect(await at('2026-10-09T08:00:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Tue 13 Oct 2026 at 10:00',
        'U0SUPERV1: Together group supervision on Tue 13 Oct 2026 10:00: you are facilitating',
        'U0MANAGER: Together group supervision on Tue 13 Oct 2026 10:00: you are facilitating',
        'U0WORKERC: Together group supervision on Tue 13 Oct 2026 10:00: you are presenting a case',
      ]),
    );
    const first = (await sessions())[0]!;
    expect((await runAction(context, people.c!, 'group.case', { sessionId: first.id, caseReference: 'CF-204518' })).view.data.title).toBe('Saved');

    await at('2026-10-13T10:40:00Z');
    await take(1, [people.supervisor!, people.manager!, people.c!, people.d!]);
    // Cafcass's group record is a brief one on the personal record (6.1), not a discussion of the presenter's
    // case: the facilitator records it there and says so; it is not written in the bot, even by a forged button.
    const request = (
      await db.selectFrom('outbox').select('payload').where('idempotency_key', '=', `group:${first.id}:record:request`).executeTakeFirstOrThrow()
    ).payload as { view: { data: { buttons: { verb: string }[] } } };
    expect(request.view.data.buttons.map((button) => button.verb)).toEqual(['group.recorded']);
    expect((await runAction(context, people.supervisor!, 'record.open', { sessionId: first.id })).view.data.title).toBe('Recorded elsewhere');
    expect((await runAction(context, { ...people.supervisor!, language: 'cy' }, 'record.open', { sessionId: first.id })).view.data.title).toBe(
      "Wedi'i gofnodi mewn man arall",
    );
    // Monthly, on the second Tuesday.
    expect((await sessions()).map((row) => row.starts_at.toISOString())).toEqual(['2026-10-13T09:00:00.000Z', '2026-11-10T10:00:00.000Z']);
    await at('2026-11-06T09:00:00Z');
    await at('2026-11-10T11:40:00Z');
    await take(2, [people.supervisor!, people.manager!, people.c!]);
    await at('2026-12-04T09:00:00Z');
    await at('2026-12-08T11:40:00Z');
    await take(3, [people.supervisor!, people.manager!, people.d!]);

    // Q4 ends Thu 31 Dec; its tenth working day from the end (Christmas and the Boxing Day holiday out) is Wed 16 Dec.
    expect(await at('2026-12-15T16:00:00Z')).not.toContainEqual(expect.stringContaining('not attended'));
    const nudges = await at('2026-12-16T09:00:00Z');
    expect(nudges).toEqual(
      sorted([
        'U0WORKERF: Group supervision: you have not attended one this quarter',
        'U0SUPERV1: Group supervision: 2 of your supervisees have not attended this quarter',
      ]),
    );
    // E chose 11:00 for reminders.
    expect(await at('2026-12-16T11:00:00Z')).toEqual(['U0WORKERE: Group supervision: you have not attended one this quarter']);
    const notice = await db.selectFrom('outbox').select('payload').where('conversation', '=', 'U0SUPERV1').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((notice.payload as { view: { data: { facts: unknown[] } } }).view.data.facts).toEqual([
      { title: 'Social Worker E', value: '0 attended' },
      { title: 'Social Worker F', value: '0 attended' },
    ]);
    expect(await at('2026-12-17T11:00:00Z')).toEqual([]);
    // Attendance is shown to the person in private, never in the channel.
    expect((await runCommand(context, people.e!, 'group')).view.data.text).toContain(
      'You have attended 0 this quarter; the Cafcass policy asks everyone to attend at least once a quarter.',
    );
    expect((await runCommand(context, people.e!, 'group', CHANNEL)).view.data.text).not.toContain('You have attended');

    // The channel never saw the case; every row is unique.
    const rows = await db.selectFrom('outbox').select(['conversation', 'payload', 'idempotency_key']).execute();
    for (const row of rows.filter((candidate) => candidate.conversation === 'C0NORTH')) expect(JSON.stringify(row.payload)).not.toContain('CF-204518');
    expect(rows.filter((row) => row.conversation === 'C0NORTH')).toHaveLength(4);

    // January's session did not take place: the facilitator is told when the next one is, and how to hold it sooner.
    await at('2027-01-12T11:40:00Z');
    const january = (await sessions()).find((row) => row.sequence === 4)!;
    const notHeld = await runAction(context, people.supervisor!, 'group.attendance', { sessionId: january.id, attended: '', notHeld: 'true' });
    expect(notHeld.view.data).toMatchObject({
      title: 'Recorded as not held',
      text: expect.stringContaining("The next one is Tue 9 Feb 2027 10:00, on the policy's cadence; to hold it sooner, move it from /supervision group."),
    });
    // Asked again in Welsh, the attendance is taken already: said in Welsh (issue 21).
    const again = await runAction(context, { ...people.supervisor!, language: 'cy' }, 'group.attendance', {
      sessionId: january.id,
      attended: '',
      notHeld: 'true',
    });
    expect(again.view.data).toMatchObject({
      title: "Wedi'i gymryd eisoes",
      text: 'Cymerwyd presenoldeb y sesiwn hon eisoes (ni chafodd ei chynnal). Ni newidiwyd dim.',
    });
  });
  it('tells each Cafcass practitioner who attended that a child discussed is followed up in one-to-one supervision, on the ChildFirst form (6.2)', async () => {
    const { context, people, at, sessions, db } = await setup('cafcass', 'established', '2026-10-05T09:00:00Z');
    const setUp = await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-10-13', time: '10:00', duration: '90' },
      CHANNEL,
    );
    expect(setUp.view.data.title).toBe('Group supervision is set up');
    await at('2026-10-13T11:40:00Z');
    await db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.d!.id).execute();
    const first = (await sessions())[0]!;
    const taken = await runAction(context, people.supervisor!, 'group.attendance', {
      sessionId: first.id,
      attended: [people.supervisor!, people.manager!, people.c!, people.d!].map((person) => person.id).join(','),
    });
    expect(taken.view.data.title).toBe('Attendance saved');
    const told = await db
      .selectFrom('outbox')
      .select(['conversation', 'payload'])
      .where('idempotency_key', 'like', `group:${first.id}:case-follow-up:%`)
      .orderBy('conversation')
      .execute();
    // The practitioners who attended; not the facilitators, not those who stayed away, never the channel.
    expect(told.map((row) => row.conversation)).toEqual(['U0WORKERC', 'U0WORKERD']);
    const view = (told[0]!.payload as { view: { data: { text: string; facts: { title: string; value: string }[] } } }).view.data;
    expect(view.text).toContain(
      'Anything about a child discussed at the group is recorded as a follow-up discussion in one-to-one supervision, on the supervision form in ChildFirst, not in the group',
    );
    expect(view.facts).toContainEqual({ title: 'Rule', value: 'Cafcass supervision policy, section 6.2' });
    // Someone who reads Welsh is told in Welsh (issue 21), the pack's rule as it words it, marked as its own words.
    const welsh = told[1]!.payload as {
      text: string;
      view: { speech: string; data: { title: string; text: string; facts: { title: string; value: string }[] } };
    };
    expect(welsh.text).toBe('Ar ôl goruchwyliaeth grŵp North: caiff plentyn a drafodwyd ei drafod eto un i un');
    expect(welsh.view.speech).toBe('cy');
    expect(welsh.view.data.title).toBe('Plentyn a drafodwyd yn y grŵp?');
    expect(welsh.view.data.text).toMatch(/ \(geiriau'r polisi ei hun, yn Saesneg\) Gofynnwch i'ch goruchwyliwr amdani gyda \/supervision/);
    expect(welsh.view.data.facts).toContainEqual({ title: 'Rheol', value: 'Cafcass supervision policy, section 6.2' });
  });

  it('moves a Bexley group session with its reminders and case, and a cancelled one leaves the series going on from its date', async () => {
    // Monday 2 November 2026, 10:00 (GMT). The first rota: Practice Supervisor B facilitates, D advises, C presents.
    const { context, people, outbox, at, sessions, db } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    const setUp = await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', duration: '90' },
      CHANNEL,
    );
    expect(setUp.view.data.title).toBe('Group supervision is set up');
    expect(await at('2026-11-02T10:01:00Z')).toHaveLength(1);
    const first = { sessionId: (await sessions())[0]!.id };
    expect((await runAction(context, people.c!, 'group.case', { ...first, caseReference: '1048213' })).view.data.title).toBe('Saved');
    const change = (actor: Actor, verb: string, fields: Record<string, string>, session = first) =>
      runAction(context, actor, verb, { ...session, date: '', time: '', reason: '', note: '', ...fields });

    // The group card, in a private chat, offers the facilitator and the team's manager Move it and Cancel it.
    const card = await runCommand(context, people.supervisor!, 'group');
    expect((card.view.data.buttons as { verb: string }[]).map((button) => button.verb)).toEqual(['group.move-form', 'group.cancel-form']);
    expect((await runCommand(context, people.e!, 'group')).view.card).toBe('notice');
    // Someone else is refused, and it is audited; nothing changes.
    expect((await runAction(context, people.e!, 'group.move-form', first)).view.data.title).toBe("This isn't yours to act on");
    expect((await change(people.e!, 'group.move', { date: '2026-11-12', time: '14:00', reason: 'Illness' })).view.data.title).toBe(
      "This isn't yours to act on",
    );
    expect(await db.selectFrom('audit_log').select('action').where('actor_id', '=', people.e!.id).execute()).toEqual([
      { action: 'group.move.refused' },
      { action: 'group.move.refused' },
    ]);
    expect((await runAction(context, people.manager!, 'group.move-form', first)).view.data).toMatchObject({ verb: 'group.move', askTime: true });
    expect((await change(people.supervisor!, 'group.move', { date: '2026-11-12', time: '14:00' })).fieldErrors).toEqual({
      reason: 'Choose one of: Illness; Urgent work; Leave; Something else (say in the note).',
    });
    expect((await change(people.supervisor!, 'group.move', { date: '2026-11-14', time: '14:00', reason: 'Illness' })).fieldErrors).toEqual({
      date: 'Choose a working day: Sat 14 Nov 2026 is a weekend or a bank holiday.',
    });
    const move = { date: '2026-11-12', time: '14:00', reason: 'Illness', note: 'Jane Smith is in hospital' };
    expect((await change(people.supervisor!, 'group.move', move)).view.data.title).toBe('Moved');
    expect((await change(people.supervisor!, 'group.move', move)).view.data.title).toBe('Already at that time');

    // The channel gets the time and the reason's category, never the note; the rota is told privately.
    expect(await at('2026-11-02T10:02:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision moved to Thu 12 Nov 2026 14:00',
        'U0SUPERV1: Group supervision has moved',
        'U0WORKERD: Group supervision has moved',
        'U0WORKERC: Group supervision has moved',
      ]),
    );
    const rows = await outbox();
    const posted = rows.find((row) => row.text.startsWith('Group supervision moved'))!;
    expect(posted.payload.view.data).toMatchObject({ text: expect.stringContaining('Moved from Tue 10 Nov 2026 10:00, for illness.') });
    expect(JSON.stringify(posted.payload)).not.toContain('Jane Smith');
    const presenterNote = rows.find((row) => row.to === 'U0WORKERC' && row.text === 'Group supervision has moved')!.payload.view.data as unknown as {
      text: string;
      buttons: unknown[];
    };
    expect(presenterNote.text).toContain('You still present, with the case you chose.');
    expect(presenterNote.buttons).toEqual([]);
    const presenterCase = await db
      .selectFrom('group_session')
      .select('presenter_case_reference')
      .where('session_id', '=', first.sessionId)
      .executeTakeFirstOrThrow();
    expect(presenterCase.presenter_case_reference).toBe('1048213');

    // Reminders follow the new time, once: nothing on the old preparation day or at the old time.
    expect(await at('2026-11-06T09:00:00Z')).toEqual([]);
    expect(await at('2026-11-10T09:00:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Thu 12 Nov 2026 at 14:00',
        'U0SUPERV1: Signs of Safety group supervision on Thu 12 Nov 2026 14:00: you are facilitating',
        'U0WORKERD: Signs of Safety group supervision on Thu 12 Nov 2026 14:00: you are the advisor',
        'U0WORKERC: Signs of Safety group supervision on Thu 12 Nov 2026 14:00: you are presenting a case',
      ]),
    );
    // Moved again after its reminders went, to a day whose reminders would have gone already: the notices say it, once.
    expect((await change(people.manager!, 'group.move', { date: '2026-11-11', time: '14:00', reason: 'Urgent work' })).view.data.title).toBe('Moved');
    expect(await at('2026-11-10T09:01:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision moved to Wed 11 Nov 2026 14:00',
        'U0SUPERV1: Group supervision has moved',
        'U0WORKERD: Group supervision has moved',
        'U0WORKERC: Group supervision has moved',
      ]),
    );
    expect(await sessions()).toHaveLength(1);
    expect(await at('2026-11-11T15:30:00Z')).toEqual(["U0SUPERV1: Who attended North's group supervision?"]);

    // The next, 4 weeks after the moved one (at the channel's time), is cancelled by its facilitator: a reason is needed.
    const second = { sessionId: (await sessions())[1]!.id };
    expect((await sessions())[1]!.starts_at.toISOString()).toBe('2026-12-09T10:00:00.000Z');
    expect((await change(people.e!, 'group.cancel', { reason: 'Leave' }, second)).view.data.title).toBe("This isn't yours to act on");
    expect((await change(people.c!, 'group.cancel', { reason: 'Something else (say in the note)' }, second)).fieldErrors).toEqual({
      note: 'Say why in the note.',
    });
    const cancelled = await change(people.c!, 'group.cancel', { reason: 'Something else (say in the note)', note: 'Team training day' }, second);
    expect(cancelled.view.card).toBe('group-rebook');
    expect(cancelled.view.data.intro).toContain(
      "The London Borough of Bexley, Children's Social Care policy asks that it is rebooked at the earliest opportunity.",
    );
    expect((await change(people.c!, 'group.cancel', { reason: 'Leave' }, second)).view.data.title).toBe('Nothing to change');
    expect(await at('2026-11-11T15:31:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Wed 9 Dec 2026 10:00 is cancelled',
        'U0SUPERV1: Group supervision cancelled',
        'U0WORKERC: Group supervision cancelled',
        'U0WORKERD: Group supervision cancelled',
      ]),
    );
    const cancelPost = (await outbox()).find((row) => row.text.endsWith('is cancelled'))!;
    expect(cancelPost.payload.view.data).toMatchObject({ text: expect.stringContaining('is cancelled, for another reason.') });
    expect(JSON.stringify(cancelPost.payload)).not.toContain('training');

    // Not rebooked: no reminders, no attendance card; once its date has passed the next follows 4 weeks on from it.
    expect(await at('2026-12-07T09:00:00Z')).toEqual([]);
    expect(await at('2026-12-09T12:00:00Z')).toEqual([]);
    expect((await sessions()).map((row) => [row.sequence, row.starts_at.toISOString(), row.status])).toEqual([
      [1, '2026-11-11T14:00:00.000Z', 'booked'],
      [2, '2026-12-09T10:00:00.000Z', 'cancelled'],
      [3, '2027-01-06T10:00:00.000Z', 'booked'],
    ]);
    expect((await runAction(context, people.c!, 'group.rebook-form', second)).view.data.title).toBe('The next session is booked');
  });

  it('asks a Welsh-speaking presenter to record the group in Welsh (issue 21), the pack’s words as it gives them', async () => {
    const { context, people, outbox, at, sessions, db } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', duration: '90' },
      CHANNEL,
    );
    const sessionId = { sessionId: (await sessions())[0]!.id };
    await db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.c!.id).execute();
    await runAction(context, people.c!, 'group.case', { ...sessionId, caseReference: '1048213' });
    await at('2026-11-10T11:30:00Z');
    const ticked = [people.supervisor!, people.c!, people.d!].map((person) => person.id).join(',');
    await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: ticked });
    expect(await at('2026-11-10T11:31:00Z')).toEqual(['U0WORKERC: Cofnodwch oruchwyliaeth grŵp North erbyn Maw 17 Tach 2026 23:59']);
    const request = (await outbox()).at(-1)!.payload.view.data as unknown as {
      title: string;
      text: string;
      buttons: { title: string; verb: string }[];
      facts: { title: string; value: string }[];
    };
    expect(request.title).toBe('Cofnodwch y oruchwyliaeth grŵp');
    expect(request.text).toMatch(/^Cynhaliwyd .+ North; gofynnir i chi ei chofnodi .*ar gofnod y plentyn yn ICS\/LCS, fel y dywed polisi /);
    expect(request.buttons).toEqual([
      { title: 'Ei gofnodi', verb: 'record.open' },
      { title: "Rwyf wedi'i chofnodi", verb: 'group.recorded' },
    ]);
    expect(request.facts).toContainEqual({ title: 'Cofnodi erbyn', value: 'Maw 17 Tach 2026 23:59 (5 working days)' });
    expect(request.facts).toContainEqual({ title: 'Cyfeirnod yr achos', value: '1048213' });
  });

  it('lets the Bexley presenter write the group record in the bot, in the pack’s template, sign it and have the case-file text', async () => {
    const { context, people, outbox, at, sessions, db } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    await runAction(
      context,
      people.supervisor!,
      'group.setup',
      { setupId: SETUP, channel: 'C0NORTH', team: people.supervisor!.team_id, date: '2026-11-10', time: '10:00', duration: '90' },
      CHANNEL,
    );
    const sessionId = { sessionId: (await sessions())[0]!.id };
    await runAction(context, people.c!, 'group.case', { ...sessionId, caseReference: '1048213' });
    // Nobody is the recorder until the attendance is taken, so nobody may record it yet.
    expect((await runAction(context, people.c!, 'record.open', sessionId)).view.data.title).toBe("This isn't yours to act on");
    await at('2026-11-10T11:30:00Z');
    const ticked = [people.supervisor!, people.c!, people.d!].map((person) => person.id).join(',');
    await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: ticked });
    expect(await at('2026-11-10T11:31:00Z')).toEqual(["U0WORKERC: Please record North's group supervision by Tue 17 Nov 2026 23:59"]);
    const request = (await outbox()).at(-1)!.payload.view.data as { buttons: { verb: string }[] };
    expect(request.buttons.map((button) => button.verb)).toEqual(['record.open', 'group.recorded']);

    // Only the recorder (here the presenter) may write it; the case is the one they chose, not asked again.
    expect((await runAction(context, people.d!, 'record.open', sessionId)).view.data.title).toBe("This isn't yours to act on");
    const open = await runAction(context, people.c!, 'record.open', sessionId);
    expect(open.view.card).toBe('record');
    expect((open.view.data.fields as { label: string }[]).map((field) => field.label)).toEqual([
      'Case status',
      'Previous safety scale rating (optional)',
      "What's working well?",
      'What are we worried about and what needs to change?',
      'Questions, issues and insights from the group (optional)',
      'Reflection/analysis following group supervision',
      'Current safety scale rating',
    ]);
    expect(open.view.data.facts).toContainEqual({ title: 'Case reference', value: '1048213' });
    const record = {
      ...sessionId,
      ...BEXLEY_GROUP_RECORD,
      'action.1.what': 'Agree the next step',
      'action.1.owner': people.c!.id,
      'action.1.due': '2026-11-20',
    };
    expect((await runAction(context, people.c!, 'record.save', { ...record, 'f.worried': '' })).fieldErrors).toMatchObject({
      'f.worried': expect.any(String),
    });
    expect((await runAction(context, people.c!, 'record.save', record)).view.data.title).toBe('Recorded: now sign it');
    expect((await runAction(context, people.c!, 'record.save', record)).view.data.title).toBe('Already recorded');
    // Recorded here, the group's chase stops: no halfway reminder, no overdue notice; only the card to sign.
    expect(await at('2026-11-16T09:00:00Z')).toEqual(['U0WORKERC: Your supervision record for case 1048213 is ready to sign']);
    // On the 18th, when it would have been overdue, only the action agreed in it is reminded.
    expect(await at('2026-11-18T09:00:00Z')).toEqual(['U0WORKERC: An action for case 1048213 is due by Fri 20 Nov 2026']);
    expect((await runAction(context, people.c!, 'group.recorded', sessionId)).view.data.title).toBe('Marked already');

    const saved = await db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      session_id: sessionId.sessionId,
      supervisee_id: people.c!.id,
      author_id: people.c!.id,
      case_reference: '1048213',
      model: 'group-supervision',
    });
    expect((await runAction(context, people.d!, 'record.sign', { recordId: saved.id })).view.data.title).toBe("This isn't yours to act on");
    await runAction(context, people.c!, 'record.sign', { recordId: saved.id });
    const signed = (await db.selectFrom('outbox').select('payload').where('idempotency_key', '=', `record:${saved.id}:signed`).executeTakeFirstOrThrow())
      .payload as { view: { data: { text: string } } };
    expect(signed.view.data.text).toContain('Case reference: 1048213');
    expect(signed.view.data.text).toContain("What's working well?\nWhat is working well.");
    // The presenter's line reads it; a colleague who was there does not.
    expect((await runCommand(context, people.supervisor!, 'records 1048213')).view.card).toBe('records');
    expect((await runCommand(context, people.d!, 'records 1048213')).view.data.text).toBe('There is no signed record for this case that you may read.');
  });

  it('lets anyone who attended a Bexley group lead an action agreed in it, and refuses a lead who was not there', async () => {
    const { context, people, at, sessions, db, setUpNorth } = await setup('bexley', 'case-holder', '2026-11-02T10:00:00Z');
    await setUpNorth('2026-11-10');
    const sessionId = { sessionId: (await sessions())[0]!.id };
    await runAction(context, people.c!, 'group.case', { ...sessionId, caseReference: '1048214' });
    await at('2026-11-10T11:30:00Z');
    const ticked = [people.supervisor!, people.c!, people.d!, people.e!].map((person) => person.id).join(',');
    await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: ticked });

    // The presenter records it; the Lead list is everyone who was there, each once, the presenter first.
    const open = await runAction(context, people.c!, 'record.open', sessionId);
    expect((open.view.data.owners as { title: string }[]).map((owner) => owner.title)).toEqual([
      'Social Worker C',
      'Practice Supervisor B',
      'Social Worker D',
      'Social Worker E',
    ]);
    const record = {
      ...sessionId,
      ...BEXLEY_GROUP_RECORD,
      'action.1.what': 'Ask the school for attendance figures',
      'action.1.due': '2026-11-20',
    };
    // The team manager and Social Worker F were not there: a forged card naming them is refused by the field.
    for (const absent of [people.manager!, people.f!])
      expect((await runAction(context, people.c!, 'record.save', { ...record, 'action.1.owner': absent.id })).fieldErrors).toEqual({
        'action.1.what': 'Action 1: the lead must be someone who was there. Choose them from the list.',
      });
    expect((await runAction(context, people.c!, 'record.save', { ...record, 'action.1.owner': people.d!.id })).view.data.title).toBe('Recorded: now sign it');
    const action = await db.selectFrom('action_item').select(['owner_id', 'description']).executeTakeFirstOrThrow();
    expect(action).toEqual({ owner_id: people.d!.id, description: 'Ask the school for attendance figures' });
  });

  it('lets the Cumberland facilitator record the group in the bot, for the presenter to sign', async () => {
    const { context, people, at, sessions, db, setUpNorth } = await setup('cumberland', 'staff', '2026-11-02T10:00:00Z');
    await setUpNorth('2026-11-10');
    const sessionId = { sessionId: (await sessions())[0]!.id };
    const roles = await db.selectFrom('group_role').select(['person_id', 'role']).where('session_id', '=', sessionId.sessionId).execute();
    const facilitator = Object.values(people).find((person) => person.id === roles.find((row) => row.role === 'facilitator')!.person_id)!;
    const presenter = Object.values(people).find((person) => person.id === roles.find((row) => row.role === 'presenter')!.person_id)!;
    expect(facilitator.id).not.toBe(presenter.id);
    await runAction(context, presenter, 'group.case', { ...sessionId, caseReference: '204518' });
    await at('2026-11-10T11:30:00Z');
    await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: [facilitator.id, presenter.id].join(',') });

    expect((await runAction(context, presenter, 'record.open', sessionId)).view.data.title).toBe("This isn't yours to act on");
    const saved = await runAction(context, facilitator, 'record.save', {
      ...sessionId,
      'f.focus': 'About a child or carer',
      'f.discussion': 'What was discussed.',
      'action.1.what': 'Agree the next step',
      'action.1.owner': presenter.id,
      'action.1.due': '2026-11-20',
    });
    expect(saved.view.data.title).toBe(`Sent to ${presenter.display_name} to sign`);
    const record = await db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      supervisee_id: presenter.id,
      author_id: facilitator.id,
      case_reference: '204518',
      model: 'group',
      stored_on: 'child-record',
    });
    expect((await runAction(context, facilitator, 'record.sign', { recordId: record.id })).view.data.title).toBe("This isn't yours to act on");
    await runAction(context, presenter, 'record.sign', { recordId: record.id });
    const signed = await db.selectFrom('outbox').select('conversation').where('idempotency_key', '=', `record:${record.id}:signed`).executeTakeFirstOrThrow();
    const author = await db.selectFrom('chat_identity').select('platform_user_id').where('person_id', '=', facilitator.id).executeTakeFirstOrThrow();
    expect(signed.conversation).toBe(author.platform_user_id);
  });

  it('lets the Islington practice supervisor record the group as a management decision on the case, for the presenter to sign', async () => {
    const { context, people, at, sessions, db, setUpNorth } = await setup('islington', 'case-holder', '2026-11-02T10:00:00Z');
    await setUpNorth('2026-11-10');
    const sessionId = { sessionId: (await sessions())[0]!.id };
    const presenterId = (
      await db
        .selectFrom('group_role')
        .select('person_id')
        .where('session_id', '=', sessionId.sessionId)
        .where('role', '=', 'presenter')
        .executeTakeFirstOrThrow()
    ).person_id;
    const presenter = Object.values(people).find((person) => person.id === presenterId)!;
    expect(presenter.id).not.toBe(people.supervisor!.id);
    await runAction(context, presenter, 'group.case', { ...sessionId, caseReference: 'LCS-204518' });
    await at('2026-11-10T11:30:00Z');
    await runAction(context, people.supervisor!, 'group.attendance', { ...sessionId, attended: [people.supervisor!.id, presenter.id].join(',') });

    // The pack has the practice supervisor record it (recordedBy: supervisor), in its Management Decision form.
    expect((await runAction(context, presenter, 'record.open', sessionId)).view.data.title).toBe("This isn't yours to act on");
    const open = await runAction(context, people.supervisor!, 'record.open', sessionId);
    expect((open.view.data.fields as { label: string }[]).map((field) => field.label).slice(0, 5)).toEqual([
      'Where the issue was discussed',
      'Significant issue discussed',
      'Changes the direction of the case',
      'Management decision',
      'Circumstances considered and reasons',
    ]);
    const record = {
      ...sessionId,
      'f.setting': 'Group supervision',
      'f.issue': 'The issue discussed.',
      'f.change-of-direction': 'no',
      'f.decision': 'The decision.',
      'f.reasons': 'The circumstances and reasons.',
      'action.1.what': 'Agree the next step',
      'action.1.owner': presenter.id,
      'action.1.due': '2026-11-20',
    };
    expect((await runAction(context, people.supervisor!, 'record.save', { ...record, 'f.setting': '' })).fieldErrors).toEqual({
      'f.setting': 'Choose one for “Where the issue was discussed”.',
    });
    const saved = await runAction(context, people.supervisor!, 'record.save', record);
    expect(saved.view.data.title).toBe(`Sent to ${presenter.display_name} to sign`);
    const stored = await db.selectFrom('record').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      supervisee_id: presenter.id,
      author_id: people.supervisor!.id,
      case_reference: 'LCS-204518',
      model: 'management-decision',
      stored_on: 'child-record',
    });
    expect((await runAction(context, people.supervisor!, 'record.sign', { recordId: stored.id })).view.data.title).toBe("This isn't yours to act on");
    await runAction(context, presenter, 'record.sign', { recordId: stored.id });
    const signed = await db
      .selectFrom('outbox')
      .select(['conversation', 'payload'])
      .where('idempotency_key', '=', `record:${stored.id}:signed`)
      .executeTakeFirstOrThrow();
    expect(signed.conversation).toBe('U0SUPERV1');
    expect((signed.payload as { view: { data: { text: string } } }).view.data.text).toContain('Management decision');
  });

  it('refuses a one-to-one booked over the team’s group supervision, and takes it once the group has ended', async () => {
    const { context, people, setUpNorth } = await setup('cafcass', 'established', '2026-10-05T09:00:00Z');
    await setUpNorth('2026-10-13');
    const book = (time: string, bookingId: string) =>
      runAction(context, people.supervisor!, 'session.book', {
        bookingId,
        replaces: '',
        supervisee: people.c!.id,
        kind: 'case',
        date: '2026-10-13',
        time,
        // Cafcass asks for at least an hour and a half (appendix 2).
        duration: '90',
      });
    // 11:00 to 12:30 overlaps the group's 10:00 to 11:30.
    expect((await book('11:00', SETUP.replace('5b2c', '7d4e'))).fieldErrors).toEqual({
      time: 'That is the time of group supervision (Tue 13 Oct 2026 10:00). Choose another time.',
    });
    expect((await book('11:30', SETUP.replace('5b2c', '8e5f'))).view.data.title).toBe('Booked');
  });

  it('moves a team’s group supervision to a new channel: waiting posts go there, the old channel is told, later reminders follow', async () => {
    const { context, people, at, db, setUpNorth } = await setup('cafcass', 'established', '2026-10-05T09:00:00Z');
    await setUpNorth('2026-10-13');
    await db.updateTable('outbox').set({ status: 'sent' }).execute();
    // Fri 9 Oct: the channel's reminder of Tuesday's session is queued, and (say the platform is slow) still waits.
    expect(await at('2026-10-09T08:00:00Z')).toContain('C0NORTH: Group supervision on Tue 13 Oct 2026 at 10:00');

    const NEW: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0NEW' };
    const title = async (actor: Actor, place?: Place) => (await runCommand(context, actor, 'group move', place)).view.data.title;
    expect(await title(people.supervisor!)).toBe('Move it from the new channel');
    expect(await title(people.c!, NEW)).toBe('Only for supervisors and managers');
    expect(await title(people.supervisor!, CHANNEL)).toBe('It is here already');
    const form = await runCommand(context, people.supervisor!, 'group move', NEW);
    expect(form.view.card).toBe('group-move-channel');
    expect(form.view.data.teams).toEqual([{ title: 'North', value: people.supervisor!.team_id }]);
    const move = (actor: Actor, team: string | null = people.supervisor!.team_id) =>
      runAction(context, actor, 'group.move-channel', { channel: 'C0NEW', team }, NEW);
    expect((await move(people.supervisor!, people.south!.team_id)).fieldErrors).toEqual({ team: 'Choose a team whose group supervision you lead.' });
    expect((await move(people.c!)).view.data.title).toBe('Only for supervisors and managers');
    expect(await db.selectFrom('group_channel').select('conversation_id').executeTakeFirstOrThrow()).toEqual({ conversation_id: 'C0NORTH' });

    expect((await move(people.supervisor!)).view.data.title).toBe('Group supervision has moved here');
    expect((await move(people.supervisor!)).view.data.title).toBe('Moved already');
    expect(await db.selectFrom('group_channel').select('conversation_id').executeTakeFirstOrThrow()).toEqual({ conversation_id: 'C0NEW' });
    const waiting = await db.selectFrom('outbox').select(['conversation', 'payload']).where('status', '=', 'pending').orderBy('id').execute();
    expect(waiting.filter((row) => row.conversation.startsWith('C0')).map((row) => `${row.conversation}: ${(row.payload as { text: string }).text}`)).toEqual([
      'C0NEW: Group supervision on Tue 13 Oct 2026 at 10:00',
      'C0NORTH: Group supervision for North has moved to another channel',
      'C0NEW: Group supervision for North is now in this channel: the next session is Tue 13 Oct 2026 10:00',
    ]);
    // The note to the old channel says only that it has moved: no session, no names.
    expect(JSON.stringify(waiting.find((row) => row.conversation === 'C0NORTH')!.payload)).not.toMatch(/Social Worker|Supervisor B|13 Oct/);
    expect((await runCommand(context, people.supervisor!, 'group', CHANNEL)).view.data.title).toBe('No group supervision here yet');
    expect((await runCommand(context, people.supervisor!, 'group', NEW)).view.data.title).toBe('Together group supervision: North');

    // The next session's reminder comes to the new channel.
    await at('2026-10-13T09:00:00Z');
    expect((await at('2026-11-06T09:00:00Z')).filter((line) => line.startsWith('C0'))).toEqual(['C0NEW: Group supervision on Tue 10 Nov 2026 at 10:00']);
  });

  it('rebooks a cancelled Cafcass group session in its place, keeping the monthly series on its weekday, and lists it in upcoming', async () => {
    // Monday 5 October 2026, 10:00 London time. Facilitators: the supervisor and the manager; C presents first, then D.
    const { context, people, at, sessions, setUpNorth } = await setup('cafcass', 'established', '2026-10-05T09:00:00Z');
    await setUpNorth('2026-10-13');
    const booked = async (actor: Actor) => (await runCommand(context, actor, 'upcoming')).view.data.booked;
    expect(await booked(people.c!)).toEqual([{ date: 'Tue 13 Oct 2026 10:00', what: 'Together group supervision, 90 minutes (you are presenting a case)' }]);
    expect(await booked(people.e!)).toEqual([{ date: 'Tue 13 Oct 2026 10:00', what: 'Together group supervision, 90 minutes' }]);
    await at('2026-10-13T09:00:00Z');
    const second = { sessionId: (await sessions())[1]!.id };

    const cancelled = await runAction(context, people.manager!, 'group.cancel', { ...second, reason: 'Urgent work', note: '' });
    expect(cancelled.view.card).toBe('group-rebook');
    const { rebookId, values } = cancelled.view.data as { rebookId: string; values: { date: string; time: string } };
    expect(values).toEqual({ date: '2026-11-11', time: '10:00' });
    const rebook = (actor: Actor, date: string, id = rebookId) => runAction(context, actor, 'group.rebook', { ...second, rebookId: id, date, time: '10:00' });
    expect((await rebook(people.e!, '2026-11-17', SETUP.replace('5b2c', '6c3d'))).view.data.title).toBe("This isn't yours to act on");
    expect((await rebook(people.manager!, '2026-11-15')).fieldErrors).toEqual({
      date: 'Choose a working day: Sun 15 Nov 2026 is a weekend or a bank holiday.',
    });
    expect((await rebook(people.manager!, '2026-11-17')).view.data.title).toBe('Rebooked');
    expect((await rebook(people.manager!, '2026-11-17')).view.data.title).toBe('Rebooked already');
    expect(await at('2026-10-13T09:01:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Tue 10 Nov 2026 10:00 is cancelled',
        'C0NORTH: Group supervision rebooked for Tue 17 Nov 2026 10:00',
        'U0SUPERV1: Group supervision cancelled',
        'U0MANAGER: Group supervision cancelled',
        'U0WORKERD: Group supervision cancelled',
      ]),
    );
    // The rebooked session has the cancelled one's rota, and is what D's upcoming shows.
    expect(await booked(people.d!)).toContainEqual({
      date: 'Tue 17 Nov 2026 10:00',
      what: 'Together group supervision, 90 minutes (you are presenting a case)',
    });
    expect(await at('2026-11-06T09:00:00Z')).toEqual([]);
    expect(await at('2026-11-13T09:00:00Z')).toEqual(
      sorted([
        'C0NORTH: Group supervision on Tue 17 Nov 2026 at 10:00',
        'U0SUPERV1: Together group supervision on Tue 17 Nov 2026 10:00: you are facilitating',
        'U0MANAGER: Together group supervision on Tue 17 Nov 2026 10:00: you are facilitating',
        'U0WORKERD: Together group supervision on Tue 17 Nov 2026 10:00: you are presenting a case',
      ]),
    );
    // The next is December's second Tuesday, as if nothing had been cancelled.
    await at('2026-11-17T10:00:00Z');
    expect((await sessions()).map((row) => [row.starts_at.toISOString(), row.status])).toEqual([
      ['2026-10-13T09:00:00.000Z', 'booked'],
      ['2026-11-10T10:00:00.000Z', 'cancelled'],
      ['2026-11-17T10:00:00.000Z', 'booked'],
      ['2026-12-08T10:00:00.000Z', 'booked'],
    ]);
  });
});
