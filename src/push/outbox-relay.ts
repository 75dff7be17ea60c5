import type { Hub } from '../hub';
import { isRedisReady } from '../queues/redis';
import { PushService } from './push-service';

/** Queues pushes that reached the outbox but not the queue (the API process died, or Redis was away). */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private readonly service: PushService;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs = 2_000,
  ) {
    this.service = new PushService(hub);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<number> {
    if (!this.hub.hasDatabase() || !isRedisReady(this.hub.producer)) return 0;
    try {
      const stuck = await this.hub.stores.pushes.unrelayed(this.intervalMs);
      for (const push of stuck) await this.service.relay(push);
      return stuck.length;
    } catch (error) {
      this.hub.log.warn({ err: (error as Error).message }, 'outbox relay paused');
      return 0;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
