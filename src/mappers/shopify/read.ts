import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json';
import { toExternalId } from '../../core/ids';
import { MoneyParseError, parseDecimal } from '../../core/money';
import { toUtcTimestamp } from '../../core/time';

/** A Shopify order payload the mapper cannot read; `field` names where (`line_items[2].price_set`). */
export class ShopifyOrderPayloadError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`Shopify order: ${field} ${reason}`);
    this.name = 'ShopifyOrderPayloadError';
  }
}

export function objectAt(value: JsonValue | undefined): JsonObject | null {
  return value !== undefined && isJsonObject(value) ? value : null;
}

export function objectsAt(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * The nodes of a GraphQL connection in any of the shapes the connector produces or Shopify sends:
 * `{nodes: […]}`, `{edges: [{node}]}`, or a plain list (inline lists, assembled bulk rows).
 */
export function nodesAt(value: JsonValue | undefined): JsonObject[] {
  if (Array.isArray(value)) return objectsAt(value);
  const connection = objectAt(value);
  if (!connection) return [];
  if (Array.isArray(connection.nodes)) return objectsAt(connection.nodes);
  return objectsAt(connection.edges).flatMap((edge) => objectsAt(edge.node === undefined ? [] : [edge.node]));
}

/** Trimmed text; null for "", whitespace, null and non-scalars. */
export function textAt(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The texts of a list, empty ones left out. */
export function textsAt(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => textAt(v)).filter((v): v is string => v !== null) : [];
}

export function boolAt(value: JsonValue | undefined): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

export function intAt(value: JsonValue | undefined, field: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) return number;
  throw new ShopifyOrderPayloadError(field, `is not a quantity (${JSON.stringify(value)})`);
}

/** An exact decimal as canonical text (no float ever); an absent amount is zero. */
export function decimalAt(value: JsonValue | undefined, field: string): string {
  if (value === undefined || value === null || value === '') return '0';
  try {
    return parseDecimal(value).toFixed();
  } catch (error) {
    if (error instanceof MoneyParseError) throw new ShopifyOrderPayloadError(field, 'is not an exact amount');
    throw error;
  }
}

/**
 * A Shopify id as the canonical model keeps it. The GID is preferred: Shopify's own example
 * payloads (and any parser that uses doubles) round numeric ids above 2^53, the GID never is.
 */
export function idOf(gid: JsonValue | undefined, numeric: JsonValue | undefined): string | null {
  return toExternalId(gid) ?? externalIdOf(numeric);
}

/**
 * `toExternalId`, also for an integer beyond 2^53 that `parseJsonExact` left a number because its
 * shortest text is exactly the text sent (`9007199254740994`): that text is the id.
 */
export function externalIdOf(value: JsonValue | undefined): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && !Number.isSafeInteger(value)) {
    return toExternalId(String(value));
  }
  return toExternalId(value);
}

export function requireIdOf(
  gid: JsonValue | undefined,
  numeric: JsonValue | undefined,
  field: string,
): string {
  const id = idOf(gid, numeric);
  if (id === null) throw new ShopifyOrderPayloadError(field, 'has no usable id');
  return id;
}

export function timestampAt(value: JsonValue | undefined): string | null {
  return toUtcTimestamp(value);
}

export function requireTimestampAt(value: JsonValue | undefined, field: string): string {
  const ts = toUtcTimestamp(value);
  if (ts === null) throw new ShopifyOrderPayloadError(field, `is not a timestamp (${JSON.stringify(value)})`);
  return ts;
}
