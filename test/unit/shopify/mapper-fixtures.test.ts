import type { IdentityBreak } from '../../../src/core/canonical/identities';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/core/json';
import {
  mapShopifyOrder,
  mapShopifyRestOrder,
  ShopifyOrderPayloadError,
  shopifyOrderShape,
} from '../../../src/mappers/shopify';
import { checkOrderIdentities, expectValidCanonicalOrder } from '../../helpers/canonical';
import {
  allRestOrderPayloads,
  docsExample,
  fixtureFiles,
  fixtureObject,
  restCaseOrder,
} from './helpers/fixtures';

/**
 * Identities the fixtures' own figures break, and why; every other order must keep them all.
 * The mapper keeps the platform's total in both cases (canonical-order.md § Totals).
 */
const EXPECTED_BREAKS: Record<string, IdentityBreak[]> = {
  // Shopify's 2008 demo order lists three lines at 199.00 but its totals are for two (398.00).
  'legacy order.json': [
    { identity: 'subtotal − discount + shipping + fees + tax = total', expected: '608.94', actual: '409.94' },
  ],
  // The legacy list fixture carries no line_items at all, so the subtotal from lines is zero.
  'legacy orders.json#0': [
    { identity: 'subtotal − discount + shipping + fees + tax = total', expected: '1.94', actual: '598.94' },
  ],
};

describe('Shopify mapper over every REST-shaped order fixture', () => {
  const payloads = allRestOrderPayloads();

  it('covers the docs examples, real captures, REST cases and legacy orders', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(20);
  });

  it.each(payloads)('%s maps to a valid canonical order whose identities hold', (name, payload) => {
    const order = mapShopifyOrder(payload);
    expectValidCanonicalOrder(order);
    expect(order.channel).toBe('shopify');
    expect(checkOrderIdentities(order)).toEqual(EXPECTED_BREAKS[name] ?? []);
  });
});

describe('Shopify mapper, values checked by hand', () => {
  it('real orders/create presented in USD: totals in AUD, presentment in USD, GST as one tax line', () => {
    const order = mapShopifyOrder(
      fixtureObject('webhooks/real-captured/orders-create_2020-12_shopAUD_presentmentUSD.json'),
    );
    expect(order.currency).toBe('AUD');
    // 45.62 (1 pen) + 10.15 shipping + 4.56 GST = 60.33 AUD; 34.67 + 7.71 + 3.47 = 45.85 USD.
    expect(order.totals).toEqual({
      subtotal: '45.62',
      discount: '0.00',
      shipping: '10.15',
      tax: '4.56',
      fees: '0.00',
      total: '60.33',
      refunded: '0.00',
    });
    expect(order.presentment).toEqual({
      currency: 'USD',
      totals: {
        subtotal: '34.67',
        discount: '0.00',
        shipping: '7.71',
        tax: '3.47',
        fees: '0.00',
        total: '45.85',
        refunded: '0.00',
      },
    });
    expect(order.taxLines).toEqual([{ title: 'GST', rate: '0.1', amount: '4.56' }]);
    expect(order.lineItems).toEqual([
      {
        externalId: '6456910643349',
        sku: null, // "" in the payload
        name: 'Classic Fountain Pen - Fine / Bordeaux',
        variantTitle: 'Fine / Bordeaux',
        productExternalId: '6122640146581',
        variantExternalId: '37319198802069',
        quantity: 1,
        unitPrice: '45.62',
        discount: '0.00',
        tax: '4.56',
        total: '45.62',
        requiresShipping: true,
      },
    ]);
    expect(order.customer).toEqual({
      externalId: '4206822293653',
      email: 'ryanpwaldon@gmail.com',
      phone: null,
      firstName: 'Ryan',
      lastName: 'Waldon',
    });
    expect(order.billingAddress).toMatchObject({
      region: 'Australian Capital Territory',
      regionCode: 'ACT',
      countryCode: 'AU',
      line2: null,
    });
    expect(order.createdAt).toBe('2020-12-26T21:18:47Z'); // 08:18:47+11:00
    expect(order.status).toBe('processing');
    expect(order.channelStatus).toBe('paid');
  });

  it('the same store single-currency order has no presentment block', () => {
    const order = mapShopifyOrder(
      fixtureObject('webhooks/real-captured/orders-create_2020-12_shopAUD_presentmentAUD.json'),
    );
    expect(order.currency).toBe('AUD');
    expect(order.presentment).toBeNull();
  });

  it('REST order #1001: a fixed code across three lines, a refund, a failed fulfilment', () => {
    const order = mapShopifyRestOrder(restCaseOrder('test_1'));
    expect(order.totals).toEqual({
      subtotal: '597.00', // 3 × 199.00
      discount: '10.00', // TENOFF, allocated 3.34 + 3.33 + 3.33
      shipping: '0.00',
      tax: '11.94', // 3 × 3.98 State Tax
      fees: '0.00',
      total: '598.94',
      refunded: '209.00', // the one successful refund transaction
    });
    expect(order.lineItems.map((l) => [l.externalId, l.discount, l.total])).toEqual([
      ['466157049', '3.34', '195.66'],
      ['518995019', '3.33', '195.67'],
      ['703073504', '3.33', '195.67'],
    ]);
    expect(order.discounts).toEqual([{ code: 'TENOFF', type: 'fixed_amount', amount: '10.00' }]);
    expect(order.taxLines).toEqual([{ title: 'State Tax', rate: '0.06', amount: '11.94' }]);
    expect(order.refunds).toEqual([
      {
        externalId: '509562969',
        createdAt: '2025-04-02T16:29:59Z',
        amount: '209.00',
        reason: 'it broke during shipping',
        lineItems: [
          { lineItemExternalId: '703073504', quantity: 1, amount: '195.66' },
          { lineItemExternalId: '466157049', quantity: 1, amount: '195.67' },
        ],
      },
    ]);
    expect(order.fulfillments[0]).toMatchObject({
      externalId: '255858046',
      status: 'failure',
      trackingCompany: 'USPS',
      trackingNumbers: ['1Z1234512345123456'],
      lineItems: [{ lineItemExternalId: '466157049', quantity: 1 }],
    });
    expect(order.financialStatus).toBe('partially_refunded');
    expect(order.status).toBe('processing');
  });

  it('docs orders/create: ids beyond 2^53 come from the GIDs, exact; cancelled wins over every other status', () => {
    const order = mapShopifyOrder(docsExample('orders_create'));
    // The scraped numeric id is rounded (820982911946154500); the GID keeps the real one.
    expect(order.externalId).toBe('820982911946154508');
    expect(order.lineItems[0]!.externalId).toBe('487817672276298554');
    expect(order.customer?.externalId).toBe('115310627314723954');
    expect(order.status).toBe('cancelled');
    expect(order.financialStatus).toBe('voided');
    expect(order.cancelReason).toBe('customer');
    expect(order.cancelledAt).toBe('2022-01-01T00:00:00Z');
    expect(order.tags).toEqual(['tag1', 'tag2']);
    // total_discounts 20.00 with no shipping allocation; shipping 10.00 undiscounted.
    expect(order.totals).toMatchObject({
      subtotal: '414.95',
      discount: '20.00',
      shipping: '10.00',
      total: '404.95',
    });
    expect(order.paymentGateways).toEqual(['visa', 'bogus']);
  });

  it('an API order with e-mail and billing address but no customer is a guest', () => {
    const order = mapShopifyOrder(restCaseOrder('test_31'));
    expect(order.customer).toEqual({
      externalId: null,
      email: 'bob.norman@mail.example.com',
      phone: '+1(502)-459-2181',
      firstName: 'Bob',
      lastName: 'Norman',
    });
  });

  it('an API order naming nobody has no customer', () => {
    const order = mapShopifyOrder(restCaseOrder('test_16'));
    expect(order.currency).toBe('EUR');
    expect(order.customer).toBeNull();
    expect(order.billingAddress).toBeNull();
  });

  it('a numeric id beyond 2^53 given as exact text (parseJsonExact) stays exact', () => {
    const payload = { ...restCaseOrder('test_6'), id: '9007199254740993123', admin_graphql_api_id: null };
    expect(mapShopifyOrder(payload).externalId).toBe('9007199254740993123');
  });

  it('a free-shipping code: Shopify counts it in total_discounts; canonically it lowers shipping, not merchandise', () => {
    const rest = restCaseOrder('test_6');
    const usd = (amount: string) => ({
      shop_money: { amount, currency_code: 'USD' },
      presentment_money: { amount, currency_code: 'USD' },
    });
    const payload = {
      ...rest,
      discount_applications: [
        {
          target_type: 'shipping_line',
          type: 'discount_code',
          value: '100.0',
          value_type: 'percentage',
          code: 'FREESHIP',
        },
      ],
      shipping_lines: [
        {
          title: 'Standard',
          code: 'STD',
          price: '10.00',
          price_set: usd('10.00'),
          discounted_price: '0.00',
          discount_allocations: [
            { amount: '10.00', amount_set: usd('10.00'), discount_application_index: 0 },
          ],
          tax_lines: [],
        },
      ],
      total_discounts: '10.00',
      total_discounts_set: usd('10.00'),
    };
    const order = mapShopifyOrder(payload);
    expect(order.totals).toMatchObject({
      subtotal: '199.00',
      discount: '0.00',
      shipping: '0.00',
      total: '199.00',
    });
    expect(order.shippingLines).toEqual([
      { title: 'Standard', code: 'STD', price: '10.00', discount: '10.00', tax: '0.00' },
    ]);
    expect(order.discounts).toEqual([{ code: 'FREESHIP', type: 'shipping', amount: '10.00' }]);
    expect(checkOrderIdentities(order)).toEqual([]);
  });

  it('a refund whose money went back in the presentment currency counts in shop money from its lines', () => {
    const rest = restCaseOrder('test_1');
    const refund = (rest.refunds as JsonObject[])[0]!;
    const transactions = (refund.transactions as JsonObject[]).map((t) => ({ ...t, currency: 'CAD' }));
    const payload = { ...rest, presentment_currency: 'CAD', refunds: [{ ...refund, transactions }] };
    const order = mapShopifyOrder(payload);
    // Σ refund lines (195.66 + 195.67) + their tax (3.98 + 3.98) in shop money.
    expect(order.refunds[0]!.amount).toBe('399.29');
  });
});

/** Anonymized real payloads: values are placeholders (`"example string"`, `123`); fill them plausibly to test shape. */
function realize(value: JsonValue, key = ''): JsonValue {
  if (Array.isArray(value)) return value.map((v) => realize(v, key));
  if (isJsonObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, realize(v, k)]));
  if (value !== 'example string') return value;
  if (/currency/.test(key)) return 'USD';
  if (key === 'country_code') return 'US';
  if (/(amount|price|total|subtotal|discount|tip|tax)/.test(key) && key !== 'total_weight') return '1.00';
  if (key === 'financial_status') return 'paid';
  if (key === 'fulfillment_status' || key === 'status') return 'fulfilled';
  if (key === 'kind') return 'refund';
  return value;
}

describe('Shopify mapper over anonymized real webhook bodies', () => {
  const orders = fixtureFiles('webhooks/anonymized-real').filter(
    (f) => /_orders_\d/.test(f) && !/draft/.test(f),
  );
  const fullOrders = orders.filter((f) => shopifyOrderShape(fixtureObject(f)) !== null);

  it('recognises the order bodies and leaves out the orders/edited and risk-assessment excerpts', () => {
    expect(fullOrders).toHaveLength(7);
    expect(orders.filter((f) => !fullOrders.includes(f))).toEqual([
      'webhooks/anonymized-real/2025-04_orders_2.json',
      'webhooks/anonymized-real/2025-04_orders_3.json',
    ]);
    for (const excerpt of orders.filter((f) => !fullOrders.includes(f))) {
      expect(() => mapShopifyOrder(fixtureObject(excerpt))).toThrow(
        /neither a REST nor a GraphQL Shopify order/,
      );
    }
  });

  it.each(fullOrders)('%s as sent (placeholders) is refused with a readable reason, not a crash', (file) => {
    expect(() => mapShopifyOrder(fixtureObject(file))).toThrow(ShopifyOrderPayloadError);
  });

  it.each(fullOrders)('%s with placeholder values filled maps to a valid canonical order', (file) => {
    const order = mapShopifyOrder(realize(fixtureObject(file)));
    expectValidCanonicalOrder(order);
    expect(order.externalId).toBe('123'); // the GID placeholder is not a GID: the numeric id is used
  });

  it('draft orders are refused as such', () => {
    for (const file of fixtureFiles('webhooks/anonymized-real').filter((f) => /draft/.test(f))) {
      expect(() => mapShopifyOrder(realize(fixtureObject(file)))).toThrow(/draft order/);
    }
    expect(() => mapShopifyOrder(docsExample('draft_orders_create'))).toThrow(/draft order/);
  });
});
