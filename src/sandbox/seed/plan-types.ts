import type { TaxClass } from './catalog';
import type { CountryInfo } from './geo';
import type { PostalAddress } from './people';

/** Where an order is in its life, independent of platform wording. */
export type Lifecycle =
  | 'pending'
  | 'processing'
  | 'partially_fulfilled'
  | 'completed'
  | 'on_hold'
  | 'cancelled'
  | 'refunded'
  | 'failed';

export interface PlanCustomer {
  /** Index in the store's customer pool; null for a guest. */
  poolIndex: number | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

/** An amount fixed in one currency (set through an API), used instead of converting a USD price. */
export interface FixedAmount {
  currency: string;
  minor: number;
}

export interface PlanLine {
  /** Catalog refs; null for a custom line (no product). */
  productIndex: number | null;
  variantIndex: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** Catalog price in USD cents, converted into the order's currencies when priced. */
  priceUsd: number;
  fixedUnit?: FixedAmount;
  taxClass: TaxClass;
  requiresShipping: boolean;
  /** Line properties / WooCommerce line meta (engraving, gift message…). */
  properties: { name: string; value: string }[];
  /** Location slot that fulfils it (Shopify fulfillment orders are grouped by it). */
  location: number;
}

export interface PlanCoupon {
  code: string;
  kind: 'percent' | 'fixed';
  /** Percent for 'percent'; USD cents for 'fixed'. */
  value: number;
}

export interface PlanShipping {
  title: string;
  code: string;
  /** WooCommerce method id (flat_rate, free_shipping…). */
  methodId: string;
  priceUsd: number;
  fixed?: FixedAmount;
}

export interface PlanFee {
  name: string;
  amountUsd: number;
  fixed?: FixedAmount;
  taxable: boolean;
}

export interface PlanRefundLine {
  lineIndex: number;
  quantity: number;
  /** Explicit amounts in the order currency's minor units (WooCommerce REST refunds); else pro rata. */
  subtotal?: number;
  tax?: number;
}

export interface PlanRefund {
  at: number;
  lines: PlanRefundLine[];
  shipping: boolean;
  fees: boolean;
  reason: string;
  restock: boolean;
  /** Explicit refund amount in the order currency's minor units (WooCommerce); else the sum of its parts. */
  amount?: number;
  /** Sequence number inside the order (ids derive from it). */
  seq: number;
  refundedPayment: boolean;
}

export interface PlanFulfillment {
  at: number;
  updatedAt: number;
  lines: { lineIndex: number; quantity: number }[];
  location: number;
  company: string | null;
  number: string | null;
  url: string | null;
  seq: number;
}

export interface PlanPayment {
  /** WooCommerce payment_method / Shopify gateway. */
  method: string;
  title: string;
  transactionId: string;
}

export interface OrderPlan {
  index: number;
  createdAt: number;
  modifiedAt: number;
  lifecycle: Lifecycle;
  /** Order currency (WooCommerce) or presentment currency (Shopify). */
  currency: string;
  taxesIncluded: boolean;
  country: CountryInfo;
  customer: PlanCustomer | null;
  billing: PostalAddress | null;
  shipping: PostalAddress | null;
  lines: PlanLine[];
  coupon: PlanCoupon | null;
  shippingMethod: PlanShipping | null;
  fees: PlanFee[];
  payment: PlanPayment;
  paidAt: number | null;
  completedAt: number | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  refunds: PlanRefund[];
  fulfillments: PlanFulfillment[];
  note: string | null;
  tags: string[];
  /** Shopify source_name / WooCommerce created_via. */
  source: 'web' | 'pos' | 'api';
  browserIp: string;
  userAgent: string;
  token: string;
  test: boolean;
}

/** What the seed needs to know about every order up front (cheap: no lines, no money). */
export interface PlanHeader {
  index: number;
  createdAt: number;
  modifiedAt: number;
  lifecycle: Lifecycle;
  lineCount: number;
  refundCount: number;
  /** WooCommerce only: seeded in the trash. */
  trashed: boolean;
}
