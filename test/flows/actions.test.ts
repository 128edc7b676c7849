// Actions agreed in supervision: reminded to their owner before they are due and weekly once overdue,
// marked done by the owner only, and given more time only when the supervisor who recorded them agrees.
import { afterEach, describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { toBlockKit } from '../../src/cards/slack/toBlockKit.js';
import type { View } from '../../src/cards/catalog.js';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { reminderSources } from '../../src/flows/reminderSources.js';
import { remindersProvider } from '../../src/flows/reminders.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { addAction as addStoredAction } from '../support/actions.js';
import { databases } from '../support/databases.js';
import { FakeClock } from '../support/fakes.js';
import { pack } from '../support/packs.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
other@example.org,Social Worker F,practitioner,North,supervisor@example.org,established,2024-01-08,U0OTHER01
`;

type Sent = { conversation: string; text: string; view: View };

describe.each(databases)('actions on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  async function setup(start: string) {
    store = await database.open();
    const clock = new FakeClock(start);
    const cafcass = pack('cafcass'); // actions are reminded 2 working days before they are due
    expect((await importDirectory({ db: store.db, pack: cafcass.pack, fileName: 'staff.csv', text: directory, now: clock.now() })).ok).toBe(true);
    const people = Object.fromEntries(
      (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
    );
    const context: FlowContext = { db: store.db, pack: cafcass.pack, calendar: cafcass.calendar, clock };
    const sweeper = new Sweeper(store.db, clock, [remindersProvider(context, reminderSources(context))]);
    /** An action the supervisor recorded in a supervision with the worker, agreed at `agreedAt`. */
    const addAction = (input: { owner?: string; due: string; what: string; caseReference?: string; agreedAt?: string }) =>
      addStoredAction(store.db, { ...input, ownerId: people[input.owner ?? 'worker']!.id, authorId: people.supervisor!.id, superviseeId: people.worker!.id });
    const sent = async (): Promise<Sent[]> =>
      (await store.db.selectFrom('outbox').select(['conversation', 'payload']).orderBy('id').execute()).map((row) => ({
        conversation: row.conversation,
        ...(row.payload as { text: string; view: View }),
      }));
    const texts = async () => (await sent()).map((message) => `${message.conversation}: ${message.text}`);
    const at = async (instant: string) => {
      clock.advance(Date.parse(instant) - clock.now().getTime());
      await sweeper.sweepOnce();
    };
    const audit = async () =>
      store.db.selectFrom('audit_log').select(['actor_id', 'action', 'object_id', 'detail']).where('object_type', '=', 'action_item').orderBy('id').execute();
    return { clock, context, people, addAction, sent, texts, at, audit };
  }

  it('reminds the owner two working days before, on the first working day overdue, then weekly, keyed per week', async () => {
    const { addAction, texts, sent, at, context, people } = await setup('2026-11-23T09:00:00Z');
    const actionId = await addAction({ due: '2026-11-25', what: 'Book the family group conference' });
    await addAction({ owner: 'supervisor', due: '2026-12-04', what: 'Read the school report', caseReference: 'CF-330071' });

    await at('2026-11-23T09:00:00Z'); // Monday: the worker's action is due Wednesday
    await at('2026-11-23T09:05:00Z');
    expect(await texts()).toEqual(['U0WORKER1: An action for case CF-204518 is due by Wed 25 Nov 2026']);
    const card = (await sent())[0]!.view;
    expect(card.card).toBe('action-reminder');
    const rendered = renderCard(card);
    expect(rendered.actions!.map((action) => [action.title, action.verb, action.data])).toEqual([
      ['Done', 'action.done', { actionId }],
      ['Ask for more time', 'action.extend-form', { actionId }],
    ]);
    expect(JSON.stringify(rendered)).toContain('CF-204518');
    expect(toBlockKit('action-reminder', rendered).kind).toBe('message');

    for (const instant of ['2026-11-24T09:00:00Z', '2026-11-25T09:00:00Z']) await at(instant);
    expect(await texts()).toHaveLength(1);
    await at('2026-11-26T09:00:00Z'); // Thursday: overdue
    expect((await texts()).slice(1)).toEqual(['U0WORKER1: An action for case CF-204518 is overdue: it was due by Wed 25 Nov 2026']);
    for (const instant of ['2026-11-27T09:00:00Z', '2026-12-01T09:00:00Z']) await at(instant);
    // Wednesday 2 December: the supervisor's own, two working days before Friday 4th.
    await at('2026-12-02T09:00:00Z');
    expect((await texts()).slice(2)).toEqual(['U0SUPERV1: An action for case CF-330071 is due by Fri 4 Dec 2026']);
    await at('2026-12-03T09:00:00Z'); // a week after the first overdue reminder
    expect((await texts()).slice(3)).toEqual(['U0WORKER1: An action for case CF-204518 is overdue: it was due by Wed 25 Nov 2026']);

    // Done: no more reminders of it.
    expect((await runAction(context, people.worker!, 'action.done', { actionId })).view.data.title).toBe('Marked done');
    await at('2026-12-10T09:00:00Z');
    expect((await texts()).filter((text) => text.startsWith('U0WORKER1'))).toHaveLength(3);
  });

  it('waits over Christmas 2026: an action due Thursday 24 December is overdue on Tuesday 29th', async () => {
    const { addAction, texts, at } = await setup('2026-12-21T09:00:00Z');
    await addAction({ due: '2026-12-24', what: 'Send the core group minutes' });
    await at('2026-12-21T09:00:00Z');
    expect(await texts()).toEqual([]);
    await at('2026-12-22T09:00:00Z'); // Tuesday: two working days before Thursday
    expect(await texts()).toEqual(['U0WORKER1: An action for case CF-204518 is due by Thu 24 Dec 2026']);
    for (const instant of ['2026-12-25T10:00:00Z', '2026-12-28T10:00:00Z']) await at(instant);
    expect(await texts()).toHaveLength(1);
    await at('2026-12-29T09:00:00Z');
    expect((await texts()).slice(1)).toEqual(['U0WORKER1: An action for case CF-204518 is overdue: it was due by Thu 24 Dec 2026']);
  });

  it('reminds an action agreed two days before it is due on the morning it is due, not at once', async () => {
    const { addAction, texts, at } = await setup('2026-11-24T15:00:00Z');
    await addAction({ due: '2026-11-25', what: 'Call the school', agreedAt: '2026-11-24T14:00:00Z' });
    await at('2026-11-24T15:00:00Z');
    expect(await texts()).toEqual([]);
    await at('2026-11-25T09:00:00Z');
    expect(await texts()).toEqual(['U0WORKER1: An action for case CF-204518 is due by Wed 25 Nov 2026']);
  });

  it("merges a person's action reminders missed while the bot was down into one catch-up, with a way to their list", async () => {
    const { addAction, sent, texts, at, context, people } = await setup('2026-11-19T09:00:00Z');
    await addAction({ due: '2026-11-25', what: 'Book the family group conference' });
    await addAction({ due: '2026-11-24', what: 'Visit the family' });
    await at('2026-11-19T09:00:00Z'); // Thursday: nothing due yet
    expect(await texts()).toEqual([]);
    // Down until Monday 30th: both missed their due-soon days (Friday, Monday) and first overdue days (Wednesday, Thursday).
    await at('2026-11-30T10:00:00Z');
    expect(await texts()).toEqual(['U0WORKER1: 2 reminders you may have missed']);
    const notice = (await sent())[0]!.view;
    expect(notice.data.facts).toEqual([
      { title: '1', value: 'Action for case CF-204518, overdue (due by Tue 24 Nov 2026): Visit the family' },
      { title: '2', value: 'Action for case CF-204518, overdue (due by Wed 25 Nov 2026): Book the family group conference' },
    ]);
    const button = renderCard(notice).actions![0]!;
    expect(button).toMatchObject({ title: 'My open actions', verb: 'actions' });
    const list = await runAction(context, people.worker!, String(button.verb), button.data);
    expect((list.view.data.actions as { what: string }[]).map((action) => action.what)).toEqual([
      'CF-204518: Visit the family',
      'CF-204518: Book the family group conference',
    ]);
    await at('2026-11-30T11:00:00Z');
    await at('2026-12-01T09:00:00Z');
    expect(await texts()).toHaveLength(1);
  });

  it('lets only the owner mark an action done, once, and audits it by ids', async () => {
    const { addAction, context, people, audit } = await setup('2026-11-23T10:00:00Z');
    const actionId = await addAction({ due: '2026-11-30', what: 'Refer to the local authority' });
    const refused = await runAction(context, people.other!, 'action.done', { actionId });
    expect(refused.view.data.title).toBe("This isn't yours to act on");
    expect((await store.db.selectFrom('action_item').select('status').executeTakeFirstOrThrow()).status).toBe('open');

    const done = await runAction(context, people.worker!, 'action.done', { actionId });
    expect(done.view.data).toMatchObject({ title: 'Marked done', text: 'The action for case CF-204518 is done: Refer to the local authority' });
    const again = await runAction(context, people.worker!, 'action.done', { actionId });
    expect(again.view.data.title).toBe('Already closed');
    expect(await store.db.selectFrom('action_item').select(['status', 'version']).executeTakeFirstOrThrow()).toEqual({ status: 'done', version: 2 });
    expect(await audit()).toEqual([
      { actor_id: people.other!.id, action: 'action.done.refused', object_id: actionId, detail: {} },
      { actor_id: people.worker!.id, action: 'action.done', object_id: actionId, detail: {} },
    ]);
    expect((await runAction(context, people.worker!, 'action.done', { actionId: 'not-an-id' })).view.data.text).toBe('That action is not one I know.');
  });

  it('shows Done on each open action in the list, within Slack limits for twenty, and lists again after one is done', async () => {
    const { addAction, context, people } = await setup('2026-11-23T10:00:00Z');
    const first = await addAction({ due: '2026-11-30', what: 'Refer to the local authority' });
    for (let index = 1; index < 22; index += 1) await addAction({ due: '2026-12-14', what: `Action number ${index} ${'x'.repeat(460)}` });
    const list = await runCommand(context, people.worker!, '/supervision actions');
    expect(list.view.data.actions).toHaveLength(20);
    const slack = toBlockKit('actions', renderCard(list.view));
    expect(slack.kind).toBe('message');
    const buttons = (slack as { blocks: { type: string; elements?: { action_id: string; value?: string }[] }[] }).blocks
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements!);
    expect(buttons.filter((button) => button.action_id === 'actions.done')).toHaveLength(20);
    expect(JSON.parse(buttons[0]!.value!)).toEqual({ actionId: first });

    const after = await runAction(context, people.worker!, 'actions.done', { actionId: first });
    expect(after.view.card).toBe('actions');
    expect(after.view.data.note).toBe('Marked done: CF-204518: Refer to the local authority');
    expect((after.view.data.actions as { id: string }[]).map((action) => action.id)).not.toContain(first);
    const twice = await runAction(context, people.worker!, 'actions.done', { actionId: first });
    expect(twice.view.data.note).toBe('This action is done already. Nothing was changed.');
    expect((await runAction(context, people.other!, 'actions.done', { actionId: first })).view.data.title).toBe("This isn't yours to act on");
  });

  it('asks the recording supervisor for more time: a bad date is named by its field; agreed, the due date moves and the owner is told', async () => {
    const { addAction, context, people, sent, audit } = await setup('2026-11-23T10:00:00Z'); // Monday
    const actionId = await addAction({ due: '2026-11-25', what: 'Book the family group conference' });
    expect((await runAction(context, people.other!, 'action.extend-form', { actionId })).view.data.title).toBe("This isn't yours to act on");
    const form = await runAction(context, people.worker!, 'action.extend-form', { actionId });
    expect(form.view.card).toBe('action-extend');
    expect(form.view.data.intro).toBe('Case CF-204518: Book the family group conference, due by Wed 25 Nov 2026. Practice Supervisor B will agree or refuse.');
    const extensionId = form.view.data.extensionId as string;
    const ask = (date: string, reason = 'The family asked to meet after the school term ends.') =>
      runAction(context, people.worker!, 'action.extend', { actionId, extensionId, date, reason });

    expect((await ask('')).fieldErrors).toEqual({ date: 'Choose a date, as YYYY-MM-DD.' });
    expect((await ask('2026-11-25')).fieldErrors).toEqual({ date: 'Choose a working day after Wed 25 Nov 2026.' });
    expect((await ask('2026-11-28')).fieldErrors).toEqual({ date: 'Sat 28 Nov 2026 is not a working day: choose one that is.' });
    expect((await ask('2026-12-25')).fieldErrors).toEqual({ date: 'Fri 25 Dec 2026 is not a working day: choose one that is.' });
    const noReason = await ask('2026-12-02', '  ');
    expect(noReason.fieldErrors).toEqual({ reason: 'Say why you need more time.' });
    expect(noReason.view.data).toMatchObject({ date: '2026-12-02', extensionId });
    expect(await sent()).toEqual([]);

    expect((await ask('2026-12-02')).view.data.title).toBe('Asked for more time');
    expect((await ask('2026-12-02')).view.data.title).toBe('Already asked');
    const [request] = await sent();
    expect(request).toMatchObject({ conversation: 'U0SUPERV1', text: 'Social Worker C asks for more time on an action for case CF-204518' });
    expect(request!.view.data.facts).toEqual([
      { title: 'Case reference', value: 'CF-204518' },
      { title: 'Action', value: 'Book the family group conference' },
      { title: 'Due now', value: 'by Wed 25 Nov 2026' },
      { title: 'Asked for', value: 'by Wed 2 Dec 2026' },
      { title: 'Reason', value: 'The family asked to meet after the school term ends.' },
    ]);
    const decision = renderCard(request!.view).actions!.map((action) => [action.title, action.verb, action.data]);
    expect(decision).toEqual([
      ['Agree', 'action.extension-agree', { extensionId }],
      ['Refuse', 'action.extension-refuse', { extensionId }],
    ]);

    // Only the supervisor who recorded it decides.
    for (const person of [people.worker!, people.other!, people.manager!])
      expect((await runAction(context, person, 'action.extension-agree', { extensionId })).view.data.title).toBe("This isn't yours to act on");
    const agreed = await runAction(context, people.supervisor!, 'action.extension-agree', { extensionId });
    expect(agreed.view.data).toMatchObject({
      title: 'More time agreed',
      text: 'The action for case CF-204518 is now due by Wed 2 Dec 2026. Social Worker C has been told.',
    });
    expect((await runAction(context, people.supervisor!, 'action.extension-refuse', { extensionId })).view.data.title).toBe('Already answered');
    expect(await store.db.selectFrom('action_item').select(['due_on', 'version', 'status']).executeTakeFirstOrThrow()).toEqual({
      due_on: '2026-12-02',
      version: 2,
      status: 'open',
    });
    expect((await sent()).slice(1).map((message) => `${message.conversation}: ${message.text}`)).toEqual([
      'U0WORKER1: More time agreed for an action on case CF-204518: now due by Wed 2 Dec 2026',
    ]);
    expect((await audit()).map((entry) => [entry.action, entry.object_id, entry.detail])).toEqual([
      ['action.extend.refused', actionId, {}],
      ['action.extension.ask', actionId, { extensionId }],
      ['action.extension.decide.refused', actionId, {}],
      ['action.extension.decide.refused', actionId, {}],
      ['action.extension.decide.refused', actionId, {}],
      ['action.extension.agree', actionId, { extensionId }],
    ]);
  });

  it('tells the owner when more time is refused, and leaves the due date', async () => {
    const { addAction, context, people, sent } = await setup('2026-11-23T10:00:00Z');
    const actionId = await addAction({ due: '2026-11-25', what: 'Book the family group conference' });
    const form = await runAction(context, people.worker!, 'action.extend-form', { actionId });
    const extensionId = form.view.data.extensionId as string;
    await runAction(context, people.worker!, 'action.extend', { actionId, extensionId, date: '2026-12-02', reason: 'Waiting for the family.' });
    const refused = await runAction(context, people.supervisor!, 'action.extension-refuse', { extensionId });
    expect(refused.view.data.text).toBe('The action for case CF-204518 is still due by Wed 25 Nov 2026. Social Worker C has been told.');
    expect((await sent()).at(-1)).toMatchObject({
      conversation: 'U0WORKER1',
      text: 'More time was not agreed for an action on case CF-204518: still due by Wed 25 Nov 2026',
    });
    expect((await store.db.selectFrom('action_item').select('due_on').executeTakeFirstOrThrow()).due_on).toBe('2026-11-25');
    // The answered form sent again asks nothing.
    const replayed = await runAction(context, people.worker!, 'action.extend', { actionId, extensionId, date: '2026-12-02', reason: 'Again.' });
    expect(replayed.view.data.text).toBe('That form is not one I know: press Ask for more time again.');
    expect(await sent()).toHaveLength(2);
    // Asked again, then done before the answer: the ask lapses.
    const second = (await runAction(context, people.worker!, 'action.extend-form', { actionId })).view.data.extensionId as string;
    await runAction(context, people.worker!, 'action.extend', { actionId, extensionId: second, date: '2026-11-30', reason: 'Still waiting.' });
    await runAction(context, people.worker!, 'action.done', { actionId });
    expect((await runAction(context, people.supervisor!, 'action.extension-agree', { extensionId: second })).view.data.text).toBe(
      'The action was closed or changed since more time was asked for. Nothing was changed.',
    );
  });

  it("asks the owner's own supervisor when a supervisor owns the action they recorded", async () => {
    const { addAction, context, people, sent } = await setup('2026-11-23T10:00:00Z');
    const actionId = await addAction({ owner: 'supervisor', due: '2026-11-25', what: 'Read the school report' });
    const form = await runAction(context, people.supervisor!, 'action.extend-form', { actionId });
    expect(form.view.data.intro).toContain('Team Manager A will agree or refuse.');
    const extensionId = form.view.data.extensionId as string;
    await runAction(context, people.supervisor!, 'action.extend', { actionId, extensionId, date: '2026-11-27', reason: 'Report late.' });
    expect((await sent()).at(-1)!.conversation).toBe('U0MANAGER');
    expect((await runAction(context, people.supervisor!, 'action.extension-agree', { extensionId })).view.data.title).toBe("This isn't yours to act on");
    expect((await runAction(context, people.manager!, 'action.extension-agree', { extensionId })).view.data.title).toBe('More time agreed');
  });
});
