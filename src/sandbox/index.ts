/** Sandbox stores: local servers that behave like a real WooCommerce (wc/v3) and Shopify (Admin GraphQL) store. */
export {
  startWooCommerceSandbox,
  type WooKey,
  type WooSandbox,
  type WooSandboxOptions,
} from './woocommerce/server';
export { WooStore } from './woocommerce/store';
export type { WooOrderInput, WooRefundInput } from './woocommerce/inputs';
export type { WooDelivery } from './woocommerce/webhooks';
export type { WooOrder, WooRefund, WooNote, WooWebhook, WooStatus } from './woocommerce/types';
export type { WooProductJson, StockChange } from './woocommerce/catalog';
export {
  startShopifySandbox,
  ShopifyFaults,
  DEFAULT_SCOPES,
  type ShopifySandbox,
  type ShopifySandboxOptions,
  type ShopifyCredentials,
} from './shopify/server';
export { ShopifyStore, type ShopPlan } from './shopify/store';
export type { RestOrder } from './shopify/rest-order';
export type { ShopifyDelivery, Subscription } from './shopify/webhooks';
export type { UserError } from './shopify/mutations';
export { LeakyBucket, PLAN_BUCKETS } from './shopify/graphql/bucket';
export { loadAdminSchema, SCHEMA_VERSION } from './shopify/schema';
export { Faults, type RateLimitFault, type ServerErrorFault, type HtmlFault } from './common/faults';
export { RequestLog, type LoggedRequest } from './common/request-log';
export { oauthBaseString, rfc3986 } from './woocommerce/auth';
export { phpJson } from './woocommerce/php-json';
export type { Lifecycle, OrderPlan } from './seed/plan-types';
