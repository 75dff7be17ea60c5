import { roundDiv } from '../common/money';
import type { Priced } from '../seed/pricing';
import type { Derived } from './derive';

/** One amount in shop and presentment currency (minor units): the sandbox's MoneyBag. */
export interface Pair {
  shop: number;
  pres: number;
}

export function pair(d: Derived, pick: (p: Priced) => number): Pair {
  return { shop: pick(d.shop), pres: pick(d.pres) };
}

/** The order-level amounts Shopify reports, original and current (after refunds). */
export function orderAmounts(d: Derived) {
  const lineRefunded = (p: Priced) =>
    p.refunds.reduce((a, r) => a + r.lines.reduce((x, l) => x + l.subtotal, 0), 0);
  const shippingRefunded = (p: Priced) => p.refunds.reduce((a, r) => a + r.shipping, 0);
  const currentDiscount = (p: Priced) =>
    p.lines.reduce(
      (a, l, i) =>
        a + roundDiv(l.discount * Math.max(0, l.quantity - (d.refundedQty[i] ?? 0)), Math.max(1, l.quantity)),
      0,
    );
  return {
    lineItemsPrice: pair(d, (p) => p.subtotal),
    discounts: pair(d, (p) => p.discount),
    subtotal: pair(d, (p) => p.subtotal - p.discount),
    shipping: pair(d, (p) => p.shipping?.price ?? 0),
    tax: pair(d, (p) => p.tax),
    total: pair(d, (p) => p.total),
    refunded: pair(d, (p) => p.refunded),
    refundedShipping: pair(d, shippingRefunded),
    currentSubtotal: pair(d, (p) => p.subtotal - p.discount - lineRefunded(p)),
    currentDiscounts: pair(d, currentDiscount),
    currentShipping: pair(d, (p) => (p.shipping?.price ?? 0) - shippingRefunded(p)),
    currentTax: pair(d, (p) => p.tax - p.refundedTax),
    currentTotal: pair(d, (p) => p.total - p.refunded),
    outstanding: pair(d, (p) => (d.plan.paidAt === null && d.plan.cancelledAt === null ? p.total : 0)),
    received: pair(d, (p) => (d.plan.paidAt === null ? 0 : p.total)),
    net: pair(d, (p) => (d.plan.paidAt === null ? 0 : p.total - p.refunded)),
    zero: { shop: 0, pres: 0 },
  };
}
