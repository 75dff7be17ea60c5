import type { WooSlot } from './model';
import { boolParam, dateParam, enumParam, idList, intParam, listParam } from './params';
import type { WooStore } from './store';
import { invalidParam, ORDER_STATUSES } from './types';

export interface OrderPage {
  slots: WooSlot[];
  total: number;
  totalPages: number;
  page: number;
  perPage: number;
}

const LIST_STATUSES = ['any', 'trash', ...ORDER_STATUSES] as const;
const ORDERBY = ['date', 'id', 'include', 'title', 'slug', 'modified'] as const;

/**
 * GET /orders. Windows on `modified_*` and `after`/`before` are binary searches over the store's
 * indexes; only the window is scanned for the other filters and the count.
 */
export function listOrders(store: WooStore, q: URLSearchParams): OrderPage {
  const page = intParam(q, 'page', 1) ?? 1;
  const perPage = intParam(q, 'per_page', 1, 100) ?? 10;
  const offset = intParam(q, 'offset', 0);
  const order = enumParam(q, 'order', ['asc', 'desc'] as const) ?? 'desc';
  const orderby = enumParam(q, 'orderby', ORDERBY) ?? 'date';
  const gmt = boolParam(q, 'dates_are_gmt') ?? false;
  const tz = gmt ? 'UTC' : store.timeZone;
  const after = dateParam(q, 'after', tz);
  const before = dateParam(q, 'before', tz);
  const modifiedAfter = dateParam(q, 'modified_after', tz);
  const modifiedBefore = dateParam(q, 'modified_before', tz);
  const include = idList(q, 'include');
  const exclude = new Set(idList(q, 'exclude') ?? []);
  const customer = intParam(q, 'customer');
  const statuses = listParam(q, 'status') ?? ['any'];
  for (const s of statuses) {
    if (!(LIST_STATUSES as readonly string[]).includes(s)) {
      throw invalidParam(
        'status',
        'rest_not_in_enum',
        `status[0] is not one of ${LIST_STATUSES.slice(0, -1).join(', ')}, and ${LIST_STATUSES[LIST_STATUSES.length - 1]}.`,
      );
    }
  }
  const any = statuses.includes('any');
  const wanted = new Set(statuses);
  const includeSet = include ? new Set(include) : null;
  const accept = (s: WooSlot): boolean => {
    if (s.removed) return false;
    if (any ? s.status === 'trash' && !wanted.has('trash') : !wanted.has(s.status)) return false;
    if (includeSet && !includeSet.has(s.id)) return false;
    if (exclude.has(s.id)) return false;
    if (after !== undefined && !(s.createdAt > after)) return false;
    if (before !== undefined && !(s.createdAt < before)) return false;
    if (modifiedAfter !== undefined && !(s.modifiedAt > modifiedAfter)) return false;
    if (modifiedBefore !== undefined && !(s.modifiedAt < modifiedBefore)) return false;
    if (customer !== undefined && customerOf(store, s) !== customer) return false;
    return true;
  };

  let sequence: readonly WooSlot[];
  let lo: number;
  let hi: number;
  if (orderby === 'modified') {
    sequence = store.table.modifiedOrder();
    [lo, hi] = store.table.modifiedWindow(modifiedAfter, modifiedBefore);
  } else if (orderby === 'include' && include) {
    const byId = include.map((id) => store.table.findById(id)).filter((s): s is WooSlot => s !== undefined);
    sequence = byId;
    lo = 0;
    hi = byId.length;
  } else {
    sequence = store.table.all();
    lo = after === undefined ? 0 : store.table.createdPosition(after + 1);
    hi = before === undefined ? sequence.length : store.table.createdPosition(before);
  }
  const matches: number[] = [];
  for (let i = lo; i < hi; i += 1) {
    const s = sequence[i];
    if (s && accept(s)) matches.push(i);
  }
  if (order === 'desc' && orderby !== 'include') matches.reverse();
  const start = offset ?? (page - 1) * perPage;
  const slots = matches.slice(start, start + perPage).map((i) => sequence[i] as WooSlot);
  const total = matches.length;
  return { slots, total, totalPages: Math.ceil(total / perPage), page, perPage };
}

const customerCache = new WeakMap<WooSlot, number>();

function customerOf(store: WooStore, slot: WooSlot): number {
  const cached = customerCache.get(slot);
  if (cached !== undefined) return cached;
  const c = store.record(slot).plan.customer?.poolIndex;
  const id = c === null || c === undefined ? 0 : c + 2;
  customerCache.set(slot, id);
  return id;
}
