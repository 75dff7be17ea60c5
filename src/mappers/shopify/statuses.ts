import type { FinancialStatus, FulfillmentStatus, OrderStatus } from '../../core/canonical/types';

/** canonical-order.md § Statuses, Shopify column. Inputs are REST words (see ShopifyOrderFacts). */

const FINANCIAL: readonly FinancialStatus[] = [
  'pending',
  'authorized',
  'partially_paid',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
];
const PAID_OR_AUTHORIZED = new Set(['authorized', 'partially_paid', 'paid', 'partially_refunded']);

export function financialStatus(word: string | null): FinancialStatus {
  if (word === 'expired') return 'voided';
  return (FINANCIAL as readonly string[]).includes(word ?? '') ? (word as FinancialStatus) : 'pending';
}

export function fulfillmentStatus(word: string | null): FulfillmentStatus {
  switch (word) {
    case 'fulfilled':
      return 'fulfilled';
    case 'partial':
      return 'partially_fulfilled';
    case 'restocked':
      return 'restocked';
    default:
      return 'unfulfilled';
  }
}

/** The first row of the lifecycle table that applies; a financial status the table does not name is on hold. */
export function orderStatus(facts: {
  cancelledAt: string | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
}): OrderStatus {
  const financial = facts.financialStatus;
  if (facts.cancelledAt !== null) return 'cancelled';
  if (financial === 'refunded') return 'refunded';
  if (financial === 'voided' || financial === 'expired') return 'failed';
  if (facts.fulfillmentStatus === 'fulfilled') return 'fulfilled';
  if (facts.fulfillmentStatus === 'partial') return 'partially_fulfilled';
  if (facts.fulfillmentStatus === 'on_hold') return 'on_hold';
  if (financial !== null && PAID_OR_AUTHORIZED.has(financial)) return 'processing';
  if (financial === null || financial === 'pending') return 'pending';
  return 'on_hold';
}

/** Shopify's own words, `financial/fulfillment` (`paid/partial`); null when it says neither. */
export function channelStatus(financial: string | null, fulfillment: string | null): string | null {
  const words = [financial, fulfillment].filter((word): word is string => word !== null);
  return words.length > 0 ? words.join('/') : null;
}
