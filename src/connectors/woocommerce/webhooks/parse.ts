import { createHash } from 'node:crypto';
import { WebhookPayloadError } from '../../../core/errors';
import { toExternalId } from '../../../core/ids';
import type { InboundWebhook, WebhookEvent } from '../../../core/integration';
import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../../core/json';
import { toUtcTimestamp } from '../../../core/time';
import { describeDocument, isWooCommerceOrder } from '../../../mappers/woocommerce';
import { WOOCOMMERCE } from '../platform';

/**
 * A verified delivery as a hub event. Order topics carry the order's REST representation at
 * delivery time (platforms A5); `order.deleted` carries only `{"id": N}`. The delivery id is not
 * unique (it is `wp_hash(webhook id . second)`), so a delivery is named by topic, order id and
 * `date_modified_gmt` (api.md).
 */
export function parseWooCommerceWebhook(request: InboundWebhook): WebhookEvent {
  const topic = request.headers[WOOCOMMERCE.headers.topic]?.trim();
  if (!topic) throw new WebhookPayloadError('the delivery has no X-WC-Webhook-Topic header');
  const [resource, event] = topic.split('.', 2);
  const base = { topic, eventKey: null, triggeredAt: null };

  if (resource === 'order') return orderEvent(request, topic, event ?? '', base);
  if (resource === 'product') {
    const body = jsonBody(request);
    const id = isJsonObject(body) ? toExternalId(body.id) : null;
    return {
      ...base,
      kind: 'catalog_changed',
      productExternalId: id,
      deliveryKey: deliveryKey(request, topic, id, body),
    };
  }
  return {
    ...base,
    kind: 'ignored',
    reason: `topic ${topic} is not one the hub reads`,
    deliveryKey: `${topic}:${bodyHash(request)}`,
  };
}

function orderEvent(
  request: InboundWebhook,
  topic: string,
  event: string,
  base: { topic: string; eventKey: null; triggeredAt: null },
): WebhookEvent {
  const body = jsonBody(request);
  const id = isJsonObject(body) ? toExternalId(body.id) : null;
  if (id === null) {
    throw new WebhookPayloadError(`the ${topic} body names no order: ${describeDocument(body)}`);
  }
  if (event === 'deleted') {
    // Only the id: the hub fetches the order (status trash, or gone: 404) and keeps it as deleted.
    return {
      ...base,
      kind: 'order',
      orderExternalId: id,
      orderUpdatedAt: null,
      deleted: true,
      payload: null,
      deliveryKey: deliveryKey(request, topic, id, body),
    };
  }
  if (!isWooCommerceOrder(body)) {
    throw new WebhookPayloadError(`the ${topic} body is not a WooCommerce order: ${describeDocument(body)}`);
  }
  return {
    ...base,
    kind: 'order',
    orderExternalId: id,
    orderUpdatedAt: toUtcTimestamp(body.date_modified_gmt),
    deleted: body.status === WOOCOMMERCE.trashStatus,
    payload: hasRefunds(body) ? null : body,
    deliveryKey: deliveryKey(request, topic, id, body),
  };
}

/**
 * An order with refunds is sent with only their short list ({id, reason, total}); the full refunds
 * (time, refunded lines) come from `GET orders/{id}/refunds`. Such an event carries no payload,
 * so the hub fetches the order and maps the same document a sync would.
 */
function hasRefunds(order: JsonObject): boolean {
  return Array.isArray(order.refunds) && order.refunds.length > 0;
}

function jsonBody(request: InboundWebhook): JsonValue {
  try {
    return parseJsonExact(request.rawBody.toString('utf8'));
  } catch (error) {
    const start = request.rawBody.subarray(0, 40).toString('utf8');
    throw new WebhookPayloadError(
      `the delivery body is not JSON (${(error as Error).message}); it starts with "${start}"`,
    );
  }
}

/** `${topic}:${id}:${date_modified_gmt}`; without a date (deletions), the delivery id or the body's hash. */
function deliveryKey(request: InboundWebhook, topic: string, id: string | null, body: JsonValue): string {
  const modified =
    isJsonObject(body) && typeof body.date_modified_gmt === 'string' ? body.date_modified_gmt : null;
  const version = modified ?? request.headers[WOOCOMMERCE.headers.deliveryId]?.trim() ?? bodyHash(request);
  return `${topic}:${id ?? 'unknown'}:${version}`;
}

function bodyHash(request: InboundWebhook): string {
  return createHash('sha256').update(request.rawBody).digest('hex').slice(0, 32);
}
