import { checkOrderIdentities } from '../core/canonical/identities';
import type { CanonicalOrder } from '../core/canonical/types';
import { assertCanonicalOrder } from '../core/canonical/validate';
import type { BaseEcommerceIntegration, RawOrder } from '../core/integration';
import type { JsonValue } from '../core/json';
import type { Integration } from '../db/integration-store';
import type { OrderSource, OrderWrite, OrderWriteResult } from '../db/order-store';
import type { Hub } from '../hub';
import { MicroBatcher } from './micro-batch';

/**
 * The one path from a raw channel order to PostgreSQL, for webhooks, sync, backfill and remap:
 * map (pure), check against the canonical schema, warn on broken identities, upsert in one batch.
 */
export class OrderWriter {
  /** Single-order writes from concurrent webhook jobs, sharing one upsert statement per few milliseconds. */
  private readonly webhookBatcher: MicroBatcher<OrderWrite, OrderWriteResult | undefined>;

  constructor(private readonly hub: Hub) {
    this.webhookBatcher = new MicroBatcher(async (writes) => {
      const results = await this.hub.stores.orders.upsert(writes, 'webhook');
      const byKey = new Map(results.map((r) => [`${r.integrationId}:${r.externalId}`, r]));
      return writes.map((w) => byKey.get(`${w.integrationId}:${w.canonical.externalId}`));
    });
  }

  /** One order from a webhook; batched with other concurrent webhook writes into one statement. */
  async writeOne(integration: Integration, raw: RawOrder): Promise<OrderWriteResult | undefined> {
    const connector = this.hub.registry.get(integration.platform);
    const write = {
      tenantId: integration.tenantId,
      integrationId: integration.id,
      canonical: this.map(connector, raw.payload, raw.deleted),
      raw: raw.payload,
    };
    const result = await this.webhookBatcher.submit(write);
    if (result)
      this.hub.metrics.ordersWritten.inc({
        platform: integration.platform,
        source: 'webhook',
        outcome: result.outcome,
      });
    return result;
  }

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

  async write(
    integration: Integration,
    orders: RawOrder[],
    source: OrderSource,
  ): Promise<OrderWriteResult[]> {
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
