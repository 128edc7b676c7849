// The playground: a web page served by the bot that plays a Teams client for the demo people. It is
// a local Bot Framework channel, like the Emulator: it POSTs activities to the bot's own
// /api/messages and receives the bot's replies (and its proactive messages) on a connector endpoint
// of its own. So what you click goes through the Teams code path, not a third one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { projectRoot } from '../config/paths.js';
import type { Clock } from '../ports/clock.js';
import type { Database } from '../store/schema.js';
import type { AdjustableClock } from './clock.js';
import { DEMO_DOMAIN, demoPeople } from './demo.js';
import { Transcripts } from './transcripts.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface PlaygroundOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Present only when the playground owns the bot's clock (no real chat credentials). */
  timeTravel?: { clock: AdjustableClock; afterTravel: () => Promise<void> };
  /** The base URL the bot is reached at, known once the server listens. */
  baseUrl: () => string;
}

const conversationOf = (personId: string) => `playground-${personId}`;
const teamsUserOf = (personId: string) => `29:playground-${personId}`;

const sendBody = z.strictObject({ personId: z.string().min(1), text: z.string().trim().min(1, { error: 'type something' }).max(2000) });
const invokeBody = z.strictObject({
  personId: z.string().min(1),
  messageId: z.string().min(1),
  verb: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()).default({}),
});
const travelBody = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1, { error: 'must be at least 1 minute' })
    .max(60 * 24 * 366, { error: 'must be at most a year' }),
});

export function playgroundRouter(options: PlaygroundOptions): Router {
  const transcripts = new Transcripts();
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

  const activityFor = async (personId: string, extra: Record<string, unknown>) => {
    const person = (await people()).find((candidate) => candidate.id === personId);
    if (!person) return undefined;
    return {
      channelId: 'msteams',
      serviceUrl: connectorUrl(),
      id: `playground-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      timestamp: options.clock.now().toISOString(),
      from: { id: teamsUserOf(personId), name: person.name, aadObjectId: person.aadObjectId },
      recipient: { id: '28:supervision-bot', name: 'Supervision' },
      conversation: { id: conversationOf(personId), conversationType: 'personal', tenantId: 'playground' },
      channelData: { tenant: { id: 'playground' } },
      ...extra,
    };
  };

  const postToBot = async (activity: unknown) => {
    const response = await fetch(`${options.baseUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as { value?: unknown }) : undefined };
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
      people: list.map((person) => ({ ...person, unread: transcripts.unreadCount(person.id), messages: transcripts.messages(person.id).length })),
    });
  });

  router.get('/api/chat/:personId', (request, response) => {
    viewing = request.params.personId;
    transcripts.markRead(viewing);
    response.json({ messages: transcripts.messages(viewing) });
  });

  router.post('/api/send', express.json(), async (request, response) => {
    const parsed = sendBody.safeParse(request.body);
    if (!parsed.success)
      return void response.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const activity = await activityFor(parsed.data.personId, { type: 'message', text: parsed.data.text });
    if (!activity) return void response.status(404).json({ error: 'personId: not a demo person' });
    transcripts.add(parsed.data.personId, { from: 'person', at: options.clock.now().toISOString(), text: parsed.data.text }, { unread: false });
    const result = await postToBot(activity);
    response.status(result.status === 200 ? 200 : 502).json({ messages: transcripts.messages(parsed.data.personId) });
  });

  router.post('/api/invoke', express.json(), async (request, response) => {
    const parsed = invokeBody.safeParse(request.body);
    if (!parsed.success)
      return void response.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const { personId, messageId, verb, data } = parsed.data;
    const activity = await activityFor(personId, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    if (!activity) return void response.status(404).json({ error: 'personId: not a demo person' });
    const result = await postToBot(activity);
    const card = result.body?.value;
    if (card) transcripts.replaceCard(personId, messageId, card);
    response.status(card ? 200 : 502).json({ card });
  });

  router.post('/api/time-travel', express.json(), async (request, response) => {
    if (!options.timeTravel) return void response.status(403).json({ error: 'time travel is off: the bot is running with real chat credentials' });
    const parsed = travelBody.safeParse(request.body);
    if (!parsed.success) return void response.status(400).json({ error: `minutes ${parsed.error.issues[0]?.message}` });
    options.timeTravel.clock.advance(parsed.data.minutes * 60_000);
    await options.timeTravel.afterTravel();
    response.json({ now: options.clock.now().toISOString() });
  });

  // The connector: where the bot's replies and proactive messages arrive, as at a Teams service URL.
  router.post('/connector/v3/conversations/:conversationId/activities{/:replyToId}', express.json({ limit: '1mb' }), (request, response) => {
    const personId = String(request.params.conversationId).replace(/^playground-/, '');
    const activity = request.body as { id?: string; text?: string; attachments?: { contentType: string; content: unknown }[] };
    const card = activity.attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
    const stored = transcripts.add(
      personId,
      { from: 'bot', at: options.clock.now().toISOString(), ...(activity.text ? { text: activity.text } : {}), ...(card ? { card } : {}) },
      { unread: personId !== viewing },
    );
    response.json({ id: stored.id });
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
