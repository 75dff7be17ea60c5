import type { ZodType } from 'zod';
import type { CanonicalOrder } from './canonical/types';
import type { JsonValue } from './json';

/**
 * Priority lanes of a store's rate budget: operational work (webhook-driven fetches, pushes) goes
 * first, incremental sync next, backfill last. A lower lane may only spend what the higher ones leave.
 */
export type Lane = 'operational' | 'incremental' | 'backfill';

export type RateFeedback =
  /** The channel's own view of the budget (Shopify `extensions.cost.throttleStatus`). */
  | { kind: 'bucket'; maximumAvailable: number; currentlyAvailable: number; restoreRate: number }
  /** The channel refused for rate (HTTP 429, `THROTTLED`): nothing more until `retryAfterMs` has passed. */
  | { kind: 'throttled'; retryAfterMs: number };

/** One store's request budget, shared by every process that talks to that store. */
export interface RateGate {
  /** Resolves once a request of `cost` units may go out in `lane`; returns how long it waited (ms). */
  acquire(cost: number, lane: Lane): Promise<number>;
  /** Tells the governor what the channel said about its budget, so it can adapt. */
  report(feedback: RateFeedback): Promise<void>;
}

export interface ConnectorLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/** Everything a connector call needs to reach one store. Built by the hub for each call. */
export interface ConnectorContext {
  integrationId: string;
  /** The store's base URL as connected, without trailing slash (`https://shop.example.com`). */
  storeUrl: string;
  /** Decrypted credentials, in the shape the connector's `credentialsSchema` accepts. */
  credentials: Readonly<Record<string, string>>;
  /** Connector-owned facts remembered between calls (served API version, default location, …). */
  state: Readonly<Record<string, unknown>>;
  rateGate: RateGate;
  lane: Lane;
  log: ConnectorLogger;
  signal?: AbortSignal;
}

export interface StoreFacts {
  name: string | null;
  currency: string;
  timezone: string | null;
  /** Whether the store's prices include tax; null when the store does not say. */
  taxesIncluded: boolean | null;
  /** The platform's version (WooCommerce 11.0.1) or API version served (Shopify 2026-07). */
  platformVersion: string | null;
  plan: string | null;
  grantedScopes: string[];
  /** Scopes or permissions the hub needs but the credentials lack, each with what will not work. */
  missingScopes: { scope: string; consequence: string }[];
  canWrite: boolean;
  warnings: string[];
}

export interface ConnectResult {
  facts: StoreFacts;
  /** The credentials to store (encrypted): the input, plus anything the connector generated (a webhook secret). */
  credentials: Record<string, string>;
  /** Initial connector state to remember. */
  state: Record<string, unknown>;
}

/** A half-open window of channel update times: `from <= updatedAt < to`. */
export interface OrderWindow {
  from: Date;
  to: Date;
}

/** An order as the channel gave it, before mapping. */
export interface RawOrder {
  externalId: string;
  /** The channel's update time, canonical UTC: it orders versions of the same order. */
  updatedAt: string;
  payload: JsonValue;
  /** Deleted (trashed) on the channel. */
  deleted: boolean;
}

export interface OrderPageRequest {
  window: OrderWindow;
  /** Opaque, from the previous page; null for the first page. */
  cursor: string | null;
  pageSize?: number;
}

export interface OrderPage {
  orders: RawOrder[];
  /** Null when the window has no more pages. */
  nextCursor: string | null;
  /** The channel's count of orders in the window, when it says (WooCommerce `X-WP-Total`). */
  totalInWindow: number | null;
}

/** An inbound webhook request: header names lower-cased, the body as the exact bytes received. */
export interface InboundWebhook {
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

export type WebhookVerdict =
  | { kind: 'verified' }
  /** A platform's unsigned liveness probe (WooCommerce's `webhook_id=N` ping): answer 200, nothing else. */
  | { kind: 'ping' }
  | { kind: 'rejected'; reason: 'missing_signature' | 'bad_signature' };

interface WebhookEventBase {
  topic: string;
  /**
   * What names this delivery for deduplication, as the connector defines it (Shopify's webhook id;
   * WooCommerce: topic + order id + date_modified_gmt, because its delivery id is not unique).
   */
  deliveryKey: string;
  /** What names the underlying event across subscriptions (Shopify `X-Shopify-Event-Id`), if any. */
  eventKey: string | null;
  /** When the platform says the event happened (Shopify `X-Shopify-Triggered-At`). */
  triggeredAt: string | null;
}

export type WebhookEvent =
  | (WebhookEventBase & {
      kind: 'order';
      orderExternalId: string;
      /** The order's channel update time when the body carries it. */
      orderUpdatedAt: string | null;
      deleted: boolean;
      /** The full order payload for the mapper, or null when the event carries less (fetch it). */
      payload: JsonValue | null;
    })
  | (WebhookEventBase & { kind: 'uninstalled' })
  | (WebhookEventBase & {
      kind: 'customer_redact' | 'customer_data_request';
      customerExternalId: string | null;
      email: string | null;
      orderExternalIds: string[];
    })
  | (WebhookEventBase & { kind: 'shop_redact' })
  | (WebhookEventBase & { kind: 'catalog_changed'; productExternalId: string | null })
  | (WebhookEventBase & { kind: 'bulk_operation_finished'; operationId: string })
  | (WebhookEventBase & { kind: 'ignored'; reason: string });

export interface RegisteredWebhook {
  id: string;
  topic: string;
  address: string;
  status: 'active' | 'paused' | 'disabled';
}

export interface WebhookRepair {
  webhooks: RegisteredWebhook[];
  /** What was done: e.g. `created order.updated`, `re-enabled 42 (disabled after failures)`. */
  actions: string[];
}

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentPush {
  orderExternalId: string;
  /** Null: every line that is still unfulfilled. */
  lineItems: { lineItemExternalId: string; quantity: number }[] | null;
  tracking: TrackingInfo | null;
  notifyCustomer: boolean;
  /** Stable across retries of the same push. */
  idempotencyKey: string;
  /**
   * Set on a retry, when an earlier attempt of this push may already have written: when the push
   * was asked for (UTC). A channel without idempotency keys then counts what was fulfilled for these
   * lines since then as done, so that the retry does not fulfil it a second time.
   */
  earlierAttemptsSince?: string;
}

export interface CancelPush {
  orderExternalId: string;
  reason: string | null;
  notifyCustomer: boolean;
  restock: boolean;
  idempotencyKey: string;
}

export interface PushResult {
  /** `already_applied`: the channel was already in the asked state; nothing was written. */
  outcome: 'applied' | 'already_applied';
  /** The channel's id of what was created (a fulfillment id), when there is one. */
  channelRef: string | null;
  /** The order as read back from the channel after the write (or as found when already applied). */
  order: RawOrder | null;
}

/** One SKU as a store sells it: the channel ids a stock update needs. */
export interface CatalogEntry {
  sku: string;
  productExternalId: string;
  variantExternalId: string | null;
  inventoryItemExternalId: string | null;
  locationExternalIds: string[];
  managesStock: boolean;
  available: number | null;
}

export interface CatalogPage {
  entries: CatalogEntry[];
  nextCursor: string | null;
}

export interface InventoryTarget {
  entry: CatalogEntry;
  available: number;
  /** Null: the connector's default location. */
  locationExternalId: string | null;
}

export interface InventoryResult {
  sku: string;
  outcome: 'applied' | 'already_applied' | 'skipped' | 'failed';
  previous: number | null;
  current: number | null;
  reason: string | null;
}

export interface BulkExportStatus {
  status: 'running' | 'completed' | 'failed';
  objectCount: number;
  url: string | null;
  error: string | null;
}

/** Export of a whole window through the platform's bulk facility (Shopify bulk operations). */
export interface BulkOrderExport {
  start(ctx: ConnectorContext, window: OrderWindow): Promise<{ operationId: string }>;
  poll(ctx: ConnectorContext, operationId: string): Promise<BulkExportStatus>;
  /** Streams the result, one order at a time, without holding it whole. */
  read(ctx: ConnectorContext, url: string): AsyncIterable<RawOrder>;
}

/** An install flow where the platform hands the hub its credentials (Shopify OAuth, WooCommerce wc-auth). */
export interface InstallFlow {
  /** Where to send the merchant to grant access. */
  begin(
    params: Readonly<Record<string, string>>,
    target: { callbackUrl: string; returnUrl: string; state: string },
  ): {
    redirectUrl: string;
    storeUrl: string;
  };
  /** Checks the platform's callback and returns the store and its credentials. */
  complete(
    request: { query: Readonly<Record<string, string>>; body: JsonValue | null },
    expected: { state: string; storeUrl: string },
  ): Promise<{ storeUrl: string; credentials: Record<string, string> }>;
}

export interface ConnectorDescriptor {
  /** The registry name, also the canonical `channel`: `shopify`, `woocommerce`. */
  platform: string;
  displayName: string;
  /** Validates the `credentials` object of the setup endpoint; field errors name the field. */
  credentialsSchema: ZodType<Record<string, string>>;
  /** Default budget of one store before the channel tells the governor more. */
  rateBudget: { capacity: number; refillPerSecond: number; unit: 'request' | 'cost_point' };
}

/**
 * What every channel connector implements. The hub's pipelines (webhooks, sync, push) call only
 * this; everything platform-specific lives behind it, in `src/connectors/<platform>`.
 */
export abstract class BaseEcommerceIntegration {
  abstract readonly descriptor: ConnectorDescriptor;

  get platform(): string {
    return this.descriptor.platform;
  }

  /** Checks the credentials against the store and reads its facts. Throws ChannelError('auth') when rejected. */
  abstract connect(ctx: ConnectorContext): Promise<ConnectResult>;

  /** Orders updated in the window, page by page, in a stable order so that nothing is skipped. */
  abstract listOrders(ctx: ConnectorContext, request: OrderPageRequest): Promise<OrderPage>;

  /** The channel's count of orders updated in the window (completeness checks). */
  abstract countOrders(ctx: ConnectorContext, window: OrderWindow): Promise<number>;

  /** One order, in full; null when the channel no longer has it. */
  abstract fetchOrder(ctx: ConnectorContext, externalId: string): Promise<RawOrder | null>;

  /** Maps a raw order payload to the canonical order. Pure: delegates to `src/mappers`. */
  abstract mapOrder(payload: JsonValue): CanonicalOrder;

  /** Checks a webhook's signature on the raw bytes, in constant time. */
  abstract verifyWebhook(
    request: InboundWebhook,
    credentials: Readonly<Record<string, string>>,
  ): WebhookVerdict;

  /** Reads a verified webhook. Throws WebhookPayloadError for a body it cannot read. */
  abstract parseWebhook(request: InboundWebhook): WebhookEvent;

  /** Creates what is missing and re-enables what is disabled, so the store's order events reach `callbackUrl`. */
  abstract ensureWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<WebhookRepair>;

  abstract listWebhooks(ctx: ConnectorContext): Promise<RegisteredWebhook[]>;

  /** Removes the hub's subscriptions pointing at `callbackUrl`. */
  abstract removeWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<void>;

  abstract pushFulfillment(ctx: ConnectorContext, push: FulfillmentPush): Promise<PushResult>;

  abstract cancelOrder(ctx: ConnectorContext, push: CancelPush): Promise<PushResult>;

  /** Sets absolute stock levels; reads current levels first and skips what is already true. */
  abstract setInventory(ctx: ConnectorContext, targets: InventoryTarget[]): Promise<InventoryResult[]>;

  abstract listCatalog(ctx: ConnectorContext, cursor: string | null): Promise<CatalogPage>;

  /** Optional: the platform's bulk export for large backfills. */
  readonly bulkExport?: BulkOrderExport;

  /** Optional: an install flow where the platform hands over credentials. */
  readonly install?: InstallFlow;

  /**
   * Finds the order inside a document as found in the wild (a webhook body, a REST answer wrapped
   * in `{"order": …}`, a GraphQL answer, a captured delivery with headers and body). Default: as is.
   */
  readOrderDocument(document: JsonValue): JsonValue {
    return document;
  }
}
