// Bexley quality assuring supervision c) in the month's report (issue 20): "Supervision records will be viewed at
// a minimum, bi-monthly". The pack's `reporting.recordsViewed` says two calendar months; the report says, for each
// person supervised, whether someone above them in the line opened a signed record of theirs in that window, from
// the audit log. History made through chat, on PGlite and PostgreSQL: in August Ava's and Ben's records are written
// and signed, and the team manager opens Ben's; in October the team manager opens Ava's, the auditor opens Ben's
// (not in his line) and another team's manager is refused Ben's. Cara has no record. November's report (October
// and November): Ava viewed, Ben not, Cara nothing to view; September's (August and September): Ben viewed, Ava not.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { takeFile } from '../../src/flows/files.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { Actor } from '../../src/flows/context.js';
import { produceReport } from '../../src/reports/produce.js';
import { databases } from '../support/databases.js';
import { flowSetup, raise, type FlowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
head@example.org,Head of Service H,senior-manager,,,,,U0HEAD0001
north.manager@example.org,Team Manager N,manager,North,head@example.org,,,U0MANAGN1
auditor@example.org,Auditor Q,auditor,,,,,U0AUDITOR
south.manager@example.org,Team Manager S,manager,South,head@example.org,,,U0MANAGS1
north.supervisor@example.org,Practice Supervisor N,supervisor,North,north.manager@example.org,,,U0SUPERN1
ava@example.org,Ava North,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0AVA0001
ben@example.org,Ben North,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0BEN0001
cara@example.org,Cara North,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0CARA001
`;

const AVA_CASE = 'ICS-55012';
const BEN_CASE = 'ICS-66023';

async function history(database: (typeof databases)[number]): Promise<FlowSetup> {
  const setup = await flowSetup(database, { policy: 'bexley', directory, at: '2026-08-03T09:00:00Z' });
  const { context, people, store, clock } = setup;
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const supervisor = people['north.supervisor']!;
  const recorded = async (who: 'ava' | 'ben', requestId: string, caseReference: string) => {
    await raise(context, people[who]!, requestId, { triggerId: 'child-protection', caseReference, experience: 'At the visit.', goal: 'A decision.' });
    expect((await runAction(context, supervisor, 'trigger.accept', { requestId })).view.data.title).toBe('You accepted this request');
    const form = await runAction(context, supervisor, 'record.open', { requestId });
    const saved = await runAction(context, supervisor, 'record.save', recordValues(form.view, { caseReference, actionDue: '2026-08-28' }));
    expect(saved.view.data.title, JSON.stringify(saved.fieldErrors)).toBe(`Sent to ${people[who]!.display_name} to sign`);
    const record = await store.db.selectFrom('record').select('id').where('trigger_request_id', '=', requestId).executeTakeFirstOrThrow();
    expect((await runAction(context, people[who]!, 'record.sign', { recordId: record.id })).view.data.title).toBe('Signed');
  };
  await recorded('ava', '0a000000-0000-4000-8000-000000000001', AVA_CASE);
  await recorded('ben', '0b000000-0000-4000-8000-000000000002', BEN_CASE);

  /** `who` lists the case's records in chat and opens the first they are shown. */
  const opens = async (who: string, caseReference: string) => {
    const list = await runCommand(context, people[who]!, `records ${caseReference}`);
    const first = (list.view.data as { records?: { verb: string; recordId: string }[] }).records?.[0];
    expect(first, `${who} is shown no record of ${caseReference}`).toBeDefined();
    return runAction(context, people[who]!, first!.verb, { recordId: first!.recordId });
  };
  at('2026-08-20T10:00:00Z');
  expect((await opens('north.manager', BEN_CASE)).view.card).toBe('case-file');
  at('2026-10-14T10:00:00Z');
  expect((await opens('north.manager', AVA_CASE)).view.card).toBe('case-file');
  expect((await opens('auditor', BEN_CASE)).view.card).toBe('case-file');
  const bens = await store.db.selectFrom('record').select('id').where('case_reference', '=', BEN_CASE).executeTakeFirstOrThrow();
  expect((await runAction(context, people['south.manager']!, 'record.show', { recordId: bens.id })).view.data.title).toBe("This isn't yours to read");
  at('2026-12-03T10:00:00Z');
  return setup;
}

/** The report file `actor` gets from the report card's button for `format`. */
async function reportFile(setup: FlowSetup, actor: Actor, month: string, format: 'csv' | 'html'): Promise<string> {
  const card = await runCommand(setup.context, actor, `report ${month}`);
  const button = (renderCard(card.view).actions as { verb?: string; data?: { format?: string } }[]).find(
    (action) => action.verb === 'report.download' && action.data?.format === format,
  )!;
  const offered = await runAction(setup.context, actor, button.verb!, button.data);
  const taken = await takeFile(setup.context, actor, offered.file!);
  expect(taken.ok).toBe(true);
  return taken.ok ? taken.text : '';
}

/** November's `recordsViewed` in the JSON the command line writes. */
async function novemberJson(setup: FlowSetup) {
  const { text } = await produceReport(setup.context, { month: { year: 2026, month: 11 }, format: 'json', now: setup.clock.now(), actorId: null, via: 'test' });
  return JSON.parse(text).recordsViewed;
}

/** Each person's records-viewed cell in the CSV (the last column), once per person. */
const viewedColumn = (csv: string) => {
  const [header, ...rows] = csv.trim().split('\n');
  expect(header!.split(',').at(-1)).toBe('records_viewed');
  return Object.fromEntries(rows.map((row) => [row.split(',')[2], row.split(',').at(-1)]));
};

describe.each(databases)('records viewed by a manager (Bexley QA c) on $name', (database) => {
  it("Bexley QA c: the team manager's report says whose records someone above them opened in the last two months, from the audit log", async () => {
    const setup = await history(database);
    const manager = setup.people['north.manager']!;

    // November: the window is October and November. The auditor's reading and the refused one do not count.
    expect(viewedColumn(await reportFile(setup, manager, '2026-11', 'csv'))).toEqual({ 'Ava North': 'yes', 'Ben North': 'no', 'Cara North': 'no records' });
    const page = await reportFile(setup, manager, '2026-11', 'html');
    expect(page).toContain('<h2>Records viewed by a manager, 2026-10-01 to 2026-11-30</h2>');
    expect(page).toContain('Bexley supervision policy, quality assuring supervision c)');
    expect(page).toContain(
      '<tr><td>Ava North</td><td class="text">North</td><td>1</td><td class="text">Yes</td><td>2026-10-14</td><td class="text">Team Manager N</td></tr>',
    );
    expect(page).toContain('<tr><td>Ben North</td><td class="text">North</td><td>1</td><td class="text">No</td><td>—</td><td class="text">—</td></tr>');
    expect(page).toContain('<tr><td>North</td><td>3</td><td>2</td><td>1</td><td>1</td><td>50%</td></tr>');

    // September: August and September, when the team manager opened Ben's and nobody above Ava opened hers.
    expect(viewedColumn(await reportFile(setup, manager, '2026-09', 'csv'))).toEqual({ 'Ava North': 'no', 'Ben North': 'yes', 'Cara North': 'no records' });

    // The JSON (the command line's) carries the same, nested by team.
    const viewed = await novemberJson(setup);
    expect(viewed).toMatchObject({ withinMonths: 2, from: '2026-10-01', to: '2026-11-30' });
    expect(viewed.totals).toEqual({ people: 3, withRecords: 2, viewed: 1, notViewed: 1, viewedPercent: 50 });
    expect(
      viewed.teams[0].rows.map((row: { person: string; viewed: boolean; lastViewedBy: string | null }) => [row.person, row.viewed, row.lastViewedBy]),
    ).toEqual([
      ['Ava North', true, 'Team Manager N'],
      ['Ben North', false, null],
      ['Cara North', false, null],
    ]);
  });

  it('leaves the records-viewed figures out where the pack has no such rule', async () => {
    const setup = await flowSetup(database, { policy: 'islington', directory, at: '2026-12-03T10:00:00Z' });
    const csv = await reportFile(setup, setup.people['north.manager']!, '2026-11', 'csv');
    expect(csv.split('\n')[0]).toBe('month,team,person,person_id,kind,due,on_time,late,not_held,on_leave,not_yet_due,overdue');
    expect(await novemberJson(setup)).toBeNull();
  });
});
