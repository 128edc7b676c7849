// Cymraeg (issue 21) for what the bot says back about what was typed, and for the manager's report card: a
// Welsh speaker is told in Welsh that a word looks like a name, or that a case reference is not one, and that a
// field is too long; an English speaker sees what they always saw, word for word.
import { describe, expect, it } from 'vitest';
import { runAction, runCommand } from '../../src/flows/router.js';
import type { View } from '../../src/cards/catalog.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { welshTeam, shown } from '../support/welshTeam.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { sweepProviders } from '../../src/flows/sweepProviders.js';

const directory = welshTeam;
const raised = (requestId: string, overrides: Record<string, string> = {}) => ({
  triggerId: 'case-consultation',
  requestId,
  caseReference: '204518',
  urgency: 'priority',
  experience: 'Mae’r teulu wedi symud.',
  goal: 'Cytuno ar y cam nesaf.',
  availability: '',
  ...overrides,
});

describe.each(databases)('Welsh checks and reports on $name', (database) => {
  async function setup() {
    const found = await flowSetup(database, { policy: 'cafcass-cymru', directory, language: null });
    await found.store.db
      .updateTable('person')
      .set({ language: 'cy' })
      .where('email', 'in', ['worker@example.org', 'pm@example.org', 'opsa@example.org'])
      .execute();
    await found.store.db.updateTable('person').set({ language: 'en-GB' }).where('email', '=', 'other@example.org').execute();
    const fresh = await found.store.db.selectFrom('person').selectAll().execute();
    const people = Object.fromEntries(
      Object.entries(found.people).map(([key, person]) => [key, { ...person!, ...fresh.find((row) => row.id === person!.id)! }]),
    );
    return { ...found, people };
  }

  it('tells a Welsh speaker in Welsh that a word looks like a name, and lets Welsh words through', async () => {
    const { context, people } = await setup();
    const worker = people.worker!;
    // Welsh words at the start of a sentence ("Mae", "Tŷ") are not names: this is sent.
    const plain = await runAction(
      context,
      worker,
      'raise.submit',
      raised('0d7a4c8e-1b2f-4a3c-9d5e-6f7a8b9c0d1e', { experience: 'Mae Mam yn poeni. Tŷ Nain yw’r cartref.' }),
    );
    expect(plain.fieldErrors).toBeUndefined();

    const named = await runAction(
      context,
      worker,
      'raise.submit',
      raised('1e8b5d9f-2c3a-4b4d-8e6f-7a8b9c0d1e2f', { experience: 'Dywedodd Jayden Smith fod Mam yn sâl.' }),
    );
    expect(named.fieldErrors).toEqual({
      experience: "“Jayden Smith”: mae'n edrych fel enw. Ysgrifennwch lythrennau blaen (J.S.) neu gyfeirnod yr achos yn lle hynny.",
    });
    expect(named.view.data.namesWarning).toContain('Rhaid i sgwrs byth gynnwys enw plentyn.');
    expect(shown(named.view)).not.toContain('looks like a name');
  });

  it('tells a Welsh speaker in Welsh that a case reference is not one, and that a field is too long', async () => {
    const { context, people } = await setup();
    const worker = people.worker!;
    const wrong = await runAction(context, worker, 'raise.submit', raised('2f9c6e0a-3d4b-4c5e-9f7a-8b9c0d1e2f3a', { caseReference: 'Jayden' }));
    expect(wrong.fieldErrors).toEqual({
      caseReference: "Nid yw hwnnw'n gyfeirnod achos IRIS. Mae'n edrych fel 204518. Peidiwch byth â theipio enw plentyn yma.",
    });
    const long = await runAction(context, worker, 'raise.submit', raised('3a0d7f1b-4e5c-4d6f-8a8b-9c0d1e2f3a4b', { experience: 'x'.repeat(1501) }));
    expect(long.fieldErrors).toEqual({ experience: 'Beth ddigwyddodd: 1,501 nod; cadwch at 1,500.' });
  });

  it("says a form's own checks in Welsh to a Welsh speaker and in English to an English one", async () => {
    const { context, people } = await setup();
    const welsh = await runAction(context, people.worker!, 'settings.save', { reminderTime: 'soon' });
    expect(welsh.fieldErrors).toEqual({ reminderTime: 'Dewiswch amser, ar y ffurf AA:MM.' });
    const english = await runAction(context, people.other!, 'settings.save', { reminderTime: 'soon' });
    expect(english.fieldErrors).toEqual({ reminderTime: 'Choose a time, as HH:MM.' });
    // A button that sends what none sends: said in Welsh.
    const odd = await runAction(context, people.worker!, 'help', { surprise: true });
    expect(odd.view.data).toMatchObject({
      title: "Roedd rhywbeth o'i le â hynny",
      text: 'Anfonodd y botwm hwnnw rywbeth nad oeddwn yn ei ddisgwyl. Dechreuwch eto gyda /supervision.',
    });
  });

  it('reads "away FROM TO" back to a Welsh speaker in Welsh when it cannot', async () => {
    const { context, people } = await setup();
    const backwards = await runCommand(context, people.worker!, 'away 2026-12-24 2026-12-21');
    expect(backwards.view.data).toMatchObject({
      title: 'Pryd fyddwch chi i ffwrdd?',
      text: 'Ni allwn ddarllen hynny: rhaid i TO fod ar FROM neu ar ei ôl. Ni chofnodwyd dim.',
    });
    const wrong = await runCommand(context, people.worker!, 'away yfory 2026-12-21');
    expect(wrong.view.data.text).toContain("nid yw FROM 'yfory' yn ddyddiad; defnyddiwch BBBB-MM-DD");
  });

  it('tells an English speaker what it always did', async () => {
    const { context, people } = await setup();
    const other = people.other!;
    const named = await runAction(context, other, 'raise.submit', raised('4b1e8a2c-5f6d-4e7a-9b9c-0d1e2f3a4b5c', { experience: 'Jayden Smith moved house.' }));
    expect(named.fieldErrors).toEqual({ experience: '“Jayden Smith” looks like a name: write initials (J.S.) or the case reference instead.' });
    expect(named.view.data.namesWarning).toBe(
      "“Jayden Smith” looks like a name: write initials (J.S.) or the case reference instead. Chat must never carry a child's name. If these are not the names of a child or their family (a colleague, another professional), tick Send anyway and send again.",
    );
    const wrong = await runAction(context, other, 'raise.submit', raised('5c2f9b3d-6a7e-4f8b-8c0d-1e2f3a4b5c6d', { caseReference: 'Jayden' }));
    expect(wrong.fieldErrors).toEqual({
      caseReference: "That is not a IRIS case reference. It looks like 204518. Never type a child's name here.",
    });
    const long = await runAction(context, other, 'raise.submit', raised('6d3a0c4e-7b8f-4a9c-9d1e-2f3a4b5c6d7e', { experience: 'x'.repeat(1501) }));
    expect(long.fieldErrors).toEqual({ experience: 'What happened is 1,501 characters; keep it to 1,500.' });
  });

  it('shows a Welsh-speaking manager the oversight report card in Welsh, its figures and buttons, and refuses in Welsh', async () => {
    const { context, people } = await setup();
    const report = await runCommand(context, people.opsa!, 'report 2026-10');
    expect(report.view.card).toBe('report');
    expect(report.view.speech).toBe('cy');
    expect(report.view.data.title).toBe('Adroddiad trosolwg: Hydref 2026');
    const card = shown(report.view);
    for (const welsh of ['Yn ddyledus', 'Cynhaliwyd mewn pryd', "Lawrlwytho'r adroddiad", 'Lawrlwytho fel CSV', "Yn ôl i'r dechrau", 'a beth ddaeth ohoni'])
      expect(card).toContain(welsh);
    for (const english of ['Held on time', 'Download', 'Back to the start', 'Scheduled supervision', 'Oversight report']) expect(card).not.toContain(english);
    // The file offered: its description and message in Welsh; the file's own name as it always was.
    const file = await runAction(context, people.opsa!, 'report.download', { month: '2026-10', format: 'csv' });
    expect(file.file).toMatchObject({ name: 'supervision-report-2026-10.csv' });
    expect(file.view.data.title).toBe('Yr adroddiad fel ffeil');

    const refused = await runCommand(context, people.worker!, 'report');
    expect(refused.view.data.title).toBe("Nid yw'r adroddiad i chi");
    expect(refused.view.data.text).toContain('rheolwyr, uwch reolwyr');
    const badMonth = await runCommand(context, people.opsa!, 'report Awst');
    expect(badMonth.view.data.text).toContain("month: nid yw 'Awst' yn fis.");
  });

  it("shows an English speaker the report's words as before", async () => {
    const { context, people, store } = await setup();
    await store.db.updateTable('person').set({ language: 'en-GB' }).where('id', '=', people.opsa!.id).execute();
    const report = await runCommand(context, { ...people.opsa!, language: 'en-GB' }, 'report 2026-10');
    expect(report.view.data.title).toBe('Oversight report: October 2026');
    expect(report.view.data.summary).toBe(
      "Scheduled supervision that fell due in October 2026 in the teams in your line, and what became of it. Overdue is everything not held by the month's end, whenever it fell due.",
    );
    expect(shown(report.view)).toContain('Held on time');
    const refused = await runCommand(context, people.other!, 'report');
    expect(refused.view.data).toMatchObject({
      title: 'The report is not for you',
      text: "The oversight report is for managers, senior managers and auditors, for the teams in their line. Your own supervision is under /supervision upcoming; a supervisor's team is under /supervision team.",
    });
  });
});

const islington = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
service@example.org,Service Manager E,senior-manager,,,,,U0SERVICE1
north.manager@example.org,Team Manager N,manager,North,service@example.org,,,U0MANAGN1
south.manager@example.org,Team Manager S,manager,South,service@example.org,,,U0MANAGS1
north.supervisor@example.org,Practice Supervisor N,supervisor,North,north.manager@example.org,,,U0SUPERN1
south.supervisor@example.org,Practice Supervisor S,supervisor,South,south.manager@example.org,,,U0SUPERS1
ontime@example.org,Ava On-Time,practitioner,North,north.supervisor@example.org,case-holder,2024-01-08,U0ONTIME1
missed@example.org,Cara Missed,practitioner,South,south.supervisor@example.org,case-holder,2024-01-08,U0MISSED1
`;

describe.each(databases)("the monthly report in its recipient's language on $name", (database) => {
  it('goes to a Welsh-speaking manager in Welsh and to an English-speaking one as before', async () => {
    const { store, clock, context } = await flowSetup(database, { policy: 'islington', directory: islington, at: '2027-01-04T09:00:00Z' });
    await store.db.updateTable('person').set({ language: 'cy' }).where('email', '=', 'north.manager@example.org').execute();
    clock.advance(Date.parse('2027-01-04T09:30:00Z') - clock.now().getTime());
    await new Sweeper(store.db, clock, sweepProviders(context)).sweepOnce();
    const sent = (await store.db.selectFrom('outbox').select(['idempotency_key', 'conversation', 'payload']).orderBy('conversation').execute())
      .filter((row) => row.idempotency_key.startsWith('report-monthly:'))
      .map((row) => ({ to: row.conversation, ...(row.payload as unknown as { text: string; view: View }) }));
    const north = sent.find((row) => row.to === 'U0MANAGN1')!;
    const south = sent.find((row) => row.to === 'U0MANAGS1')!;
    expect(north.text).toBe('Eich adroddiad trosolwg ar gyfer Rhagfyr 2026');
    expect(north.view.speech).toBe('cy');
    expect(north.view.data.title).toBe('Adroddiad trosolwg: Rhagfyr 2026');
    expect(north.view.data.intro).toMatch(/^Anfonwyd ohono'i hun ar y diwrnod gwaith cyntaf ar ôl pob mis/);
    expect(south.text).toBe('Your oversight report for December 2026');
    expect(south.view.data.title).toBe('Oversight report: December 2026');
    expect(south.view.data.intro).toMatch(/^Sent by itself on the first working day after each month, as the policy asks \(/);
  });
});
