import { createHmac, randomUUID } from 'node:crypto';
import { DeliveryQueue } from '../common/delivery-queue';
import { postRaw } from '../common/http-post';

export interface Subscription {
  id: number;
  /** GraphQL enum, e.g. ORDERS_CREATE. */
  topic: string;
  callbackUrl: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  filter: string | null;
  apiVersion: string;
  createdAt: number;
  updatedAt: number;
  failures: number;
}

export interface ShopifyDelivery {
  subscriptionId: number;
  topic: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  error?: string;
  at: number;
}

const MULTI_WORD = [
  'BULK_OPERATIONS',
  'INVENTORY_LEVELS',
  'INVENTORY_ITEMS',
  'FULFILLMENT_ORDERS',
  'FULFILLMENT_EVENTS',
  'ORDER_TRANSACTIONS',
  'DRAFT_ORDERS',
  'APP_SUBSCRIPTIONS',
  'CUSTOMER_GROUPS',
  'SELLING_PLAN_GROUPS',
  'PRODUCT_LISTINGS',
  'SHOP_REDACT',
  'CUSTOMERS_DATA_REQUEST',
  'CUSTOMERS_REDACT',
];

/** ORDERS_PARTIALLY_FULFILLED → orders/partially_fulfilled, BULK_OPERATIONS_FINISH → bulk_operations/finish. */
export function topicPath(topic: string): string {
  const prefix = MULTI_WORD.find((p) => topic.startsWith(`${p}_`)) ?? topic.split('_')[0] ?? topic;
  const rest = topic.slice(prefix.length + 1);
  return `${prefix.toLowerCase()}/${rest.toLowerCase()}`;
}

function pick(payload: unknown, fields: string[]): unknown {
  if (fields.length === 0 || typeof payload !== 'object' || payload === null) return payload;
  const src = payload as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in src).map((f) => [f, src[f]]));
}

/** HTTPS-style webhook subscriptions: signed JSON deliveries, async, awaitable. */
export class ShopifyWebhooks {
  readonly subscriptions = new Map<number, Subscription>();
  readonly queue = new DeliveryQueue();
  readonly deliveries: ShopifyDelivery[] = [];
  private nextId = 0;
  timeoutMs = 5_000;

  constructor(
    private readonly secret: () => string,
    private readonly shopDomain: string,
  ) {}

  create(
    input: Omit<Subscription, 'id' | 'createdAt' | 'updatedAt' | 'failures'>,
    now: number,
    baseId: number,
  ): Subscription {
    const sub: Subscription = {
      ...input,
      id: baseId + this.nextId++,
      createdAt: now,
      updatedAt: now,
      failures: 0,
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  /** Sends one event to every subscription on `topic` (one delivery each; they share the event id). */
  emit(topic: string, payload: () => unknown): void {
    const subs = [...this.subscriptions.values()].filter((s) => s.topic === topic);
    if (subs.length === 0) return;
    const body = payload();
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    for (const sub of subs)
      this.queue.enqueue(() =>
        this.deliver(sub, topic, JSON.stringify(pick(body, sub.includeFields)), eventId, triggeredAt),
      );
  }

  private async deliver(
    sub: Subscription,
    topic: string,
    body: string,
    eventId: string,
    triggeredAt: string,
  ): Promise<void> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Shopify-Captain-Hook',
      'X-Shopify-Topic': topicPath(topic),
      'X-Shopify-Hmac-Sha256': createHmac('sha256', this.secret()).update(body, 'utf8').digest('base64'),
      'X-Shopify-Shop-Domain': this.shopDomain,
      'X-Shopify-API-Version': sub.apiVersion,
      'X-Shopify-Webhook-Id': randomUUID(),
      'X-Shopify-Event-Id': eventId,
      'X-Shopify-Triggered-At': triggeredAt,
    };
    const res = await postRaw(sub.callbackUrl, headers, Buffer.from(body, 'utf8'), this.timeoutMs);
    this.deliveries.push({
      subscriptionId: sub.id,
      topic: topicPath(topic),
      url: sub.callbackUrl,
      headers,
      body,
      status: res.status,
      ...(res.error ? { error: res.error } : {}),
      at: Date.now(),
    });
    sub.failures = res.status >= 200 && res.status < 300 ? 0 : sub.failures + 1;
  }
}
