// The oversight report's "Download as CSV" in Teams (issue 20): the FileConsentCard in the personal chat
// carries only the month; when it is allowed, the bot reads the presser's line again and puts the CSV of
// their teams only into the upload session. A manager of another team who sends the same consent gets their
// own team's figures, a consent naming teams is not one the bot made, and a practitioner gets nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { cardText, directoryCsv, postTeams, SIGNING_SECRET, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';

const NORTH_MANAGER = { id: '29:north-manager', aadObjectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };
const SOUTH_MANAGER = { id: '29:south-manager', aadObjectId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' };
const NAME = 'supervision-report-2026-10.csv';
const HEADER = 'month,team,person,person_id,kind,due,on_time,late,not_held,on_leave,not_yet_due,overdue';

type Activity = { attachments?: { contentType: string; name?: string; content: Record<string, unknown> }[] };
type Card = { actions?: { title?: string; verb?: string; data?: Record<string, unknown> }[] };

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
  // The harness's North team, its manager now in Teams, and a South team with a manager of its own.
  const text = `${directoryCsv.replace('manager@example.org,Team Manager A,manager,North,,,,U0MANAGER,', `manager@example.org,Team Manager A,manager,North,,,,U0MANAGER,${NORTH_MANAGER.aadObjectId}`)}south.manager@example.org,Team Manager S,manager,South,,,,U0MANAGS1,${SOUTH_MANAGER.aadObjectId}
south.supervisor@example.org,Practice Supervisor S,supervisor,South,south.manager@example.org,,,U0SUPERS1,
south.worker@example.org,Social Worker T,practitioner,South,south.supervisor@example.org,established,2024-01-08,U0SOUTHW1,
`;
  const result = await importDirectory({ db: harness.store.db, pack: pack('cafcass').pack, fileName: 'staff.csv', text, now: harness.clock.now() });
  expect(result.ok).toBe(true);
  for (const person of [NORTH_MANAGER, SOUTH_MANAGER, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
});
afterAll(async () => harness.close());

const consent = (from: { id: string; aadObjectId: string }, context: Record<string, unknown>, id: string) =>
  postTeams(harness, {
    ...teamsActivity(harness, { from }),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action: 'accept',
      context,
      uploadInfo: {
        name: NAME,
        uploadUrl: `${harness.connector.url}uploads/${id}`,
        contentUrl: `https://contoso.sharepoint.com/personal/manager/Documents/Applications/Supervision/${NAME}`,
        uniqueId: '2250D938-8870-4044-9F2C-5BBDEBA70C9D',
        fileType: 'csv',
      },
    },
  });
const lastCard = () => (harness.connector.sent.at(-1)!.activity as Activity).attachments![0]!;
const reportAudit = () =>
  harness.store.db
    .selectFrom('audit_log')
    .innerJoin('person', 'person.id', 'audit_log.actor_id')
    .select(['person.email', 'audit_log.action'])
    .where('audit_log.action', 'in', ['report.download', 'report.refused'])
    .orderBy('audit_log.id')
    .execute();

describe('the oversight report as a file in Teams', () => {
  it("asks consent for the month's CSV, then uploads the North manager's team only, never South's", async () => {
    await postTeams(harness, teamsActivity(harness, { from: NORTH_MANAGER, text: 'report' }));
    const card = lastCard();
    const shown = cardText(card.content);
    expect(shown).toContain('Oversight report: October 2026');
    expect(shown).toContain('North');
    expect(shown).not.toContain('South');
    const download = (card.content as Card).actions!.find((action) => action.verb === 'report.download' && action.data?.format === 'csv')!;
    expect(download).toMatchObject({ title: 'Download as CSV', data: { month: '2026-10', format: 'csv' } });

    const pressed = await postTeams(harness, teamsActivity(harness, { from: NORTH_MANAGER, invoke: { verb: download.verb!, data: download.data! } }));
    expect(pressed.body).toMatchObject({ value: `To get ${NAME}, press Allow on the file card I have just sent.` });
    const offer = lastCard();
    expect(offer).toMatchObject({
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: NAME,
      content: { acceptContext: { reportMonth: '2026-10', format: 'csv' }, declineContext: { reportMonth: '2026-10', format: 'csv' } },
    });
    expect(harness.connector.uploads).toHaveLength(0);

    await consent(NORTH_MANAGER, offer.content.acceptContext as Record<string, unknown>, 'r1');
    expect(harness.connector.uploads).toHaveLength(1);
    const csv = harness.connector.uploads[0]!.text;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^2026-10,North,Social Worker C,/);
    expect(lastCard()).toMatchObject({ contentType: 'application/vnd.microsoft.teams.card.file.info', name: NAME });
  });

  it("gives another team's manager who sends the same consent their own team's figures, and refuses a forged consent or a practitioner", async () => {
    await consent(SOUTH_MANAGER, { reportMonth: '2026-10', format: 'csv' }, 'r2');
    expect(harness.connector.uploads).toHaveLength(2);
    const south = harness.connector.uploads[1]!.text;
    expect(south).toContain('2026-10,South,Social Worker T,');
    expect(south).not.toContain('North');
    expect(south).not.toContain('Social Worker C');

    // A consent naming teams is not one the bot made: nothing is counted or sent.
    await consent(SOUTH_MANAGER, { reportMonth: '2026-10', format: 'csv', teamIds: ['north'] }, 'r3');
    expect(cardText(lastCard().content)).toContain('That file card is not one I know');
    // A practitioner is refused, at the moment of sending too.
    await consent(TEAMS.practitioner, { reportMonth: '2026-10', format: 'csv' }, 'r4');
    expect(cardText(lastCard().content)).toContain('The report is not for you');
    expect(harness.connector.uploads.map((upload) => upload.id)).toEqual(['r1', 'r2']);

    expect(await reportAudit()).toEqual([
      { email: 'manager@example.org', action: 'report.download' },
      { email: 'south.manager@example.org', action: 'report.download' },
      { email: 'worker@example.org', action: 'report.refused' },
    ]);
  });
});

describe('the oversight report as a file in Slack', () => {
  const click = async (user: string, value: Record<string, unknown>) => {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: user },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-${user}`,
        response_url: `${harness.slack.responseUrl}${user}`,
        container: { type: 'message', is_ephemeral: true },
        actions: [{ type: 'button', block_id: 'b1', action_ts: '1', action_id: 'report.download', value: JSON.stringify(value) }],
      }),
    }).toString();
    const before = harness.slack.responses.length;
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    expect(response.status).toBe(200);
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
    return harness.slack.responses.at(-1)!;
  };

  it("uploads each manager's own team only to their direct messages, whoever's card they press, and nothing to a practitioner", async () => {
    const uploads = harness.slack.uploads.length;
    const north = await click('U0MANAGER', { month: '2026-10', format: 'csv' });
    expect(JSON.stringify(north.blocks)).toContain(`I sent ${NAME} to your direct messages with me`);
    const south = await click('U0MANAGS1', { month: '2026-10', format: 'csv' });
    expect(JSON.stringify(south.blocks)).toContain(`I sent ${NAME} to your direct messages with me`);
    const [northCsv, southCsv] = harness.slack.uploads.slice(uploads).map((upload) => upload.text);
    expect(northCsv).toContain('2026-10,North,Social Worker C,');
    expect(northCsv).not.toContain('South');
    expect(southCsv).toContain('2026-10,South,Social Worker T,');
    expect(southCsv).not.toContain('North');

    // A forged button naming teams, and a practitioner's press: nothing uploaded.
    expect(JSON.stringify((await click('U0MANAGS1', { month: '2026-10', format: 'csv', teamIds: ['north'] })).blocks)).toContain(
      'Something was wrong with that',
    );
    expect(JSON.stringify((await click('U0WORKER1', { month: '2026-10', format: 'csv' })).blocks)).toContain('The report is not for you');
    expect(harness.slack.uploads).toHaveLength(uploads + 2);
  });
});
