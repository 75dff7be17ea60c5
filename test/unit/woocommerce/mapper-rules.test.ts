import { parseJsonExact, type JsonObject } from '../../../src/core/json';
import { mapWooCommerceOrder } from '../../../src/mappers/woocommerce';
import { UNDATED } from '../../../src/mappers/woocommerce/order-mapper';
import { checkOrderIdentities, expectValidCanonicalOrder } from '../../helpers/canonical';
import { fixture, fixtureOrder } from './helpers';

const paid = () => fixtureOrder('orders/paid-percent-coupon-two-tax-rates.json');
const guest = () => fixtureOrder('orders/guest-email-only-float-price.json');

function withChanges(order: JsonObject, changes: JsonObject): JsonObject {
  return { ...order, ...changes };
}

describe('WooCommerce statuses', () => {
  it.each([
    ['pending', 'pending', 'pending', 'unfulfilled'],
    ['processing', 'processing', 'paid', 'unfulfilled'],
    ['on-hold', 'on_hold', 'paid', 'unfulfilled'],
    ['completed', 'fulfilled', 'paid', 'fulfilled'],
    ['cancelled', 'cancelled', 'paid', 'unfulfilled'],
    ['refunded', 'refunded', 'refunded', 'unfulfilled'],
    ['failed', 'failed', 'failed', 'unfulfilled'],
    ['checkout-draft', 'pending', 'paid', 'unfulfilled'],
    ['draft', 'pending', 'paid', 'unfulfilled'],
    ['auto-draft', 'pending', 'paid', 'unfulfilled'],
    ['pre-ordered', 'on_hold', 'paid', 'unfulfilled'],
    ['wc-custom-shipped-to-partner', 'on_hold', 'paid', 'unfulfilled'],
  ])('%s → %s / %s / %s', (raw, status, financial, fulfillment) => {
    const source =
      raw === 'pending'
        ? withChanges(paid(), { status: raw, date_paid_gmt: null, date_paid: null })
        : withChanges(paid(), { status: raw });
    const order = mapWooCommerceOrder(source);
    expect([order.status, order.financialStatus, order.fulfillmentStatus, order.channelStatus]).toEqual([
      status,
      financial,
      fulfillment,
      raw,
    ]);
  });

  it('pays nothing without date_paid (cash on delivery still processing)', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/fee-line-fixed-coupon-unicode.json'));
    expect([order.status, order.financialStatus]).toEqual(['processing', 'pending']);
  });

  it('refunds reaching the total make the order refunded even before the status follows', () => {
    const order = mapWooCommerceOrder(
      withChanges(guest(), { refunds: [{ id: 9, reason: '', total: '-23.07' }] }),
    );
    expect(order.financialStatus).toBe('refunded');
    expect(order.status).toBe('pending');
  });

  it('a trashed order keeps the status it had before the bin, and gains deletedAt', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/trashed.json'));
    expect(order).toMatchObject({
      status: 'pending',
      channelStatus: 'trash',
      deletedAt: '2026-03-03T11:00:05Z',
      updatedAt: '2026-03-03T11:00:05Z',
    });
  });

  it('a trashed order without _wp_trash_meta_status is a status the tables do not name', () => {
    const order = mapWooCommerceOrder(withChanges(fixtureOrder('orders/trashed.json'), { meta_data: [] }));
    expect(order).toMatchObject({
      status: 'on_hold',
      financialStatus: 'pending',
      deletedAt: '2026-03-03T11:00:05Z',
    });
  });

  it('WooCommerce records no cancellation time or reason', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/cancelled.json'));
    expect(order).toMatchObject({
      status: 'cancelled',
      cancelledAt: null,
      cancelReason: null,
      deletedAt: null,
    });
  });
});

describe('WooCommerce amounts', () => {
  it('reads a line price sent as a float exactly, rounded to the minor digits, when there is no subtotal', () => {
    const text = JSON.stringify(guest()).replace('"subtotal":"20.97",', '');
    const source = parseJsonExact(text.replace('"price":"6.989999999999999"', '"price":6.989999999999999'));
    const order = mapWooCommerceOrder(source);
    expect(order.lineItems[0]).toMatchObject({
      quantity: 3,
      unitPrice: '6.99',
      discount: '0.00',
      total: '20.97',
    });
    expect(order.totals.subtotal).toBe('20.97');
    const parsedAsDouble = JSON.parse(
      text.replace('"price":"6.989999999999999"', '"price":6.989999999999999'),
    ) as JsonObject;
    expect(mapWooCommerceOrder(parsedAsDouble).lineItems[0]?.unitPrice).toBe('6.99');
  });

  it('keeps the float digit for digit when parsed with parseJsonExact (as text, or a number of that shortest text)', () => {
    const line = (guest().line_items as JsonObject[])[0]!;
    expect(String(line.price)).toBe('6.989999999999999');
  });

  it('gives JPY amounts without decimals', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/jpy-zero-decimal.json'));
    expect(order.currency).toBe('JPY');
    expect(order.totals).toEqual({
      subtotal: '8900',
      discount: '0',
      shipping: '1000',
      tax: '865',
      fees: '0',
      total: '10765',
      refunded: '0',
    });
    expect(order.lineItems.map((line) => line.unitPrice)).toEqual(['3200', '2500']);
    expect(order.taxLines).toEqual([
      { title: 'Sales Tax', rate: '0.1', amount: '740' },
      { title: 'Reduced Tax', rate: '0.05', amount: '125' },
    ]);
  });

  it('counts fee lines as fees and their tax in the rate’s tax line', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/fee-line-fixed-coupon-unicode.json'));
    expect(order.totals).toEqual({
      subtotal: '34.50',
      discount: '5.00',
      shipping: '8.00',
      tax: '4.05',
      fees: '3.00',
      total: '44.55',
      refunded: '0.00',
    });
    expect(order.taxLines).toEqual([{ title: 'Sales Tax', rate: '0.1', amount: '4.05' }]);
    expect(order.discounts).toEqual([{ code: 'takefive', type: 'fixed_amount', amount: '5.00' }]);
  });

  it('maps coupon types, and coupons without discount_type as other', () => {
    const rub = mapWooCommerceOrder(fixtureOrder('deliveries/captured-order-updated-rub-full-coupon.json'));
    expect(rub.discounts).toEqual([{ code: 'welcome100', type: 'other', amount: '1450.00' }]);
    const old = mapWooCommerceOrder(fixtureOrder('orders/wc7-admin-pending-with-refund.json'));
    expect(old.discounts).toEqual([{ code: 'tenoff', type: 'other', amount: '10.00' }]);
    const freeShipping = withChanges(guest(), {
      coupon_lines: [
        {
          id: 1,
          code: 'shipfree',
          discount: '0.00',
          discount_tax: '0.00',
          discount_type: 'fixed_cart_shipping',
          free_shipping: true,
        },
      ],
    });
    expect(mapWooCommerceOrder(freeShipping).discounts).toEqual([
      { code: 'shipfree', type: 'shipping', amount: '0.00' },
    ]);
  });

  it('gives a null rate for tax lines without rate_percent (WooCommerce before 3.7)', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/docs-era-guest-variation.json'));
    expect(order.taxLines).toEqual([{ title: 'State Tax', rate: null, amount: '7.05' }]);
  });

  it('rounds fractional plugin quantities up and derives the unit price from them', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/alternative-json-types.json'));
    expect(
      order.lineItems.map((l) => [
        l.externalId,
        l.sku,
        l.productExternalId,
        l.quantity,
        l.unitPrice,
        l.total,
      ]),
    ).toEqual([
      ['171', '501', '501', 2, '24.00', '28.00'],
      ['172', '5555-A', '506', 2, '5.00', '10.00'],
    ]);
    expect(checkOrderIdentities(order)).toEqual([]);
  });
});

describe('WooCommerce parties, items and other fields', () => {
  it('variation ids become variant ids; 0 is none', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/variations-seven-lines.json'));
    expect(order.lineItems.map((line) => [line.productExternalId, line.variantExternalId])).toEqual([
      ['510', '511'],
      ['510', '512'],
      ['510', '513'],
      ['501', null],
      ['501', null],
      ['505', null],
      ['504', null],
    ]);
  });

  it('a line of an unknown product keeps its empty name and has no sku or product', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/unknown-product-empty-line.json'));
    expect(order.lineItems).toEqual([
      {
        externalId: '101',
        sku: null,
        name: '',
        productExternalId: null,
        variantExternalId: null,
        quantity: 1,
        unitPrice: '0.00',
        discount: '0.00',
        tax: '0.00',
        total: '0.00',
      },
    ]);
  });

  it('a registered customer has an id; nobody at all is null', () => {
    expect(mapWooCommerceOrder(paid()).customer).toEqual({
      externalId: '7',
      email: 'margaret@example.org',
      phone: '+1 617 555 0142',
      firstName: 'Margaret',
      lastName: 'Hamilton',
    });
    const nobody = mapWooCommerceOrder(fixtureOrder('orders/checkout-draft.json'));
    expect(nobody.customer).toBeNull();
    expect(nobody.billingAddress).toBeNull();
  });

  it('upper-cases country codes and drops ones that are not ISO alpha-2', () => {
    const order = mapWooCommerceOrder(
      withChanges(guest(), {
        shipping: {
          first_name: 'Ann',
          last_name: '',
          company: '',
          address_1: '',
          address_2: '',
          city: '',
          state: '',
          postcode: '',
          country: 'de',
        },
      }),
    );
    expect(order.shippingAddress).toMatchObject({ firstName: 'Ann', lastName: null, countryCode: 'DE' });
    const odd = mapWooCommerceOrder(
      withChanges(guest(), { shipping: { first_name: 'Ann', country: 'Germany' } }),
    );
    expect(odd.shippingAddress?.countryCode).toBeNull();
  });

  it('takes the gateway title, or the gateway id when the title is empty', () => {
    expect(mapWooCommerceOrder(paid()).paymentGateways).toEqual(['Direct bank transfer']);
    expect(mapWooCommerceOrder(fixtureOrder('orders/payments-charge-meta.json')).paymentGateways).toEqual([
      'woocommerce_payments',
    ]);
  });

  it('sourceName is created_via; note is the customer note; tags and fulfillments are empty', () => {
    const order = mapWooCommerceOrder(paid());
    expect([order.sourceName, order.note, order.tags, order.fulfillments]).toEqual([
      'checkout',
      'Please ring the bell twice.',
      [],
      [],
    ]);
    expect(mapWooCommerceOrder(fixtureOrder('orders/subscription-renewal.json')).sourceName).toBe(
      'subscription',
    );
  });

  it('an unsaved draft without any date gets the epoch, older than any real version', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/draft-without-dates-gbp.json'));
    expectValidCanonicalOrder(order);
    expect([
      order.createdAt,
      order.updatedAt,
      order.currency,
      order.lineItems.length,
      order.shippingLines.length,
    ]).toEqual([UNDATED, UNDATED, 'GBP', 0, 3]);
    expect(order.shippingLines[0]).toEqual({
      title: 'Shipping',
      code: null,
      price: '0.00',
      discount: '0.00',
      tax: '0.00',
    });
  });

  it('refuses what is not an order, saying what it is', () => {
    expect(() => mapWooCommerceOrder({ id: 28 })).toThrow(
      'not a WooCommerce order: only an id (a deletion notice)',
    );
    const refunds = fixture('refunds/order-1005-refunds.json') as JsonObject[];
    expect(() => mapWooCommerceOrder(refunds[1]!)).toThrow('not a WooCommerce order: a refund');
    expect(() => mapWooCommerceOrder(withChanges(guest(), { currency: 'dollars' }))).toThrow(
      'has no ISO 4217 currency',
    );
  });
});
