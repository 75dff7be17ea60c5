import type { Refund, RefundLineItem } from '../../core/canonical/types';
import { requireExternalId, toExternalId } from '../../core/ids';
import type { JsonObject } from '../../core/json';
import { toUtcTimestamp } from '../../core/time';
import { hasValue, metaValue, objectsAt, textAt } from './fields';
import { type Pricing, wholeQuantity } from './pricing';

/**
 * A refund in either shape the hub sees: the order's own short list entry `{id, reason, total}`
 * (negative `total`; webhooks and plain order reads), or the full refund object of
 * `GET orders/{id}/refunds` (positive `amount`, its time and its lines), which the connector puts
 * in the payload's `refunds` in place of the short list when it reads an order.
 */
export function mapRefund(refund: JsonObject, pricing: Pricing, orderLineIds: ReadonlySet<string>): Refund {
  const amount = hasValue(refund.amount) ? refund.amount : refund.total;
  return {
    externalId: requireExternalId(refund.id, 'refund'),
    createdAt: toUtcTimestamp(refund.date_created_gmt),
    amount: pricing.money(amount).abs().round().toString(),
    reason: textAt(refund.reason),
    lineItems: objectsAt(refund.line_items).flatMap((line) => refundLine(line, pricing, orderLineIds)),
  };
}

/**
 * A refunded line names the order line it returns in its `_refunded_item_id` meta (the one meta
 * key the mapper reads here: it is the only link). Quantities and amounts are negative in
 * WooCommerce; the amount follows the order's display rule, like the order's own line totals.
 */
function refundLine(line: JsonObject, pricing: Pricing, orderLineIds: ReadonlySet<string>): RefundLineItem[] {
  const lineItemExternalId = toExternalId(metaValue(line, '_refunded_item_id') ?? null);
  if (lineItemExternalId === null || !orderLineIds.has(lineItemExternalId)) return [];
  return [
    {
      lineItemExternalId,
      quantity: wholeQuantity(line.quantity),
      amount: pricing.displayed(line.total, line.total_tax).abs().round().toString(),
    },
  ];
}
