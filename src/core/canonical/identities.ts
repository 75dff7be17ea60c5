import { minorDigits } from '../currencies';
import { Money } from '../money';
import type { CanonicalOrder } from './types';

export interface IdentityBreak {
  identity: string;
  expected: string;
  actual: string;
}

/**
 * The arithmetic identities of canonical-order.md, to within one minor unit per line for rounding.
 * Mappers keep the platform's total when it breaks one; callers log these as warnings.
 */
export function checkOrderIdentities(order: CanonicalOrder): IdentityBreak[] {
  const c = order.currency;
  const m = (v: string) => Money.of(v, c);
  const breaks: IdentityBreak[] = [];
  const oneMinorUnit = Money.of(`1e-${minorDigits(c)}`, c);
  const tolerance = oneMinorUnit.times(Math.max(1, order.lineItems.length + order.shippingLines.length));
  const near = (a: Money, b: Money) => a.minus(b).abs().compare(tolerance) <= 0;

  const subtotal = Money.sum(
    order.lineItems.map((l) => m(l.unitPrice).times(l.quantity)),
    c,
  );
  if (!near(subtotal, m(order.totals.subtotal))) {
    breaks.push({
      identity: 'subtotal = Σ unitPrice × quantity',
      expected: subtotal.toString(),
      actual: order.totals.subtotal,
    });
  }
  for (const line of order.lineItems) {
    const expected = m(line.unitPrice).times(line.quantity).minus(m(line.discount));
    if (!near(expected, m(line.total))) {
      breaks.push({
        identity: `line ${line.externalId}: total = unitPrice × quantity − discount`,
        expected: expected.toString(),
        actual: line.total,
      });
    }
  }
  const t = order.totals;
  let expectedTotal = m(t.subtotal).minus(m(t.discount)).plus(m(t.shipping)).plus(m(t.fees));
  if (!order.taxesIncluded) expectedTotal = expectedTotal.plus(m(t.tax));
  if (!near(expectedTotal, m(t.total))) {
    breaks.push({
      identity: order.taxesIncluded
        ? 'subtotal − discount + shipping + fees = total'
        : 'subtotal − discount + shipping + fees + tax = total',
      expected: expectedTotal.toString(),
      actual: t.total,
    });
  }
  const refunded = Money.sum(
    order.refunds.map((r) => m(r.amount)),
    c,
  );
  if (!near(refunded, m(t.refunded))) {
    breaks.push({
      identity: 'refunded = Σ refunds[].amount',
      expected: refunded.toString(),
      actual: t.refunded,
    });
  }
  return breaks;
}
