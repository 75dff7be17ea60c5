import { Readable } from 'node:stream';
import { ChannelError } from '../../../src/core/errors';
import type { JsonObject } from '../../../src/core/json';
import { assembleBulkOrders } from '../../../src/connectors/shopify/bulk/order-assembler';
import { mapShopifyGraphqlOrder, mapShopifyRestOrder } from '../../../src/mappers/shopify';
import { expectValidCanonicalOrder } from '../../helpers/canonical';
import { fixtureObject, fixtureText, restCaseOrder } from './helpers/fixtures';
import { nock } from './helpers/nock';
import { bulkRowsFromNode, graphqlNodeFromRest } from './helpers/rest-to-graphql';
import {
  answer,
  cost,
  setUpNock,
  ShopifyApiMock,
  shopifyContext,
  testIntegration,
} from './helpers/shopify-api';

const WINDOW = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') };
const FILE_HOST = 'https://storage.googleapis.com';
const FILE_PATH = '/shopify-tiers-assets-prod-us-east1/bulk-operation-outputs/abc/export.jsonl';
const FILE_URL = `${FILE_HOST}${FILE_PATH}?X-Goog-Signature=abc`;
const OPERATION = 'gid://shopify/BulkOperation/720918';

function operation(status: string, extra: JsonObject = {}): JsonObject {
  return {
    id: OPERATION,
    status,
    errorCode: null,
    objectCount: '0',
    url: null,
    partialDataUrl: null,
    ...extra,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('Shopify bulk export', () => {
  setUpNock();

  it('starts a grouped bulk query for the window', async () => {
    const api = new ShopifyApiMock();
    api.on('BulkRunQuery').reply(
      200,
      answer({
        bulkOperationRunQuery: { bulkOperation: { id: OPERATION, status: 'CREATED' }, userErrors: [] },
      }),
    );
    const { integration } = testIntegration();
    await expect(integration.bulkExport.start(shopifyContext({ lane: 'backfill' }), WINDOW)).resolves.toEqual(
      { operationId: OPERATION },
    );
    const [request] = api.requests;
    expect(request!.query).toMatch(/bulkOperationRunQuery\(query: \$query, groupObjects: true\)/);
    const query = String(request!.variables.query);
    expect(query).toContain(
      `orders(query: "updated_at:>='2024-01-01T00:00:00Z' AND updated_at:<'2025-01-01T00:00:00Z'", sortKey: UPDATED_AT)`,
    );
    expect(query).toMatch(/lineItems \{ edges \{ node \{ __typename/);
  });

  it('when another bulk query is in progress, waits for it to finish and starts again', async () => {
    const api = new ShopifyApiMock();
    api.on('BulkRunQuery').reply(200, fixtureObject('graphql/own/bulk-already-in-progress.json'));
    api
      .on('CurrentBulkOperation')
      .reply(200, answer({ currentBulkOperation: operation('RUNNING') }, cost(1, 1, 1990)));
    api
      .on('CurrentBulkOperation')
      .reply(200, answer({ currentBulkOperation: operation('COMPLETED') }, cost(1, 1, 1990)));
    api.on('BulkRunQuery').reply(
      200,
      answer({
        bulkOperationRunQuery: {
          bulkOperation: { id: 'gid://shopify/BulkOperation/720919', status: 'CREATED' },
          userErrors: [],
        },
      }),
    );
    const { integration, sleeps } = testIntegration({ pollIntervalMs: 7 });
    const started = await integration.bulkExport.start(shopifyContext(), WINDOW);
    expect(started.operationId).toBe('gid://shopify/BulkOperation/720919');
    expect(api.operations()).toEqual([
      'BulkRunQuery',
      'CurrentBulkOperation',
      'CurrentBulkOperation',
      'BulkRunQuery',
    ]);
    expect(sleeps).toEqual([7]);
  });

  it('any other refusal to start is rejected', async () => {
    new ShopifyApiMock().on('BulkRunQuery').reply(
      200,
      answer({
        bulkOperationRunQuery: {
          bulkOperation: null,
          userErrors: [
            {
              field: ['query'],
              message:
                'Queries that contain a connection field within a list field are not currently supported.',
              code: 'INVALID',
            },
          ],
        },
      }),
    );
    const { integration } = testIntegration();
    const error = await integration.bulkExport.start(shopifyContext(), WINDOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('rejected');
    expect((error as ChannelError).message).toMatch(/connection field within a list field/);
  });

  it('polls the operation by id through its states', async () => {
    const api = new ShopifyApiMock();
    api
      .on('BulkOperationById', (v) => v.id === OPERATION)
      .reply(200, answer({ node: operation('RUNNING', { objectCount: '1200' }) }));
    api
      .on('BulkOperationById')
      .reply(200, answer({ node: operation('COMPLETED', { objectCount: '4520', url: FILE_URL }) }));
    api
      .on('BulkOperationById')
      .reply(200, answer({ node: operation('FAILED', { errorCode: 'TIMEOUT', partialDataUrl: FILE_URL }) }));
    api.on('BulkOperationById').reply(200, answer({ node: null }));
    const { integration } = testIntegration();
    const ctx = shopifyContext();
    await expect(integration.bulkExport.poll(ctx, OPERATION)).resolves.toEqual({
      status: 'running',
      objectCount: 1200,
      url: null,
      error: null,
    });
    await expect(integration.bulkExport.poll(ctx, OPERATION)).resolves.toEqual({
      status: 'completed',
      objectCount: 4520,
      url: FILE_URL,
      error: null,
    });
    await expect(integration.bulkExport.poll(ctx, OPERATION)).resolves.toEqual({
      status: 'failed',
      objectCount: 0,
      url: null,
      error: 'bulk operation failed: TIMEOUT (partial results exist but are not used)',
    });
    const gone = await integration.bulkExport.poll(ctx, OPERATION).catch((e: unknown) => e);
    expect((gone as ChannelError).kind).toBe('not_found');
  });

  it('streams the JSONL, assembling each order with its __parentId rows, and completes what a bulk query cannot hold', async () => {
    // No access token goes to the file host; a line split across chunks is read whole.
    const text = fixtureText('graphql/own/bulk-two-orders.jsonl');
    const cut = text.indexOf('"sku"');
    nock(FILE_HOST, { badheaders: ['x-shopify-access-token'] })
      .get(FILE_PATH)
      .query(true)
      .reply(200, () => Readable.from([text.slice(0, cut), text.slice(cut)]), {
        'content-type': 'application/jsonl',
      });
    const api = new ShopifyApiMock();
    api
      .on('FulfillmentLineItemsPage', (v) => v.id === 'gid://shopify/Fulfillment/601' && v.after === null)
      .reply(
        200,
        answer({
          node: {
            fulfillmentLineItems: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [{ lineItem: { id: 'gid://shopify/LineItem/9000000000000000021' }, quantity: 1 }],
            },
          },
        }),
      );
    const { integration } = testIntegration();
    const orders = await collect(integration.bulkExport.read(shopifyContext({ lane: 'backfill' }), FILE_URL));

    expect(orders.map((o) => [o.externalId, o.updatedAt])).toEqual([
      ['9000000000000000001', '2025-01-10T09:05:00Z'],
      ['9000000000000000002', '2025-01-12T08:00:00Z'],
    ]);
    const [first, second] = orders.map((o) => mapShopifyGraphqlOrder(o.payload));
    expectValidCanonicalOrder(first);
    expect(first!.lineItems.map((l) => [l.externalId, l.quantity, l.total])).toEqual([
      ['9000000000000000011', 2, '25.00'],
    ]);
    expect(first!.totals).toEqual({
      subtotal: '25.00',
      discount: '0.00',
      shipping: '5.00',
      tax: '4.79',
      fees: '0.00',
      total: '30.00',
      refunded: '0.00',
    });
    expect(first!.customer).toEqual({
      externalId: null,
      email: 'guest@example.org',
      phone: null,
      firstName: 'Ana',
      lastName: 'Silva',
    });
    expect(second!.fulfillments).toEqual([
      {
        externalId: '601',
        status: 'success',
        createdAt: '2025-01-12T08:00:00Z',
        trackingCompany: 'CTT',
        trackingNumbers: ['RR123PT'],
        trackingUrls: [],
        lineItems: [{ lineItemExternalId: '9000000000000000021', quantity: 1 }],
      },
    ]);
  });

  it('a bulk order is the same canonical order as the REST body of the same order', async () => {
    const rest = restCaseOrder('test_1');
    const node = graphqlNodeFromRest(rest);
    const jsonl = bulkRowsFromNode(node)
      .map((row) => JSON.stringify(row))
      .join('\n');
    nock(FILE_HOST).get(FILE_PATH).query(true).reply(200, `${jsonl}\n`);
    const api = new ShopifyApiMock();
    for (const refund of node.refunds as JsonObject[]) {
      api
        .on('RefundLineItemsPage', (v) => v.id === refund.id && v.after === null)
        .reply(200, answer({ node: { refundLineItems: refund.refundLineItems! } }));
    }
    for (const fulfillment of node.fulfillments as JsonObject[]) {
      api
        .on('FulfillmentLineItemsPage', (v) => v.id === fulfillment.id && v.after === null)
        .reply(200, answer({ node: { fulfillmentLineItems: fulfillment.fulfillmentLineItems! } }));
    }
    const { integration } = testIntegration();
    const [order] = await collect(integration.bulkExport.read(shopifyContext(), FILE_URL));
    expect(JSON.stringify(mapShopifyGraphqlOrder(order!.payload))).toBe(
      JSON.stringify(mapShopifyRestOrder(rest)),
    );
  });

  it('an expired result link is not_found', async () => {
    nock(FILE_HOST).get(FILE_PATH).query(true).reply(403, '<Error><Code>ExpiredToken</Code></Error>');
    const { integration } = testIntegration();
    const error = await collect(integration.bulkExport.read(shopifyContext(), FILE_URL)).catch(
      (e: unknown) => e,
    );
    expect((error as ChannelError).kind).toBe('not_found');
    expect((error as ChannelError).message).toMatch(/7 days/);
  });
});

describe('bulk row assembly', () => {
  it('hands out each order as soon as the next one starts: only the open order is held', async () => {
    const rows = fixtureText('graphql/own/bulk-two-orders.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonObject);
    let pulled = 0;
    async function* source() {
      for (const row of rows) {
        pulled++;
        yield row;
      }
    }
    const seen: number[] = [];
    for await (const _order of assembleBulkOrders(source())) seen.push(pulled);
    // The first order comes out when row 4 (the second order) has been read, not at the end.
    expect(seen).toEqual([4, 5]);
  });

  it('refuses output that is not grouped (a child after its order was handed out)', async () => {
    async function* rows() {
      yield { __typename: 'Order', id: 'gid://shopify/Order/1' } as JsonObject;
      yield { __typename: 'Order', id: 'gid://shopify/Order/2' } as JsonObject;
      yield {
        __typename: 'LineItem',
        id: 'gid://shopify/LineItem/11',
        __parentId: 'gid://shopify/Order/1',
      } as JsonObject;
    }
    await expect(collect(assembleBulkOrders(rows()))).rejects.toThrow(/not grouped/);
  });
});
