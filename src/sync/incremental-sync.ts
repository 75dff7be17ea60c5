import type { BaseEcommerceIntegration, ConnectorContext, OrderPage, OrderWindow } from '../core/integration';
import type { Integration } from '../db/integration-store';
import type { SyncCursor } from '../db/sync-state-store';
import type { Hub } from '../hub';
import { connectorContextFor } from '../services/connector-context';
import { cannotRegisterWebhooks, WEBHOOKS_NOT_REGISTERED } from '../services/integration-service';
import type { OrderWriter } from '../services/order-writer';
import { LockLostError, type StoreLock } from '../queues/store-lock';
import { ahead } from './ahead';

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

    const webhookRepairs = await this.repairWebhooks(integration, connector, ctx);

    let pageCursor = state.cursor?.window?.pageCursor ?? null;
    let pages = 0;
    let seen = 0;
    let written = 0;
    const checkpointBase: SyncCursor = {
      updatedAt: state.cursor?.updatedAt ?? window.from.toISOString(),
      externalId: state.cursor?.externalId ?? null,
      window: { from: window.from.toISOString(), to: window.to.toISOString(), pageCursor },
    };
    const fetchPage = (cursor: string | null) => ahead(() => connector.listOrders(ctx, { window, cursor }));
    let next: Promise<OrderPage> | null = fetchPage(pageCursor);
    while (next) {
      const page: OrderPage = await next;
      pageCursor = page.nextCursor;
      // The next page is on its way while this one is mapped and stored; the checkpoint still
      // only moves past pages that are stored.
      next = pageCursor ? fetchPage(pageCursor) : null;
      const results = await this.writer.write(integration, page.orders, 'sync');
      pages++;
      seen += page.orders.length;
      written += results.length;
      const last = page.orders[page.orders.length - 1];
      // Only the lease holder moves the cursor: a worker that lost it must not rewind the new holder's.
      if (!(await lock.extend())) throw new LockLostError(`incremental sync of ${integration.id}`);
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
    }

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

  /**
   * Re-creates or re-enables the store's webhooks. Best effort: orders keep coming by sync when the
   * webhooks cannot be registered (a read-only key, a store refusing the webhook routes), and the
   * integration says why. A revoked key fails the order pages next, and is handled there.
   */
  private async repairWebhooks(
    integration: Integration,
    connector: BaseEcommerceIntegration,
    ctx: ConnectorContext,
  ): Promise<string[]> {
    if (!integration.options.registerWebhooks) return [];
    const integrations = this.hub.stores.integrations;
    const pending = integration.statusReason?.startsWith(WEBHOOKS_NOT_REGISTERED) ?? false;
    const readOnly = cannotRegisterWebhooks(integration);
    if (readOnly) {
      if (integration.statusReason !== readOnly)
        await integrations.update(integration.id, { statusReason: readOnly });
      return [];
    }
    try {
      const repair = await connector.ensureWebhooks(
        ctx,
        this.hub.callbackUrl(integration.platform, integration.id),
      );
      if (repair.actions.length > 0) {
        this.hub.log.info(
          { integrationId: integration.id, actions: repair.actions },
          'repaired the store’s webhooks',
        );
      }
      await integrations.update(integration.id, {
        webhooks: repair.webhooks,
        ...(pending ? { statusReason: null } : {}),
      });
      return repair.actions;
    } catch (error) {
      const message = (error as Error).message;
      this.hub.log.warn(
        { integrationId: integration.id, err: message },
        'could not repair the store’s webhooks; syncing the orders anyway',
      );
      await integrations.update(integration.id, { statusReason: `${WEBHOOKS_NOT_REGISTERED}: ${message}` });
      return [];
    }
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
