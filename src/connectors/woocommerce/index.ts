import { z } from 'zod';
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
import type { Sleep } from '../../core/retry-policy';
import { mapWooCommerceOrder } from '../../mappers/woocommerce';
import { Catalog } from './catalog';
import { connectStore } from './connect';
import { type ClientOptions, WooClient } from './http/client';
import { channelError } from './http/errors';
import { wooCommerceInstallFlow } from './install';
import { OrderReader } from './orders/reader';
import { WOOCOMMERCE } from './platform';
import { InventoryPush } from './push/inventory';
import { OrderStatusPush } from './push/order-status';
import { readWooCommerceOrderDocument } from './read-order-document';
import { parseWooCommerceWebhook } from './webhooks/parse';
import { WebhookSubscriptions } from './webhooks/register';
import { verifyWooCommerceWebhook } from './webhooks/signature';

export interface WooCommerceIntegrationOptions {
  httpTimeoutMs?: number;
  /** Plain http with OAuth 1.0a only for hosts this allows (sandboxes, tests); otherwise https + Basic. */
  isPlainHttpAllowed?: (host: string) => boolean;
  /** How retries wait (tests inject one); real timers by default. */
  sleep?: Sleep;
}

const credentialsSchema = z.object({
  consumerKey: z.string().regex(/^ck_/, 'must start with ck_ (WooCommerce consumer key)'),
  consumerSecret: z.string().regex(/^cs_/, 'must start with cs_ (WooCommerce consumer secret)'),
  webhookSecret: z.string().min(1).optional(),
});

export class WooCommerceIntegration extends BaseEcommerceIntegration {
  readonly descriptor: ConnectorDescriptor = {
    platform: WOOCOMMERCE.platform,
    displayName: WOOCOMMERCE.displayName,
    credentialsSchema,
    rateBudget: { ...WOOCOMMERCE.rateBudget },
  };

  override readonly install: InstallFlow;
  private readonly clientOptions: ClientOptions;

  constructor(options: WooCommerceIntegrationOptions = {}) {
    super();
    this.clientOptions = {
      httpTimeoutMs: options.httpTimeoutMs ?? WOOCOMMERCE.httpTimeoutMs,
      isPlainHttpAllowed: options.isPlainHttpAllowed ?? (() => false),
      sleep: options.sleep,
    };
    this.install = wooCommerceInstallFlow(this.clientOptions);
  }

  async connect(ctx: ConnectorContext): Promise<ConnectResult> {
    return connectStore(this.client(ctx), ctx);
  }

  async listOrders(ctx: ConnectorContext, request: OrderPageRequest): Promise<OrderPage> {
    return this.orders(ctx).page(request);
  }

  async countOrders(ctx: ConnectorContext, window: OrderWindow): Promise<number> {
    return this.orders(ctx).count(window);
  }

  async fetchOrder(ctx: ConnectorContext, externalId: string): Promise<RawOrder | null> {
    return this.orders(ctx).fetch(externalId);
  }

  mapOrder(payload: JsonValue): CanonicalOrder {
    return mapWooCommerceOrder(payload);
  }

  override readOrderDocument(document: JsonValue): JsonValue {
    return readWooCommerceOrderDocument(document);
  }

  verifyWebhook(request: InboundWebhook, credentials: Readonly<Record<string, string>>): WebhookVerdict {
    return verifyWooCommerceWebhook(request, credentials);
  }

  parseWebhook(request: InboundWebhook): WebhookEvent {
    return parseWooCommerceWebhook(request);
  }

  async ensureWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<WebhookRepair> {
    const secret = ctx.credentials.webhookSecret;
    if (!secret) {
      throw channelError(
        'auth',
        'no webhook secret is stored for this store: reconnect it so the hub makes one',
      );
    }
    return new WebhookSubscriptions(this.client(ctx)).ensure(callbackUrl, secret);
  }

  async listWebhooks(ctx: ConnectorContext): Promise<RegisteredWebhook[]> {
    return new WebhookSubscriptions(this.client(ctx)).list();
  }

  async removeWebhooks(ctx: ConnectorContext, callbackUrl: string): Promise<void> {
    return new WebhookSubscriptions(this.client(ctx)).remove(callbackUrl);
  }

  async pushFulfillment(ctx: ConnectorContext, push: FulfillmentPush): Promise<PushResult> {
    return this.statusPush(ctx).fulfil(push);
  }

  async cancelOrder(ctx: ConnectorContext, push: CancelPush): Promise<PushResult> {
    return this.statusPush(ctx).cancel(push);
  }

  async setInventory(ctx: ConnectorContext, targets: InventoryTarget[]): Promise<InventoryResult[]> {
    return new InventoryPush(this.client(ctx)).set(targets);
  }

  async listCatalog(ctx: ConnectorContext, cursor: string | null): Promise<CatalogPage> {
    return new Catalog(this.client(ctx)).page(cursor);
  }

  private client(ctx: ConnectorContext): WooClient {
    return new WooClient(ctx, this.clientOptions);
  }

  private orders(ctx: ConnectorContext): OrderReader {
    return new OrderReader(this.client(ctx));
  }

  private statusPush(ctx: ConnectorContext): OrderStatusPush {
    const client = this.client(ctx);
    return new OrderStatusPush(client, new OrderReader(client));
  }
}

export { mapWooCommerceOrder } from '../../mappers/woocommerce';
export { WOOCOMMERCE } from './platform';
