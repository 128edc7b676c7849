// Proposing a time accepts a request, and the record's deadline counts from that time: so the time is
// on a working day, in working hours, and within the pack's response window for the request's urgency
// (counted from now). Anything else is refused by its field, and nothing is accepted.
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
supervisor@example.org,Practice Supervisor B,supervisor,North,,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
const REQUEST = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

describe.each(databases)('proposed times on $name', (database) => {
  /** Monday 23 November 2026, 10:00 London time: a request raised at this urgency (urgent: 4 working hours; routine: 2 working days). */
  async function setup(urgency: 'urgent' | 'routine') {
    const { store, context, people } = await flowSetup(database, { policy: 'cafcass', directory });
    const raised = await raise(context, people.worker!, REQUEST, {
      triggerId: urgency === 'urgent' ? 'harm-or-risk' : 'voluntary',
      urgency,
      goal: 'Agree what to do.',
    });
    expect(raised.view.card).toBe('trigger-status');
    const propose = (date: string, time: string) => runAction(context, people.supervisor!, 'trigger.propose', { requestId: REQUEST, date, time, note: '' });
    const request = () => store.db.selectFrom('trigger_request').select(['state', 'record_due_at']).where('id', '=', REQUEST).executeTakeFirstOrThrow();
    return { propose, request };
  }

  it('refuses Saturday 1 January 2400 by its date, and accepts nothing', async () => {
    const { propose, request } = await setup('urgent');
    const refused = await propose('2400-01-01', '10:00');
    expect(refused.view.card).toBe('trigger-propose');
    expect(refused.fieldErrors).toEqual({
      date: 'Date: Sat 1 Jan 2400 is not a working day. Choose Mon to Fri, not a bank holiday, by Mon 23 Nov 2026 14:00.',
    });
    // The card shows it too, beside the date.
    expect(refused.view.data.errors).toEqual({ date: refused.fieldErrors!.date });
    expect(await request()).toEqual({ state: 'waiting', record_due_at: null });
  });

  it('refuses a weekend, a bank holiday, a time outside working hours and one past the response window, each by its field', async () => {
    const { propose, request } = await setup('urgent');
    expect((await propose('2026-11-28', '10:00')).fieldErrors).toEqual({
      date: 'Date: Sat 28 Nov 2026 is not a working day. Choose Mon to Fri, not a bank holiday, by Mon 23 Nov 2026 14:00.',
    });
    expect((await propose('2026-12-25', '10:00')).fieldErrors).toEqual({
      date: 'Date: Fri 25 Dec 2026 is not a working day. Choose Mon to Fri, not a bank holiday, by Mon 23 Nov 2026 14:00.',
    });
    expect((await propose('2026-11-23', '18:30')).fieldErrors).toEqual({ time: 'Time: 18:30 is outside working hours. Choose a time from 09:00 to 17:00.' });
    expect((await propose('2026-11-24', '10:00')).fieldErrors).toEqual({
      date: 'Date: choose a time by Mon 23 Nov 2026 14:00. This request is urgent: the Cafcass policy asks for supervision within 4 working hours. If that cannot be, pass it on.',
    });
    expect(await request()).toEqual({ state: 'waiting', record_due_at: null });
    const accepted = await propose('2026-11-23', '13:30');
    expect(accepted.view.data.title).toBe('You accepted this request');
    expect((await request()).state).toBe('accepted');
  });

  it('gives a routine request the two working days of its window', async () => {
    const { propose, request } = await setup('routine');
    expect((await propose('2026-11-26', '09:30')).fieldErrors).toEqual({
      date: 'Date: choose a time by Wed 25 Nov 2026 10:00. This request is routine: the Cafcass policy asks for supervision within 2 working days. If that cannot be, pass it on.',
    });
    expect((await propose('2026-11-25', '09:30')).view.data.title).toBe('You accepted this request');
    expect((await request()).state).toBe('accepted');
  });
});
