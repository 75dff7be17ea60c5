import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import type { Integration } from '../../../src/db/integration-store';
import type { TestHub } from '../../helpers/hub';
import { nock } from '../../unit/shopify/helpers/nock';
import { connectStore, createTenant, refreshCatalogs, startPushHub, waitFor } from './helpers/hub';
import { FakeShopifyStore, type FakeVariant } from './helpers/shopify-fake';

const SHOP = 'push-stock.myshopify.com';

/** The level WooCommerce shows for a SKU: its own, or its parent's when the variation sells from the parent's stock. */
function wooStock(woo: WooSandbox, sku: string): number | null | undefined {
  for (const product of woo.store.listProducts()) {
    if (product.sku === sku) return product.stock_quantity;
    for (const variation of woo.store.listVariations(product.id)) {
      if (variation.sku !== sku) continue;
      return variation.manage_stock === 'parent' ? product.stock_quantity : variation.stock_quantity;
    }
  }
  return undefined;
}

function wooProductId(woo: WooSandbox, sku: string): number {
  const product = woo.store.listProducts().find((p) => p.sku === sku);
  if (!product) throw new Error(`no product ${sku}`);
  return product.id;
}

const stockWrites = (woo: WooSandbox) =>
  woo.requests.entries.filter((r) => r.method !== 'GET' && r.path.includes('/products'));
const stockReads = (woo: WooSandbox) =>
  woo.requests.entries.filter((r) => r.method === 'GET' && r.path.includes('/products'));

describe('stock levels pushed to every store that sells the SKU (2 WooCommerce sandboxes, 1 Shopify store)', () => {
  let a: WooSandbox;
  let b: WooSandbox;
  let shop: FakeShopifyStore;
  let hub: TestHub;
  let apiKey: string;
  let stores: { a: Integration; b: Integration; shop: Integration };
  let tee: string;
  let mug: string;
  let shopTee: FakeVariant;

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startWooCommerceSandbox({ orders: 5, seed: 31 }),
      startWooCommerceSandbox({ orders: 5, seed: 32 }),
    ]);
    tee = a.store.listProducts()[0]!.sku;
    mug = a.store.listProducts()[1]!.sku;
    // Store A sells the mug under a SKU of its own; store B under the common one.
    a.store.updateProduct(wooProductId(a, mug), { sku: 'ONLY-A-MUG' });
    shop = new FakeShopifyStore(`https://${SHOP}`).listen();
    shopTee = shop.addVariant(tee, 5);
    shop.addVariant('ONLY-SHOPIFY', 3);
    shop.addVariant('UNTRACKED-ON-SHOPIFY', 0, false);

    hub = await startPushHub({ HUB_ALLOWED_STORE_HOSTS: `127.0.0.1,localhost,${SHOP}` });
    const tenant = await createTenant(hub);
    apiKey = tenant.apiKey;
    const woo = (sandbox: WooSandbox) =>
      connectStore(hub, tenant.tenantId, {
        platform: 'woocommerce',
        storeUrl: sandbox.url,
        credentials: { ...sandbox.credentials },
      });
    stores = {
      a: await woo(a),
      b: await woo(b),
      shop: await connectStore(hub, tenant.tenantId, {
        platform: 'shopify',
        storeUrl: `https://${SHOP}`,
        credentials: { accessToken: 'shpat_stock_test', apiSecretKey: 'stock-test-secret' },
      }),
    };
    await refreshCatalogs(hub, [stores.a.id, stores.b.id, stores.shop.id]);
  });

  afterAll(async () => {
    await hub?.stop();
    await Promise.all([a?.close(), b?.close()]);
    nock.cleanAll();
  });

  function clearLogs(): void {
    a.requests.clear();
    b.requests.clear();
    shop.log.length = 0;
  }

  async function putInventory(items: Record<string, unknown>[]) {
    const res = await hub.request('PUT', '/v1/inventory', { token: apiKey, body: { items } });
    expect(res.status).toBe(202);
    return res.body as { jobs: number; unknownSkus: string[] };
  }

  /** Waits until no stock flush is waiting or running, and no level is left to push. */
  async function drained(): Promise<void> {
    await waitFor('the stock flushes to drain', async () => {
      const counts = await hub.hub.queues.push.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      const pending: { n: string }[] = await hub.hub.ds.query(
        `SELECT count(*) AS n FROM inventory_levels WHERE integration_id = ANY($1::uuid[])
            AND (pushed_observed_at IS NULL OR pushed_observed_at < observed_at)`,
        [[stores.a.id, stores.b.id, stores.shop.id]],
      );
      return Object.values(counts).every((n) => n === 0) && pending[0]!.n === '0';
    });
  }

  it('refreshes each store’s catalog from the store', async () => {
    const rows: { integration_id: string; n: string }[] = await hub.hub.ds.query(
      'SELECT integration_id, count(*) AS n FROM catalog_entries WHERE integration_id = ANY($1::uuid[]) GROUP BY 1',
      [[stores.a.id, stores.b.id, stores.shop.id]],
    );
    const count = new Map(rows.map((r) => [r.integration_id, Number(r.n)]));
    expect(count.get(stores.a.id)).toBeGreaterThan(50);
    expect(count.get(stores.b.id)).toBe(count.get(stores.a.id));
    expect(count.get(stores.shop.id)).toBe(3);
  });

  it('sends a SKU to every store that sells it, and reports the SKUs no store sells', async () => {
    clearLogs();
    const mugOnB = wooStock(b, mug);
    const answer = await putInventory([
      { sku: tee, available: 17 },
      { sku: 'ONLY-A-MUG', available: 4 },
      { sku: 'ONLY-SHOPIFY', available: 8 },
      { sku: 'NOBODY-SELLS-THIS', available: 1 },
    ]);
    expect(answer).toEqual({ jobs: 3, unknownSkus: ['NOBODY-SELLS-THIS'] });
    await waitFor(
      'every store to show the new levels',
      () =>
        wooStock(a, tee) === 17 &&
        wooStock(b, tee) === 17 &&
        shopTee.levels.get(shop.primaryLocationId) === 17,
    );
    await drained();
    expect(wooStock(a, 'ONLY-A-MUG')).toBe(4);
    expect(wooStock(b, mug)).toBe(mugOnB);
    expect(shop.variants.find((v) => v.sku === 'ONLY-SHOPIFY')!.levels.get(shop.primaryLocationId)).toBe(8);
    // Shopify: one compare-and-swap write with the levels just read.
    const sets = shop.operations('InventorySetQuantities');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.variables).toMatchObject({
      input: {
        name: 'available',
        quantities: expect.arrayContaining([
          expect.objectContaining({
            inventoryItemId: `gid://shopify/InventoryItem/${shopTee.inventoryItemId}`,
            quantity: 17,
            changeFromQuantity: 5,
          }),
        ]),
      },
    });
  });

  it('gathers many updates of one SKU in the window into one call per store carrying the latest level', async () => {
    await drained();
    clearLogs();
    const base = Date.now();
    // Sent all at once: they arrive in any order; the latest observed wins.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        putInventory([{ sku: tee, available: 100 + i, observedAt: new Date(base + i).toISOString() }]),
      ),
    );
    await drained();
    expect([wooStock(a, tee), wooStock(b, tee), shopTee.levels.get(shop.primaryLocationId)]).toEqual([
      119, 119, 119,
    ]);
    for (const woo of [a, b]) {
      expect(stockWrites(woo).map((r) => `${r.method} ${r.path.replace(/.*\/wc\/v3/, '')}`)).toEqual([
        'POST /products/batch',
      ]);
      expect(stockReads(woo)).toHaveLength(1);
    }
    expect(shop.operations('InventorySetQuantities')).toHaveLength(1);
  });

  it('takes quick updates without observedAt in the order they came', async () => {
    await drained();
    for (let i = 0; i < 10; i++) await putInventory([{ sku: tee, available: 200 + i }]);
    await drained();
    expect([wooStock(a, tee), wooStock(b, tee), shopTee.levels.get(shop.primaryLocationId)]).toEqual([
      209, 209, 209,
    ]);
  });

  it('never lets an older level overwrite a newer one, across requests or within one', async () => {
    await drained();
    const sku = a.store.listProducts()[2]!.sku;
    // Observed in the past: what later tests send without observedAt ("now") still wins.
    const t = Date.now() - 60_000;
    await putInventory([{ sku, available: 50, observedAt: new Date(t + 2_000).toISOString() }]);
    await drained();
    expect([wooStock(a, sku), wooStock(b, sku)]).toEqual([50, 50]);
    clearLogs();
    await putInventory([{ sku, available: 10, observedAt: new Date(t + 1_000).toISOString() }]);
    await drained();
    expect([wooStock(a, sku), wooStock(b, sku)]).toEqual([50, 50]);
    expect([...stockWrites(a), ...stockWrites(b)]).toEqual([]);

    // The same SKU twice in one request: the later observation wins, whatever its place in the list.
    await putInventory([
      { sku, available: 61, observedAt: new Date(t + 4_000).toISOString() },
      { sku, available: 60, observedAt: new Date(t + 3_000).toISOString() },
    ]);
    await drained();
    expect([wooStock(a, sku), wooStock(b, sku)]).toEqual([61, 61]);
  });

  it('takes concurrent requests whose SKUs overlap, in any order, without failing one', async () => {
    await drained();
    const skus = a.store
      .listProducts()
      .filter((p) => p.manage_stock === true && p.type === 'simple')
      .slice(3, 9)
      .map((p) => p.sku);
    const base = Date.now() - 30_000;
    let seq = 0;
    const requests = Array.from({ length: 40 }, () =>
      [...skus]
        .sort(() => Math.random() - 0.5)
        .map((sku) => ({
          sku,
          available: 300 + (seq % 100),
          observedAt: new Date(base + seq++).toISOString(),
        })),
    );
    const latest = new Map(requests.flat().map((item) => [item.sku, item.available]));
    const answers = await Promise.all(
      requests.map((items) => hub.request('PUT', '/v1/inventory', { token: apiKey, body: { items } })),
    );
    expect(answers.map((r) => r.status).filter((status) => status !== 202)).toEqual([]);
    await drained();
    for (const sku of skus)
      expect([sku, wooStock(a, sku), wooStock(b, sku)]).toEqual([sku, latest.get(sku), latest.get(sku)]);
  });

  it('sets a whole catalog through the batch endpoints, at most 100 items a request', async () => {
    await drained();
    clearLogs();
    const entries: { sku: string }[] = await hub.hub.ds.query(
      'SELECT sku FROM catalog_entries WHERE integration_id = $1 AND manages_stock ORDER BY sku',
      [stores.a.id],
    );
    const answer = await putInventory(entries.map((e) => ({ sku: e.sku, available: 42 })));
    expect(answer.unknownSkus).toEqual([]);
    await drained();
    for (const { sku } of entries) expect([sku, wooStock(a, sku)]).toEqual([sku, 42]);
    const writes = stockWrites(a).map((r) => `${r.method} ${r.path.replace(/.*\/wc\/v3/, '')}`);
    expect(writes.filter((w) => w === 'POST /products/batch')).toHaveLength(1);
    expect(writes.every((w) => /^POST \/products(\/\d+\/variations)?\/batch$/.test(w))).toBe(true);
    const variable = a.store.listProducts().filter((p) => a.store.listVariations(p.id).length > 0);
    expect(writes.length).toBeLessThanOrEqual(1 + variable.length);
  });
});
