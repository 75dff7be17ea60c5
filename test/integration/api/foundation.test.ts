import { ConnectorRegistry } from '../../../src/core/registry';
import { openTestDb, seedIntegration, type TestDb } from '../../helpers/db';
import { sampleCanonicalOrder } from '../../helpers/orders';
import { startTestHub, TEST_ADMIN_TOKEN, type TestHub } from '../../helpers/hub';

type Json = Record<string, unknown>;

describe('the API foundation', () => {
  let hub: TestHub;
  let db: TestDb;

  beforeAll(async () => {
    hub = await startTestHub({ role: 'api' });
    db = await openTestDb(4);
  });
  afterAll(async () => {
    await hub.stop();
    await db.close();
  });

  it('answers /health and /ready with both dependencies up', async () => {
    expect((await hub.request('GET', '/health')).status).toBe(200);
    const ready = await hub.request('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { postgres: 'up', redis: 'up' } });
  });

  it('creates tenants only with the admin token and shows the key once, stored as a hash', async () => {
    expect((await hub.request('POST', '/v1/tenants', { body: { name: 'Acme' } })).status).toBe(401);
    expect(
      (await hub.request('POST', '/v1/tenants', { token: 'wrong-token-wrong-token', body: { name: 'Acme' } }))
        .status,
    ).toBe(401);
    const created = await hub.request('POST', '/v1/tenants', {
      token: TEST_ADMIN_TOKEN,
      body: { name: 'Acme' },
    });
    expect(created.status).toBe(201);
    const { id, apiKey } = created.body as { id: string; apiKey: string };
    expect(apiKey).toMatch(/^chk_/);
    const stored: { key_hash: string }[] = await db.ds.query(
      'SELECT key_hash FROM api_keys WHERE tenant_id = $1',
      [id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.key_hash).not.toContain(apiKey.slice(4));
    expect((await hub.request('GET', '/v1/integrations', { token: apiKey })).status).toBe(200);
  });

  it('names each bad field of a request body', async () => {
    const res = await hub.request('POST', '/v1/tenants', { token: TEST_ADMIN_TOKEN, body: { name: '' } });
    expect(res.status).toBe(400);
    const error = (res.body as { error: { code: string; details: { field: string }[] } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.field)).toContain('body.name');
  });

  it('answers 401 to a missing or unknown API key', async () => {
    expect((await hub.request('GET', '/v1/orders')).status).toBe(401);
    const res = await hub.request('GET', '/v1/orders', { token: 'chk_not-a-real-key' });
    expect(res.status).toBe(401);
    expect((res.body as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('isolates tenants: another tenant’s ids answer 404 exactly like unknown ones', async () => {
    const a = await seedIntegration(db);
    const b = await seedIntegration(db);
    const [written] = await db.orders.upsert(
      [
        {
          tenantId: a.tenant.id,
          integrationId: a.integration.id,
          canonical: sampleCanonicalOrder(),
          raw: {},
        },
      ],
      'sync',
    );
    const orderId = written!.orderId;

    const own = await hub.request('GET', `/v1/orders/${orderId}`, { token: a.apiKey });
    expect(own.status).toBe(200);
    expect((own.body as Json).externalId).toBe('1001');
    expect((own.body as { history: unknown[] }).history).toHaveLength(1);

    const foreign = await hub.request('GET', `/v1/orders/${orderId}`, { token: b.apiKey });
    const unknown = await hub.request('GET', '/v1/orders/00000000-0000-4000-8000-000000000000', {
      token: b.apiKey,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);

    expect(
      (await hub.request('GET', `/v1/integrations/${a.integration.id}`, { token: b.apiKey })).status,
    ).toBe(404);
    const list = await hub.request('GET', '/v1/orders', { token: b.apiKey });
    expect((list.body as { data: unknown[] }).data).toEqual([]);
    const listA = await hub.request('GET', '/v1/orders', { token: a.apiKey });
    expect((listA.body as { data: Json[] }).data.map((o) => o.id)).toEqual([orderId]);
  });

  it('pages orders newest update first with an opaque cursor', async () => {
    const { tenant, apiKey, integration } = await seedIntegration(db);
    await db.orders.upsert(
      Array.from({ length: 5 }, (_, i) => ({
        tenantId: tenant.id,
        integrationId: integration.id,
        canonical: sampleCanonicalOrder({ externalId: `P${i}`, orderNumber: `P${i}` }),
        raw: {},
      })),
      'sync',
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await hub.request('GET', query, { token: apiKey })).body as {
        data: Json[];
        nextCursor: string | null;
      };
      seen.push(...page.data.map((o) => o.externalId as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    expect((await hub.request('GET', '/v1/orders?cursor=garbage', { token: apiKey })).status).toBe(400);
    expect((await hub.request('GET', '/v1/orders?limit=251', { token: apiKey })).status).toBe(400);
  });

  it('serves Prometheus metrics, the OpenAPI document and the queue dashboard behind the admin token', async () => {
    const metrics = await hub.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('hub_http_request_duration_seconds');
    expect(String(metrics.body)).toContain('hub_queue_jobs');
    const docs = await hub.request('GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys((docs.body as { paths: Json }).paths)).toEqual(
      expect.arrayContaining(['/v1/integrations', '/v1/orders/{id}']),
    );
    expect((await hub.request('GET', '/admin/queues')).status).toBe(401);
    expect((await hub.request('GET', '/admin/queues', { token: TEST_ADMIN_TOKEN })).status).toBe(200);
  });
});

describe('dependencies down at start', () => {
  it('keeps running, says which dependency is missing in /ready, and recovers nothing crashing', async () => {
    const hub = await startTestHub({
      role: 'api',
      registry: new ConnectorRegistry(),
      env: { REDIS_URL: 'redis://127.0.0.1:1' },
    });
    try {
      const ready = await hub.request('GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not_ready', checks: { postgres: 'up', redis: 'down' } });
      expect((await hub.request('GET', '/health')).status).toBe(200);
    } finally {
      await hub.stop();
    }
  });

  it('answers 503 for routes that need PostgreSQL while it is unreachable', async () => {
    const { startHub } = await import('../../../src/runtime');
    const { testConfig } = await import('../../helpers/hub');
    const { createLogger } = await import('../../../src/observability/logger');
    const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    const running = await startHub(config, {
      role: 'api',
      log: createLogger('silent'),
      registry: new ConnectorRegistry(),
    });
    try {
      const ready = await fetch(`${running.address}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not_ready', checks: { postgres: 'down', redis: 'up' } });
      const orders = await fetch(`${running.address}/v1/orders`, {
        headers: { authorization: 'Bearer chk_x' },
      });
      expect(orders.status).toBe(503);
    } finally {
      await running.stop();
    }
  });
});
