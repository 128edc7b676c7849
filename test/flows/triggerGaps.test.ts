// Trigger-side rules of the seeds, through the chat flows, on both databases: who records an informal
// decision (Bexley standard four), who reads the records when supervision moves (Bexley standard four), what
// an audit's supervision is recorded on and by when (Cumberland 4), and the ways in chat for a supervisor to
// raise what the seeds ask them to raise.
//
// Every expected value is written out from reading the seed (or the pack's marked local choice), never read
// from the pack. Times are London time; working hours 09:00 to 17:00, Monday to Friday.
import { describe, expect, it } from 'vitest';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { recordDeadlineProvider } from '../../src/flows/recordDeadlines.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

type Facts = { title: string; value: string }[];
const factOf = (facts: unknown, title: string) => (facts as Facts).find((fact) => fact.title === title)?.value;
const labelsOf = (view: { data: Record<string, unknown> }) => (view.data.fields as { label: string }[]).map((field) => field.label);

const REQUEST = '5e1c2d3a-4b5c-4d6e-8f70-8192a3b4c5d6';
const SECOND = '8b4f5a6d-7e8f-4a91-b2a3-b4c5d6e7f809';

/** Cumberland: Social Worker C, supervised by Team Manager T, whose manager is Service Manager S (under Senior Manager H). */
const cumberlandDirectory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Senior Manager H,senior-manager,North,,,,U0HEAD0001
service@example.org,Service Manager S,manager,North,head@example.org,,,U0SERVICE1
supervisor@example.org,Team Manager T,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,staff,2024-01-08,U0WORKER1
`;

/** Bexley: Social Worker C, supervised by Practice Manager P, whose manager is Team Manager T, under Service Manager S. */
const bexleyDirectory = (workerSupervisor = 'supervisor') => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Service Manager S,senior-manager,North,,,,U0HEAD0001
service@example.org,Team Manager T,manager,North,head@example.org,,,U0SERVICE1
supervisor@example.org,Practice Manager P,supervisor,North,service@example.org,,,U0SUPERV1
newsupervisor@example.org,Practice Manager N,supervisor,North,service@example.org,,,U0NEWSUP1
other@example.org,Practice Manager O,supervisor,South,head@example.org,,,U0OTHER01
worker@example.org,Social Worker C,practitioner,North,${workerSupervisor}@example.org,case-holder,2024-01-08,U0WORKER1
`;

/** What the outbox holds for `key`, or undefined. */
const sentFor = async (setup: FlowSetup, key: string) =>
  (await setup.store.db.selectFrom('outbox').select(['conversation', 'payload']).where('idempotency_key', '=', key).executeTakeFirst()) as
    { conversation: string; payload: { text: string; view: { card: string; data: Record<string, unknown> } } } | undefined;

/** The supervisor writes the record card, every field filled, and the practitioner signs it. */
async function recordAndSign(setup: FlowSetup, recorder: string, requestId: string, extra: Record<string, string> = {}) {
  const { context, people, store } = setup;
  const open = await runAction(context, people[recorder]!, 'record.open', { requestId });
  expect(open.view.card, JSON.stringify(open.view.data)).toBe('record');
  const values = { ...recordValues(open.view, { caseReference: '', actionDue: '2026-12-18' }), ...extra };
  const saved = await runAction(context, people[recorder]!, 'record.save', values);
  expect(saved.view.data.title, JSON.stringify(saved.fieldErrors ?? saved.view.data)).toBe('Sent to Social Worker C to sign');
  const record = await store.db.selectFrom('record').selectAll().where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
  expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
  return record;
}

describe.each(databases)('trigger gaps of the seeds, through chat, on $name', (database) => {
  describe('Cumberland (seed 001), section 4', () => {
    it("cumberland: an audit of the child is discussed in child and family supervision, recorded on the child's Signs of Safety record with its findings and actions", async () => {
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory });
      const { context, people } = setup;
      await raise(context, people.worker!, REQUEST, { triggerId: 'audit', caseReference: 'EHM-204518', urgency: 'routine' });
      expect((await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST })).view.data.title).toBe('You accepted this request');
      const open = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
      // "Discussed within supervision and associated actions discussed, recorded and progressed": the child and
      // family record, which begins with the actions agreed before and has a place for the audit's findings.
      expect(open.view.data.title).toBe('Record of supervision: Child and family supervision (Signs of Safety)');
      expect(labelsOf(open.view)).toContain('Audit findings and associated actions (optional)');
      expect(labelsOf(open.view)).toContain('What are the worries?');
      const record = await recordAndSign(setup, 'supervisor', REQUEST, {
        'f.audit': 'the audit found the plan lacked timescales; timescales to be added.',
      });
      expect(record).toMatchObject({ model: 'signs-of-safety', stored_on: 'child-record', case_reference: 'EHM-204518' });
      const caseFile = await sentFor(setup, `record:${record.id}:signed`);
      expect(caseFile!.conversation).toBe('U0SUPERV1');
      const text = caseFile!.payload.view.data.text as string;
      expect(text).toContain('Case reference: EHM-204518');
      expect(text).toContain('the audit found the plan lacked timescales; timescales to be added.');
      const actions = await setup.store.db.selectFrom('action_item').select(['description', 'case_reference']).execute();
      expect(actions).toEqual([{ description: 'Follow up what was agreed', case_reference: 'EHM-204518' }]);
    });

    it("cumberland: a manager records management oversight on a child's record in chat, on new information, signing off work, transfer or closure, or a decision outside supervision; the supervisee is told", async () => {
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory });
      const { context, people } = setup;
      const [worker, supervisor] = [people.worker!, people.supervisor!];
      expect(((await runCommand(context, worker, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id)).not.toContain(
        'manager-oversight',
      );
      const form = await runAction(context, supervisor, 'raise.form', { triggerId: 'manager-oversight' });
      expect(form.view.card).toBe('supervisor-raise');
      const requestId = form.view.data.requestId as string;
      const started = await runAction(context, supervisor, 'supervisor-raise.submit', {
        triggerId: 'manager-oversight',
        requestId,
        supervisee: worker.id,
        caseReference: 'EHM-204518',
        text: 'A new referral came in today; I have decided the next step.',
      });
      expect(started.view.data.buttons).toEqual([{ title: 'Record the discussion', verb: 'record.open' }]);
      expect((await sentFor(setup, `trigger:${requestId}:started`))!.conversation).toBe('U0WORKER1');
      const open = await runAction(context, supervisor, 'record.open', { requestId });
      expect(open.view.data.title).toBe('Record of supervision: Management oversight');
      const occasion = (open.view.data.fields as { label: string; options: { value: string }[] }[]).find(
        (field) => field.label === 'What prompted the oversight',
      );
      expect(occasion!.options.map((option) => option.value)).toEqual(
        expect.arrayContaining([
          'New information, such as a new contact or referral',
          'Signing off work (assessment, minutes, plan)',
          'Agreeing transfer or closure',
          'Decision or guidance outside supervision',
        ]),
      );
      const record = await recordAndSign(setup, 'supervisor', requestId);
      expect(record).toMatchObject({ model: 'management-oversight', stored_on: 'child-record', case_reference: 'EHM-204518', author_id: supervisor.id });
    });

    it('cumberland: the child and family record asks to be written jargon free, in easy language, with acronyms kept to a minimum', async () => {
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory });
      const { context, people } = setup;
      await raise(context, people.worker!, REQUEST, { triggerId: 'audit', caseReference: 'EHM-204518', urgency: 'routine' });
      await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
      const open = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
      const first = (open.view.data.fields as { label: string; help: string }[]).find((field) => field.label === 'Key dates of recent visits and meetings');
      expect(first?.help).toBe('Write this record jargon free, in easy language, with acronyms kept to a minimum.');
    });

    it("cumberland: a child and family supervision's record is due on the child's file within 72 clock hours, and when they end on a Saturday the reminder comes on the Friday", async () => {
      // Wednesday 25 November 2026, 15:00: 72 hours end on Saturday 28 November at 15:00, not 3 working days later.
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory, at: '2026-11-25T15:00:00Z' });
      const { context, people, clock, store } = setup;
      await raise(context, people.worker!, REQUEST, { triggerId: 'audit', caseReference: 'EHM-204518', urgency: 'routine' });
      await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
      const open = await runAction(context, people.supervisor!, 'record.open', { requestId: REQUEST });
      expect(open.view.data.title).toBe('Record of supervision: Child and family supervision (Signs of Safety)');
      expect(factOf(open.view.data.facts, 'Record due')).toBe('Sat 28 Nov 2026 15:00 (72 hours)');

      const sweeper = new Sweeper(store.db, clock, [recordDeadlineProvider(context)]);
      const sweepAt = async (iso: string) => {
        clock.advance(Date.parse(iso) - clock.now().getTime());
        await sweeper.sweepOnce();
        await sweeper.sweepOnce();
        return (await store.db.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'like', 'record-due:%').orderBy('id').execute()).map(
          (row) => row.idempotency_key.split(':').slice(-2).join(':'),
        );
      };
      expect(await sweepAt('2026-11-26T16:00:00Z')).toEqual([]);
      expect(await sweepAt('2026-11-27T09:00:00Z')).toEqual(['reminder:supervisor']);
      const reminder = await store.db
        .selectFrom('outbox')
        .select('payload')
        .where('idempotency_key', 'like', 'record-due:%:reminder:supervisor')
        .executeTakeFirstOrThrow();
      expect((reminder.payload as { view: { data: { text: string } } }).view.data.text).toBe(
        'Record it by Sat 28 Nov 2026 15:00. That is not a working day, so record it before you finish on Fri 27 Nov 2026.',
      );
      // Overdue at Saturday 15:00; told on the next working day, Monday morning.
      expect(await sweepAt('2026-11-30T09:00:00Z')).toEqual(['reminder:supervisor', 'overdue:supervisor', 'overdue:manager']);
    });
    it('cumberland: a supervisee not getting the supervision they need raises it with their supervisor first, and when no progress is made after the answer, takes it to their Service Manager, who sees that nothing has been held or booked since', async () => {
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory });
      const { context, people, store, clock } = setup;
      const [worker, teamManager, serviceManager] = [people.worker!, people.supervisor!, people.service!];
      const sent = await raise(context, worker, REQUEST, {
        triggerId: 'supervision-not-enough',
        caseReference: 'EHM-204518',
        urgency: 'routine',
        experience: 'My case supervision keeps being cancelled.',
        goal: 'Regular supervision of my cases.',
      });
      // First with the supervisor.
      expect(sent.view.data.title).toBe('Sent to Team Manager T');
      expect((await runAction(context, worker, 'trigger.no-progress', { requestId: REQUEST })).view.data.title).toBe('Your supervisor has not answered yet');
      await runAction(context, teamManager, 'trigger.accept', { requestId: REQUEST });
      const answer = await sentFor(setup, `trigger:${REQUEST}:accepted`);
      expect(answer!.conversation).toBe('U0WORKER1');
      expect(answer!.payload.view.data.buttons).toEqual([{ title: 'No progress: ask the service manager', verb: 'trigger.no-progress' }]);

      // Two weeks on, nothing has been held or booked: the supervisee takes it to the Service Manager.
      clock.advance(14 * 24 * 3600_000);
      expect((await runAction(context, teamManager, 'trigger.no-progress', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
      const further = await runAction(context, worker, 'trigger.no-progress', { requestId: REQUEST });
      expect(further.view.data.title).toBe('Sent to Service Manager S');
      expect(factOf(further.view.data.facts, 'Urgency')).toBe('routine: answer by Wed 9 Dec 2026 10:00');
      const second = await store.db.selectFrom('trigger_request').selectAll().where('id', '!=', REQUEST).executeTakeFirstOrThrow();
      expect(second).toMatchObject({ practitioner_id: worker.id, assigned_to: serviceManager.id, state: 'waiting', case_reference: 'EHM-204518' });
      const card = await sentFor(setup, `trigger:${second.id}:assigned:${second.escalation_level}:${serviceManager.id}`);
      expect(card!.conversation).toBe('U0SERVICE1');
      expect(card!.payload.view.data.escalationNote).toBe(
        'Sent to you as service manager: Social Worker C raised this with Team Manager T on Mon 23 Nov 2026 10:00, who answered on Mon 23 Nov 2026 10:00, and says no progress has been made.',
      );
      expect(factOf(card!.payload.view.data.facts, 'What they need')).toBe('Regular supervision of my cases.');
      expect(factOf(card!.payload.view.data.facts, 'Held since it was raised')).toBe('None');
      expect(factOf(card!.payload.view.data.facts, 'Booked since it was raised')).toBe('None');
      expect((await sentFor(setup, `trigger:${REQUEST}:no-progress:${teamManager.id}`))!.payload.view.data.title).toBe('Taken to Service Manager S');
      // Once only; and the Service Manager takes it from there.
      expect((await runAction(context, worker, 'trigger.no-progress', { requestId: REQUEST })).view.data.title).toBe('Taken further already');
      expect((await runAction(context, serviceManager, 'trigger.accept', { requestId: second.id })).view.data.title).toBe('You accepted this request');
    });
    it("cumberland: a supervisor who finds a significant gap in service advises the responsible Senior Manager in chat, with the case reference and never a child's name; a practitioner is not offered it", async () => {
      const setup = await flowSetup(database, { policy: 'cumberland', directory: cumberlandDirectory });
      const { context, people, store } = setup;
      const [worker, teamManager, seniorManager] = [people.worker!, people.supervisor!, people.head!];
      const pickOf = async (actor: typeof worker) =>
        ((await runCommand(context, actor, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id);
      expect(await pickOf(teamManager)).toContain('service-gap');
      expect(await pickOf(worker)).not.toContain('service-gap');
      expect((await runAction(context, worker, 'raise.form', { triggerId: 'service-gap' })).view.data.title).toBe("This isn't yours to raise");
      expect((await raise(context, worker, SECOND, { triggerId: 'service-gap', caseReference: 'EHM-204518', urgency: 'routine' })).view.data.title).toBe(
        "This isn't yours to raise",
      );

      const form = await runAction(context, teamManager, 'raise.form', { triggerId: 'service-gap' });
      expect(form.view.card).toBe('raise-form');
      expect(form.view.data.askCaseReference).toBe(true);
      expect(form.view.data.mandatoryNote).toBe(
        'You must ask for supervision in this case: Cumberland supervision framework, section 12, anti-discriminatory/anti-oppressive practice.',
      );
      const gapText = { experience: 'No interpreter service for the family for six weeks.', goal: 'An interpreter service the team can book.' };
      // A name in the text comes back first.
      const named = await raise(context, teamManager, REQUEST, {
        triggerId: 'service-gap',
        caseReference: 'EHM-204518',
        urgency: 'routine',
        ...gapText,
        experience: 'Jayden Smith has had no interpreter.',
      });
      expect(named.view.data.namesFound).toBe(true);
      const sent = await raise(context, teamManager, REQUEST, { triggerId: 'service-gap', caseReference: 'EHM-204518', urgency: 'routine', ...gapText });
      // Section 12: the responsible Senior Manager, above the Service Manager.
      expect(sent.view.data.title).toBe('Sent to Senior Manager H');
      const request = await store.db.selectFrom('trigger_request').selectAll().where('id', '=', REQUEST).executeTakeFirstOrThrow();
      expect(request).toMatchObject({ practitioner_id: teamManager.id, assigned_to: seniorManager.id, case_reference: 'EHM-204518' });
      const card = await sentFor(setup, `trigger:${REQUEST}:assigned:${request.escalation_level}:${seniorManager.id}`);
      expect(card!.conversation).toBe('U0HEAD0001');
      expect(factOf(card!.payload.view.data.facts, 'Case reference')).toBe('EHM-204518');
      expect(factOf(card!.payload.view.data.facts, 'What happened')).toBe('No interpreter service for the family for six weeks.');
      expect(card!.payload.view.data.summary).toBe('Team Manager T asks for supervision: Significant gap in service found.');
    });
  });

  describe('Bexley (seed 004), individual standard three', () => {
    it("bexley: a supervisor reports a supervisee's capability problem to their own line manager in chat, kept on the supervisee's personal file and read only by the supervision line", async () => {
      const setup = await flowSetup(database, { policy: 'bexley', directory: bexleyDirectory() });
      const { context, people, store } = setup;
      const [worker, practiceManager, teamManager, other] = [people.worker!, people.supervisor!, people.service!, people.other!];
      const pick = ((await runCommand(context, practiceManager, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id);
      expect(pick).toEqual(expect.arrayContaining(['capability-concern', 'good-practice']));
      const workerPick = ((await runCommand(context, worker, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id);
      expect(workerPick).not.toContain('capability-concern');
      expect((await runAction(context, worker, 'raise.form', { triggerId: 'capability-concern' })).view.data.title).toBe("This isn't yours to raise");

      const form = await runAction(context, practiceManager, 'raise.form', { triggerId: 'capability-concern' });
      expect(form.view.card).toBe('supervisor-raise');
      expect(form.view.data.supervisees).toEqual([{ title: 'Social Worker C', value: worker.id }]);
      // About no child: no case reference is asked for.
      expect(form.view.data.askCaseReference).toBe(false);
      const requestId = form.view.data.requestId as string;
      const concern = 'Assessments are repeatedly late; I propose a development plan with monthly review.';
      // Only about one's own supervisee.
      const wrong = await runAction(context, practiceManager, 'supervisor-raise.submit', {
        triggerId: 'capability-concern',
        requestId,
        supervisee: other.id,
        text: concern,
      });
      expect(wrong.fieldErrors).toEqual({ supervisee: 'Choose one of the people you supervise.' });
      const sent = await runAction(context, practiceManager, 'supervisor-raise.submit', {
        triggerId: 'capability-concern',
        requestId,
        supervisee: worker.id,
        text: concern,
      });
      // The next line manager: the practice manager's own, Team Manager T.
      expect(sent.view.data.title).toBe('Sent to Team Manager T');
      // The chain's second step (after the covering senior practitioner): the next line manager.
      const card = await sentFor(setup, `trigger:${requestId}:assigned:2:${teamManager.id}`);
      expect(card!.conversation).toBe('U0SERVICE1');
      expect(factOf(card!.payload.view.data.facts, 'What they report')).toBe(concern);
      expect(factOf(card!.payload.view.data.facts, 'Kept on')).toBe("The personal supervision file, not a child's record");
      // Nothing of it goes to the supervisee, nor anywhere but the line manager's own chat.
      const messages = await store.db
        .selectFrom('outbox')
        .select(['conversation', 'payload'])
        .where('idempotency_key', 'like', `trigger:${requestId}:%`)
        .execute();
      expect(messages.map((row) => row.conversation)).toEqual(['U0SERVICE1']);

      expect(
        (
          await runAction(context, practiceManager, 'supervisor-raise.submit', {
            triggerId: 'capability-concern',
            requestId,
            supervisee: worker.id,
            text: concern,
          })
        ).view.data.title,
      ).toBe('Already sent');
      // The line manager accepts, to plan how it is addressed; the practice manager who reported it is told.
      await runAction(context, teamManager, 'trigger.accept', { requestId });
      expect((await sentFor(setup, `trigger:${requestId}:accepted`))!.conversation).toBe('U0SUPERV1');
      const open = await runAction(context, teamManager, 'record.open', { requestId });
      expect(open.view.data.title).toBe('Record of supervision: Supervision record - professional development (part 2)');
      const record = await recordAndSign(setup, 'service', requestId);
      expect(record).toMatchObject({ supervisee_id: worker.id, author_id: teamManager.id, stored_on: 'personal-record', case_reference: null });
      // The existing rules for a personal record: the supervisee, the line above them, and no one else.
      for (const reader of [worker, practiceManager, teamManager])
        expect((await runAction(context, reader, 'record.show', { recordId: record.id })).view.data.text, reader.display_name).toContain(
          'Personal supervision record',
        );
      expect((await runAction(context, other, 'record.show', { recordId: record.id })).view.data.title).toBe("This isn't yours to read");
    });

    it("bexley: a supervisor reports good practice of a supervisee to their own line manager in chat, kept on the supervisee's personal file", async () => {
      const setup = await flowSetup(database, { policy: 'bexley', directory: bexleyDirectory() });
      const { context, people } = setup;
      const form = await runAction(context, people.supervisor!, 'raise.form', { triggerId: 'good-practice' });
      expect(form.view.data.mandatoryNote).toBe('The policy encourages this: Bexley supervision policy, individual standard three.');
      const sent = await runAction(context, people.supervisor!, 'supervisor-raise.submit', {
        triggerId: 'good-practice',
        requestId: form.view.data.requestId,
        supervisee: people.worker!.id,
        text: 'Excellent direct work with the family; could mentor others.',
      });
      expect(sent.view.data.title).toBe('Sent to Team Manager T');
      expect(factOf(sent.view.data.facts, 'Kept on')).toBe("The personal supervision file, not a child's record");
      expect(factOf(sent.view.data.facts, 'Urgency')).toBe('routine: answer by Wed 25 Nov 2026 10:00');
    });
  });

  describe('Bexley (seed 004), individual standard four', () => {
    it('bexley: an informal discussion where a significant decision is made is recorded by the most senior person in it: the practice manager who accepted, until the team manager joins, who then records it', async () => {
      const setup = await flowSetup(database, { policy: 'bexley', directory: bexleyDirectory() });
      const { context, people, store } = setup;
      const [worker, practiceManager, teamManager] = [people.worker!, people.supervisor!, people.service!];
      // A discussion nobody more senior joins: Practice Manager P, who accepted it, records it.
      await raise(context, worker, SECOND, { triggerId: 'informal-significant-decision', caseReference: 'ICS-55013', urgency: 'routine' });
      await runAction(context, practiceManager, 'trigger.accept', { requestId: SECOND });
      await recordAndSign(setup, 'supervisor', SECOND);
      expect((await store.db.selectFrom('record').select('author_id').where('trigger_request_id', '=', SECOND).executeTakeFirstOrThrow()).author_id).toBe(
        practiceManager.id,
      );

      // Another, which Team Manager T joins.
      await raise(context, worker, REQUEST, { triggerId: 'informal-significant-decision', caseReference: 'ICS-55012', urgency: 'routine' });
      const accepted = await runAction(context, practiceManager, 'trigger.accept', { requestId: REQUEST });
      expect((accepted.view.data.buttons as { verb: string }[]).map((button) => button.verb)).toEqual(['record.open', 'trigger.senior-joined']);
      // Only the one recording says who joined.
      expect((await runAction(context, worker, 'trigger.senior-joined', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
      const joined = await runAction(context, practiceManager, 'trigger.senior-joined', { requestId: REQUEST });
      expect(joined.view.data.title).toBe('Team Manager T records this discussion');
      // The team manager is sent the record card; the practice manager may no longer record it.
      const told = await sentFor(setup, `trigger:${REQUEST}:recorder:${teamManager.id}`);
      expect(told!.conversation).toBe('U0SERVICE1');
      expect(told!.payload.text).toBe('You record the supervision for case ICS-55012, as the most senior person in the discussion');
      expect((told!.payload.view.data.buttons as { verb: string }[]).map((button) => button.verb)).toEqual(['record.open']);
      expect((await runAction(context, practiceManager, 'record.open', { requestId: REQUEST })).view.data.title).toBe("This isn't yours to act on");
      const record = await recordAndSign(setup, 'service', REQUEST);
      expect(record.author_id).toBe(teamManager.id);
      expect(record).toMatchObject({ model: 'defensible-decision', stored_on: 'child-record', case_reference: 'ICS-55012' });
      // Pressed again once recorded, nothing changes.
      expect((await runAction(context, teamManager, 'trigger.senior-joined', { requestId: REQUEST })).view.data.title).toBe('Already recorded');
    });

    it('bexley: when supervision moves for good to another manager, the new supervisor reads the earlier supervision records, and nobody outside the line does', async () => {
      const setup = await flowSetup(database, { policy: 'bexley', directory: bexleyDirectory() });
      const { context, people, store, clock } = setup;
      // A closure decision, recorded on the case-management record for ICS by Practice Manager P, and signed.
      await raise(context, people.worker!, REQUEST, { triggerId: 'closure', caseReference: 'ICS-55012', urgency: 'priority' });
      await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
      const caseRecord = await recordAndSign(setup, 'supervisor', REQUEST);
      const newcomer = people.newsupervisor!;
      // Before the move, Practice Manager N is not in the line and reads nothing.
      expect((await runCommand(context, newcomer, 'records ICS-55012')).view.data.text).toBe('There is no signed record for this case that you may read.');
      expect((await runAction(context, newcomer, 'record.show', { recordId: caseRecord.id })).view.data.title).toBe("This isn't yours to read");

      // The directory now has Social Worker C supervised by Practice Manager N.
      clock.advance(24 * 3600_000);
      const moved = await importDirectory({
        db: store.db,
        pack: setup.pack.pack,
        fileName: 'staff.csv',
        text: bexleyDirectory('newsupervisor'),
        now: clock.now(),
      });
      expect(moved.ok).toBe(true);

      const list = await runCommand(context, newcomer, 'records ICS-55012');
      expect(list.view.card).toBe('records');
      expect(JSON.stringify(list.view.data.records)).toContain(caseRecord.id);
      const shown = await runAction(context, newcomer, 'record.show', { recordId: caseRecord.id });
      expect(shown.view.data.text).toContain('Case reference: ICS-55012');
      // Practice Manager O, outside the line, still reads nothing.
      expect((await runAction(context, people.other!, 'record.show', { recordId: caseRecord.id })).view.data.title).toBe("This isn't yours to read");
    });
  });
  describe('Cafcass (seed 000), 5.3', () => {
    it('cafcass: a supervisor or manager asks for reflective supervision with an FCA not accessing supervision as required, kept on the personal record with its plan and actions', async () => {
      const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
      const setup = await flowSetup(database, { policy: 'cafcass', directory });
      const { context, people } = setup;
      const [worker, supervisor] = [people.worker!, people.supervisor!];
      expect(((await runCommand(context, worker, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id)).not.toContain(
        'not-accessing-supervision',
      );
      const form = await runAction(context, supervisor, 'raise.form', { triggerId: 'not-accessing-supervision' });
      expect(form.view.card).toBe('supervisor-raise');
      expect(form.view.data.askCaseReference).toBe(false);
      const requestId = form.view.data.requestId as string;
      const started = await runAction(context, supervisor, 'supervisor-raise.submit', {
        triggerId: 'not-accessing-supervision',
        requestId,
        supervisee: worker.id,
        caseReference: '',
        text: 'Two sessions were missed this quarter; I would like to understand what gets in the way.',
      });
      expect(started.view.data.title).toBe('Supervision with Social Worker C started');
      expect((await sentFor(setup, `trigger:${requestId}:started`))!.conversation).toBe('U0WORKER1');
      const record = await recordAndSign(setup, 'supervisor', requestId);
      expect(record).toMatchObject({ supervisee_id: worker.id, author_id: supervisor.id, stored_on: 'personal-record', case_reference: null, model: '4x4x4' });
    });
  });

  describe('Cafcass (seed 000), 2.10', () => {
    it("cafcass: a supervisor asks for case supervision about a supervisee's case in chat: the practitioner is told, and the supervisor records it in the 4x4x4 model for ChildFirst", async () => {
      const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
      const setup = await flowSetup(database, { policy: 'cafcass', directory });
      const { context, people, store } = setup;
      const [worker, supervisor] = [people.worker!, people.supervisor!];
      expect(((await runCommand(context, worker, 'raise')).view.data.triggers as { id: string }[]).map((trigger) => trigger.id)).not.toContain(
        'supervisor-asks',
      );
      const form = await runAction(context, supervisor, 'raise.form', { triggerId: 'supervisor-asks' });
      expect(form.view.card).toBe('supervisor-raise');
      expect(form.view.data.askCaseReference).toBe(true);
      expect(form.view.data.caseReferenceLabel).toBe('Case reference (ChildFirst)');
      const requestId = form.view.data.requestId as string;
      const started = await runAction(context, supervisor, 'supervisor-raise.submit', {
        triggerId: 'supervisor-asks',
        requestId,
        supervisee: worker.id,
        caseReference: 'CF-204518',
        text: 'The s7 report is due; I want to go through the analysis with you.',
      });
      expect(started.view.data.title).toBe('Supervision with Social Worker C started');
      expect(started.view.data.buttons).toEqual([{ title: 'Record the discussion', verb: 'record.open' }]);
      const told = await sentFor(setup, `trigger:${requestId}:started`);
      expect(told!.conversation).toBe('U0WORKER1');
      expect(told!.payload.text).toBe('Practice Supervisor B asks for supervision with you for case CF-204518');
      // Pressed twice: nothing more.
      expect(
        (
          await runAction(context, supervisor, 'supervisor-raise.submit', {
            triggerId: 'supervisor-asks',
            requestId,
            supervisee: worker.id,
            caseReference: 'CF-204518',
            text: 'Again.',
          })
        ).view.data.title,
      ).toBe('Already sent');
      const open = await runAction(context, supervisor, 'record.open', { requestId });
      expect(open.view.data.title).toBe('Record of supervision: 4x4x4 supervision cycle');
      const record = await recordAndSign(setup, 'supervisor', requestId);
      expect(record).toMatchObject({ supervisee_id: worker.id, author_id: supervisor.id, stored_on: 'child-record', case_reference: 'CF-204518' });
      const caseFile = await sentFor(setup, `record:${record.id}:signed`);
      expect((caseFile!.payload.view.data.text as string).split('\n')[0]).toBe('ChildFirst supervision record');
      // A practitioner cannot send it.
      const refused = await runAction(context, worker, 'supervisor-raise.submit', {
        triggerId: 'supervisor-asks',
        requestId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
        supervisee: worker.id,
        caseReference: 'CF-204518',
        text: 'Me.',
      });
      expect(refused.view.data.title).toBe("This isn't yours to raise");
      expect(await store.db.selectFrom('trigger_request').select('id').execute()).toHaveLength(1);
    });
  });
  describe('Cafcass Cymru (seed 002), 2.13', () => {
    it('cafcass-cymru: a PSM that combined a PRD is also recorded separately on the PRD template: saving the PSM record opens the PRD record of the same meeting', async () => {
      const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Head of Operations A,senior-manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Manager P,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,practitioner,2024-01-08,U0WORKER1
`;
      const setup = await flowSetup(database, { policy: 'cafcass-cymru', directory });
      const { context, people, store, clock } = setup;
      const [worker, manager] = [people.worker!, people.supervisor!];
      const PSM = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
      const booked = await runAction(context, manager, 'session.book', {
        bookingId: PSM,
        supervisee: worker.id,
        kind: 'psm',
        date: '2026-11-25',
        time: '10:00',
      });
      expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
      clock.advance(Date.parse('2026-11-25T12:00:00Z') - clock.now().getTime());
      await runAction(context, manager, 'session.held', { sessionId: PSM });
      const psm = await runAction(context, manager, 'record.open', { sessionId: PSM });
      expect(psm.view.data.title).toBe('Record of supervision: Practitioner Support Meeting');
      const values = { ...recordValues(psm.view, { caseReference: '', actionDue: '2026-12-18' }), 'f.prd-combined': 'yes', 'f.cases-discussed': 'no' };
      const saved = await runAction(context, manager, 'record.save', values);
      // The PRD record of the same meeting, opened at once, on the PRD template; the PSM record has gone to be signed.
      expect(saved.view.card, JSON.stringify(saved.fieldErrors)).toBe('record');
      expect(saved.view.data.title).toBe('Record of supervision: Practice Review Discussion (PRD recording template)');
      expect(saved.view.data.saved).toBe(
        'The Practitioner Support Meeting record is sent to Social Worker C to sign. The Practice Review Discussion held in it is recorded separately, on its own template: here.',
      );
      // 2.6: the PRD is recorded on the day of the meeting.
      expect(factOf(saved.view.data.facts, 'Record due')).toBe('Wed 25 Nov 2026 23:59 (on the day)');
      const prdSession = saved.view.data.sessionId as string;
      expect(
        await store.db.selectFrom('supervision_session').select(['kind', 'status', 'starts_at']).where('id', '=', prdSession).executeTakeFirstOrThrow(),
      ).toEqual({
        kind: 'prd',
        status: 'held',
        starts_at: new Date('2026-11-25T10:00:00Z'),
      });
      const prd = await runAction(context, manager, 'record.save', recordValues(saved.view, { caseReference: '', actionDue: '2026-12-18' }));
      expect(prd.view.data.title, JSON.stringify(prd.fieldErrors)).toBe('Sent to Social Worker C to sign');
      const records = await store.db.selectFrom('record').select(['model', 'stored_on', 'session_id']).orderBy('created_at').execute();
      expect(records.map((record) => record.model).sort()).toEqual(['prd', 'psm']);
      expect(records.every((record) => record.stored_on === 'personal-record')).toBe(true);
      // A PSM that combined none opens nothing more.
      const OTHER = '1d8e6f2b-4c6a-4b3d-9e7f-8091a2b3c4d5';
      await runAction(context, manager, 'session.book', { bookingId: OTHER, supervisee: worker.id, kind: 'psm', date: '2026-11-27', time: '10:00' });
      clock.advance(Date.parse('2026-11-27T12:00:00Z') - clock.now().getTime());
      await runAction(context, manager, 'session.held', { sessionId: OTHER });
      const plain = await runAction(context, manager, 'record.open', { sessionId: OTHER });
      const alone = await runAction(context, manager, 'record.save', {
        ...recordValues(plain.view, { caseReference: '', actionDue: '2026-12-18' }),
        'f.prd-combined': 'no',
        'f.cases-discussed': 'no',
      });
      expect(alone.view.data.title, JSON.stringify(alone.fieldErrors)).toBe('Sent to Social Worker C to sign');
      expect(await store.db.selectFrom('supervision_session').select('id').where('kind', '=', 'prd').execute()).toHaveLength(1);
    });
  });
});
