// Raising, routing, accepting and escalating a trigger, on both databases, with the clock moved by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { runAction } from '../../src/flows/router.js';
import { storeRaisesTogether, type StoredRaise } from '../../src/flows/triggers.js';
import { serialised } from '../../src/store/compiledOnce.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Head Of Practice,senior-manager,North,,,,U0HEAD0001
service@example.org,Service Manager E,manager,North,head@example.org,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
cover@example.org,Cover Supervisor D,supervisor,North,service@example.org,,,U0COVER01
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
other@example.org,Social Worker F,practitioner,North,supervisor@example.org,established,2024-01-08,U0OTHER01
`;
const REQUEST = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const form = (overrides: Record<string, unknown> = {}) => ({
  triggerId: 'harm-or-risk',
  requestId: REQUEST,
  caseReference: 'CF-204518',
  urgency: 'urgent',
  experience: 'A new allegation was made at the visit today.',
  goal: 'Agree whether to refer to the local authority today.',
  availability: 'This afternoon',
  ...overrides,
});

describe.each(databases)('triggers on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup() {
    store = await database.open();
    // Monday 23 November 2026, 10:00 London time.
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const cafcass = pack('cafcass');
    const result = await importDirectory({ db: store.db, pack: cafcass.pack, fileName: 'staff.csv', text: directory, now: clock.now() });
    expect(result.ok).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const cover = people.cover!;
    await store.db.updateTable('supervision_relationship').set({ cover_supervisor_id: cover.id }).where('supervisee_id', '=', people.worker!.id).execute();
    const context: FlowContext = { db: store.db, pack: cafcass.pack, calendar: cafcass.calendar, clock };
    const sweeper = new Sweeper(store.db, clock, [escalationProvider(context)]);
    const request = () => store.db.selectFrom('trigger_request').selectAll().where('id', '=', REQUEST).executeTakeFirstOrThrow();
    const outbox = () => store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('id').execute();
    return { clock, context, people, sweeper, request, outbox };
  }

  it('sends a risk-of-harm trigger to the supervisor with 4 working hours to accept', async () => {
    const { context, people, request, outbox } = await setup();
    const result = await runAction(context, people.worker!, 'raise.submit', form());
    expect(result.view.card).toBe('trigger-status');
    expect(result.view.data.title).toBe('Sent to Practice Supervisor B');
    expect(await request()).toMatchObject({
      state: 'waiting',
      assigned_to: people.supervisor!.id,
      urgency: 'urgent',
      case_reference: 'CF-204518',
      escalation_level: 0,
    });
    expect((await request()).respond_by?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    const messages = await outbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ conversation: 'U0SUPERV1', payload: { view: { card: 'trigger-request', data: { requestId: REQUEST } } } });
    // Its history and its audit entry are stored with it.
    expect(await store.db.selectFrom('trigger_event').select(['trigger_request_id', 'from_state', 'to_state', 'detail']).execute()).toEqual([
      {
        trigger_request_id: REQUEST,
        from_state: null,
        to_state: 'waiting',
        detail: { assignedTo: people.supervisor!.id, level: 0, experience: form().experience, goal: form().goal, availability: form().availability },
      },
    ]);
    expect(await store.db.selectFrom('audit_log').select(['actor_id', 'object_id', 'detail']).where('action', '=', 'trigger.raise').execute()).toEqual([
      { actor_id: people.worker!.id, object_id: REQUEST, detail: { assignedTo: people.supervisor!.id } },
    ]);
  });

  it('answers a bad case reference, empty fields and too low an urgency by their fields, storing nothing', async () => {
    const { context, people, outbox } = await setup();
    const result = await runAction(context, people.worker!, 'raise.submit', form({ caseReference: 'the boy at no. 4', experience: ' ', urgency: 'routine' }));
    expect(result.view.card).toBe('raise-form');
    expect(result.fieldErrors).toEqual({
      caseReference: "That is not a ChildFirst case reference. It looks like CF-204518. Never type a child's name here.",
      urgency: 'For this trigger the urgency cannot be lower than urgent.',
      experience: 'Say briefly what happened.',
    });
    expect((result.view.data.values as Record<string, string>).goal).toBe(form().goal);
    expect(await store.db.selectFrom('trigger_request').selectAll().execute()).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('ignores a second press of Send', async () => {
    const { context, people, outbox } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    const again = await runAction(context, people.worker!, 'raise.submit', form());
    expect(again.view.data.title).toBe('Already sent');
    expect(await store.db.selectFrom('trigger_request').selectAll().execute()).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });

  it('stores one request of two presses of Send at once, and tells the other press it was sent', async () => {
    const { context, people, outbox } = await setup();
    const titles = (await Promise.all([1, 2].map(() => runAction(context, people.worker!, 'raise.submit', form())))).map((result) => result.view.data.title);
    expect(titles.sort()).toEqual(['Already sent', 'Sent to Practice Supervisor B']);
    expect(await store.db.selectFrom('trigger_request').selectAll().execute()).toHaveLength(1);
    expect(await store.db.selectFrom('trigger_event').selectAll().execute()).toHaveLength(1);
    expect(await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'trigger.raise').execute()).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });

  it('stores raises sent at the same moment each with its own history, audit entry and message, and tells a second press it was sent', async () => {
    const { context, people, outbox } = await setup();
    const ids = ['4a2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', '5b2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c', '6c2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c'];
    const sends = [
      [people.worker!, form()],
      [people.worker!, form({ requestId: ids[0], caseReference: 'CF-100001' })],
      [people.other!, form({ requestId: ids[1], caseReference: 'CF-100002' })],
      [people.worker!, form({ requestId: ids[0], caseReference: 'CF-100001' })],
      [people.other!, form({ requestId: ids[2], triggerId: 'voluntary', urgency: 'routine', caseReference: 'CF-100003' })],
    ] as const;
    const titles = await Promise.all(sends.map(async ([actor, input]) => (await runAction(context, actor, 'raise.submit', input)).view.data.title));
    expect(titles.filter((title) => title === 'Sent to Practice Supervisor B')).toHaveLength(4);
    expect(titles.filter((title) => title === 'Already sent')).toHaveLength(1);
    const requests = await store.db
      .selectFrom('trigger_request')
      .select(['id', 'practitioner_id', 'case_reference', 'trigger_id', 'assigned_to'])
      .orderBy('id')
      .execute();
    expect(requests).toEqual([
      { id: REQUEST, practitioner_id: people.worker!.id, case_reference: 'CF-204518', trigger_id: 'harm-or-risk', assigned_to: people.supervisor!.id },
      { id: ids[0], practitioner_id: people.worker!.id, case_reference: 'CF-100001', trigger_id: 'harm-or-risk', assigned_to: people.supervisor!.id },
      { id: ids[1], practitioner_id: people.other!.id, case_reference: 'CF-100002', trigger_id: 'harm-or-risk', assigned_to: people.supervisor!.id },
      { id: ids[2], practitioner_id: people.other!.id, case_reference: 'CF-100003', trigger_id: null, assigned_to: people.supervisor!.id },
    ]);
    const history = await store.db.selectFrom('trigger_event').select('trigger_request_id').orderBy('trigger_request_id').execute();
    expect(history.map((event) => event.trigger_request_id)).toEqual(requests.map((request) => request.id));
    const audit = await store.db.selectFrom('audit_log').select(['object_id', 'actor_id']).where('action', '=', 'trigger.raise').orderBy('object_id').execute();
    expect(audit).toEqual(requests.map((request) => ({ object_id: request.id, actor_id: request.practitioner_id })));
    const messages = await outbox();
    expect(messages.map((each) => (each.payload as { view: { data: { requestId: string } } }).view.data.requestId).sort()).toEqual(
      requests.map((request) => request.id),
    );
    expect(new Set(messages.map((each) => each.conversation))).toEqual(new Set(['U0SUPERV1']));
  });

  it('stores several raises in one statement as it stores one alone, and nothing for a request id stored before', async () => {
    const { people } = await setup();
    // The cover supervisor has no chat the bot can reach: their request is stored, with no message queued.
    await store.db.deleteFrom('chat_identity').where('person_id', '=', people.cover!.id).execute();
    const at = new Date('2026-11-23T10:00:00Z');
    const raise = (requestId: string, overrides: Partial<StoredRaise> = {}): StoredRaise => ({
      requestId,
      now: at,
      actorId: people.worker!.id,
      triggerId: 'harm-or-risk',
      caseReference: `CF-${requestId.padStart(6, '0')}`,
      urgency: 'urgent',
      assignedTo: people.supervisor!.id,
      level: 0,
      respondBy: new Date('2026-11-23T14:00:00Z'),
      eventDetail: serialised({ experience: `what happened to ${requestId}, "quoted" \\ and {braced}` }),
      auditDetail: serialised({ assignedTo: people.supervisor!.id }),
      noticeKey: `trigger:${requestId}:assigned`,
      notice: serialised({ text: `case ${requestId}` }),
      ...overrides,
    });
    expect(await storeRaisesTogether(store.db, [raise('1')])).toEqual([true]);
    expect(
      await storeRaisesTogether(store.db, [
        raise('2', { actorId: people.other!.id, urgency: 'routine', triggerId: null }),
        raise('1'),
        raise('3', { assignedTo: people.cover!.id, level: 1 }),
        raise('2'),
      ]),
    ).toEqual([true, false, true, false]);
    // Every column of every row written, the one raise stored alone and the two stored together alike.
    const rows = async (table: 'trigger_request' | 'trigger_event' | 'audit_log' | 'outbox') =>
      (await store.db.selectFrom(table).selectAll().orderBy('id').execute()).map((row: Record<string, unknown>) => {
        const { id, version, ...rest } = row;
        return table === 'trigger_request' ? { id, ...rest } : rest;
      });
    const stored = [
      raise('1'),
      raise('2', { actorId: people.other!.id, urgency: 'routine', triggerId: null }),
      raise('3', { assignedTo: people.cover!.id, level: 1 }),
    ];
    expect(await rows('trigger_request')).toEqual(
      stored.map((each) => ({
        id: each.requestId,
        organisation_id: 'default',
        practitioner_id: each.actorId,
        trigger_id: each.triggerId,
        case_reference: each.caseReference,
        urgency: each.urgency,
        state: 'waiting',
        assigned_to: each.assignedTo,
        escalation_level: each.level,
        respond_by: each.respondBy,
        raised_at: at,
        updated_at: at,
        record_remind_at: null,
        record_due_at: null,
        record_draft: null,
        recorder_id: null,
      })),
    );
    expect(await rows('trigger_event')).toEqual(
      stored.map((each) => ({
        trigger_request_id: each.requestId,
        at,
        actor_id: each.actorId,
        from_state: null,
        to_state: 'waiting',
        detail: { experience: `what happened to ${each.requestId}, "quoted" \\ and {braced}` },
      })),
    );
    expect((await rows('audit_log')).filter((entry) => entry.action === 'trigger.raise')).toEqual(
      stored.map((each) => ({
        at,
        actor_id: each.actorId,
        action: 'trigger.raise',
        object_type: 'trigger_request',
        object_id: each.requestId,
        detail: { assignedTo: people.supervisor!.id },
      })),
    );
    expect(await rows('outbox')).toEqual(
      stored.slice(0, 2).map((each) => ({
        idempotency_key: `trigger:${each.requestId}:assigned`,
        platform: 'slack',
        conversation: 'U0SUPERV1',
        payload: { text: `case ${each.requestId}` },
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        claimed_by: null,
        claimed_until: null,
        last_error: null,
        created_at: at,
        sent_at: null,
        // A request for supervision goes before reminders and notices.
        priority: 0,
      })),
    );
  });

  it("refuses someone else's request id, and says it was sent even when nobody could take it now", async () => {
    const { context, people, outbox } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    expect((await runAction(context, people.other!, 'raise.submit', form())).view.data.title).toBe("This isn't yours to act on");
    await store.db.updateTable('supervision_relationship').set({ ended_on: '2026-11-23' }).where('supervisee_id', '=', people.worker!.id).execute();
    expect((await runAction(context, people.worker!, 'raise.submit', form())).view.data.title).toBe('Already sent');
    expect((await runAction(context, people.worker!, 'raise.submit', form({ requestId: '9f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c' }))).view.data.title).toBe(
      'Nobody to send this to',
    );
    expect(await store.db.selectFrom('trigger_request').select('practitioner_id').execute()).toEqual([{ practitioner_id: people.worker!.id }]);
    expect(await outbox()).toHaveLength(1);
  });

  it('goes to the cover supervisor when the supervisor is recorded as away', async () => {
    const { context, people, request } = await setup();
    await store.db
      .insertInto('absence')
      .values({ id: 'a1', person_id: people.supervisor!.id, from_date: '2026-11-20', to_date: '2026-11-27', recorded_by: people.service!.id })
      .execute();
    await runAction(context, people.worker!, 'raise.submit', form());
    expect(await request()).toMatchObject({ assigned_to: people.cover!.id, escalation_level: 1 });
  });

  it('lets exactly one of two racing supervisors accept, tells the other, and refuses anyone else', async () => {
    const { clock, context, people, sweeper, request } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    // Nobody answers by 14:00: it escalates to the cover supervisor, and both may now accept.
    clock.advance(4 * 60 * 60_000 + 60_000);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 1 });
    expect(await request()).toMatchObject({ assigned_to: people.cover!.id, escalation_level: 1 });

    const stranger = await runAction(context, people.other!, 'trigger.accept', { requestId: REQUEST });
    expect(stranger.view.data.title).toBe("This isn't yours to act on");

    const [first, second] = await Promise.all([
      runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST }),
      runAction(context, people.cover!, 'trigger.accept', { requestId: REQUEST }),
    ]);
    const titles = [first.view.data.title, second.view.data.title];
    expect(titles.filter((title) => title === 'You accepted this request')).toHaveLength(1);
    expect(titles.filter((title) => title === 'Someone else has it')).toHaveLength(1);
    const accepted = await request();
    expect(accepted.state).toBe('accepted');
    const winner = first.view.data.title === 'You accepted this request' ? people.supervisor! : people.cover!;
    expect(accepted.assigned_to).toBe(winner.id);

    const doubleClick = await runAction(context, winner, 'trigger.accept', { requestId: REQUEST });
    expect(doubleClick.view.data.title).toBe('Already accepted');
    // No escalation after acceptance, however late it gets.
    clock.advance(7 * 24 * 60 * 60_000);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 0 });
  });

  it('climbs the whole chain, telling everyone, then alerts the safeguarding lead once', async () => {
    const { clock, context, people, sweeper, request, outbox } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    const assigned: (string | null)[] = [];
    for (let step = 0; step < 6; step += 1) {
      clock.advance(2 * 24 * 60 * 60_000);
      await sweeper.sweepOnce();
      assigned.push((await request()).assigned_to);
    }
    // Cafcass chain: cover supervisor, service manager (line manager 1 up), head of practice (2 up); then the lead.
    expect(assigned.slice(0, 3)).toEqual([people.cover!.id, people.service!.id, people.head!.id]);
    expect((await request()).respond_by).toBeNull();
    const keys = (await outbox()).map((message) => message.idempotency_key);
    expect(keys.filter((key) => key.includes(':safeguarding:'))).toEqual([`trigger:${REQUEST}:safeguarding:${people.head!.id}`]);
    expect(keys.filter((key) => key.endsWith(':practitioner'))).toHaveLength(3);
    expect(keys.filter((key) => key.endsWith(':previous'))).toHaveLength(3);
    // Nothing in any message names a child: only the case reference.
    expect(JSON.stringify(await outbox())).toContain('CF-204518');
  });
  it('lets the supervisor reassign a request with a reason; the new person gets a fresh response time', async () => {
    const { clock, context, people, request, outbox } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    const refused = await runAction(context, people.cover!, 'trigger.reassign-form', { requestId: REQUEST });
    expect(refused.view.data.title).toBe("This isn't yours to act on");
    const formView = await runAction(context, people.supervisor!, 'trigger.reassign-form', { requestId: REQUEST });
    const choices = (formView.view.data.people as { title: string }[]).map((person) => person.title);
    expect(choices).toEqual(['Cover Supervisor D (supervisor)', 'Head Of Practice (senior-manager)', 'Service Manager E (manager)']);
    const noReason = await runAction(context, people.supervisor!, 'trigger.reassign', { requestId: REQUEST, to: people.cover!.id, reason: '' });
    expect(noReason.fieldErrors).toEqual({ reason: 'Give the reason.' });
    clock.advance(60 * 60_000); // 11:00
    const moved = await runAction(context, people.supervisor!, 'trigger.reassign', {
      requestId: REQUEST,
      to: people.cover!.id,
      reason: 'I am in court all day.',
    });
    expect(moved.view.data.title).toBe('Passed to Cover Supervisor D');
    const row = await request();
    expect(row.assigned_to).toBe(people.cover!.id);
    expect(row.respond_by?.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    const keys = (await outbox()).map((message) => message.conversation);
    expect(keys).toEqual(['U0SUPERV1', 'U0COVER01', 'U0WORKER1']);
    // The old supervisor can no longer pass it on; the cover supervisor can accept it.
    expect((await runAction(context, people.supervisor!, 'trigger.reassign-form', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
    expect((await runAction(context, people.cover!, 'trigger.accept', { requestId: REQUEST })).view.data.title).toBe('You accepted this request');
  });

  it('records an absence with /supervision away, and requests then go to the cover supervisor', async () => {
    const { context, people, request } = await setup();
    const { runCommand } = await import('../../src/flows/router.js');
    const bad = await runCommand(context, people.supervisor!, 'away 2026-11-30 2026-11-20');
    expect(bad.view.data.text).toBe('I could not read that: TO must be on or after FROM. Nothing was recorded.');
    const short = await runCommand(context, people.supervisor!, 'away tomorrow');
    expect(short.view.data.text).toContain('write away FROM TO, e.g. away 2026-12-21 2026-12-24');
    const wrong = await runCommand(context, people.supervisor!, 'away tomorrow 2026-12-01');
    expect(wrong.view.data.text).toContain("FROM 'tomorrow' is not a date; use YYYY-MM-DD");
    expect(await store.db.selectFrom('absence').selectAll().execute()).toEqual([]);
    const ok = await runCommand(context, people.supervisor!, '/supervision away 2026-11-23 2026-11-27');
    expect(ok.view.data.text).toContain('You are away from Mon 23 Nov 2026 to Fri 27 Nov 2026.');
    await runAction(context, people.worker!, 'raise.submit', form());
    expect((await request()).assigned_to).toBe(people.cover!.id);
  });
  it('accepts by proposing a time, which the practitioner is told; the record counts from then', async () => {
    const { context, people, request, outbox } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    const past = await runAction(context, people.supervisor!, 'trigger.propose', { requestId: REQUEST, date: '2026-11-23', time: '09:00', note: '' });
    expect(past.fieldErrors).toEqual({ date: 'Choose a date and time from now on.' });
    const proposed = await runAction(context, people.supervisor!, 'trigger.propose', {
      requestId: REQUEST,
      date: '2026-11-23',
      time: '13:00',
      note: 'Small meeting room.',
    });
    expect(proposed.view.data.text).toBe('Social Worker C has been told you will talk on Mon 23 Nov 2026 13:00. Afterwards, record the discussion here.');
    const row = await request();
    expect(row.state).toBe('accepted');
    // Risk of harm is significant: recorded within 24 hours of the talk at 13:00.
    expect(row.record_due_at?.toISOString()).toBe('2026-11-24T13:00:00.000Z');
    const told = (await outbox()).find((message) => message.idempotency_key === `trigger:${REQUEST}:accepted`)!;
    expect((told.payload as { view: { data: { text: string } } }).view.data.text).toBe('They will talk to you on Mon 23 Nov 2026 13:00. Small meeting room.');
  });

  it('lets the supervisor record straight away after talking, which accepts the request', async () => {
    const { context, people, request } = await setup();
    await runAction(context, people.worker!, 'raise.submit', form());
    expect((await runAction(context, people.cover!, 'record.open', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
    const opened = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
    expect(opened.view.card).toBe('record');
    expect((await request()).state).toBe('accepted');
  });
});

describe('asking for a different supervisor (Cumberland 12)', () => {
  let store: Store;
  afterEach(async () => store?.close());

  it('offers the choice only where the pack allows it; with nothing agreed yet, the request goes to the own supervisor and the ask is offered', async () => {
    store = await databases[0]!.open();
    const clock = new FakeClock('2026-11-23T10:00:00Z');
    const cumberland = pack('cumberland');
    const text = directory.replaceAll('established', 'staff');
    expect((await importDirectory({ db: store.db, pack: cumberland.pack, fileName: 'staff.csv', text, now: clock.now() })).ok).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: cumberland.pack, calendar: cumberland.calendar, clock };
    const triggerId = Object.keys(cumberland.pack.triggers)[0]!;
    const formView = await runAction(context, people.worker!, 'raise.form', { triggerId });
    expect(formView.view.card, JSON.stringify(formView.view.data)).toBe('raise-form');
    const others = formView.view.data.others as { title: string; value: string }[];
    expect(others.map((other) => other.title)).toEqual([
      'My own supervisor',
      'Cover Supervisor D, to ask for',
      'Head Of Practice, to ask for',
      'Service Manager E, to ask for',
    ]);
    const raised = await runAction(context, people.worker!, 'raise.submit', {
      ...form({ triggerId, caseReference: 'EHM-123456', urgency: cumberland.pack.triggers[triggerId]!.urgency }),
      askInstead: people.cover!.id,
    });
    expect(raised.view).toMatchObject({ card: 'different-supervisor-ask', data: { values: { other: people.cover!.id, endsOn: '' } } });
    expect(raised.view.data.intro).toMatch(/^Sent to Practice Supervisor B, your own supervisor: you and Cover Supervisor D have no arrangement agreed yet\./);
    const event = await store.db.selectFrom('trigger_event').select('detail').executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({ assignedTo: people.supervisor!.id });
    expect(event.detail).not.toHaveProperty('askedInstead');

    // Cafcass has no such rule: no choice is offered.
    const cafcass = pack('cafcass');
    const cafcassForm = await runAction({ ...context, pack: cafcass.pack, calendar: cafcass.calendar }, people.worker!, 'raise.form', {
      triggerId: 'harm-or-risk',
    });
    expect(cafcassForm.view.data.others).toEqual([]);
  });
});
