// Records and actions in the month's report (issue 20), against a history made through the flows whose
// answers are known by construction. Islington, November 2026: an urgent matter is recorded within 24
// hours. Ava's first is recorded within the hour and signed, its action done before its date; her second
// is recorded six working days on (late) and she signs it with her disagreement (signed, and disagreed);
// its action's date is extended, and it is still open at the month's end; her third is accepted and never
// recorded (outstanding). On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/flows/router.js';
import { produceReport } from '../../src/reports/produce.js';
import { recordsReport } from '../../src/reports/records.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor N,supervisor,North,service@example.org,,,U0SUPERN1
ava@example.org,Ava North,practitioner,North,supervisor@example.org,case-holder,2024-01-08,U0AVA0001
`;

const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'] as const;

describe.each(databases)('records and actions in the report on $name', (database) => {
  it('counts November 2026 at Islington: 2 records written (1 on time, 1 late), 1 outstanding, 2 signed, 1 of them with a disagreement; 2 actions agreed, 1 done by its date, 1 extended and overdue', async () => {
    const { store, clock, context, people } = await flowSetup(database, { policy: 'islington', directory, at: '2026-11-02T10:00:00Z' });
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
    const supervisor = people.supervisor!;
    const ava = people.ava!;
    const recordOf = async (requestId: string) =>
      store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
    const actionOf = async (recordId: string) => store.db.selectFrom('action_item').select('id').where('record_id', '=', recordId).executeTakeFirstOrThrow();
    const record = async (requestId: string, actionDue: string) => {
      const form = await runAction(context, supervisor, 'record.open', { requestId, sessionId: '' });
      const saved = await runAction(context, supervisor, 'record.save', recordValues(form.view, { caseReference: '1048213', actionDue }));
      expect(saved.view.card).not.toBe('record');
    };
    const urgent = { triggerId: 'urgent-matter', urgency: 'urgent', caseReference: '1048213' };

    await raise(context, ava, ids[0], urgent);
    at('2026-11-02T10:30:00Z');
    await runAction(context, supervisor, 'trigger.accept', { requestId: ids[0] });
    at('2026-11-02T11:00:00Z');
    await record(ids[0], '2026-11-13');
    const first = await recordOf(ids[0]);
    expect((await runAction(context, ava, 'record.sign', { recordId: first.id })).view.data.title).toBe('Signed');
    at('2026-11-11T10:00:00Z');
    expect((await runAction(context, ava, 'action.done', { actionId: (await actionOf(first.id)).id })).view.data.title).toBe('Marked done');

    at('2026-11-12T10:00:00Z');
    await raise(context, ava, ids[1], urgent);
    at('2026-11-12T10:15:00Z');
    await runAction(context, supervisor, 'trigger.accept', { requestId: ids[1] });
    // Recorded on Fri 20 Nov: long past the 24 hours.
    at('2026-11-20T10:00:00Z');
    await record(ids[1], '2026-11-24');
    const second = await recordOf(ids[1]);
    at('2026-11-23T09:30:00Z');
    await runAction(context, ava, 'record.dispute', { recordId: second.id, comment: 'The plan agreed was different.' });
    const actionId = (await actionOf(second.id)).id;
    const extend = await runAction(context, ava, 'action.extend-form', { actionId });
    const extensionId = (extend.view.data as { extensionId: string }).extensionId;
    await runAction(context, ava, 'action.extend', { actionId, extensionId, date: '2026-11-27', reason: 'Waiting for the school.' });
    at('2026-11-23T11:00:00Z');
    expect((await runAction(context, supervisor, 'action.extension-agree', { extensionId })).view.data.title).not.toBe("This isn't yours to act on");

    at('2026-11-24T10:00:00Z');
    await raise(context, ava, ids[2], urgent);
    await runAction(context, supervisor, 'trigger.accept', { requestId: ids[2] });

    const now = new Date('2026-12-03T10:00:00Z');
    const report = await recordsReport(context, { month: { year: 2026, month: 11 }, now });
    expect(report.totals).toEqual({
      records: { written: 2, writtenOnTime: 1, writtenLate: 1, outstanding: 1, signed: 2, disagreed: 1, amended: 0, onTimePercent: 33.3 },
      actions: { agreed: 2, due: 2, doneByDate: 1, doneLate: 0, overdue: 1, carriedOrDropped: 0, extended: 1 },
    });
    expect(report.teams.map((team) => team.team)).toEqual(['North']);
    // Another team's report holds none of it; the JSON carries the same figures.
    expect((await recordsReport(context, { month: { year: 2026, month: 11 }, now, teamIds: ['no-such-team'] })).teams).toEqual([]);
    const { text } = await produceReport(context, { month: { year: 2026, month: 11 }, format: 'json', now, actorId: null, via: 'test' });
    expect(JSON.parse(text).records.totals).toEqual(report.totals);
  });
});
