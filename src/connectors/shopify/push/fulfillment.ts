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
} from '../queries/fulfillment';

/** Fulfillment orders that can take a fulfilment now. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

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

function alreadyFulfilled(messages: string): boolean {
  return /already (been )?fulfilled|fully fulfilled|no (remaining|fulfillable)|is not fulfillable|unfulfillable|closed/i.test(
    messages,
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
  const orders = await readFulfillmentOrders(client, shopifyGid('Order', push.orderExternalId));
  if (!orders) {
    throw new ChannelError('not_found', `Shopify has no order ${push.orderExternalId}`, {
      platform: SHOPIFY_PLATFORM,
    });
  }
  const groups = planFulfillment(orders, push.lineItems, push.orderExternalId);
  const byLocation = new Map<string, FulfillmentGroup[]>();
  for (const group of groups) {
    const key = group.locationId ?? group.fulfillmentOrderId;
    byLocation.set(key, [...(byLocation.get(key) ?? []), group]);
  }

  const created: string[] = [];
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
  }
  return {
    outcome: created.length > 0 ? 'applied' : 'already_applied',
    channelRef: created.length > 0 ? created.join(',') : null,
    order: await readBack(push.orderExternalId),
  };
}
