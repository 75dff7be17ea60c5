import type { Address, DiscountType, FulfillmentRecordStatus } from '../../core/canonical/types';

/**
 * One Shopify order as both payload shapes (REST/webhook and GraphQL/bulk) describe it, read into
 * the same facts. The canonical order is built from these facts alone, so the two shapes of one
 * order cannot map differently. Amounts are exact decimal text, not yet rounded.
 */

/** An amount in the shop's currency and, when the payload gives it, in the customer's. */
export interface Amounts {
  shop: string;
  /** Null when the payload does not say (pre-2019 REST payloads without `*_set`). */
  presentment: string | null;
}

export interface TaxFact {
  title: string;
  /** Decimal fraction as text (`"0.06"`), null when not given. */
  rate: string | null;
  amount: Amounts;
}

export interface DiscountApplicationFact {
  index: number;
  code: string | null;
  type: DiscountType;
}

export interface AllocationFact {
  amount: Amounts;
  /** The index of the discount application it comes from, when the payload says. */
  applicationIndex: number | null;
}

export interface LineFact {
  id: string;
  sku: string | null;
  name: string;
  variantTitle: string | null;
  productId: string | null;
  variantId: string | null;
  quantity: number;
  unitPrice: Amounts;
  allocations: AllocationFact[];
  taxes: TaxFact[];
  requiresShipping: boolean | null;
}

export interface ShippingFact {
  title: string;
  code: string | null;
  price: Amounts;
  allocations: AllocationFact[];
  taxes: TaxFact[];
}

export interface RefundFact {
  id: string;
  createdAt: string | null;
  note: string | null;
  /** Money actually returned; a side is null when the payload does not give it in that currency. */
  amount: { shop: string | null; presentment: string | null };
  lines: { lineItemId: string; quantity: number; amount: Amounts }[];
}

export interface FulfillmentFact {
  id: string;
  status: FulfillmentRecordStatus;
  createdAt: string | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  lines: { lineItemId: string; quantity: number }[];
}

export interface CustomerFact {
  id: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface ShopifyOrderFacts {
  id: string;
  name: string;
  shopCurrency: string;
  presentmentCurrency: string;
  taxesIncluded: boolean;
  /** REST `financial_status` words, lower case (`paid`, `expired`, …); null when absent. */
  financialStatus: string | null;
  /**
   * REST `fulfillment_status` words (`fulfilled`, `partial`, `restocked`; null = unfulfilled), or
   * the lower-cased GraphQL-only states (`on_hold`, `in_progress`, `open`, `scheduled`, …).
   */
  fulfillmentStatus: string | null;
  totalPrice: Amounts;
  /** All discounts, merchandise and shipping (Shopify `total_discounts`). */
  totalDiscounts: Amounts;
  totalTax: Amounts;
  tips: Amounts;
  duties: Amounts;
  additionalFees: Amounts;
  lines: LineFact[];
  shippingLines: ShippingFact[];
  orderTaxes: TaxFact[];
  discountApplications: DiscountApplicationFact[];
  /** Pre-2018 payloads without discount applications: `discount_codes`, shop currency. */
  legacyDiscountCodes: { code: string | null; type: DiscountType; amount: string }[];
  refunds: RefundFact[];
  fulfillments: FulfillmentFact[];
  customer: CustomerFact | null;
  email: string | null;
  phone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  paymentGateways: string[];
  note: string | null;
  tags: string[];
  sourceName: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
}
