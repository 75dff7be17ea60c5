import { ChannelError } from '../../../core/errors';
import { toExternalId } from '../../../core/ids';
import type { FulfillmentPush, PushResult, RawOrder } from '../../../core/integration';
import { shopifyGid } from '../gids';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { objectAt, objectsAt, userErrorsAt, userErrorsMessage } from '../graphql/answer';
import { drainConnection, fetchConnectionPage } from '../orders/connection-pages';
import { SHOPIFY_PLATFORM } from '../platform';
import {
  FULFILLMENT_CREATE,
  FULFILLMENT_ORDER_LINE_ITEMS_PAGE,
  ORDER_FULFILLMENT_ORDERS,
  ORDER_RECENT_FULFILLMENTS,
} from '../queries/fulfillment';

/** Fulfillment orders that can take a fulfilment now. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

/** Fulfilment statuses that shipped nothing. */
const VOID_FULFILLMENT = new Set(['CANCELLED', 'ERROR', 'FAILURE']);

/** How long before the push was asked for a fulfilment may be dated and still count as its own (clock skew). */
export const OWN_FULFILLMENT_SKEW_MS = 60_000;

interface FulfillmentOrderLine {
  id: string;
  lineItemId: string | null;
  remaining: number;
}

interface FulfillmentOrder {
  id: string;
  status: string;
  locationId: string | null;
  lines: FulfillmentOrderLine[];
}

interface FulfillmentGroup {
  fulfillmentOrderId: string;
  locationId: string | null;
  lines: { id: string; quantity: number }[];
}

async function readFulfillmentOrders(
  client: ShopifyGraphqlClient,
  orderId: string,
): Promise<FulfillmentOrder[] | null> {
  const data = await client.request(ORDER_FULFILLMENT_ORDERS, { id: orderId });
  const order = objectAt(data.order);
  if (!order) return null;
  const nodes = objectsAt(objectAt(order.fulfillmentOrders)?.nodes);
  const result: FulfillmentOrder[] = [];
  for (const node of nodes) {
    const id = String(node.id);
    const lines = await drainConnection(node.lineItems, (after) =>
      fetchConnectionPage(client, FULFILLMENT_ORDER_LINE_ITEMS_PAGE, { id, after }, ['node', 'lineItems']),
    );
    const location = objectAt(objectAt(node.assignedLocation)?.location);
    result.push({
      id,
      status: typeof node.status === 'string' ? node.status : '',
      locationId: typeof location?.id === 'string' ? location.id : null,
      lines: lines.map((line) => ({
        id: String(line.id),
        lineItemId: toExternalId(objectAt(line.lineItem)?.id),
        remaining: typeof line.remainingQuantity === 'number' ? line.remainingQuantity : 0,
      })),
    });
  }
  return result;
}

/**
 * What to fulfil, per fulfillment order: the asked lines (order line item ids mapped to
 * fulfillment order line items, never more than remains) or everything that remains. Empty when
 * nothing asked for remains: the order is already in the asked state.
 */
export function planFulfillment(
  orders: FulfillmentOrder[],
  asked: FulfillmentPush['lineItems'],
  orderExternalId: string,
): FulfillmentGroup[] {
  const open = orders.filter((fo) => FULFILLABLE.has(fo.status));
  const take = new Map<string, number>();
  if (asked === null) {
    for (const line of open.flatMap((fo) => fo.lines))
      if (line.remaining > 0) take.set(line.id, line.remaining);
  } else {
    for (const { lineItemExternalId, quantity } of asked) {
      if (!orders.some((fo) => fo.lines.some((line) => line.lineItemId === lineItemExternalId))) {
        throw new ChannelError(
          'rejected',
          `line item ${lineItemExternalId} is not on Shopify order ${orderExternalId}`,
          {
            platform: SHOPIFY_PLATFORM,
          },
        );
      }
      let wanted = quantity;
      for (const line of open.flatMap((fo) => fo.lines)) {
        if (wanted <= 0 || line.lineItemId !== lineItemExternalId) continue;
        const free = line.remaining - (take.get(line.id) ?? 0);
        const now = Math.min(free, wanted);
        if (now > 0) {
          take.set(line.id, (take.get(line.id) ?? 0) + now);
          wanted -= now;
        }
      }
    }
  }
  return open
    .map((fo) => ({
      fulfillmentOrderId: fo.id,
      locationId: fo.locationId,
      lines: fo.lines
        .filter((line) => take.has(line.id))
        .map((line) => ({ id: line.id, quantity: take.get(line.id)! })),
    }))
    .filter((group) => group.lines.length > 0);
}

/**
 * On a retry: what fulfilments made since the push was asked for (with its tracking number, when it
 * has one) already shipped of each line, i.e. an earlier attempt whose answer never came back.
 * Shopify's `fulfillmentCreate` takes no idempotency key, and fulfilling given lines is not
 * idempotent (what remains after the first attempt can be fulfilled again), so the retry subtracts
 * these from what it was asked. A first attempt does not look (two quick pushes of the same line are
 * two shipments), nor does a push of "everything that remains" (after its write nothing remains).
 */
async function shippedSincePush(
  client: ShopifyGraphqlClient,
  orderId: string,
  push: FulfillmentPush,
): Promise<Map<string, number>> {
  const shipped = new Map<string, number>();
  if (push.lineItems === null || !push.earlierAttemptsSince) return shipped;
  const since = Date.parse(push.earlierAttemptsSince) - OWN_FULFILLMENT_SKEW_MS;
  const data = await client.request(ORDER_RECENT_FULFILLMENTS, { id: orderId });
  const seen = new Set<string>();
  for (const fo of objectsAt(objectAt(objectAt(data.order)?.fulfillmentOrders)?.nodes)) {
    for (const fulfillment of objectsAt(objectAt(fo.fulfillments)?.nodes)) {
      const id = String(fulfillment.id);
      if (seen.has(id)) continue; // one fulfilment can span several fulfillment orders
      seen.add(id);
      if (VOID_FULFILLMENT.has(String(fulfillment.status))) continue;
      const created = typeof fulfillment.createdAt === 'string' ? Date.parse(fulfillment.createdAt) : NaN;
      if (!(created >= since)) continue;
      const numbers = objectsAt(fulfillment.trackingInfo).map((t) => t.number);
      if (push.tracking?.number && !numbers.includes(push.tracking.number)) continue;
      for (const line of objectsAt(objectAt(fulfillment.fulfillmentLineItems)?.nodes)) {
        const lineItemId = toExternalId(objectAt(line.lineItem)?.id);
        if (lineItemId === null || typeof line.quantity !== 'number') continue;
        shipped.set(lineItemId, (shipped.get(lineItemId) ?? 0) + line.quantity);
      }
    }
  }
  return shipped;
}

/** The asked lines less what was already shipped for them since the push was asked for. */
function stillAsked(
  asked: NonNullable<FulfillmentPush['lineItems']>,
  shipped: Map<string, number>,
): NonNullable<FulfillmentPush['lineItems']> {
  const left = new Map(shipped);
  return asked
    .map(({ lineItemExternalId, quantity }) => {
      const done = Math.min(quantity, left.get(lineItemExternalId) ?? 0);
      left.set(lineItemExternalId, (left.get(lineItemExternalId) ?? 0) - done);
      return { lineItemExternalId, quantity: quantity - done };
    })
    .filter((line) => line.quantity > 0);
}

function alreadyFulfilled(messages: string): boolean {
  return /already (been )?fulfilled|fully fulfilled|no (remaining|fulfillable)|is not fulfillable|unfulfillable|closed/i.test(
    messages,
  );
}

/**
 * Shopify refused a fulfilment in words that say it is already done (a person or another app
 * fulfilled the lines meanwhile). That holds only if the store now shows nothing left of what was
 * asked on those fulfillment orders; otherwise (a fulfillment order closed with lines still
 * unshipped, say) it is a refusal like any other.
 */
async function confirmFulfilled(
  client: ShopifyGraphqlClient,
  orderId: string,
  push: FulfillmentPush,
  asked: FulfillmentPush['lineItems'],
  refusals: { fulfillmentOrderIds: string[]; message: string }[],
): Promise<void> {
  const refused = new Set(refusals.flatMap((r) => r.fulfillmentOrderIds));
  const wanted = asked === null ? null : new Set(asked.map((line) => line.lineItemExternalId));
  const left = ((await readFulfillmentOrders(client, orderId)) ?? [])
    .filter((fo) => refused.has(fo.id))
    .flatMap((fo) => fo.lines)
    .filter((line) => line.remaining > 0 && (wanted === null || wanted.has(line.lineItemId ?? '')));
  if (left.length === 0) return;
  throw new ChannelError(
    'rejected',
    `Shopify refused the fulfilment of order ${push.orderExternalId} (${refusals.map((r) => r.message).join('; ')}) ` +
      `and ${left.reduce((sum, line) => sum + line.remaining, 0)} unit(s) of it are still unfulfilled`,
    { platform: SHOPIFY_PLATFORM },
  );
}

/**
 * A fulfilment with tracking on the order's fulfillment orders. One `fulfillmentCreate` per
 * location (a fulfilment ships from one place). Nothing is written when nothing asked for remains.
 */
export async function pushFulfillment(
  client: ShopifyGraphqlClient,
  push: FulfillmentPush,
  readBack: (externalId: string) => Promise<RawOrder | null>,
): Promise<PushResult> {
  const orderId = shopifyGid('Order', push.orderExternalId);
  const orders = await readFulfillmentOrders(client, orderId);
  if (!orders) {
    throw new ChannelError('not_found', `Shopify has no order ${push.orderExternalId}`, {
      platform: SHOPIFY_PLATFORM,
    });
  }
  let asked = push.lineItems;
  if (asked !== null) {
    const shipped = await shippedSincePush(client, orderId, push);
    if (shipped.size > 0) asked = stillAsked(asked, shipped);
  }
  const groups =
    asked !== null && asked.length === 0 ? [] : planFulfillment(orders, asked, push.orderExternalId);
  const byLocation = new Map<string, FulfillmentGroup[]>();
  for (const group of groups) {
    const key = group.locationId ?? group.fulfillmentOrderId;
    byLocation.set(key, [...(byLocation.get(key) ?? []), group]);
  }

  const created: string[] = [];
  const refusals: { fulfillmentOrderIds: string[]; message: string }[] = [];
  for (const locationGroups of byLocation.values()) {
    const tracking = push.tracking;
    const trackingInfo = tracking
      ? Object.fromEntries(
          Object.entries({ company: tracking.company, number: tracking.number, url: tracking.url }).filter(
            ([, v]) => v,
          ),
        )
      : null;
    const data = await client.request(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: locationGroups.map((group) => ({
          fulfillmentOrderId: group.fulfillmentOrderId,
          fulfillmentOrderLineItems: group.lines,
        })),
        notifyCustomer: push.notifyCustomer,
        ...(trackingInfo && Object.keys(trackingInfo).length > 0 ? { trackingInfo } : {}),
      },
    });
    const payload = objectAt(data.fulfillmentCreate);
    const fulfillment = objectAt(payload?.fulfillment);
    if (fulfillment && typeof fulfillment.id === 'string') {
      created.push(toExternalId(fulfillment.id) ?? fulfillment.id);
      continue;
    }
    const message = userErrorsMessage(userErrorsAt(payload));
    if (!alreadyFulfilled(message)) {
      throw new ChannelError(
        'rejected',
        `Shopify refused the fulfilment of order ${push.orderExternalId}: ${message}`,
        {
          platform: SHOPIFY_PLATFORM,
        },
      );
    }
    refusals.push({ fulfillmentOrderIds: locationGroups.map((g) => g.fulfillmentOrderId), message });
  }
  if (refusals.length > 0) await confirmFulfilled(client, orderId, push, asked, refusals);
  return {
    outcome: created.length > 0 ? 'applied' : 'already_applied',
    channelRef: created.length > 0 ? created.join(',') : null,
    order: await readBack(push.orderExternalId),
  };
}
