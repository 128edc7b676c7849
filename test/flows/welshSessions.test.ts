// Cymraeg (issue 21) in the sessions' and notices' flows, on both databases: each person is told in their own
// language, whoever set off the notice; an escalation reaches a Welsh-speaking manager in Welsh while the
// English-speaking supervisor it passed is told in English; sessions, reminders and the upcoming card in Welsh.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { cadenceWatchProvider } from '../../src/flows/cadenceWatch.js';
import { sweepProviders } from '../../src/flows/sweepProviders.js';
import type { Actor, FlowContext, Place } from '../../src/flows/context.js';
import { sessionReminderSource } from '../../src/flows/sessionReminders.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { View } from '../../src/cards/catalog.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { welshTeam, shown, welshRaise, offeringChoice } from '../support/welshTeam.js';
import { importCases } from '../../src/cases/importCases.js';
import type { ReminderSource } from '../../src/flows/reminders.js';
import { today } from '../../src/flows/format.js';
import { groupDirectory } from '../support/groupTeam.js';

const directory = welshTeam;
const BOOKING = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';

/** Cumberland (English only): a supervisor and a worker who started recently, whose own supervision is not overdue. */
const cumberlandTeam = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Service Manager E,manager,North,,,,U0MANAGER
supervisor@example.org,Team Manager B,supervisor,North,manager@example.org,staff,2026-11-16,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,staff,2026-11-16,U0WORKER1
`;

/** The supervisor sets the team's group supervision up in the team channel, its first session at 10:00 on `date`. */
async function setUpGroup(context: FlowContext, supervisor: Actor, date: string) {
  const channel: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0NORTH' };
  const setUp = { setupId: '5b2c8d1e-4f6a-4b7c-9d8e-0f1a2b3c4d5e', channel: 'C0NORTH', team: supervisor.team_id, date, time: '10:00', duration: '90' };
  expect((await runAction(context, supervisor, 'group.setup', setUp, channel)).fieldErrors).toBeUndefined();
}

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
    const sent = await runAction(context, people.worker!, 'raise.submit', welshRaise);
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

  it('reminds a Welsh-speaking practitioner in Welsh and their English-speaking supervisor in English, each of the same session', async () => {
    const { context, people, clock, store, notices } = await setup({ worker: 'cy', pm: 'en-GB' });
    const booked = await runAction(context, people.pm!, 'session.book', {
      bookingId: BOOKING,
      replaces: '',
      supervisee: people.worker!.id,
      kind: 'psm',
      date: '2026-12-08',
      time: '10:00',
      duration: '60',
    });
    expect(booked.fieldErrors).toBeUndefined();
    // The supervisor books in English; the practitioner is told in Welsh.
    expect(shown(booked.view)).toContain('Move it');
    const told = (await notices()).find((notice) => notice.idempotency_key.endsWith(':booked'))!.payload as { text: string; view: View };
    expect(told.text).toBe("Goruchwyliaeth wedi'i threfnu ar gyfer Maw 8 Rhag 2026 10:00");
    expect(told.view.data.text).toBe('Mae Practice Manager P wedi trefnu practitioner support meeting gyda chi. Cewch eich atgoffa i baratoi.');
    expect(told.view.data.buttons).toContainEqual({ title: 'Gofyn am ei symud', verb: 'session.request-move-form' });
    // The practitioner's upcoming supervision, in Welsh; the kind by the pack's own title.
    const upcoming = await runCommand(context, people.worker!, 'upcoming');
    expect(upcoming.view.speech).toBe('cy');
    expect(upcoming.view.data.booked).toEqual([{ date: 'Maw 8 Rhag 2026 10:00', what: 'Practitioner Support Meeting, 60 munud' }]);
    expect(upcoming.view.data.basis).toMatch(/, wedi'i gyfrif o .* 2025\. Rheolau o bolisi goruchwylio Cafcass Cymru\.$/);
    expect(shown(upcoming.view)).toContain('Eich goruchwyliaeth i ddod');
    expect(shown(upcoming.view)).not.toContain('Your upcoming supervision');
    // Someone who has not chosen reads both, Welsh first.
    const both = await runCommand(context, people.other!, 'upcoming');
    expect(shown(both.view)).toContain(JSON.stringify('Eich goruchwyliaeth i ddod\n\nYour upcoming supervision'));
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, [sessionReminderSource(context)])]);
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
      return (await notices()).filter((notice) => notice.idempotency_key.startsWith('session:'));
    };
    // Two working days before: the practitioner prepares, in Welsh.
    const [prepare] = (await at('2026-12-04T12:00:00Z')).filter((notice) => notice.idempotency_key.endsWith(':prepare'));
    const prepared = prepare!.payload as { text: string; view: View };
    expect(prepared.text).toBe('Goruchwyliaeth ar Maw 8 Rhag 2026 10:00: amser i baratoi');
    expect(prepared.view).toMatchObject({ card: 'session', speech: 'cy', data: { title: 'Goruchwyliaeth mewn 2 ddiwrnod gwaith' } });
    expect(prepared.view.data.facts).toContainEqual({ title: 'Pryd', value: 'Maw 8 Rhag 2026 10:00, 60 munud' });
    expect(shown(prepared.view)).toContain('Gofyn am ei symud');
    expect(shown(prepared.view)).not.toContain('Ask to move it');
    // On the day: each in their own language.
    const today = (await at('2026-12-08T09:00:00Z')).filter((notice) => notice.idempotency_key.includes(':today:'));
    expect(today.map((notice) => [notice.conversation, (notice.payload as { text: string }).text])).toEqual([
      ['U0WORKER1', 'Goruchwyliaeth heddiw am 10:00'],
      ['U0PM', 'Supervision today at 10:00'],
    ]);
    const english = today.find((notice) => notice.conversation === 'U0PM')!.payload as { view: View };
    expect(english.view.data.facts).toContainEqual({ title: 'When', value: 'Tue 8 Dec 2026 10:00, 60 minutes' });
    // Afterwards the supervisor is asked, in English.
    const asked = (await at('2026-12-08T11:00:00Z')).find((notice) => notice.idempotency_key.endsWith(':outcome'))!.payload as { text: string; view: View };
    expect(asked.text).toBe('Was your supervision with Gweithiwr Cymdeithasol C held?');
    expect(asked.view.data.buttons).toContainEqual({ title: 'It was held', verb: 'session.held' });
  });

  it('tells of overdue supervision: the Welsh-speaking manager in Welsh, the English-speaking supervisor in English', async () => {
    const { context, people, clock, store, notices } = await setup({ pm: 'en-GB', opsa: 'cy' });
    // Only the practitioner is overdue: the other has had their supervision.
    await store.db.updateTable('person').set({ cohort: null }).where('id', '=', people.other!.id).execute();
    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const told = await notices();
    const toSupervisor = told.filter((notice) => notice.conversation === 'U0PM').map((notice) => notice.payload as { text: string; view: View });
    const toManager = told.filter((notice) => notice.conversation === 'U0OPSA').map((notice) => notice.payload as { text: string; view: View });
    expect(toSupervisor).toHaveLength(1);
    expect(toManager).toHaveLength(1);
    // The supervisor: in English, word for word as before.
    expect(toSupervisor[0]!.text).toBe('Supervision overdue for 1 person');
    expect(toSupervisor[0]!.view.data).toMatchObject({
      text: 'Under the Cafcass Cymru supervision policy, none has been held of what is below. Please book each as soon as you can.',
      facts: [
        { title: 'Gweithiwr Cymdeithasol C', value: 'Practitioner Support Meeting overdue since Mon 31 Mar 2025, 7 missed' },
        { title: 'Gweithiwr Cymdeithasol C', value: 'Practice Review Discussion overdue since Wed 30 Apr 2025, 5 missed' },
      ],
    });
    // The manager: in Welsh, the kinds by the pack's own titles.
    expect(toManager[0]!.text).toBe('Goruchwyliaeth yn hwyr i 1 person');
    expect(toManager[0]!.view).toMatchObject({
      speech: 'cy',
      data: {
        title: 'Mae goruchwyliaeth yn hwyr i 1 person',
        text: "O dan bolisi goruchwylio Cafcass Cymru, nid oes dim o'r hyn sydd isod wedi'i gynnal. Fe'ch hysbysir fel rheolwr eu goruchwyliwr.",
        facts: [
          { title: 'Gweithiwr Cymdeithasol C', value: "Practitioner Support Meeting yn hwyr ers Llun 31 Maw 2025, 7 wedi'u methu" },
          { title: 'Gweithiwr Cymdeithasol C', value: "Practice Review Discussion yn hwyr ers Mer 30 Ebr 2025, 5 wedi'u methu" },
        ],
      },
    });
  });

  it("shows a Welsh-speaking supervisor their team's supervision in Welsh", async () => {
    const { context, people } = await setup({ pm: 'cy' });
    const team = await runCommand(context, { ...people.pm!, language: 'cy' }, 'team');
    expect(team.view.speech).toBe('cy');
    expect(team.view.data.supervisees).toContainEqual({
      name: 'Gweithiwr Cymdeithasol C',
      next: "Practitioner Support Meeting yn hwyr ers Llun 31 Maw 2025, 7 wedi'u methu, heb ei threfnu",
    });
    expect(shown(team.view)).toContain('Goruchwyliaeth eich tîm');
    expect(shown(team.view)).toContain('Trefnu goruchwyliaeth');
  });

  it('posts group supervision to the team channel in Welsh and English, Welsh first, under a Welsh default', async () => {
    const { context, people, clock, store, notices } = await setup({ pm: 'en-GB', worker: 'cy', other: 'en-GB' });
    const channel: Place = { kind: 'channel', platform: 'slack', conversationId: 'C0TEAM' };
    // The set-up form, for the Welsh-speaking practitioner's English-speaking supervisor, in English; for a Welsh speaker, in Welsh.
    const form = await runCommand(context, { ...people.pm!, language: 'cy' }, 'group setup', channel);
    expect(form.view.data.intro).toMatch(
      /^Group supervision i'ch tîm, gyda'i nodiadau atgoffa yma yn y sianel hon\. Rhowch y sesiwn gyntaf\. .* Mae gan bob un rota: .*ymarferydd yn cyflwyno achos\./,
    );
    expect(form.view.data.intro).not.toMatch(/Later sessions|Each has a rota|presenting a case/);
    expect((await runCommand(context, people.pm!, 'group setup', channel)).view.data.intro).toBe(
      'Group supervision for your team, with its reminders here in this channel. Give the first session. The Cafcass Cymru policy sets no frequency, so only this session is booked. Each has a rota: 1 facilitator, a practitioner presenting a case. Everyone in this channel sees the reminders; nothing about a case is ever posted here. In Slack, add the Supervision app to this channel first.',
    );
    const set = await runAction(
      context,
      people.pm!,
      'group.setup',
      { setupId: '7e2b9c4d-1a3f-4b5e-8c6d-9e0f1a2b3c4d', channel: 'C0TEAM', team: people.pm!.team_id, date: '2026-11-30', time: '10:00', duration: '60' },
      channel,
    );
    expect(set.fieldErrors).toBeUndefined();
    // The channel is told it is set up, in Welsh first.
    const setUp = (await notices()).find((notice) => notice.idempotency_key.endsWith(':set-up'))!.payload as { text: string; view: View };
    expect(setUp.text).toBe(
      "Mae goruchwyliaeth grŵp wedi'i sefydlu yn y sianel hon: mae'r sesiwn gyntaf ar Llun 30 Tach 2026 10:00 / Group supervision is set up in this channel: the first session is Mon 30 Nov 2026 10:00",
    );
    expect(setUp.view.data.title).toBe("Mae goruchwyliaeth grŵp wedi'i sefydlu yma / Group supervision is set up here");
    clock.advance(Date.parse('2026-11-26T09:00:00Z') - clock.now().getTime());
    const sweeper = new Sweeper(store.db, clock, sweepProviders(context));
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    const post = (await notices()).find((notice) => notice.conversation === 'C0TEAM' && notice.idempotency_key.endsWith(':channel'))!.payload as {
      text: string;
      view: View;
    };
    expect(post.text).toBe('Goruchwyliaeth grŵp ar Llun 30 Tach 2026 am 10:00 / Group supervision on Mon 30 Nov 2026 at 10:00');
    expect(post.view.speech).toBe('cy+en-GB');
    expect(post.view.data.title).toBe('Goruchwyliaeth grŵp ar Llun 30 Tach 2026 / Group supervision on Mon 30 Nov 2026');
    expect(post.view.data.text).toMatch(
      /^Group supervision ar gyfer Wales\. .*Peidiwch â phostio unrhyw fanylion achos yn y sianel hon\.\n\nGroup supervision for Wales\. .*Please post no case details in this channel\.$/s,
    );
    expect(post.view.data.facts).toContainEqual({ title: 'Pryd / When', value: 'Llun 30 Tach 2026 10:00, 60 munud / Mon 30 Nov 2026 10:00, 60 minutes' });
    expect(shown(post.view)).toContain('Yn cyflwyno / Presenting');
    // Each in the rota is told their role privately, in their own language.
    const roles = (await notices()).filter((notice) => notice.idempotency_key.includes(':role:'));
    expect(roles.map((notice) => [notice.conversation, (notice.payload as { text: string }).text])).toEqual([
      ['U0OPSA', "Group supervision ar Llun 30 Tach 2026 10:00: rydych chi'n hwyluso / Group supervision on Mon 30 Nov 2026 10:00: you are facilitating"],
      ['U0WORKER1', "Group supervision ar Llun 30 Tach 2026 10:00: rydych chi'n cyflwyno achos"],
    ]);
    const presenter = roles.find((notice) => notice.conversation === 'U0WORKER1')!.payload as { view: View };
    expect(shown(presenter.view)).toContain('Dewis fy achos');
    expect(shown(presenter.view)).not.toContain('Choose my case');
  });

  it('tells a Welsh-speaking supervisor of cases in Welsh; the English-speaking worker is told in English', async () => {
    // Mon 23 Nov 2026. EHM-204518 is allocated today; EHM-310077 (every 12 weeks) on Mon 2 Nov, not yet discussed.
    const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandTeam });
    const { store, clock } = setup;
    // Cumberland offering the choice, English by default: the supervisor chose Cymraeg; the worker, English.
    const context = offeringChoice(setup.context);
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', setup.people.supervisor!.id).execute();
    const supervisor = { ...setup.people.supervisor!, language: 'cy' };
    const imported = await importCases({
      db: store.db,
      pack: context.pack,
      fileName: 'cases.csv',
      text: 'case_reference,category,worker,allocated_on\nEHM-204518,child-protection,worker@example.org,2026-11-23\nEHM-310077,cared-for-permanence,worker@example.org,2026-11-02\n',
      now: clock.now(),
    });
    expect(imported).toMatchObject({ ok: true, opened: 2 });
    const atAllocation = "(goruchwyliaeth adeg y dyraniad, wedi'i chofnodi gyda'r allocation plan)";
    const title = 'Cared for following permanence achieved';
    const team = await runCommand(context, supervisor, 'team');
    expect(team.view.data.cases).toEqual([
      { reference: 'Achos EHM-310077', what: `Social Worker C: ${title}, yn hwyr ers Llun 2 Tach 2026 ${atAllocation}` },
      { reference: 'Achos EHM-204518', what: `Social Worker C: Child Protection, yn ddyledus heddiw ${atAllocation}` },
    ]);
    // The worker reads English, word for word as before.
    const mine = await runCommand(context, setup.people.worker!, 'upcoming');
    expect(mine.view.data.cases).toContainEqual({
      reference: 'Case EHM-204518',
      what: 'Child Protection, due today (supervision at allocation, recorded with the allocation plan)',
    });

    // The watch tells the supervisor in Welsh.
    await new Sweeper(store.db, clock, [cadenceWatchProvider(context)]).sweepOnce();
    const told = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute())
      .filter((row) => row.conversation === 'U0SUPERV1')
      .map((row) => row.payload as { text: string; view: View });
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toBe('Goruchwyliaeth achos yn hwyr: achos EHM-310077');
    expect(told[0]!.view).toMatchObject({
      speech: 'cy',
      data: {
        title: 'Mae goruchwyliaeth achos yn hwyr',
        text: `Mae achos EHM-310077, sydd gan Social Worker C, yn ${title}: roedd ei oruchwyliaeth adeg y dyraniad yn ddyledus erbyn Llun 2 Tach 2026 ac nid oes trafodaeth ohono wedi'i chofnodi ers hynny ${atAllocation}. Trefnwch hi cyn gynted ag y gallwch: /supervision book.`,
      },
    });
    expect(shown(told[0]!.view)).toContain('Ei drefnu');

    // The form to raise a case's frequency, in Welsh; a refusal and the raise too.
    const form = await runAction(context, supervisor, 'case.frequency-form', {});
    expect(form.view).toMatchObject({ card: 'case-frequency', speech: 'cy' });
    expect(form.view.data.intro).toMatch(/^Gall goruchwyliaeth achos fod yn amlach/);
    expect(form.view.data.intervals).toContainEqual({ title: 'Bob 2 wythnos', value: '2' });
    expect((form.view.data.cases as { title: string }[]).map((listed) => listed.title)).toContain('Achos EHM-310077: Social Worker C, tua bob 12 wythnos');
    expect(shown(form.view)).not.toMatch(/every \d|every week|discretion|request/i);
    const same = await runAction(context, supervisor, 'case.frequency', { caseReference: 'EHM-310077', everyWeeks: '12', reason: 'supervisee' });
    expect((same.view.data.errors as Record<string, string>).everyWeeks).toBe(
      `Nid yw bob 12 wythnos yn amlach na ${title} (bob 12 wythnos): dewiswch egwyl fyrrach.`,
    );
    const raised = await runAction(context, supervisor, 'case.frequency', { caseReference: 'EHM-310077', everyWeeks: '2', reason: 'supervisee' });
    expect(raised.view).toMatchObject({ speech: 'cy', data: { title: "Amlder wedi'i gynyddu" } });
    expect(raised.view.data.text).toMatch(
      /^Mae achos EHM-310077 \(.*, sydd gan Social Worker C\) bellach yn cael ei drafod bob 2 wythnos, ar gais yr unigolyn rydych chi'n ei oruchwylio\. Mae ei oruchwyliaeth nesaf yn hwyr ers /,
    );
    // The worker is told in English, word for word as before.
    const workerTold = (await store.db.selectFrom('outbox').select(['conversation', 'payload']).where('conversation', '=', 'U0WORKER1').execute()).map(
      (row) => (row.payload as { view: View }).view,
    );
    expect(workerTold.map((view) => view.data.title)).toEqual(['A case is discussed more often']);
    expect(workerTold[0]!.data.text).toMatch(
      /^Team Manager B raised case EHM-310077 \(.*\) to supervision every 2 weeks, at your request\. Its next supervision is overdue since /,
    );
  });

  it("books and marks held in Welsh for a Welsh-speaking supervisor: the length the pack asks for, the record's deadline and the next due", async () => {
    const setup = await flowSetup(database, { policy: 'bexley', directory: cumberlandTeam.replaceAll(',staff,', ',case-holder,') });
    const { store, clock } = setup;
    const context = offeringChoice(setup.context);
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', setup.people.supervisor!.id).execute();
    const supervisor = { ...setup.people.supervisor!, language: 'cy' };
    const form = await runCommand(context, supervisor, 'book');
    expect(form.view.data.intro).toContain("Mae'r Bexley supervision policy, individual standard one, yn gofyn am 1 awr 30 munud i 2 awr.");
    expect(form.view.data.intro).not.toContain('asks for');
    const book = (duration: string) =>
      runAction(context, supervisor, 'session.book', {
        bookingId: sessionId,
        replaces: '',
        supervisee: setup.people.worker!.id,
        kind: 'case',
        date: '2026-11-24',
        time: '10:00',
        duration,
      });
    const sessionId = '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b';
    expect((await book('60')).fieldErrors).toEqual({
      duration: "Rhowch rhwng 90 a 120 munud: mae'r Bexley supervision policy, individual standard one, yn gofyn am 1 awr 30 munud i 2 awr.",
    });
    expect((await book('90')).fieldErrors).toBeUndefined();
    clock.advance(Date.parse('2026-11-24T12:00:00Z') - clock.now().getTime());
    const held = await runAction(context, supervisor, 'session.held', { sessionId });
    expect(held.view).toMatchObject({
      card: 'session',
      speech: 'cy',
      data: { title: "Wedi'i marcio wedi'i chynnal", buttons: [{ title: 'Ei gofnodi', verb: 'record.open' }] },
    });
    expect(held.view.data.text).toMatch(/^Cofnodwch hi erbyn \S+ \d+ \S+ 2026 \d\d:\d\d \(polisi London Borough of Bexley, Children's Social Care: .*\)\./);
    expect(held.view.data.text).not.toMatch(/Record it|is due by|book it with/);
  });

  it("gives a Welsh-speaking practitioner's catch-up of missed reminders its follow-up button in Welsh", async () => {
    const { context, people, clock, store, notices } = await setup({ worker: 'cy' });
    const first = today(clock.now(), context.calendar);
    // Two reminders on the next two working days, each with the button to the person's open actions.
    const source: ReminderSource = {
      name: 'test',
      async reminders(_db, _now, upTo) {
        return [1, 2]
          .map((ahead) => (first + ahead) as typeof first)
          .filter((day) => day <= upTo)
          .map((day) => ({
            key: `test:${day}`,
            personId: people.worker!.id,
            day,
            text: 'Nodyn atgoffa',
            line: `Nodyn ${day}`,
            view: { card: 'notice' as const, data: { title: 'Nodyn atgoffa', text: '', facts: [] } },
            followUp: { title: 'My open actions', verb: 'actions', message: 'button.actions' as const },
          }));
      },
    };
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, [source])]);
    await sweeper.sweepOnce();
    // Down for three working days; then one catch-up.
    clock.advance(Date.parse('2026-11-27T12:00:00Z') - clock.now().getTime());
    await sweeper.sweepOnce();
    await sweeper.sweepOnce();
    const catchUp = (await notices()).filter((notice) => notice.conversation === 'U0WORKER1').map((notice) => notice.payload as { view: View });
    expect(catchUp).toHaveLength(1);
    expect(catchUp[0]!.view).toMatchObject({ speech: 'cy', data: { buttons: [{ title: 'Fy nghamau gweithredu agored', verb: 'actions' }] } });
  });

  it("chases a Welsh-speaking presenter's group record in Welsh; their English-speaking supervisor is told in English", async () => {
    const setup = await flowSetup(database, { policy: 'bexley', directory: groupDirectory('case-holder'), at: '2026-11-02T10:00:00Z' });
    const { store, clock, people } = setup;
    const context = offeringChoice(setup.context);
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.c!.id).execute();
    await setUpGroup(context, people.supervisor!, '2026-11-10');
    const sweeper = new Sweeper(store.db, clock, sweepProviders(context));
    const at = async (iso: string) => {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
    };
    await at('2026-11-10T11:31:00Z');
    const session = await store.db.selectFrom('supervision_session').select('id').where('kind', '=', 'group').orderBy('starts_at').executeTakeFirstOrThrow();
    const ticked = [people.supervisor!, people.c!, people.d!].map((person) => person.id).join(',');
    expect((await runAction(context, people.supervisor!, 'group.attendance', { sessionId: session.id, attended: ticked })).fieldErrors).toBeUndefined();
    await at('2026-11-10T11:35:00Z');
    await at('2026-11-16T09:00:00Z');
    await at('2026-11-18T09:00:00Z');
    const told = (await store.db.selectFrom('outbox').select(['conversation', 'idempotency_key', 'payload']).orderBy('id').execute()).filter((row) =>
      row.idempotency_key.includes(':record:'),
    );
    const to = (conversation: string, end: string) =>
      told.find((row) => row.conversation === conversation && row.idempotency_key.endsWith(end))!.payload as { text: string; view: View };
    const halfway = to('U0WORKERC', ':record:reminder');
    expect(halfway.text).toBe('Mae cofnod goruchwyliaeth grŵp North yn ddyledus erbyn Maw 17 Tach 2026 23:59');
    expect(halfway.view).toMatchObject({ speech: 'cy', data: { title: 'Mae cofnod y grŵp yn ddyledus cyn bo hir' } });
    expect(halfway.view.data.facts).toContainEqual({ title: 'Cofnodi erbyn', value: 'Maw 17 Tach 2026 23:59' });
    expect(shown(halfway.view)).toContain("Rwyf wedi'i gofnodi");
    const overdue = to('U0WORKERC', ':record:overdue');
    expect(overdue.text).toBe('Mae cofnod goruchwyliaeth grŵp North yn hwyr');
    expect(overdue.view.data.text).toBe('Roedd yn ddyledus erbyn Maw 17 Tach 2026 23:59. Mae eich goruchwyliwr wedi cael gwybod.');
    // The supervisor, in English, word for word as before.
    const supervisor = to('U0SUPERV1', ':record:overdue:supervisor');
    expect(supervisor.text).toBe('A group supervision record is overdue');
    expect(supervisor.view.data.text).toMatch(
      /^Social Worker C has not recorded North's .* of Tue 10 Nov 2026 10:00, due by Tue 17 Nov 2026 23:59\. You are told as their supervisor\.$/,
    );
    // The team's latest session cancelled: a Welsh-speaking supervisor rebooks it from a form in Welsh.
    const latest = await store.db
      .selectFrom('supervision_session')
      .select('id')
      .where('kind', '=', 'group')
      .orderBy('starts_at', 'desc')
      .executeTakeFirstOrThrow();
    await store.db.updateTable('supervision_session').set({ status: 'cancelled' }).where('id', '=', latest.id).execute();
    const rebook = await runAction(context, { ...people.supervisor!, language: 'cy' }, 'group.rebook-form', { sessionId: latest.id });
    expect(rebook.view).toMatchObject({ card: 'group-rebook', speech: 'cy' });
    expect(rebook.view.data.intro).toMatch(
      /Cafodd .* North ar \S+ \d+ \S+ 2026 10:00 ei chanslo\. Mae dyddiad newydd yn cymryd ei lle, gyda rota wedi'i dewis eto\./,
    );
    expect(rebook.view.data.intro).not.toMatch(/was cancelled|A new date/);
  });

  it('nudges a Welsh-speaking member short of group supervision in Welsh, and their English-speaking supervisor in English', async () => {
    // Cafcass: at least once a quarter; Q4's nudge goes on Wed 16 Dec. Nobody has attended.
    const setup = await flowSetup(database, { policy: 'cafcass', directory: groupDirectory('established'), at: '2026-12-01T10:00:00Z' });
    const { store, clock, people } = setup;
    const context = offeringChoice(setup.context);
    await store.db.updateTable('person').set({ language: 'cy' }).where('id', '=', people.f!.id).execute();
    await setUpGroup(context, people.supervisor!, '2027-01-12');
    const sweeper = new Sweeper(store.db, clock, sweepProviders(context));
    for (const iso of ['2026-12-01T10:01:00Z', '2026-12-16T09:00:00Z']) {
      clock.advance(Date.parse(iso) - clock.now().getTime());
      await sweeper.sweepOnce();
      await sweeper.sweepOnce();
    }
    const nudges = (await store.db.selectFrom('outbox').select(['conversation', 'idempotency_key', 'payload']).orderBy('id').execute()).filter((row) =>
      row.idempotency_key.startsWith('group-attendance:'),
    );
    const to = (conversation: string) =>
      nudges.find((row) => row.conversation === conversation && !row.idempotency_key.includes(':supervisor:'))!.payload as { text: string; view: View };
    const supervisor = nudges.find((row) => row.conversation === 'U0SUPERV1' && row.idempotency_key.includes(':supervisor:'))!.payload as {
      text: string;
      view: View;
    };
    expect(to('U0WORKERF').text).toBe('Goruchwyliaeth grŵp: nid ydych wedi mynychu un y chwarter hwn');
    expect(to('U0WORKERF').view).toMatchObject({ speech: 'cy', data: { title: 'Goruchwyliaeth grŵp y chwarter hwn' } });
    expect(to('U0WORKERF').view.data.text).toMatch(
      /^Rydych wedi mynychu 0 y chwarter hwn, sy'n dod i ben ar Iau 31 Rhag 2026; mae polisi .* yn gofyn i bawb fynychu o leiaf unwaith y chwarter\. .* Mae eich goruchwyliwr yn gweld hyn hefyd\.$/,
    );
    expect(to('U0WORKERC').text).toBe('Group supervision: you have not attended one this quarter');
    expect(supervisor.text).toMatch(/^Group supervision: \d+ of your supervisees have not attended this quarter$/);
    expect(supervisor.view.data.facts).toContainEqual({ title: 'Social Worker F', value: '0 attended' });
  });
});
