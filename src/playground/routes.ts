// The playground: a web page served by the bot that plays a Teams client for the demo people. It is
// a local Bot Framework channel, like the Emulator: it POSTs activities to the bot's own
// /api/messages and receives the bot's replies (and its proactive messages) on a connector endpoint
// of its own. So what you click goes through the Teams code path, not a third one. The demo team has one
// channel, bound to its group supervision by the demo's history, where the person you play can type
// "/supervision group" and read the team's posts, as in a Teams team channel (conversationType "channel"). Files go as in Teams:
// the bot's FileConsentCard shows Allow and Decline, which send fileConsent/invoke with an upload URL on
// the playground's connector; the bot PUTs the file there, and its FileInfoCard links to it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { projectRoot } from '../config/paths.js';
import type { Clock } from '../ports/clock.js';
import type { Database } from '../store/schema.js';
import type { AdjustableClock } from './clock.js';
import { DEMO_DOMAIN, PLAYGROUND_CHANNEL, demoPeople } from './demo.js';
import { Transcripts } from './transcripts.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface PlaygroundOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Present only when the playground owns the bot's clock (no real chat credentials). */
  /** `travel` moves the clock forward by so many minutes, running the sweeper on the way (and delivering). */
  timeTravel?: { clock: AdjustableClock; travel: (minutes: number) => Promise<void> };
  /** The base URL the bot is reached at, known once the server listens. */
  baseUrl: () => string;
}

const conversationOf = (personId: string) => `playground-${personId}`;
const teamsUserOf = (personId: string) => `29:playground-${personId}`;

/** Its transcript's key beside the people's (their ids are UUIDs). */
const CHANNEL_KEY = 'channel';
const channelReference = (connectorUrl: string) => ({
  channelId: 'msteams',
  serviceUrl: connectorUrl,
  conversation: { id: PLAYGROUND_CHANNEL, conversationType: 'channel', tenantId: 'playground' },
  bot: { id: '28:supervision-bot', name: 'Supervision' },
});

/** Where a message is typed or a card pressed: the person's private chat with the bot, or the team channel. */
const where = z.enum(['chat', 'channel'], { error: 'must be chat or channel' }).default('chat');
const sendBody = z.strictObject({ personId: z.string().min(1), where, text: z.string().trim().min(1, { error: 'type something' }).max(2000) });
const invokeBody = z.strictObject({
  personId: z.string().min(1),
  where,
  messageId: z.string().min(1),
  verb: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()).default({}),
});
const fileConsentBody = z.strictObject({
  personId: z.string().min(1),
  messageId: z.string().min(1),
  action: z.enum(['accept', 'decline'], { error: 'must be accept or decline' }),
});
/** What arrives at the connector: a message, possibly with an Adaptive Card, a FileConsentCard or a FileInfoCard. */
const botActivity = z.object({
  text: z.string().optional(),
  attachments: z.array(z.object({ contentType: z.string(), name: z.string().optional(), contentUrl: z.string().optional(), content: z.unknown() })).default([]),
});
const consentContent = z.object({
  description: z.string().default(''),
  sizeInBytes: z.number().default(0),
  acceptContext: z.unknown(),
  declineContext: z.unknown(),
});
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Files the bot sent, kept in memory while the playground runs: the newest few. */
const KEPT_FILES = 50;
const travelBody = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 minute' })
    .max(60 * 24 * 366, { error: 'must be at most a year' }),
});

export function playgroundRouter(options: PlaygroundOptions): Router {
  const transcripts = new Transcripts();
  const files = new Map<string, { name: string; text?: string }>();
  const router = express.Router();
  const connectorUrl = () => `${options.baseUrl()}/playground/connector/`;
  let viewing: string | undefined;

  const people = async () => {
    const rows = await options.db
      .selectFrom('person')
      .innerJoin('chat_identity', 'chat_identity.person_id', 'person.id')
      .select(['person.id', 'person.display_name', 'person.role', 'person.email', 'chat_identity.platform_user_id'])
      .where('chat_identity.platform', '=', 'teams')
      // Only the invented demo people: the playground never speaks for a real person.
      .where('person.email', 'like', `%${DEMO_DOMAIN}`)
      .orderBy('person.display_name')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.display_name,
      role: row.role,
      roleTitle: demoPeople.find((person) => person.email === row.email)?.roleTitle ?? row.role,
      aadObjectId: row.platform_user_id,
      email: row.email,
    }));
  };

  const activityFor = async (personId: string, extra: Record<string, unknown>, place: 'chat' | 'channel' = 'chat') => {
    const person = (await people()).find((candidate) => candidate.id === personId);
    if (!person) return undefined;
    const id = `playground-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    return {
      channelId: 'msteams',
      serviceUrl: connectorUrl(),
      id,
      timestamp: options.clock.now().toISOString(),
      from: { id: teamsUserOf(personId), name: person.name, aadObjectId: person.aadObjectId },
      recipient: { id: '28:supervision-bot', name: 'Supervision' },
      // In a channel, as Teams sends it: in the thread of the message, with the team and channel in channelData.
      conversation:
        place === 'channel'
          ? { id: `${PLAYGROUND_CHANNEL};messageid=${Date.now()}`, conversationType: 'channel', tenantId: 'playground' }
          : { id: conversationOf(personId), conversationType: 'personal', tenantId: 'playground' },
      channelData:
        place === 'channel'
          ? { tenant: { id: 'playground' }, team: { id: PLAYGROUND_CHANNEL, name: 'Demo team' }, channel: { id: PLAYGROUND_CHANNEL, name: 'General' } }
          : { tenant: { id: 'playground' } },
      ...extra,
    };
  };
  /** A message typed in the channel reaches the bot only by mentioning it, as in Teams. */
  const mentioned = (text: string) => ({
    text: `<at>Supervision</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Supervision</at>', mentioned: { id: '28:supervision-bot', name: 'Supervision' } }],
  });
  const transcriptOf = (personId: string, place: 'chat' | 'channel') => (place === 'channel' ? CHANNEL_KEY : personId);

  const postToBot = async (activity: unknown) => {
    const response = await fetch(`${options.baseUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { type?: string; value?: unknown }) : undefined };
  };

  router.use('/static', express.static(path.join(here, 'public'), { index: false }));
  router.get('/vendor/adaptivecards.js', (_request, response) =>
    response.sendFile(path.join(projectRoot, 'node_modules/adaptivecards/dist/adaptivecards.min.js')),
  );
  router.get('/vendor/markdown-it.js', (_request, response) => response.sendFile(path.join(projectRoot, 'node_modules/markdown-it/dist/markdown-it.min.js')));
  router.get('/', (_request, response) => response.sendFile(path.join(here, 'public', 'index.html')));

  router.get('/api/state', async (_request, response) => {
    const list = await people();
    response.json({
      now: options.clock.now().toISOString(),
      timeTravel: options.timeTravel !== undefined,
      // How far time travel has moved the bot's clock on from real time (kept across restarts).
      movedMs: options.timeTravel?.clock.offset ?? 0,
      people: list.map((person) => ({ ...person, unread: transcripts.unreadCount(person.id), messages: transcripts.messages(person.id).length })),
      channel: { name: 'Demo team › General', unread: transcripts.unreadCount(CHANNEL_KEY), messages: transcripts.messages(CHANNEL_KEY).length },
    });
  });

  router.get('/api/chat/:personId', (request, response) => {
    viewing = request.params.personId;
    transcripts.markRead(viewing);
    response.json({ messages: transcripts.messages(viewing) });
  });

  router.get('/api/channel', (_request, response) => {
    viewing = CHANNEL_KEY;
    transcripts.markRead(CHANNEL_KEY);
    response.json({ messages: transcripts.messages(CHANNEL_KEY) });
  });

  router.post('/api/send', express.json(), async (request, response) => {
    const parsed = sendBody.safeParse(request.body);
    if (!parsed.success)
      return void response.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const { personId, where: place, text } = parsed.data;
    const activity = await activityFor(personId, { type: 'message', ...(place === 'channel' ? mentioned(text) : { text }) }, place);
    if (!activity) return void response.status(404).json({ error: 'personId: not a demo person' });
    const key = transcriptOf(personId, place);
    transcripts.add(
      key,
      { from: 'person', at: options.clock.now().toISOString(), text, ...(place === 'channel' ? { author: activity.from.name } : {}) },
      { unread: false },
    );
    const result = await postToBot(activity);
    response.status(result.status === 200 ? 200 : 502).json({ messages: transcripts.messages(key) });
  });

  router.post('/api/invoke', express.json(), async (request, response) => {
    const parsed = invokeBody.safeParse(request.body);
    if (!parsed.success)
      return void response.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const { personId, where: place, messageId, verb, data } = parsed.data;
    const activity = await activityFor(
      personId,
      {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      },
      place,
    );
    if (!activity) return void response.status(404).json({ error: 'personId: not a demo person' });
    const result = await postToBot(activity);
    // An Adaptive Card replaces the one pressed (in a channel, for everyone, as in Teams); a message (as for a file) leaves it and is shown briefly.
    if (result.body?.type === ADAPTIVE_CARD && result.body.value) {
      transcripts.replaceCard(transcriptOf(personId, place), messageId, result.body.value);
      return void response.json({ card: result.body.value });
    }
    if (typeof result.body?.value === 'string') return void response.json({ notice: result.body.value });
    response.status(502).json({ error: 'the bot gave no card' });
  });

  router.post('/api/file-consent', express.json(), async (request, response) => {
    const parsed = fileConsentBody.safeParse(request.body);
    if (!parsed.success)
      return void response.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const { personId, messageId, action } = parsed.data;
    const consent = transcripts.find(personId, messageId)?.fileConsent;
    if (!consent) return void response.status(404).json({ error: 'messageId: no file card there' });
    if (consent.answered) return void response.status(409).json({ error: `already ${consent.answered === 'accept' ? 'allowed' : 'declined'}` });
    const id = randomUUID();
    const uploadInfo = {
      name: consent.name,
      uploadUrl: `${connectorUrl()}uploads/${id}`,
      contentUrl: `${options.baseUrl()}/playground/files/${id}`,
      uniqueId: id,
      fileType: path.extname(consent.name).slice(1),
    };
    const activity = await activityFor(personId, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action,
        context: action === 'accept' ? consent.acceptContext : consent.declineContext,
        ...(action === 'accept' ? { uploadInfo } : {}),
      },
    });
    if (!activity) return void response.status(404).json({ error: 'personId: not a demo person' });
    consent.answered = action;
    if (action === 'accept') {
      files.set(id, { name: consent.name });
      for (const old of [...files.keys()].slice(0, Math.max(0, files.size - KEPT_FILES))) files.delete(old);
    }
    const result = await postToBot(activity);
    response.status(result.status === 200 ? 200 : 502).json({ messages: transcripts.messages(personId) });
  });

  // A file the bot sent, as Teams would open it from its FileInfoCard.
  router.get('/files/:id', (request, response) => {
    const file = files.get(request.params.id);
    if (!file?.text) return void response.status(404).json({ error: 'no such file' });
    response.type('text/plain; charset=utf-8').attachment(file.name).send(file.text);
  });

  router.post('/api/time-travel', express.json(), async (request, response) => {
    if (!options.timeTravel) return void response.status(403).json({ error: 'time travel is off: the bot is running with real chat credentials' });
    const parsed = travelBody.safeParse(request.body);
    if (!parsed.success) return void response.status(400).json({ error: `minutes ${parsed.error.issues[0]?.message}` });
    await options.timeTravel.travel(parsed.data.minutes);
    response.json({ now: options.clock.now().toISOString() });
  });

  // The connector: where the bot's replies and proactive messages arrive, as at a Teams service URL.
  router.post('/connector/v3/conversations/:conversationId/activities{/:replyToId}', express.json({ limit: '1mb' }), (request, response) => {
    const conversationId = String(request.params.conversationId);
    // The channel's posts and replies (in the thread a message started), or a person's private chat.
    const personId = conversationId.startsWith(PLAYGROUND_CHANNEL) ? CHANNEL_KEY : conversationId.replace(/^playground-/, '');
    const parsed = botActivity.safeParse(request.body);
    if (!parsed.success) return void response.status(400).json({ error: 'not an activity' });
    const { text, attachments } = parsed.data;
    const card = attachments.find((attachment) => attachment.contentType === ADAPTIVE_CARD)?.content;
    const consent = attachments.find((attachment) => attachment.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    const consentCard = consent && consentContent.safeParse(consent.content);
    const info = attachments.find((attachment) => attachment.contentType === 'application/vnd.microsoft.teams.card.file.info');
    const stored = transcripts.add(
      personId,
      {
        from: 'bot',
        at: options.clock.now().toISOString(),
        ...(text ? { text } : {}),
        ...(card ? { card } : {}),
        ...(consent && consentCard?.success ? { fileConsent: { name: consent.name ?? 'file', ...consentCard.data } } : {}),
        ...(info?.contentUrl ? { file: { name: info.name ?? 'file', url: new URL(info.contentUrl).pathname } } : {}),
      },
      { unread: personId !== viewing },
    );
    response.json({ id: stored.id });
  });
  // The upload session the bot PUTs an allowed file into (OneDrive's, in Teams).
  router.put('/connector/uploads/:id', express.raw({ type: () => true, limit: '1mb' }), (request, response) => {
    const file = files.get(request.params.id);
    if (!file || file.text !== undefined) return void response.status(404).json({ error: 'no such upload session' });
    file.text = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    response.status(201).json({ id: request.params.id, name: file.name });
  });
  router.get('/connector/v3/conversations/:conversationId/members/:userId', async (request, response) => {
    const personId = String(request.params.userId).replace(/^29:playground-/, '');
    const person = (await people()).find((candidate) => candidate.id === personId);
    if (!person) return void response.status(404).json({ error: { code: 'MemberNotFoundInConversation' } });
    response.json({ id: request.params.userId, name: person.name, email: person.email, userPrincipalName: person.email, aadObjectId: person.aadObjectId });
  });

  return router;
}

/** Points each demo person's Teams identity (never a real person's) at the playground, so proactive messages reach their chat. */
export async function connectDemoConversations(db: Kysely<Database>, baseUrl: string, now: Date): Promise<void> {
  const identities = await db
    .selectFrom('chat_identity')
    .innerJoin('person', 'person.id', 'chat_identity.person_id')
    .select(['chat_identity.person_id', 'chat_identity.platform_user_id'])
    .where('chat_identity.platform', '=', 'teams')
    .where('person.email', 'like', `%${DEMO_DOMAIN}`)
    .execute();
  for (const identity of identities) {
    const reference = {
      channelId: 'msteams',
      serviceUrl: `${baseUrl}/playground/connector/`,
      conversation: { id: conversationOf(identity.person_id), conversationType: 'personal', tenantId: 'playground' },
      user: { id: teamsUserOf(identity.person_id), aadObjectId: identity.platform_user_id },
      bot: { id: '28:supervision-bot', name: 'Supervision' },
    };
    await db
      .updateTable('chat_identity')
      .set({ direct_conversation_id: conversationOf(identity.person_id), conversation_reference: JSON.stringify(reference), updated_at: now })
      .where('platform', '=', 'teams')
      .where('person_id', '=', identity.person_id)
      .execute();
  }
  // The demo team's channel, once set up there: its posts go to this playground's connector.
  await db
    .updateTable('group_channel')
    .set({ conversation_reference: JSON.stringify(channelReference(`${baseUrl}/playground/connector/`)) })
    .where('platform', '=', 'teams')
    .where('conversation_id', '=', PLAYGROUND_CHANNEL)
    .execute();
}

/**
 * Beside real credentials the playground has its own Teams door without Bot Framework authentication,
 * so that door speaks only for the demo people: it can never be used, even from this machine, to act
 * as a real member of staff.
 */
export function demoPeopleOnly(db: Kysely<Database>): RequestHandler {
  return async (request, response, next) => {
    const from = (request.body as { from?: { aadObjectId?: unknown } } | undefined)?.from?.aadObjectId;
    const demo =
      typeof from === 'string' &&
      (await db
        .selectFrom('chat_identity')
        .innerJoin('person', 'person.id', 'chat_identity.person_id')
        .select('person.id')
        .where('chat_identity.platform', '=', 'teams')
        .where('chat_identity.platform_user_id', '=', from)
        .where('person.email', 'like', `%${DEMO_DOMAIN}`)
        .executeTakeFirst());
    if (!demo) return void response.status(403).json({ error: 'the playground acts only for demo people' });
    next();
  };
}
