import type {
  CancelPush,
  FulfillmentPush,
  PushResult,
  RawOrder,
  TrackingInfo,
} from '../../../core/integration';
import { isJsonObject, type JsonObject } from '../../../core/json';
import { mapWooCommerceOrder } from '../../../mappers/woocommerce';
import type { WooClient } from '../http/client';
import { channelError } from '../http/errors';
import type { OrderReader } from '../orders/reader';
import { OrderNotes } from './order-notes';

/** Statuses a push may not move an order out of: the hub checks the lifecycle first; this is the backstop. */
const FINAL = new Set(['cancelled', 'refunded', 'trash']);

/**
 * Fulfilment and cancellation, which WooCommerce core expresses only as order statuses and notes.
 * Each push reads the order first (already in the asked state: nothing is written), writes the
 * note before the status (a retry then finds the note and only repeats the status change), and
 * reads the order back.
 */
export class OrderStatusPush {
  private readonly notes: OrderNotes;

  constructor(
    private readonly client: WooClient,
    private readonly reader: OrderReader,
  ) {
    this.notes = new OrderNotes(client);
  }

  /**
   * WooCommerce core has no partial fulfilment. When the push covers every line still to ship
   * (ordered minus refunded), the order becomes `completed`, with a note carrying the tracking.
   * A push covering only some lines adds a note naming them (and the tracking) and leaves the status.
   */
  async fulfil(push: FulfillmentPush): Promise<PushResult> {
    const before = await this.read(push.orderExternalId);
    const order = before.payload as JsonObject;
    if (order.status === 'completed') return { outcome: 'already_applied', channelRef: null, order: before };
    this.refuseFinal(order, 'fulfil');
    const shipped = shippedLines(order, push);
    const note = [
      shipped.complete ? null : `Partly shipped: ${shipped.names.join(', ')}.`,
      trackingText(push.tracking),
    ]
      .filter((part) => part !== null)
      .join(' ');
    const added =
      note === '' ? null : await this.notes.ensure(push.orderExternalId, note, push.notifyCustomer);
    if (shipped.complete) await this.setStatus(push.orderExternalId, 'completed');
    const wrote = shipped.complete || added?.created === true;
    return {
      outcome: wrote ? 'applied' : 'already_applied',
      channelRef: added?.id ?? null,
      order: await this.read(push.orderExternalId),
    };
  }

  /** `cancelled`, with the reason as a note. WooCommerce restores the stock of cancelled items itself. */
  async cancel(push: CancelPush): Promise<PushResult> {
    const before = await this.read(push.orderExternalId);
    const order = before.payload as JsonObject;
    if (order.status === 'cancelled') return { outcome: 'already_applied', channelRef: null, order: before };
    this.refuseFinal(order, 'cancel');
    if (order.status === 'completed') {
      throw channelError(
        'rejected',
        `order ${push.orderExternalId} is completed (shipped): refund it rather than cancel it`,
      );
    }
    const added = push.reason
      ? await this.notes.ensure(push.orderExternalId, `Cancelled: ${push.reason}`, push.notifyCustomer)
      : null;
    await this.setStatus(push.orderExternalId, 'cancelled');
    return {
      outcome: 'applied',
      channelRef: added?.id ?? null,
      order: await this.read(push.orderExternalId),
    };
  }

  private async read(orderId: string): Promise<RawOrder> {
    const order = await this.reader.fetch(orderId);
    if (order === null) throw channelError('not_found', `order ${orderId} does not exist on the store`);
    return order;
  }

  private async setStatus(orderId: string, status: string): Promise<void> {
    const response = await this.client.send({
      method: 'put',
      path: `orders/${encodeURIComponent(orderId)}`,
      body: { status },
      what: `setting order ${orderId} to ${status}`,
    });
    if (!isJsonObject(response.body) || response.body.status !== status) {
      throw channelError('rejected', `order ${orderId} did not become ${status} (a plugin holds it back?)`);
    }
  }

  private refuseFinal(order: JsonObject, action: string): void {
    if (FINAL.has(String(order.status))) {
      throw channelError(
        'rejected',
        `order ${String(order.id)} is ${String(order.status)}: the hub does not ${action} it`,
      );
    }
  }
}

/** Whether the push covers every unit still to ship, and the shipped lines as "2 × Tee". */
function shippedLines(order: JsonObject, push: FulfillmentPush): { complete: boolean; names: string[] } {
  const canonical = mapWooCommerceOrder(order);
  if (push.lineItems === null) return { complete: true, names: [] };
  const pushed = new Map<string, number>();
  for (const line of push.lineItems)
    pushed.set(line.lineItemExternalId, (pushed.get(line.lineItemExternalId) ?? 0) + line.quantity);
  const names: string[] = [];
  let complete = true;
  for (const [id, quantity] of pushed) {
    const line = canonical.lineItems.find((item) => item.externalId === id);
    if (line === undefined) {
      throw channelError('rejected', `line item ${id} is not on order ${canonical.externalId}`);
    }
    names.push(`${quantity} × ${line.name || line.sku || id}`);
  }
  for (const line of canonical.lineItems) {
    const refunded = canonical.refunds
      .flatMap((refund) => refund.lineItems)
      .filter((item) => item.lineItemExternalId === line.externalId);
    const remaining = line.quantity - refunded.reduce((sum, item) => sum + item.quantity, 0);
    if (remaining > 0 && (pushed.get(line.externalId) ?? 0) < remaining) complete = false;
  }
  return { complete, names };
}

function trackingText(tracking: TrackingInfo | null): string | null {
  if (tracking === null) return null;
  const parts = [
    tracking.company ? `Shipped with ${tracking.company}.` : null,
    tracking.number ? `Tracking number: ${tracking.number}.` : null,
    tracking.url ? `Track it at ${tracking.url}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(' ');
}
