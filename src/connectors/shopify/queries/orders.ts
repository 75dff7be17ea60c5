import { shopifyDocument } from '../graphql/document';
import { PAGE_SIZES } from '../platform';
import {
  FULFILLMENT,
  FULFILLMENT_LINE_ITEM,
  LINE_ITEM,
  ORDER_WITH_FIRST_PAGES,
  REFUND,
  REFUND_LINE_ITEM,
  SHIPPING_LINE,
  SHIPPING_LINES_ARGS,
  connection,
} from './selections';

/** A page of orders updated in a window, oldest update first, each with its nested first pages. */
export const ORDERS_PAGE = shopifyDocument(
  'OrdersPage',
  850,
  `query OrdersPage($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes { ${ORDER_WITH_FIRST_PAGES} }
    }
  }`,
);

export const ORDER_BY_ID = shopifyDocument(
  'OrderById',
  300,
  `query OrderById($id: ID!) {
    order(id: $id) { ${ORDER_WITH_FIRST_PAGES} }
  }`,
);

export const ORDERS_COUNT = shopifyDocument(
  'OrdersCount',
  2,
  `query OrdersCount($query: String!) {
    ordersCount(query: $query, limit: null) { count precision }
  }`,
);

const FOLLOW_UP = `first: ${PAGE_SIZES.nestedFollowUp}, after: $after`;

export const ORDER_LINE_ITEMS_PAGE = shopifyDocument(
  'OrderLineItemsPage',
  760,
  `query OrderLineItemsPage($id: ID!, $after: String) {
    order(id: $id) { ${connection('lineItems', FOLLOW_UP, LINE_ITEM)} }
  }`,
);

export const ORDER_SHIPPING_LINES_PAGE = shopifyDocument(
  'OrderShippingLinesPage',
  660,
  `query OrderShippingLinesPage($id: ID!, $after: String) {
    order(id: $id) { ${connection('shippingLines', `${FOLLOW_UP}, ${SHIPPING_LINES_ARGS}`, SHIPPING_LINE)} }
  }`,
);

/** Every refund of an order (without line items) when the first list came back full. */
export const ORDER_ALL_REFUNDS = shopifyDocument(
  'OrderAllRefunds',
  410,
  `query OrderAllRefunds($id: ID!) {
    order(id: $id) { refunds(first: ${PAGE_SIZES.allRefunds}) { ${REFUND} } }
  }`,
);

export const ORDER_ALL_FULFILLMENTS = shopifyDocument(
  'OrderAllFulfillments',
  210,
  `query OrderAllFulfillments($id: ID!) {
    order(id: $id) { fulfillments(first: ${PAGE_SIZES.allFulfillments}) { ${FULFILLMENT} } }
  }`,
);

export const REFUND_LINE_ITEMS_PAGE = shopifyDocument(
  'RefundLineItemsPage',
  260,
  `query RefundLineItemsPage($id: ID!, $after: String) {
    node(id: $id) { ... on Refund { ${connection('refundLineItems', FOLLOW_UP, REFUND_LINE_ITEM)} } }
  }`,
);

export const FULFILLMENT_LINE_ITEMS_PAGE = shopifyDocument(
  'FulfillmentLineItemsPage',
  110,
  `query FulfillmentLineItemsPage($id: ID!, $after: String) {
    node(id: $id) { ... on Fulfillment { ${connection('fulfillmentLineItems', FOLLOW_UP, FULFILLMENT_LINE_ITEM)} } }
  }`,
);
