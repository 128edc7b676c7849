// The platforms' documented per-conversation limits: Slack about 1 message a second per channel,
// Teams 7 a second per conversation. Within one process this spaces the sends; across replicas a
// 429 with Retry-After from the platform does the rest.

export const messagesPerSecond: Record<string, number> = { slack: 1, teams: 7 };

export class ConversationRateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly limits: Record<string, number> = messagesPerSecond,
    private readonly monotonicNow: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async wait(platform: string, conversation: string): Promise<void> {
    const perSecond = this.limits[platform];
    if (!perSecond) return;
    const key = `${platform}:${conversation}`;
    const now = this.monotonicNow();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, slot + 1_000 / perSecond);
    if (this.nextSlot.size > 10_000) this.forgetPast(now);
    if (slot > now) await this.sleep(slot - now);
  }

  private forgetPast(now: number): void {
    for (const [key, slot] of this.nextSlot) if (slot < now) this.nextSlot.delete(key);
  }
}
