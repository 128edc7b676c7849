// Each demo person's chat with the bot, and the demo team's channel, kept in memory while the playground runs.
import { randomUUID } from 'node:crypto';

export interface ChatMessage {
  id: string;
  from: 'person' | 'bot';
  /** Who typed it, in the channel, where everyone's messages are in one transcript. */
  author?: string;
  at: string;
  text?: string;
  card?: unknown;
  /** The Bot Framework activity id of a bot message, for replies and in-place updates. */
  activityId?: string;
  /** A FileConsentCard: the bot asks to send a file; answered once Allow or Decline is pressed. */
  fileConsent?: { name: string; description: string; sizeInBytes: number; acceptContext: unknown; declineContext: unknown; answered?: 'accept' | 'decline' };
  /** A FileInfoCard: a file the bot sent, served by the playground. */
  file?: { name: string; url: string };
}

export class Transcripts {
  private readonly chats = new Map<string, ChatMessage[]>();
  private readonly unread = new Map<string, number>();

  messages(personId: string): ChatMessage[] {
    return this.chats.get(personId) ?? [];
  }

  add(personId: string, message: Omit<ChatMessage, 'id'>, options: { unread: boolean }): ChatMessage {
    const stored = { id: randomUUID(), ...message };
    const list = this.chats.get(personId) ?? [];
    list.push(stored);
    if (list.length > 500) list.splice(0, list.length - 500);
    this.chats.set(personId, list);
    if (options.unread) this.unread.set(personId, (this.unread.get(personId) ?? 0) + 1);
    return stored;
  }

  replaceCard(personId: string, messageId: string, card: unknown): boolean {
    const found = this.find(personId, messageId);
    if (!found) return false;
    found.card = card;
    return true;
  }

  find(personId: string, messageId: string): ChatMessage | undefined {
    return this.messages(personId).find((message) => message.id === messageId);
  }

  unreadCount(personId: string): number {
    return this.unread.get(personId) ?? 0;
  }

  markRead(personId: string): void {
    this.unread.delete(personId);
  }
}
