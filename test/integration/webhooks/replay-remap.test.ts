import { openTestDb, type TestDb } from '../../helpers/db';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY, TEST_REDIS_URL } from '../../helpers/env';
import { startTestHub, type TestHub } from '../../helpers/hub';
import { nock } from '../../helpers/nock';
import {
  ALLOWED_STORE_HOSTS,
  type Delivery,
  deliver,
  deliveryRows,
  eventually,
  orderHistory,
  registryFor,
  runCli,
  shopifyDelivery,
  shopifyFixtureText,
  shopifyIntegration,
  wooDelivery,
  wooFixture,
  wooIntegration,
  wooOrderFixture,
} from './helpers';

/**
 * `hub webhooks replay` and `hub remap` through the real command line, against a running hub: both
 * work from what the hub stored (raw deliveries, raw payloads) and never ask the platform.
 */
describe('re-processing what the hub stored', () => {
  let hub: TestHub;
  let db: TestDb;
  const platformCalls: string[] = [];
  const recordCall = (request: { url: string }) => {
    if (!['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) platformCalls.push(request.url);
  };

  beforeAll(async () => {
    hub = await startTestHub({
      role: 'all',
      registry: registryFor(),
      env: { HUB_ALLOWED_STORE_HOSTS: ALLOWED_STORE_HOSTS },
    });
    db = await openTestDb(4);
    // Any request to a store is recorded (and refused); the hub's own loopback traffic passes.
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock.emitter.on('no match', recordCall);
  });
  afterAll(async () => {
    nock.emitter.off('no match', recordCall);
    nock.enableNetConnect();
    await hub.stop();
    await db.close();
  });

  const cliEnv = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: hub.hub.config.redisPrefix,
    HUB_ENCRYPTION_KEY: `test:${TEST_ENCRYPTION_KEY}`,
    HUB_ALLOWED_STORE_HOSTS: ALLOWED_STORE_HOSTS,
    LOG_LEVEL: 'warn',
  });

  const statuses = async (integrationId: string) =>
    (await deliveryRows(db, integrationId)).map((r) => r.status);

  async function ingest(platform: string, integrationId: string, deliveries: Delivery[]) {
    for (const d of deliveries)
      expect((await deliver(hub.baseUrl, platform, integrationId, d)).status).toBe(200);
    await eventually(async () =>
      expect(await statuses(integrationId)).toEqual(deliveries.map(() => 'processed')),
    );
  }

  it('hub webhooks replay re-processes the stored deliveries since a time, without calling the platform', async () => {
    const { integration } = await wooIntegration(db);
    const before = new Date(Date.now() - 1_000).toISOString();
    await ingest('woocommerce', integration.id, [
      wooFixture('order-created-paid'),
      wooFixture('order-updated-unicode-fee'),
      wooDelivery('order.updated', wooOrderFixture('variations-seven-lines')),
    ]);
    // And one the mapper could not read, kept in quarantine by the worker.
    const unmappable = {
      id: 78,
      status: 'processing',
      line_items: [],
      date_modified_gmt: '2026-03-02T14:05:10',
    };
    await deliver(hub.baseUrl, 'woocommerce', integration.id, wooDelivery('order.updated', unmappable));
    await eventually(async () => expect((await statuses(integration.id))[3]).toBe('quarantined'));
    const originals = await db.ds.query(
      'SELECT external_id, canonical FROM orders WHERE integration_id = $1 ORDER BY external_id',
      [integration.id],
    );
    expect(originals).toHaveLength(3);

    // The orders are lost (a bad migration, a restore from an old backup): the raw deliveries remain.
    await db.ds.query('DELETE FROM orders WHERE integration_id = $1', [integration.id]);

    const later = await runCli(
      [
        'webhooks',
        'replay',
        '--integration',
        integration.id,
        '--since',
        new Date(Date.now() + 60_000).toISOString(),
      ],
      cliEnv(),
    );
    expect(later).toMatchObject({ code: 0, stdout: 'queued 0 deliveries for processing\n' });

    const replay = await runCli(
      ['webhooks', 'replay', '--integration', integration.id, '--since', before],
      cliEnv(),
    );
    expect(replay).toMatchObject({ code: 0, stdout: 'queued 4 deliveries for processing\n' });

    await eventually(async () => {
      const rows = await deliveryRows(db, integration.id);
      expect(rows.map((r) => [r.status, r.reason])).toEqual([
        ['processed', 'replayed: order created (version 1)'],
        ['processed', 'replayed: order created (version 1)'],
        ['processed', 'replayed: order created (version 1)'],
        ['quarantined', expect.stringMatching(/^replayed: order 78 cannot be mapped: .*currency/)],
      ]);
    });
    const restored = await db.ds.query(
      'SELECT external_id, canonical FROM orders WHERE integration_id = $1 ORDER BY external_id',
      [integration.id],
    );
    expect(restored).toEqual(originals);
    for (const externalId of ['1001', '1003', '1004'])
      expect((await orderHistory(db, integration.id, externalId)).map((h) => h.source)).toEqual(['webhook']);

    // A second replay finds every version already stored: nothing is written again.
    await runCli(['webhooks', 'replay', '--integration', integration.id, '--since', before], cliEnv());
    await eventually(async () => {
      const jobs = await hub.hub.queues.ingest.getJobs(['completed']);
      const replays = jobs.filter(
        (j) => (j.data as { integrationId: string }).integrationId === integration.id,
      );
      expect(
        replays.filter((j) => (j.returnvalue as { detail?: string })?.detail === 'no newer version'),
      ).toHaveLength(3);
    });
    for (const externalId of ['1001', '1003', '1004'])
      expect(await orderHistory(db, integration.id, externalId)).toHaveLength(1);
    expect(platformCalls).toEqual([]);
  }, 30_000);

  it('hub remap re-runs the mappers over the stored raw payloads: only what maps differently changes', async () => {
    const woo = (await wooIntegration(db)).integration;
    const shop = (await shopifyIntegration(db)).integration;
    await ingest('woocommerce', woo.id, [
      wooFixture('order-created-paid'),
      wooFixture('order-updated-unicode-fee'),
      wooDelivery('order.updated', wooOrderFixture('variations-seven-lines')),
      wooDelivery('order.updated', wooOrderFixture('guest-email-only-float-price')),
      wooDelivery('order.updated', wooOrderFixture('prices-include-tax')),
    ]);
    await ingest('shopify', shop.id, [
      shopifyDelivery(
        'orders/create',
        shopifyFixtureText('real-captured/orders-create_2020-12_shopAUD_presentmentAUD.json'),
      ),
      shopifyDelivery(
        'orders/create',
        shopifyFixtureText('real-captured/orders-create_2020-12_shopAUD_presentmentUSD.json'),
      ),
    ]);
    const canonicalOf = async (integrationId: string) =>
      db.ds.query(
        'SELECT external_id, canonical, content_hash FROM orders WHERE integration_id = $1 ORDER BY 1',
        [integrationId],
      );
    const wooBefore = await canonicalOf(woo.id);
    const shopBefore = await canonicalOf(shop.id);

    // Stored by an older mapper: a different document for the same channel version.
    await db.ds.query(
      `UPDATE orders SET canonical = canonical || '{"note": "written by last year''s mapper"}', content_hash = 'old'
        WHERE integration_id = $1 AND external_id = '1001'`,
      [woo.id],
    );

    const remapWoo = await runCli(['remap', '--integration', woo.id], cliEnv());
    expect(remapWoo).toMatchObject({ code: 0, stdout: 'remapped 5 orders; 1 changed\n' });
    expect(await canonicalOf(woo.id)).toEqual(wooBefore);
    expect((await orderHistory(db, woo.id, '1001')).map((h) => h.source)).toEqual(['webhook', 'remap']);
    for (const externalId of ['1002', '1003', '1004', '1008'])
      expect((await orderHistory(db, woo.id, externalId)).map((h) => h.source)).toEqual(['webhook']);

    // Payloads that went through PostgreSQL's jsonb map to the very same documents.
    const remapShop = await runCli(['remap', '--integration', shop.id], cliEnv());
    expect(remapShop).toMatchObject({ code: 0, stdout: 'remapped 2 orders; 0 changed\n' });
    expect(await canonicalOf(shop.id)).toEqual(shopBefore);
    expect(platformCalls).toEqual([]);
  }, 30_000);
});
