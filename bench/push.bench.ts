import { TenantStore } from '../src/db/tenant-store';
import { startWooCommerceSandbox, type WooSandbox } from '../src/sandbox';
import type { Catalog, CatalogProduct, CatalogVariant } from '../src/sandbox/seed/catalog';
import { WooCatalog } from '../src/sandbox/woocommerce/catalog';
import { freshDatabase, startHubProcesses } from './hub-processes';
import { round, writeResult } from './lib';

/**
 * `npm run bench:push`: the hub (API and worker processes) and three WooCommerce sandbox stores that
 * each sell the same 2,000 SKUs. 10,000 stock updates (random SKUs, explicit observation times, sent
 * as 1,000 requests of 10 items by 16 concurrent clients) fan out to the three stores. Reports the
 * channel calls made after coalescing and batching (from the stores' request logs), the time to
 * drain, and whether every store ends at the latest level of every SKU.
 */
const STORES = 3;
const SKUS = 2_000;
const UPDATES = 10_000;
const ITEMS_PER_REQUEST = 10;
const CLIENTS = 16;
const DRAIN_TIMEOUT_MS = 300_000;

const skuOf = (i: number) => `BENCH-${String(i + 1).padStart(5, '0')}`;

/** A catalog of simple products that track stock, one SKU each. */
function benchCatalog(): Catalog {
  const products: CatalogProduct[] = [];
  const variants: CatalogVariant[] = [];
  for (let i = 0; i < SKUS; i++) {
    const variant: CatalogVariant = {
      index: i,
      productIndex: i,
      position: 1,
      title: 'Default Title',
      options: ['Default Title'],
      sku: skuOf(i),
      priceUsd: 1000,
      compareAtUsd: null,
      grams: 100,
      stock: 10,
    };
    variants.push(variant);
    products.push({
      index: i,
      title: `Bench product ${i + 1}`,
      handle: `bench-product-${i + 1}`,
      vendor: 'Bench',
      productType: 'Bench',
      taxClass: 'standard',
      virtual: false,
      simple: true,
      optionNames: ['Title'],
      variants: [variant],
      homeLocation: 0,
      parentStock: null,
      tags: [],
    });
  }
  return { products, variants };
}

/** A sandbox store without orders whose catalog is the bench catalog. */
async function benchStore(seed: number): Promise<WooSandbox> {
  const woo = await startWooCommerceSandbox({ orders: 0, seed });
  const store = woo.store as unknown as { catalog: WooCatalog };
  store.catalog = new WooCatalog(
    benchCatalog(),
    woo.store.currency,
    woo.store.timeZone,
    () => woo.store.home,
    Date.now() - 400 * 86_400_000,
  );
  return woo;
}

function stockBySku(woo: WooSandbox): Map<string, number | null> {
  return new Map(woo.store.listProducts().map((p) => [p.sku, p.stock_quantity]));
}

async function main() {
  const ds = await freshDatabase();
  const { apiKey } = await new TenantStore(ds).create('bench');
  const stores = await Promise.all(Array.from({ length: STORES }, (_, i) => benchStore(100 + i)));
  const hub = await startHubProcesses();
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };

  try {
    // Connect the stores through the setup endpoint: it checks the keys and refreshes each catalog at once.
    const integrationIds: string[] = [];
    for (const woo of stores) {
      const created = await api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl: woo.url,
        credentials: woo.credentials,
        options: { registerWebhooks: false, syncIntervalSeconds: 3600 },
      });
      integrationIds.push(String(created.id));
    }
    const catalogStarted = Date.now();
    for (;;) {
      const [{ n }] = (await ds.query(
        'SELECT count(*)::int AS n FROM catalog_entries WHERE integration_id = ANY($1::uuid[])',
        [integrationIds],
      )) as [{ n: number }];
      if (n >= SKUS * STORES) break;
      if (Date.now() - catalogStarted > 120_000) throw new Error(`catalogs not refreshed (${n} entries)`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const catalogMs = Date.now() - catalogStarted;
    for (const woo of stores) woo.requests.clear();

    // 10,000 updates over 2,000 SKUs; each carries when it was observed, so "latest" is defined
    // whatever order the concurrent requests arrive in.
    const base = Date.now() - 60_000;
    const updates = Array.from({ length: UPDATES }, (_, seq) => ({
      sku: skuOf(Math.floor(Math.random() * SKUS)),
      available: Math.floor(Math.random() * 500),
      observedAt: new Date(base + seq).toISOString(),
    }));
    const latest = new Map<string, number>();
    for (const u of updates) latest.set(u.sku, u.available);
    const requests: (typeof updates)[] = [];
    for (let i = 0; i < updates.length; i += ITEMS_PER_REQUEST)
      requests.push(updates.slice(i, i + ITEMS_PER_REQUEST));
    // Shuffled: the requests do not arrive in observation order.
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [requests[i], requests[j]] = [requests[j]!, requests[i]!];
    }

    const started = Date.now();
    let next = 0;
    let unknown = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < requests.length) {
          const items = requests[next++]!;
          const answer = await api('PUT', '/v1/inventory', { items });
          unknown += (answer.unknownSkus as string[]).length;
        }
      }),
    );
    const sentMs = Date.now() - started;

    const wrong = () =>
      stores.map((woo) => {
        const stock = stockBySku(woo);
        let off = 0;
        for (const [sku, value] of latest) if (stock.get(sku) !== value) off++;
        return off;
      });
    let mismatches = wrong();
    while (mismatches.some((n) => n > 0) && Date.now() - started < DRAIN_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 100));
      mismatches = wrong();
    }
    const drainMs = Date.now() - started;
    // Anything still in flight after the stores are right (a late, redundant flush) is counted too.
    await new Promise((r) => setTimeout(r, 2_000));
    mismatches = wrong();
    const [{ pending }] = (await ds.query(
      `SELECT count(*)::int AS pending FROM inventory_levels
        WHERE pushed_observed_at IS NULL OR pushed_observed_at < observed_at`,
    )) as [{ pending: number }];

    const calls = stores.map((woo) => ({
      reads: woo.requests.filter('GET', /\/products$/).length,
      batchWrites: woo.requests.filter('POST', /\/products\/batch$/).length,
      otherWrites: woo.requests.entries.filter(
        (r) => r.method !== 'GET' && !r.path.endsWith('/products/batch'),
      ).length,
      throttled: woo.requests.entries.filter((r) => r.status === 429).length,
    }));
    const total = calls.reduce((sum, c) => sum + c.reads + c.batchWrites + c.otherWrites, 0);
    const writes = calls.reduce((sum, c) => sum + c.batchWrites + c.otherWrites, 0);
    const naive = UPDATES * STORES;

    writeResult({
      name: 'push',
      description: `${UPDATES.toLocaleString('en')} stock updates over ${SKUS.toLocaleString('en')} SKUs fanned out to ${STORES} WooCommerce sandbox stores (${ITEMS_PER_REQUEST} items a request, ${CLIENTS} clients, out of order); API and worker processes`,
      figures: [
        { metric: 'inventory requests answered', value: requests.length, unit: 'requests' },
        {
          metric: 'updates accepted/s (API)',
          value: Math.round(UPDATES / (sentMs / 1000)),
          unit: '/s',
        },
        { metric: 'channel calls, all stores (reads + writes)', value: total, unit: 'calls' },
        {
          metric: 'channel writes, all stores',
          value: writes,
          unit: 'calls',
          target: `≪ ${naive.toLocaleString('en')} (one per update per store)`,
          met: writes < naive / 20,
        },
        {
          metric: 'channel writes per store (max)',
          value: Math.max(...calls.map((c) => c.batchWrites + c.otherWrites)),
          unit: 'calls',
        },
        {
          metric: 'time to drain (first update → every store right)',
          value: round(drainMs / 1000, 1),
          unit: 's',
        },
        {
          metric: 'SKUs not at their latest level, all stores',
          value: mismatches.reduce((a, b) => a + b, 0),
          unit: 'SKUs',
          target: '0',
          met: mismatches.every((n) => n === 0),
        },
        { metric: 'levels left unpushed', value: pending, unit: 'levels', target: '0', met: pending === 0 },
        { metric: 'unknown SKUs reported', value: unknown, unit: 'SKUs', target: '0', met: unknown === 0 },
      ],
      notes: [
        `catalog refresh of ${STORES} × ${SKUS} SKUs through the setup endpoint: ${round(catalogMs / 1000, 1)} s`,
        `updates sent in ${round(sentMs / 1000, 1)} s; per store ${calls
          .map(
            (c, i) =>
              `#${i + 1}: ${c.reads} reads, ${c.batchWrites} batch writes, ${c.otherWrites} other writes, ${c.throttled} × 429`,
          )
          .join('; ')}`,
        'the WooCommerce rate budget (10 requests, 5/s per store) bounds the drain: a batch of 100 stock levels takes one read and one write',
        `${latest.size} distinct SKUs were updated`,
      ],
    });
  } finally {
    await hub.stop();
    await Promise.all(stores.map((woo) => woo.close()));
    await ds.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
