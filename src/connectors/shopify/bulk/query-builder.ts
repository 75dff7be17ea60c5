import type { OrderWindow } from '../../../core/integration';
import { updatedAtQuery } from '../orders/search-query';
import {
  FULFILLMENT,
  LINE_ITEM,
  ORDER_FIELDS,
  REFUND,
  SHIPPING_LINE,
  SHIPPING_LINES_ARGS,
} from '../queries/selections';

/**
 * The bulk query for the orders updated in a window. Bulk queries allow at most five connections,
 * nested at most two deep, and no connection inside a list field, so: orders → lineItems and
 * orders → shippingLines as connections (rows of their own, with `__parentId`); refunds and
 * fulfillments as lists inside the order row. Their line items (connections inside those lists)
 * are fetched per order after reading (orders/complete-order.ts). `__typename` tells the child
 * rows apart.
 */
export function bulkOrdersQuery(window: OrderWindow): string {
  const search = JSON.stringify(updatedAtQuery(window));
  return `{
  orders(query: ${search}, sortKey: UPDATED_AT) {
    edges { node {
      __typename
      ${ORDER_FIELDS}
      lineItems { edges { node { __typename ${LINE_ITEM} } } }
      shippingLines(${SHIPPING_LINES_ARGS}) { edges { node { __typename ${SHIPPING_LINE} } } }
      refunds { __typename ${REFUND} }
      fulfillments { __typename ${FULFILLMENT} }
    } }
  }
}`;
}

/** Connections in a bulk query (the limit is five). */
export const BULK_ORDERS_CONNECTIONS = ['orders', 'lineItems', 'shippingLines'] as const;
