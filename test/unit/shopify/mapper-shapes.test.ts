import type { JsonObject } from '../../../src/core/json';
import { parseJsonExact } from '../../../src/core/json';
import {
  findShopifyOrder,
  mapShopifyGraphqlOrder,
  mapShopifyOrder,
  mapShopifyRestOrder,
  shopifyOrderShape,
} from '../../../src/mappers/shopify';
import { expectValidCanonicalOrder } from '../../helpers/canonical';
import { docsExample, fixtureObject, restCaseOrder } from './helpers/fixtures';
import { graphqlNodeFromRest } from './helpers/rest-to-graphql';

const SAME_ORDER_IN_BOTH_SHAPES: [string, () => JsonObject][] = [
  ['REST #1001 (discount code, refund, fulfilment)', () => restCaseOrder('test_1')],
  [
    'real orders/create, AUD shop presented in USD',
    () => fixtureObject('webhooks/real-captured/orders-create_2020-12_shopAUD_presentmentUSD.json'),
  ],
  [
    'real orders/create, AUD',
    () => fixtureObject('webhooks/real-captured/orders-create_2020-12_shopAUD_presentmentAUD.json'),
  ],
  ['docs orders/create (ids beyond 2^53, cancelled)', () => docsExample('orders_create')],
  ['REST EUR order naming nobody', () => restCaseOrder('test_16')],
  ['REST guest order', () => restCaseOrder('test_31')],
  ['REST cancelled and refunded', () => restCaseOrder('test_14')],
];

describe('one order, two shapes, one canonical order', () => {
  it.each(SAME_ORDER_IN_BOTH_SHAPES)(
    '%s: the REST body and the GraphQL node map field for field alike',
    (_name, load) => {
      const rest = load();
      const node = graphqlNodeFromRest(rest);
      const fromRest = mapShopifyRestOrder(rest);
      const fromGraphql = mapShopifyGraphqlOrder(node);
      expectValidCanonicalOrder(fromGraphql);
      expect(JSON.stringify(fromGraphql)).toBe(JSON.stringify(fromRest));
    },
  );

  it('the dispatcher tells the shapes apart', () => {
    const rest = restCaseOrder('test_1');
    expect(shopifyOrderShape(rest)).toBe('rest');
    expect(shopifyOrderShape(graphqlNodeFromRest(rest))).toBe('graphql');
    expect(mapShopifyOrder(graphqlNodeFromRest(rest))).toEqual(mapShopifyOrder(rest));
  });

  it('GraphQL-only states: ON_HOLD puts the order on hold, EXPIRED is a voided (failed) payment', () => {
    const node = graphqlNodeFromRest(restCaseOrder('test_6'));
    expect(mapShopifyGraphqlOrder({ ...node, displayFulfillmentStatus: 'ON_HOLD' })).toMatchObject({
      status: 'on_hold',
      fulfillmentStatus: 'unfulfilled',
      channelStatus: 'paid/on_hold',
    });
    expect(mapShopifyGraphqlOrder({ ...node, displayFinancialStatus: 'EXPIRED' })).toMatchObject({
      status: 'failed',
      financialStatus: 'voided',
    });
    expect(
      mapShopifyGraphqlOrder({ ...node, displayFulfillmentStatus: 'PARTIALLY_FULFILLED' }),
    ).toMatchObject({
      status: 'partially_fulfilled',
      fulfillmentStatus: 'partially_fulfilled',
      channelStatus: 'paid/partial',
    });
  });

  it('a GraphQL node with connections as edges maps like one with nodes', () => {
    const node = graphqlNodeFromRest(restCaseOrder('test_1'));
    const asEdges = {
      ...node,
      lineItems: { edges: (node.lineItems as { nodes: JsonObject[] }).nodes.map((n) => ({ node: n })) },
    };
    expect(mapShopifyGraphqlOrder(asEdges)).toEqual(mapShopifyGraphqlOrder(node));
  });

  it.each(['9007199254740993555', '9007199254740994', '820982911946154508'])(
    'id %s (beyond 2^53) stays exact through exact parsing of a raw body',
    (id) => {
      const body = `{"id": ${id}, "name": "#1", "currency": "USD", "created_at": "2025-01-01T00:00:00Z", "line_items": [{"id": ${id}, "product_id": ${id}, "price": "1.00", "quantity": 1}], "total_price": "1.00"}`;
      const order = mapShopifyOrder(parseJsonExact(body));
      expect([
        order.externalId,
        order.lineItems[0]!.externalId,
        order.lineItems[0]!.productExternalId,
      ]).toEqual([id, id, id]);
    },
  );

  it('finds the order inside the wrappers found in the wild', () => {
    const order = restCaseOrder('test_6');
    const node = graphqlNodeFromRest(order);
    expect(findShopifyOrder({ order })).toBe(order);
    expect(findShopifyOrder({ orders: [order] })).toBe(order);
    expect(findShopifyOrder({ data: { order: node } })).toBe(node);
    expect(
      findShopifyOrder({ headers: { 'x-shopify-topic': 'orders/create' }, body: JSON.stringify(order) }),
    ).toEqual(order);
    expect(mapShopifyOrder({ response: order }).externalId).toBe('1073459969');
  });
});
