import { createConnectorRegistry } from '../../src/connectors';
import { startTestHub, testConfig, TEST_ADMIN_TOKEN, type TestHub } from '../helpers/hub';

/** Polls `check` until it returns a value (not undefined/false), or fails after `timeoutMs` saying what it waited for. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A hub with the real connectors, API and workers, on loopback. The sandbox stores have no rate
 * limit of their own, so WooCommerce's conservative default budget (5 requests/s, right for a real
 * store) is raised here; Shopify's budget comes from the sandbox's own cost bucket as from Shopify.
 */
export async function startE2eHub(): Promise<TestHub> {
  const registry = createConnectorRegistry(testConfig());
  Object.assign(registry.get('woocommerce').descriptor.rateBudget, { capacity: 200, refillPerSecond: 400 });
  return startTestHub({ role: 'all', registry });
}

export async function createTenant(hub: TestHub): Promise<string> {
  const res = await hub.request('POST', '/v1/tenants', { token: TEST_ADMIN_TOKEN, body: { name: 'e2e' } });
  if (res.status !== 201) throw new Error(`tenant: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { apiKey: string }).apiKey;
}

export interface OrderSummary {
  id: string;
  externalId: string;
  status: string;
  fulfillmentStatus: string;
}

export async function allOrders(
  hub: TestHub,
  apiKey: string,
  integrationId: string,
): Promise<OrderSummary[]> {
  const out: OrderSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/v1/orders?integrationId=${integrationId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await hub.request('GET', query, { token: apiKey })).body as {
      data: OrderSummary[];
      nextCursor: string | null;
    };
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function jobDone(hub: TestHub, apiKey: string, jobId: string): Promise<Record<string, unknown>> {
  return eventually(`job ${jobId}`, async () => {
    const job = (await hub.request('GET', `/v1/jobs/${jobId}`, { token: apiKey })).body as Record<
      string,
      unknown
    >;
    if (job.state === 'failed') throw new Error(`job failed: ${String(job.lastError)}`);
    return job.state === 'completed' ? job : undefined;
  });
}
