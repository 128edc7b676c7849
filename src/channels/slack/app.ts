// Slack in, flows, cards out. /supervision is a slash command answered with an ephemeral card (only
// the person sees it, wherever they type it); buttons arrive as block_actions and forms as
// view_submission. Bolt verifies every request's signature (v0 HMAC, 5-minute window); replay.ts, before it,
// refuses a signature seen already or a timestamp from the future. When the database cannot be reached, each
// kind of request gets "try again" in its own form (a message, a reply beside the card, a modal over the form). A file (a signed
// record) goes to the person's direct messages with the app (files.uploadV2): an ephemeral message cannot
// carry one, so the ephemeral answer says where it went. A command typed in a channel carries the
// channel, for group supervision; a form opened there brings it back in its private_metadata, which
// only the app can set.
import { App, ExpressReceiver, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Application } from 'express';
import { renderCard } from '../../cards/render.js';
import { modalErrors, modalValues, toBlockKit, verbOf } from '../../cards/slack/toBlockKit.js';
import { identify } from '../../directory/identify.js';
import { message, type Actor, type FileOffer, type FlowContext, type FlowResult, type Place } from '../../flows/context.js';
import { fileSourceId, takeFile } from '../../flows/files.js';
import { runAction, runCommand } from '../../flows/router.js';
import { systemClock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { isDatabaseUnavailable } from '../../store/open.js';
import { TRY_AGAIN_TEXT } from '../tryAgain.js';
import { refuseReplays, replayCheckOf } from './replay.js';

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Socket Mode: no public URL needed. */
  appToken?: string;
  /** Base URL of the Slack Web API, e.g. http://127.0.0.1:4000/api/ for tests and proxies. */
  apiUrl?: string;
}

export interface SlackChannel {
  app: App;
  /** Connects Socket Mode; over HTTP the routes are already on the server. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A public (C) or private (G) channel; a direct message (D) is a personal chat. */
function channelPlace(channelId: unknown): Place | undefined {
  return typeof channelId === 'string' && /^[CG][A-Z0-9]{2,}$/.test(channelId) ? { kind: 'channel', platform: 'slack', conversationId: channelId } : undefined;
}

/** Over a form the person filled in: closing it takes them back to what they typed. */
const tryAgainModal = {
  type: 'modal',
  title: { type: 'plain_text', text: 'Please try again' }, // a modal's title has 24 characters at most
  close: { type: 'plain_text', text: 'Back' },
  blocks: [{ type: 'section', text: { type: 'plain_text', text: TRY_AGAIN_TEXT } }],
};

export function createSlackChannel(settings: SlackSettings, expressApp: Application, flows: FlowContext, logger: Logger): SlackChannel {
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {};
  // Before the receiver's own route, so that a replay is refused before Bolt runs anything.
  if (!settings.appToken)
    expressApp.post(
      '/slack/events',
      ...refuseReplays({ db: flows.db, signingSecret: settings.signingSecret, logger, signingClock: systemClock, clock: flows.clock }),
    );
  const app = settings.appToken
    ? new App({ token: settings.botToken, appToken: settings.appToken, socketMode: true, clientOptions, logLevel: LogLevel.WARN })
    : new App({
        token: settings.botToken,
        receiver: new ExpressReceiver({
          signingSecret: settings.signingSecret,
          app: expressApp,
          endpoints: '/slack/events',
          logLevel: LogLevel.WARN,
          customPropertiesExtractor: replayCheckOf,
        }),
        clientOptions,
        logLevel: LogLevel.WARN,
      });

  /** Runs a listener's work; a database that cannot be reached (now, or when the replay check asked it) is answered by `tryAgain`. */
  const unlessUnreachable = async (context: Record<string, unknown>, work: () => Promise<void>, tryAgain: () => Promise<unknown>) => {
    const unreachable = async (code: unknown) => {
      logger.warn({ code }, 'Slack request not done: database unreachable');
      await tryAgain();
    };
    if (context.databaseUnreachable === true) return unreachable('replay check');
    try {
      await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      await unreachable((error as { code?: unknown }).code);
    }
  };

  const actorOf = async (userId: string, client: WebClient) => {
    const found = await identify({
      db: flows.db,
      ...(flows.directory ? { cache: flows.directory } : {}),
      platform: 'slack',
      platformUserId: userId,
      now: flows.clock.now(),
      lookupEmail: async () => {
        try {
          const info = await client.users.info({ user: userId });
          return info.user?.profile?.email;
        } catch (error) {
          logger.warn({ error: (error as Error).message }, 'Slack users.info failed');
          return undefined;
        }
      },
    });
    if (found.known && found.directConversationId === null) {
      // Messages to a user id go to the app's direct messages with them.
      await flows.db
        .updateTable('chat_identity')
        .set({ direct_conversation_id: userId })
        .where('platform', '=', 'slack')
        .where('platform_user_id', '=', userId)
        .where('direct_conversation_id', 'is', null)
        .execute();
    }
    return found;
  };

  /** Authorised again and audited as it is sent; the answer to show in place of the card's reply. */
  const sendFile = async (client: WebClient, userId: string, person: Actor, offer: FileOffer): Promise<FlowResult> => {
    const taken = await takeFile(flows, person, offer);
    if (!taken.ok) return taken.result;
    try {
      const opened = await client.conversations.open({ users: userId });
      if (!opened.channel?.id) throw new Error('conversations.open gave no channel');
      await client.filesUploadV2({
        channel_id: opened.channel.id,
        file: Buffer.from(taken.text, 'utf8'),
        filename: taken.name,
        title: taken.name,
        initial_comment: taken.description,
      });
      logger.info({ fileOf: fileSourceId(offer), personId: person.id }, 'Slack file sent');
      return message('Sent to your direct messages', `I sent ${taken.name} to your direct messages with me: a message only you can see cannot carry a file.`);
    } catch (error) {
      logger.error({ fileOf: fileSourceId(offer), error: (error as Error).message }, 'Slack file upload failed');
      return message('The file did not arrive', 'Slack did not take the file. Press the button again in a minute.');
    }
  };

  app.command('/supervision', async ({ command, ack, client, context }) => {
    let acked = false;
    await unlessUnreachable(
      context,
      async () => {
        const found = await actorOf(command.user_id, client);
        const result = found.known
          ? await runCommand(flows, found.person, command.text ?? '', channelPlace(command.channel_id))
          : message('Welcome', found.message);
        const slack = toBlockKit(result.view.card, renderCard(result.view));
        acked = true;
        if (slack.kind === 'modal') {
          await ack();
          await client.views.open({ trigger_id: command.trigger_id, view: slack.view as never });
          return;
        }
        await ack({ response_type: 'ephemeral', text: slack.text, blocks: slack.blocks as never });
      },
      async () => {
        if (!acked) await ack({ response_type: 'ephemeral', text: TRY_AGAIN_TEXT });
      },
    );
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async ({ ack, body, action, client, respond, context }) => {
    await ack();
    if (action.type !== 'button' || action.url) return; // a link button: Slack opened it
    const answer = async () => {
      const found = await actorOf(body.user.id, client);
      let data: unknown;
      try {
        data = JSON.parse(action.value ?? '{}');
      } catch {
        data = { invalid: true };
      }
      // A button inside a form (Add another action) takes what was typed with it, as the form's submit does.
      if (body.view?.type === 'modal' && typeof data === 'object' && data !== null)
        data = { ...metadataOf(body.view.private_metadata), ...modalValues(body.view.state as never), ...data };
      const result: FlowResult = found.known ? await runAction(flows, found.person, verbOf(action.action_id), data) : message('Welcome', found.message);
      if (found.known && result.file) {
        // The card pressed stays; the answer comes beside it.
        const sent = await sendFile(client, body.user.id, found.person, result.file);
        const reply = toBlockKit(sent.view.card, renderCard(sent.view));
        if (reply.kind !== 'message') return;
        if (body.response_url) await respond({ replace_original: false, response_type: 'ephemeral', text: reply.text, blocks: reply.blocks as never });
        else await client.chat.postMessage({ channel: body.user.id, text: reply.text, blocks: reply.blocks as never });
        return;
      }
      const slack = toBlockKit(result.view.card, renderCard(result.view));
      if (slack.kind === 'modal') {
        // The form pressed in is replaced in place; its hash refuses the update if it changed meanwhile.
        if (body.view?.id) await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: slack.view as never });
        else await client.views.open({ trigger_id: body.trigger_id, view: slack.view as never });
      } else if (body.response_url) {
        await respond({ replace_original: true, response_type: 'ephemeral', text: slack.text, blocks: slack.blocks as never });
      } else {
        await client.chat.postMessage({ channel: body.user.id, text: slack.text, blocks: slack.blocks as never });
      }
    };
    await unlessUnreachable(context, answer, async () => {
      // Beside the card pressed, which stays, so it can be pressed again.
      if (body.response_url) await respond({ replace_original: false, response_type: 'ephemeral', text: TRY_AGAIN_TEXT });
      else await client.chat.postMessage({ channel: body.user.id, text: TRY_AGAIN_TEXT });
    });
  });

  app.view(/.*/, async ({ ack, view, body, client, context }) => {
    let acked = false;
    const answer = async () => {
      const found = await actorOf(body.user.id, client);
      if (!found.known) {
        acked = true;
        await ack();
        return;
      }
      const metadata = metadataOf(view.private_metadata);
      const result = await runAction(
        flows,
        found.person,
        view.callback_id,
        { ...metadata, ...modalValues(view.state as never) },
        channelPlace(metadata.channel),
      );
      acked = true;
      const slack = toBlockKit(result.view.card, renderCard(result.view));
      // Errors go by their fields, unless the form grew a field (e.g. "Send anyway"): then it is shown anew, errors and all.
      if (result.fieldErrors && Object.keys(result.fieldErrors).length > 0 && !(slack.kind === 'modal' && growsInputs(slack.view, view.state))) {
        await ack(modalErrors(result.fieldErrors) as never);
        return;
      }
      if (slack.kind === 'modal') {
        await ack({ response_action: 'update', view: slack.view as never });
        return;
      }
      await ack();
      await client.chat.postMessage({ channel: body.user.id, text: slack.text, blocks: slack.blocks as never });
    };
    await unlessUnreachable(context, answer, async () => {
      if (!acked) await ack({ response_action: 'push', view: tryAgainModal as never });
    });
  });

  app.error(async (error) => {
    logger.error({ error: error.message, code: (error as { code?: string }).code }, 'Slack handler failed');
  });

  return {
    app,
    start: async () => {
      if (settings.appToken) await app.start();
    },
    stop: async () => {
      if (settings.appToken) await app.stop();
    },
  };
}

/** A modal's private_metadata: the data of its submit button, which only the app can set. */
function metadataOf(privateMetadata: string | undefined): Record<string, unknown> {
  try {
    return privateMetadata ? (JSON.parse(privateMetadata) as Record<string, unknown>) : {};
  } catch {
    return { invalid: true };
  }
}

/** Whether a modal about to replace a submitted one has an input the submitted one had not. */
function growsInputs(next: { blocks?: unknown[] }, submitted: unknown): boolean {
  const had = new Set(Object.keys((submitted as { values?: Record<string, unknown> } | undefined)?.values ?? {}));
  return (next.blocks ?? []).some((block) => {
    const { type, block_id } = block as { type?: string; block_id?: string };
    return type === 'input' && block_id !== undefined && !had.has(block_id);
  });
}
