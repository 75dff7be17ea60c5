import { formatMinor } from '../common/money';
import { formatWithOffset } from '../common/time';
import { currencyInfo } from '../seed/geo';
import type { PostalAddress } from '../seed/people';
import { orderAmounts, type Pair } from './amounts';
import { fulfillmentId, lineItemId, refundId, type Derived } from './derive';
import { gid, IDS, PER_ORDER } from './ids';
import type { ShopifyStore } from './store';

/** REST (webhook) representation: snake_case, numeric ids, money strings plus `*_set` bags. */
export type RestOrder = Record<string, unknown> & {
  id: number;
  admin_graphql_api_id: string;
  updated_at: string;
  total_price: string;
  line_items: { id: number }[];
  fulfillments: { id: number }[];
  refunds: { id: number }[];
};

export class RestRenderer {
  constructor(
    private readonly store: ShopifyStore,
    private readonly d: Derived,
  ) {}

  private get tz(): string {
    return this.store.timeZone;
  }

  private at(ms: number | null): string | null {
    return ms === null ? null : formatWithOffset(ms, this.tz);
  }

  money(minor: number, currency: string): string {
    return formatMinor(minor, currencyInfo(currency).digits);
  }

  set(p: Pair) {
    return {
      shop_money: { amount: this.money(p.shop, this.d.shop.currency), currency_code: this.d.shop.currency },
      presentment_money: {
        amount: this.money(p.pres, this.d.pres.currency),
        currency_code: this.d.pres.currency,
      },
    };
  }

  private shopStr(p: Pair): string {
    return this.money(p.shop, this.d.shop.currency);
  }

  address(a: PostalAddress | null) {
    if (!a) return null;
    return {
      first_name: a.firstName,
      address1: a.address1,
      phone: a.phone,
      city: a.city,
      zip: a.postcode,
      province: a.regionName,
      country: a.country.name,
      last_name: a.lastName,
      address2: a.address2,
      company: a.company,
      latitude: null,
      longitude: null,
      name: `${a.firstName} ${a.lastName}`.trim(),
      country_code: a.country.code,
      province_code: a.regionCode,
    };
  }

  taxLines(taxes: { rateBp: number; shop: number; pres: number }[]) {
    const label = this.d.plan.country.taxLabel;
    return taxes
      .filter((t) => t.rateBp > 0)
      .map((t) => ({
        channel_liable: false,
        price: this.money(t.shop, this.d.shop.currency),
        price_set: this.set(t),
        rate: t.rateBp / 10000,
        title: label,
      }));
  }

  lineItem(k: number) {
    const { d, store } = this;
    const line = d.plan.lines[k];
    const s = d.shop.lines[k];
    const p = d.pres.lines[k];
    if (!line || !s || !p) throw new RangeError(`no line ${k}`);
    const variant = line.variantIndex === null ? undefined : store.catalog.variant(line.variantIndex);
    const product = line.productIndex === null ? undefined : store.catalog.product(line.productIndex);
    const id = lineItemId(d.slot, k);
    const current = line.quantity - (d.refundedQty[k] ?? 0);
    const fulfilled = d.fulfilled[k] ?? 0;
    return {
      id,
      admin_graphql_api_id: gid('LineItem', id),
      attributed_staffs: [],
      current_quantity: current,
      fulfillable_quantity: d.plan.cancelledAt === null ? Math.max(0, current - fulfilled) : 0,
      fulfillment_service: 'manual',
      fulfillment_status: fulfilled === 0 ? null : fulfilled >= current ? 'fulfilled' : 'partial',
      gift_card: product?.productType === 'Gift cards',
      grams: variant?.grams ?? 0,
      name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      price: this.money(s.unitPrice, d.shop.currency),
      price_set: this.set({ shop: s.unitPrice, pres: p.unitPrice }),
      product_exists: product !== undefined,
      product_id: line.productIndex === null ? null : store.catalog.productId(line.productIndex),
      properties: line.properties,
      quantity: line.quantity,
      requires_shipping: line.requiresShipping,
      sales_line_item_group_id: null,
      sku: line.sku ?? '',
      taxable: s.rateBp > 0,
      title: line.title,
      total_discount: this.money(s.discount, d.shop.currency),
      total_discount_set: this.set({ shop: s.discount, pres: p.discount }),
      variant_id: line.variantIndex === null ? null : store.catalog.variantId(line.variantIndex),
      variant_inventory_management: variant && store.catalog.tracked(variant) ? 'shopify' : null,
      variant_title: line.variantTitle,
      vendor: product?.vendor ?? null,
      tax_lines: this.taxLines([{ rateBp: s.rateBp, shop: s.tax, pres: p.tax }]),
      duties: [],
      discount_allocations:
        s.discount > 0
          ? [
              {
                amount: this.money(s.discount, d.shop.currency),
                amount_set: this.set({ shop: s.discount, pres: p.discount }),
                discount_application_index: 0,
              },
            ]
          : [],
    };
  }

  private shippingLines() {
    const { d } = this;
    const m = d.plan.shippingMethod;
    if (!m || !d.shop.shipping || !d.pres.shipping) return [];
    const price = { shop: d.shop.shipping.price, pres: d.pres.shipping.price };
    return [
      {
        id: IDS.shippingLine + d.slot.index * 4,
        carrier_identifier: null,
        code: m.code,
        current_discounted_price_set: this.set(price),
        discounted_price: this.shopStr(price),
        discounted_price_set: this.set(price),
        is_removed: false,
        phone: null,
        price: this.shopStr(price),
        price_set: this.set(price),
        requested_fulfillment_service_id: null,
        source: 'shopify',
        title: m.title,
        tax_lines: this.taxLines([
          { rateBp: d.shop.shipping.rateBp, shop: d.shop.shipping.tax, pres: d.pres.shipping.tax },
        ]),
        discount_allocations: [],
      },
    ];
  }

  private refunds() {
    const { d } = this;
    return d.plan.refunds.map((r, i) => {
      const id = refundId(d.slot, r.seq);
      const s = d.shop.refunds[i];
      const p = d.pres.refunds[i];
      const at = this.at(r.at);
      return {
        id,
        admin_graphql_api_id: gid('Refund', id),
        created_at: at,
        note: r.reason,
        order_id: d.slot.id,
        processed_at: at,
        restock: r.restock,
        total_additional_fees_set: this.set({ shop: 0, pres: 0 }),
        total_duties_set: this.set({ shop: 0, pres: 0 }),
        user_id: null,
        order_adjustments: [],
        transactions: [
          this.transaction(IDS.transaction + d.slot.index * 32 + 1 + r.seq, 'refund', p?.amount ?? 0, r.at),
        ],
        refund_line_items: (s?.lines ?? []).map((rl, k) => {
          const pl = p?.lines[k];
          return {
            id: IDS.refundLineItem + (d.slot.index * PER_ORDER + r.seq) * 1024 + k,
            line_item_id: lineItemId(d.slot, rl.lineIndex),
            location_id: r.restock ? (this.store.catalog.locations[0]?.id ?? null) : null,
            quantity: rl.quantity,
            restock_type: r.restock ? (d.fulfilled[rl.lineIndex] ? 'return' : 'cancel') : 'no_restock',
            subtotal: Number(this.money(rl.subtotal, d.shop.currency)),
            subtotal_set: this.set({ shop: rl.subtotal, pres: pl?.subtotal ?? 0 }),
            total_tax: Number(this.money(rl.tax, d.shop.currency)),
            total_tax_set: this.set({ shop: rl.tax, pres: pl?.tax ?? 0 }),
            line_item: this.lineItem(rl.lineIndex),
          };
        }),
        refund_shipping_lines:
          s && s.shipping > 0
            ? [
                {
                  id: id * 10,
                  shipping_line_id: IDS.shippingLine + d.slot.index * 4,
                  amount_set: this.set({ shop: s.shipping, pres: p?.shipping ?? 0 }),
                  subtotal_amount_set: this.set({ shop: s.shipping, pres: p?.shipping ?? 0 }),
                },
              ]
            : [],
        duties: [],
        additional_fees: [],
      };
    });
  }

  transaction(id: number, kind: 'sale' | 'refund', presAmount: number, at: number) {
    const { d } = this;
    const stamp = this.at(at);
    return {
      id,
      admin_graphql_api_id: gid('OrderTransaction', id),
      amount: this.money(presAmount, d.pres.currency),
      authorization: d.plan.payment.transactionId || null,
      created_at: stamp,
      currency: d.pres.currency,
      device_id: null,
      error_code: null,
      gateway: d.plan.payment.method,
      kind,
      location_id: null,
      message: null,
      order_id: d.slot.id,
      parent_id: kind === 'refund' ? IDS.transaction + d.slot.index * 32 : null,
      payment_id: `${this.name()}.${kind === 'sale' ? 1 : 2}`,
      processed_at: stamp,
      receipt: {},
      source_name: 'web',
      status: 'success',
      test: d.plan.test,
      user_id: null,
    };
  }

  name(): string {
    return `#${1001 + this.d.slot.index}`;
  }

  fulfillments() {
    const { d } = this;
    return d.plan.fulfillments.map((f) => {
      const id = fulfillmentId(d.slot, f.seq);
      return {
        id,
        admin_graphql_api_id: gid('Fulfillment', id),
        created_at: this.at(f.at),
        location_id: this.store.catalog.locations[f.location]?.id ?? null,
        name: `${this.name()}.${f.seq + 1}`,
        order_id: d.slot.id,
        origin_address: {},
        receipt: {},
        service: 'manual',
        shipment_status: null,
        status: 'success',
        tracking_company: f.company,
        tracking_number: f.number,
        tracking_numbers: f.number ? [f.number] : [],
        tracking_url: f.url,
        tracking_urls: f.url ? [f.url] : [],
        updated_at: this.at(f.updatedAt),
        line_items: f.lines.map((l) => ({ ...this.lineItem(l.lineIndex), quantity: l.quantity })),
      };
    });
  }

  customer() {
    const c = this.d.plan.customer;
    if (!c || c.poolIndex === null) return null;
    const pool = this.store.ctx.customers.get(c.poolIndex);
    const id = IDS.customer + c.poolIndex * 3;
    const a = pool.address;
    return {
      id,
      email: c.email,
      created_at: this.at(pool.createdAt),
      updated_at: this.at(this.d.slot.modifiedAt),
      first_name: c.firstName,
      last_name: c.lastName,
      state: 'enabled',
      note: null,
      verified_email: true,
      multipass_identifier: null,
      tax_exempt: false,
      phone: c.phone,
      currency: this.d.shop.currency,
      tax_exemptions: [],
      admin_graphql_api_id: gid('Customer', id),
      default_address: {
        id: IDS.address + c.poolIndex,
        customer_id: id,
        ...this.address(a),
        country_name: a.country.name,
        default: true,
      },
    };
  }

  order(): RestOrder {
    const { d } = this;
    const a = orderAmounts(d);
    const plan = d.plan;
    const s = (p: Pair) => this.shopStr(p);
    const coupon = plan.coupon;
    const taxes = d.shop.taxRates.map((r, i) => ({
      rateBp: r.rateBp,
      shop: r.items + r.shipping,
      pres: (d.pres.taxRates[i]?.items ?? 0) + (d.pres.taxRates[i]?.shipping ?? 0),
    }));
    return {
      id: d.slot.id,
      admin_graphql_api_id: gid('Order', d.slot.id),
      app_id: plan.source === 'api' ? 1354745 : 580111,
      browser_ip: plan.source === 'web' ? plan.browserIp : null,
      buyer_accepts_marketing: (plan.index & 1) === 0,
      cancel_reason: plan.cancelReason,
      cancelled_at: this.at(plan.cancelledAt),
      cart_token: plan.source === 'web' ? plan.token : null,
      checkout_id: plan.source === 'web' ? 16_026_251_657_365 + plan.index : null,
      checkout_token: plan.source === 'web' ? plan.token.split('').reverse().join('') : null,
      client_details:
        plan.source === 'web'
          ? {
              accept_language: 'en-US,en;q=0.9',
              browser_height: null,
              browser_ip: plan.browserIp,
              browser_width: null,
              session_hash: null,
              user_agent: plan.userAgent,
            }
          : null,
      closed_at: this.at(d.closedAt),
      confirmation_number: plan.token.slice(0, 9).toUpperCase(),
      confirmed: true,
      contact_email: plan.customer?.email ?? null,
      created_at: this.at(d.slot.createdAt),
      currency: d.shop.currency,
      current_shipping_price_set: this.set(a.currentShipping),
      current_subtotal_price: s(a.currentSubtotal),
      current_subtotal_price_set: this.set(a.currentSubtotal),
      current_total_additional_fees_set: null,
      current_total_discounts: s(a.currentDiscounts),
      current_total_discounts_set: this.set(a.currentDiscounts),
      current_total_duties_set: null,
      current_total_price: s(a.currentTotal),
      current_total_price_set: this.set(a.currentTotal),
      current_total_tax: s(a.currentTax),
      current_total_tax_set: this.set(a.currentTax),
      customer_locale:
        plan.country.code === 'DE'
          ? 'de'
          : plan.country.code === 'FR'
            ? 'fr'
            : plan.country.code === 'JP'
              ? 'ja'
              : 'en',
      device_id: null,
      discount_codes: coupon
        ? [
            {
              code: coupon.code,
              amount: s(a.discounts),
              type: coupon.kind === 'percent' ? 'percentage' : 'fixed_amount',
            },
          ]
        : [],
      duties_included: false,
      email: plan.customer?.email ?? '',
      estimated_taxes: false,
      financial_status: d.financial.toLowerCase(),
      fulfillment_status:
        d.fulfillment === 'FULFILLED'
          ? 'fulfilled'
          : d.fulfillment === 'PARTIALLY_FULFILLED'
            ? 'partial'
            : d.fulfillment === 'RESTOCKED'
              ? 'restocked'
              : null,
      landing_site: plan.source === 'web' ? '/' : null,
      landing_site_ref: null,
      location_id: null,
      merchant_business_entity_id: 'MTU0ODM4MDAwOQ',
      merchant_of_record_app_id: null,
      name: this.name(),
      note: plan.note,
      note_attributes: [],
      number: plan.index + 1,
      order_number: 1001 + plan.index,
      order_status_url: `https://${this.store.shopDomain}/${IDS.order}/orders/${plan.token}/authenticate?key=${plan.token.slice(0, 16)}`,
      original_total_additional_fees_set: null,
      original_total_duties_set: null,
      payment_gateway_names: plan.payment.method ? [plan.payment.method] : [],
      phone: plan.customer?.phone ?? null,
      po_number: null,
      presentment_currency: d.pres.currency,
      processed_at: this.at(d.slot.createdAt),
      reference: null,
      referring_site: null,
      source_identifier: null,
      source_name: plan.source === 'api' ? String(1354745) : plan.source,
      source_url: null,
      subtotal_price: s(a.subtotal),
      subtotal_price_set: this.set(a.subtotal),
      tags: plan.tags.join(', '),
      tax_exempt: false,
      tax_lines: this.taxLines(taxes),
      taxes_included: plan.taxesIncluded,
      test: plan.test,
      token: plan.token,
      total_cash_rounding_payment_adjustment_set: this.set(a.zero),
      total_cash_rounding_refund_adjustment_set: this.set(a.zero),
      total_discounts: s(a.discounts),
      total_discounts_set: this.set(a.discounts),
      total_line_items_price: s(a.lineItemsPrice),
      total_line_items_price_set: this.set(a.lineItemsPrice),
      total_outstanding: s(a.outstanding),
      total_price: s(a.total),
      total_price_set: this.set(a.total),
      total_shipping_price_set: this.set(a.shipping),
      total_tax: s(a.tax),
      total_tax_set: this.set(a.tax),
      total_tip_received: this.money(0, d.shop.currency),
      total_weight: plan.lines.reduce(
        (w, l) =>
          w +
          (l.variantIndex === null ? 0 : (this.store.catalog.variant(l.variantIndex)?.grams ?? 0)) *
            l.quantity,
        0,
      ),
      updated_at: this.at(d.slot.modifiedAt) ?? '',
      user_id: null,
      billing_address: this.address(plan.billing),
      customer: this.customer(),
      discount_applications: coupon
        ? [
            {
              target_type: 'line_item',
              type: 'discount_code',
              value:
                coupon.kind === 'percent'
                  ? `${coupon.value}.0`
                  : this.money(Math.min(d.pres.subtotal, d.pres.discount), d.pres.currency),
              value_type: coupon.kind === 'percent' ? 'percentage' : 'fixed_amount',
              allocation_method: 'across',
              target_selection: 'all',
              code: coupon.code,
            },
          ]
        : [],
      fulfillments: this.fulfillments(),
      line_items: plan.lines.map((_, k) => this.lineItem(k)),
      payment_terms: null,
      refunds: this.refunds(),
      shipping_address: this.address(plan.shipping),
      shipping_lines: this.shippingLines(),
      returns: [],
      line_item_groups: [],
    } as RestOrder;
  }
}
