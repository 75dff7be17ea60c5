import type { LineItem, Refund, Totals } from '../../core/canonical/types';
import type { JsonObject } from '../../core/json';
import { Money } from '../../core/money';
import { hasValue, objectsAt } from './fields';
import type { Pricing } from './pricing';

/**
 * The order's totals. Subtotal and discount are the sums of the lines' own figures (WooCommerce
 * allocates every coupon to lines, so Σ(subtotal − total) is its `discount_total`; with tax
 * included this sum is exact where `discount_total + discount_tax` can be a cent off). Shipping and
 * fees are displayed like the lines; tax and total are the order's own.
 */
export function mapTotals(
  order: JsonObject,
  pricing: Pricing,
  lines: { items: LineItem[]; subtotals: Money[] },
  refunds: Refund[],
): Totals {
  const currency = pricing.currency;
  const sum = (amounts: Money[]) => Money.sum(amounts, currency).round().toString();
  const of = (text: string) => Money.of(text, currency);
  return {
    subtotal: sum(lines.subtotals),
    discount: sum(lines.items.map((line) => of(line.discount))),
    shipping: shippingTotal(order, pricing),
    tax: pricing.amount(order.total_tax),
    fees: sum(objectsAt(order.fee_lines).map((fee) => pricing.displayed(fee.total, fee.total_tax))),
    total: pricing.amount(order.total),
    refunded: sum(refunds.map((refund) => of(refund.amount))),
  };
}

/** `shipping_total` (+ `shipping_tax`); orders read with a `_fields` subset may only have the lines. */
function shippingTotal(order: JsonObject, pricing: Pricing): string {
  if (hasValue(order.shipping_total)) {
    return pricing.displayed(order.shipping_total, order.shipping_tax).round().toString();
  }
  const lines = objectsAt(order.shipping_lines).map((line) => pricing.displayed(line.total, line.total_tax));
  return Money.sum(lines, pricing.currency).round().toString();
}
