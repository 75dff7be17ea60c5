import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { CredentialCipher } from '../src/db/credential-cipher';
import { IntegrationStore } from '../src/db/integration-store';
import { TenantStore } from '../src/db/tenant-store';
import { BENCH_ENCRYPTION_KEY, freshDatabase, startHubProcesses } from './hub-processes';
import { percentile, round, writeResult } from './lib';
import { type SignedDelivery, signedOrderDelivery } from './webhook-load';

/**
 * `npm run bench:webhooks`: the hub (API and worker processes) on loopback; signed WooCommerce
 * order webhooks across many integrations, with a share of duplicates. Reports accepted/s, answer
 * latency, end-to-end latency (sent → order queryable) and a count check.
 */
const INTEGRATIONS = 50;
const SECRET = 'bench-webhook-secret';

async function main() {
  const ds = await freshDatabase();
  const cipher = new CredentialCipher({
    active: { id: 'bench', key: Buffer.from(BENCH_ENCRYPTION_KEY, 'base64') },
    previous: [],
  });
  const { tenant } = await new TenantStore(ds).create('bench');
  const integrations = new IntegrationStore(ds, cipher);
  const ids: string[] = [];
  for (let i = 0; i < INTEGRATIONS; i++) {
    const id = randomUUID();
    await integrations.create({
      id,
      tenantId: tenant.id,
      platform: 'woocommerce',
      storeUrl: `https://bench-${i}.example.com`,
      options: { syncIntervalSeconds: 300, backfillSince: '2026-01-01T00:00:00Z', registerWebhooks: false },
      facts: {
        name: null,
        currency: 'USD',
        timezone: 'UTC',
        taxesIncluded: false,
        platformVersion: '11.0.1',
        plan: null,
        grantedScopes: [],
        missingScopes: [],
        canWrite: true,
        warnings: [],
      },
      connectorState: {},
      credentials: { consumerKey: 'ck_bench', consumerSecret: 'cs_bench', webhookSecret: SECRET },
    });
    ids.push(id);
  }
  const hub = await startHubProcesses();
  let nextOrder = 1;
  const makeBatch = (n: number, duplicateShare: number): SignedDelivery[] => {
    const batch: SignedDelivery[] = [];
    for (let i = 0; i < n; i++) {
      if (batch.length > 0 && Math.random() < duplicateShare)
        batch.push(batch[Math.floor(Math.random() * batch.length)]!);
      else batch.push(signedOrderDelivery(ids[nextOrder % INTEGRATIONS]!, SECRET, nextOrder++, 1));
    }
    return batch;
  };

  const sentAt = new Map<string, number>();
  const fire = async (
    deliveries: SignedDelivery[],
    options: { connections: number; overallRate?: number },
  ) => {
    let i = 0;
    const result = await autocannon({
      url: hub.baseUrl,
      connections: options.connections,
      amount: deliveries.length,
      ...(options.overallRate ? { overallRate: options.overallRate } : {}),
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const d = deliveries[i++ % deliveries.length]!;
            const key = `${d.integrationId}:${d.orderId}`;
            if (!sentAt.has(key)) sentAt.set(key, Date.now());
            return {
              ...req,
              path: `/webhooks/woocommerce/${d.integrationId}`,
              headers: d.headers,
              body: d.body,
            };
          },
        },
      ],
    });
    return result;
  };

  const all: SignedDelivery[] = [];
  // Warm-up, then full speed.
  const warm = makeBatch(1000, 0);
  all.push(...warm);
  await fire(warm, { connections: 32 });
  const burst = makeBatch(20_000, 0.1);
  all.push(...burst);
  const speed = await fire(burst, { connections: 64 });
  const accepted = speed.requests.average;

  // Answer latency at a steady 1,000/s, once the burst's backlog is stored (steady state, workers keeping up).
  await waitForDrain(ds, distinctOrders(all), 180_000);
  const steady = makeBatch(10_000, 0.1);
  all.push(...steady);
  const paced = await fire(steady, { connections: 32, overallRate: 1000 });

  // End to end at 500 orders/s: sent → row in PostgreSQL, on a fresh set of orders.
  await waitForDrain(ds, distinctOrders(all), 180_000);
  const e2eBatch = makeBatch(5_000, 0);
  all.push(...e2eBatch);
  const e2eKeys = new Set(e2eBatch.map((d) => `${d.integrationId}:${d.orderId}`));
  for (const k of e2eKeys) sentAt.delete(k);
  await fire(e2eBatch, { connections: 16, overallRate: 500 });
  await waitForDrain(ds, distinctOrders(all), 180_000);
  const rows: { integration_id: string; external_id: string; created_ms: string }[] = await ds.query(
    `SELECT integration_id, external_id, (extract(epoch from created_at) * 1000)::bigint AS created_ms FROM orders
      WHERE external_id::bigint >= $1`,
    [e2eBatch[0]!.orderId],
  );
  const e2e = rows
    .map((r) => Number(r.created_ms) - (sentAt.get(`${r.integration_id}:${r.external_id}`) ?? NaN))
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);

  const [{ n: stored }] = await ds.query('SELECT count(*)::int AS n FROM orders');
  const [{ n: histories }] = await ds.query('SELECT count(*)::int AS n FROM order_history');
  const distinct = distinctOrders(all);
  await hub.stop();
  await ds.destroy();

  writeResult({
    name: 'webhooks',
    description: `signed WooCommerce order webhooks (${Math.round(all[0]!.body.length / 1024)} KB bodies) over ${INTEGRATIONS} integrations, 10 % duplicates; API and worker processes`,
    figures: [
      {
        metric: 'accepted webhooks/s (64 connections)',
        value: Math.round(accepted),
        unit: '/s',
        target: '≥ 3000',
        met: accepted >= 3000,
      },
      { metric: 'answer latency p50 at 1,000/s', value: paced.latency.p50, unit: 'ms' },
      {
        metric: 'answer latency p99 at 1,000/s',
        value: paced.latency.p99,
        unit: 'ms',
        target: '< 50',
        met: paced.latency.p99 < 50,
      },
      { metric: 'end-to-end p50 at 500/s (sent → stored)', value: percentile(e2e, 50), unit: 'ms' },
      {
        metric: 'end-to-end p99 at 500/s (sent → stored)',
        value: percentile(e2e, 99),
        unit: 'ms',
        target: '< 1000',
        met: percentile(e2e, 99) < 1000,
      },
      { metric: 'distinct orders sent', value: distinct, unit: 'orders' },
      {
        metric: 'orders stored',
        value: stored,
        unit: 'orders',
        target: '= distinct sent',
        met: stored === distinct,
      },
      {
        metric: 'doubled writes (history entries − orders)',
        value: histories - stored,
        unit: 'writes',
        target: '0',
        met: histories === stored,
      },
      { metric: 'non-2xx answers', value: speed.non2xx + paced.non2xx, unit: 'answers' },
    ],
    notes: [`burst: ${speed.requests.total} requests in ${round(speed.duration, 1)} s`],
  });
}

function distinctOrders(all: SignedDelivery[]): number {
  return new Set(all.map((d) => `${d.integrationId}:${d.orderId}`)).size;
}

async function waitForDrain(
  ds: import('typeorm').DataSource,
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM orders');
    if (n >= expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
