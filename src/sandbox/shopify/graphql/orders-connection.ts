import { GraphQLError } from 'graphql';
import { derive, type Derived } from '../derive';
import { IDS, parseGid } from '../ids';
import type { ShopifySlot } from '../model';
import { build, decodeCursor, pageSize, type Connection, type PageArgs } from './connection';
import type { GqlContext } from './context';
import { compare, dateRange, parseSearch, type ParsedSearch, type Term } from './search';
import { OrderView } from './views-order';

export const ORDER_SEARCH_FIELDS = new Set([
  'updated_at',
  'created_at',
  'processed_at',
  'id',
  'name',
  'status',
  'financial_status',
  'fulfillment_status',
  'email',
  'customer_id',
  'tag',
  'tag_not',
  'test',
  'source_name',
  'sku',
  'gateway',
  'cancel_reason',
]);

const SLOT_FIELDS = new Set(['updated_at', 'created_at', 'processed_at', 'id', 'name']);

type Pred = (s: ShopifySlot, d: () => Derived) => boolean;

function termPred(t: Term, tz: string): Pred {
  const v = t.value.toLowerCase();
  const when = (pick: (s: ShopifySlot, d: () => Derived) => number): Pred => {
    const range = dateRange(t, tz);
    if (!range)
      throw new GraphQLError(`Invalid date for ${t.field}: ${t.value}`, {
        extensions: { code: 'BAD_REQUEST' },
      });
    return (s, d) => {
      const at = pick(s, d);
      return at >= range.from && at < range.to;
    };
  };
  switch (t.field) {
    case 'updated_at':
      return when((s) => s.modifiedAt);
    case 'created_at':
    case 'processed_at':
      return when((s) => s.createdAt);
    case 'id': {
      const n = parseGid(t.value)?.id ?? Number(t.value);
      return (s) => compare(s.id, t.op, n);
    }
    case 'name': {
      const n = Number(v.replace(/^#/, ''));
      return (s) => compare(1001 + s.index, t.op, n);
    }
    case 'status':
      return (_s, d) => {
        const x = d();
        const closed = x.closedAt !== null;
        if (v === 'any') return true;
        if (v === 'cancelled') return x.plan.cancelledAt !== null;
        if (v === 'closed') return closed;
        if (v === 'open' || v === 'not_closed') return !closed;
        return false;
      };
    case 'financial_status':
      return (_s, d) => v === 'any' || d().financial.toLowerCase() === v;
    case 'fulfillment_status':
      return (_s, d) => {
        const f = d().fulfillment;
        if (v === 'any') return true;
        if (v === 'shipped' || v === 'fulfilled') return f === 'FULFILLED';
        if (v === 'partial') return f === 'PARTIALLY_FULFILLED';
        if (v === 'unshipped' || v === 'unfulfilled') return f === 'UNFULFILLED' || f === 'ON_HOLD';
        if (v === 'on_hold') return f === 'ON_HOLD';
        return f.toLowerCase() === v;
      };
    case 'email':
      return (_s, d) => (d().plan.customer?.email ?? '').toLowerCase() === v;
    case 'customer_id':
      return (_s, d) => {
        const c = d().plan.customer?.poolIndex;
        return c !== null && c !== undefined && IDS.customer + c * 3 === Number(t.value);
      };
    case 'tag':
      return (_s, d) => d().plan.tags.some((x) => x.toLowerCase() === v);
    case 'tag_not':
      return (_s, d) => !d().plan.tags.some((x) => x.toLowerCase() === v);
    case 'test':
      return (_s, d) => String(d().plan.test) === v;
    case 'source_name':
      return (_s, d) => d().plan.source === v;
    case 'sku':
      return (_s, d) => d().plan.lines.some((l) => (l.sku ?? '').toLowerCase() === v);
    case 'gateway':
      return (_s, d) => d().plan.payment.method.toLowerCase() === v;
    case 'cancel_reason':
      return (_s, d) => (d().plan.cancelReason ?? '') === v;
    default:
      return () => true;
  }
}

export function orderPredicate(parsed: ParsedSearch, tz: string): { pred: Pred; slotOnly: boolean } {
  const groups = parsed.groups.map((g) => g.map((t) => ({ t, p: termPred(t, tz) })));
  const slotOnly = groups.every((g) => g.every(({ t }) => SLOT_FIELDS.has(t.field)));
  const pred: Pred = (s, d) => groups.some((g) => g.every(({ t, p }) => p(s, d) !== t.negate));
  return { pred, slotOnly };
}

/** A modified-time window [after, before) exclusive bounds, from `updated_at` terms when there is no OR. */
function updatedWindow(parsed: ParsedSearch, tz: string): { after?: number; before?: number } {
  if (parsed.groups.length !== 1) return {};
  let from = Number.MIN_SAFE_INTEGER;
  let to = Number.MAX_SAFE_INTEGER;
  for (const t of parsed.groups[0] ?? []) {
    if (t.field !== 'updated_at' || t.negate) continue;
    const r = dateRange(t, tz);
    if (!r) continue;
    from = Math.max(from, r.from);
    to = Math.min(to, r.to);
  }
  return {
    ...(from > Number.MIN_SAFE_INTEGER ? { after: from - 1 } : {}),
    ...(to < Number.MAX_SAFE_INTEGER ? { before: to } : {}),
  };
}

export interface OrdersArgs extends PageArgs {
  sortKey?: string | null;
  query?: string | null;
}

/**
 * QueryRoot.orders: UPDATED_AT walks the (modifiedAt, id) index, every other key the id order
 * (creation time grows with ids). The `updated_at` window and cursors are binary searches.
 */
export function ordersConnection(
  ctx: GqlContext,
  args: OrdersArgs,
  warn: (w: ParsedSearch) => void,
): Connection<OrderView> {
  const store = ctx.store;
  const tz = store.timeZone;
  const parsed = parseSearch(args.query, ORDER_SEARCH_FIELDS);
  warn(parsed);
  const { pred } = orderPredicate(parsed, tz);
  const byUpdated = args.sortKey === 'UPDATED_AT';
  const seq: readonly ShopifySlot[] = byUpdated ? store.table.modifiedOrder() : store.table.all();
  const keyOf = (s: ShopifySlot) =>
    byUpdated
      ? s.modifiedAt
      : args.sortKey === 'CREATED_AT' || args.sortKey === 'PROCESSED_AT'
        ? s.createdAt
        : s.id;
  const posOf = (value: number, id: number) =>
    byUpdated ? store.table.modifiedPosition(value, id) : store.table.idPosition(id);
  let lo = 0;
  let hi = seq.length;
  if (byUpdated) {
    const w = updatedWindow(parsed, tz);
    [lo, hi] = store.table.modifiedWindow(w.after, w.before);
  }
  const reverse = args.reverse === true;
  const cursorAfter = ctx.bulk ? ctx.bulk.after : (args.after ?? null);
  const cut = (cursor: string, exclusiveUp: boolean) => {
    const c = decodeCursor(cursor);
    const at = posOf(Number(c.value) || 0, c.id);
    const exact = seq[at]?.id === c.id;
    return exclusiveUp ? (exact ? at + 1 : at) : at;
  };
  if (cursorAfter) {
    if (reverse) hi = Math.min(hi, cut(cursorAfter, false));
    else lo = Math.max(lo, cut(cursorAfter, true));
  }
  if (args.before && !ctx.bulk) {
    if (reverse) lo = Math.max(lo, cut(args.before, true));
    else hi = Math.min(hi, cut(args.before, false));
  }
  const { size: requested, fromEnd } = pageSize(args, ctx);
  const size = ctx.bulk ? ctx.bulk.size : requested;
  const ascending = reverse === fromEnd;
  const memo = new Map<number, Derived>();
  const accept = (s: ShopifySlot) =>
    !s.removed &&
    pred(
      s,
      () =>
        memo.get(s.index) ??
        (memo.set(s.index, derive(s, store.plan(s), store.currency.code)).get(s.index) as Derived),
    );
  const picked: ShopifySlot[] = [];
  let more = false;
  for (let i = ascending ? lo : hi - 1; ascending ? i < hi : i >= lo; i += ascending ? 1 : -1) {
    const s = seq[i];
    if (!s || !accept(s)) continue;
    if (picked.length >= size) {
      more = true;
      break;
    }
    picked.push(s);
  }
  if (fromEnd) picked.reverse();
  if (ctx.bulk) {
    ctx.bulk.hasNext = more;
  }
  const conn = build(
    picked,
    (s) => s.id,
    (s) => new OrderView(ctx, s),
    {
      hasNextPage: fromEnd ? args.before !== null && args.before !== undefined : more,
      hasPreviousPage: fromEnd ? more : Boolean(cursorAfter),
    },
    keyOf,
  );
  if (ctx.bulk) ctx.bulk.endCursor = conn.pageInfo.endCursor;
  return conn;
}

export function ordersCount(
  ctx: GqlContext,
  query: string | null,
  limit: number | null,
  warn: (w: ParsedSearch) => void,
): { count: number; precision: string } {
  const parsed = parseSearch(query, ORDER_SEARCH_FIELDS);
  warn(parsed);
  const { pred } = orderPredicate(parsed, ctx.store.timeZone);
  const cap = limit ?? 10_000;
  let count = 0;
  const w = updatedWindow(parsed, ctx.store.timeZone);
  const [lo, hi] = ctx.store.table.modifiedWindow(w.after, w.before);
  const seq = ctx.store.table.modifiedOrder();
  for (let i = lo; i < hi; i += 1) {
    const s = seq[i];
    if (s && pred(s, () => derive(s, ctx.store.plan(s), ctx.store.currency.code))) count += 1;
    if (count > cap) return { count: cap, precision: 'AT_LEAST' };
  }
  return { count, precision: 'EXACT' };
}
