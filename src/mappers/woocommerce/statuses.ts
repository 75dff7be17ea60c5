import type { FinancialStatus, FulfillmentStatus, OrderStatus } from '../../core/canonical/types';
import type { JsonObject } from '../../core/json';
import type { Money } from '../../core/money';
import { hasValue, metaValue, textAt } from './fields';

/** The lifecycle table of canonical-order.md, WooCommerce column. */
const LIFECYCLE: Readonly<Record<string, OrderStatus>> = {
  cancelled: 'cancelled',
  refunded: 'refunded',
  failed: 'failed',
  completed: 'fulfilled',
  'on-hold': 'on_hold',
  processing: 'processing',
  pending: 'pending',
  'checkout-draft': 'pending',
  draft: 'pending',
  'auto-draft': 'pending',
};

export const TRASH = 'trash';

/**
 * The status that decides the canonical statuses. A trashed order reads back with status `trash`,
 * which says nothing about where it stood; WordPress keeps that in `_wp_trash_meta_status`
 * (`wc-pending`), so the order keeps the status it had and only gains `deletedAt`. Without that
 * meta, `trash` is a status the tables do not name.
 */
export function effectiveStatus(order: JsonObject): string {
  const status = textAt(order.status) ?? 'pending';
  if (status !== TRASH) return status;
  const before = textAt(metaValue(order, '_wp_trash_meta_status'));
  return before === null ? TRASH : before.replace(/^wc-/, '');
}

/** Plugin statuses (`pre-ordered`, …) and anything else the table does not name are `on_hold`. */
export function lifecycleStatus(status: string): OrderStatus {
  return LIFECYCLE[status] ?? 'on_hold';
}

/**
 * `failed` and `refunded` as named; refunds present but less than the total → partially refunded
 * (refunds reaching the total without the status following are treated as refunded); `date_paid`
 * set → paid; otherwise pending.
 */
export function financialStatus(
  status: string,
  order: JsonObject,
  refunded: Money,
  total: Money,
): FinancialStatus {
  if (status === 'failed') return 'failed';
  if (status === 'refunded') return 'refunded';
  if (!refunded.isZero()) return refunded.compare(total) < 0 ? 'partially_refunded' : 'refunded';
  return hasValue(order.date_paid_gmt) || hasValue(order.date_paid) ? 'paid' : 'pending';
}

export function fulfillmentStatus(status: string): FulfillmentStatus {
  return status === 'completed' ? 'fulfilled' : 'unfulfilled';
}
