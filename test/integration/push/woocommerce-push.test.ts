import { WooCommerceIntegration } from '../../../src/connectors/woocommerce';
import { ChannelError } from '../../../src/core/errors';
import type { ConnectorContext, FulfillmentPush, PushResult } from '../../../src/core/integration';
import { ConnectorRegistry } from '../../../src/core/registry';
import type { Integration } from '../../../src/db/integration-store';
import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { connectorContextFor } from '../../../src/services/connector-context';
import { OrderWriter } from '../../../src/services/order-writer';
import type { TestHub } from '../../helpers/hub';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import {
  connectStore,
  createTenant,
  importOrder,
  orderView,
  settledJob,
  startPushHub,
  waitFor,
  type Json,
} from './helpers/hub';

/**
 * The WooCommerce connector, able to "die" once right after its write reached the store and
 * before the hub stored the read-back: what a worker killed mid-push leaves behind.
 */
class CrashableWooCommerce extends WooCommerceIntegration {
  readonly crashAfterWrite = new Set<string>();

  override async pushFulfillment(ctx: ConnectorContext, push: FulfillmentPush): Promise<PushResult> {
    const result = await super.pushFulfillment(ctx, push);
    if (this.crashAfterWrite.delete(push.orderExternalId)) {
      throw new ChannelError('unavailable', 'the worker died after the write', { platform: 'woocommerce' });
    }
    return result;
  }
}

const TRACKING = {
  company: 'UPS',
  number: '1Z999AA10123456784',
  url: 'https://ups.example/1Z999AA10123456784',
};

describe('push-back to WooCommerce (sandbox store, real queues and database)', () => {
  let woo: WooSandbox;
  let proxy: FaultProxy;
  let hub: TestHub;
  let connector: CrashableWooCommerce;
  let apiKey: string;
  let integration: Integration;
  const taken = new Set<number>();

  /** A seeded order of the sandbox in `status`, last changed long ago, not used by another test. */
  function seededOrder(status: string, minLines = 1): number {
    const slot = woo.store.table
      .all()
      .find(
        (s) => s.status === status && s.lineCount >= minLines && s.refundIds.length === 0 && !taken.has(s.id),
      );
    if (!slot) throw new Error(`the sandbox has no more ${status} orders`);
    taken.add(slot.id);
    return slot.id;
  }

  const notesWith = (orderId: number, text: string) =>
    woo.store.listNotes(orderId).filter((n) => n.note.includes(text));
  const writes = (orderId: number) =>
    woo.requests
      .filter(undefined, new RegExp(`/orders/${orderId}(/notes)?$`))
      .filter((r) => r.method !== 'GET');

  beforeAll(async () => {
    woo = await startWooCommerceSandbox({ orders: 120, seed: 21 });
    proxy = await startFaultProxy(woo.url);
    // OAuth 1.0a signs the URL the hub calls: the sandbox checks signatures against the proxy's address.
    woo.store.home = proxy.url;
    hub = await startPushHub({ PUSH_MAX_ATTEMPTS: '3' }, (config) => {
      connector = new CrashableWooCommerce({
        httpTimeoutMs: config.httpTimeoutMs,
        isPlainHttpAllowed: (host) => config.allowedStoreHosts.includes(host),
      });
      return new ConnectorRegistry().register(connector);
    });
    const tenant = await createTenant(hub);
    apiKey = tenant.apiKey;
    integration = await connectStore(hub, tenant.tenantId, {
      platform: 'woocommerce',
      storeUrl: proxy.url,
      credentials: { ...woo.credentials },
    });
  });

  afterEach(() => {
    proxy.clear();
    woo.faults.reset();
  });

  afterAll(async () => {
    await hub?.stop();
    await proxy?.close();
    await woo?.close();
  });

  async function fulfil(orderId: string, body: Json = {}): Promise<string> {
    const res = await hub.request('POST', `/v1/orders/${orderId}/fulfillments`, { token: apiKey, body });
    expect(res.status).toBe(202);
    const { jobId } = res.body as { jobId: string };
    expect(jobId).toMatch(/^push:/);
    return jobId;
  }

  it('fulfils every remaining line with tracking: one completion, one note, stored with source push, not undone by a later sync or a late webhook', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    const connectorCtx = await connectorContextFor(hub.hub, integration, 'incremental');
    const before = (await hub.hub.registry.get('woocommerce').fetchOrder(connectorCtx, String(wooId)))!;
    woo.requests.clear();

    const jobId = await fulfil(orderId, { tracking: TRACKING, notifyCustomer: true });
    const job = await settledJob(hub, apiKey, jobId);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ outcome: 'applied' });

    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    const tracking = notesWith(wooId, TRACKING.number);
    expect(tracking).toHaveLength(1);
    expect(tracking[0]!.note).toContain('Shipped with UPS');
    expect(tracking[0]!.customer_note).toBe(true);
    expect(writes(wooId).map((r) => `${r.method} ${r.path.replace(/.*\/wc\/v3/, '')}`)).toEqual([
      `POST /orders/${wooId}/notes`,
      `PUT /orders/${wooId}`,
    ]);

    const stored = await orderView(hub, apiKey, orderId);
    expect(stored).toMatchObject({
      status: 'fulfilled',
      fulfillmentStatus: 'fulfilled',
      channelStatus: 'completed',
    });
    expect(stored.history.at(-1)).toMatchObject({ source: 'push', status: 'fulfilled' });
    const versions = stored.history.length;

    // The same version again (a sync), then the order as it was before the push (a late webhook).
    await importOrder(hub, integration, String(wooId), 'sync');
    await new OrderWriter(hub.hub).write(integration, [before], 'webhook');
    const after = await orderView(hub, apiKey, orderId);
    expect(after).toMatchObject({ status: 'fulfilled', channelStatus: 'completed' });
    expect(after.history).toHaveLength(versions);
  });

  it('fulfils given lines with tracking: a note names them, the order stays open until every line is shipped', async () => {
    const wooId = seededOrder('processing', 2);
    const orderId = await importOrder(hub, integration, String(wooId));
    const lines = (await orderView(hub, apiKey, orderId)).lineItems as {
      externalId: string;
      quantity: number;
      name: string;
    }[];
    const first = lines[0];

    const partial = await settledJob(
      hub,
      apiKey,
      await fulfil(orderId, {
        lineItems: [{ lineItemExternalId: first!.externalId, quantity: first!.quantity }],
        tracking: { company: 'DHL', number: 'JD0001' },
      }),
    );
    expect(partial).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });
    expect(woo.store.getOrder(wooId)!.status).toBe('processing');
    const note = notesWith(wooId, 'JD0001');
    expect(note).toHaveLength(1);
    expect(note[0]!.note).toContain(`Partly shipped: ${first!.quantity} × ${first!.name}`);

    const rest = await settledJob(
      hub,
      apiKey,
      await fulfil(orderId, { tracking: { company: 'DHL', number: 'JD0002' } }),
    );
    expect(rest.state).toBe('completed');
    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    expect(notesWith(wooId, 'JD0002')).toHaveLength(1);
    expect(notesWith(wooId, 'JD0001')).toHaveLength(1);
    expect((await orderView(hub, apiKey, orderId)).status).toBe('fulfilled');
  });

  it('a 429 with Retry-After is waited out and retried: one effect', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    proxy.add({
      method: 'PUT',
      path: new RegExp(`/orders/${wooId}$`),
      action: {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ code: 'rest_too_many_requests', message: 'Slow down', data: { status: 429 } }),
      },
    });
    const started = Date.now();
    const job = await settledJob(hub, apiKey, await fulfil(orderId, { tracking: TRACKING }));
    expect(job.state).toBe('completed');
    const puts = proxy.log.filter((r) => r.method === 'PUT' && r.path.endsWith(`/orders/${wooId}`));
    expect(puts.map((r) => r.outcome)).toEqual([429, 'forwarded']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    expect(notesWith(wooId, TRACKING.number)).toHaveLength(1);
    expect(notesWith(wooId, 'to Completed')).toHaveLength(1);
  });

  it('a network failure after the note reached the store: the job is retried and writes no second note', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    proxy.add({
      method: 'POST',
      path: new RegExp(`/orders/${wooId}/notes$`),
      action: { kind: 'drop-after' },
    });
    const job = await settledJob(hub, apiKey, await fulfil(orderId, { tracking: TRACKING }));
    expect(job.state).toBe('completed');
    expect(job.attempts).toBe(2);
    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    expect(notesWith(wooId, TRACKING.number)).toHaveLength(1);
    expect(notesWith(wooId, 'to Completed')).toHaveLength(1);
  });

  it('a network failure after the status change reached the store: retried, completed once', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    proxy.add({ method: 'PUT', path: new RegExp(`/orders/${wooId}$`), action: { kind: 'drop-after' } });
    const job = await settledJob(hub, apiKey, await fulfil(orderId, { tracking: TRACKING }));
    expect(job.state).toBe('completed');
    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    expect(notesWith(wooId, TRACKING.number)).toHaveLength(1);
    expect(notesWith(wooId, 'to Completed')).toHaveLength(1);
    expect((await orderView(hub, apiKey, orderId)).status).toBe('fulfilled');
  });

  it('a worker dying between the write and the read-back: the retry reads the store first and writes nothing', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    connector.crashAfterWrite.add(String(wooId));
    woo.requests.clear();
    const job = await settledJob(hub, apiKey, await fulfil(orderId, { tracking: TRACKING }));
    expect(job).toMatchObject({ state: 'completed', attempts: 2, result: { outcome: 'already_applied' } });
    expect(writes(wooId)).toHaveLength(2); // the first attempt's note and status; nothing from the retry
    expect(notesWith(wooId, TRACKING.number)).toHaveLength(1);
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored.status).toBe('fulfilled');
    expect(stored.history.at(-1)?.source).toBe('push');
  });

  it('cancels an order (status cancelled, reason noted); a cancelled order cannot be fulfilled, a fulfilled one cannot be cancelled', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    const res = await hub.request('POST', `/v1/orders/${orderId}/cancel`, {
      token: apiKey,
      body: { reason: 'customer changed their mind' },
    });
    expect(res.status).toBe(202);
    const job = await settledJob(hub, apiKey, (res.body as { jobId: string }).jobId);
    expect(job).toMatchObject({ state: 'completed', result: { outcome: 'applied' } });
    expect(woo.store.getOrder(wooId)!.status).toBe('cancelled');
    expect(notesWith(wooId, 'Cancelled: customer changed their mind')).toHaveLength(1);
    const stored = await orderView(hub, apiKey, orderId);
    expect(stored.status).toBe('cancelled');
    expect(stored.history.at(-1)?.source).toBe('push');

    const refused = await hub.request('POST', `/v1/orders/${orderId}/fulfillments`, {
      token: apiKey,
      body: {},
    });
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/cancelled order cannot be fulfilled/),
    });

    const completedId = seededOrder('completed');
    const completedOrder = await importOrder(hub, integration, String(completedId));
    const cancel = await hub.request('POST', `/v1/orders/${completedOrder}/cancel`, {
      token: apiKey,
      body: {},
    });
    expect(cancel.status).toBe(409);
    expect((cancel.body as { error: { message: string } }).error.message).toMatch(
      /fulfilled order cannot be cancelled/,
    );
    expect(woo.store.getOrder(completedId)!.status).toBe('completed');
  });

  it('a cancel is refused while a fulfilment of the order is on its way, and the other way round', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    woo.faults.latencyMs(300);
    const jobId = await fulfil(orderId, { tracking: TRACKING });
    const cancel = await hub.request('POST', `/v1/orders/${orderId}/cancel`, { token: apiKey, body: {} });
    expect(cancel.status).toBe(409);
    expect((cancel.body as { error: { message: string } }).error.message).toMatch(
      /fulfilment .* still being pushed/,
    );
    await settledJob(hub, apiKey, jobId);
    woo.faults.reset();

    const other = seededOrder('processing');
    const otherId = await importOrder(hub, integration, String(other));
    woo.faults.latencyMs(300);
    const cancelJob = await hub.request('POST', `/v1/orders/${otherId}/cancel`, { token: apiKey, body: {} });
    expect(cancelJob.status).toBe(202);
    const fulfilment = await hub.request('POST', `/v1/orders/${otherId}/fulfillments`, {
      token: apiKey,
      body: {},
    });
    expect(fulfilment.status).toBe(409);
    await settledJob(hub, apiKey, (cancelJob.body as { jobId: string }).jobId);
  });

  it('a store that always fails: the push is a dead letter after its last attempt, listed, and replayed once the store is back', async () => {
    const wooId = seededOrder('processing');
    const orderId = await importOrder(hub, integration, String(wooId));
    proxy.add({
      method: 'GET',
      path: new RegExp(`/orders/${wooId}$`),
      action: {
        kind: 'status',
        status: 500,
        body: JSON.stringify({ code: 'internal_server_error', message: 'boom' }),
      },
      times: Number.POSITIVE_INFINITY,
    });
    const jobId = await fulfil(orderId, { tracking: TRACKING });
    const job = await settledJob(hub, apiKey, jobId, 30_000);
    expect(job.state).toBe('failed');
    expect(job.attempts).toBe(3);
    expect(job.lastError).toMatch(/500/);

    const pushId = jobId.slice('push:'.length);
    const letter = await waitFor('the dead letter', async () => {
      const list = await hub.request('GET', '/v1/dead-letters', { token: apiKey });
      return (list.body as { data: Json[] }).data.find((l) => (l.payload as Json).pushId === pushId);
    });
    expect(letter).toMatchObject({
      queue: 'push',
      jobName: 'fulfillment',
      attempts: 3,
      integrationId: integration.id,
    });
    expect(woo.store.getOrder(wooId)!.status).toBe('processing');

    proxy.clear();
    const replay = await hub.request('POST', `/v1/dead-letters/${String(letter.id)}/replay`, {
      token: apiKey,
    });
    expect(replay.status).toBe(202);
    const replayed = await settledJob(hub, apiKey, (replay.body as { jobId: string }).jobId);
    expect(replayed.state).toBe('completed');
    expect(woo.store.getOrder(wooId)!.status).toBe('completed');
    expect(notesWith(wooId, TRACKING.number)).toHaveLength(1);
    expect((await orderView(hub, apiKey, orderId)).status).toBe('fulfilled');
    const listed = await hub.request('GET', '/v1/dead-letters', { token: apiKey });
    expect((listed.body as { data: Json[] }).data.find((l) => l.id === letter.id)?.replayedAt).toEqual(
      expect.any(String),
    );
  }, 60_000);
});
