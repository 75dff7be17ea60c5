import type { ChildProcess } from 'node:child_process';
import type { TestDb } from '../../helpers/db';
import { TEST_DATABASE_URL } from '../../helpers/env';
import { startTestHub, type TestHub } from '../../helpers/hub';
import { InboxRelay } from '../../../src/webhooks/inbox-relay';
import { DeliveryRetention } from '../../../src/webhooks/retention';
import {
  ALLOWED_STORE_HOSTS,
  TcpRelay,
  deliver,
  deliveryRows,
  eventually,
  freePort,
  isolatedDatabase,
  kill,
  orderHistory,
  registryFor,
  startRedis,
  wooFixture,
  wooIntegration,
} from './helpers';

/**
 * The hub against a Redis of its own (a redis-server child process, killed and started again on
 * the same port) and a PostgreSQL reached through a TCP relay the test can cut. The database is
 * this file's own: every worker's inbox relay takes any inbox row it finds, and the other files'
 * hubs must not take these.
 */
describe('webhooks while Redis or PostgreSQL is unreachable', () => {
  let redisPort: number;
  let redis: ChildProcess;
  let postgres: TcpRelay;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let db: TestDb;
  let hub: TestHub;

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = database.db;
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const target = new URL(TEST_DATABASE_URL);
    postgres = new TcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
    await postgres.open();
    const viaRelay = new URL(database.url);
    viaRelay.port = String(postgres.port);
    hub = await startTestHub({
      role: 'all',
      registry: registryFor(),
      env: {
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        DATABASE_URL: viaRelay.toString(),
        HUB_ALLOWED_STORE_HOSTS: ALLOWED_STORE_HOSTS,
      },
    });
  }, 20_000);
  afterAll(async () => {
    await hub?.stop();
    await postgres?.cut();
    if (redis) await kill(redis);
    await database?.drop();
  });

  const post = (integrationId: string, name: string) =>
    deliver(hub.baseUrl, 'woocommerce', integrationId, wooFixture(name));

  const redisDown = () => eventually(() => expect(hub.hub.producer.status).not.toBe('ready'));

  it('accepts deliveries into the PostgreSQL inbox while Redis is down and processes them once it is back', async () => {
    const { integration } = await wooIntegration(db);
    await kill(redis);
    await redisDown();

    const answers = [
      await post(integration.id, 'order-created-paid'),
      await post(integration.id, 'order-updated-unicode-fee'),
      await post(integration.id, 'order-created-paid'),
    ];
    expect(answers.map((a) => [a.status, a.body.outcome])).toEqual([
      [200, 'inbox'],
      [200, 'inbox'],
      [200, 'duplicate'],
    ]);
    expect(answers.every((a) => a.ms < 2_000)).toBe(true);
    const inbox = await deliveryRows(db, integration.id);
    expect(inbox.map((r) => r.status)).toEqual(['inbox', 'inbox']);
    expect(inbox[0]!.body.equals(wooFixture('order-created-paid').body)).toBe(true);
    expect(inbox[0]!.headers['x-wc-webhook-signature']).toBe(
      wooFixture('order-created-paid').headers['x-wc-webhook-signature'],
    );
    const ready = await hub.request('GET', '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ checks: { postgres: 'up', redis: 'down' } });
    expect(await db.orders.findByExternalId(integration.id, '1001')).toBeNull();

    redis = await startRedis(redisPort);
    // Every worker process runs a relay: besides this hub's own, two more race for the same rows.
    await eventually(() => expect(hub.hub.producer.status).toBe('ready'), 10_000);
    await Promise.all([new InboxRelay(hub.hub).tick(), new InboxRelay(hub.hub).tick()]);
    const rows = await eventually(async () => {
      const now = await deliveryRows(db, integration.id);
      expect(now.map((r) => r.status)).toEqual(['processed', 'processed']);
      return now;
    }, 15_000);
    expect(rows.map((r) => r.reason)).toEqual(['order created (version 1)', 'order created (version 1)']);
    for (const externalId of ['1001', '1003'])
      expect((await orderHistory(db, integration.id, externalId)).map((h) => h.source)).toEqual(['webhook']);

    // Each inbox delivery was queued once, whichever relay took it.
    const jobs = () => hub.hub.queues.ingest.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
    expect(await jobs()).toHaveLength(2);
    // The platform delivers it again later (its answer was slow, say): the hub knows it already.
    const retried = await post(integration.id, 'order-created-paid');
    expect([retried.status, retried.body.outcome]).toEqual([200, 'duplicate']);
    expect(await jobs()).toHaveLength(2);
    expect(await deliveryRows(db, integration.id)).toHaveLength(2);
  }, 30_000);

  it('answers 503 while neither Redis nor PostgreSQL can keep a delivery, and accepts it when they are back', async () => {
    const { integration } = await wooIntegration(db);
    // Seen once while all is up: the receiver knows the integration and its secret from its cache.
    expect((await post(integration.id, 'order-restored-on-hold')).body.outcome).toBe('accepted');
    await eventually(async () =>
      expect((await deliveryRows(db, integration.id)).map((r) => r.status)).toEqual(['processed']),
    );

    await kill(redis);
    await postgres.cut();
    await redisDown();

    const refused = await post(integration.id, 'order-updated-unicode-fee');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'unavailable',
      message: 'the hub cannot durably accept deliveries right now; deliver again later',
    });
    const ready = await hub.request('GET', '/ready');
    expect(ready.body).toMatchObject({ checks: { postgres: 'down', redis: 'down' } });
    const metrics = String((await hub.request('GET', '/metrics')).body);
    expect(metrics).toMatch(/hub_webhook_deliveries_total\{platform="woocommerce",outcome="unavailable"\} 1/);

    // Nothing of the refused delivery was kept: the platform's retry is what brings it.
    await postgres.open();
    expect((await deliveryRows(db, integration.id)).map((r) => r.topic)).toEqual(['order.restored']);
    redis = await startRedis(redisPort);
    await eventually(() => expect(hub.hub.producer.status).toBe('ready'), 10_000);
    const retried = await post(integration.id, 'order-updated-unicode-fee');
    expect([retried.status, retried.body.outcome]).toEqual([200, 'accepted']);
    await eventually(
      async () =>
        expect((await deliveryRows(db, integration.id)).map((r) => [r.topic, r.status])).toEqual([
          ['order.restored', 'processed'],
          ['order.updated', 'processed'],
        ]),
      15_000,
    );
  }, 30_000);

  it('retention drops raw deliveries past the retention period, but never the inbox', async () => {
    // Redis stays down, so the inbox row is not relayed meanwhile: it would wait past retention.
    await kill(redis);
    await redisDown();
    const { integration } = await wooIntegration(db);
    const old = new Date(Date.now() - (hub.hub.config.webhookRetentionDays + 1) * 86_400_000);
    const record = (key: string, receivedAt: Date, status: 'processed' | 'inbox') =>
      hub.hub.stores.webhookDeliveries.record(
        {
          integrationId: integration.id,
          platform: 'woocommerce',
          topic: 'order.updated',
          deliveryKey: key,
          eventKey: null,
          orderExternalId: '1',
          receivedAt,
          headers: {},
          body: Buffer.from('{}'),
        },
        status,
      );
    await record('old', old, 'processed');
    await record('old-inbox', old, 'inbox');
    await record('recent', new Date(), 'processed');
    expect(await new DeliveryRetention(hub.hub).tick()).toBe(1);
    expect((await deliveryRows(db, integration.id)).map((r) => [r.delivery_key, r.status])).toEqual([
      ['old-inbox', 'inbox'],
      ['recent', 'processed'],
    ]);
    expect(await new DeliveryRetention(hub.hub).tick()).toBe(0);
  });

  it('stops (as on SIGTERM) while Redis is still down, instead of waiting for it forever', async () => {
    expect(hub.hub.producer.status).not.toBe('ready');
    const stopped = await Promise.race([
      hub.stop().then(() => 'stopped'),
      new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting')),
    ]);
    expect(stopped).toBe('stopped');
  });
});
