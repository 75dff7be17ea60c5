import { startShopifySandbox, type ShopifySandbox } from '../../src/sandbox';
import type { TestHub } from '../helpers/hub';
import { allOrders, createTenant, eventually, jobDone, startE2eHub } from './helpers';

type Json = Record<string, unknown>;

describe('end to end: a Shopify sandbox store through the hub', () => {
  let hub: TestHub;
  let shop: ShopifySandbox;
  let apiKey: string;
  let integrationId: string;

  beforeAll(async () => {
    hub = await startE2eHub();
    // A Plus-sized bucket: the test measures behaviour, not Shopify's pace on a Basic plan.
    shop = await startShopifySandbox({ orders: 60, seed: 11, plan: 'plus', bulkMinDurationMs: 0 });
    apiKey = await createTenant(hub);
  });
  afterAll(async () => {
    await hub.stop();
    await shop.close();
  });

  it('connects with an access token, subscribes webhooks on the pinned version and backfills every order', async () => {
    const res = await hub.request('POST', '/v1/integrations', {
      token: apiKey,
      body: {
        platform: 'shopify',
        storeUrl: shop.url,
        credentials: shop.credentials,
        options: {
          backfillSince: new Date(Date.now() - 400 * 86_400_000).toISOString(),
          syncIntervalSeconds: 3600,
        },
      },
    });
    expect({ status: res.status, error: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      error: null,
    });
    const integration = res.body as Json;
    integrationId = integration.id as string;
    expect(JSON.stringify(integration)).not.toContain(shop.credentials.accessToken);
    const topics = shop.store.listSubscriptions().map((s) => s.topic);
    expect(topics).toEqual(
      expect.arrayContaining(['ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_DELETE', 'APP_UNINSTALLED']),
    );

    const orders = await eventually(
      'the backfill',
      async () => {
        const list = await allOrders(hub, apiKey, integrationId);
        return list.length >= shop.store.orderCount ? list : undefined;
      },
      90_000,
    );
    expect(orders).toHaveLength(shop.store.orderCount);
  }, 120_000);

  it('takes a new order in real time from the store’s signed webhook, identical to what a sync maps', async () => {
    const created = shop.store.createOrder({});
    await shop.store.flushWebhooks();
    const order = await eventually('the webhook order', async () => {
      const list = await allOrders(hub, apiKey, integrationId);
      return list.find((o) => o.externalId === String(created.id));
    });
    const viaWebhook = (await hub.request('GET', `/v1/orders/${order.id}`, { token: apiKey }))
      .body as Json & { history: { source: string }[] };
    expect(viaWebhook.history.map((h) => h.source)).toContain('webhook');
    // The same order read by a sync (GraphQL) maps to the same canonical document: no new version is written.
    const sync = await hub.request('POST', `/v1/integrations/${integrationId}/sync`, {
      token: apiKey,
      body: { mode: 'incremental' },
    });
    await jobDone(hub, apiKey, (sync.body as { jobId: string }).jobId);
    const afterSync = (await hub.request('GET', `/v1/orders/${order.id}`, { token: apiKey })).body as Json & {
      history: unknown[];
    };
    const { history: _h1, ...webhookDoc } = viaWebhook;
    const { history: h2, ...syncDoc } = afterSync;
    expect(syncDoc).toEqual(webhookDoc);
    expect(h2).toHaveLength(1);
  });

  it('pushes a fulfilment with tracking back to the store’s fulfillment orders', async () => {
    const orders = await allOrders(hub, apiKey, integrationId);
    const target = orders.find((o) => o.status === 'processing' && o.fulfillmentStatus === 'unfulfilled');
    expect(target).toBeDefined();
    const res = await hub.request('POST', `/v1/orders/${target!.id}/fulfillments`, {
      token: apiKey,
      body: {
        tracking: {
          company: 'DHL',
          number: 'JD014600006281230704',
          url: 'https://dhl.example/JD014600006281230704',
        },
      },
    });
    expect(res.status).toBe(202);
    await jobDone(hub, apiKey, (res.body as { jobId: string }).jobId);
    const channel = shop.store.getOrder(Number(target!.externalId)) as unknown as {
      fulfillment_status: string | null;
      fulfillments: { tracking_number: string }[];
    };
    expect(channel.fulfillment_status).toBe('fulfilled');
    expect(channel.fulfillments.map((f) => f.tracking_number)).toEqual(['JD014600006281230704']);
    const after = (await hub.request('GET', `/v1/orders/${target!.id}`, { token: apiKey })).body as {
      fulfillmentStatus: string;
      fulfillments: { trackingNumbers: string[] }[];
      history: { source: string }[];
    };
    expect(after.fulfillmentStatus).toBe('fulfilled');
    expect(after.fulfillments[0]?.trackingNumbers).toEqual(['JD014600006281230704']);
    expect(after.history.map((h) => h.source)).toContain('push');
  });

  it('sets a stock level for a SKU at the store', async () => {
    const variant = shop.store.catalog.catalog.variants.find((v) => shop.store.catalog.tracked(v))!;
    await eventually('the SKU in the catalog', async () => {
      const r = await hub.request('PUT', '/v1/inventory', {
        token: apiKey,
        body: { items: [{ sku: variant.sku, available: 4 }] },
      });
      return (r.body as { unknownSkus: string[] }).unknownSkus.length === 0 ? r : undefined;
    });
    await eventually('the level at the store', async () =>
      shop.store.catalog.levelsOfItem(variant.index).some((l) => l.quantities.available === 4),
    );
  });
});
