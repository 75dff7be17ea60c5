import type { Address, CanonicalOrder } from '../../../src/core/canonical/types';
import { mapWooCommerceOrder } from '../../../src/mappers/woocommerce';
import { checkOrderIdentities, expectValidCanonicalOrder } from '../../helpers/canonical';
import { fixtureOrder } from './helpers';

/** Expected documents worked out by hand from the fixtures' figures (the arithmetic is in the comments). */

const NO_MONEY = '0.00';

describe('mapWooCommerceOrder, checked field by field', () => {
  it('a guest order with only an e-mail, and a line price sent as the float 6.989999999999999', () => {
    // 3 candles: subtotal 20.97 (= total, no coupon) so unitPrice 20.97 / 3 = 6.99; tax 2.10 at 10 %;
    // no shipping; total 20.97 + 2.10 = 23.07. The address objects hold only "" (and the e-mail).
    const expected: CanonicalOrder = {
      channel: 'woocommerce',
      externalId: '1002',
      orderNumber: '1002',
      status: 'pending',
      financialStatus: 'pending',
      fulfillmentStatus: 'unfulfilled',
      channelStatus: 'pending',
      currency: 'USD',
      presentment: null,
      taxesIncluded: false,
      totals: {
        subtotal: '20.97',
        discount: NO_MONEY,
        shipping: NO_MONEY,
        tax: '2.10',
        fees: NO_MONEY,
        total: '23.07',
        refunded: NO_MONEY,
      },
      customer: {
        externalId: null,
        email: 'visitor@example.net',
        phone: null,
        firstName: null,
        lastName: null,
      },
      billingAddress: null,
      shippingAddress: null,
      lineItems: [
        {
          externalId: '21',
          sku: 'JP-CANDLE',
          name: 'Beeswax Candle',
          productExternalId: '503',
          variantExternalId: null,
          quantity: 3,
          unitPrice: '6.99',
          discount: NO_MONEY,
          tax: '2.10',
          total: '20.97',
        },
      ],
      shippingLines: [],
      taxLines: [{ title: 'Sales Tax', rate: '0.1', amount: '2.10' }],
      discounts: [],
      refunds: [],
      fulfillments: [],
      paymentGateways: [],
      note: null,
      tags: [],
      sourceName: 'rest-api',
      createdAt: '2026-03-02T15:11:40Z',
      updatedAt: '2026-03-02T15:11:40Z',
      cancelledAt: null,
      cancelReason: null,
      deletedAt: null,
    };
    const order = mapWooCommerceOrder(fixtureOrder('orders/guest-email-only-float-price.json'));
    expect(order).toEqual(expected);
    expect(checkOrderIdentities(order)).toEqual([]);
  });

  it('a guest order whose prices include tax: amounts as displayed, tax inside them', () => {
    // Apron ×2: subtotal 43.64 + 4.36 tax = 48.00 → unitPrice 24.00; after the coupon 39.27 + 3.93 = 43.20,
    // so discount 4.80. Planter: 17.62 + 0.88 = 18.50; 15.86 + 0.79 = 16.65; discount 1.85.
    // Shipping 8.00 + 0.80 tax = 8.80. subtotal 66.50 − discount 6.65 + shipping 8.80 = 68.65 = total.
    // The coupon line says 6.13 + 0.53 = 6.66: WooCommerce's own rounding, a cent above the lines' 6.65.
    const grace: Omit<Address, 'regionCode' | 'phone'> = {
      firstName: 'Grace',
      lastName: 'Hopper',
      company: null,
      line1: '1 Harbor Rd',
      line2: null,
      city: 'Arlington',
      region: null,
      postalCode: '22201',
      countryCode: 'US',
    };
    const expected: CanonicalOrder = {
      channel: 'woocommerce',
      externalId: '1008',
      orderNumber: '1008',
      status: 'processing',
      financialStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      channelStatus: 'processing',
      currency: 'USD',
      presentment: null,
      taxesIncluded: true,
      totals: {
        subtotal: '66.50',
        discount: '6.65',
        shipping: '8.80',
        tax: '5.52',
        fees: NO_MONEY,
        total: '68.65',
        refunded: NO_MONEY,
      },
      customer: {
        externalId: null,
        email: 'grace@example.org',
        phone: '+1 703 555 0199',
        firstName: 'Grace',
        lastName: 'Hopper',
      },
      billingAddress: { ...grace, regionCode: 'va', phone: '+1 703 555 0199' },
      shippingAddress: { ...grace, regionCode: 'VA', phone: null },
      lineItems: [
        {
          externalId: '81',
          sku: 'JP-APRON',
          name: 'Linen Apron',
          productExternalId: '501',
          variantExternalId: null,
          quantity: 2,
          unitPrice: '24.00',
          discount: '4.80',
          tax: '3.93',
          total: '43.20',
        },
        {
          externalId: '82',
          sku: 'JP-PLANTER',
          name: 'Ceramic Planter',
          productExternalId: '502',
          variantExternalId: null,
          quantity: 1,
          unitPrice: '18.50',
          discount: '1.85',
          tax: '0.79',
          total: '16.65',
        },
      ],
      shippingLines: [
        { title: 'Flat rate', code: 'flat_rate', price: '8.80', discount: NO_MONEY, tax: '0.80' },
      ],
      taxLines: [
        { title: 'Sales Tax', rate: '0.1', amount: '4.73' },
        { title: 'Reduced Tax', rate: '0.05', amount: '0.79' },
      ],
      discounts: [{ code: 'spring10', type: 'percentage', amount: '6.66' }],
      refunds: [],
      fulfillments: [],
      paymentGateways: ['Direct bank transfer'],
      note: null,
      tags: [],
      sourceName: 'checkout',
      createdAt: '2026-03-03T12:30:00Z',
      updatedAt: '2026-03-03T12:30:01Z',
      cancelledAt: null,
      cancelReason: null,
      deletedAt: null,
    };
    const order = mapWooCommerceOrder(fixtureOrder('orders/prices-include-tax.json'));
    expect(order).toEqual(expected);
    expect(checkOrderIdentities(order)).toEqual([]);
  });

  it('a partially refunded order read with its full refunds', () => {
    // Aprons 48.00 + planter 18.50 = 66.50; shipping 8.00; tax 4.80 + 0.93 + 0.80 = 6.53; total 81.03.
    // Refunds: 26.40 (one apron, 24.00 + 2.40 tax) and 5.00 without lines: 31.40 < 81.03.
    const margaret = {
      firstName: 'Margaret',
      lastName: 'Hamilton',
      company: 'Apollo Guidance Co',
      line1: '77 Massachusetts Ave',
      line2: 'Room 33',
      city: 'Cambridge',
      region: null,
      regionCode: 'MA',
      postalCode: '02139',
      countryCode: 'US',
    };
    const expected: CanonicalOrder = {
      channel: 'woocommerce',
      externalId: '1005',
      orderNumber: '1005',
      status: 'processing',
      financialStatus: 'partially_refunded',
      fulfillmentStatus: 'unfulfilled',
      channelStatus: 'processing',
      currency: 'USD',
      presentment: null,
      taxesIncluded: false,
      totals: {
        subtotal: '66.50',
        discount: NO_MONEY,
        shipping: '8.00',
        tax: '6.53',
        fees: NO_MONEY,
        total: '81.03',
        refunded: '31.40',
      },
      customer: {
        externalId: '7',
        email: 'margaret@example.org',
        phone: '+1 617 555 0142',
        firstName: 'Margaret',
        lastName: 'Hamilton',
      },
      billingAddress: { ...margaret, phone: '+1 617 555 0142' },
      shippingAddress: { ...margaret, phone: null },
      lineItems: [
        {
          externalId: '51',
          sku: 'JP-APRON',
          name: 'Linen Apron',
          productExternalId: '501',
          variantExternalId: null,
          quantity: 2,
          unitPrice: '24.00',
          discount: NO_MONEY,
          tax: '4.80',
          total: '48.00',
        },
        {
          externalId: '52',
          sku: 'JP-PLANTER',
          name: 'Ceramic Planter',
          productExternalId: '502',
          variantExternalId: null,
          quantity: 1,
          unitPrice: '18.50',
          discount: NO_MONEY,
          tax: '0.93',
          total: '18.50',
        },
      ],
      shippingLines: [
        { title: 'Flat rate', code: 'flat_rate', price: '8.00', discount: NO_MONEY, tax: '0.80' },
      ],
      taxLines: [
        { title: 'Sales Tax', rate: '0.1', amount: '5.60' },
        { title: 'Reduced Tax', rate: '0.05', amount: '0.93' },
      ],
      discounts: [],
      refunds: [
        {
          externalId: '1052',
          createdAt: '2026-03-06T11:15:27Z',
          amount: '5.00',
          reason: null,
          lineItems: [],
        },
        {
          externalId: '1051',
          createdAt: '2026-03-05T20:02:11Z',
          amount: '26.40',
          reason: 'Stitching came loose',
          lineItems: [{ lineItemExternalId: '51', quantity: 1, amount: '24.00' }],
        },
      ],
      fulfillments: [],
      paymentGateways: ['Direct bank transfer'],
      note: null,
      tags: [],
      sourceName: 'checkout',
      createdAt: '2026-03-03T09:00:00Z',
      updatedAt: '2026-03-06T11:15:27Z',
      cancelledAt: null,
      cancelReason: null,
      deletedAt: null,
    };
    const order = mapWooCommerceOrder(fixtureOrder('orders/partially-refunded-full-refunds.json'));
    expect(order).toEqual(expected);
    expectValidCanonicalOrder(order);
    expect(checkOrderIdentities(order)).toEqual([]);
  });

  it('the same order from its short refund list: same amounts, no times or lines', () => {
    const order = mapWooCommerceOrder(fixtureOrder('orders/partially-refunded-short-refunds.json'));
    expect(order.refunds).toEqual([
      { externalId: '1051', createdAt: null, amount: '26.40', reason: 'Stitching came loose', lineItems: [] },
      { externalId: '1052', createdAt: null, amount: '5.00', reason: null, lineItems: [] },
    ]);
    expect(order.totals.refunded).toBe('31.40');
    expect(order.financialStatus).toBe('partially_refunded');
  });
});
