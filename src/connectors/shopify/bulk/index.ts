import type {
  BulkExportStatus,
  BulkOrderExport,
  ConnectorContext,
  OrderWindow,
  RawOrder,
} from '../../../core/integration';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { completeOrder } from '../orders/complete-order';
import { rawOrderFromNode } from '../orders/raw-order';
import { startBulkExport } from './job';
import type { JsonlSource } from './jsonl-reader';
import { readJsonlRows } from './jsonl-reader';
import { assembleBulkOrders } from './order-assembler';
import { pollBulkOperation, type BulkTiming } from './poller';

/**
 * Backfill through Shopify bulk operations: start (waiting out another running export), poll by
 * id, then stream the JSONL result order by order. Refund and fulfillment line items, which a bulk
 * query cannot hold, are read per order with the same follow-up queries the paged sync uses, so a
 * bulk order is the same document as one from `fetchOrder`.
 */
export class ShopifyBulkOrderExport implements BulkOrderExport {
  constructor(
    private readonly clientFor: (ctx: ConnectorContext) => ShopifyGraphqlClient,
    private readonly timing: BulkTiming,
    private readonly source: Omit<JsonlSource, 'signal'>,
  ) {}

  start(ctx: ConnectorContext, window: OrderWindow): Promise<{ operationId: string }> {
    return startBulkExport(this.clientFor(ctx), window, this.timing);
  }

  poll(ctx: ConnectorContext, operationId: string): Promise<BulkExportStatus> {
    return pollBulkOperation(this.clientFor(ctx), operationId);
  }

  async *read(ctx: ConnectorContext, url: string): AsyncGenerator<RawOrder> {
    const client = this.clientFor(ctx);
    const rows = readJsonlRows(url, { ...this.source, signal: ctx.signal });
    for await (const order of assembleBulkOrders(rows)) {
      yield rawOrderFromNode(await completeOrder(client, order, { listsComplete: true }));
    }
  }
}
