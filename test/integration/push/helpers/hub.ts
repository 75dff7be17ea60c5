import { randomUUID } from 'node:crypto';
import { createConnectorRegistry } from '../../../../src/connectors';
import type { ConnectorRegistry } from '../../../../src/core/registry';
import type { Integration } from '../../../../src/db/integration-store';
import { connectorContextFor } from '../../../../src/services/connector-context';
import { OrderWriter } from '../../../../src/services/order-writer';
import { TEST_FACTS } from '../../../helpers/db';
import { startTestHub, testConfig, type TestHub } from '../../../helpers/hub';

export type Json = Record<string, unknown>;

/** Polls `check` until it returns something truthy, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A full hub (API and workers, in this process) with the real connectors. */
export async function startPushHub(
  env: Record<string, string> = {},
  registry?: (config: ReturnType<typeof testConfig>) => ConnectorRegistry,
): Promise<TestHub> {
  const config = testConfig(env);
  return startTestHub({
    role: 'all',
    env,
    registry: registry ? registry(config) : createConnectorRegistry(config),
  });
}

/** A tenant of its own, with its API key. */
export async function createTenant(hub: TestHub): Promise<{ tenantId: string; apiKey: string }> {
  const { tenant, apiKey } = await hub.hub.stores.tenants.create(`push-${randomUUID().slice(0, 8)}`);
  return { tenantId: tenant.id, apiKey };
}

/** A store connected to the tenant directly in the database (no webhook registration, no sync schedule). */
export async function connectStore(
  hub: TestHub,
  tenantId: string,
  store: {
    platform: 'woocommerce' | 'shopify';
    storeUrl: string;
    credentials: Record<string, string>;
    state?: Record<string, unknown>;
  },
): Promise<Integration> {
  return hub.hub.stores.integrations.create({
    id: randomUUID(),
    tenantId,
    platform: store.platform,
    storeUrl: store.storeUrl,
    options: { syncIntervalSeconds: 300, backfillSince: '2025-01-01T00:00:00Z', registerWebhooks: false },
    facts: TEST_FACTS,
    connectorState: store.state ?? {},
    credentials: store.credentials,
  });
}

/** Reads one order from the channel, as a sync does, and stores it; returns the hub's order id. */
export async function importOrder(
  hub: TestHub,
  integration: Integration,
  externalId: string,
  source: 'sync' | 'webhook' = 'sync',
): Promise<string> {
  const connector = hub.hub.registry.get(integration.platform);
  const ctx = await connectorContextFor(hub.hub, integration, 'incremental');
  const raw = await connector.fetchOrder(ctx, externalId);
  if (!raw) throw new Error(`the store has no order ${externalId}`);
  const [written] = await new OrderWriter(hub.hub).write(integration, [raw], source);
  const stored = await hub.hub.stores.orders.findByExternalId(integration.id, externalId);
  return written?.orderId ?? stored!.id;
}

export interface JobView {
  id: string;
  name: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  result: unknown;
}

/** Polls GET /v1/jobs/{id} until the job completed or failed for good. */
export async function settledJob(
  hub: TestHub,
  apiKey: string,
  jobId: string,
  timeoutMs = 15_000,
): Promise<JobView> {
  return waitFor(
    `job ${jobId} to settle`,
    async () => {
      const res = await hub.request('GET', `/v1/jobs/${encodeURIComponent(jobId)}`, { token: apiKey });
      if (res.status !== 200)
        throw new Error(`GET /v1/jobs answered ${res.status}: ${JSON.stringify(res.body)}`);
      const job = res.body as JobView;
      return job.state === 'completed' || job.state === 'failed' ? job : null;
    },
    timeoutMs,
  );
}

export async function orderView(
  hub: TestHub,
  apiKey: string,
  orderId: string,
): Promise<Json & { history: { source: string; status: string; version: number }[] }> {
  const res = await hub.request('GET', `/v1/orders/${orderId}`, { token: apiKey });
  if (res.status !== 200) throw new Error(`GET /v1/orders/${orderId} answered ${res.status}`);
  return res.body as Json & { history: { source: string; status: string; version: number }[] };
}

/** Runs a catalog refresh of each store on the push queue (as the connect schedule does) and waits for it. */
export async function refreshCatalogs(hub: TestHub, integrationIds: string[]): Promise<void> {
  const queue = hub.hub.queues.push;
  const jobs = await Promise.all(
    integrationIds.map((integrationId) =>
      queue.add('catalog', { integrationId }, { jobId: `catalog-test-${integrationId}-${randomUUID()}` }),
    ),
  );
  await waitFor(
    'the catalog refreshes',
    async () => {
      const states = await Promise.all(jobs.map((job) => job.getState()));
      if (states.includes('failed')) {
        const failed = await Promise.all(jobs.map((job) => queue.getJob(job.id!)));
        throw new Error(`catalog refresh failed: ${failed.map((j) => j?.failedReason).join('; ')}`);
      }
      return states.every((state) => state === 'completed');
    },
    20_000,
  );
}
