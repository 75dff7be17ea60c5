import { isJsonObject, parseJsonExact, type JsonValue } from '../../core/json';
import { describeDocument, isWooCommerceOrder } from '../../mappers/woocommerce';

const WRAPPERS = ['data', 'response', 'body', 'order'] as const;

/**
 * The order inside a document as found in the wild: a wc/v3 answer or webhook body as is; the
 * Jetpack tunnel's `{"data": …}`; a `.response`; a captured delivery `{headers, body}` whose body
 * is an object or the raw text; the legacy API's `{"order": …}`; a list holding one order.
 */
export function readWooCommerceOrderDocument(document: JsonValue): JsonValue {
  const found = findOrders(document, 0);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new Error(`this document holds ${found.length} WooCommerce orders, not one: pass a single order`);
  }
  throw new Error(
    `this document is not a WooCommerce order: it is ${describeDocument(innermost(document, 0))}`,
  );
}

/** What a wrapper holds, for the message: the product inside a captured delivery, say. */
function innermost(value: JsonValue, depth: number): JsonValue {
  if (depth > 4 || !isJsonObject(value) || typeof value.code === 'string') return value;
  const key = WRAPPERS.find((name) => value[name] !== undefined);
  if (key === undefined) return value;
  const inner = value[key]!;
  const unwrapped = typeof inner === 'string' ? parsedText(inner) : inner;
  return unwrapped === null ? value : innermost(unwrapped, depth + 1);
}

function findOrders(value: JsonValue, depth: number): JsonValue[] {
  if (depth > 4) return [];
  if (isWooCommerceOrder(value)) return [value];
  if (Array.isArray(value)) return value.flatMap((item) => (isWooCommerceOrder(item) ? [item] : []));
  if (!isJsonObject(value)) return [];
  for (const key of WRAPPERS) {
    const inner = value[key];
    if (inner === undefined) continue;
    const unwrapped = typeof inner === 'string' ? parsedText(inner) : inner;
    if (unwrapped === null) continue;
    const found = findOrders(unwrapped, depth + 1);
    if (found.length > 0) return found;
  }
  return [];
}

function parsedText(text: string): JsonValue | null {
  try {
    return parseJsonExact(text);
  } catch {
    return null;
  }
}
