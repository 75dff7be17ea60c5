import { checkOrderIdentities } from '../core/canonical/identities';
import type { CanonicalOrder } from '../core/canonical/types';
import { assertCanonicalOrder } from '../core/canonical/validate';
import type { BaseEcommerceIntegration, RawOrder } from '../core/integration';
import type { JsonValue } from '../core/json';
import type { Integration } from '../db/integration-store';
import type { OrderSource, OrderWriteResult } from '../db/order-store';
import type { Hub } from '../hub';

/**
 * The one path from a raw channel order to PostgreSQL, for webhooks, sync, backfill and remap:
 * map (pure), check against the canonical schema, warn on broken identities, upsert in one batch.
 */
export class OrderWriter {
  constructor(private readonly hub: Hub) {}

  map(connector: BaseEcommerceIntegration, payload: JsonValue, deleted = false): CanonicalOrder {
    const order = connector.mapOrder(payload);
    if (deleted && order.deletedAt === null) order.deletedAt = order.updatedAt;
    assertCanonicalOrder(order);
    const breaks = checkOrderIdentities(order);
    if (breaks.length > 0) {
      this.hub.log.warn(
        { channel: order.channel, externalId: order.externalId, breaks },
        'the channel’s figures break a canonical identity; its total is kept',
      );
    }
    return order;
  }

  async write(integration: Integration, orders: RawOrder[], source: OrderSource): Promise<OrderWriteResult[]> {
    if (orders.length === 0) return [];
    const connector = this.hub.registry.get(integration.platform);
    const writes = orders.map((raw) => ({
      tenantId: integration.tenantId,
      integrationId: integration.id,
      canonical: this.map(connector, raw.payload, raw.deleted),
      raw: raw.payload,
    }));
    const results = await this.hub.stores.orders.upsert(writes, source);
    for (const r of results) {
      this.hub.metrics.ordersWritten.inc({ platform: integration.platform, source, outcome: r.outcome });
    }
    return results;
  }
}
