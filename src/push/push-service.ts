import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import type { JsonValue } from '../core/json';
import type { CanonicalOrder } from '../core/canonical/types';
import type { PushRecord } from '../db/push-store';
import type { Hub } from '../hub';
import { PRIORITY, QUEUES } from '../queues/names';

export interface FulfillmentRequest {
  lineItems?: { lineItemExternalId: string; quantity: number }[];
  tracking?: { company?: string | null; number?: string | null; url?: string | null };
  notifyCustomer?: boolean;
}

export interface InventoryRequestItem {
  sku: string;
  available: number;
  locationId?: string;
  /** When the back office observed this level; orders updates that arrive out of order. Default: now. */
  observedAt?: string;
}

/**
 * Job options of every push: retried with backoff (never sooner than a Retry-After), then a dead
 * letter. Redis keeps finished jobs a while only: a push's lasting record is its outbox row.
 */
export function pushJobOptions(hub: Hub) {
  return {
    attempts: hub.config.pushMaxAttempts,
    backoff: { type: 'hubBackoff' },
    priority: PRIORITY.operational,
    removeOnComplete: { age: 86_400 },
    removeOnFail: { age: 7 * 86_400 },
  };
}

/**
 * The API side of push-back: lifecycle rules checked with the order row locked, the push written
 * to the outbox in that same transaction, then relayed to the push queue (a relay loop re-queues
 * anything a crash left between the two).
 */
export class PushService {
  constructor(private readonly hub: Hub) {}

  async requestFulfillment(tenantId: string, orderId: string, request: FulfillmentRequest): Promise<string> {
    return this.enqueueOrderPush(tenantId, orderId, 'fulfillment', (order, inFlight) => {
      if (order.status === 'cancelled')
        throw new ConflictError('the order is cancelled; a cancelled order cannot be fulfilled');
      if (inFlight.includes('cancel'))
        throw new ConflictError('a cancellation of this order is still being pushed; it cannot be fulfilled');
      if (order.fulfillmentStatus === 'fulfilled') throw new ConflictError('the order is already fulfilled');
      if (order.deletedAt) throw new ConflictError('the order was deleted on the channel');
      const lines = new Map(order.lineItems.map((l) => [l.externalId, l]));
      for (const [i, item] of (request.lineItems ?? []).entries()) {
        const line = lines.get(item.lineItemExternalId);
        if (!line) {
          throw new ValidationError('unknown line item', [
            {
              field: `lineItems.${i}.lineItemExternalId`,
              message: `the order has no line ${item.lineItemExternalId}`,
            },
          ]);
        }
        if (item.quantity > line.quantity) {
          throw new ValidationError('quantity above what was ordered', [
            { field: `lineItems.${i}.quantity`, message: `the line was ordered ${line.quantity} times` },
          ]);
        }
      }
      return {
        lineItems: request.lineItems ?? null,
        tracking: request.tracking
          ? {
              company: request.tracking.company ?? null,
              number: request.tracking.number ?? null,
              url: request.tracking.url ?? null,
            }
          : null,
        notifyCustomer: request.notifyCustomer ?? false,
      };
    });
  }

  async requestCancel(
    tenantId: string,
    orderId: string,
    request: { reason?: string; notifyCustomer?: boolean; restock?: boolean },
  ): Promise<string> {
    return this.enqueueOrderPush(tenantId, orderId, 'cancel', (order, inFlight) => {
      if (order.status === 'cancelled') throw new ConflictError('the order is already cancelled');
      if (order.fulfillmentStatus === 'fulfilled' || order.status === 'fulfilled') {
        throw new ConflictError(
          'the order is fulfilled; a fulfilled order cannot be cancelled (refund it on the channel instead)',
        );
      }
      if (inFlight.includes('fulfillment'))
        throw new ConflictError('a fulfilment of this order is still being pushed');
      return {
        reason: request.reason ?? null,
        notifyCustomer: request.notifyCustomer ?? false,
        restock: request.restock ?? true,
      };
    });
  }

  private async enqueueOrderPush(
    tenantId: string,
    orderId: string,
    kind: 'fulfillment' | 'cancel',
    check: (order: CanonicalOrder, inFlight: string[]) => Record<string, JsonValue>,
  ): Promise<string> {
    const push = await this.hub.ds.transaction(async (tx) => {
      const rows: { id: string; integration_id: string; canonical: CanonicalOrder }[] = await tx.query(
        'SELECT id, integration_id, canonical FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [tenantId, orderId],
      );
      const row = rows[0];
      if (!row) throw new NotFoundError('order not found');
      const inFlight = await this.hub.stores.pushes.inFlightForOrder(tx, row.id);
      const payload = { ...check(row.canonical, inFlight), orderExternalId: row.canonical.externalId };
      const id = await this.hub.stores.pushes.insert(tx, {
        tenantId,
        integrationId: row.integration_id,
        orderId: row.id,
        kind,
        payload,
      });
      return { id, kind, tenantId, integrationId: row.integration_id };
    });
    await this.relay(push);
    return `${QUEUES.push}:${push.id}`;
  }

  /**
   * Queues an outbox row; the job id is the push id, so relaying twice queues it once. The job
   * names its tenant and store, so that its status and its dead letter belong to the tenant.
   */
  async relay(push: Pick<PushRecord, 'id' | 'kind' | 'tenantId' | 'integrationId'>): Promise<void> {
    try {
      await this.hub.queues[QUEUES.push].add(
        push.kind,
        { pushId: push.id, tenantId: push.tenantId, integrationId: push.integrationId },
        { ...pushJobOptions(this.hub), jobId: push.id },
      );
      // Only a push still in the outbox moves on: the worker may already have taken it further.
      await this.hub.stores.pushes.markQueued(push.id);
    } catch (error) {
      this.hub.log.warn(
        { pushId: push.id, err: (error as Error).message },
        'push kept in the outbox; the relay queues it when Redis is back',
      );
    }
  }

  /**
   * Records the asked-for levels per store that sells each SKU, and schedules one coalesced flush per
   * store: every update in the window becomes one channel call per batch, carrying the latest level.
   */
  async requestInventory(
    tenantId: string,
    items: InventoryRequestItem[],
  ): Promise<{ jobs: number; unknownSkus: string[] }> {
    const selling = await this.hub.stores.catalog.storesSelling(tenantId, [
      ...new Set(items.map((i) => i.sku)),
    ]);
    const unknownSkus = [...new Set(items.filter((i) => !selling.has(i.sku)).map((i) => i.sku))];
    const levels = items.flatMap((item) =>
      (selling.get(item.sku) ?? []).map((integrationId) => ({
        integrationId,
        sku: item.sku,
        available: item.available,
        locationExternalId: item.locationId ?? null,
        observedAt: item.observedAt ?? null,
      })),
    );
    await this.hub.stores.catalog.requestLevels(levels);
    const integrations = [...new Set(levels.map((l) => l.integrationId))];
    for (const integrationId of integrations) await scheduleInventoryFlush(this.hub, integrationId);
    return { jobs: integrations.length, unknownSkus };
  }
}

/** How long updates to one store's stock are gathered before one flush sends the latest of each. */
export const INVENTORY_COALESCE_MS = 500;

export async function scheduleInventoryFlush(
  hub: Hub,
  integrationId: string,
  coalesceMs = INVENTORY_COALESCE_MS,
): Promise<void> {
  const bucket = Math.floor(Date.now() / coalesceMs);
  await hub.queues[QUEUES.push].add(
    'inventory',
    { integrationId },
    {
      ...pushJobOptions(hub),
      jobId: `inventory-${integrationId}-${bucket}`,
      delay: coalesceMs,
      removeOnComplete: { age: 600 },
    },
  );
}
