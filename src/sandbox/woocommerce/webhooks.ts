import { createHmac } from 'node:crypto';
import { DeliveryQueue } from '../common/delivery-queue';
import { postRaw } from '../common/http-post';
import { formatGmtNoZone, formatLocalNoZone } from '../common/time';
import { WooError, type WebhookStatus, type WooWebhook } from './types';

export const WOO_USER_AGENT = 'WooCommerce/11.0.1 Hookshot (WordPress/7.0.4)';

const HOOKS: Record<string, string[]> = {
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': [
    'woocommerce_process_product_meta',
    'woocommerce_new_product',
    'woocommerce_new_product_variation',
  ],
  'product.updated': [
    'woocommerce_process_product_meta',
    'woocommerce_update_product',
    'woocommerce_update_product_variation',
  ],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
};

export interface WebhookRecord {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  createdAt: number;
  modifiedAt: number | null;
  failureCount: number;
  pendingDelivery: boolean;
}

export interface WooDelivery {
  webhookId: number;
  topic: string;
  /** 'ping' for the creation ping. */
  kind: 'delivery' | 'ping';
  url: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  error?: string;
  at: number;
}

export interface WebhookInput {
  name?: unknown;
  topic?: unknown;
  delivery_url?: unknown;
  secret?: unknown;
  status?: unknown;
}

export function isValidTopic(topic: string): boolean {
  return topic in HOOKS || /^action\.(woocommerce|wc)_[a-z0-9_]+$/.test(topic);
}

/** Webhooks as WooCommerce runs them: ping on creation, signed async deliveries, disable after the 7th failure. */
export class WooWebhooks {
  private readonly records = new Map<number, WebhookRecord>();
  private nextId = 1;
  readonly queue = new DeliveryQueue();
  readonly deliveries: WooDelivery[] = [];
  timeoutMs = 10_000;

  constructor(
    private readonly home: () => string,
    private readonly timeZone: string,
    private readonly salt: string,
  ) {}

  list(): WebhookRecord[] {
    return [...this.records.values()].sort((a, b) => b.id - a.id);
  }

  get(id: number): WebhookRecord {
    const r = this.records.get(id);
    if (!r) throw new WooError(404, 'woocommerce_rest_webhook_invalid_id', 'Invalid ID.');
    return r;
  }

  /** Creates a webhook and pings it (awaited, like the REST request in WooCommerce). */
  async create(input: WebhookInput, now = Date.now()): Promise<WebhookRecord> {
    const topic = typeof input.topic === 'string' ? input.topic : '';
    if (!isValidTopic(topic))
      throw new WooError(
        400,
        'woocommerce_rest_webhook_invalid_topic',
        'Webhook topic is required and must be valid.',
      );
    const url = typeof input.delivery_url === 'string' ? input.delivery_url : '';
    if (!/^https?:\/\/\S+$/.test(url))
      throw new WooError(
        400,
        'woocommerce_rest_webhook_invalid_delivery_url',
        'Webhook delivery URL must be a valid URL starting with http:// or https://.',
      );
    const id = this.nextId++;
    const record: WebhookRecord = {
      id,
      name:
        typeof input.name === 'string' && input.name
          ? input.name
          : `Webhook created on ${formatLocalNoZone(now, this.timeZone)}`,
      status: this.parseStatus(input.status) ?? 'active',
      topic,
      deliveryUrl: url,
      secret:
        typeof input.secret === 'string' && input.secret
          ? input.secret
          : createHmac('md5', this.salt).update(`1|admin`).digest('hex'),
      createdAt: now,
      modifiedAt: null,
      failureCount: 0,
      pendingDelivery: true,
    };
    this.records.set(id, record);
    if (record.status === 'active') await this.ping(record);
    return record;
  }

  async update(id: number, input: WebhookInput, now = Date.now()): Promise<WebhookRecord> {
    const r = this.get(id);
    const urlBefore = r.deliveryUrl;
    if (typeof input.name === 'string') r.name = input.name;
    if (input.topic !== undefined) {
      if (typeof input.topic !== 'string' || !isValidTopic(input.topic))
        throw new WooError(
          400,
          'woocommerce_rest_webhook_invalid_topic',
          'Webhook topic is required and must be valid.',
        );
      r.topic = input.topic;
    }
    if (typeof input.delivery_url === 'string') r.deliveryUrl = input.delivery_url;
    if (typeof input.secret === 'string') r.secret = input.secret;
    const status = this.parseStatus(input.status);
    if (status) {
      r.status = status;
      if (status === 'active') r.failureCount = 0;
    }
    r.modifiedAt = now;
    if (r.status === 'active' && (r.deliveryUrl !== urlBefore || r.pendingDelivery)) await this.ping(r);
    return r;
  }

  delete(id: number): WebhookRecord {
    const r = this.get(id);
    this.records.delete(id);
    return r;
  }

  private parseStatus(value: unknown): WebhookStatus | null {
    if (value === undefined) return null;
    if (value === 'active' || value === 'paused' || value === 'disabled') return value;
    throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): status', {
      params: { status: 'status is not one of active, paused, and disabled.' },
    });
  }

  private async ping(r: WebhookRecord): Promise<void> {
    const body = `webhook_id=${r.id}`;
    const headers = { 'User-Agent': WOO_USER_AGENT, 'Content-Type': 'application/x-www-form-urlencoded' };
    const res = await postRaw(r.deliveryUrl, headers, Buffer.from(body), this.timeoutMs);
    this.deliveries.push({
      webhookId: r.id,
      topic: 'ping',
      kind: 'ping',
      url: r.deliveryUrl,
      headers,
      body,
      status: res.status,
      ...(res.error ? { error: res.error } : {}),
      at: Date.now(),
    });
    if (res.status === 200) {
      r.pendingDelivery = false;
      r.modifiedAt = Date.now();
    }
  }

  /** `wp_hash($webhook_id . time())`: equal for deliveries of one webhook within the same second. */
  deliveryId(webhookId: number, at: number): string {
    return createHmac('md5', this.salt)
      .update(`${webhookId}${Math.floor(at / 1000)}`)
      .digest('hex');
  }

  /** Queues deliveries of `topic` to every active webhook on it; the body is built now (PHP-encoded JSON). */
  emit(topic: string, body: () => string): void {
    const targets = [...this.records.values()].filter((r) => r.status === 'active' && r.topic === topic);
    if (targets.length === 0) return;
    const text = body();
    for (const r of targets) this.queue.enqueue(() => this.deliver(r, topic, text));
  }

  private async deliver(r: WebhookRecord, topic: string, body: string): Promise<void> {
    if (r.status !== 'active') return;
    const [resource = '', event = ''] = topic.split('.');
    const now = Date.now();
    const headers: Record<string, string> = {
      'User-Agent': WOO_USER_AGENT,
      Accept: '*/*',
      'Content-Type': 'application/json',
      'X-WC-Webhook-Source': `${this.home()}/`,
      'X-WC-Webhook-Topic': topic,
      'X-WC-Webhook-Resource': resource,
      'X-WC-Webhook-Event': event,
      'X-WC-Webhook-Signature': createHmac('sha256', r.secret).update(body, 'utf8').digest('base64'),
      'X-WC-Webhook-ID': String(r.id),
      'X-WC-Webhook-Delivery-ID': this.deliveryId(r.id, now),
    };
    const res = await postRaw(r.deliveryUrl, headers, Buffer.from(body, 'utf8'), this.timeoutMs);
    this.deliveries.push({
      webhookId: r.id,
      topic,
      kind: 'delivery',
      url: r.deliveryUrl,
      headers,
      body,
      status: res.status,
      ...(res.error ? { error: res.error } : {}),
      at: now,
    });
    if (res.status >= 200 && res.status < 303) {
      r.failureCount = 0;
    } else if (r.failureCount > 5) {
      r.status = 'disabled';
    } else {
      r.failureCount += 1;
    }
  }

  json(r: WebhookRecord): WooWebhook {
    const [resource = '', event = ''] = r.topic.split('.');
    const home = this.home();
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      topic: r.topic,
      resource,
      event,
      hooks: HOOKS[r.topic] ?? [r.topic.replace(/^action\./, '')],
      delivery_url: r.deliveryUrl,
      date_created: formatLocalNoZone(r.createdAt, this.timeZone),
      date_created_gmt: formatGmtNoZone(r.createdAt),
      date_modified: r.modifiedAt === null ? null : formatLocalNoZone(r.modifiedAt, this.timeZone),
      date_modified_gmt: r.modifiedAt === null ? null : formatGmtNoZone(r.modifiedAt),
      _links: {
        self: [
          {
            href: `${home}/wp-json/wc/v3/webhooks/${r.id}`,
            targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          },
        ],
        collection: [{ href: `${home}/wp-json/wc/v3/webhooks` }],
      },
    };
  }
}
