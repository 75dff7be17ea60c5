import type { Discount, DiscountType, LineItem, ShippingLine, TaxLine } from '../../core/canonical/types';
import { requireExternalId, toExternalId } from '../../core/ids';
import type { JsonObject } from '../../core/json';
import { Money, formatDecimal, parseDecimal } from '../../core/money';
import { hasValue, textAt } from './fields';
import { type Pricing, wholeQuantity } from './pricing';

/**
 * A product line. `subtotal` is before discounts and `total` after (both without tax), so the line's
 * discount is `subtotal − total`; `unitPrice` is the displayed subtotal over the quantity. The
 * `price` field (`total ÷ quantity`, a JSON number with float artefacts such as 6.989999999999999)
 * is after discounts, so it is only a fallback for lines without a usable subtotal or quantity.
 */
export function mapLineItem(line: JsonObject, pricing: Pricing): { item: LineItem; subtotal: Money } {
  const quantity = wholeQuantity(line.quantity);
  const subtotal = lineSubtotal(line, pricing, quantity);
  const total = pricing.displayed(line.total, line.total_tax);
  const unitPrice =
    quantity > 0 && hasValue(line.subtotal)
      ? pricing.displayedShare(line.subtotal, line.subtotal_tax, quantity)
      : pricing.money(line.price).round();
  const item: LineItem = {
    externalId: requireExternalId(line.id, 'line item'),
    sku: textAt(line.sku),
    name: typeof line.name === 'string' ? line.name : '',
    productExternalId: toExternalId(line.product_id),
    variantExternalId: toExternalId(line.variation_id),
    quantity,
    unitPrice: unitPrice.toString(),
    discount: subtotal.minus(total).round().toString(),
    tax: pricing.amount(line.total_tax),
    total: total.round().toString(),
  };
  return { item, subtotal };
}

/** The displayed line subtotal: the platform's own figure, or `price × quantity` when it sends none. */
function lineSubtotal(line: JsonObject, pricing: Pricing, quantity: number): Money {
  if (hasValue(line.subtotal)) return pricing.displayed(line.subtotal, line.subtotal_tax);
  return pricing.money(line.price).round().times(quantity);
}

/** Shipping lines carry no discount of their own: a free-shipping coupon sets the line's total to 0. */
export function mapShippingLine(line: JsonObject, pricing: Pricing): ShippingLine {
  const code = textAt(line.method_id);
  return {
    title: textAt(line.method_title) ?? code ?? 'Shipping',
    code,
    price: pricing.displayed(line.total, line.total_tax).round().toString(),
    discount: Money.zero(pricing.currency).toString(),
    tax: pricing.amount(line.total_tax),
  };
}

/**
 * One tax line per rate. WooCommerce's `tax_total` already includes the rate's tax on fees (fee
 * items are taxed with the cart), and `shipping_tax_total` holds the rest, so their sum is all tax
 * at that rate. `rate_percent` (10) becomes the fraction "0.1"; older orders lack it (null).
 */
export function mapTaxLine(line: JsonObject, pricing: Pricing): TaxLine {
  return {
    title: textAt(line.label) ?? textAt(line.rate_code) ?? 'Tax',
    rate: hasValue(line.rate_percent)
      ? formatDecimal(parseDecimal(line.rate_percent).div(100).toFixed())
      : null,
    amount: pricing.money(line.tax_total).plus(pricing.money(line.shipping_tax_total)).round().toString(),
  };
}

const COUPON_TYPES: Readonly<Record<string, DiscountType>> = {
  percent: 'percentage',
  fixed_cart: 'fixed_amount',
  fixed_product: 'fixed_amount',
};

/** A coupon line: `discount` is without tax, `discount_tax` its tax (added back when prices include tax). */
export function mapCoupon(line: JsonObject, pricing: Pricing): Discount {
  const amount = pricing.displayed(line.discount, line.discount_tax).round();
  const declared = textAt(line.discount_type);
  let type: DiscountType = (declared && COUPON_TYPES[declared]) || 'other';
  if (type === 'other' && line.free_shipping === true && amount.isZero()) type = 'shipping';
  return { code: textAt(line.code), type, amount: amount.toString() };
}
