import { isJsonObject, type JsonObject } from '../../../core/json';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { PAGE_SIZES } from '../platform';
import {
  FULFILLMENT_LINE_ITEMS_PAGE,
  ORDER_ALL_FULFILLMENTS,
  ORDER_ALL_REFUNDS,
  ORDER_LINE_ITEMS_PAGE,
  ORDER_SHIPPING_LINES_PAGE,
  REFUND_LINE_ITEMS_PAGE,
} from '../queries/orders';
import { drainConnection, fetchConnectionPage } from './connection-pages';

export interface CompletionOptions {
  /** Whether the order's `refunds` and `fulfillments` lists are whole (bulk rows) or a first page. */
  listsComplete: boolean;
}

/**
 * The order with every nested connection read to its end, each as `{nodes: […]}`: an order with
 * 300 lines keeps all 300. Follow-up queries per connection; nothing is fetched when the first
 * pages already hold everything.
 */
export async function completeOrder(
  client: ShopifyGraphqlClient,
  order: JsonObject,
  options: CompletionOptions,
): Promise<JsonObject> {
  const id = String(order.id);
  const lineItems = await drainConnection(order.lineItems, (after) =>
    fetchConnectionPage(client, ORDER_LINE_ITEMS_PAGE, { id, after }, ['order', 'lineItems']),
  );
  const shippingLines = await drainConnection(order.shippingLines, (after) =>
    fetchConnectionPage(client, ORDER_SHIPPING_LINES_PAGE, { id, after }, ['order', 'shippingLines']),
  );

  const refunds = await wholeList(client, order, 'refunds', options);
  for (const refund of refunds) {
    const nodes = await drainConnection(refund.refundLineItems, (after) =>
      fetchConnectionPage(client, REFUND_LINE_ITEMS_PAGE, { id: String(refund.id), after }, [
        'node',
        'refundLineItems',
      ]),
    );
    refund.refundLineItems = { nodes };
  }
  const fulfillments = await wholeList(client, order, 'fulfillments', options);
  for (const fulfillment of fulfillments) {
    const nodes = await drainConnection(fulfillment.fulfillmentLineItems, (after) =>
      fetchConnectionPage(client, FULFILLMENT_LINE_ITEMS_PAGE, { id: String(fulfillment.id), after }, [
        'node',
        'fulfillmentLineItems',
      ]),
    );
    fulfillment.fulfillmentLineItems = { nodes };
  }
  return {
    ...order,
    lineItems: { nodes: lineItems },
    shippingLines: { nodes: shippingLines },
    refunds,
    fulfillments,
  };
}

/**
 * `Order.refunds` / `Order.fulfillments` are lists cut at `first`, not connections: a list that came
 * back full may hold more, so it is read again whole (without line items, which are paged after).
 */
async function wholeList(
  client: ShopifyGraphqlClient,
  order: JsonObject,
  field: 'refunds' | 'fulfillments',
  options: CompletionOptions,
): Promise<JsonObject[]> {
  const carried = (Array.isArray(order[field]) ? order[field] : [])
    .filter(isJsonObject)
    .map((item) => ({ ...item }));
  const firstPageSize = field === 'refunds' ? PAGE_SIZES.refunds : PAGE_SIZES.fulfillments;
  if (options.listsComplete || carried.length < firstPageSize) return carried;
  const document = field === 'refunds' ? ORDER_ALL_REFUNDS : ORDER_ALL_FULFILLMENTS;
  const data = await client.request(document, { id: String(order.id) });
  const owner = data.order;
  const all = owner && isJsonObject(owner) && Array.isArray(owner[field]) ? owner[field] : [];
  return all.filter(isJsonObject).map((item) => carried.find((known) => known.id === item.id) ?? { ...item });
}
