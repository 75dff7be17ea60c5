/** wc/v3 REST shapes as WooCommerce 11 returns them (see shared/fixtures/woocommerce/real-store-11.0.1). */
export type WooStatus =
  | 'pending'
  | 'processing'
  | 'on-hold'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'failed'
  | 'checkout-draft'
  | 'auto-draft'
  | 'trash';

export const ORDER_STATUSES: readonly WooStatus[] = [
  'auto-draft',
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
];

export interface WooLink {
  href: string;
  targetHints?: { allow: string[] };
  embeddable?: boolean;
}
export type WooLinks = Record<string, WooLink[]>;

export interface WooMeta {
  id: number;
  key: string;
  value: string;
  display_key?: string;
  display_value?: string;
}

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email?: string;
  phone: string;
}

export interface WooTaxRef {
  id: number;
  total: string;
  subtotal: string;
}

export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  tax_class: string;
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  taxes: WooTaxRef[];
  meta_data: WooMeta[];
  sku: string | null;
  global_unique_id: string;
  price: number;
  image: { id: string | number; src: string };
  parent_name: string | null;
}

export interface WooTaxLine {
  id: number;
  rate_code: string;
  rate_id: number;
  label: string;
  compound: boolean;
  tax_total: string;
  shipping_tax_total: string;
  rate_percent: number;
  meta_data: WooMeta[];
}

export interface WooShippingLine {
  id: number;
  method_title: string;
  method_id: string;
  instance_id: string;
  total: string;
  total_tax: string;
  taxes: WooTaxRef[];
  tax_status: string;
  meta_data: WooMeta[];
}

export interface WooFeeLine {
  id: number;
  name: string;
  tax_class: string;
  tax_status: string;
  amount: string;
  total: string;
  total_tax: string;
  taxes: WooTaxRef[];
  meta_data: WooMeta[];
}

export interface WooCouponLine {
  id: number;
  code: string;
  discount: string;
  discount_tax: string;
  meta_data: WooMeta[];
  discount_type: string;
  nominal_amount: number;
  free_shipping: boolean;
}

export interface WooOrder {
  id: number;
  parent_id: number;
  status: WooStatus;
  currency: string;
  version: string;
  prices_include_tax: boolean;
  date_created: string;
  date_modified: string;
  discount_total: string;
  discount_tax: string;
  shipping_total: string;
  shipping_tax: string;
  cart_tax: string;
  total: string;
  total_tax: string;
  customer_id: number;
  order_key: string;
  billing: WooAddress;
  shipping: WooAddress;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  customer_ip_address: string;
  customer_user_agent: string;
  created_via: string;
  customer_note: string;
  date_completed: string | null;
  date_paid: string | null;
  cart_hash: string;
  number: string;
  meta_data: WooMeta[];
  line_items: WooLineItem[];
  tax_lines: WooTaxLine[];
  shipping_lines: WooShippingLine[];
  fee_lines: WooFeeLine[];
  coupon_lines: WooCouponLine[];
  refunds: { id: number; reason: string; total: string; total_tax: string }[];
  payment_url: string;
  is_editable: boolean;
  needs_payment: boolean;
  needs_processing: boolean;
  date_created_gmt: string;
  date_modified_gmt: string;
  date_completed_gmt: string | null;
  date_paid_gmt: string | null;
  currency_symbol: string;
  _links: WooLinks;
}

export interface WooRefund {
  id: number;
  date_created: string;
  date_created_gmt: string;
  amount: string;
  reason: string;
  refunded_by: number;
  refunded_payment: boolean;
  meta_data: WooMeta[];
  line_items: WooLineItem[];
  shipping_lines: WooShippingLine[];
  tax_lines: WooTaxLine[];
  fee_lines: WooFeeLine[];
  _links: WooLinks;
}

export interface WooNote {
  id: number;
  author: string;
  date_created: string;
  date_created_gmt: string;
  note: string;
  customer_note: boolean;
  _links: WooLinks;
}

export type WebhookStatus = 'active' | 'paused' | 'disabled';

export interface WooWebhook {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  resource: string;
  event: string;
  hooks: string[];
  delivery_url: string;
  date_created: string;
  date_created_gmt: string;
  date_modified: string | null;
  date_modified_gmt: string | null;
  _links: WooLinks;
}

/** A REST error body: `{"code","message","data":{"status"}}`. */
export interface WooErrorBody {
  code: string;
  message: string;
  data: { status: number } & Record<string, unknown>;
}

export class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): WooErrorBody {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.extra } };
  }
}

/** `rest_invalid_param` as WordPress reports it (one bad parameter). */
export function invalidParam(param: string, code: string, message: string): WooError {
  return new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`, {
    params: { [param]: message },
    details: { [param]: { code, message, data: null } },
  });
}
