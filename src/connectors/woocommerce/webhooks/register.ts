import type { RegisteredWebhook, WebhookRepair } from '../../../core/integration';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';
import { countHeader, type WooClient } from '../http/client';
import { channelError } from '../http/errors';
import { WOOCOMMERCE } from '../platform';

const STATUSES: readonly RegisteredWebhook['status'][] = ['active', 'paused', 'disabled'];

interface StoreWebhook {
  registered: RegisteredWebhook;
  /** Present in `context=edit` answers only. */
  secret: string | null;
}

/** The store's webhook subscriptions (wc/v3 `webhooks`), as far as they point at the hub. */
export class WebhookSubscriptions {
  constructor(private readonly client: WooClient) {}

  async list(): Promise<RegisteredWebhook[]> {
    return (await this.all()).map((webhook) => webhook.registered);
  }

  /**
   * Every order topic gets one active subscription to `callbackUrl` signed with `secret`: missing
   * ones are created, disabled (after delivery failures) or paused ones re-enabled, and a stale
   * secret replaced, since deliveries it signs would be rejected until WooCommerce disables them.
   */
  async ensure(callbackUrl: string, secret: string): Promise<WebhookRepair> {
    const ours = (await this.all()).filter((webhook) => sameAddress(webhook.registered.address, callbackUrl));
    const actions: string[] = [];
    const webhooks: RegisteredWebhook[] = [];
    for (const topic of WOOCOMMERCE.orderTopics) {
      const matching = ours.filter((webhook) => webhook.registered.topic === topic);
      const existing = matching.find((webhook) => webhook.registered.status === 'active') ?? matching[0];
      if (existing === undefined) {
        webhooks.push(await this.create(topic, callbackUrl, secret));
        actions.push(`created ${topic}`);
        continue;
      }
      const { id, status } = existing.registered;
      const update: JsonObject = {};
      if (status !== 'active') {
        update.status = 'active';
        actions.push(`re-enabled ${id} ${topic} (${status})`);
      }
      if (existing.secret !== null && existing.secret !== secret) {
        update.secret = secret;
        actions.push(`replaced the secret of ${id} ${topic}`);
      }
      webhooks.push(Object.keys(update).length === 0 ? existing.registered : await this.update(id, update));
    }
    return { webhooks, actions };
  }

  async remove(callbackUrl: string): Promise<void> {
    for (const webhook of await this.all()) {
      if (!sameAddress(webhook.registered.address, callbackUrl)) continue;
      await this.client.sendOrNull({
        method: 'delete',
        path: `webhooks/${webhook.registered.id}`,
        query: { force: true },
        what: `deleting webhook ${webhook.registered.id}`,
      });
    }
  }

  private async all(): Promise<StoreWebhook[]> {
    const found: StoreWebhook[] = [];
    for (let page = 1; ; page++) {
      const response = await this.client.send({
        method: 'get',
        path: 'webhooks',
        query: { per_page: WOOCOMMERCE.pageSize, page, context: 'edit' },
        what: 'listing webhooks',
      });
      if (!Array.isArray(response.body)) {
        throw channelError('protocol', 'the webhook list is not a JSON array');
      }
      found.push(...response.body.filter(isJsonObject).map(storeWebhook));
      if ((countHeader(response, WOOCOMMERCE.headers.totalPages) ?? 1) <= page) return found;
    }
  }

  private async create(topic: string, deliveryUrl: string, secret: string): Promise<RegisteredWebhook> {
    const response = await this.client.send({
      method: 'post',
      path: 'webhooks',
      body: {
        name: `${WOOCOMMERCE.webhookName} ${topic}`,
        topic,
        delivery_url: deliveryUrl,
        secret,
        status: 'active',
      },
      what: `creating the ${topic} webhook`,
    });
    return registered(response.body);
  }

  private async update(id: string, changes: JsonObject): Promise<RegisteredWebhook> {
    const response = await this.client.send({
      method: 'put',
      path: `webhooks/${id}`,
      body: changes,
      what: `updating webhook ${id}`,
    });
    return registered(response.body);
  }
}

function storeWebhook(webhook: JsonObject): StoreWebhook {
  return {
    registered: registered(webhook),
    secret: typeof webhook.secret === 'string' ? webhook.secret : null,
  };
}

function registered(webhook: JsonValue): RegisteredWebhook {
  if (!isJsonObject(webhook)) throw channelError('protocol', 'a webhook answer is not an object');
  const status = STATUSES.find((known) => known === webhook.status) ?? 'disabled';
  return {
    id: String(webhook.id),
    topic: String(webhook.topic),
    address: String(webhook.delivery_url),
    status,
  };
}

/** Delivery URLs compared as URLs: WordPress may normalise what it stores (`esc_url_raw`). */
function sameAddress(stored: string, wanted: string): boolean {
  try {
    return new URL(stored).href === new URL(wanted).href;
  } catch {
    return stored.trim() === wanted.trim();
  }
}
