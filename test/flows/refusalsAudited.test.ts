// A card can be forwarded or forged: whoever presses it is checked again, and every refusal leaves an
// audit entry naming who tried, what, and on what (ids only), as accept, sign, read and download do.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { flowSetup, raiseForm } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
peer@example.org,Peer Supervisor H,supervisor,North,service@example.org,,,U0PEER001
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
other@example.org,Social Worker F,practitioner,North,supervisor@example.org,established,2024-01-08,U0OTHER01
`;
const REQUEST = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const NOT_YOURS = "This isn't yours to act on";

describe.each(databases)('refusals audited on $name', (database) => {
  let store: Store;

  async function setup() {
    // Monday 23 November 2026, 10:00.
    const { store: opened, context, people } = await flowSetup(database, { policy: 'cafcass', directory });
    store = opened;
    const raise = raiseForm(REQUEST);
    expect((await runAction(context, people.worker!, 'raise.submit', raise)).view.card).toBe('trigger-status');
    /** The refusals audited for this person, oldest first. */
    const refusals = (actor: Actor) =>
      store.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action', 'object_type', 'object_id'])
        .where('actor_id', '=', actor.id)
        .where('action', 'like', '%.refused')
        .orderBy('id')
        .execute();
    return { context, people, raise, refusals };
  }

  it('audits a refused reassign, propose and record of a request that is not theirs', async () => {
    const { context, people, refusals } = await setup();
    const peer = people.peer!;
    const pressed = async (verb: string, data: Record<string, unknown>) => (await runAction(context, peer, verb, data)).view.data.title;
    expect(await pressed('trigger.reassign-form', { requestId: REQUEST })).toBe(NOT_YOURS);
    expect(await pressed('trigger.reassign', { requestId: REQUEST, to: peer.id, reason: 'I have capacity.' })).toBe(NOT_YOURS);
    expect(await pressed('trigger.propose-form', { requestId: REQUEST })).toBe(NOT_YOURS);
    expect(await pressed('trigger.propose', { requestId: REQUEST, date: '2026-11-23', time: '14:00', note: '' })).toBe(NOT_YOURS);
    expect(await pressed('record.open', { requestId: REQUEST })).toBe(NOT_YOURS);
    expect(await refusals(peer)).toEqual(
      ['trigger.reassign-form', 'trigger.reassign', 'trigger.propose-form', 'trigger.propose', 'record.open'].map((action) => ({
        actor_id: peer.id,
        action: `${action}.refused`,
        object_type: 'trigger_request',
        object_id: REQUEST,
      })),
    );
    // Nothing changed: the request still waits for the supervisor.
    expect(await store.db.selectFrom('trigger_request').select(['state', 'assigned_to']).executeTakeFirstOrThrow()).toEqual({
      state: 'waiting',
      assigned_to: people.supervisor!.id,
    });
  });

  it("audits someone else's raise form sent again with its request id", async () => {
    const { context, people, raise, refusals } = await setup();
    expect((await runAction(context, people.other!, 'raise.submit', raise)).view.data.title).toBe(NOT_YOURS);
    expect(await refusals(people.other!)).toEqual([
      { actor_id: people.other!.id, action: 'trigger.raise.refused', object_type: 'trigger_request', object_id: REQUEST },
    ]);
  });

  it('audits a refused record save, amend form, amendment and disagreement', async () => {
    const { context, people, refusals } = await setup();
    await runAction(context, people.supervisor!, 'trigger.accept', { requestId: REQUEST });
    const values = {
      requestId: REQUEST,
      'f.experience': 'What happened.',
      'f.reflection': 'Reflection.',
      'f.analysis': 'Analysis.',
      'action.1.what': 'Refer to the local authority',
      'action.1.owner': people.worker!.id,
      'action.1.due': '2026-11-24',
    };
    expect((await runAction(context, people.peer!, 'record.save', values)).view.data.title).toBe(NOT_YOURS);
    expect((await runAction(context, people.peer!, 'record.save', { ...values, draft: 'true' })).view.data.title).toBe(NOT_YOURS);
    expect(await store.db.selectFrom('record').select('id').execute()).toEqual([]);
    expect((await runAction(context, people.supervisor!, 'record.save', values)).view.data.title).toBe('Sent to Social Worker C to sign');
    const record = await store.db.selectFrom('record').select('id').executeTakeFirstOrThrow();
    expect((await runAction(context, people.other!, 'record.disagree', { recordId: record.id })).view.data.title).toBe(NOT_YOURS);
    expect((await runAction(context, people.worker!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
    expect((await runAction(context, people.peer!, 'record.amend-form', { requestId: REQUEST, recordId: record.id })).view.data.title).toBe(NOT_YOURS);
    const amendment = { ...values, recordId: record.id, 'f.experience': 'Changed.', amendReason: 'Wrong date.' };
    expect((await runAction(context, people.peer!, 'record.amend', amendment)).view.data.title).toBe(NOT_YOURS);
    expect(await store.db.selectFrom('record').select('id').execute()).toHaveLength(1);

    expect(await refusals(people.peer!)).toEqual([
      { actor_id: people.peer!.id, action: 'record.save.refused', object_type: 'trigger_request', object_id: REQUEST },
      { actor_id: people.peer!.id, action: 'record.save.refused', object_type: 'trigger_request', object_id: REQUEST },
      { actor_id: people.peer!.id, action: 'record.amend-form.refused', object_type: 'record', object_id: record.id },
      { actor_id: people.peer!.id, action: 'record.amend.refused', object_type: 'record', object_id: record.id },
    ]);
    expect(await refusals(people.other!)).toEqual([
      { actor_id: people.other!.id, action: 'record.disagree.refused', object_type: 'record', object_id: record.id },
    ]);
  });

  it("audits someone else's booking form sent again with its booking id", async () => {
    const { context, people, refusals } = await setup();
    const BOOKING = '0c9d7e1a-3b5f-4a2c-8d6e-7f8091a2b3c4';
    const booking = { bookingId: BOOKING, supervisee: people.worker!.id, kind: 'case', date: '2026-12-08', time: '10:00' };
    expect((await runAction(context, people.supervisor!, 'session.book', booking)).view.card).toBe('session');
    expect((await runAction(context, people.peer!, 'session.book', booking)).view.data.title).toBe(NOT_YOURS);
    expect(await refusals(people.peer!)).toEqual([
      { actor_id: people.peer!.id, action: 'session.book.refused', object_type: 'supervision_session', object_id: BOOKING },
    ]);
  });
});
