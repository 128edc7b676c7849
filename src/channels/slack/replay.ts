// Slack signs each request (v0 HMAC over its timestamp and body) and Bolt takes a signature for five minutes,
// so a request captured on the way could be sent again meanwhile and run again (`away` three times made three
// absences). Here, before Bolt: a timestamp further ahead than clock skew is refused, and each good signature is
// kept in the store until it is too old for Bolt, keyed, so a second sending, to this replica or another, is
// refused. Both refusals are logged and audited by ids; a bad signature is left to Bolt, which refuses it.
import { isValidSlackRequest } from '@slack/bolt';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { writeAudit } from '../../store/audit.js';
import { isDatabaseUnavailable } from '../../store/open.js';
import type { Database } from '../../store/schema.js';

/** Bolt refuses a timestamp older than this. */
const WINDOW_MS = 5 * 60_000;
/** How far a sender's clock (or another replica's) may run ahead of this one's. */
export const CLOCK_SKEW_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;
/** Bolt's own limit for a request body. */
const BODY_LIMIT = '4mb';

/** What the check found, for the listeners: whether the store could be asked. */
export const UNCHECKED = 'slackReplayUnchecked';

export interface ReplayOptions {
  db: Kysely<Database>;
  signingSecret: string;
  logger: Logger;
  /** Slack's clock, which signs: the real one, even when the bot's own clock is another. */
  signingClock: Clock;
  /** The bot's clock, for the audit log. */
  clock: Clock;
}

/** The middleware for POST /slack/events, to run before Bolt's (which then reads the body it keeps). */
export function refuseReplays(options: ReplayOptions): (RequestHandler | ErrorRequestHandler)[] {
  let prunedAt = -Infinity;
  const refuse = async (request: Request, action: string, signature: string, timestamp: number) => {
    options.logger.warn(
      { requestTimestamp: timestamp },
      action === 'slack.replay_refused' ? 'Slack request refused: replayed' : 'Slack request refused: timestamp in the future',
    );
    await writeAudit(options.db, {
      at: options.clock.now(),
      actorId: null,
      action,
      objectType: 'slack_request',
      objectId: signature,
      detail: { requestTimestamp: timestamp, bytes: (request.body as Buffer).length },
    });
  };

  const check: RequestHandler = async (request, response, next) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // Bolt reads the body from here rather than from the stream, which this middleware has read.
    (request as Request & { rawBody?: Buffer }).rawBody = raw;
    const signature = request.headers['x-slack-signature'];
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    const now = options.signingClock.now().getTime();
    const signed =
      typeof signature === 'string' &&
      Number.isInteger(timestamp) &&
      isValidSlackRequest({
        signingSecret: options.signingSecret,
        body: raw.toString('utf8'),
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      });
    if (!signed) return next(); // Bolt refuses it, and says why
    try {
      if (timestamp * 1000 > now + CLOCK_SKEW_MS) {
        await refuse(request, 'slack.future_timestamp_refused', signature, timestamp);
        return void response.status(401).end();
      }
      const kept = await options.db
        .insertInto('slack_request_seen')
        .values({ signature, expires_at: new Date(timestamp * 1000 + WINDOW_MS + CLOCK_SKEW_MS) })
        .onConflict((conflict) => conflict.column('signature').doNothing())
        .returning('signature')
        .executeTakeFirst();
      if (!kept) {
        await refuse(request, 'slack.replay_refused', signature, timestamp);
        return void response.status(401).end();
      }
      if (now - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = now;
        await options.db.deleteFrom('slack_request_seen').where('expires_at', '<', new Date(now)).execute();
      }
      next();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        options.logger.error({ code: (error as { code?: unknown }).code }, 'Slack replay check failed');
        return void response.status(500).end();
      }
      // Nothing can run without the database: the listeners answer "try again" and run nothing.
      (request as Request & { [UNCHECKED]?: boolean })[UNCHECKED] = true;
      next();
    }
  };

  // A body too large or unreadable: a bare status, as Bolt gives, never Express's HTML page; the body is not logged.
  const unreadable: ErrorRequestHandler = (error: { type?: string; status?: number }, request, response, _next) => {
    const status = error.type === 'entity.too.large' ? 413 : typeof error.status === 'number' && error.status < 500 ? error.status : 500;
    options.logger.warn({ bytes: Number(request.headers['content-length']) || undefined, status }, 'Slack request refused: body unreadable');
    response.status(status).end();
  };

  return [express.raw({ type: () => true, limit: BODY_LIMIT }), check, unreadable];
}

/** For Bolt's customPropertiesExtractor: tells the listeners the database could not be asked. */
export function replayCheckOf(request: Request): { databaseUnreachable: boolean } {
  return { databaseUnreachable: (request as Request & { [UNCHECKED]?: boolean })[UNCHECKED] === true };
}
