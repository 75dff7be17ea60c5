import type { OrderWindow } from '../core/integration';
import type { Integration } from '../db/integration-store';
import type { SyncCursor } from '../db/sync-state-store';
import type { Hub } from '../hub';
import { connectorContextFor } from '../services/connector-context';
import type { OrderWriter } from '../services/order-writer';
import { LockLostError, type StoreLock } from '../queues/store-lock';

export interface IncrementalResult {
  window: { from: string; to: string };
  pages: number;
  ordersSeen: number;
  ordersWritten: number;
  webhookRepairs: string[];
}

/** Closed windows end this far in the past: a channel may still be writing the current second. */
const SETTLE_MS = 2_000;

/**
 * IncrementalSyncJob: orders the channel changed since the cursor, in one closed window, page by
 * page. The window and the page cursor are checkpointed after every page, so a crash resumes at
 * the last page; the cursor starts every new window `overlap` before the last one ended, against
 * clock skew and late writes (re-reading an order is harmless: the upsert is idempotent).
 */
export class IncrementalSync {
  constructor(
    private readonly hub: Hub,
    private readonly writer: OrderWriter,
  ) {}

  async run(integration: Integration, lock: StoreLock): Promise<IncrementalResult> {
    const connector = this.hub.registry.get(integration.platform);
    const ctx = await connectorContextFor(this.hub, integration, 'incremental');
    const state = await this.hub.stores.syncState.get(integration.id);
    const window = this.nextWindow(integration, state.cursor);

    const webhookRepairs: string[] = [];
    if (integration.options.registerWebhooks) {
      const repair = await connector.ensureWebhooks(
        ctx,
        this.hub.callbackUrl(integration.platform, integration.id),
      );
      webhookRepairs.push(...repair.actions);
      if (repair.actions.length > 0) {
        this.hub.log.info(
          { integrationId: integration.id, actions: repair.actions },
          'repaired the store’s webhooks',
        );
      }
      await this.hub.stores.integrations.update(integration.id, { webhooks: repair.webhooks });
    }

    let pageCursor = state.cursor?.window?.pageCursor ?? null;
    let pages = 0;
    let seen = 0;
    let written = 0;
    const checkpointBase: SyncCursor = {
      updatedAt: state.cursor?.updatedAt ?? window.from.toISOString(),
      externalId: state.cursor?.externalId ?? null,
      window: { from: window.from.toISOString(), to: window.to.toISOString(), pageCursor },
    };
    do {
      const page = await connector.listOrders(ctx, { window, cursor: pageCursor });
      const results = await this.writer.write(integration, page.orders, 'sync');
      pages++;
      seen += page.orders.length;
      written += results.length;
      pageCursor = page.nextCursor;
      const last = page.orders[page.orders.length - 1];
      await this.hub.stores.syncState.checkpoint(
        integration.id,
        {
          ...checkpointBase,
          externalId: last?.externalId ?? checkpointBase.externalId,
          window: pageCursor ? { ...checkpointBase.window!, pageCursor } : null,
          updatedAt: pageCursor ? checkpointBase.updatedAt : window.to.toISOString(),
        },
        results.length,
      );
      if (!(await lock.extend())) throw new LockLostError(`incremental sync of ${integration.id}`);
    } while (pageCursor);

    await this.hub.stores.syncState.recordSuccess(integration.id);
    this.hub.metrics.syncLag.set({ integration: integration.id, platform: integration.platform }, 0);
    return {
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      pages,
      ordersSeen: seen,
      ordersWritten: written,
      webhookRepairs,
    };
  }

  /** The window in progress (resume), or a new one from the cursor minus the overlap up to now. */
  private nextWindow(integration: Integration, cursor: SyncCursor | null): OrderWindow {
    if (cursor?.window) return { from: new Date(cursor.window.from), to: new Date(cursor.window.to) };
    const overlapMs = this.hub.config.syncOverlapSeconds * 1000;
    const start = cursor ? Date.parse(cursor.updatedAt) : Date.parse(integration.createdAt);
    const to = new Date(Date.now() - SETTLE_MS);
    const from = new Date(Math.min(start - overlapMs, to.getTime() - 1));
    return { from, to };
  }
}
