import type { Job } from 'bullmq';
import type { CancelPush, FulfillmentPush, PushResult } from '../core/integration';
import type { JsonValue } from '../core/json';
import type { Integration } from '../db/integration-store';
import type { PushRecord } from '../db/push-store';
import type { Hub } from '../hub';
import { StoreLock } from '../queues/store-lock';
import { connectorContextFor } from '../services/connector-context';
import type { OrderWriter } from '../services/order-writer';
import { CatalogRefresh } from './catalog-refresh';
import { INVENTORY_COALESCE_MS, scheduleInventoryFlush } from './push-service';

const INVENTORY_BATCH = 250;

/**
 * The push queue's worker. Each push carries an idempotency key derived from its outbox id; the
 * connector reads the channel's state first and skips what is already true, so a retry or a worker
 * dying mid-push never fulfils twice. After the write, the order read back from the channel is
 * stored (source `push`), so the canonical order and its history show it and an echoed webhook of
 * the same version changes nothing.
 */
export class PushProcessor {
  private readonly catalog: CatalogRefresh;

  constructor(
    private readonly hub: Hub,
    private readonly writer: OrderWriter,
  ) {
    this.catalog = new CatalogRefresh(hub);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === 'inventory') return this.flushInventory(job.data.integrationId as string);
    if (job.name === 'catalog') return this.catalog.run(job.data.integrationId as string);
    return this.processOrderPush(job);
  }

  private async processOrderPush(job: Job): Promise<unknown> {
    const push = await this.hub.stores.pushes.find(job.data.pushId as string);
    if (!push) return { skipped: 'push not found' };
    if (push.status === 'succeeded') return push.result;
    const integration = await this.hub.stores.integrations.findById(push.integrationId);
    if (!integration || integration.deletedAt) {
      await this.hub.stores.pushes.setStatus(push.id, 'dead', {
        lastError: 'the integration was disconnected',
      });
      return { skipped: 'the integration was disconnected' };
    }
    await this.hub.stores.pushes.setStatus(push.id, 'running', { attempt: true });
    try {
      const result = await this.callChannel(integration, push);
      if (result.order) await this.writer.write(integration, [result.order], 'push');
      const summary = { outcome: result.outcome, channelRef: result.channelRef } as Record<string, JsonValue>;
      await this.hub.stores.pushes.setStatus(push.id, 'succeeded', { result: summary, lastError: null });
      this.hub.metrics.pushes.inc({
        platform: integration.platform,
        kind: push.kind,
        outcome: result.outcome,
      });
      return summary;
    } catch (error) {
      const final =
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1) ||
        (error as { retryable?: boolean }).retryable === false;
      await this.hub.stores.pushes.setStatus(push.id, final ? 'dead' : 'failed', {
        lastError: (error as Error).message,
      });
      this.hub.metrics.pushes.inc({
        platform: integration.platform,
        kind: push.kind,
        outcome: final ? 'dead' : 'retry',
      });
      throw error;
    }
  }

  private async callChannel(integration: Integration, push: PushRecord): Promise<PushResult> {
    const connector = this.hub.registry.get(integration.platform);
    const ctx = await connectorContextFor(this.hub, integration, 'operational');
    const p = push.payload;
    if (push.kind === 'fulfillment') {
      const request: FulfillmentPush = {
        orderExternalId: p.orderExternalId as string,
        lineItems: (p.lineItems as FulfillmentPush['lineItems']) ?? null,
        tracking: (p.tracking as FulfillmentPush['tracking']) ?? null,
        notifyCustomer: Boolean(p.notifyCustomer),
        idempotencyKey: `push-${push.id}`,
        // `attempts` counts the attempts before this one: a retry may find its own earlier write.
        ...(push.attempts > 0 ? { earlierAttemptsSince: push.createdAt } : {}),
      };
      return connector.pushFulfillment(ctx, request);
    }
    const cancel: CancelPush = {
      orderExternalId: p.orderExternalId as string,
      reason: (p.reason as string | null) ?? null,
      notifyCustomer: Boolean(p.notifyCustomer),
      restock: p.restock !== false,
      idempotencyKey: `push-${push.id}`,
    };
    return connector.cancelOrder(ctx, cancel);
  }

  /** Sends the latest asked-for level of every pending SKU of one store, in batches. */
  private async flushInventory(integrationId: string): Promise<unknown> {
    const integration = await this.hub.stores.integrations.findById(integrationId);
    if (!integration || integration.deletedAt) return { skipped: 'the integration was disconnected' };
    const lock = await StoreLock.acquire(
      this.hub.producer,
      `${this.hub.config.redisPrefix}:lock:inventory:${integrationId}`,
      60_000,
    );
    if (!lock) {
      await scheduleInventoryFlush(this.hub, integrationId, INVENTORY_COALESCE_MS * 2);
      return { skipped: 'another flush of this store is running; rescheduled' };
    }
    try {
      const connector = this.hub.registry.get(integration.platform);
      const ctx = await connectorContextFor(this.hub, integration, 'operational');
      const totals = { applied: 0, already_applied: 0, skipped: 0, failed: 0 };
      for (;;) {
        const pending = await this.hub.stores.catalog.pendingLevels(integrationId, INVENTORY_BATCH);
        if (pending.length === 0) break;
        const entries = new Map(
          (
            await this.hub.stores.catalog.entries(
              integrationId,
              pending.map((p) => p.sku),
            )
          ).map((e) => [e.sku, e]),
        );
        const targets = pending.flatMap((p) => {
          const entry = entries.get(p.sku);
          return entry ? [{ entry, available: p.available, locationExternalId: p.locationExternalId }] : [];
        });
        const results = await connector.setInventory(ctx, targets);
        const bySku = new Map(results.map((r) => [r.sku, r]));
        for (const r of results) totals[r.outcome]++;
        await this.hub.stores.catalog.markPushed(
          integrationId,
          pending
            .filter((p) => bySku.get(p.sku)?.outcome !== 'failed')
            .map((p) => ({
              sku: p.sku,
              observedAt: p.observedAt,
              result: bySku.get(p.sku) ?? { outcome: 'skipped', reason: 'not in the catalog' },
            })),
        );
        const failed = results.filter((r) => r.outcome === 'failed');
        if (failed.length > 0)
          throw new Error(
            `stock updates failed for ${failed.map((f) => `${f.sku} (${f.reason})`).join(', ')}`,
          );
        await lock.extend();
      }
      return totals;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}
