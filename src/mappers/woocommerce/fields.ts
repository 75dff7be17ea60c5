import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json';
import { parseDecimal } from '../../core/money';

/** Reading WooCommerce JSON, which fills absent text with "" and sometimes sends numbers as text. */

export function objectAt(value: JsonValue | undefined): JsonObject | null {
  return value !== undefined && isJsonObject(value) ? value : null;
}

export function arrayAt(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

export function objectsAt(value: JsonValue | undefined): JsonObject[] {
  return arrayAt(value).filter(isJsonObject);
}

/** Trimmed text, or null for "", whitespace, null and non-scalars. Numbers (an `"sku": 123`) become text. */
export function textAt(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An absent or empty amount is zero; anything else must be an exact decimal (string or JSON number). */
export function decimalText(value: JsonValue | undefined): string {
  if (value === undefined || value === null || value === '') return '0';
  return parseDecimal(value).toFixed();
}

export function hasValue(value: JsonValue | undefined): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** WooCommerce booleans are JSON booleans, but options and older payloads use "yes"/"no". */
export function flagAt(value: JsonValue | undefined): boolean {
  return value === true || value === 'yes' || value === 'true' || value === 1 || value === '1';
}

/** The `value` of the first meta_data entry named `key`, if any. */
export function metaValue(owner: JsonObject, key: string): JsonValue | undefined {
  return objectsAt(owner.meta_data).find((meta) => meta.key === key)?.value;
}
