import type { JsonObject } from '../../../src/core/json';
import { mapShopifyGraphqlOrder } from '../../../src/mappers/shopify';
import { expectValidCanonicalOrder } from '../../helpers/canonical';
import { lineItem, money, orderNode, page } from './helpers/order-nodes';
import {
  answer,
  cost,
  setUpNock,
  ShopifyApiMock,
  shopifyContext,
  testIntegration,
} from './helpers/shopify-api';

const WINDOW = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:00.500Z') };

function refund(id: number, lines: JsonObject[], hasNextPage: boolean): JsonObject {
  return {
    id: `gid://shopify/Refund/${id}`,
    createdAt: '2025-01-01T13:00:00Z',
    note: null,
    totalRefundedSet: money(`${lines.length}.00`),
    refundLineItems: page(
      lines.map((line) => ({ lineItem: { id: String(line.id) }, quantity: 1, subtotalSet: money('1.00') })),
      hasNextPage ? `refund-${id}-cursor` : null,
      hasNextPage,
    ),
  };
}

describe('Shopify orders pull', () => {
  setUpNock();

  it('pages the window and reads every nested connection to its end: a 300-line order loses none', async () => {
    const api = new ShopifyApiMock();
    const big = orderNode(7001, 300, {
      shippingLines: page(
        [
          {
            title: 'Standard',
            code: 'STD',
            originalPriceSet: money('0.00'),
            discountAllocations: [],
            taxLines: [],
          },
        ],
        'ship-1',
        true,
      ),
      // The first list of refunds came back full (3): there may be more.
      refunds: [
        refund(1, [lineItem(7001, 1)], true),
        refund(2, [lineItem(7001, 3)], false),
        refund(3, [lineItem(7001, 4)], false),
      ],
      fulfillments: [
        {
          id: 'gid://shopify/Fulfillment/91',
          status: 'SUCCESS',
          createdAt: '2025-01-01T12:30:00Z',
          trackingInfo: [{ company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' }],
          fulfillmentLineItems: page(
            [{ lineItem: { id: 'gid://shopify/LineItem/7001001' }, quantity: 1 }],
            'ful-1',
            true,
          ),
        },
      ],
    });
    const small = orderNode(7002, 2);
    api
      .on('OrdersPage', (v) => v.after === null)
      .reply(200, answer({ orders: page([big, small], 'orders-cursor-2', true) }, cost(839, 120, 1880)));
    const lines = Array.from({ length: 300 }, (_, i) => lineItem(7001, i + 1));
    for (let start = 5; start < 300; start += 50) {
      const after = start === 5 ? 'line-5' : `line-${start}`;
      const end = Math.min(start + 50, 300);
      api
        .on('OrderLineItemsPage', (v) => v.id === 'gid://shopify/Order/7001' && v.after === after)
        .reply(
          200,
          answer(
            { order: { lineItems: page(lines.slice(start, end), `line-${end}`, end < 300) } },
            cost(753, 52, 1900),
          ),
        );
    }
    api
      .on('OrderShippingLinesPage', (v) => v.after === 'ship-1')
      .reply(
        200,
        answer({
          order: {
            shippingLines: page(
              [
                {
                  title: 'Express',
                  code: 'EXP',
                  originalPriceSet: money('0.00'),
                  discountAllocations: [],
                  taxLines: [],
                },
              ],
              null,
              false,
            ),
          },
        }),
      );
    api.on('OrderAllRefunds').reply(
      200,
      answer({
        order: {
          refunds: [1, 2, 3, 4].map((id) => ({
            id: `gid://shopify/Refund/${id}`,
            createdAt: '2025-01-01T13:00:00Z',
            note: null,
            totalRefundedSet: money('1.00'),
          })),
        },
      }),
    );
    api
      .on('RefundLineItemsPage', (v) => v.id === 'gid://shopify/Refund/1' && v.after === 'refund-1-cursor')
      .reply(
        200,
        answer({
          node: {
            refundLineItems: page(
              [
                {
                  lineItem: { id: 'gid://shopify/LineItem/7001002' },
                  quantity: 1,
                  subtotalSet: money('1.00'),
                },
              ],
              null,
              false,
            ),
          },
        }),
      );
    api
      .on('RefundLineItemsPage', (v) => v.id === 'gid://shopify/Refund/4' && v.after === null)
      .reply(
        200,
        answer({
          node: {
            refundLineItems: page(
              [
                {
                  lineItem: { id: 'gid://shopify/LineItem/7001005' },
                  quantity: 1,
                  subtotalSet: money('1.00'),
                },
              ],
              null,
              false,
            ),
          },
        }),
      );
    api
      .on('FulfillmentLineItemsPage', (v) => v.id === 'gid://shopify/Fulfillment/91' && v.after === 'ful-1')
      .reply(
        200,
        answer({
          node: {
            fulfillmentLineItems: page(
              [{ lineItem: { id: 'gid://shopify/LineItem/7001002' }, quantity: 1 }],
              null,
              false,
            ),
          },
        }),
      );

    const { integration } = testIntegration();
    const ctx = shopifyContext({ lane: 'backfill' });
    const result = await integration.listOrders(ctx, { window: WINDOW, cursor: null, pageSize: 50 });

    expect(api.variablesOf('OrdersPage')).toEqual([
      {
        first: 3,
        after: null,
        query: "updated_at:>='2025-01-01T00:00:00Z' AND updated_at:<'2025-01-02T00:00:00.500Z'",
      },
    ]);
    expect(result.nextCursor).toBe('orders-cursor-2');
    expect(result.totalInWindow).toBeNull();
    expect(result.orders.map((o) => [o.externalId, o.updatedAt, o.deleted])).toEqual([
      ['7001', '2025-01-01T14:00:00Z', false],
      ['7002', '2025-01-01T14:00:00Z', false],
    ]);

    const order = mapShopifyGraphqlOrder(result.orders[0]!.payload);
    expectValidCanonicalOrder(order);
    expect(order.lineItems).toHaveLength(300);
    expect(new Set(order.lineItems.map((l) => l.externalId)).size).toBe(300);
    expect(order.lineItems.at(-1)!.externalId).toBe('7001300');
    expect(order.totals.subtotal).toBe('300.00');
    expect(order.shippingLines.map((s) => s.code)).toEqual(['STD', 'EXP']);
    expect(order.refunds.map((r) => [r.externalId, r.lineItems.map((l) => l.lineItemExternalId)])).toEqual([
      ['1', ['7001001', '7001002']],
      ['2', ['7001003']],
      ['3', ['7001004']],
      ['4', ['7001005']],
    ]);
    expect(order.totals.refunded).toBe('4.00');
    expect(order.fulfillments[0]!.lineItems).toEqual([
      { lineItemExternalId: '7001001', quantity: 1 },
      { lineItemExternalId: '7001002', quantity: 1 },
    ]);
    expect(mapShopifyGraphqlOrder(result.orders[1]!.payload).lineItems).toHaveLength(2);
    // Every request reserved its cost in the backfill lane; follow-ups learnt their cost.
    expect(ctx.rateGate.acquired.every((a) => a.lane === 'backfill')).toBe(true);
    expect(ctx.rateGate.acquired.filter((a) => a.cost === 753).length).toBeGreaterThan(0);
  });

  it('continues from the opaque cursor and ends the window when Shopify has no next page', async () => {
    const api = new ShopifyApiMock();
    api
      .on('OrdersPage', (v) => v.after === 'orders-cursor-2')
      .reply(200, answer({ orders: page([orderNode(7003, 1)], 'orders-cursor-3', false) }));
    const { integration } = testIntegration();
    const result = await integration.listOrders(shopifyContext(), {
      window: WINDOW,
      cursor: 'orders-cursor-2',
    });
    expect(result.nextCursor).toBeNull();
    expect(result.orders.map((o) => o.externalId)).toEqual(['7003']);
  });

  it('counts the orders of the window', async () => {
    const api = new ShopifyApiMock();
    api
      .on('OrdersCount')
      .reply(200, answer({ ordersCount: { count: 1234, precision: 'EXACT' } }, cost(1, 1, 1999)));
    const { integration } = testIntegration();
    await expect(integration.countOrders(shopifyContext(), WINDOW)).resolves.toBe(1234);
    expect(api.variablesOf('OrdersCount')).toEqual([
      { query: "updated_at:>='2025-01-01T00:00:00Z' AND updated_at:<'2025-01-02T00:00:00.500Z'" },
    ]);
  });

  it('fetches one order by id; an order Shopify no longer has is null', async () => {
    const api = new ShopifyApiMock();
    api
      .on('OrderById', (v) => v.id === 'gid://shopify/Order/7004')
      .reply(200, answer({ order: orderNode(7004, 3) }));
    api
      .on('OrderById', (v) => v.id === 'gid://shopify/Order/404')
      .reply(200, answer({ order: null }, cost(18, 1, 1999)));
    const { integration } = testIntegration();
    const found = await integration.fetchOrder(shopifyContext(), '7004');
    expect(found).toMatchObject({ externalId: '7004', updatedAt: '2025-01-01T14:00:00Z', deleted: false });
    expect(integration.mapOrder(found!.payload).lineItems).toHaveLength(3);
    await expect(integration.fetchOrder(shopifyContext(), '404')).resolves.toBeNull();
  });
});
