/** Timestamps as the platforms print them. All instants are epoch milliseconds (whole seconds in the stores). */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const HOUR = 3_600_000;
const DAY = 86_400_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function offsetAt(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((wall - at) / 60000);
}

function cached(key: string, compute: () => number): number {
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  offsets.set(key, value);
  return value;
}

/** Minutes east of UTC of `timeZone` at instant `ms` (America/New_York in winter: -300). Cached per day, per hour on DST days. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const day = Math.floor(ms / DAY) * DAY;
  const start = cached(`${timeZone}|${day}`, () => offsetAt(day, timeZone));
  const end = cached(`${timeZone}|${day + DAY}`, () => offsetAt(day + DAY, timeZone));
  if (start === end) return start;
  const hour = Math.floor(ms / HOUR) * HOUR;
  return cached(`${timeZone}|h${hour}`, () => offsetAt(hour, timeZone));
}

/** `2026-11-22T15:42:25` (UTC, no zone: WooCommerce `date_*_gmt`). */
export function formatGmtNoZone(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Local wall time without zone (WooCommerce `date_*`). */
export function formatLocalNoZone(ms: number, timeZone: string): string {
  return formatGmtNoZone(ms + zoneOffsetMinutes(ms, timeZone) * 60000);
}

/** Local time with offset (Shopify REST: `2021-12-31T19:00:00-05:00`). */
export function formatWithOffset(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${formatGmtNoZone(ms + offset * 60000)}${sign}${hh}:${mm}`;
}

/** UTC with a `Z` (Shopify GraphQL `DateTime`). */
export function formatUtcZ(ms: number): string {
  return `${formatGmtNoZone(ms)}Z`;
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a date-time parameter. Text with a zone is absolute; text without one is wall time in
 * `timeZone` ('UTC' for `dates_are_gmt=true`). Returns null when it is not a date-time.
 */
export function parseDateTime(text: string, timeZone: string): number | null {
  const t = text.trim().replace(' ', 'T');
  if (!DATE_TIME.test(t)) return null;
  if (HAS_ZONE.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  const wall = Date.parse(`${t.length === 10 ? `${t}T00:00:00` : t}Z`);
  if (Number.isNaN(wall)) return null;
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * 60000;
  guess = wall - zoneOffsetMinutes(guess, timeZone) * 60000;
  return guess;
}

/** Whole seconds: stores keep one-second resolution, as the platforms do. */
export function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
