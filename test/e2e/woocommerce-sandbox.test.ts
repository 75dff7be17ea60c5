import { startWooCommerceSandbox, type WooSandbox } from '../../src/sandbox';
import type { TestHub } from '../helpers/hub';
import { allOrders, createTenant, eventually, jobDone, startE2eHub } from './helpers';

type Json = Record<string, unknown>;

describe('end to end: a WooCommerce sandbox store through the hub', () => {
  let hub: TestHub;
  let woo: WooSandbox;
  let apiKey: string;
  let integrationId: string;

  beforeAll(async () => {
    hub = await startE2eHub();
    woo = await startWooCommerceSandbox({ orders: 150, seed: 7 });
    apiKey = await createTenant(hub);
  });
  afterAll(async () => {
    await hub.stop();
    await woo.close();
  });

  it('connects through the setup endpoint, registers webhooks and backfills every order', async () => {
    const since = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const res = await hub.request('POST', '/v1/integrations', {
      token: apiKey,
      body: {
        platform: 'woocommerce',
        storeUrl: woo.url,
        credentials: woo.credentials,
        options: {
          backfillSince: new Date(Date.now() - 400 * 86_400_000).toISOString(),
          syncIntervalSeconds: 3600,
        },
      },
    });
    expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({
      status: 201,
      body: 'ok',
    });
    const integration = res.body as Json;
    integrationId = integration.id as string;
    expect(JSON.stringify(integration)).not.toContain(woo.credentials.consumerSecret);
    expect((integration.webhooks as Json[]).map((w) => w.topic).sort()).toEqual(
      ['order.created', 'order.deleted', 'order.restored', 'order.updated'].sort(),
    );
    expect(woo.store.listWebhooks().filter((w) => w.status === 'active')).toHaveLength(4);

    // The store's own count of orders changed since then (live and trashed), as its API reports it.
    const total = async (status: string) => {
      const res = await fetch(
        `${woo.url}/wp-json/wc/v3/orders?modified_after=${since.slice(0, 19)}&dates_are_gmt=true&per_page=1&status=${status}`,
        {
          headers: {
            authorization: `Basic ${Buffer.from(`${woo.credentials.consumerKey}:${woo.credentials.consumerSecret}`).toString('base64')}`,
          },
        },
      );
      return Number(res.headers.get('x-wp-total'));
    };
    const expected = (await total('any')) + (await total('trash'));
    expect(expected).toBeGreaterThan(5);
    const orders = await eventually(
      'the backfill',
      async () => {
        const list = await allOrders(hub, apiKey, integrationId);
        return list.length >= expected ? list : undefined;
      },
      60_000,
    );
    expect(orders).toHaveLength(expected);
    type Detail = { sync: { backfill: { windowsDone: number; windowsTotal: number; ordersSoFar: number } } };
    await eventually('backfill progress to finish', async () => {
      const d = (await hub.request('GET', `/v1/integrations/${integrationId}`, { token: apiKey }))
        .body as Detail;
      return d.sync.backfill.windowsDone === d.sync.backfill.windowsTotal ? d : undefined;
    });
  }, 90_000);

  it('takes a new order in real time from the store’s signed webhook', async () => {
    const created = woo.store.createOrder({ status: 'processing' });
    await woo.store.flushWebhooks();
    const order = await eventually('the webhook order', async () => {
      const list = await allOrders(hub, apiKey, integrationId);
      return list.find((o) => o.externalId === String(created.id));
    });
    const full = (await hub.request('GET', `/v1/orders/${order.id}`, { token: apiKey })).body as {
      history: { source: string }[];
      channel: string;
    };
    expect(full.channel).toBe('woocommerce');
    expect(full.history.map((h) => h.source)).toContain('webhook');
  });

  it('pushes a fulfilment with tracking back: the store completes the order and notes the tracking', async () => {
    const orders = await allOrders(hub, apiKey, integrationId);
    const target = orders.find((o) => o.status === 'processing');
    expect(target).toBeDefined();
    const res = await hub.request('POST', `/v1/orders/${target!.id}/fulfillments`, {
      token: apiKey,
      body: {
        tracking: { company: 'UPS', number: '1Z999AA10123456784', url: 'https://ups.example/1Z999' },
        notifyCustomer: true,
      },
    });
    expect(res.status).toBe(202);
    await jobDone(hub, apiKey, (res.body as { jobId: string }).jobId);
    const channelOrder = woo.store.getOrder(Number(target!.externalId));
    expect(channelOrder?.status).toBe('completed');
    expect(
      woo.store.listNotes(Number(target!.externalId)).some((n) => n.note.includes('1Z999AA10123456784')),
    ).toBe(true);
    const after = (await hub.request('GET', `/v1/orders/${target!.id}`, { token: apiKey })).body as {
      status: string;
      history: { source: string }[];
    };
    expect(after.status).toBe('fulfilled');
    expect(after.history.map((h) => h.source)).toContain('push');
    // Pushing the same fulfilment again is refused by the lifecycle: the hub knows the order is fulfilled.
    const again = await hub.request('POST', `/v1/orders/${target!.id}/fulfillments`, {
      token: apiKey,
      body: {},
    });
    expect(again.status).toBe(409);
  });

  it('pushes a stock level back for a SKU the store sells, and reports SKUs nobody sells', async () => {
    const product = woo.store.listProducts().find((p) => p.manage_stock === true && p.sku);
    expect(product).toBeDefined();
    await eventually('the catalog', async () => {
      const res = await hub.request('PUT', '/v1/inventory', {
        token: apiKey,
        body: { items: [{ sku: 'NOBODY-SELLS-THIS', available: 1 }] },
      });
      return (res.body as { unknownSkus: string[] }).unknownSkus.length === 1 ? true : undefined;
    });
    const res = await eventually('the SKU in the catalog', async () => {
      const r = await hub.request('PUT', '/v1/inventory', {
        token: apiKey,
        body: { items: [{ sku: product!.sku, available: 3 }] },
      });
      return (r.body as { unknownSkus: string[] }).unknownSkus.length === 0 ? r : undefined;
    });
    expect(res.status).toBe(202);
    await eventually(
      'the stock at the store',
      async () => woo.store.getProduct(product!.id)?.stock_quantity === 3,
    );
  });
});
