// "/supervision report" in chat (issue 20): the oversight report of the teams in the person's line, as a card
// of headline figures with "Download as CSV". Islington, August 2026, a history whose answers are known by
// construction (as test/reports/scheduledReport.test.ts): in North one held on time, one late after the
// bank holiday moved the due date; in South one not held, one on leave across the due date. Each team has
// its own manager; a service manager is above both; an auditor sees all. On PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import type { Actor } from '../../src/flows/context.js';
import { takeFile } from '../../src/flows/files.js';
import { runAction, runCommand } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup, held as heldSession, type FlowSetup } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,senior-manager,,,,,U0SERVICE1
north.manager@example.org,Team Manager N,manager,North,service@example.org,,,U0MANAGN1
south.manager@example.org,Team Manager S,manager,South,service@example.org,,,U0MANAGS1
auditor@example.org,Auditor Q,auditor,,,,,U0AUDITOR
north.supervisor@example.org,Practice Supervisor N,supervisor,North,north.manager@example.org,,,U0SUPERN1
south.supervisor@example.org,Practice Supervisor S,supervisor,South,south.manager@example.org,,,U0SUPERS1
ontime@example.org,Ava On-Time,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0ONTIME1
late@example.org,Ben Late,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0LATE001
missed@example.org,Cara Missed,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0MISSED1
away@example.org,Dan Away,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0AWAY001
`;

const NORTH = { team: 'North', due: '2', onTime: '1 (50%)', late: '1', notHeld: '0', onLeave: '0', overdue: '0' };
const SOUTH = { team: 'South', due: '2', onTime: '0 (0%)', late: '0', notHeld: '1', onLeave: '1', overdue: '1' };
const HEADER = 'month,team,person,person_id,kind,due,on_time,late,not_held,on_leave,not_yet_due,overdue';

/** August 2026's history, then the clock at Mon 7 Sep 2026, 10:00 London time. */
async function history(database: (typeof databases)[number]): Promise<FlowSetup> {
  const setup = await flowSetup(database, { policy: 'islington', directory, at: '2026-08-03T09:00:00Z' });
  const { people, context, clock } = setup;
  const held = (who: string, supervisor: string, at: string) => heldSession(setup, who, supervisor, at);
  for (const [who, supervisor] of [
    ['ontime', 'north.supervisor'],
    ['late', 'north.supervisor'],
    ['missed', 'south.supervisor'],
    ['away', 'south.supervisor'],
  ] as const)
    await held(who, supervisor, '2026-07-15T09:00:00Z');
  await held('ontime', 'north.supervisor', '2026-08-20T09:00:00Z');
  // Mon 31 Aug, the bank holiday: after Fri 28 Aug, the due date, so late.
  await held('late', 'north.supervisor', '2026-08-31T09:00:00Z');
  expect((await runCommand(context, people.away!, 'away 2026-08-24 2026-09-04')).view.data.text).toContain('You are away from');
  clock.advance(Date.parse('2026-09-07T09:00:00Z') - clock.now().getTime());
  return setup;
}

type Data = Record<string, unknown> & { teams?: Record<string, string>[]; title?: string; text?: string };
const dataOf = (result: { view: { data: unknown } }) => result.view.data as Data;

describe.each(databases)('the oversight report in chat on $name', (database) => {
  it("shows a team manager the last full month's headline figures of their own team only, citing the pack's rule, and audits it", async () => {
    const { context, people, store } = await history(database);
    const shown = await runCommand(context, people['north.manager']!, '/supervision report');
    expect(shown.view.card).toBe('report');
    const data = dataOf(shown);
    expect(data.title).toBe('Oversight report: August 2026');
    expect(data.teams).toEqual([NORTH]);
    expect(data.rule).toBe('Islington case management supervision policy, section "Team Manager Supervision and oversight"');
    expect(data.covers).toBe("Counted: Formal one-to-one case supervision, the kinds the policy's report covers.");
    expect(JSON.stringify(data)).not.toContain('South');

    // The home card offers it to managers and auditors, not to practitioners or supervisors; its button gives the same card.
    const homeChoices = async (who: string) =>
      ((await runCommand(context, people[who]!, '')).view.data as { choices: { verb: string }[] }).choices.map((choice) => choice.verb);
    expect(await homeChoices('north.manager')).toContain('report');
    expect(await homeChoices('auditor')).toContain('report');
    expect(await homeChoices('north.supervisor')).not.toContain('report');
    expect(await homeChoices('ontime')).not.toContain('report');
    expect(dataOf(await runAction(context, people['north.manager']!, 'report', {})).teams).toEqual([NORTH]);

    // The service manager above both teams sees both; the auditor sees every team.
    expect(dataOf(await runCommand(context, people.service!, 'report')).teams).toEqual([NORTH, SOUTH]);
    expect(dataOf(await runCommand(context, people.auditor!, 'report 2026-08')).teams).toEqual([NORTH, SOUTH]);

    const north = await store.db.selectFrom('team').select('id').where('name', '=', 'North').executeTakeFirstOrThrow();
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'object_id', 'detail'])
      .where('action', 'like', 'report.%')
      .orderBy('id')
      .execute();
    expect(audit[0]).toEqual({
      actor_id: people['north.manager']!.id,
      action: 'report.produced',
      object_id: people['north.manager']!.id,
      detail: { month: '2026-08', format: 'card', via: 'chat', teams: [north.id], people: 2 },
    });
    expect(audit.map((entry) => entry.action)).toEqual(['report.produced', 'report.produced', 'report.produced', 'report.produced']);
    // Ids only: no name of anyone reported on.
    expect(JSON.stringify(audit)).not.toMatch(/Ava|Ben|Cara|Dan/);
  });

  it('refuses practitioners and supervisors with a clear message, audited as a refusal, and names what a bad month may be', async () => {
    const { context, people, store } = await history(database);
    for (const who of ['ontime', 'north.supervisor'] as const) {
      const refused = await runCommand(context, people[who]!, 'report');
      expect(refused.view.card).toBe('message');
      expect(dataOf(refused).title).toBe('The report is not for you');
      expect(dataOf(refused).text).toContain('The oversight report is for managers, senior managers and auditors, for the teams in their line.');
    }
    const refusals = await store.db.selectFrom('audit_log').select(['actor_id', 'action']).where('action', '=', 'report.refused').orderBy('id').execute();
    expect(refusals).toEqual([
      { actor_id: people.ontime!.id, action: 'report.refused' },
      { actor_id: people['north.supervisor']!.id, action: 'report.refused' },
    ]);

    const manager = people['north.manager']!;
    const bad = dataOf(await runCommand(context, manager, 'report August'));
    expect(bad.text).toBe(
      "month: 'August' is not a month. Give a month as YYYY-MM, up to this one (2026-09): for example /supervision report 2026-08. Without one, you get the last full month.",
    );
    expect(dataOf(await runCommand(context, manager, 'report 2026-13')).text).toContain("month: '2026-13' is not a month. Give a month as YYYY-MM");
    expect(dataOf(await runCommand(context, manager, 'report 2026-10')).text).toContain(
      'month: 2026-10 has not begun. Give a month as YYYY-MM, up to this one (2026-09)',
    );
    // This month so far is allowed: counted to today.
    const september = await runCommand(context, manager, 'report 2026-09');
    expect(dataOf(september).title).toBe('Oversight report: September 2026');
    expect(dataOf(september).summary).toContain('counted to Mon 7 Sep 2026');
    // September's case supervision is due by Wed 30 Sep: due, and not yet.
    expect(dataOf(september).teams).toEqual([expect.objectContaining({ team: 'North', due: '2 (2 not yet due)' })]);
  });

  it("sends the CSV and the HTML page of only the presser's teams: a forged card, another manager's press or a forged file source never widens it", async () => {
    const { context, people, store } = await history(database);
    const northManager = people['north.manager']!;
    const southManager = people['south.manager']!;
    const card = await runCommand(context, northManager, 'report');
    const buttons = (renderCard(card.view).actions as { verb?: string; title?: string; data?: Record<string, unknown> }[]).filter(
      (action) => action.verb === 'report.download',
    );
    expect(buttons).toMatchObject([
      { title: 'Download the report', data: { month: '2026-08', format: 'html' } },
      { title: 'Download as CSV', data: { month: '2026-08', format: 'csv' } },
    ]);
    const button = buttons[1]!;

    const offered = await runAction(context, northManager, button.verb!, button.data);
    expect(offered.file).toMatchObject({ reportMonth: '2026-08', format: 'csv', name: 'supervision-report-2026-08.csv' });
    const taken = await takeFile(context, northManager, offered.file!);
    expect(taken).toMatchObject({ ok: true, name: 'supervision-report-2026-08.csv' });
    const csv = taken.ok ? taken.text : '';
    expect(csv).toBe(
      [HEADER, `2026-08,North,Ava On-Time,${people.ontime!.id},case,1,1,0,0,0,0,0`, `2026-08,North,Ben Late,${people.late!.id},case,1,0,1,0,0,0,0`, ''].join(
        '\n',
      ),
    );
    expect(offered.file!.bytes).toBe(Buffer.byteLength(csv));

    // The same button pressed by the South manager (a forwarded card): South's own figures, never North's.
    const forwarded = await takeFile(context, southManager, offered.file!);
    const southCsv = forwarded.ok ? forwarded.text : '';
    expect(southCsv).toContain('Cara Missed');
    expect(southCsv).not.toContain('North');

    // A forged card naming a team is refused before anything is counted.
    const forged = await runAction(context, southManager, 'report.download', { month: '2026-08', format: 'csv', teamIds: ['anything'] });
    expect(forged.file).toBeUndefined();
    expect(dataOf(forged).title).toBe('Something was wrong with that');
    // A forged file source for a practitioner: refused, nothing sent.
    const practitioner = await takeFile(context, people.ontime! as Actor, { reportMonth: '2026-08', format: 'csv' });
    expect(practitioner.ok).toBe(false);
    // A month not begun is refused at the moment of sending too.
    expect((await takeFile(context, northManager, { reportMonth: '2027-01', format: 'csv' })).ok).toBe(false);

    const north = await store.db.selectFrom('team').select('id').where('name', '=', 'North').executeTakeFirstOrThrow();
    const downloads = await store.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'detail'])
      .where('action', 'in', ['report.download', 'report.refused'])
      .orderBy('id')
      .execute();
    expect(downloads.map((entry) => [entry.actor_id, entry.action])).toEqual([
      [northManager.id, 'report.download'],
      [southManager.id, 'report.download'],
      [people.ontime!.id, 'report.refused'],
    ]);
    expect(downloads[0]!.detail).toEqual({ month: '2026-08', format: 'csv', via: 'file', teams: [north.id], people: 2 });

    // "Download the report": the HTML page, North's people only, charts inline; a forwarded press gives South's own.
    const page = await runAction(context, northManager, buttons[0]!.verb!, buttons[0]!.data);
    expect(page.file).toMatchObject({ reportMonth: '2026-08', format: 'html', name: 'supervision-report-2026-08.html' });
    const html = await takeFile(context, northManager, page.file!);
    const text = html.ok ? html.text : '';
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).toContain('Ava On-Time');
    expect(text).not.toContain('Cara Missed');
    expect(text).toContain('<svg ');
    const southPage = await takeFile(context, southManager, page.file!);
    expect(southPage.ok && southPage.text).toContain('Cara Missed');
    expect(southPage.ok && southPage.text).not.toContain('Ava On-Time');
  });
});
