/**
 * The canonical order: TypeScript form of canonical-order.schema.json (the contract in shared/spec).
 * Amounts are exact decimal strings with the currency's minor digits; ids are plain strings.
 */
export type Amount = string;
export type Timestamp = string;

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'on_hold',
  'partially_fulfilled',
  'fulfilled',
  'cancelled',
  'refunded',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type FinancialStatus =
  | 'pending'
  | 'authorized'
  | 'partially_paid'
  | 'paid'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'failed';

export type FulfillmentStatus = 'unfulfilled' | 'partially_fulfilled' | 'fulfilled' | 'restocked';

export interface Totals {
  subtotal: Amount;
  discount: Amount;
  shipping: Amount;
  tax: Amount;
  fees: Amount;
  total: Amount;
  refunded: Amount;
}

export interface Customer {
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface Address {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  regionCode: string | null;
  postalCode: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface LineItem {
  externalId: string;
  sku: string | null;
  name: string;
  variantTitle?: string | null;
  productExternalId: string | null;
  variantExternalId: string | null;
  quantity: number;
  unitPrice: Amount;
  discount: Amount;
  tax: Amount;
  total: Amount;
  requiresShipping?: boolean;
}

export interface ShippingLine {
  title: string;
  code: string | null;
  price: Amount;
  discount: Amount;
  tax: Amount;
}

export interface TaxLine {
  title: string;
  rate: string | null;
  amount: Amount;
}

export type DiscountType = 'fixed_amount' | 'percentage' | 'shipping' | 'other';

export interface Discount {
  code: string | null;
  type: DiscountType;
  amount: Amount;
}

export interface RefundLineItem {
  lineItemExternalId: string;
  quantity: number;
  amount: Amount;
}

export interface Refund {
  externalId: string;
  createdAt: Timestamp | null;
  amount: Amount;
  reason: string | null;
  lineItems: RefundLineItem[];
}

export type FulfillmentRecordStatus = 'pending' | 'open' | 'success' | 'cancelled' | 'error' | 'failure';

export interface Fulfillment {
  externalId: string;
  status: FulfillmentRecordStatus;
  createdAt: Timestamp | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  lineItems: { lineItemExternalId: string; quantity: number }[];
}

export interface Presentment {
  currency: string;
  totals: Totals;
}

export interface CanonicalOrder {
  id?: string;
  integrationId?: string;
  channel: string;
  externalId: string;
  orderNumber: string;
  status: OrderStatus;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  channelStatus?: string | null;
  currency: string;
  presentment: Presentment | null;
  taxesIncluded: boolean;
  totals: Totals;
  customer: Customer | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  taxLines: TaxLine[];
  discounts: Discount[];
  refunds: Refund[];
  fulfillments: Fulfillment[];
  paymentGateways: string[];
  note: string | null;
  tags: string[];
  sourceName: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  cancelledAt: Timestamp | null;
  cancelReason: string | null;
  deletedAt: Timestamp | null;
}
