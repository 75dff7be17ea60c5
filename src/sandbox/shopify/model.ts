import type { IndexedSlot } from '../common/order-table';
import type { OrderPlan } from '../seed/plan-types';

export interface ShopifySlot extends IndexedSlot {
  index: number;
  lineCount: number;
  /** Offset of this order's line item ids. */
  itemBase: number;
}

/** A materialized Shopify order (changed since seeding, or created through the store). */
export interface ShopifyOrderRecord {
  plan: OrderPlan;
  /** Staff/api notes and tags live on the plan; this records what changed it, for webhooks. */
  edited: boolean;
}
