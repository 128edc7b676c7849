// The port every outgoing message leaves through: Teams, Slack, the playground, or a test fake.

export interface OutgoingMessage {
  /** Unique for the side effect: a retry or a second replica sends the same key. */
  idempotencyKey: string;
  platform: string;
  /** The platform's conversation (Slack channel or DM id, Teams conversation id). */
  conversation: string;
  payload: Record<string, unknown>;
}

export type SendResult =
  | { ok: true }
  /** retryAfterMs: the platform said when to try again (HTTP 429 Retry-After). permanent: do not retry. */
  | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean };

export interface Messenger {
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** Sends each message through the messenger registered for its platform. */
export class MessengerByPlatform implements Messenger {
  constructor(private readonly messengers: Record<string, Messenger>) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const messenger = this.messengers[message.platform];
    if (!messenger) return { ok: false, permanent: true, error: `no messenger for platform '${message.platform}'` };
    return messenger.send(message);
  }
}
