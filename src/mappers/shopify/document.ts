import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../core/json';

export type ShopifyOrderShape = 'rest' | 'graphql';

/** Which payload shape an order document has, or null when it is neither. */
export function shopifyOrderShape(document: JsonValue): ShopifyOrderShape | null {
  if (!isJsonObject(document) || isDraftOrder(document)) return null;
  if (
    document.__typename === 'Order' ||
    'lineItems' in document ||
    'totalPriceSet' in document ||
    'displayFinancialStatus' in document ||
    (typeof document.id === 'string' && document.id.startsWith('gid://shopify/Order/'))
  ) {
    return 'graphql';
  }
  if ('line_items' in document || 'total_price' in document || 'financial_status' in document) return 'rest';
  return null;
}

/** A draft order (`draft_orders/*` bodies) looks like an order but is not one yet: it has an invoice. */
export function isDraftOrder(document: JsonValue): boolean {
  return (
    isJsonObject(document) &&
    ('invoice_url' in document ||
      (typeof document.admin_graphql_api_id === 'string' &&
        document.admin_graphql_api_id.startsWith('gid://shopify/DraftOrder/')))
  );
}

/**
 * The order inside a document as found in the wild: a webhook body, a REST answer (`{"order": …}`,
 * a one-order `{"orders": [ … ]}`), a GraphQL answer (`{"data": {"order": …}}`), a captured delivery
 * (`{"headers", "body"}`, the body possibly as text) or Shopify's example metadata (`{"response": …}`).
 */
export function findShopifyOrder(document: JsonValue): JsonValue {
  let current = document;
  for (let depth = 0; depth < 6 && shopifyOrderShape(current) === null && isJsonObject(current); depth++) {
    const next = unwrap(current);
    if (next === undefined) break;
    current = next;
  }
  return current;
}

function unwrap(document: JsonObject): JsonValue | undefined {
  if (typeof document.body === 'string') {
    try {
      return parseJsonExact(document.body);
    } catch {
      return undefined;
    }
  }
  for (const key of ['order', 'body', 'response', 'data', 'node'] as const) {
    if (isJsonObject(document[key] ?? null)) return document[key];
  }
  if (Array.isArray(document.orders) && document.orders.length === 1) return document.orders[0];
  return undefined;
}
