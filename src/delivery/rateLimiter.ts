// The platforms' documented per-conversation limits: Slack about 1 message a second per channel,
// Teams 7 a second per conversation. Within one process this spaces the sends; across replicas a
// 429 with Retry-After from the platform does the rest. The dispatcher asks which conversations are
// cooling and claims others' messages first, so a busy conversation waits alone.

export const messagesPerSecond: Record<string, number> = { slack: 1, teams: 7 };

/** What the dispatcher asks of a limiter; one without cooling() lets every conversation be claimed. */
export interface RateLimiter {
  /** Resolves at this conversation's next slot, and takes it. */
  wait(platform: string, conversation: string): Promise<void>;
  /** The conversations, as `platform:conversation`, whose next slot is still to come. */
  cooling?(): string[];
}

export const conversationKey = (platform: string, conversation: string) => `${platform}:${conversation}`;

export class ConversationRateLimiter implements RateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly limits: Record<string, number> = messagesPerSecond,
    private readonly monotonicNow: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async wait(platform: string, conversation: string): Promise<void> {
    const perSecond = this.limits[platform];
    if (!perSecond) return;
    const key = conversationKey(platform, conversation);
    const now = this.monotonicNow();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, slot + 1_000 / perSecond);
    if (this.nextSlot.size > 10_000) this.cooling();
    if (slot > now) await this.sleep(slot - now);
  }

  cooling(): string[] {
    const now = this.monotonicNow();
    const cooling: string[] = [];
    for (const [key, slot] of this.nextSlot) {
      if (slot > now) cooling.push(key);
      else this.nextSlot.delete(key); // its slot has come: as if never sent to
    }
    return cooling;
  }
}
