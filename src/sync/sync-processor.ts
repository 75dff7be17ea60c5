import type { Job } from 'bullmq';
import { isChannelError } from '../core/errors';
import type { Hub } from '../hub';
import type { SyncJobData } from '../queues/sync-schedules';
import { StoreLock } from '../queues/store-lock';
import { IntegrationService } from '../services/integration-service';
import type { OrderWriter } from '../services/order-writer';
import { Backfill } from './backfill';
import { CompletenessCheck } from './completeness-check';
import { IncrementalSync } from './incremental-sync';

const DAY_MS = 86_400_000;

/**
 * The sync queue's worker: one incremental sync and one backfill at most per store at any moment
 * (leases in Redis, across processes), nothing for stores that need a person, and revoked
 * credentials turning the store to `needs_attention` instead of a retry storm.
 */
export class SyncProcessor {
  private readonly incremental: IncrementalSync;
  private readonly backfill: Backfill;
  private readonly completeness: CompletenessCheck;

  constructor(
    private readonly hub: Hub,
    writer: OrderWriter,
  ) {
    this.incremental = new IncrementalSync(hub, writer);
    this.backfill = new Backfill(hub, writer);
    this.completeness = new CompletenessCheck(hub, writer);
  }

  async process(job: Job<SyncJobData>): Promise<unknown> {
    const { integrationId, mode } = job.data;
    const integration = await this.hub.stores.integrations.findById(integrationId);
    if (!integration || integration.deletedAt) return { skipped: 'the integration is disconnected' };
    if (integration.status !== 'active')
      return { skipped: `the integration is ${integration.status}: ${integration.statusReason ?? ''}` };

    const lockKind = mode === 'backfill' ? 'backfill' : 'sync';
    const lock = await StoreLock.acquire(
      this.hub.producer,
      `${this.hub.config.redisPrefix}:lock:${lockKind}:${integrationId}`,
    );
    if (!lock) return { skipped: `another ${lockKind} of this store is running` };
    try {
      let result: unknown;
      if (mode === 'incremental') result = await this.incremental.run(integration, lock);
      else if (mode === 'backfill')
        result = await this.backfill.run(
          integration,
          job.data.since ?? integration.options.backfillSince,
          lock,
        );
      else {
        // Counts only compare once the hub holds what the channel holds now: an order changed since
        // the last run still sits in its old window in the hub, where it would hide a missing one.
        await this.incremental.run(integration, lock);
        result = await this.completeness.run(
          integration,
          new Date(job.data.since ?? Date.now() - 7 * DAY_MS),
          lock,
        );
      }
      return result;
    } catch (error) {
      const failures = await this.hub.stores.syncState.recordFailure(integrationId, (error as Error).message);
      if (isChannelError(error) && error.kind === 'auth') {
        await new IntegrationService(this.hub).needsAttention(integrationId, error);
      }
      this.hub.log.warn({ integrationId, mode, failures, err: (error as Error).message }, 'sync failed');
      throw error;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}
