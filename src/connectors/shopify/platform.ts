/**
 * Shopify Admin API facts the connector is built on, as data in one place. Sources are in
 * shared/platforms/shopify.md (numbers in brackets refer to its sections).
 */

/**
 * The Admin API version every request and every webhook subscription uses: the newest stable one
 * (`ApiVersion.October26` in @shopify/shopify-api 15). Versions ship quarterly and are supported
 * for at least 12 months [19]; when Shopify answers with another version (fall-forward) the
 * connector logs it and shows it in the store's facts.
 */
export const SHOPIFY_API_VERSION = '2026-10';

export const SHOPIFY_PLATFORM = 'shopify';

/** Fields and arguments the pinned version needs that the 2025-01 schema (our only schema file) lacks. */
export interface PinnedVersionOnly {
  /** `Type.field`, `Type.field(argument:)` or `InputType.field` (sent in variables). */
  coordinate: string;
  since: string;
  why: string;
}

export const PINNED_VERSION_ONLY: readonly PinnedVersionOnly[] = [
  {
    coordinate: 'ShopPlan.publicDisplayName',
    since: '2025-07',
    why: '`displayName` is deprecated in its favour (changelog "Adding publicDisplayName field on ShopPlan").',
  },
  {
    coordinate: 'Customer.defaultEmailAddress',
    since: '2025-04',
    why: '`Customer.email` is deprecated: "Use `defaultEmailAddress.emailAddress` instead." (2025-01 schema).',
  },
  {
    coordinate: 'Customer.defaultPhoneNumber',
    since: '2025-04',
    why: '`Customer.phone` is deprecated in favour of `defaultPhoneNumber.phoneNumber`.',
  },
  {
    coordinate: 'WebhookSubscription.uri',
    since: '2025-04',
    why: 'the unified endpoint field; `callbackUrl`/`endpoint` are deprecated (changelog "consolidate webhook graphql surfaces").',
  },
  {
    coordinate: 'WebhookSubscriptionInput.uri',
    since: '2025-04',
    why: 'replaces the deprecated `callbackUrl` input (sent in variables).',
  },
  {
    coordinate: 'Mutation.bulkOperationRunQuery(groupObjects:)',
    since: '2025-04',
    why: 'defaults to false from 2026-01; the JSONL reader needs children right after their parent, so it asks for grouping.',
  },
  {
    coordinate: 'InventoryQuantityInput.changeFromQuantity',
    since: '2026-04',
    why: 'mandatory compare-and-swap value from 2026-04 (replaces `compareQuantity`/`ignoreCompareQuantity`) [24] (sent in variables).',
  },
];

/** Page sizes. Shopify refuses a query whose requested cost exceeds 1000 points, so nested sizes stay small. */
export const PAGE_SIZES = {
  /** Orders per `orders` page, each with the nested first pages below (requested cost ≈ 300 per order). */
  orders: 3,
  ordersMax: 3,
  lineItems: 5,
  shippingLines: 3,
  refunds: 3,
  refundLineItems: 5,
  fulfillments: 3,
  fulfillmentLineItems: 5,
  /** Follow-up pages of one nested connection (`order(id:) { lineItems(first: 50, after:) }`). */
  nestedFollowUp: 50,
  /** Every refund / fulfillment of one order when the first list came back full. */
  allRefunds: 100,
  allFulfillments: 100,
  fulfillmentOrders: 10,
  fulfillmentOrderLineItems: 40,
  /** The newest fulfilments per fulfillment order a retried push looks through for its own. */
  recentFulfillments: 2,
  recentFulfillmentLineItems: 20,
  webhookSubscriptions: 100,
  catalogVariants: 25,
  catalogLocationsPerItem: 10,
  inventoryReads: 100,
  /** Input arrays take at most 250 items [17]. */
  inventoryWrites: 250,
} as const;

/** Leaky-bucket defaults until the store says otherwise in `extensions.cost.throttleStatus` [14][15]. */
export const COST_DEFAULTS = {
  bucketSize: 2000,
  restorePerSecond: 100,
  /** Shopify refuses a single query that asks for more. */
  maxQueryCost: 1000,
  /** Every mutation costs 10 points. */
  mutation: 10,
  /** Wait used when a 429/503/THROTTLED answer says nothing about when to come back (graphql-client uses 1000 ms) [16]. */
  fallbackRetryAfterMs: 1000,
} as const;

/** HTTP statuses Shopify's own graphql-client retries [16]: treated as rate limiting. */
export const RATE_LIMIT_STATUSES: readonly number[] = [429, 503];

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** Bulk export: how often `currentBulkOperation` is polled while another operation holds the slot. */
export const BULK_WAIT = { pollIntervalMs: 5_000, maxPolls: 120, startAttempts: 3 } as const;

/** After `orderCancel` (an asynchronous job): how often and how long to wait for the job before reading back. */
export const CANCEL_JOB_WAIT = { pollIntervalMs: 500, maxPolls: 6 } as const;

export interface WebhookTopic {
  /** GraphQL `WebhookSubscriptionTopic`. */
  graphql: string;
  /** Delivery topic as sent in `X-Shopify-Topic`. */
  delivery: string;
}

/** What the hub subscribes to. Compliance topics (customers/redact, …) are app configuration, not API subscriptions [10]. */
export const WEBHOOK_TOPICS: readonly WebhookTopic[] = [
  { graphql: 'ORDERS_CREATE', delivery: 'orders/create' },
  { graphql: 'ORDERS_UPDATED', delivery: 'orders/updated' },
  { graphql: 'ORDERS_PAID', delivery: 'orders/paid' },
  { graphql: 'ORDERS_CANCELLED', delivery: 'orders/cancelled' },
  { graphql: 'ORDERS_FULFILLED', delivery: 'orders/fulfilled' },
  { graphql: 'ORDERS_DELETE', delivery: 'orders/delete' },
  { graphql: 'REFUNDS_CREATE', delivery: 'refunds/create' },
  { graphql: 'APP_UNINSTALLED', delivery: 'app/uninstalled' },
  { graphql: 'PRODUCTS_CREATE', delivery: 'products/create' },
  { graphql: 'PRODUCTS_UPDATE', delivery: 'products/update' },
  { graphql: 'BULK_OPERATIONS_FINISH', delivery: 'bulk_operations/finish' },
];

export interface RequiredScope {
  scope: string;
  /** What stops working without it. */
  consequence: string;
  /** Whether the scope is one the hub writes with. */
  write: boolean;
}

/** Access scopes the hub needs; a `write_x` grant implies `read_x`. */
export const REQUIRED_SCOPES: readonly RequiredScope[] = [
  { scope: 'read_orders', consequence: 'orders cannot be read: no sync, no order webhooks', write: false },
  {
    scope: 'read_all_orders',
    consequence: 'only the last 60 days of orders are readable: backfills stop there [20]',
    write: false,
  },
  { scope: 'write_orders', consequence: 'orders cannot be cancelled from the hub', write: true },
  { scope: 'write_fulfillments', consequence: 'fulfilments with tracking cannot be pushed', write: true },
  {
    scope: 'write_merchant_managed_fulfillment_orders',
    consequence: "the merchant's fulfillment orders cannot be read or fulfilled: fulfilment pushes fail",
    write: true,
  },
  { scope: 'write_inventory', consequence: 'stock levels cannot be pushed', write: true },
  {
    scope: 'read_products',
    consequence: 'the catalog (SKU → variant / inventory item) cannot be read',
    write: false,
  },
  {
    scope: 'read_locations',
    consequence: 'locations cannot be read: stock pushes need an explicit location',
    write: false,
  },
];

/** The scopes the install flow asks for by default. */
export const DEFAULT_INSTALL_SCOPES: readonly string[] = REQUIRED_SCOPES.map((s) => s.scope);

/** OAuth: a callback's `timestamp` may be this far from now [13]. */
export const OAUTH_TIMESTAMP_TOLERANCE_SEC = 90;

export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
