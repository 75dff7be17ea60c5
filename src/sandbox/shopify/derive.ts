import type { OrderPlan } from '../seed/plan-types';
import { priceOrder, type Priced } from '../seed/pricing';
import { IDS, PER_ORDER } from './ids';
import type { ShopifySlot } from './model';

export type FinancialStatus =
  'PENDING' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED' | 'EXPIRED';
export type DisplayFulfillment =
  'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED' | 'ON_HOLD' | 'RESTOCKED';
export type FoStatus = 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'ON_HOLD';

export interface FoLine {
  lineIndex: number;
  id: number;
  total: number;
  remaining: number;
}

export interface FulfillmentOrderView {
  id: number;
  seq: number;
  location: number;
  status: FoStatus;
  lines: FoLine[];
}

/** Everything both representations (REST webhook body, GraphQL) read: money in both currencies and statuses. */
export interface Derived {
  slot: ShopifySlot;
  plan: OrderPlan;
  shop: Priced;
  pres: Priced;
  fulfilled: number[];
  refundedQty: number[];
  financial: FinancialStatus;
  fulfillment: DisplayFulfillment;
  fulfillmentOrders: FulfillmentOrderView[];
  closedAt: number | null;
}

export function lineItemId(slot: ShopifySlot, k: number): number {
  return IDS.lineItem + slot.itemBase + k;
}

export function refundId(slot: ShopifySlot, seq: number): number {
  return IDS.refund + slot.index * PER_ORDER + seq;
}

export function fulfillmentId(slot: ShopifySlot, seq: number): number {
  return IDS.fulfillment + slot.index * PER_ORDER + seq;
}

export function derive(slot: ShopifySlot, plan: OrderPlan, shopCurrency: string): Derived {
  const shop = priceOrder(plan, shopCurrency);
  const pres = plan.currency === shopCurrency ? shop : priceOrder(plan, plan.currency);
  const fulfilled = plan.lines.map(() => 0);
  for (const f of plan.fulfillments)
    for (const l of f.lines) fulfilled[l.lineIndex] = (fulfilled[l.lineIndex] ?? 0) + l.quantity;
  const refundedQty = plan.lines.map(() => 0);
  for (const r of plan.refunds)
    for (const l of r.lines) refundedQty[l.lineIndex] = (refundedQty[l.lineIndex] ?? 0) + l.quantity;
  const cancelled = plan.cancelledAt !== null;
  const groups = [...new Set(plan.lines.map((l) => l.location))].sort();
  const fulfillmentOrders = groups.map((location, seq): FulfillmentOrderView => {
    const lines = plan.lines
      .map((l, lineIndex) => ({ l, lineIndex }))
      .filter(({ l }) => l.location === location)
      .map(({ l, lineIndex }) => ({
        lineIndex,
        id: IDS.fulfillmentOrderLineItem + slot.itemBase + lineIndex,
        total: l.quantity,
        remaining: cancelled
          ? 0
          : Math.max(0, l.quantity - (fulfilled[lineIndex] ?? 0) - (refundedQty[lineIndex] ?? 0)),
      }));
    const remaining = lines.reduce((a, l) => a + l.remaining, 0);
    const done = lines.reduce((a, l) => a + (fulfilled[l.lineIndex] ?? 0), 0);
    const status: FoStatus = cancelled
      ? 'CANCELLED'
      : remaining === 0
        ? 'CLOSED'
        : plan.lifecycle === 'on_hold'
          ? 'ON_HOLD'
          : done > 0
            ? 'IN_PROGRESS'
            : 'OPEN';
    return { id: IDS.fulfillmentOrder + slot.index * 8 + seq, seq, location, status, lines };
  });
  const totalFulfilled = fulfilled.reduce((a, b) => a + b, 0);
  const remaining = fulfillmentOrders.reduce((a, fo) => a + fo.lines.reduce((x, l) => x + l.remaining, 0), 0);
  const fulfillment: DisplayFulfillment =
    plan.lifecycle === 'on_hold' && totalFulfilled === 0 && !cancelled
      ? 'ON_HOLD'
      : totalFulfilled === 0
        ? remaining === 0 && plan.refunds.some((r) => r.restock)
          ? 'RESTOCKED'
          : 'UNFULFILLED'
        : remaining === 0
          ? 'FULFILLED'
          : 'PARTIALLY_FULFILLED';
  let financial: FinancialStatus;
  if (plan.lifecycle === 'failed') financial = 'EXPIRED';
  else if (plan.paidAt === null) financial = cancelled ? 'VOIDED' : 'PENDING';
  else if (shop.refunded >= shop.total && shop.total > 0) financial = 'REFUNDED';
  else if (shop.refunded > 0) financial = 'PARTIALLY_REFUNDED';
  else financial = 'PAID';
  const lastFulfillment = plan.fulfillments.reduce((a, f) => Math.max(a, f.at), 0);
  const closedAt = cancelled
    ? plan.cancelledAt
    : fulfillment === 'FULFILLED' && (financial === 'PAID' || financial === 'PARTIALLY_REFUNDED')
      ? lastFulfillment || null
      : null;
  return {
    slot,
    plan,
    shop,
    pres,
    fulfilled,
    refundedQty,
    financial,
    fulfillment,
    fulfillmentOrders,
    closedAt,
  };
}
