import { ChannelError } from '../../../core/errors';
import { toExternalId } from '../../../core/ids';
import type { RegisteredWebhook, WebhookRepair } from '../../../core/integration';
import { isJsonObject, type JsonObject } from '../../../core/json';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { objectAt, userErrorsAt, userErrorsMessage } from '../graphql/answer';
import { readConnection } from '../orders/connection-pages';
import { SHOPIFY_API_VERSION, SHOPIFY_PLATFORM, WEBHOOK_TOPICS } from '../platform';
import {
  WEBHOOK_SUBSCRIPTION_CREATE,
  WEBHOOK_SUBSCRIPTION_DELETE,
  WEBHOOK_SUBSCRIPTIONS,
} from '../queries/webhooks';

interface Subscription {
  gid: string;
  webhook: RegisteredWebhook;
  apiVersion: string | null;
  format: string | null;
}

function deliveryTopic(graphqlTopic: string): string {
  return (
    WEBHOOK_TOPICS.find((t) => t.graphql === graphqlTopic)?.delivery ??
    graphqlTopic.toLowerCase().replace('_', '/')
  );
}

function readSubscription(node: JsonObject): Subscription | null {
  if (typeof node.id !== 'string') return null;
  const apiVersion = isJsonObject(node.apiVersion ?? null) ? (node.apiVersion as JsonObject).handle : null;
  return {
    gid: node.id,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : null,
    format: typeof node.format === 'string' ? node.format : null,
    webhook: {
      id: toExternalId(node.id) ?? node.id,
      topic: typeof node.topic === 'string' ? deliveryTopic(node.topic) : 'unknown',
      address: typeof node.uri === 'string' ? node.uri : '',
      // Shopify has no paused state: a subscription that keeps failing is deleted [8].
      status: 'active',
    },
  };
}

async function listSubscriptions(client: ShopifyGraphqlClient): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let after: string | null = null;
  do {
    const data = await client.request(WEBHOOK_SUBSCRIPTIONS, { after });
    const page = readConnection(data.webhookSubscriptions);
    all.push(...page.nodes.map(readSubscription).filter((s): s is Subscription => s !== null));
    after = page.hasNextPage ? page.endCursor : null;
  } while (after !== null);
  return all;
}

export async function listWebhooks(client: ShopifyGraphqlClient): Promise<RegisteredWebhook[]> {
  return (await listSubscriptions(client)).map((s) => s.webhook);
}

async function create(
  client: ShopifyGraphqlClient,
  graphqlTopic: string,
  callbackUrl: string,
): Promise<RegisteredWebhook> {
  const data = await client.request(WEBHOOK_SUBSCRIPTION_CREATE, {
    topic: graphqlTopic,
    subscription: { uri: callbackUrl, format: 'JSON' },
  });
  const payload = data.webhookSubscriptionCreate;
  const node = payload && isJsonObject(payload) ? payload.webhookSubscription : null;
  const created = node && isJsonObject(node) ? readSubscription(node) : null;
  if (!created) {
    throw new ChannelError(
      'rejected',
      `Shopify refused the ${deliveryTopic(graphqlTopic)} subscription: ${userErrorsMessage(userErrorsAt(objectAt(payload)))}`,
      {
        platform: SHOPIFY_PLATFORM,
      },
    );
  }
  return created.webhook;
}

async function remove(client: ShopifyGraphqlClient, subscription: Subscription): Promise<void> {
  const data = await client.request(WEBHOOK_SUBSCRIPTION_DELETE, { id: subscription.gid });
  const errors = userErrorsAt(objectAt(data.webhookSubscriptionDelete));
  if (errors.length > 0 && !errors.some((e) => /not found|does not exist/i.test(e.message))) {
    throw new ChannelError(
      'rejected',
      `Shopify refused to delete webhook ${subscription.webhook.id}: ${userErrorsMessage(errors)}`,
      {
        platform: SHOPIFY_PLATFORM,
      },
    );
  }
}

/**
 * Subscribes every topic the hub needs at `callbackUrl` (JSON, pinned API version). A subscription
 * there in another API version or format is replaced; the others are left alone.
 */
export async function ensureWebhooks(
  client: ShopifyGraphqlClient,
  callbackUrl: string,
): Promise<WebhookRepair> {
  const existing = (await listSubscriptions(client)).filter((s) => s.webhook.address === callbackUrl);
  const webhooks: RegisteredWebhook[] = [];
  const actions: string[] = [];
  for (const topic of WEBHOOK_TOPICS) {
    const mine = existing.filter((s) => s.webhook.topic === topic.delivery);
    const current = mine.find(
      (s) => (s.apiVersion ?? SHOPIFY_API_VERSION) === SHOPIFY_API_VERSION && (s.format ?? 'JSON') === 'JSON',
    );
    if (current) {
      webhooks.push(current.webhook);
      continue;
    }
    for (const stale of mine) {
      await remove(client, stale);
      actions.push(
        `deleted ${topic.delivery} ${stale.webhook.id} (${stale.format ?? '?'}, API ${stale.apiVersion ?? '?'})`,
      );
    }
    const created = await create(client, topic.graphql, callbackUrl);
    webhooks.push(created);
    actions.push(`created ${topic.delivery}`);
  }
  return { webhooks, actions };
}

/** Deletes the hub's subscriptions at `callbackUrl`. */
export async function removeWebhooks(client: ShopifyGraphqlClient, callbackUrl: string): Promise<void> {
  for (const subscription of await listSubscriptions(client)) {
    if (subscription.webhook.address === callbackUrl) await remove(client, subscription);
  }
}
