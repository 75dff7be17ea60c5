import { z } from 'zod';
import { channelError } from '../http/errors';
import { WOOCOMMERCE } from '../platform';

/**
 * Where a window's paging stands, as a keyset on (date_modified_gmt, id) rather than page numbers:
 * an order that changes while the window is paged moves to a later `date_modified_gmt` (seen again
 * later, or in the next window) instead of shifting every later page by one and hiding an order.
 *
 * `after` is the last emitted order's second; `emitted` the ids already emitted at that second.
 * The next request asks for orders modified after `after − 1 s` (`modified_after` is exclusive and
 * times have one-second resolution, so that is "at or after `after`") and excludes `emitted`.
 * Live orders are paged first, then trashed ones (`status=any` never lists `trash`).
 */
export interface OrderCursor {
  phase: 'live' | 'trash';
  after: number | null;
  emitted: string[];
  /** Set while the rest of second `after` is paged by id (see SecondCursor). */
  second?: SecondCursor;
}

/**
 * When more orders share one modification second than `exclude` can carry (a bulk edit or an
 * import stamps thousands with one second; their ids would not fit in a URL), the rest of that
 * second is paged by id with an offset: `position` is how far the last request reached, `lastId`
 * the highest id emitted, `skip` the ids emitted at that second before (by time order).
 */
export interface SecondCursor {
  lastId: number | null;
  position: number;
  skip: string[];
}

const FIRST_PAGE: OrderCursor = { phase: 'live', after: null, emitted: [] };

export function encodeCursor(cursor: OrderCursor): string {
  const second = cursor.second
    ? { s: { l: cursor.second.lastId, o: cursor.second.position, k: cursor.second.skip } }
    : {};
  return Buffer.from(
    JSON.stringify({ v: 1, p: cursor.phase, a: cursor.after, e: cursor.emitted, ...second }),
  ).toString('base64url');
}

const CursorText = z.object({
  v: z.literal(1),
  p: z.enum(['live', 'trash']),
  a: z.number().int().nullable(),
  e: z.array(z.string()),
  s: z
    .object({ l: z.number().int().nullable(), o: z.number().int().min(0), k: z.array(z.string()) })
    .optional(),
});

export function decodeCursor(text: string | null): OrderCursor {
  if (text === null) return FIRST_PAGE;
  let value: unknown = null;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    // reported below
  }
  const parsed = CursorText.safeParse(value);
  if (!parsed.success) {
    throw channelError(
      'rejected',
      'this order cursor was not made by the WooCommerce connector (or is damaged)',
    );
  }
  const { p, a, e, s } = parsed.data;
  return {
    phase: p,
    after: a,
    emitted: e,
    ...(s && a !== null ? { second: { lastId: s.l, position: s.o, skip: s.k } } : {}),
  };
}

/** Milliseconds rounded up to the next whole second (times are compared at one-second resolution). */
export function ceilToSecond(ms: number): number {
  const step = WOOCOMMERCE.timestampResolutionMs;
  return Math.ceil(ms / step) * step;
}

/** `2026-11-22T15:42:12`: the zone-less UTC form `modified_after` takes with `dates_are_gmt=true`. */
export function gmtParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The cursor after emitting orders (in ascending (time, id) order) from the page the cursor asked for. */
export function advance(cursor: OrderCursor, emitted: { id: string; modifiedMs: number }[]): OrderCursor {
  const last = emitted[emitted.length - 1];
  if (last === undefined) return cursor;
  const atLast = emitted.filter((order) => order.modifiedMs === last.modifiedMs).map((order) => order.id);
  const carried = cursor.after === last.modifiedMs ? cursor.emitted : [];
  return { phase: cursor.phase, after: last.modifiedMs, emitted: [...new Set([...carried, ...atLast])] };
}
