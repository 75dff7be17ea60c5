import type { IndexedSlot } from '../common/order-table';
import type { Lifecycle, OrderPlan } from '../seed/plan-types';
import type { WooStatus } from './types';

/** Per-order index entry; everything else is regenerated from the seed until the order changes. */
export interface WooSlot extends IndexedSlot {
  index: number;
  status: WooStatus;
  lineCount: number;
  /** First id of this order's item ids (line, shipping, fee, coupon and tax items). */
  itemBase: number;
  /** Refund ids (refunds share the order id sequence, as in WooCommerce). */
  refundIds: number[];
  /** Status before trashing, restored on untrash. */
  trashedFrom?: WooStatus;
}

export interface WooNoteRecord {
  id: number;
  at: number;
  note: string;
  customerNote: boolean;
  author: string;
}

/** A materialized order: created through the API or changed since seeding. */
export interface WooOrderRecord {
  plan: OrderPlan;
  notes: WooNoteRecord[];
  meta: { id: number; key: string; value: string }[];
  createdVia: string;
  customerNote: string;
  /** The request set `set_paid` or the status moved to a paid one: stock was reduced. */
  stockReduced: boolean;
}

/** Reserved item ids per order beyond its lines (shipping, fees, coupon, tax lines). */
export const ITEM_SLOTS_EXTRA = 12;

export const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  'checkout-draft': 'Draft',
  'auto-draft': 'Draft',
  trash: 'Trash',
};

export function lifecycleStatus(lifecycle: Lifecycle): WooStatus {
  switch (lifecycle) {
    case 'partially_fulfilled':
      return 'processing';
    case 'on_hold':
      return 'on-hold';
    default:
      return lifecycle;
  }
}

export function statusLifecycle(status: WooStatus): Lifecycle {
  switch (status) {
    case 'on-hold':
      return 'on_hold';
    case 'processing':
    case 'completed':
    case 'cancelled':
    case 'refunded':
    case 'failed':
    case 'pending':
      return status;
    default:
      return 'pending';
  }
}
