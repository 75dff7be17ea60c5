/**
 * WooCommerce facts the connector relies on, in one place. Sources: shared/platforms/woocommerce.md
 * (sections named) and the captures of a real WooCommerce 11.0.1 store.
 */
export const WOOCOMMERCE = {
  platform: 'woocommerce',
  displayName: 'WooCommerce',
  /** REST namespace under `/wp-json/`. */
  apiVersion: 'wc/v3',
  restPrefix: 'wp-json',
  /** `per_page` maximum of every collection (C1). */
  pageSize: 100,
  /** Items per `…/batch` request, create + update + delete together; more answers 413 (E). */
  batchLimit: 100,
  /** `date_modified_gmt` has one-second resolution and `modified_after` is exclusive (C3). */
  timestampResolutionMs: 1000,
  /** No published rate limit: a conservative per-store budget until the store answers 429. */
  rateBudget: { capacity: 10, refillPerSecond: 5, unit: 'request' as const },
  /** Wait assumed after a 429 that carries no Retry-After. */
  defaultThrottleMs: 2000,
  httpTimeoutMs: 30_000,
  /** What the hub subscribes to; `order.updated` also fires on refunds (A6). */
  orderTopics: ['order.created', 'order.updated', 'order.deleted', 'order.restored'] as const,
  /** Order statuses listed by `status=any`; trashed orders only come with `status=trash` (B1). */
  liveStatuses: 'any',
  trashStatus: 'trash',
  webhookName: 'Channel Hub',
  /** `/wc-auth/v1/authorize` (F): the hub asks for read and write. */
  authorizePath: '/wc-auth/v1/authorize',
  authorizeScope: 'read_write',
  appName: 'Channel Hub',
  /** 401 codes (observed): an unknown key is not "authenticated" at all, a wrong secret is. */
  errorCodes: {
    cannotView: /^woocommerce_rest_cannot_/,
    authentication: 'woocommerce_rest_authentication_error',
    noRoute: 'rest_no_route',
    invalidId: /_invalid_id$/,
  },
  headers: {
    signature: 'x-wc-webhook-signature',
    topic: 'x-wc-webhook-topic',
    deliveryId: 'x-wc-webhook-delivery-id',
    total: 'x-wp-total',
    totalPages: 'x-wp-totalpages',
    retryAfter: 'retry-after',
  },
} as const;

export type OrderTopic = (typeof WOOCOMMERCE.orderTopics)[number];
