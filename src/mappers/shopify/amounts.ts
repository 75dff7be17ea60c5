import type { JsonValue } from '../../core/json';
import { parseDecimal } from '../../core/money';

/** Exact decimal arithmetic on amount text (never Number). */

export function sumDecimals(parts: readonly string[]): string {
  return parts.reduce((total, part) => total.plus(parseDecimal(part)), parseDecimal('0')).toFixed();
}

export function negateDecimal(text: string): string {
  return parseDecimal(text).negated().toFixed();
}

const RATE = /^[0-9]+(\.[0-9]+)?$/;

/** A tax rate as a decimal fraction (`0.06` → `"0.06"`), null when absent or not a plain rate. */
export function taxRate(value: JsonValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    const text = parseDecimal(value).toFixed();
    return RATE.test(text) ? text : null;
  } catch {
    return null;
  }
}
