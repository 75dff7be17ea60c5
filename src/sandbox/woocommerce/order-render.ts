import { formatMinor } from '../common/money';
import { formatGmtNoZone, formatLocalNoZone } from '../common/time';
import type { PostalAddress } from '../seed/people';
import type { OrderPlan } from '../seed/plan-types';
import { priceOrder, type Priced } from '../seed/pricing';
import { currencyInfo } from '../seed/geo';
import type { WooCatalog } from './catalog';
import type { WooOrderRecord, WooSlot } from './model';
import { taxLines, taxRateId } from './tax-render';
import type {
  WooAddress,
  WooCouponLine,
  WooFeeLine,
  WooLineItem,
  WooMeta,
  WooOrder,
  WooRefund,
  WooShippingLine,
  WooTaxLine,
} from './types';

export interface RenderEnv {
  home: string;
  timeZone: string;
  catalog: WooCatalog;
  version: string;
}

const PAID = new Set(['processing', 'completed', 'refunded']);

export function money(minor: number, priced: Priced): string {
  return formatMinor(minor, priced.digits);
}

function address(a: PostalAddress | null, email: string | null, withEmail: boolean): WooAddress {
  const base = {
    first_name: a?.firstName ?? '',
    last_name: a?.lastName ?? '',
    company: a?.company ?? '',
    address_1: a?.address1 ?? '',
    address_2: a?.address2 ?? '',
    city: a?.city ?? '',
    state: a?.regionCode ?? '',
    postcode: a?.postcode ?? '',
    country: a?.country.code ?? '',
  };
  return withEmail
    ? { ...base, email: email ?? '', phone: a?.phone ?? '' }
    : { ...base, phone: a?.phone ?? '' };
}

/** Amount without tax: WooCommerce stores line, shipping and fee totals excluding tax even when prices include it. */
export function ex(amount: number, tax: number, priced: Priced): number {
  return priced.taxesIncluded ? amount - tax : amount;
}

function lineItems(env: RenderEnv, slot: WooSlot, record: WooOrderRecord, priced: Priced): WooLineItem[] {
  const { plan } = record;
  return plan.lines.map((line, k) => {
    const p = priced.lines[k];
    const id = slot.itemBase + k;
    const ids = env.catalog.idsOf(line.variantIndex);
    const product = line.productIndex === null ? undefined : env.catalog.products[line.productIndex];
    const meta: WooMeta[] = [];
    if (ids.variationId && product) {
      product.product.optionNames.forEach((name, i) => {
        const value = line.variantTitle?.split(' / ')[i] ?? '';
        meta.push({
          id: id * 10 + meta.length,
          key: name.toLowerCase(),
          value,
          display_key: name,
          display_value: value,
        });
      });
    }
    for (const prop of line.properties)
      meta.push({
        id: id * 10 + meta.length,
        key: prop.name,
        value: prop.value,
        display_key: prop.name,
        display_value: prop.value,
      });
    if (record.stockReduced && ids.productId)
      meta.push({
        id: id * 10 + meta.length,
        key: '_reduced_stock',
        value: String(line.quantity),
        display_key: '_reduced_stock',
        display_value: String(line.quantity),
      });
    const subtotalEx = p ? ex(p.subtotal, p.subtotalTax, priced) : 0;
    const totalEx = p ? ex(p.total, p.tax, priced) : 0;
    const rateId = p && p.rateBp > 0 ? taxRateId(plan.country.code, line.taxClass === 'reduced') : 0;
    return {
      id,
      name: ids.variationId
        ? `${line.title} - ${(line.variantTitle ?? '').replace(/ \/ /g, ', ')}`
        : line.title,
      product_id: ids.productId,
      variation_id: ids.variationId,
      quantity: line.quantity,
      tax_class: line.taxClass === 'reduced' ? 'reduced-rate' : line.taxClass === 'none' ? 'zero-rate' : '',
      subtotal: money(subtotalEx, priced),
      subtotal_tax: money(p?.subtotalTax ?? 0, priced),
      total: money(totalEx, priced),
      total_tax: money(p?.tax ?? 0, priced),
      taxes: rateId
        ? [{ id: rateId, total: money(p?.tax ?? 0, priced), subtotal: money(p?.subtotalTax ?? 0, priced) }]
        : [],
      meta_data: meta,
      sku: line.sku,
      global_unique_id: '',
      price: totalEx / 10 ** priced.digits / line.quantity,
      image: { id: '', src: '' },
      parent_name: ids.variationId ? line.title : null,
    };
  });
}

function shippingLines(slot: WooSlot, plan: OrderPlan, priced: Priced): WooShippingLine[] {
  if (!plan.shippingMethod || !priced.shipping) return [];
  const s = priced.shipping;
  const rateId = s.rateBp > 0 ? taxRateId(plan.country.code, false) : 0;
  return [
    {
      id: slot.itemBase + slot.lineCount,
      method_title: plan.shippingMethod.title,
      method_id: plan.shippingMethod.methodId,
      instance_id:
        plan.shippingMethod.methodId === 'flat_rate'
          ? '1'
          : plan.shippingMethod.methodId === 'free_shipping'
            ? '2'
            : '3',
      total: money(ex(s.price, s.tax, priced), priced),
      total_tax: money(s.tax, priced),
      taxes: rateId ? [{ id: rateId, total: money(s.tax, priced), subtotal: '' }] : [],
      tax_status: 'taxable',
      meta_data: [],
    },
  ];
}

function feeLines(slot: WooSlot, plan: OrderPlan, priced: Priced): WooFeeLine[] {
  return plan.fees.map((fee, i) => {
    const f = priced.fees[i] ?? { amount: 0, tax: 0, rateBp: 0 };
    const rateId = f.rateBp > 0 ? taxRateId(plan.country.code, false) : 0;
    return {
      id: slot.itemBase + slot.lineCount + 1 + i,
      name: fee.name,
      tax_class: '',
      tax_status: fee.taxable ? 'taxable' : 'none',
      amount: '',
      total: money(ex(f.amount, f.tax, priced), priced),
      total_tax: money(f.tax, priced),
      taxes: rateId ? [{ id: rateId, total: money(f.tax, priced), subtotal: '' }] : [],
      meta_data: [],
    };
  });
}

/** `wc_format_decimal` without padding, as WooCommerce prints fixed-cart coupon amounts ("5", "0.5"). */
function trimmed(minor: number, digits: number): string {
  const text = formatMinor(minor, digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function couponLines(slot: WooSlot, plan: OrderPlan, priced: Priced): WooCouponLine[] {
  if (!plan.coupon) return [];
  const c = plan.coupon;
  const code = c.code.toLowerCase();
  const discountEx = priced.discount - (priced.taxesIncluded ? priced.discountTax : 0);
  const fixed = c.kind === 'fixed';
  const nominal = fixed
    ? Number(
        formatMinor(
          Math.min(
            priced.subtotal,
            Math.round((c.value / 100) * currencyInfo(priced.currency).perUsd * 10 ** priced.digits),
          ),
          priced.digits,
        ),
      )
    : c.value;
  const id = slot.itemBase + slot.lineCount + 3;
  const info = `[${id % 1000},"${code}",${fixed ? 'null' : '"percent"'},${nominal}]`;
  return [
    {
      id,
      code,
      discount: fixed ? trimmed(discountEx, priced.digits) : money(discountEx, priced),
      discount_tax: fixed ? trimmed(priced.discountTax, priced.digits) : money(priced.discountTax, priced),
      meta_data: [
        { id: id * 10, key: 'coupon_info', value: info, display_key: 'coupon_info', display_value: info },
      ],
      discount_type: fixed ? 'fixed_cart' : 'percent',
      nominal_amount: nominal,
      free_shipping: false,
    },
  ];
}

function links(env: RenderEnv, id: number, customerId: number) {
  const base = `${env.home}/wp-json/wc/v3/orders`;
  return {
    self: [{ href: `${base}/${id}`, targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] } }],
    collection: [{ href: base }],
    email_templates: [{ embeddable: true, href: `${base}/${id}/actions/email_templates` }],
    ...(customerId ? { customer: [{ href: `${env.home}/wp-json/wc/v3/customers/${customerId}` }] } : {}),
  };
}

export function orderKey(plan: OrderPlan): string {
  return `wc_order_${plan.token.slice(0, 13)}`;
}

export function customerId(plan: OrderPlan): number {
  return plan.customer?.poolIndex === null || plan.customer?.poolIndex === undefined
    ? 0
    : plan.customer.poolIndex + 2;
}

/** The order as `GET /wp-json/wc/v3/orders/{id}` answers. */
export function renderOrder(env: RenderEnv, slot: WooSlot, record: WooOrderRecord): WooOrder {
  const { plan } = record;
  const priced = priceOrder(plan, plan.currency);
  const tz = env.timeZone;
  const local = (ms: number | null) => (ms === null ? null : formatLocalNoZone(ms, tz));
  const gmt = (ms: number | null) => (ms === null ? null : formatGmtNoZone(ms));
  const shipEx = priced.shipping ? ex(priced.shipping.price, priced.shipping.tax, priced) : 0;
  const cid = customerId(plan);
  const status = slot.status;
  return {
    id: slot.id,
    parent_id: 0,
    status,
    currency: plan.currency,
    version: env.version,
    prices_include_tax: plan.taxesIncluded,
    date_created: formatLocalNoZone(slot.createdAt, tz),
    date_modified: formatLocalNoZone(slot.modifiedAt, tz),
    discount_total: money(priced.discount - (priced.taxesIncluded ? priced.discountTax : 0), priced),
    discount_tax: money(priced.discountTax, priced),
    shipping_total: money(shipEx, priced),
    shipping_tax: money(priced.shipping?.tax ?? 0, priced),
    cart_tax: money(priced.tax - (priced.shipping?.tax ?? 0), priced),
    total: money(priced.total, priced),
    total_tax: money(priced.tax, priced),
    customer_id: cid,
    order_key: orderKey(plan),
    billing: address(plan.billing, plan.customer?.email ?? null, true),
    shipping: address(plan.shipping, null, false),
    payment_method: plan.payment.method,
    payment_method_title: plan.payment.title,
    transaction_id: plan.paidAt === null ? '' : plan.payment.transactionId,
    customer_ip_address: plan.source === 'web' ? plan.browserIp : '',
    customer_user_agent: plan.source === 'web' ? plan.userAgent : '',
    created_via: record.createdVia,
    customer_note: record.customerNote,
    date_completed: local(plan.completedAt),
    date_paid: local(plan.paidAt),
    cart_hash: plan.source === 'web' ? plan.token : '',
    number: String(slot.id),
    meta_data: record.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: lineItems(env, slot, record, priced),
    tax_lines: taxLines(slot.itemBase + slot.lineCount + 4, plan.country, priced),
    shipping_lines: shippingLines(slot, plan, priced),
    fee_lines: feeLines(slot, plan, priced),
    coupon_lines: couponLines(slot, plan, priced),
    refunds: plan.refunds
      .map((r, i) => ({
        id: slot.refundIds[r.seq] ?? 0,
        reason: r.reason,
        total: money(-(priced.refunds[i]?.amount ?? 0), priced),
        total_tax: money(-(priced.refunds[i]?.tax ?? 0), priced),
      }))
      .reverse(),
    payment_url: `${env.home}/checkout/order-pay/${slot.id}/?pay_for_order=true&key=${orderKey(plan)}`,
    is_editable: ['pending', 'on-hold', 'auto-draft', 'checkout-draft'].includes(status),
    needs_payment: ['pending', 'failed'].includes(status) && priced.total > 0,
    needs_processing: plan.lines.some((l) => l.requiresShipping),
    date_created_gmt: formatGmtNoZone(slot.createdAt),
    date_modified_gmt: formatGmtNoZone(slot.modifiedAt),
    date_completed_gmt: gmt(plan.completedAt),
    date_paid_gmt: gmt(plan.paidAt),
    currency_symbol: currencyInfo(plan.currency).symbol,
    _links: links(env, slot.id, cid),
  };
}

/** Whether an order in this status counts as paid (stock reduced, date_paid set). */
export function isPaidStatus(status: string): boolean {
  return PAID.has(status);
}

function refundTaxLines(
  refundId: number,
  plan: OrderPlan,
  priced: Priced,
  pr: Priced['refunds'][number],
): WooTaxLine[] {
  const byRate = new Map<number, { items: number; shipping: number }>();
  const add = (rateBp: number, items: number, shipping: number) => {
    if (rateBp === 0 || (items === 0 && shipping === 0)) return;
    const r = byRate.get(rateBp) ?? { items: 0, shipping: 0 };
    r.items += items;
    r.shipping += shipping;
    byRate.set(rateBp, r);
  };
  for (const l of pr.lines) add(priced.lines[l.lineIndex]?.rateBp ?? 0, l.tax, 0);
  add(plan.country.standardBp, pr.feesTax, pr.shippingTax);
  return [...byRate.entries()].map(([rateBp, r], i) => {
    const reduced = rateBp !== plan.country.standardBp;
    const label = reduced ? `${plan.country.taxLabel} (reduced)` : plan.country.taxLabel;
    return {
      id: 10_000_000 + refundId * 1000 + 900 + i,
      rate_code: `${plan.country.code}-${label.toUpperCase()}-1`,
      rate_id: taxRateId(plan.country.code, reduced),
      label,
      compound: false,
      tax_total: money(r.items === 0 ? 0 : -r.items, priced),
      shipping_tax_total: money(r.shipping === 0 ? 0 : -r.shipping, priced),
      rate_percent: rateBp / 100,
      meta_data: [],
    };
  });
}

/** One refund as `GET /orders/{id}/refunds/{refund_id}` answers. */
export function renderRefund(
  env: RenderEnv,
  slot: WooSlot,
  record: WooOrderRecord,
  index: number,
): WooRefund {
  const { plan } = record;
  const priced = priceOrder(plan, plan.currency);
  const refund = plan.refunds[index];
  const pr = priced.refunds[index];
  if (!refund || !pr) throw new RangeError(`order ${slot.id} has no refund #${index}`);
  const id = slot.refundIds[refund.seq] ?? 0;
  const items = lineItems(env, slot, record, priced);
  const base = `${env.home}/wp-json/wc/v3/orders/${slot.id}/refunds`;
  const neg = (minor: number) => money(minor === 0 ? 0 : -minor, priced);
  return {
    id,
    date_created: formatLocalNoZone(refund.at, env.timeZone),
    date_created_gmt: formatGmtNoZone(refund.at),
    amount: money(pr.amount, priced),
    reason: refund.reason,
    refunded_by: 1,
    refunded_payment: refund.refundedPayment,
    meta_data: [{ id: id * 10, key: '_refund_type', value: pr.amount >= priced.total ? 'full' : 'partial' }],
    line_items: pr.lines.map((rl, k) => {
      const item = items[rl.lineIndex];
      const exAmount = ex(rl.subtotal, rl.tax, priced);
      return {
        ...(item as WooLineItem),
        id: 10_000_000 + id * 1000 + k,
        quantity: -rl.quantity,
        subtotal: neg(exAmount),
        subtotal_tax: neg(rl.tax),
        total: neg(exAmount),
        total_tax: neg(rl.tax),
        taxes: (item?.taxes ?? []).map((t) => ({ id: t.id, total: neg(rl.tax), subtotal: neg(rl.tax) })),
        meta_data: [
          {
            id: id * 10 + k + 1,
            key: '_refunded_item_id',
            value: String(item?.id ?? 0),
            display_key: '_refunded_item_id',
            display_value: String(item?.id ?? 0),
          },
        ],
        price: rl.quantity ? exAmount / 10 ** priced.digits / rl.quantity : 0,
      };
    }),
    shipping_lines: pr.shipping
      ? shippingLines(slot, plan, priced).map((s) => ({
          ...s,
          id: 10_000_000 + id * 1000 + 800,
          total: neg(ex(pr.shipping, pr.shippingTax, priced)),
          total_tax: neg(pr.shippingTax),
          taxes: s.taxes.map((t) => ({ ...t, total: neg(pr.shippingTax) })),
        }))
      : [],
    tax_lines: refundTaxLines(id, plan, priced, pr),
    fee_lines: pr.fees
      ? feeLines(slot, plan, priced).map((f, i) => {
          const fee = priced.fees[i] ?? { amount: 0, tax: 0 };
          return {
            ...f,
            id: 10_000_000 + id * 1000 + 850 + i,
            total: neg(ex(fee.amount, fee.tax, priced)),
            total_tax: neg(fee.tax),
            taxes: f.taxes.map((t) => ({ ...t, total: neg(fee.tax) })),
          };
        })
      : [],
    _links: {
      self: [{ href: `${base}/${id}`, targetHints: { allow: ['GET', 'DELETE'] } }],
      collection: [{ href: base }],
      up: [{ href: `${env.home}/wp-json/wc/v3/orders/${slot.id}` }],
    },
  };
}
