import { createHmac } from 'node:crypto';
import { startShopifySandbox, type ShopifySandbox } from '../../../src/sandbox';
import { minor, startReceiver } from './helpers';

interface Gql {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: {
      cost?: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

let shop: ShopifySandbox;

beforeAll(async () => {
  shop = await startShopifySandbox({ orders: 300, seed: 9, seedUntil: new Date('2026-11-01T00:00:00Z') });
});
afterAll(async () => {
  await shop.close();
});

async function gql(
  query: string,
  variables?: Record<string, unknown>,
  token = shop.credentials.accessToken,
): Promise<Gql> {
  const res = await fetch(shop.graphqlUrl('2025-01'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Gql['body'] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk loosely typed GraphQL data
type Loose = any;

describe('Shopify sandbox: GraphQL Admin API', () => {
  test('a valid query is answered with data, API version header and the cost extension', async () => {
    const r = await gql(
      '{ shop { name currencyCode ianaTimezone plan { displayName } } orders(first: 5) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('x-shopify-api-version')).toBe('2025-01');
    const data = r.body.data as Loose;
    expect(data.shop.currencyCode).toBe('USD');
    expect(data.orders.edges).toHaveLength(5);
    expect(data.orders.pageInfo.hasNextPage).toBe(true);
    const cost = r.body.extensions?.cost;
    expect(cost?.requestedQueryCost).toBe(1 + 1 + 2 + 5);
    expect(cost?.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  test('cursor paging walks every order once, newest update window via the query filter', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const r = await gql(
        'query($after: String) { orders(first: 100, after: $after, sortKey: UPDATED_AT, query: "updated_at:>=2026-01-01") { nodes { id updatedAt } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const page = (r.body.data as Loose).orders;
      for (const n of page.nodes) {
        expect(n.updatedAt >= '2026-01-01').toBe(true);
        seen.add(n.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const count = (await gql('{ ordersCount(query: "updated_at:>=2026-01-01") { count } }')).body
      .data as Loose;
    expect(seen.size).toBe(count.ordersCount.count);
  });

  test('queries Shopify would reject are rejected the same way', async () => {
    const r = await gql('{ orders(first: 2) { edges { node { id foo } } } }');
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors?.[0]).toMatchObject({
      message: "Field 'foo' doesn't exist on type 'Order'",
      extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'foo' },
    });
    const missing = await gql('{ orders { edges { node { id } } } }');
    expect(missing.body.errors?.[0]?.message).toBe('you must provide one of first or last');
  });

  test('a wrong access token gets the real 401 body', async () => {
    const r = await gql('{ shop { name } }', undefined, 'shpat_wrong');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });

  test('THROTTLED (HTTP 200) when the bucket cannot hold the query cost', async () => {
    shop.faults.drainBucket(5);
    const r = await gql('{ orders(first: 50) { nodes { id } } }');
    expect(r.status).toBe(200);
    expect(r.body.errors?.[0]).toMatchObject({ message: 'Throttled', extensions: { code: 'THROTTLED' } });
    expect(r.body.extensions?.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: null });
    expect(r.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBeLessThan(52);
    shop.bucket.refund(2000);
  });

  test('REST (webhook) and GraphQL shapes describe the same order and amounts', async () => {
    const id = (shop.store.getOrder(5_100_000_000_000 + 5 * 16) as Loose).admin_graphql_api_id;
    const r = await gql(
      'query($id: ID!) { order(id: $id) { id name taxesIncluded totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } lineItems(first: 50) { nodes { id quantity originalUnitPriceSet { shopMoney { amount } } } } } }',
      { id },
    );
    const g = (r.body.data as Loose).order;
    const rest = shop.store.getOrder(id) as Loose;
    expect(g.name).toBe(rest.name);
    expect(minor(g.totalPriceSet.shopMoney.amount, 2)).toBe(minor(rest.total_price, 2));
    expect(minor(g.totalPriceSet.presentmentMoney.amount, 3)).toBe(
      minor(rest.total_price_set.presentment_money.amount, 3),
    );
    expect(g.totalPriceSet.presentmentMoney.currencyCode).toBe(rest.presentment_currency);
    expect(minor(g.subtotalPriceSet.shopMoney.amount, 2)).toBe(minor(rest.subtotal_price, 2));
    expect(g.lineItems.nodes.map((n: Loose) => n.id)).toEqual(
      rest.line_items.map((l: Loose) => l.admin_graphql_api_id),
    );
    const sub = minor(rest.subtotal_price, 2);
    const ship = minor(rest.total_shipping_price_set.shop_money.amount, 2);
    const tax = minor(rest.total_tax, 2);
    expect(sub + ship + (rest.taxes_included ? 0 : tax)).toBe(minor(rest.total_price, 2));
  });

  test('the 300-line order pages its nested line items', async () => {
    const id = `gid://shopify/Order/${5_100_000_000_000 + 7 * 16}`;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const r = await gql(
        'query($id: ID!, $after: String) { order(id: $id) { lineItems(first: 250, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }',
        { id, after },
      );
      const li = (r.body.data as Loose).order.lineItems;
      ids.push(...li.nodes.map((n: Loose) => n.id));
      after = li.pageInfo.hasNextPage ? li.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
  });

  test('fulfillmentCreate fulfils per fulfillment order; userErrors once nothing remains', async () => {
    const order = shop.store.createOrder();
    const q = await gql(
      'query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 50) { nodes { id remainingQuantity } } } } } }',
      { id: order.admin_graphql_api_id },
    );
    const fos = (q.body.data as Loose).order.fulfillmentOrders.nodes;
    const m =
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo { company number } } userErrors { field message } } }';
    const input = {
      lineItemsByFulfillmentOrder: fos.map((fo: Loose) => ({ fulfillmentOrderId: fo.id })),
      trackingInfo: { company: 'UPS', number: '1Z999' },
    };
    const done = await gql(m, { f: input });
    expect((done.body.data as Loose).fulfillmentCreate).toMatchObject({
      fulfillment: { status: 'SUCCESS', trackingInfo: [{ company: 'UPS', number: '1Z999' }] },
      userErrors: [],
    });
    expect(done.body.extensions?.cost?.requestedQueryCost).toBe(10);
    const again = await gql(m, { f: input });
    expect((again.body.data as Loose).fulfillmentCreate.userErrors[0].message).toMatch(
      /unfulfillable status= closed/,
    );
    const after = shop.store.getOrder(order.id) as Loose;
    expect(after.fulfillment_status).toBe('fulfilled');
  });

  test('inventorySetQuantities honours compareQuantity', async () => {
    const q = await gql(
      '{ productVariants(first: 1) { nodes { inventoryItem { id inventoryLevels(first: 5) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } } } }',
    );
    const item = (q.body.data as Loose).productVariants.nodes[0].inventoryItem;
    const level = item.inventoryLevels.nodes[0];
    const current = level.quantities[0].quantity;
    const m =
      'mutation($i: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $i) { inventoryAdjustmentGroup { changes { name delta } } userErrors { field message code } } }';
    const base = {
      name: 'available',
      reason: 'correction',
      quantities: [{ inventoryItemId: item.id, locationId: level.location.id, quantity: current + 5 }],
    };
    const stale = await gql(m, {
      i: { ...base, quantities: [{ ...base.quantities[0], compareQuantity: current + 1 }] },
    });
    expect((stale.body.data as Loose).inventorySetQuantities.userErrors[0].code).toBe(
      'COMPARE_QUANTITY_STALE',
    );
    const ok = await gql(m, {
      i: { ...base, quantities: [{ ...base.quantities[0], compareQuantity: current }] },
    });
    expect((ok.body.data as Loose).inventorySetQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: 'available', delta: 5 },
      { name: 'on_hand', delta: 5 },
    ]);
  });

  test('bulk operation runs asynchronously and serves JSONL with __parentId children', async () => {
    const run = await gql(
      'mutation { bulkOperationRunQuery(query: """{ orders(query: "created_at:>=2026-10-01") { edges { node { id name lineItems { edges { node { id sku quantity } } } } } } }""") { bulkOperation { id status } userErrors { field message } } }',
    );
    const started = (run.body.data as Loose).bulkOperationRunQuery;
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation.status).toBe('CREATED');
    const busy = await gql(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    expect((busy.body.data as Loose).bulkOperationRunQuery.userErrors[0].message).toMatch(
      /already in progress/,
    );
    await shop.store.flushBulkOperations();
    const poll = await gql(
      'query($id: ID!) { node(id: $id) { ... on BulkOperation { status objectCount rootObjectCount url } } }',
      { id: started.bulkOperation.id },
    );
    const op = (poll.body.data as Loose).node;
    expect(op.status).toBe('COMPLETED');
    const text = await (await fetch(op.url)).text();
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows.length).toBe(Number(op.objectCount));
    const orders = rows.filter((r) => r.id!.includes('/Order/'));
    const lines = rows.filter((r) => r.id!.includes('/LineItem/'));
    expect(orders.length).toBe(Number(op.rootObjectCount));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => orders.some((o) => o.id === l.__parentId))).toBe(true);
    expect(text).toContain('gid:\\/\\/shopify\\/Order\\/');
  });

  test('webhook deliveries carry the Shopify headers and an HMAC that verifies', async () => {
    const receiver = await startReceiver();
    try {
      const sub = await gql(
        'mutation($url: URL!) { webhookSubscriptionCreate(topic: ORDERS_UPDATED, webhookSubscription: { callbackUrl: $url, format: JSON }) { webhookSubscription { id topic } userErrors { message } } }',
        { url: receiver.url },
      );
      expect((sub.body.data as Loose).webhookSubscriptionCreate.userErrors).toEqual([]);
      const order = shop.store.updateOrder(5_100_000_000_000, { note: 'Gift wrap please' });
      await shop.store.flushWebhooks();
      const hit = receiver.received.at(-1)!;
      expect(hit.headers['x-shopify-topic']).toBe('orders/updated');
      expect(hit.headers['x-shopify-shop-domain']).toBe(shop.shopDomain);
      expect(hit.headers['x-shopify-api-version']).toBe('2025-01');
      expect(hit.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(hit.headers['x-shopify-event-id']).toBeDefined();
      expect(hit.headers['x-shopify-triggered-at']).toBeDefined();
      const hmac = createHmac('sha256', shop.credentials.apiSecretKey).update(hit.body).digest('base64');
      expect(hit.headers['x-shopify-hmac-sha256']).toBe(hmac);
      expect(JSON.parse(hit.body.toString())).toMatchObject({ id: order.id, note: 'Gift wrap please' });
    } finally {
      await receiver.close();
    }
  });
});
