import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelError } from '../../../src/core/errors';
import { fixture, fixtureObject } from './helpers/fixtures';
import { nock } from './helpers/nock';
import {
  answer,
  cost,
  GRAPHQL_PATH,
  setUpNock,
  ShopifyApiMock,
  shopifyContext,
  STORE,
  testIntegration,
} from './helpers/shopify-api';

const WINDOW = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:00Z') };
const COUNT = answer({ ordersCount: { count: 7, precision: 'EXACT' } }, cost(2, 1, 1999));

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('Shopify GraphQL client: cost, throttling, refusals', () => {
  setUpNock();

  it('reports every answer’s real extensions.cost to the rate gate and reserves what Shopify asked last time', async () => {
    const api = new ShopifyApiMock();
    // Real answer (kirillplatonov/shopify_graphql): requested 3, bucket 2000, 1997 left, restore 100/s.
    api.on('ShopFacts').times(2).reply(200, fixtureObject('graphql/kirillplatonov/current_shop.json'));
    const { integration } = testIntegration();
    const ctx = shopifyContext({ lane: 'incremental' });
    await integration.connect(ctx);
    await integration.connect(ctx);
    expect(ctx.rateGate.feedback).toEqual([
      { kind: 'bucket', maximumAvailable: 2000, currentlyAvailable: 1997, restoreRate: 100 },
      { kind: 'bucket', maximumAvailable: 2000, currentlyAvailable: 1997, restoreRate: 100 },
    ]);
    // First the document's own estimate, then Shopify's requestedQueryCost.
    expect(ctx.rateGate.acquired).toEqual([
      { cost: 5, lane: 'incremental' },
      { cost: 3, lane: 'incremental' },
    ]);
  });

  it('sends the access token and the pinned version in the path', async () => {
    nock(STORE, {
      reqheaders: { 'x-shopify-access-token': 'shpat_test_token', 'content-type': 'application/json' },
    })
      .post(GRAPHQL_PATH)
      .reply(200, COUNT);
    const { integration } = testIntegration();
    await expect(integration.countOrders(shopifyContext(), WINDOW)).resolves.toBe(7);
  });

  it('THROTTLED (HTTP 200) waits what the bucket needs, tells the gate, and retries', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').reply(200, fixtureObject('graphql/own/throttled.json'));
    api.on('OrdersCount').reply(200, COUNT);
    const { integration, sleeps } = testIntegration();
    const ctx = shopifyContext();
    await expect(integration.countOrders(ctx, WINDOW)).resolves.toBe(7);
    // (850 requested − 370 available) / 100 per second = 4.8 s.
    expect(ctx.rateGate.feedback).toEqual([
      { kind: 'bucket', maximumAvailable: 2000, currentlyAvailable: 370, restoreRate: 100 },
      { kind: 'throttled', retryAfterMs: 4800 },
      { kind: 'bucket', maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
    ]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(4800);
    expect(ctx.rateGate.acquired.map((a) => a.cost)).toEqual([2, 850]);
  });

  it('THROTTLED on HTTP 429 is the same refusal, timed by the bucket', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').reply(429, fixtureObject('graphql/own/throttled.json'));
    api.on('OrdersCount').reply(200, COUNT);
    const { integration, sleeps } = testIntegration();
    const ctx = shopifyContext();
    await integration.countOrders(ctx, WINDOW);
    expect(ctx.rateGate.feedback).toContainEqual({ kind: 'throttled', retryAfterMs: 4800 });
    expect(sleeps[0]).toBeGreaterThanOrEqual(4800);
  });

  it('429 and 503 without a body are rate limiting, timed by Retry-After', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').reply(429, '', { 'retry-after': '2' });
    api.on('OrdersCount').reply(503, 'Service Unavailable', { 'retry-after': '3' });
    api.on('OrdersCount').reply(200, COUNT);
    const { integration, sleeps } = testIntegration();
    const ctx = shopifyContext();
    await integration.countOrders(ctx, WINDOW);
    expect(ctx.rateGate.feedback.filter((f) => f.kind === 'throttled')).toEqual([
      { kind: 'throttled', retryAfterMs: 2000 },
      { kind: 'throttled', retryAfterMs: 3000 },
    ]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(3000);
  });

  it('a throttle longer than a call may wait goes up as rate_limited with its wait', async () => {
    const throttled = fixtureObject('graphql/own/throttled.json');
    const long = {
      ...throttled,
      extensions: {
        cost: {
          ...cost(1000, null, 0),
          throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 10 },
        },
      },
    };
    new ShopifyApiMock().on('OrdersCount').reply(200, long);
    const { integration, sleeps } = testIntegration();
    const error = await failure(integration.countOrders(shopifyContext(), WINDOW));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(100_000);
    expect(sleeps).toEqual([]);
  });

  it('5xx is retried with backoff, then given up as unavailable', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').times(4).reply(502, '<html>Bad Gateway</html>');
    const { integration, sleeps } = testIntegration();
    const error = await failure(integration.countOrders(shopifyContext(), WINDOW));
    expect(error.kind).toBe('unavailable');
    expect(error.meta.status).toBe(502);
    expect(api.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('INTERNAL_SERVER_ERROR in the body is unavailable, and retried', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').reply(200, fixtureObject('graphql/kirillplatonov/server_error.json'));
    api.on('OrdersCount').reply(200, COUNT);
    const { integration } = testIntegration();
    await expect(integration.countOrders(shopifyContext(), WINDOW)).resolves.toBe(7);
  });

  it('401 is an auth error, never retried', async () => {
    const api = new ShopifyApiMock();
    api
      .on('OrdersCount')
      .reply(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const { integration } = testIntegration();
    const error = await failure(integration.countOrders(shopifyContext(), WINDOW));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/revoked|uninstalled/);
    expect(api.requests).toHaveLength(1);
  });

  it('ACCESS_DENIED for protected customer data is a clear auth error, not a crash', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersPage').reply(200, fixtureObject('graphql/own/access-denied-protected-customer-data.json'));
    const { integration } = testIntegration();
    const error = await failure(integration.listOrders(shopifyContext(), { window: WINDOW, cursor: null }));
    expect(error.kind).toBe('auth');
    expect(error.meta.channelCode).toBe('ACCESS_DENIED');
    expect(error.message).toMatch(/protected customer data/);
    expect(api.requests).toHaveLength(1);
  });

  it('a query Shopify finds invalid is rejected (retrying will not help)', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').reply(200, fixtureObject('graphql/kirillplatonov/invalid_input_error.json'));
    const { integration } = testIntegration();
    const error = await failure(integration.countOrders(shopifyContext(), WINDOW));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/Field is not defined on ProductInput/);
  });

  it('an HTML page where JSON was expected is a protocol error', async () => {
    new ShopifyApiMock()
      .on('OrdersCount')
      .reply(200, '<!DOCTYPE html><html><body>Your connection needs to be verified</body></html>', {
        'content-type': 'text/html',
      });
    const { integration } = testIntegration();
    const error = await failure(integration.countOrders(shopifyContext(), WINDOW));
    expect(error.kind).toBe('protocol');
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it('a store that cannot be reached is unavailable', async () => {
    // Nothing intercepts this host and real connections are off: the request fails at the network.
    const { integration, sleeps } = testIntegration();
    const error = await failure(
      integration.countOrders(shopifyContext({ storeUrl: 'https://unreachable.myshopify.com' }), WINDOW),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/could not reach Shopify at unreachable.myshopify.com/);
    expect(sleeps).toHaveLength(3);
  });

  it('a store that does not answer in time is unavailable', async () => {
    // A local server that takes the request and never answers.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    nock.enableNetConnect('127.0.0.1');
    try {
      const slow = testIntegration({
        httpTimeoutMs: 20,
        isPlainHttpAllowed: (host) => host === '127.0.0.1',
      }).integration;
      const timeout = await failure(
        slow.countOrders(shopifyContext({ storeUrl: `http://127.0.0.1:${port}` }), WINDOW),
      );
      expect(timeout.kind).toBe('unavailable');
      expect(timeout.message).toMatch(/no answer within 20 ms/);
    } finally {
      nock.disableNetConnect();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a served API version other than the pinned one is logged once per call', async () => {
    const api = new ShopifyApiMock();
    api.on('OrdersCount').times(2).reply(200, COUNT, { 'x-shopify-api-version': '2026-07' });
    const { integration } = testIntegration();
    const ctx = shopifyContext();
    await integration.countOrders(ctx, WINDOW);
    await integration.countOrders(ctx, WINDOW);
    expect(ctx.warnings).toHaveLength(2);
    expect(ctx.warnings[0]).toMatchObject({
      details: { requested: '2026-10', served: '2026-07' },
      message: 'Shopify served API version 2026-07 instead of the pinned 2026-10',
    });
  });

  it('plain http only for sandbox hosts the hub allows', async () => {
    const sandbox = 'http://localhost:4010';
    nock(sandbox).post(GRAPHQL_PATH).reply(200, COUNT);
    const allowed = testIntegration({ isPlainHttpAllowed: (host) => host === 'localhost' }).integration;
    await expect(allowed.countOrders(shopifyContext({ storeUrl: sandbox }), WINDOW)).resolves.toBe(7);

    const strict = testIntegration().integration;
    const error = await failure(strict.countOrders(shopifyContext({ storeUrl: sandbox }), WINDOW));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/https only/);
  });

  it('the fixtures used here are the real answers', () => {
    expect(fixture('graphql/kirillplatonov/current_shop.json')).toMatchObject({
      extensions: { cost: { requestedQueryCost: 3 } },
    });
  });
});
