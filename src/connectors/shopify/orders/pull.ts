import { ChannelError } from '../../../core/errors';
import type { OrderPage, OrderPageRequest, OrderWindow, RawOrder } from '../../../core/integration';
import { isJsonObject } from '../../../core/json';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { PAGE_SIZES, SHOPIFY_PLATFORM } from '../platform';
import { ORDER_BY_ID, ORDERS_COUNT, ORDERS_PAGE } from '../queries/orders';
import { completeOrder } from './complete-order';
import { readConnection } from './connection-pages';
import { rawOrderFromNode } from './raw-order';
import { updatedAtQuery } from './search-query';
import { shopifyGid } from '../gids';

/** One page of the orders updated in a window, oldest update first; the cursor is Shopify's `endCursor`. */
export async function listOrders(
  client: ShopifyGraphqlClient,
  request: OrderPageRequest,
): Promise<OrderPage> {
  const first = Math.min(Math.max(1, request.pageSize ?? PAGE_SIZES.orders), PAGE_SIZES.ordersMax);
  const data = await client.request(ORDERS_PAGE, {
    first,
    after: request.cursor,
    query: updatedAtQuery(request.window),
  });
  const page = readConnection(data.orders);
  const orders: RawOrder[] = [];
  for (const node of page.nodes) {
    orders.push(rawOrderFromNode(await completeOrder(client, node, { listsComplete: false })));
  }
  return { orders, nextCursor: page.hasNextPage ? page.endCursor : null, totalInWindow: null };
}

export async function countOrders(client: ShopifyGraphqlClient, window: OrderWindow): Promise<number> {
  const data = await client.request(ORDERS_COUNT, { query: updatedAtQuery(window) });
  const counted = data.ordersCount;
  const count = counted && isJsonObject(counted) ? counted.count : undefined;
  if (typeof count !== 'number') {
    throw new ChannelError('protocol', 'Shopify answered ordersCount without a count', {
      platform: SHOPIFY_PLATFORM,
    });
  }
  return count;
}

/** One order in full; null when Shopify no longer has it (deleted). */
export async function fetchOrder(client: ShopifyGraphqlClient, externalId: string): Promise<RawOrder | null> {
  const data = await client.request(ORDER_BY_ID, { id: shopifyGid('Order', externalId) });
  const order = data.order;
  if (!order || !isJsonObject(order)) return null;
  return rawOrderFromNode(await completeOrder(client, order, { listsComplete: false }));
}
