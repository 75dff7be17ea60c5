import { ShopifyIntegration } from '../../../src/connectors/shopify';
import { ChannelError } from '../../../src/core/errors';
import type { ConnectorContext, FulfillmentPush, PushResult } from '../../../src/core/integration';
import { ConnectorRegistry } from '../../../src/core/registry';
import type { Integration } from '../../../src/db/integration-store';
import type { TestHub } from '../../helpers/hub';
import { nock } from '../../unit/shopify/helpers/nock';
import {
  connectStore,
  createTenant,
  importOrder,
  orderView,
  settledJob,
  startPushHub,
  type Json,
} from './helpers/hub';
import { FakeShopifyStore, type FakeOrder } from './helpers/shopify-fake';

/** The Shopify connector, able to "die" once right after its write, before the read-back is stored. */
class CrashableShopify extends ShopifyIntegration {
  readonly crashAfterWrite = new Set<string>();

  override async pushFulfillment(ctx: ConnectorContext, push: FulfillmentPush): Promise<PushResult> {
    const result = await super.pushFulfillment(ctx, push);
    if (this.crashAfterWrite.delete(push.orderExternalId)) {
      throw new ChannelError('unavailable', 'the worker died after the write', { platform: 'shopify' });
    }
    return result;
  }
}

const SHOP = 'push-alpha.myshopify.com';
const TRACKING = {
  company: 'UPS',
  number: '1Z999AA10123456784',
  url: 'https://ups.example/1Z999AA10123456784',
};

describe('push-back to Shopify (GraphQL store behind nock, real queues and database)', () => {
  let shop: FakeShopifyStore;
  let hub: TestHub;
  let connector: CrashableShopify;
  let apiKey: string;
  let integration: Integration;

  beforeAll(async () => {
    shop = new FakeShopifyStore(`https://${SHOP}`).listen();
    hub = await startPushHub(
      { HUB_ALLOWED_STORE_HOSTS: `127.0.0.1,localhost,${SHOP}`, PUSH_MAX_ATTEMPTS: '3' },
      (config) => {
        connector = new CrashableShopify({
          httpTimeoutMs: config.httpTimeoutMs,
          isPlainHttpAllowed: (host) => config.allowedStoreHosts.includes(host),
          pollIntervalMs: 20,
        });
        return new ConnectorRegistry().register(connector);
      },
    );
    const tenant = await createTenant(hub);
    apiKey = tenant.apiKey;
    integration = await connectStore(hub, tenant.tenantId, {
      platform: 'shopify',
      storeUrl: `https://${SHOP}`,
      credentials: { accessToken: 'shpat_push_test', apiSecretKey: 'push-test-secret' },
    });
  });

  afterAll(async () => {
    await hub?.stop();
    nock.cleanAll();
  });

  async function imported(quantities: number[]): Promise<{ order: FakeOrder; orderId: string }> {
    const order = shop.addOrder(quantities);
    return { order, orderId: await importOrder(hub, integration, String(order.number)) };
  }

  async function push(orderId: string, action: 'fulfillments' | 'cancel', body: Json = {}) {
    const res = await hub.request('POST', `/v1/orders/${orderId}/${action}`, { token: apiKey, body });
    expect(res.status).toBe(202);
    return settledJob(hub, apiKey, (res.body as { jobId: string }).jobId);
  }

  const creates = (order: FakeOrder) =>
    shop
      .operations('FulfillmentCreate')
      .filter((op) =>
        JSON.stringify(op.variables).includes(`FulfillmentOrder/${order.fulfillmentOrders[0]!.id}"`),
      );

  it('fulfils everything that remains with tracking: one fulfilment, shown on the canonical order (source push), not undone by a later sync', async () => {
    const { order, orderId } = await imported([2, 1]);
    const job = await push(orderId, 'fulfillments', { tracking: TRACKING, notifyCustomer: true });
    expect(job).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });

    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]).toMatchObject({
      tracking: TRACKING,
      lines: [
        { lineItemId: order.lines[0]!.id, quantity: 2 },
        { lineItemId: order.lines[1]!.id, quantity: 1 },
      ],
    });
    expect(creates(order)).toHaveLength(1);
    expect(creates(order)[0]!.variables).toMatchObject({ fulfillment: { notifyCustomer: true } });

    const stored = await orderView(hub, apiKey, orderId);
    expect(stored).toMatchObject({ status: 'fulfilled', fulfillmentStatus: 'fulfilled' });
    expect(stored.fulfillments).toEqual([
      expect.objectContaining({ trackingCompany: 'UPS', trackingNumbers: [TRACKING.number] }),
    ]);
    expect(stored.history.at(-1)).toMatchObject({ source: 'push', status: 'fulfilled' });

    await importOrder(hub, integration, String(order.number), 'sync');
    expect((await orderView(hub, apiKey, orderId)).history).toHaveLength(stored.history.length);
  });

  it('fulfils given lines, then what remains of a partially fulfilled order', async () => {
    const { order, orderId } = await imported([2, 1]);
    const first = await push(orderId, 'fulfillments', {
      lineItems: [{ lineItemExternalId: String(order.lines[0]!.id), quantity: 1 }],
      tracking: { company: 'DHL', number: 'JD0001' },
    });
    expect(first).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });
    expect(order.fulfillments.map((f) => f.lines)).toEqual([
      [{ lineItemId: order.lines[0]!.id, quantity: 1 }],
    ]);
    expect((await orderView(hub, apiKey, orderId)).fulfillmentStatus).toBe('partially_fulfilled');

    const rest = await push(orderId, 'fulfillments', { tracking: { company: 'DHL', number: 'JD0002' } });
    expect(rest).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });
    expect(order.fulfillments.map((f) => f.lines)).toEqual([
      [{ lineItemId: order.lines[0]!.id, quantity: 1 }],
      [
        { lineItemId: order.lines[0]!.id, quantity: 1 },
        { lineItemId: order.lines[1]!.id, quantity: 1 },
      ],
    ]);
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored.fulfillmentStatus).toBe('fulfilled');
    expect(stored.fulfillments).toHaveLength(2);
  });

  it('Shopify answering "already fulfilled" (someone fulfilled it meanwhile) is already applied after reading back: no second write', async () => {
    const { order, orderId } = await imported([1, 1]);
    shop.fault('FulfillmentCreate', { kind: 'before', hook: () => shop.fulfilEverything(order) });
    const job = await push(orderId, 'fulfillments', { tracking: TRACKING });
    expect(job).toMatchObject({ state: 'completed', attempts: 1, result: { outcome: 'already_applied' } });
    expect(creates(order)).toHaveLength(1);
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillments[0]!.tracking).toBeNull();
    expect((await orderView(hub, apiKey, orderId)).fulfillmentStatus).toBe('fulfilled');
  });

  it('a fulfillment order Shopify closed with lines still unshipped is a refusal, not "already fulfilled"', async () => {
    const { order, orderId } = await imported([1]);
    shop.fault('FulfillmentCreate', {
      kind: 'before',
      hook: () => {
        order.fulfillmentOrders[0]!.status = 'CLOSED';
      },
    });
    const job = await push(orderId, 'fulfillments', { tracking: TRACKING });
    expect(job.state).toBe('failed');
    expect(job.lastError).toMatch(/unfulfillable status= closed.*1 unit\(s\) of it are still unfulfilled/);
    expect(order.fulfillments).toEqual([]);
    expect((await orderView(hub, apiKey, orderId)).fulfillmentStatus).toBe('unfulfilled');
  });

  it('a 429 is retried after its Retry-After: one fulfilment', async () => {
    const { order, orderId } = await imported([1]);
    shop.fault('FulfillmentCreate', { kind: 'throttle', retryAfterSeconds: 1 });
    const job = await push(orderId, 'fulfillments', { tracking: TRACKING });
    expect(job.state).toBe('completed');
    const tries = creates(order);
    expect(tries.map((t) => t.outcome)).toEqual(['throttled', 'answered']);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(order.fulfillments).toHaveLength(1);
  });

  it('a network failure after Shopify created the fulfilment (given lines): retried, one fulfilment', async () => {
    const { order, orderId } = await imported([3]);
    shop.fault('FulfillmentCreate', { kind: 'network-after' });
    const job = await push(orderId, 'fulfillments', {
      lineItems: [{ lineItemExternalId: String(order.lines[0]!.id), quantity: 1 }],
      tracking: TRACKING,
    });
    // The mutation is not sent again blindly: the job's retry reads the store and finds it done.
    expect(job).toMatchObject({ state: 'completed', attempts: 2, result: { outcome: 'already_applied' } });
    expect(creates(order).map((c) => c.outcome)).toEqual(['network-after']);
    expect(order.fulfillments).toHaveLength(1);
    expect(order.fulfillmentOrders[0]!.lines[0]!.remaining).toBe(2);
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored.fulfillmentStatus).toBe('partially_fulfilled');
    expect(stored.fulfillments).toHaveLength(1);
  });

  it('a worker dying between the write and the read-back (given lines): the retry does not fulfil twice', async () => {
    const { order, orderId } = await imported([3]);
    connector.crashAfterWrite.add(String(order.number));
    const job = await push(orderId, 'fulfillments', {
      lineItems: [{ lineItemExternalId: String(order.lines[0]!.id), quantity: 1 }],
      tracking: TRACKING,
    });
    expect(job).toMatchObject({ state: 'completed', attempts: 2, result: { outcome: 'already_applied' } });
    expect(order.fulfillments).toHaveLength(1);
    expect(creates(order)).toHaveLength(1);
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored.fulfillmentStatus).toBe('partially_fulfilled');
    expect(stored.history.at(-1)?.source).toBe('push');
  });

  it('two quick pushes of the same line are two shipments', async () => {
    const { order, orderId } = await imported([3]);
    const line = [{ lineItemExternalId: String(order.lines[0]!.id), quantity: 1 }];
    await push(orderId, 'fulfillments', { lineItems: line });
    await push(orderId, 'fulfillments', { lineItems: line });
    expect(order.fulfillments).toHaveLength(2);
    expect(order.fulfillmentOrders[0]!.lines[0]!.remaining).toBe(1);
  });

  it('a worker dying after fulfilling everything: the retry finds nothing left to fulfil', async () => {
    const { order, orderId } = await imported([2]);
    connector.crashAfterWrite.add(String(order.number));
    const job = await push(orderId, 'fulfillments', { tracking: TRACKING });
    expect(job).toMatchObject({ state: 'completed', attempts: 2, result: { outcome: 'already_applied' } });
    expect(order.fulfillments).toHaveLength(1);
    expect((await orderView(hub, apiKey, orderId)).status).toBe('fulfilled');
  });

  it('cancels with orderCancel (no refund, restock); refuses to fulfil it then, and refuses to cancel a fulfilled order', async () => {
    const { order, orderId } = await imported([1, 2]);
    const job = await push(orderId, 'cancel', { reason: 'customer changed their mind' });
    expect(job).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });
    const cancels = shop.operations('OrderCancel');
    expect(cancels.at(-1)?.variables).toMatchObject({
      orderId: `gid://shopify/Order/${order.number}`,
      reason: 'CUSTOMER',
      restock: true,
    });
    expect(order.cancelledAt).not.toBeNull();
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored).toMatchObject({ status: 'cancelled', cancelReason: 'customer' });
    expect(stored.history.at(-1)?.source).toBe('push');

    const fulfil = await hub.request('POST', `/v1/orders/${orderId}/fulfillments`, {
      token: apiKey,
      body: {},
    });
    expect(fulfil.status).toBe(409);
    expect((fulfil.body as { error: { message: string } }).error.message).toMatch(/cancelled/);

    const done = await imported([1]);
    await push(done.orderId, 'fulfillments', {});
    const cancel = await hub.request('POST', `/v1/orders/${done.orderId}/cancel`, {
      token: apiKey,
      body: {},
    });
    expect(cancel.status).toBe(409);
    expect((cancel.body as { error: { message: string } }).error.message).toMatch(/fulfilled/);
    expect(done.order.cancelledAt).toBeNull();
  });
});
