import { WebhookPayloadError } from '../../../core/errors';
import type { InboundWebhook, WebhookEvent } from '../../../core/integration';
import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../../core/json';
import { externalIdOf } from '../../../mappers/shopify';
import { objectAt } from '../graphql/answer';
import { toUtcTimestamp } from '../../../core/time';

function idAt(value: JsonObject | null, gidKey: string, idKey: string): string | null {
  return value ? (externalIdOf(value[gidKey]) ?? externalIdOf(value[idKey])) : null;
}

/** Whether an `orders/*` body is the whole order (the REST representation), not an excerpt. */
function isFullOrder(body: JsonObject): boolean {
  return Array.isArray(body.line_items) && ('total_price' in body || 'total_price_set' in body);
}

/**
 * Reads a verified Shopify webhook. Topic from `X-Shopify-Topic`; the delivery is named by
 * `X-Shopify-Webhook-Id` (stable across retries), the event by `X-Shopify-Event-Id` [5]. The body
 * is parsed with exact ids (beyond 2^53).
 */
export function parseShopifyWebhook(request: InboundWebhook): WebhookEvent {
  const topic = request.headers['x-shopify-topic']?.trim().toLowerCase();
  if (!topic) throw new WebhookPayloadError('the Shopify webhook has no X-Shopify-Topic header');
  let parsed: JsonValue;
  try {
    parsed = parseJsonExact(request.rawBody.toString('utf8'));
  } catch (cause) {
    throw new WebhookPayloadError(`the ${topic} webhook body is not JSON`, { cause });
  }
  if (!isJsonObject(parsed)) throw new WebhookPayloadError(`the ${topic} webhook body is not a JSON object`);
  const body = parsed;
  const updatedAt = toUtcTimestamp(body.updated_at);
  const base = {
    topic,
    deliveryKey:
      request.headers['x-shopify-webhook-id']?.trim() ||
      `${topic}:${idAt(body, 'admin_graphql_api_id', 'id') ?? '?'}:${updatedAt ?? toUtcTimestamp(request.headers['x-shopify-triggered-at']) ?? '?'}`,
    eventKey: request.headers['x-shopify-event-id']?.trim() || null,
    triggeredAt: toUtcTimestamp(request.headers['x-shopify-triggered-at']),
  };

  if (topic.startsWith('orders/') || topic === 'refunds/create') {
    const full = topic !== 'refunds/create' && topic !== 'orders/delete' && isFullOrder(body);
    const orderId =
      topic === 'refunds/create'
        ? externalIdOf(body.order_id)
        : full || topic === 'orders/delete'
          ? idAt(body, 'admin_graphql_api_id', 'id')
          : (externalIdOf(objectAt(body.order_edit)?.order_id) ??
            idAt(body, 'admin_graphql_api_order_id', 'order_id'));
    if (orderId === null) throw new WebhookPayloadError(`the ${topic} webhook names no order`);
    return {
      ...base,
      kind: 'order',
      orderExternalId: orderId,
      orderUpdatedAt: full ? updatedAt : null,
      deleted: topic === 'orders/delete',
      payload: full ? body : null,
    };
  }

  switch (topic) {
    case 'app/uninstalled':
      return { ...base, kind: 'uninstalled' };
    case 'customers/redact':
    case 'customers/data_request': {
      const customer = objectAt(body.customer);
      const orders = body[topic === 'customers/redact' ? 'orders_to_redact' : 'orders_requested'];
      return {
        ...base,
        kind: topic === 'customers/redact' ? 'customer_redact' : 'customer_data_request',
        customerExternalId: idAt(customer, 'admin_graphql_api_id', 'id'),
        email: typeof customer?.email === 'string' && customer.email !== '' ? customer.email : null,
        orderExternalIds: (Array.isArray(orders) ? orders : [])
          .map(externalIdOf)
          .filter((id): id is string => id !== null),
      };
    }
    case 'shop/redact':
      return { ...base, kind: 'shop_redact' };
    case 'products/create':
    case 'products/update':
    case 'products/delete':
      return {
        ...base,
        kind: 'catalog_changed',
        productExternalId: idAt(body, 'admin_graphql_api_id', 'id'),
      };
    case 'bulk_operations/finish': {
      const operationId = typeof body.admin_graphql_api_id === 'string' ? body.admin_graphql_api_id : null;
      if (!operationId?.startsWith('gid://shopify/BulkOperation/')) {
        throw new WebhookPayloadError('the bulk_operations/finish webhook names no bulk operation');
      }
      return { ...base, kind: 'bulk_operation_finished', operationId };
    }
    default:
      return { ...base, kind: 'ignored', reason: `topic ${topic} is not one the hub uses` };
  }
}
