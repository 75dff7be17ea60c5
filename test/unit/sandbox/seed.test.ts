import { ShopifyStore, WooStore, type RestOrder, type WooOrder } from '../../../src/sandbox';
import { minor } from './helpers';

const UNTIL = Date.parse('2026-11-01T00:00:00Z');
const digitsOf = (c: string) => (c === 'JPY' ? 0 : c === 'KWD' ? 3 : 2);

function woo(orders: number, seed = 5): WooStore {
  return new WooStore({
    seed,
    orders,
    currency: 'USD',
    pricesIncludeTax: false,
    timeZone: 'America/New_York',
    seedUntil: UNTIL,
  });
}

function shopify(orders: number, seed = 5): ShopifyStore {
  return new ShopifyStore({
    seed,
    orders,
    currency: 'USD',
    presentmentCurrency: null,
    taxesIncluded: false,
    timeZone: 'America/New_York',
    seedUntil: UNTIL,
    shopDomain: 'seed.myshopify.com',
    plan: 'standard',
  });
}

describe('seed generator', () => {
  test('seeds 50,000 orders per store quickly (timings reported, not asserted)', () => {
    const w = woo(50_000);
    const s = shopify(50_000);
    process.stdout.write(
      `seeding 50,000 orders: WooCommerce ${w.seedMs.toFixed(0)} ms, Shopify ${s.seedMs.toFixed(0)} ms\n`,
    );
    expect(w.orderCount).toBe(50_000);
    expect(s.orderCount).toBe(50_000);
    const slots = w.table.all();
    const mid = slots[25_000]!;
    expect(w.getOrder(mid.id)?.id).toBe(mid.id);
    expect(s.getOrder(s.table.all()[49_999]!.id)?.line_items.length).toBeGreaterThan(0);
  });

  test('is deterministic for a seed', () => {
    const a = woo(100, 11);
    const b = woo(100, 11);
    const id = a.table.all()[42]!.id;
    expect(JSON.stringify(a.getOrder(id))).toBe(JSON.stringify(b.getOrder(id)));
    expect(JSON.stringify(woo(100, 12).getOrder(id))).not.toBe(JSON.stringify(a.getOrder(id)));
  });

  test('WooCommerce orders: every identity holds exactly, and the realistic cases are there', () => {
    const store = woo(1000);
    const orders: WooOrder[] = store.table.all().map((s) => store.orderJson(s));
    const broken: string[] = [];
    for (const o of orders) {
      const m = (x: string) => minor(x, digitsOf(o.currency));
      const lines = o.line_items.reduce((a, l) => a + m(l.total), 0);
      const fees = o.fee_lines.reduce((a, f) => a + m(f.total), 0);
      const refunded = o.refunds.reduce((a, r) => a - m(r.total), 0);
      if (lines + fees + m(o.shipping_total) + m(o.total_tax) !== m(o.total)) broken.push(`${o.id} total`);
      if (o.tax_lines.reduce((a, t) => a + m(t.tax_total) + m(t.shipping_tax_total), 0) !== m(o.total_tax))
        broken.push(`${o.id} tax lines`);
      if (refunded > m(o.total) || (o.status === 'refunded' && refunded !== m(o.total)))
        broken.push(`${o.id} refunds`);
      const times = [o.date_created_gmt, o.date_paid_gmt, o.date_completed_gmt].filter(
        (t): t is string => t !== null,
      );
      if (times.some((t) => t > o.date_modified_gmt)) broken.push(`${o.id} dates after date_modified`);
    }
    expect(broken).toEqual([]);
    const currencies = new Set(orders.map((o) => o.currency));
    for (const c of ['USD', 'EUR', 'JPY', 'KWD']) expect(currencies).toContain(c);
    expect(orders.find((o) => o.currency === 'KWD')?.total).toMatch(/^\d+\.\d{3}$/);
    expect(orders.some((o) => o.prices_include_tax)).toBe(true);
    expect(orders.some((o) => o.customer_id === 0)).toBe(true);
    expect(orders.some((o) => o.fee_lines.length > 0)).toBe(true);
    expect(orders.some((o) => o.coupon_lines.length > 0)).toBe(true);
    expect(orders.some((o) => o.refunds.length > 0 && o.status !== 'refunded')).toBe(true);
    expect(orders.some((o) => o.line_items.length >= 60)).toBe(true);
    expect(orders.some((o) => o.line_items.some((l) => l.variation_id > 0))).toBe(true);
    for (const s of [
      'pending',
      'processing',
      'completed',
      'cancelled',
      'refunded',
      'on-hold',
      'failed',
      'trash',
    ])
      expect(orders.map((o) => o.status)).toContain(s);
  });

  test('Shopify orders: totals add up in shop and presentment money, with multi-currency and refunds', () => {
    const store = shopify(800);
    const orders: RestOrder[] = store.table.all().map((s) => store.restOrder(s));
    type Bag = {
      shop_money: { amount: string; currency_code: string };
      presentment_money: { amount: string; currency_code: string };
    };
    type Line = { price_set: Bag; quantity: number; discount_allocations: { amount_set: Bag }[] };
    const broken: string[] = [];
    for (const o of orders) {
      const bag = (k: string) => o[k] as Bag;
      for (const side of ['shop_money', 'presentment_money'] as const) {
        const m = (b: Bag) => minor(b[side].amount, digitsOf(b[side].currency_code));
        const lines = o.line_items as unknown as Line[];
        if (
          lines.reduce((a, l) => a + m(l.price_set) * l.quantity, 0) !== m(bag('total_line_items_price_set'))
        )
          broken.push(`${o.id} ${side} line items`);
        if (
          lines.reduce((a, l) => a + l.discount_allocations.reduce((x, d) => x + m(d.amount_set), 0), 0) !==
          m(bag('total_discounts_set'))
        )
          broken.push(`${o.id} ${side} discounts`);
        const expected =
          m(bag('subtotal_price_set')) +
          m(bag('total_shipping_price_set')) +
          (o.taxes_included ? 0 : m(bag('total_tax_set')));
        if (expected !== m(bag('total_price_set'))) broken.push(`${o.id} ${side} total`);
      }
      const updated = Date.parse(o.updated_at);
      const fulfilled = (o.fulfillments as unknown as { created_at: string }[]).map((f) => f.created_at);
      const refunded = (o.refunds as unknown as { created_at: string }[]).map((r) => r.created_at);
      const events = [o.closed_at, ...fulfilled, ...refunded];
      if (events.some((t) => typeof t === 'string' && Date.parse(t) > updated))
        broken.push(`${o.id} event after updated_at`);
    }
    expect(broken).toEqual([]);
    expect(new Set(orders.map((o) => o.presentment_currency)).size).toBeGreaterThanOrEqual(4);
    expect(orders.some((o) => o.taxes_included === true)).toBe(true);
    expect(orders.some((o) => o.financial_status === 'partially_refunded')).toBe(true);
    expect(orders.some((o) => o.financial_status === 'refunded')).toBe(true);
    expect(orders.some((o) => o.cancelled_at !== null)).toBe(true);
    expect(orders.some((o) => o.customer === null)).toBe(true);
    expect(orders.some((o) => o.line_items.length === 300)).toBe(true);
    expect(orders.some((o) => o.fulfillment_status === 'partial')).toBe(true);
  });
});
