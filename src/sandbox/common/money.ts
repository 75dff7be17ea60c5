/**
 * Money in integer minor units. Every amount in the sandboxes is an integer count of the currency's
 * minor unit (cents, yen, fils); it becomes text only when rendered.
 */

/** Formats minor units with exactly `digits` decimals: (-2205, 2) → "-22.05", (2980, 0) → "2980". */
export function formatMinor(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, text.length - digits);
  const fraction = digits === 0 ? '' : `.${text.slice(text.length - digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** GraphQL `Decimal` style: trailing zeros dropped, at least one decimal ("10.0", "45.62", "2980.0"). */
export function formatDecimalTrimmed(minor: number, digits: number): string {
  const text = formatMinor(minor, digits);
  if (!text.includes('.')) return `${text}.0`;
  const trimmed = text.replace(/0+$/, '');
  return trimmed.endsWith('.') ? `${trimmed}0` : trimmed;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses decimal text (or a JSON number) into minor units, exactly; rounds half away from zero past `digits`. */
export function parseMinor(value: string | number, digits: number): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (/e/i.test(text)) return null;
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const sign = match[1] === '-' ? -1 : 1;
  const whole = match[2] || '0';
  const fraction = match[3] ?? '';
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  let minor = Number(whole) * 10 ** digits + Number(kept || '0');
  const next = fraction.charCodeAt(digits);
  if (!Number.isNaN(next) && next >= 53 /* '5' */) minor += 1;
  return Number.isSafeInteger(minor) ? sign * minor : null;
}

/** Integer division rounded half away from zero. */
export function roundDiv(numerator: number, denominator: number): number {
  const q = Math.floor(Math.abs(numerator) / Math.abs(denominator));
  const r = Math.abs(numerator) - q * Math.abs(denominator);
  const rounded = 2 * r >= Math.abs(denominator) ? q + 1 : q;
  return Math.sign(numerator) * Math.sign(denominator) * rounded;
}

/** Tax on a net amount at `rateBp` basis points (1000 = 10 %). */
export function taxOnNet(net: number, rateBp: number): number {
  return roundDiv(net * rateBp, 10000);
}

/** The tax contained in a gross (tax-inclusive) amount at `rateBp` basis points. */
export function taxInGross(gross: number, rateBp: number): number {
  return roundDiv(gross * rateBp, 10000 + rateBp);
}

/** Splits `total` over `weights` proportionally; the parts are integers that add up to `total` exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.floor(r));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
