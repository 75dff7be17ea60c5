import type { Lifecycle } from './plan-types';

/**
 * The first orders of every seed are fixed showcases, so even a 20-order store holds each case the
 * hub must handle. Later orders are random (weighted like a real shop).
 */
export interface Showcase {
  lifecycle: Lifecycle;
  lineCount: number;
  /** Country of the buyer (its currency is the order's / presentment currency). */
  country?: string;
  guest?: 'email-only' | 'named';
  coupon?: string;
  fee?: boolean;
  partialRefund?: boolean;
  taxesIncluded?: boolean;
  unicode?: boolean;
  properties?: boolean;
  splitFulfillment?: boolean;
}

export const SHOWCASE: readonly Showcase[] = [
  { lifecycle: 'processing', lineCount: 2, coupon: 'percent' },
  { lifecycle: 'pending', lineCount: 1, guest: 'email-only' },
  { lifecycle: 'completed', lineCount: 3, coupon: 'fixed', fee: true, unicode: true },
  { lifecycle: 'processing', lineCount: 2, country: 'JP' },
  { lifecycle: 'processing', lineCount: 2, country: 'KW' },
  { lifecycle: 'completed', lineCount: 3, country: 'DE', taxesIncluded: true, coupon: 'percent' },
  { lifecycle: 'completed', lineCount: 2, partialRefund: true },
  { lifecycle: 'processing', lineCount: 300 },
  { lifecycle: 'refunded', lineCount: 2 },
  { lifecycle: 'cancelled', lineCount: 1 },
  { lifecycle: 'on_hold', lineCount: 2 },
  { lifecycle: 'completed', lineCount: 65, splitFulfillment: true },
  { lifecycle: 'partially_fulfilled', lineCount: 4 },
  { lifecycle: 'failed', lineCount: 1 },
  { lifecycle: 'processing', lineCount: 2, guest: 'named' },
  { lifecycle: 'completed', lineCount: 4, properties: true, coupon: 'percent' },
];

export const LIFECYCLE_WEIGHTS: readonly (readonly [Lifecycle, number])[] = [
  ['pending', 7],
  ['processing', 25],
  ['partially_fulfilled', 3],
  ['completed', 45],
  ['on_hold', 3],
  ['cancelled', 6],
  ['refunded', 4],
  ['failed', 2],
];

/** Coupons every sandbox knows (WooCommerce lower-cases codes; Shopify shows them as entered). */
export const COUPONS = [
  { code: 'SAVE10', kind: 'percent', value: 10 },
  { code: 'SAVE15', kind: 'percent', value: 15 },
  { code: 'WELCOME20', kind: 'percent', value: 20 },
  { code: 'FIVEOFF', kind: 'fixed', value: 500 },
  { code: 'TENOFF', kind: 'fixed', value: 1000 },
] as const;
