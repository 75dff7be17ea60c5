import type {
  BaseEcommerceIntegration,
  ConnectorContext,
  OrderPageRequest,
  RawOrder,
} from '../core/integration';
import { sleep } from '../core/retry-policy';
import type { Integration } from '../db/integration-store';
import type { BackfillProgress } from '../db/sync-state-store';
import type { Hub } from '../hub';
import { LockLostError, type StoreLock } from '../queues/store-lock';
import { connectorContextFor } from '../services/connector-context';
import type { OrderWriter } from '../services/order-writer';
import { ahead } from './ahead';

const HOUR_MS = 3_600_000;

export interface BackfillOptions {
  /** Size of one closed window. */
  windowHours: number;
  /** Stores with more orders than this in the backfill range use the platform's bulk export, when it has one. */
  bulkThreshold: number;
  bulkPollMs: number;
  bulkBatchSize: number;
}

export const DEFAULT_BACKFILL: BackfillOptions = {
  windowHours: 24,
  bulkThreshold: 10_000,
  bulkPollMs: 2_000,
  bulkBatchSize: 250,
};

/**
 * BackfillJob: the history since `since`, in closed windows, newest first so recent orders are
 * usable soon. Progress (windows done, page cursor, orders so far, estimate) is saved after every
 * page and shown by GET /v1/integrations/{id}; a crashed backfill resumes where it stopped.
 */
export class Backfill {
  constructor(
    private readonly hub: Hub,
    private readonly writer: OrderWriter,
    private readonly options: BackfillOptions = DEFAULT_BACKFILL,
  ) {}

  async run(integration: Integration, since: string, lock: StoreLock): Promise<BackfillProgress> {
    const connector = this.hub.registry.get(integration.platform);
    const ctx = await connectorContextFor(this.hub, integration, 'backfill');
    let progress = await this.resumeOrStart(integration, since, connector, ctx);

    if (progress.mode === 'bulk' && connector.bulkExport) {
      return this.runBulk(integration, connector, ctx, progress, lock);
    }
    const fetchPage = (request: OrderPageRequest) => ahead(() => connector.listOrders(ctx, request));
    let request = this.nextRequest(progress);
    let next = request ? fetchPage(request) : null;
    while (request && next) {
      const page = await next;
      const done: BackfillProgress = {
        ...progress,
        pageCursor: page.nextCursor,
        ordersSoFar: progress.ordersSoFar + page.orders.length,
        ...(page.nextCursor ? {} : this.windowDone(progress, request.window.from)),
      };
      // The next page (of this window or the next one) is on its way while this one is mapped
      // and stored; progress only moves past pages that are stored.
      request = this.nextRequest(done);
      next = request ? fetchPage(request) : null;
      const written = await this.writer.write(integration, page.orders, 'backfill');
      progress = done;
      if (!(await lock.extend())) throw new LockLostError(`backfill of ${integration.id}`);
      await this.hub.stores.syncState.saveBackfill(integration.id, progress, written.length);
    }
    progress = {
      ...progress,
      finishedAt: new Date().toISOString(),
      estimatedFinishAt: null,
      nextWindowEnd: null,
    };
    await this.hub.stores.syncState.saveBackfill(integration.id, progress);
    return progress;
  }

  /** The page to ask for next: the saved page of the window in progress, or the next window's first. */
  private nextRequest(progress: BackfillProgress): OrderPageRequest | null {
    if (!progress.nextWindowEnd || Date.parse(progress.nextWindowEnd) <= Date.parse(progress.since))
      return null;
    const to = new Date(progress.nextWindowEnd);
    const from = new Date(
      Math.max(Date.parse(progress.since), to.getTime() - progress.windowHours * HOUR_MS),
    );
    return { window: { from, to }, cursor: progress.pageCursor };
  }

  private windowDone(progress: BackfillProgress, windowStart: Date): Partial<BackfillProgress> {
    const windowsDone = progress.windowsDone + 1;
    const elapsed = Date.now() - Date.parse(progress.startedAt);
    const remaining = Math.max(0, progress.windowsTotal - windowsDone);
    return {
      windowsDone,
      nextWindowEnd: windowStart.toISOString(),
      pageCursor: null,
      estimatedFinishAt: new Date(Date.now() + (elapsed / windowsDone) * remaining).toISOString(),
    };
  }

  private async resumeOrStart(
    integration: Integration,
    since: string,
    connector: BaseEcommerceIntegration,
    ctx: ConnectorContext,
  ): Promise<BackfillProgress> {
    const state = await this.hub.stores.syncState.get(integration.id);
    const existing = state.backfill;
    if (existing && existing.since === since && existing.finishedAt === null) return existing;
    const until = new Date(Math.min(Date.now(), Date.parse(integration.createdAt))).toISOString();
    const windowsTotal = Math.max(
      1,
      Math.ceil((Date.parse(until) - Date.parse(since)) / (this.options.windowHours * HOUR_MS)),
    );
    let mode: BackfillProgress['mode'] = 'pages';
    if (connector.bulkExport) {
      const count = await connector.countOrders(ctx, { from: new Date(since), to: new Date(until) });
      if (count > this.options.bulkThreshold) mode = 'bulk';
    }
    const progress: BackfillProgress = {
      since,
      until,
      windowHours: this.options.windowHours,
      windowsTotal,
      windowsDone: 0,
      nextWindowEnd: until,
      pageCursor: null,
      ordersSoFar: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      estimatedFinishAt: null,
      mode,
      bulkOperationId: null,
    };
    await this.hub.stores.syncState.saveBackfill(integration.id, progress);
    return progress;
  }

  /**
   * The bulk path (Shopify): one export of the whole range, polled to completion, streamed and
   * written in batches. Progress only says "done" once every streamed order is stored and the
   * count matches what the platform reported, so a crash re-reads the file rather than skip.
   */
  private async runBulk(
    integration: Integration,
    connector: BaseEcommerceIntegration,
    ctx: ConnectorContext,
    start: BackfillProgress,
    lock: StoreLock,
  ): Promise<BackfillProgress> {
    const bulk = connector.bulkExport!;
    let progress = start;
    if (!progress.bulkOperationId) {
      const { operationId } = await bulk.start(ctx, {
        from: new Date(progress.since),
        to: new Date(progress.until),
      });
      progress = { ...progress, bulkOperationId: operationId };
      await this.hub.stores.syncState.saveBackfill(integration.id, progress);
    }
    let status = await bulk.poll(ctx, progress.bulkOperationId!);
    while (status.status === 'running') {
      if (!(await lock.extend())) throw new LockLostError(`backfill of ${integration.id}`);
      await sleep(this.options.bulkPollMs);
      status = await bulk.poll(ctx, progress.bulkOperationId!);
    }
    if (status.status === 'failed') {
      await this.hub.stores.syncState.saveBackfill(integration.id, { ...progress, bulkOperationId: null });
      throw new Error(`the bulk export failed on the channel: ${status.error ?? 'no reason given'}`);
    }
    let stored = 0;
    let batch: RawOrder[] = [];
    const flush = async () => {
      await this.writer.write(integration, batch, 'backfill');
      stored += batch.length;
      batch = [];
      await this.hub.stores.syncState.saveBackfill(integration.id, { ...progress, ordersSoFar: stored });
      if (!(await lock.extend())) throw new LockLostError(`backfill of ${integration.id}`);
    };
    if (status.url) {
      for await (const order of bulk.read(ctx, status.url)) {
        batch.push(order);
        if (batch.length >= this.options.bulkBatchSize) await flush();
      }
    }
    if (batch.length > 0) await flush();
    progress = {
      ...progress,
      ordersSoFar: stored,
      windowsDone: progress.windowsTotal,
      nextWindowEnd: null,
      finishedAt: new Date().toISOString(),
      estimatedFinishAt: null,
    };
    if (stored < status.objectCount) {
      this.hub.log.warn(
        { integrationId: integration.id, stored, reported: status.objectCount },
        'the bulk export reported more objects than orders were stored (objectCount includes nested rows)',
      );
    }
    await this.hub.stores.syncState.saveBackfill(integration.id, progress);
    return progress;
  }
}
