import type { Hub } from '../hub';

/** Drops raw deliveries older than WEBHOOK_RETENTION_DAYS, once an hour. */
export class DeliveryRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs = 3_600_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<number> {
    if (!this.hub.hasDatabase()) return 0;
    const cutoff = new Date(Date.now() - this.hub.config.webhookRetentionDays * 86_400_000);
    try {
      const removed = await this.hub.stores.webhookDeliveries.prune(cutoff);
      if (removed > 0)
        this.hub.log.info({ removed, before: cutoff.toISOString() }, 'pruned raw webhook deliveries');
      return removed;
    } catch (error) {
      this.hub.log.warn({ err: (error as Error).message }, 'retention pass failed');
      return 0;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
