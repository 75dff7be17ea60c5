import { toExternalId } from '../../core/ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json';

/**
 * Whether a value is a wc/v3 order (REST answer or webhook payload): an id, a status and its
 * `line_items`. Refunds have lines but no status; products and coupons have no lines.
 */
export function isWooCommerceOrder(value: JsonValue | undefined): value is JsonObject {
  return (
    value !== undefined &&
    isJsonObject(value) &&
    toExternalId(value.id) !== null &&
    typeof value.status === 'string' &&
    Array.isArray(value.line_items)
  );
}

/** A few words on what a document is, for messages about documents that are not orders. */
export function describeDocument(value: JsonValue): string {
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  if (!isJsonObject(value)) return value === null ? 'null' : `a JSON ${typeof value}`;
  if (Array.isArray(value.line_items) && typeof value.amount === 'string') return 'a refund';
  if (typeof value.code === 'string' && typeof value.message === 'string') {
    return `an error answer (${value.code})`;
  }
  if (typeof value.type === 'string' && ('sku' in value || 'stock_status' in value)) {
    return `a product (${value.type})`;
  }
  if ('topic' in value && 'delivery_url' in value) return 'a webhook subscription';
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'id') return 'only an id (a deletion notice)';
  return `an object with keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
}
