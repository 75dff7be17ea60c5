import type { CanonicalOrder } from '../../core/canonical/types';
import {
  BaseEcommerceIntegration,
  type CancelPush,
  type CatalogPage,
  type ConnectResult,
  type ConnectorContext,
  type ConnectorDescriptor,
  type FulfillmentPush,
  type InboundWebhook,
  type InstallFlow,
  type InventoryResult,
  type InventoryTarget,
  type OrderPage,
  type OrderPageRequest,
  type OrderWindow,
  type PushResult,
  type RawOrder,
  type RegisteredWebhook,
  type WebhookEvent,
  type WebhookRepair,
  type WebhookVerdict,
} from '../../core/integration';
import type { JsonValue } from '../../core/json';
import { sleep as realSleep, type Sleep } from '../../core/retry-policy';
import { findShopifyOrder, mapShopifyOrder } from '../../mappers/shopify';
import { ShopifyBulkOrderExport } from './bulk';
import { listCatalog } from './catalog';
import { connectStore } from './connect';
import { SHOPIFY_DESCRIPTOR } from './descriptor';
import { ShopifyGraphqlClient } from './graphql/client';
import { shopifyInstallFlow } from './install/flow';
import { countOrders, fetchOrder, listOrders } from './orders/pull';
import { BULK_WAIT, CANCEL_JOB_WAIT, DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_INSTALL_SCOPES } from './platform';
import { cancelOrder } from './push/cancel';
import { pushFulfillment } from './push/fulfillment';
import { setInventory } from './push/inventory';
import { parseShopifyWebhook } from './webhooks/parse';
import { ensureWebhooks, listWebhooks, removeWebhooks } from './webhooks/subscriptions';
import { verifyShopifyWebhook } from './webhooks/verify';

export { ALL_SHOPIFY_DOCUMENTS, listShopifyDocuments } from './queries';
export { SHOPIFY_API_VERSION, PINNED_VERSION_ONLY } from './platform';

export interface ShopifyIntegrationOptions {
  /** The hub's Shopify app (OAuth install flow): client id and secret. */
  apiKey?: string;
  apiSecret?: string;
  /** Scopes the install flow asks for; default: every scope the hub needs. */
  scopes?: string[];
  httpTimeoutMs?: number;
  /** Plain http only for sandbox hosts this allows; real stores are always https. */
  isPlainHttpAllowed?: (host: string) => boolean;
  /** How retries and polls wait (tests inject one); real timers by default. */
  sleep?: Sleep;
  /** Current time in ms, for the install callback's timestamp check (tests inject one). */
  now?: () => number;
  /** Poll interval of bulk and cancel waits; defaults in platform.ts. */
  pollIntervalMs?: number;
}

/** Shopify through the GraphQL Admin API, pinned to SHOPIFY_API_VERSION. */
export class ShopifyIntegration extends BaseEcommerceIntegration {
  readonly descriptor: ConnectorDescriptor = SHOPIFY_DESCRIPTOR;
  override readonly install: InstallFlow;
  override readonly bulkExport: ShopifyBulkOrderExport;

  private readonly httpTimeoutMs: number;
  private readonly isPlainHttpAllowed: (host: string) => boolean;
  private readonly sleep: Sleep;
  private readonly pollIntervalMs: number | undefined;
  /** Last requested cost per document, learnt from Shopify's answers, for the rate gate. */
  private readonly costMemory = new Map<string, number>();

  constructor(options: ShopifyIntegrationOptions = {}) {
    super();
    this.httpTimeoutMs = options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    this.isPlainHttpAllowed = options.isPlainHttpAllowed ?? (() => false);
    this.sleep = options.sleep ?? realSleep;
    this.pollIntervalMs = options.pollIntervalMs;
    this.install = shopifyInstallFlow({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      scopes: options.scopes ?? DEFAULT_INSTALL_SCOPES,
      httpTimeoutMs: this.httpTimeoutMs,
      now: options.now ?? Date.now,
    });
    this.bulkExport = new ShopifyBulkOrderExport(
      (ctx) => this.client(ctx),
      {
        sleep: this.sleep,
        pollIntervalMs: this.pollIntervalMs ?? BULK_WAIT.pollIntervalMs,
        maxPolls: BULK_WAIT.maxPolls,
        startAttempts: BULK_WAIT.startAttempts,
      },
      { timeoutMs: this.httpTimeoutMs, isPlainHttpAllowed: this.isPlainHttpAllowed },
    );
  }

  private client(ctx: ConnectorContext): ShopifyGraphqlClient {
    return new ShopifyGraphqlClient(ctx, {
      httpTimeoutMs: this.httpTimeoutMs,
      isPlainHttpAllowed: this.isPlainHttpAllowed,
      sleep: this.sleep,
      costMemory: this.costMemory,
    });
  }

  async connect(ctx: ConnectorContext): Promise<ConnectResult> {
    return connectStore(this.client(ctx), { ...ctx.credentials });
  }

  async listOrders(ctx: ConnectorContext, request: OrderPageRequest): Promise<OrderPage> {
    return listOrders(this.client(ctx), request);
  }

  async countOrders(ctx: ConnectorContext, window: OrderWindow): Promise<number> {
    return countOrders(this.client(ctx), window);
  }

  async fetchOrder(ctx: ConnectorContext, externalId: string): Promise<RawOrder | null> {
    return fetchOrder(this.client(ctx), externalId);
  }

  mapOrder(payload: JsonValue): CanonicalOrder {
    return mapShopifyOrder(payload);
  }

  override readOrderDocument(document: JsonValue): JsonValue {
    return findShopifyOrder(document);
  }

  verifyWebhook(request: InboundWebhook, credentials: Readonly<Record<string, string>>): WebhookVerdict {
    return verifyShopifyWebhook(request, credentials);
  }

  parseWebhook(request: InboundWebhook): WebhookEvent {
    return parseShopifyWebhook(request);
  }

  async ensureWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<WebhookRepair> {
    return ensureWebhooks(this.client(ctx), callbackUrl);
  }

  async listWebhooks(ctx: ConnectorContext): Promise<RegisteredWebhook[]> {
    return listWebhooks(this.client(ctx));
  }

  async removeWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<void> {
    return removeWebhooks(this.client(ctx), callbackUrl);
  }

  async pushFulfillment(ctx: ConnectorContext, push: FulfillmentPush): Promise<PushResult> {
    const client = this.client(ctx);
    return pushFulfillment(client, push, (id) => fetchOrder(client, id));
  }

  async cancelOrder(ctx: ConnectorContext, push: CancelPush): Promise<PushResult> {
    const client = this.client(ctx);
    return cancelOrder(client, push, (id) => fetchOrder(client, id), {
      sleep: this.sleep,
      pollIntervalMs: this.pollIntervalMs ?? CANCEL_JOB_WAIT.pollIntervalMs,
      maxPolls: CANCEL_JOB_WAIT.maxPolls,
    });
  }

  async setInventory(ctx: ConnectorContext, targets: InventoryTarget[]): Promise<InventoryResult[]> {
    const defaultLocation =
      typeof ctx.state.defaultLocationId === 'string' ? ctx.state.defaultLocationId : null;
    return setInventory(this.client(ctx), targets, defaultLocation);
  }

  async listCatalog(ctx: ConnectorContext, cursor: string | null): Promise<CatalogPage> {
    return listCatalog(this.client(ctx), cursor);
  }
}
