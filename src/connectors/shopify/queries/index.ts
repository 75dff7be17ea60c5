import { bulkOrdersQuery } from '../bulk/query-builder';
import type { ShopifyDocument } from '../graphql/document';
import { BULK_OPERATION_BY_ID, BULK_RUN_QUERY, CURRENT_BULK_OPERATION } from './bulk';
import { JOB_STATUS, ORDER_CANCEL, ORDER_CANCEL_STATE } from './cancel';
import { CATALOG_PAGE } from './catalog';
import {
  FULFILLMENT_CREATE,
  FULFILLMENT_ORDER_LINE_ITEMS_PAGE,
  ORDER_FULFILLMENT_ORDERS,
  ORDER_RECENT_FULFILLMENTS,
} from './fulfillment';
import { INVENTORY_LEVELS, INVENTORY_SET_QUANTITIES, PRIMARY_LOCATION } from './inventory';
import {
  FULFILLMENT_LINE_ITEMS_PAGE,
  ORDER_ALL_FULFILLMENTS,
  ORDER_ALL_REFUNDS,
  ORDER_BY_ID,
  ORDER_LINE_ITEMS_PAGE,
  ORDER_SHIPPING_LINES_PAGE,
  ORDERS_COUNT,
  ORDERS_PAGE,
  REFUND_LINE_ITEMS_PAGE,
} from './orders';
import { SHOP_FACTS } from './shop';
import { WEBHOOK_SUBSCRIPTION_CREATE, WEBHOOK_SUBSCRIPTION_DELETE, WEBHOOK_SUBSCRIPTIONS } from './webhooks';

/** Every GraphQL document the connector sends to the Admin API. */
export const ALL_SHOPIFY_DOCUMENTS: readonly ShopifyDocument[] = [
  SHOP_FACTS,
  ORDERS_PAGE,
  ORDER_BY_ID,
  ORDERS_COUNT,
  ORDER_LINE_ITEMS_PAGE,
  ORDER_SHIPPING_LINES_PAGE,
  ORDER_ALL_REFUNDS,
  ORDER_ALL_FULFILLMENTS,
  REFUND_LINE_ITEMS_PAGE,
  FULFILLMENT_LINE_ITEMS_PAGE,
  BULK_RUN_QUERY,
  CURRENT_BULK_OPERATION,
  BULK_OPERATION_BY_ID,
  WEBHOOK_SUBSCRIPTIONS,
  WEBHOOK_SUBSCRIPTION_CREATE,
  WEBHOOK_SUBSCRIPTION_DELETE,
  ORDER_FULFILLMENT_ORDERS,
  FULFILLMENT_ORDER_LINE_ITEMS_PAGE,
  ORDER_RECENT_FULFILLMENTS,
  FULFILLMENT_CREATE,
  ORDER_CANCEL_STATE,
  ORDER_CANCEL,
  JOB_STATUS,
  PRIMARY_LOCATION,
  INVENTORY_LEVELS,
  INVENTORY_SET_QUANTITIES,
  CATALOG_PAGE,
];

/** Every document, plus the query the bulk export hands to `bulkOperationRunQuery` (for a sample window). */
export function listShopifyDocuments(): { name: string; text: string }[] {
  const sampleWindow = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') };
  return [
    ...ALL_SHOPIFY_DOCUMENTS.map(({ name, text }) => ({ name, text })),
    { name: 'BulkOrdersQuery', text: bulkOrdersQuery(sampleWindow) },
  ];
}
