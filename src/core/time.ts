const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?/;

/**
 * A platform timestamp as canonical UTC (`2024-03-01T15:00:00Z`). Text without a zone is read as
 * UTC (WooCommerce `date_*_gmt`); offsets are converted. Sub-second digits are kept to milliseconds.
 */
export function toUtcTimestamp(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return formatUtc(value);
  if (typeof value !== 'string' || !ISO_LIKE.test(value.trim())) return null;
  const text = value.trim().replace(' ', 'T');
  const date = new Date(HAS_ZONE.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : formatUtc(date);
}

export function requireUtcTimestamp(value: unknown, what: string): string {
  const ts = toUtcTimestamp(value);
  if (ts === null) throw new TypeError(`${what} is not a timestamp (${JSON.stringify(value)})`);
  return ts;
}

export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
