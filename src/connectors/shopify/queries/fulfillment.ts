import { shopifyDocument } from '../graphql/document';
import { PAGE_SIZES } from '../platform';
import { connection } from './selections';

const FULFILLMENT_ORDER_LINE = 'id remainingQuantity totalQuantity lineItem { id }';

/** The order's fulfillment orders with what remains to fulfil on each line. */
export const ORDER_FULFILLMENT_ORDERS = shopifyDocument(
  'OrderFulfillmentOrders',
  860,
  `query OrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      id displayFulfillmentStatus
      fulfillmentOrders(first: ${PAGE_SIZES.fulfillmentOrders}) {
        nodes {
          id status
          assignedLocation { location { id } }
          ${connection('lineItems', `first: ${PAGE_SIZES.fulfillmentOrderLineItems}`, FULFILLMENT_ORDER_LINE)}
        }
      }
    }
  }`,
);

export const FULFILLMENT_ORDER_LINE_ITEMS_PAGE = shopifyDocument(
  'FulfillmentOrderLineItemsPage',
  110,
  `query FulfillmentOrderLineItemsPage($id: ID!, $after: String) {
    node(id: $id) {
      ... on FulfillmentOrder { ${connection('lineItems', `first: ${PAGE_SIZES.nestedFollowUp}, after: $after`, FULFILLMENT_ORDER_LINE)} }
    }
  }`,
);

/**
 * The newest fulfilments of each fulfillment order, with their lines: a push retried after its
 * fulfilment went through (the answer lost, the worker gone) finds it here instead of fulfilling twice.
 */
export const ORDER_RECENT_FULFILLMENTS = shopifyDocument(
  'OrderRecentFulfillments',
  920,
  `query OrderRecentFulfillments($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: ${PAGE_SIZES.fulfillmentOrders}) {
        nodes {
          id
          fulfillments(first: ${PAGE_SIZES.recentFulfillments}, reverse: true) {
            nodes {
              id status createdAt trackingInfo { number }
              fulfillmentLineItems(first: ${PAGE_SIZES.recentFulfillmentLineItems}) { nodes { lineItem { id } quantity } }
            }
          }
        }
      }
    }
  }`,
);

export const FULFILLMENT_CREATE = shopifyDocument(
  'FulfillmentCreate',
  10,
  `mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment { id status }
      userErrors { field message }
    }
  }`,
);
