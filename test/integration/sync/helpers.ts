import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { createConnectorRegistry } from '../../../src/connectors';
import type { CanonicalOrder } from '../../../src/core/canonical/types';
import { ConnectorRegistry } from '../../../src/core/registry';
import type { ConnectorContext, OrderPage, OrderPageRequest } from '../../../src/core/integration';
import type { Sleep } from '../../../src/core/retry-policy';
import { WooCommerceIntegration } from '../../../src/connectors/woocommerce';
import { parseJsonExact, type JsonValue } from '../../../src/core/json';
import type { Role } from '../../../src/runtime';
import type { LoggedRequest, WooSandbox } from '../../../src/sandbox';
import { startTestHub, TEST_ADMIN_TOKEN, testConfig, type TestHub } from '../../helpers/hub';

export type Json = Record<string, unknown>;

/**
 * The sandbox is a local store with no rate limit of its own: the WooCommerce default budget (a
 * conservative 5 requests/s for real stores) would make every test wait on the governor. The
 * 429 test checks what the governor learns against this budget.
 */
export const SANDBOX_BUDGET = { capacity: 500, refillPerSecond: 1_000 };

export function wooRegistry(budget = SANDBOX_BUDGET): ConnectorRegistry {
  const registry = createConnectorRegistry(testConfig());
  Object.assign(registry.get('woocommerce').descriptor.rateBudget, budget);
  return registry;
}

export interface PageRecord {
  integrationId: string;
  lane: string;
  window: { from: string; to: string };
  cursor: string | null;
  orders: number;
  ids: string[];
  nextCursor: string | null;
  at: number;
}

/**
 * The real WooCommerce connector, recording every page it reads and able to run a hook before a
 * page is asked for: tests change the store "between two pages" at an exact point, or make the
 * worker fail there.
 */
export class TestWoo extends WooCommerceIntegration {
  readonly pages: PageRecord[] = [];
  beforePage: ((request: OrderPageRequest, ctx: ConnectorContext) => Promise<void> | void) | null = null;

  override async listOrders(ctx: ConnectorContext, request: OrderPageRequest): Promise<OrderPage> {
    await this.beforePage?.(request, ctx);
    const page = await super.listOrders(ctx, request);
    this.pages.push({
      integrationId: ctx.integrationId,
      lane: ctx.lane,
      window: { from: request.window.from.toISOString(), to: request.window.to.toISOString() },
      cursor: request.cursor,
      orders: page.orders.length,
      ids: page.orders.map((o) => o.externalId),
      nextCursor: page.nextCursor,
      at: Date.now(),
    });
    return page;
  }

  pagesOf(integrationId: string, since = 0): PageRecord[] {
    return this.pages.filter((p) => p.integrationId === integrationId && p.at >= since);
  }
}

/** A registry with the recording WooCommerce connector (and the real Shopify one). */
export function testRegistry(options: { budget?: typeof SANDBOX_BUDGET; sleep?: Sleep } = {}): {
  registry: ConnectorRegistry;
  woo: TestWoo;
} {
  const config = testConfig();
  const woo = new TestWoo({
    httpTimeoutMs: 10_000,
    isPlainHttpAllowed: (host) => config.allowedStoreHosts.includes(host.toLowerCase()),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  Object.assign(woo.descriptor.rateBudget, options.budget ?? SANDBOX_BUDGET);
  const registry = new ConnectorRegistry().register(woo);
  registry.register(createConnectorRegistry(config).get('shopify'));
  return { registry, woo };
}

export interface SyncHub {
  hub: TestHub;
  apiKey: string;
  tenantId: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** A real hub (API and workers by default) with its own Redis prefix, and a tenant to act as. */
export async function startSyncHub(
  options: { role?: Role; registry?: ConnectorRegistry; env?: Record<string, string> } = {},
): Promise<SyncHub> {
  const hub = await startTestHub({
    role: options.role ?? 'all',
    registry: options.registry ?? wooRegistry(),
    ...(options.env ? { env: options.env } : {}),
  });
  let id = '';
  let apiKey = '';
  if (hub.server) {
    const created = await hub.request('POST', '/v1/tenants', {
      token: TEST_ADMIN_TOKEN,
      body: { name: `sync-${Date.now()}` },
    });
    if (created.status !== 201) throw new Error(`tenant not created: ${JSON.stringify(created.body)}`);
    ({ id, apiKey } = created.body as { id: string; apiKey: string });
  }
  return {
    hub,
    apiKey,
    tenantId: id,
    api: (method, p, body) =>
      hub.request(method, p, { token: apiKey, ...(body === undefined ? {} : { body }) }),
    stop: async () => {
      await hub.stop();
      // The test's queues, leases and budgets go with it. A hub sharing another's prefix leaves
      // them to that hub, stopped last.
      if (options.env?.REDIS_PREFIX) return;
      const redis = new Redis(hub.hub.config.redisUrl);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(
            cursor,
            'MATCH',
            `${hub.hub.config.redisPrefix}:*`,
            'COUNT',
            1000,
          );
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** Polls `probe` until it returns something other than undefined/false, or fails at the deadline. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface JobView {
  id: string;
  name: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  result: unknown;
  finishedAt: string | null;
}

/** Waits until the job (`sync:123`, as the API hands it out) is completed or failed for good. */
export async function settledJob(sh: SyncHub, jobId: string, timeoutMs = 20_000): Promise<JobView> {
  return waitFor(
    `job ${jobId} to settle`,
    async () => {
      const res = await sh.api('GET', `/v1/jobs/${jobId}`);
      const job = res.body as JobView;
      // GET /v1/jobs reads the job, then its state: a job finishing in between shows its new state
      // with its old fields (no result yet). Settled means both say so.
      const settled = (job.state === 'completed' || job.state === 'failed') && job.finishedAt !== null;
      return res.status === 200 && settled ? job : undefined;
    },
    { timeoutMs },
  );
}

export async function syncNow(
  sh: SyncHub,
  integrationId: string,
  body: { mode?: string; since?: string } = { mode: 'incremental' },
): Promise<string> {
  const res = await sh.api('POST', `/v1/integrations/${integrationId}/sync`, body);
  if (res.status !== 202) throw new Error(`sync not queued: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { jobId: string }).jobId;
}

/** Waits until no job of the hub's sync and push queues is waiting, running or about to be retried. */
export async function queuesIdle(sh: SyncHub, timeoutMs = 20_000): Promise<void> {
  const busy = async (): Promise<string[]> => {
    const found: string[] = [];
    for (const queue of [sh.hub.hub.queues.sync, sh.hub.hub.queues.push]) {
      const jobs = await queue.getJobs(['active', 'wait', 'prioritized', 'waiting-children', 'delayed']);
      for (const job of jobs) {
        // Scheduled runs far in the future do not count; retries and near runs do.
        if (job.delay > 0 && job.timestamp + job.delay > Date.now() + 60_000) continue;
        const since = job.processedOn ? `running ${Date.now() - job.processedOn} ms` : 'waiting';
        found.push(`${queue.name}:${job.id} ${job.name} ${JSON.stringify(job.data)} ${since}`);
      }
    }
    return found;
  };
  try {
    await waitFor('the sync and push queues to be idle', async () => (await busy()).length === 0, {
      timeoutMs,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; still busy: ${(await busy()).join('; ')}`, {
      cause: error,
    });
  }
}

export interface ConnectOptions {
  registerWebhooks?: boolean;
  syncIntervalSeconds?: number;
  backfillSince?: string;
}

/** Connects a WooCommerce sandbox through the setup endpoint; fails the test on anything but 201. */
export async function connectWoo(
  sh: SyncHub,
  woo: WooSandbox,
  options: ConnectOptions = {},
  credentials: { consumerKey: string; consumerSecret: string } = woo.credentials,
): Promise<Json & { id: string }> {
  const res = await sh.api('POST', '/v1/integrations', {
    platform: 'woocommerce',
    storeUrl: woo.url,
    credentials,
    options: {
      registerWebhooks: false,
      // A day: no scheduled run fires in the middle of a test; tests run syncs themselves.
      syncIntervalSeconds: 86_400,
      backfillSince: new Date(Date.now() - 3_600_000).toISOString(),
      ...options,
    },
  });
  if (res.status !== 201) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Json & { id: string };
}

/** Order list requests (not the per_page=1 counts of completeness checks) the sandbox answered. */
export function orderPages(woo: WooSandbox, since = 0): LoggedRequest[] {
  return woo.requests
    .filter('GET', '/wp-json/wc/v3/orders')
    .filter((r) => r.at >= since && r.query.per_page !== '1');
}

/** The order exactly as the connector reads it from the store: the REST body with its full refunds. */
export function storePayload(woo: WooSandbox, id: number): JsonValue {
  const order = woo.store.getOrder(id);
  if (!order) throw new Error(`the sandbox has no order ${id}`);
  const full = order.refunds.length > 0 ? { ...order, refunds: woo.store.listRefunds(id) } : order;
  // Through JSON as the store sends it, read as the hub reads it (exact numbers).
  return parseJsonExact(JSON.stringify(full));
}

export interface HubOrderRow {
  external_id: string;
  channel_updated_at: Date;
  canonical: CanonicalOrder;
  raw: JsonValue;
  version: number;
  histories: number;
}

export async function hubOrders(ds: DataSource, integrationId: string): Promise<Map<string, HubOrderRow>> {
  const rows: HubOrderRow[] = await ds.query(
    `SELECT o.external_id, o.channel_updated_at, o.canonical, o.raw, o.version,
            (SELECT count(*)::int FROM order_history h WHERE h.order_id = o.id) AS histories
       FROM orders o WHERE o.integration_id = $1`,
    [integrationId],
  );
  return new Map(rows.map((r) => [r.external_id, r]));
}

/** Ids of the store's orders (trashed ones included) modified in [from, to). */
export function storeIdsModified(woo: WooSandbox, from: number, to = Number.POSITIVE_INFINITY): string[] {
  return woo.store.table
    .modifiedOrder()
    .filter((slot) => slot.modifiedAt >= from && slot.modifiedAt < to)
    .map((slot) => String(slot.id));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A hub worker in a child process (the real CLI runtime, another PID), sharing this test's Redis
 * prefix and database, so a test can kill it with SIGKILL in the middle of a job.
 */
export function spawnWorker(env: Record<string, string>): ChildProcess {
  const script = path.join(__dirname, 'fixtures', 'worker-process.ts');
  return spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the wall clock has passed `at` (epoch ms): store times have one-second resolution. */
export async function clockPast(at: number): Promise<void> {
  while (Date.now() <= at) await sleepMs(Math.min(250, at - Date.now() + 1));
}

/**
 * Creates orders in the store, at most `perSecond` in any one second of modification time (a
 * busy store, not a bulk import), and returns their ids once the last of them is in a closed
 * incremental window (the sync leaves the last 2 s alone).
 */
export async function createOrdersOverTime(
  woo: WooSandbox,
  count: number,
  perSecond = 400,
): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const second = Math.floor(Date.now() / 1000) * 1000;
    for (let i = 0; i < perSecond && ids.length < count; i++) ids.push(String(woo.store.createOrder().id));
    if (ids.length < count) await clockPast(second + 999);
  }
  await clockPast(Math.floor(Date.now() / 1000) * 1000 + 3_000);
  return ids;
}

/** Every `step`-th element: a spread sample, the same each run. */
export function sampleOf<T>(items: readonly T[], size: number): T[] {
  const step = Math.max(1, Math.floor(items.length / size));
  return items.filter((_, i) => i % step === 0).slice(0, size);
}
