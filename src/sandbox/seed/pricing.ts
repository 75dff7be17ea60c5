import { allocate, roundDiv, taxInGross, taxOnNet } from '../common/money';
import { convertFromUsd, currencyInfo, type CurrencyInfo } from './geo';
import type { FixedAmount, OrderPlan, PlanRefund } from './plan-types';

function amountIn(usd: number, fixed: FixedAmount | undefined, info: CurrencyInfo): number {
  if (fixed && fixed.currency === info.code) return fixed.minor;
  if (fixed)
    return convertFromUsd(
      Math.round(
        (fixed.minor / 10 ** currencyInfo(fixed.currency).digits / currencyInfo(fixed.currency).perUsd) * 100,
      ),
      info,
    );
  return convertFromUsd(usd, info);
}

/** Every amount of an order in one currency, in minor units. Display amounts include tax when `taxesIncluded`. */
export interface PricedLine {
  unitPrice: number;
  quantity: number;
  /** unitPrice × quantity. */
  subtotal: number;
  /** Tax on the undiscounted subtotal (WooCommerce `subtotal_tax`). */
  subtotalTax: number;
  discount: number;
  /** subtotal − discount. */
  total: number;
  /** Tax on `total`. */
  tax: number;
  rateBp: number;
}

export interface PricedRefundLine {
  lineIndex: number;
  quantity: number;
  /** Display amount refunded for the line (includes tax when taxes are included). */
  subtotal: number;
  tax: number;
}

export interface PricedRefund {
  lines: PricedRefundLine[];
  shipping: number;
  shippingTax: number;
  fees: number;
  feesTax: number;
  tax: number;
  /** Money returned to the customer. */
  amount: number;
}

export interface TaxRateTotal {
  rateBp: number;
  reduced: boolean;
  items: number;
  shipping: number;
}

export interface Priced {
  currency: string;
  digits: number;
  taxesIncluded: boolean;
  lines: PricedLine[];
  shipping: { price: number; tax: number; rateBp: number } | null;
  fees: { amount: number; tax: number; rateBp: number }[];
  subtotal: number;
  discount: number;
  /** Tax removed by the discount (WooCommerce `discount_tax`). */
  discountTax: number;
  itemsTax: number;
  tax: number;
  total: number;
  taxRates: TaxRateTotal[];
  refunds: PricedRefund[];
  refunded: number;
  refundedTax: number;
}

/** Prices a plan in `currency` (the order currency, or Shopify's shop/presentment currency). */
export function priceOrder(plan: OrderPlan, currency: string): Priced {
  const info = currencyInfo(currency);
  const incl = plan.taxesIncluded;
  const taxOf = (amount: number, rateBp: number) =>
    rateBp === 0 ? 0 : incl ? taxInGross(amount, rateBp) : taxOnNet(amount, rateBp);
  const rateOf = (taxClass: string) =>
    taxClass === 'none' ? 0 : taxClass === 'reduced' ? plan.country.reducedBp : plan.country.standardBp;
  const units = plan.lines.map((l) => amountIn(l.priceUsd, l.fixedUnit, info));
  const subtotals = plan.lines.map((l, i) => (units[i] ?? 0) * l.quantity);
  const merchandise = subtotals.reduce((a, b) => a + b, 0);
  const coupon = plan.coupon;
  let discounts = subtotals.map(() => 0);
  if (coupon?.kind === 'percent') discounts = subtotals.map((s) => roundDiv(s * coupon.value, 100));
  else if (coupon?.kind === 'fixed')
    discounts = allocate(Math.min(merchandise, convertFromUsd(coupon.value, info)), subtotals);
  const lines: PricedLine[] = plan.lines.map((l, i) => {
    const subtotal = subtotals[i] ?? 0;
    const discount = discounts[i] ?? 0;
    const rateBp = rateOf(l.taxClass);
    return {
      unitPrice: units[i] ?? 0,
      quantity: l.quantity,
      subtotal,
      subtotalTax: taxOf(subtotal, rateBp),
      discount,
      total: subtotal - discount,
      tax: taxOf(subtotal - discount, rateBp),
      rateBp,
    };
  });
  const method = plan.shippingMethod;
  const shipping = method
    ? { price: amountIn(method.priceUsd, method.fixed, info), tax: 0, rateBp: plan.country.standardBp }
    : null;
  if (shipping) shipping.tax = taxOf(shipping.price, shipping.rateBp);
  const fees = plan.fees.map((f) => {
    const amount = amountIn(f.amountUsd, f.fixed, info);
    const rateBp = f.taxable ? plan.country.standardBp : 0;
    return { amount, tax: taxOf(amount, rateBp), rateBp };
  });
  const itemsTax = lines.reduce((a, l) => a + l.tax, 0);
  const tax = itemsTax + (shipping?.tax ?? 0) + fees.reduce((a, f) => a + f.tax, 0);
  const net =
    lines.reduce((a, l) => a + l.total, 0) + (shipping?.price ?? 0) + fees.reduce((a, f) => a + f.amount, 0);
  const priced: Priced = {
    currency,
    digits: info.digits,
    taxesIncluded: incl,
    lines,
    shipping,
    fees,
    subtotal: merchandise,
    discount: discounts.reduce((a, b) => a + b, 0),
    discountTax: lines.reduce((a, l) => a + l.subtotalTax - l.tax, 0),
    itemsTax,
    tax,
    total: incl ? net : net + tax,
    taxRates: taxRates(plan, lines, shipping, fees),
    refunds: [],
    refunded: 0,
    refundedTax: 0,
  };
  const done = plan.lines.map(() => ({ quantity: 0, subtotal: 0, tax: 0 }));
  for (const refund of plan.refunds)
    priced.refunds.push(priceRefund(priced, refund, done, currency === plan.currency));
  priced.refunded = priced.refunds.reduce((a, r) => a + r.amount, 0);
  priced.refundedTax = priced.refunds.reduce((a, r) => a + r.tax, 0);
  return priced;
}

function taxRates(
  plan: OrderPlan,
  lines: PricedLine[],
  shipping: Priced['shipping'],
  fees: Priced['fees'],
): TaxRateTotal[] {
  const rates = new Map<number, TaxRateTotal>();
  const add = (rateBp: number, items: number, ship: number) => {
    if (rateBp === 0) return;
    const r = rates.get(rateBp) ?? {
      rateBp,
      reduced: rateBp !== plan.country.standardBp,
      items: 0,
      shipping: 0,
    };
    r.items += items;
    r.shipping += ship;
    rates.set(rateBp, r);
  };
  for (const l of lines) add(l.rateBp, l.tax, 0);
  for (const f of fees) add(f.rateBp, f.tax, 0);
  if (shipping) add(shipping.rateBp, 0, shipping.tax);
  return [...rates.values()].sort((a, b) => b.rateBp - a.rateBp);
}

/** One refund: pro rata per line, the last units of a line take what is left, so a full refund equals the total. */
function priceRefund(
  priced: Priced,
  refund: PlanRefund,
  done: { quantity: number; subtotal: number; tax: number }[],
  explicitOk: boolean,
): PricedRefund {
  const lines: PricedRefundLine[] = refund.lines.map((r) => {
    const line = priced.lines[r.lineIndex];
    const state = done[r.lineIndex];
    if (!line || !state) return { lineIndex: r.lineIndex, quantity: r.quantity, subtotal: 0, tax: 0 };
    const last = state.quantity + r.quantity >= line.quantity;
    let subtotal = last ? line.total - state.subtotal : roundDiv(line.total * r.quantity, line.quantity);
    let tax = last ? line.tax - state.tax : roundDiv(line.tax * r.quantity, line.quantity);
    if (explicitOk && r.subtotal !== undefined) subtotal = r.subtotal;
    if (explicitOk && r.tax !== undefined) tax = r.tax;
    state.quantity += r.quantity;
    state.subtotal += subtotal;
    state.tax += tax;
    return { lineIndex: r.lineIndex, quantity: r.quantity, subtotal, tax };
  });
  const shipping = refund.shipping && priced.shipping ? priced.shipping.price : 0;
  const shippingTax = refund.shipping && priced.shipping ? priced.shipping.tax : 0;
  const fees = refund.fees ? priced.fees.reduce((a, f) => a + f.amount, 0) : 0;
  const feesTax = refund.fees ? priced.fees.reduce((a, f) => a + f.tax, 0) : 0;
  const tax = lines.reduce((a, l) => a + l.tax, 0) + shippingTax + feesTax;
  const parts =
    lines.reduce((a, l) => a + l.subtotal, 0) + shipping + fees + (priced.taxesIncluded ? 0 : tax);
  const amount = explicitOk && refund.amount !== undefined ? refund.amount : parts;
  return { lines, shipping, shippingTax, fees, feesTax, tax, amount };
}
