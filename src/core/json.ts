/** JSON values as the hub reads them from platforms: numbers that a double cannot hold exactly stay text. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface ReviverContext {
  source?: string;
}

/**
 * Parses JSON without losing digits: an integer beyond 2^53 (Shopify ids) or a fraction
 * (WooCommerce's `"price": 6.989999999999999`) comes back as the exact text the platform sent.
 * Uses the reviver's source-text access (V8, Node ≥ 21), so it stays a native parse.
 */
export function parseJsonExact(text: string): JsonValue {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === 'number' && context?.source !== undefined && !Number.isSafeInteger(value)) {
      return context.source;
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown) as JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
