import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { isRedisReady } from '../queues/redis';
import type { IngestJobData } from './ingest-job';
import { INGEST_JOB_OPTIONS } from './receiver';

/**
 * Deliveries accepted into PostgreSQL while Redis was away are moved to the ingest queue once it
 * is back. Each row is queued before it leaves the inbox, so a crash in between queues it twice at
 * worst, and the idempotent upsert writes it once.
 */
export class InboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly hub: Hub,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<number> {
    if (this.running || !this.hub.hasDatabase() || !isRedisReady(this.hub.producer)) return 0;
    this.running = true;
    let moved = 0;
    try {
      for (;;) {
        const batch = await this.hub.stores.webhookDeliveries.inbox(200);
        if (batch.length === 0) break;
        for (const d of batch) {
          const job: IngestJobData = {
            integrationId: d.integrationId,
            platform: d.platform,
            topic: d.topic,
            deliveryKey: d.deliveryKey,
            eventKey: d.eventKey,
            receivedAt: d.receivedAt.getTime(),
            headers: d.headers,
            body: d.body.toString('base64'),
            deliveryRowId: d.id,
          };
          await this.hub.queues[QUEUES.ingest].add(d.topic, job, INGEST_JOB_OPTIONS);
          await this.hub.stores.webhookDeliveries.setStatus(d.id, 'accepted', 'relayed from the inbox');
          moved++;
        }
      }
    } catch (error) {
      this.hub.log.warn({ err: (error as Error).message }, 'inbox relay paused');
    } finally {
      this.running = false;
    }
    if (moved > 0) this.hub.log.info({ moved }, 'relayed webhook deliveries from the inbox');
    return moved;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
