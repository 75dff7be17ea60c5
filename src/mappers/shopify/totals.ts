import type { Totals } from '../../core/canonical/types';
import { Money } from '../../core/money';
import type { Amounts, ShopifyOrderFacts } from './order-facts';

export type Side = 'shop' | 'presentment';

class UnknownAmount extends Error {}

/**
 * canonical-order.md § Totals, in one currency: the shop's, or the customer's (`presentment`).
 * Null when the payload does not give every amount in that currency.
 *
 * - subtotal: Σ unit price × quantity (Shopify's `subtotal_price` is after discounts: not used)
 * - discount: Shopify's `total_discounts` holds merchandise and shipping discounts alike; the
 *   shipping part (the shipping lines' allocations) is taken out, shipping shows it instead
 * - shipping: Σ shipping line price − its allocations
 * - fees: tips + duties + additional fees; total: `total_price` (never `current_total_price`)
 */
export function orderTotals(facts: ShopifyOrderFacts, side: Side, currency: string): Totals | null {
  const money = (amount: Amounts | { shop: string | null; presentment: string | null }): Money => {
    const value = side === 'shop' ? amount.shop : amount.presentment;
    if (value === null) throw new UnknownAmount();
    return Money.of(value, currency);
  };
  const sum = (values: Money[]) => Money.sum(values, currency);
  try {
    const shippingDiscount = sum(
      facts.shippingLines.flatMap((line) => line.allocations.map((a) => money(a.amount))),
    );
    const shippingPrice = sum(facts.shippingLines.map((line) => money(line.price)));
    return {
      subtotal: sum(facts.lines.map((line) => money(line.unitPrice).times(line.quantity))).toString(),
      discount: money(facts.totalDiscounts).minus(shippingDiscount).toString(),
      shipping: shippingPrice.minus(shippingDiscount).toString(),
      tax: money(facts.totalTax).toString(),
      fees: sum([money(facts.tips), money(facts.duties), money(facts.additionalFees)]).toString(),
      total: money(facts.totalPrice).toString(),
      refunded: sum(facts.refunds.map((refund) => money(refund.amount))).toString(),
    };
  } catch (error) {
    if (error instanceof UnknownAmount) return null;
    throw error;
  }
}
