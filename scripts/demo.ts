/**
 * `npm run demo` (or `bash scripts/hub.sh demo`): the hub with two sandbox stores, live.
 * Starts the hub (API + workers) on local PostgreSQL and Redis, a sandbox WooCommerce store and a
 * sandbox Shopify store, connects both through the setup endpoint, streams new orders into them,
 * pushes a fulfilment and a stock level back, shows it all as it happens, then leaves the hub
 * running with its dashboard.
 */
import { loadConfig } from '../src/config';
import { createConnectorRegistry } from '../src/connectors';
import { createDataSource, ensureDatabase } from '../src/db/data-source';
import { createLogger } from '../src/observability/logger';
import { startHub } from '../src/runtime';
import { startShopifySandbox, startWooCommerceSandbox } from '../src/sandbox';

const env = {
  ...process.env,
  HUB_ALLOWED_STORE_HOSTS: `127.0.0.1,localhost,${process.env.HUB_ALLOWED_STORE_HOSTS ?? ''}`,
};
const config = loadConfig(env);
const tty = process.stdout.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const green = (s: string) => (tty ? `\x1b[32m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

interface Store {
  name: string;
  platform: 'woocommerce' | 'shopify';
  integrationId: string;
  channelOrders: () => number;
  createOrder: () => void;
  flush: () => Promise<void>;
}

const events: string[] = [];
const say = (line: string) => {
  events.push(`${new Date().toISOString().slice(11, 19)}  ${line}`);
  if (!tty) console.log(line);
};

async function main() {
  await ensureDatabase(config.databaseUrl);
  const migrations = createDataSource(config.databaseUrl, { poolSize: 1 });
  await migrations.initialize();
  await migrations.runMigrations({ transaction: 'all' });
  await migrations.destroy();

  const running = await startHub(config, {
    role: 'all',
    registry: createConnectorRegistry(config),
    log: createLogger('error'),
  });
  await running.hub.databaseConnected();
  const base = running.address!;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };
  say(`hub listening on ${base}`);

  const woo = await startWooCommerceSandbox({ orders: 300, seed: 42 });
  const shop = await startShopifySandbox({ orders: 150, seed: 42, plan: 'plus', bulkMinDurationMs: 0 });
  say(`sandbox WooCommerce store at ${woo.url} (${woo.store.orderCount} orders)`);
  say(`sandbox Shopify store at ${shop.url} (${shop.store.orderCount} orders)`);

  const tenant = await call('POST', '/v1/tenants', config.adminToken, { name: 'Demo merchant' });
  if (tenant.status !== 201) throw new Error(`creating the tenant failed: ${JSON.stringify(tenant.body)}`);
  const apiKey = tenant.body.apiKey as string;
  say(`tenant "Demo merchant" created; API key ${apiKey}`);

  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const connect = async (platform: string, storeUrl: string, credentials: object) => {
    const res = await call('POST', '/v1/integrations', apiKey, {
      platform,
      storeUrl,
      credentials,
      options: { backfillSince: since, syncIntervalSeconds: 60 },
    });
    if (res.status !== 201) throw new Error(`connecting ${platform} failed: ${JSON.stringify(res.body)}`);
    say(
      `${platform} connected (${(res.body.webhooks as unknown[]).length} webhooks registered); backfill of the last 30 days started`,
    );
    return res.body.id as string;
  };
  const stores: Store[] = [
    {
      name: 'WooCommerce',
      platform: 'woocommerce',
      integrationId: await connect('woocommerce', woo.url, woo.credentials),
      channelOrders: () => woo.store.orderCount,
      createOrder: () => void woo.store.createOrder({ status: 'processing' }),
      flush: () => woo.store.flushWebhooks(),
    },
    {
      name: 'Shopify',
      platform: 'shopify',
      integrationId: await connect('shopify', shop.url, shop.credentials),
      channelOrders: () => shop.store.orderCount,
      createOrder: () => void shop.store.createOrder({}),
      flush: () => shop.store.flushWebhooks(),
    },
  ];

  const stats = async () =>
    Promise.all(
      stores.map(async (s) => {
        const detail = await call('GET', `/v1/integrations/${s.integrationId}`, apiKey);
        const sync = detail.body.sync as {
          backfill: { windowsDone: number; windowsTotal: number; ordersSoFar: number } | null;
          ordersSynced: number;
        };
        const [{ n, webhooks }] = await running.hub.ds.query(
          `SELECT count(*)::int AS n, (SELECT count(*)::int FROM webhook_deliveries WHERE integration_id = $1) AS webhooks FROM orders WHERE integration_id = $1`,
          [s.integrationId],
        );
        return { s, inHub: n as number, webhooks: webhooks as number, backfill: sync.backfill };
      }),
    );

  const draw = async () => {
    if (!tty) return;
    const rows = await stats();
    const lines = [
      bold('Channel Hub demo') + dim(`  ${base}`),
      '',
      ...rows.map(({ s, inHub, webhooks, backfill }) => {
        const bf = backfill
          ? `backfill ${backfill.windowsDone}/${backfill.windowsTotal} windows`
          : 'backfill starting';
        return `  ${s.name.padEnd(12)} orders in the hub ${String(inHub).padStart(4)}   webhooks received ${String(webhooks).padStart(3)}   ${bf}`;
      }),
      '',
      ...events.slice(-14).map((e) => `  ${dim(e)}`),
    ];
    process.stdout.write(`\x1b[H\x1b[2J${lines.join('\n')}\n`);
  };
  const ticker = setInterval(() => void draw().catch(() => undefined), 400);

  // Live orders: new orders keep arriving at both stores, and reach the hub by webhook.
  for (let i = 0; i < 20; i++) {
    const store = stores[i % 2]!;
    store.createOrder();
    await store.flush();
    if (i % 5 === 4) say(`${store.name}: a customer placed an order (webhook on its way)`);
    await new Promise((r) => setTimeout(r, 400));
  }

  // Push back: fulfil one processing order on each store, with tracking.
  for (const store of stores) {
    const list = await call(
      'GET',
      `/v1/orders?integrationId=${store.integrationId}&status=processing&limit=1`,
      apiKey,
    );
    const order = (list.body.data as { id: string; orderNumber: string }[])[0];
    if (!order) continue;
    const res = await call('POST', `/v1/orders/${order.id}/fulfillments`, apiKey, {
      tracking: { company: 'UPS', number: `1Z${Date.now()}`, url: 'https://www.ups.com/track' },
      notifyCustomer: true,
    });
    say(`${store.name}: fulfilment of order ${order.orderNumber} queued (${res.body.jobId as string})`);
    for (let i = 0; i < 100; i++) {
      const job = await call('GET', `/v1/jobs/${res.body.jobId as string}`, apiKey);
      if (job.body.state === 'completed') {
        const after = await call('GET', `/v1/orders/${order.id}`, apiKey);
        say(
          green(
            `${store.name}: order ${order.orderNumber} is ${after.body.status as string} on the channel and in the hub`,
          ),
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  // Stock: one SKU the WooCommerce store sells, to 7.
  const product = woo.store.listProducts().find((p) => p.manage_stock === true && p.sku);
  if (product) {
    for (let i = 0; i < 50; i++) {
      const res = await call('PUT', '/v1/inventory', apiKey, { items: [{ sku: product.sku, available: 7 }] });
      if ((res.body.unknownSkus as string[]).length === 0) {
        say(`stock of ${product.sku} set to 7: ${res.body.jobs as number} store(s) sell it`);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    for (let i = 0; i < 50 && woo.store.getProduct(product.id)?.stock_quantity !== 7; i++)
      await new Promise((r) => setTimeout(r, 200));
    if (woo.store.getProduct(product.id)?.stock_quantity === 7)
      say(green(`WooCommerce: ${product.sku} now shows 7 in stock`));
  }

  await draw().catch(() => undefined);
  clearInterval(ticker);
  const rows = await stats();
  console.log('');
  for (const r of rows)
    console.log(`  ${r.s.name}: ${r.inHub} orders in the hub, ${r.webhooks} webhook deliveries`);
  console.log(`
${bold('The hub keeps running.')} Look around:
  API docs         ${base}/docs
  Queue dashboard  ${base}/admin/queues   (user: anything, password: the admin token "${config.adminToken}")
  Metrics          ${base}/metrics
  Orders           curl -s '${base}/v1/orders?limit=5' -H 'Authorization: Bearer ${apiKey}'
Ctrl-C stops the hub and the sandbox stores.`);

  const stop = async () => {
    await running.stop();
    await woo.close();
    await shop.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});
