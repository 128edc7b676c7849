// "Download as a file" over HTTP, as the platforms do it. Teams: a FileConsentCard in the personal chat,
// the fileConsent/invoke Teams sends when it is allowed, the PUT into the upload session, the FileInfoCard.
// Slack: files.uploadV2 into the person's direct messages, and an ephemeral answer saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/directory/importDirectory.js';
import { SIGNING_SECRET, cardText, directoryCsv, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { slackSignature } from '../support/fakePlatforms.js';
import { pack } from '../support/packs.js';
import { walkSlack, walkTeams } from '../support/walk.js';

const OTHER = { id: '29:other', aadObjectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' };
/** The file's name: the case, the day held (Mon 23 Nov 2026), the version and the start of the record's id. */
const nameOf = (recordId: string) => `supervision-CF-204518-2026-11-23-v1-${recordId.replace(/-/g, '').slice(0, 6)}.txt`;
let NAME = '';
const childrenNames = ['Jayden Okoro', 'Amelia Hart'];

type Card = { body: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
type Activity = { attachments?: { contentType: string; name?: string; contentUrl?: string; content: Record<string, unknown> }[] };

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBot();
  // A practitioner in the same team, who may not read a colleague's records.
  const result = await importDirectory({
    db: harness.store.db,
    pack: pack('cafcass').pack,
    fileName: 'staff.csv',
    text: `${directoryCsv}other@example.org,Social Worker F,practitioner,North,supervisor@example.org,nqsw,2026-09-07,U0OTHER01,${OTHER.aadObjectId}\n`,
    now: harness.clock.now(),
  });
  expect(result.ok).toBe(true);
});
afterAll(async () => harness.close());

/** The case-file text of the one record signed by `walk`, as the bot queued it for the supervisor. */
async function signedRecord(walk: () => Promise<void>) {
  const records = () => harness.store.db.selectFrom('record').select('id').execute();
  const before = new Set((await records()).map((row) => row.id));
  await walk();
  const made = (await records()).filter((row) => !before.has(row.id));
  expect(made).toHaveLength(1);
  const record = made[0]!;
  const row = await harness.store.db
    .selectFrom('outbox')
    .select('payload')
    .where('idempotency_key', '=', `record:${record.id}:signed`)
    .executeTakeFirstOrThrow();
  return { recordId: record.id, text: (row.payload as { view: { data: { text: string } } }).view.data.text };
}

const downloads = () =>
  harness.store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'record.download%').orderBy('id').execute();

describe('Download as a file in Teams', () => {
  let record: { recordId: string; text: string };
  let download: { verb?: string; data?: Record<string, unknown> };

  const invoke = async (from: typeof OTHER, verb: string, data: Record<string, unknown>) =>
    postTeams(harness, teamsActivity(harness, { from, invoke: { verb, data } }));
  const consent = (from: typeof OTHER, value: Record<string, unknown>, conversationType: 'personal' | 'channel' = 'personal') =>
    postTeams(harness, {
      ...teamsActivity(harness, { from, conversationType }),
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', ...value },
    });
  const uploadInfo = (id: string) => ({
    name: NAME,
    uploadUrl: `${harness.connector.url}uploads/${id}`,
    contentUrl: `https://contoso.sharepoint.com/personal/supervisor/Documents/Applications/Supervision/${NAME}`,
    uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
    fileType: 'txt',
  });
  const lastCardText = () => cardText((harness.connector.sent.at(-1)!.activity as Activity).attachments![0]!.content);

  beforeAll(async () => {
    for (const person of [TEAMS.supervisor, TEAMS.practitioner, OTHER]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
    record = await signedRecord(() => walkTeams(harness, 'harm-or-risk', pack('cafcass').pack.triggers['harm-or-risk']!, 'CF-204518'));
    NAME = nameOf(record.recordId);
    const caseFile = harness.connector.sent
      .map((sent) => (sent.activity as Activity).attachments?.[0]?.content as Card | undefined)
      .find((card) => card && cardText(card).includes('copy this to the case file'))!;
    download = caseFile.actions!.find((action) => action.verb === 'record.download')!;
  });

  it('asks consent in the personal chat, then puts exactly the case-file text into the upload session and shows the file', async () => {
    expect(download).toMatchObject({ verb: 'record.download', data: { recordId: record.recordId } });
    const before = harness.connector.sent.length;
    const pressed = await invoke(TEAMS.supervisor, 'record.download', download.data!);
    // The card pressed stays as it was: Teams shows a line, and the consent card comes into the chat.
    expect(pressed.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: `To get ${NAME}, press Allow on the file card I have just sent.`,
    });
    const sent = harness.connector.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(decodeURIComponent(sent[0]!.path)).toContain(`/v3/conversations/a:personal-${TEAMS.supervisor.id}/activities`);
    const card = (sent[0]!.activity as Activity).attachments![0]!;
    expect(card).toMatchObject({
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: NAME,
      content: { sizeInBytes: Buffer.byteLength(record.text), acceptContext: { recordId: record.recordId }, declineContext: { recordId: record.recordId } },
    });
    // The card carries the record's id, never its content.
    expect(JSON.stringify(sent[0]!.activity)).not.toContain('Written.');
    expect(harness.connector.uploads).toHaveLength(0);
    expect(await downloads()).toEqual([]);

    const allowed = await consent(TEAMS.supervisor, { action: 'accept', context: card.content.acceptContext, uploadInfo: uploadInfo('u1') });
    expect(allowed.status).toBe(200);
    expect(harness.connector.uploads).toEqual([
      { id: 'u1', contentRange: `bytes 0-${Buffer.byteLength(record.text) - 1}/${Buffer.byteLength(record.text)}`, text: record.text },
    ]);
    expect(record.text).toContain('ChildFirst supervision record\nCase reference: CF-204518');
    expect(harness.connector.sent.at(-1)!.activity).toMatchObject({
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.card.file.info',
          name: NAME,
          contentUrl: uploadInfo('u1').contentUrl,
          content: { uniqueId: uploadInfo('u1').uniqueId, fileType: 'txt' },
        },
      ],
    });
    const supervisor = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'supervisor@example.org').executeTakeFirstOrThrow();
    expect(await downloads()).toEqual([{ action: 'record.download', actor_id: supervisor.id }]);
  });

  it("tells someone who may not read the record that it isn't theirs, and sends them nothing, even with a consent of their own", async () => {
    const before = harness.connector.sent.length;
    const pressed = await invoke(OTHER, 'record.download', download.data!);
    expect(cardText(pressed.body!.value)).toContain("This isn't yours to read");
    expect(harness.connector.sent.length).toBe(before);

    const forged = await consent(OTHER, { action: 'accept', context: { recordId: record.recordId }, uploadInfo: uploadInfo('u2') });
    expect(forged.status).toBe(200);
    expect(lastCardText()).toContain("This isn't yours to read");
    expect(harness.connector.uploads.map((upload) => upload.id)).toEqual(['u1']);
    expect((await downloads()).map((entry) => entry.action)).toEqual(['record.download', 'record.download.refused', 'record.download.refused']);
  });

  it('sends nothing when the file is declined, when the consent is not one it made, or outside a personal chat', async () => {
    await consent(TEAMS.supervisor, { action: 'decline', context: { recordId: record.recordId } });
    expect(lastCardText()).toContain('Nothing was sent');

    await consent(TEAMS.supervisor, {
      action: 'accept',
      context: { recordId: record.recordId },
      uploadInfo: { ...uploadInfo('u3'), uploadUrl: 'http://example.org/u3' },
    });
    expect(lastCardText()).toContain('uploadInfo.uploadUrl: the upload URL must be HTTPS');
    await consent(TEAMS.supervisor, { action: 'accept', context: { recordId: record.recordId }, uploadInfo: { ...uploadInfo('u3'), uploadUrl: 'not a url' } });
    expect(lastCardText()).toContain('uploadInfo.uploadUrl: the upload URL is not a URL');
    await consent(TEAMS.supervisor, { action: 'accept', context: { recordId: record.recordId, text: record.text }, uploadInfo: uploadInfo('u4') });
    expect(lastCardText()).toContain('That file card is not one I know');
    await consent(TEAMS.supervisor, { action: 'accept', context: { recordId: record.recordId } });
    expect(lastCardText()).toContain('uploadInfo: the upload has no upload information');

    await consent(TEAMS.supervisor, { action: 'accept', context: { recordId: record.recordId }, uploadInfo: uploadInfo('u5') }, 'channel');
    expect(lastCardText()).toContain("Let's talk in private");
    expect(harness.connector.uploads.map((upload) => upload.id)).toEqual(['u1']);
  });
});

describe('Download as a file in Slack', () => {
  let record: { recordId: string; text: string };
  let button: { action_id: string; value: string };

  const click = async (user: string, pressed: { action_id: string; value: string }) => {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T0TEST' },
        user: { id: user },
        api_app_id: 'A0TEST',
        trigger_id: `trigger-${user}`,
        response_url: `${harness.slack.responseUrl}${user}`,
        container: { type: 'message', is_ephemeral: false },
        actions: [{ type: 'button', block_id: 'b1', action_ts: '1', ...pressed }],
      }),
    }).toString();
    const before = harness.slack.responses.length;
    const response = await fetch(`${harness.bot.url}/slack/events`, { method: 'POST', headers: slackSignature(SIGNING_SECRET, body), body });
    expect(response.status).toBe(200);
    await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
    return harness.slack.responses.at(-1)!;
  };

  it('puts exactly the case-file text into the direct messages with the app, and says so in the ephemeral answer', async () => {
    // From here on the supervisor is reached in Slack: forget the Teams conversations.
    await harness.store.db
      .updateTable('chat_identity')
      .set({ conversation_reference: null, direct_conversation_id: null })
      .where('platform', '=', 'teams')
      .execute();
    record = await signedRecord(() => walkSlack(harness, 'harm-or-risk', pack('cafcass').pack.triggers['harm-or-risk']!, 'CF-204518'));
    NAME = nameOf(record.recordId);
    const posted = harness.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.args.channel === 'U0SUPERV1').at(-1)!;
    const elements = (posted.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).flatMap((block) => block.elements ?? []);
    button = elements.find((element) => element.action_id?.startsWith('record.download'))!;
    expect(JSON.parse(button.value)).toMatchObject({ recordId: record.recordId });
    const calls = harness.slack.calls.length;
    const answer = await click('U0SUPERV1', button);
    expect(answer).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(JSON.stringify(answer.blocks)).toContain(`I sent ${NAME} to your direct messages with me`);
    const made = harness.slack.calls.slice(calls).filter((call) => call.method !== 'auth.test');
    expect(made.map((call) => call.method)).toEqual(['conversations.open', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(made[0]!.args).toMatchObject({ users: 'U0SUPERV1' });
    expect(made[1]!.args).toMatchObject({ filename: NAME, length: String(Buffer.byteLength(record.text)) });
    expect(made[2]!.args).toMatchObject({ channel_id: 'D0SUPERV1' });
    const fileId = JSON.parse(String(made[2]!.args.files))[0].id as string;
    expect(harness.slack.uploads).toEqual([{ fileId, name: expect.any(String), text: record.text }]);
    expect(record.text).toContain('ChildFirst supervision record\nCase reference: CF-204518');
  });

  it("tells someone who may not read the record that it isn't theirs, and uploads nothing", async () => {
    const calls = harness.slack.calls.length;
    const answer = await click('U0OTHER01', button);
    expect(JSON.stringify(answer.blocks)).toContain("This isn't yours to read");
    expect(harness.slack.calls.slice(calls).map((call) => call.method)).not.toContain('files.getUploadURLExternal');
    expect(harness.slack.uploads).toHaveLength(1);
  });

  it("puts no child's name in any file, on either platform", () => {
    const files = JSON.stringify([harness.connector.uploads, harness.slack.uploads, harness.slack.calls.filter((call) => call.method.startsWith('files.'))]);
    expect(files).toContain('CF-204518');
    for (const name of childrenNames) expect(files).not.toContain(name);
  });
});
