import type { CanonicalOrder } from '../../core/canonical/types';
import { isCurrencyCode } from '../../core/currencies';
import { requireExternalId } from '../../core/ids';
import type { JsonValue } from '../../core/json';
import { Money } from '../../core/money';
import { toUtcTimestamp } from '../../core/time';
import { flagAt, objectsAt, textAt } from './fields';
import { mapCoupon, mapLineItem, mapShippingLine, mapTaxLine } from './items';
import { describeDocument, isWooCommerceOrder } from './order-shape';
import { mapAddress, mapCustomer } from './parties';
import { Pricing } from './pricing';
import { mapRefund } from './refunds';
import { TRASH, effectiveStatus, financialStatus, fulfillmentStatus, lifecycleStatus } from './statuses';
import { mapTotals } from './totals';

export const WOOCOMMERCE_CHANNEL = 'woocommerce';

/**
 * A draft the store has not saved yet carries no dates at all (`date_created_gmt: null`). The
 * schema needs a time and a pure mapper has no clock: the epoch stands for "unknown", older than
 * any dated version of the same order, so the first real version always replaces it.
 */
export const UNDATED = '1970-01-01T00:00:00Z';

/**
 * A wc/v3 order (REST answer or webhook payload, parsed with `parseJsonExact`) as the canonical
 * order of canonical-order.md. Pure: no I/O, no clock. Throws a TypeError naming what is wrong
 * when the payload is not an order it can read. Where WooCommerce's own figures break an identity
 * (a gift-card plugin lowering `total`, say), `total` stays the platform's: nothing is invented.
 */
export function mapWooCommerceOrder(payload: JsonValue): CanonicalOrder {
  if (!isWooCommerceOrder(payload)) {
    throw new TypeError(`not a WooCommerce order: ${describeDocument(payload)}`);
  }
  const order = payload;
  const what = `order ${String(order.id)}`;
  const currency = textAt(order.currency)?.toUpperCase() ?? '';
  if (!isCurrencyCode(currency)) throw new TypeError(`${what} has no ISO 4217 currency`);
  const pricing = new Pricing(currency, flagAt(order.prices_include_tax));

  const mapped = objectsAt(order.line_items).map((line) => mapLineItem(line, pricing));
  const lines = { items: mapped.map((line) => line.item), subtotals: mapped.map((line) => line.subtotal) };
  const lineIds = new Set(lines.items.map((line) => line.externalId));
  const refunds = objectsAt(order.refunds).map((refund) => mapRefund(refund, pricing, lineIds));
  const totals = mapTotals(order, pricing, lines, refunds);

  const status = effectiveStatus(order);
  const of = (amount: string) => Money.of(amount, currency);
  const createdAt =
    toUtcTimestamp(order.date_created_gmt) ?? toUtcTimestamp(order.date_modified_gmt) ?? UNDATED;
  const updatedAt = toUtcTimestamp(order.date_modified_gmt) ?? createdAt;
  const gateway = textAt(order.payment_method_title) ?? textAt(order.payment_method);

  return {
    channel: WOOCOMMERCE_CHANNEL,
    externalId: requireExternalId(order.id, 'order'),
    orderNumber: textAt(order.number) ?? String(order.id),
    status: lifecycleStatus(status),
    financialStatus: financialStatus(status, order, of(totals.refunded), of(totals.total)),
    fulfillmentStatus: fulfillmentStatus(status),
    channelStatus: textAt(order.status),
    currency,
    presentment: null,
    taxesIncluded: pricing.taxesIncluded,
    totals,
    customer: mapCustomer(order),
    billingAddress: mapAddress(order.billing),
    shippingAddress: mapAddress(order.shipping),
    lineItems: lines.items,
    shippingLines: objectsAt(order.shipping_lines).map((line) => mapShippingLine(line, pricing)),
    taxLines: objectsAt(order.tax_lines).map((line) => mapTaxLine(line, pricing)),
    discounts: objectsAt(order.coupon_lines).map((line) => mapCoupon(line, pricing)),
    refunds,
    fulfillments: [],
    paymentGateways: gateway === null ? [] : [gateway],
    note: textAt(order.customer_note),
    tags: [],
    sourceName: textAt(order.created_via),
    createdAt,
    updatedAt,
    // WooCommerce records no cancellation time, and date_modified_gmt moves with every later change.
    cancelledAt: null,
    cancelReason: null,
    deletedAt: textAt(order.status) === TRASH ? updatedAt : null,
  };
}
