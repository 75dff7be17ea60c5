import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { isRedisReady } from '../queues/redis';
import { markSeen } from './acceptor';
import { type IngestJobData, encodeBody } from './ingest-job';
import { INGEST_JOB_OPTIONS } from './ingest-options';

/**
 * Deliveries accepted into PostgreSQL while Redis was away are moved to the ingest queue once it
 * is back. A batch leaves the inbox in the transaction that queues it: a crash in between leaves
 * it in the inbox (queued twice at worst, and the idempotent upsert writes it once), and two
 * worker processes never take the same rows. Each relayed delivery is marked as seen in Redis,
 * so that the platform's retry of it is a duplicate like any other.
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
        const taken = await this.hub.stores.webhookDeliveries.takeInbox(200, async (batch) => {
          const jobs: IngestJobData[] = batch.map((d) => ({
            integrationId: d.integrationId,
            platform: d.platform,
            topic: d.topic,
            deliveryKey: d.deliveryKey,
            eventKey: d.eventKey,
            receivedAt: d.receivedAt.getTime(),
            headers: d.headers,
            ...encodeBody(d.body),
            deliveryRowId: d.id,
          }));
          await this.hub.queues[QUEUES.ingest].addBulk(
            jobs.map((job) => ({ name: job.topic, data: job, opts: INGEST_JOB_OPTIONS })),
          );
          await markSeen(this.hub, jobs);
        });
        if (taken === 0) break;
        moved += taken;
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
