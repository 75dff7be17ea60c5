import type { DiscountType, FulfillmentRecordStatus } from '../../core/canonical/types';

/** Shopify's words for discounts and fulfillments, in both shapes (REST snake_case, GraphQL enums). */

/** `shipping_line` / `SHIPPING_LINE` targets are shipping discounts; otherwise the value kind decides. */
export function discountType(targetType: string | null, valueKind: string | null): DiscountType {
  const target = targetType?.toLowerCase() ?? null;
  if (target === 'shipping_line' || target === 'shipping') return 'shipping';
  const kind = valueKind?.toLowerCase() ?? null;
  if (kind === 'fixed_amount' || kind === 'moneyv2') return 'fixed_amount';
  if (kind === 'percentage' || kind === 'pricingpercentagevalue') return 'percentage';
  return 'other';
}

const FULFILLMENT_RECORD_STATUSES: readonly FulfillmentRecordStatus[] = [
  'pending',
  'open',
  'success',
  'cancelled',
  'error',
  'failure',
];

/** REST `status` (`success`) and GraphQL `FulfillmentStatus` (`SUCCESS`) name the same states. */
export function fulfillmentRecordStatus(value: string | null): FulfillmentRecordStatus {
  const status = value?.toLowerCase() ?? '';
  return (FULFILLMENT_RECORD_STATUSES as readonly string[]).includes(status)
    ? (status as FulfillmentRecordStatus)
    : 'pending';
}

/**
 * GraphQL `displayFulfillmentStatus` in REST's words: `FULFILLED` → `fulfilled`, `PARTIALLY_FULFILLED`
 * → `partial`, `RESTOCKED` → `restocked`, `UNFULFILLED` → null (REST says null). The GraphQL-only
 * states (`ON_HOLD`, `IN_PROGRESS`, `OPEN`, …) keep their own word, lower-cased.
 */
export function restFulfillmentWord(displayStatus: string | null): string | null {
  switch (displayStatus?.toUpperCase() ?? null) {
    case null:
    case 'UNFULFILLED':
      return null;
    case 'FULFILLED':
      return 'fulfilled';
    case 'PARTIALLY_FULFILLED':
      return 'partial';
    case 'RESTOCKED':
      return 'restocked';
    default:
      return displayStatus!.toLowerCase();
  }
}
