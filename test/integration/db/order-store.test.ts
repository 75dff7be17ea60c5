import { openTestDb, seedIntegration, type TestDb } from '../../helpers/db';
import { sampleCanonicalOrder } from '../../helpers/orders';

describe('OrderStore.upsert', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(20);
  });
  afterAll(() => db.close());

  const at = (minute: number) => `2025-06-01T10:${String(minute).padStart(2, '0')}:00Z`;

  it('is idempotent: the same version twice writes once and records one history entry', async () => {
    const { tenant, integration } = await seedIntegration(db);
    const write = {
      tenantId: tenant.id,
      integrationId: integration.id,
      canonical: sampleCanonicalOrder(),
      raw: { id: 1001 },
    };
    const first = await db.orders.upsert([write], 'webhook');
    const second = await db.orders.upsert([write], 'sync');
    expect(first).toHaveLength(1);
    expect(first[0]?.outcome).toBe('created');
    const [{ n: events }] = await db.ds.query(
      'SELECT count(*)::int AS n FROM order_events WHERE integration_id = $1',
      [integration.id],
    );
    expect(events).toBe(0); // no subscriber, no event log
    expect(second).toEqual([]);
    const stored = await db.orders.findByExternalId(integration.id, '1001');
    expect(stored?.version).toBe(1);
    expect(await db.orders.history(stored!.id)).toHaveLength(1);
  });

  it('never lets an older channel version overwrite a newer one', async () => {
    const { tenant, integration } = await seedIntegration(db);
    const version = (minute: number, status: 'processing' | 'fulfilled') => ({
      tenantId: tenant.id,
      integrationId: integration.id,
      canonical: sampleCanonicalOrder({ updatedAt: at(minute), status }),
      raw: { minute },
    });
    await db.orders.upsert([version(5, 'fulfilled')], 'webhook');
    expect(await db.orders.upsert([version(1, 'processing')], 'webhook')).toEqual([]);
    const stored = await db.orders.findByExternalId(integration.id, '1001');
    expect(stored?.status).toBe('fulfilled');
    expect(stored?.raw).toEqual({ minute: 5 });
  });

  it('leaves the newest version under parallel writers racing different versions', async () => {
    const { tenant, integration } = await seedIntegration(db);
    const orderIds = ['A', 'B', 'C', 'D'];
    const versions = Array.from({ length: 30 }, (_, minute) => minute);
    // Every order is written in 30 versions, by 120 concurrent single-order and batch writers, in shuffled order.
    const writes = orderIds.flatMap((externalId) =>
      versions.map((minute) => ({
        tenantId: tenant.id,
        integrationId: integration.id,
        canonical: sampleCanonicalOrder({ externalId, orderNumber: externalId, updatedAt: at(minute) }),
        raw: { minute },
      })),
    );
    const shuffled = writes
      .map((w) => ({ w, k: Math.random() }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.w);
    const batches: (typeof writes)[] = [];
    for (let i = 0; i < shuffled.length; i += 3) batches.push(shuffled.slice(i, i + 3));
    await Promise.all(batches.map((batch, i) => db.orders.upsert(batch, i % 2 ? 'sync' : 'webhook')));

    for (const externalId of orderIds) {
      const stored = await db.orders.findByExternalId(integration.id, externalId);
      expect(stored?.canonical.updatedAt).toBe(at(29));
      expect(stored?.raw).toEqual({ minute: 29 });
      const history = await db.orders.history(stored!.id);
      // Each accepted write is a strictly newer version than the one before it.
      const times = history.map((h) => h.channelUpdatedAt);
      expect([...times].sort()).toEqual(times);
      expect(new Set(times).size).toBe(times.length);
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
    }
  });

  it('writes a page of many orders in one statement with their history and events', async () => {
    const { tenant, integration } = await seedIntegration(db);
    await db.ds.query(
      `INSERT INTO subscriptions (tenant_id, url, events, secret_sealed, secret_key_id) VALUES ($1, 'https://x', '{order.created}', 'x', 'x')`,
      [tenant.id],
    );
    const page = Array.from({ length: 250 }, (_, i) => ({
      tenantId: tenant.id,
      integrationId: integration.id,
      canonical: sampleCanonicalOrder({ externalId: String(5000 + i), orderNumber: String(5000 + i) }),
      raw: {},
    }));
    const results = await db.orders.upsert(page, 'backfill');
    expect(results).toHaveLength(250);
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    const [events] = await db.ds.query(
      `SELECT count(*)::int AS n FROM order_events WHERE integration_id = $1 AND type = 'order.created'`,
      [integration.id],
    );
    expect(events.n).toBe(250);
  });

  it('emits order.cancelled when an order moves to cancelled, and keeps deleted orders', async () => {
    const { tenant, integration } = await seedIntegration(db);
    await db.ds.query(
      `INSERT INTO subscriptions (tenant_id, url, events, secret_sealed, secret_key_id) VALUES ($1, 'https://x', '{order.created}', 'x', 'x')`,
      [tenant.id],
    );
    const base = { tenantId: tenant.id, integrationId: integration.id, raw: {} };
    await db.orders.upsert([{ ...base, canonical: sampleCanonicalOrder({ updatedAt: at(1) }) }], 'webhook');
    await db.orders.upsert(
      [{ ...base, canonical: sampleCanonicalOrder({ updatedAt: at(2), status: 'cancelled' }) }],
      'webhook',
    );
    expect(await db.orders.markDeleted(integration.id, '1001', '2025-06-02T00:00:00Z', 'webhook')).toBe(true);
    expect(await db.orders.markDeleted(integration.id, '1001', '2025-06-03T00:00:00Z', 'webhook')).toBe(
      false,
    );
    const types: { type: string }[] = await db.ds.query(
      'SELECT type FROM order_events WHERE integration_id = $1 ORDER BY id',
      [integration.id],
    );
    expect(types.map((t) => t.type)).toEqual(['order.created', 'order.cancelled', 'order.updated']);
    const stored = await db.orders.findByExternalId(integration.id, '1001');
    expect(stored?.canonical.deletedAt).toBe('2025-06-02T00:00:00Z');
  });
});

describe('OrderStore.upsert with equal channel times', () => {
  it('keeps the later lifecycle state: a late pre-push copy of the same second cannot undo a fulfilment', async () => {
    const db = await openTestDb(2);
    try {
      const { tenant, integration } = await seedIntegration(db);
      const base = { tenantId: tenant.id, integrationId: integration.id, raw: {} };
      const at = '2025-06-01T10:00:00Z';
      await db.orders.upsert(
        [
          {
            ...base,
            canonical: sampleCanonicalOrder({
              updatedAt: at,
              status: 'fulfilled',
              fulfillmentStatus: 'fulfilled',
            }),
          },
        ],
        'push',
      );
      expect(
        await db.orders.upsert(
          [{ ...base, canonical: sampleCanonicalOrder({ updatedAt: at, status: 'processing' }) }],
          'webhook',
        ),
      ).toEqual([]);
      expect((await db.orders.findByExternalId(integration.id, '1001'))?.status).toBe('fulfilled');
      // Same second, same stage, different content (a note added): the later copy is taken.
      const [noted] = await db.orders.upsert(
        [
          {
            ...base,
            canonical: sampleCanonicalOrder({
              updatedAt: at,
              status: 'fulfilled',
              fulfillmentStatus: 'fulfilled',
              note: 'gift',
            }),
          },
        ],
        'webhook',
      );
      expect(noted?.outcome).toBe('updated');
    } finally {
      await db.close();
    }
  });
});
