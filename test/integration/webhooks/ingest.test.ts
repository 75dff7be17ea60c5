import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { OrderWriter } from '../../../src/services/order-writer';
import { expectValidCanonicalOrder } from '../../helpers/canonical';
import { openTestDb, type TestDb } from '../../helpers/db';
import { startTestHub, type TestHub } from '../../helpers/hub';
import { nock } from '../../helpers/nock';
import {
  ALLOWED_STORE_HOSTS,
  type Delivery,
  NOCK_STORE,
  count,
  deliver,
  deliveryRows,
  eventually,
  orderHistory,
  registryFor,
  shopifyDelivery,
  shopifyFixtureText,
  shopifyIntegration,
  wooDelivery,
  wooFixture,
  wooIntegration,
  wooOrderFixture,
} from './helpers';

type Json = Record<string, unknown>;

const SHOPIFY_AUD = 'real-captured/orders-create_2020-12_shopAUD_presentmentAUD.json';

describe('real-time webhook ingestion', () => {
  let hub: TestHub;
  let db: TestDb;

  // A downstream system subscribed to order events; it acknowledges everything.
  let subscriber: Server;
  const received: { type: string; data: Json }[] = [];
  const receivedFor = (integrationId: string) =>
    received.filter((e) => e.data.integrationId === integrationId);
  const subscribe = (tenantId: string) =>
    hub.hub.stores.subscriptions.create(
      tenantId,
      `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/events`,
      ['order.created', 'order.updated', 'order.cancelled'],
      'subscriber-secret',
    );

  beforeAll(async () => {
    subscriber = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(text) as { type: string; data: Json });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => subscriber.listen(0, '127.0.0.1', resolve));
    hub = await startTestHub({
      role: 'all',
      registry: registryFor(),
      env: { HUB_ALLOWED_STORE_HOSTS: ALLOWED_STORE_HOSTS },
    });
    db = await openTestDb(4);
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect(); // nock lives outside Jest's module registry: leave it as found
    await hub.stop();
    await db.close();
    await new Promise<void>((resolve) => subscriber.close(() => resolve()));
  });

  const post = (platform: string, integrationId: string, delivery: Delivery) =>
    deliver(hub.baseUrl, platform, integrationId, delivery);

  /** Waits until the worker has recorded `n` deliveries of the integration, all finished. */
  const processed = (integrationId: string, n: number, timeoutMs = 10_000) =>
    eventually(async () => {
      const rows = await deliveryRows(db, integrationId);
      expect(rows.map((r) => r.status)).toEqual(Array.from({ length: n }, () => 'processed'));
      return rows;
    }, timeoutMs);

  const orderId = async (integrationId: string, externalId: string): Promise<string> => {
    const rows: { id: string }[] = await db.ds.query(
      'SELECT id FROM orders WHERE integration_id = $1 AND external_id = $2',
      [integrationId, externalId],
    );
    if (!rows[0]) throw new Error(`no order ${externalId}`);
    return rows[0].id;
  };

  /** Nothing of the integration reached Redis, the queue or PostgreSQL. */
  const expectNothingKept = async (integrationId: string) => {
    const seen = await hub.hub.producer.keys(`${hub.hub.config.redisPrefix}:seen:${integrationId}:*`);
    expect(seen).toEqual([]);
    const jobs = await hub.hub.queues.ingest.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(
      jobs.filter((j) => (j.data as { integrationId?: string }).integrationId === integrationId),
    ).toEqual([]);
    expect(await deliveryRows(db, integrationId)).toEqual([]);
    expect(await count(db, 'SELECT 1 FROM orders WHERE integration_id = $1', [integrationId])).toBe(0);
  };

  describe('a valid delivery', () => {
    it('WooCommerce: answers 200 fast, then the order is queryable and the raw delivery kept byte for byte', async () => {
      const { integration, apiKey } = await wooIntegration(db);
      const delivery = wooFixture('order-created-paid');

      const answer = await post('woocommerce', integration.id, delivery);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: true, outcome: 'accepted' });
      expect(answer.ms).toBeLessThan(1_000);

      const [row] = await processed(integration.id, 1);
      expect(row!.body.equals(delivery.body)).toBe(true);
      expect(row!.topic).toBe('order.created');
      expect(row!.order_external_id).toBe('1001');
      expect(row!.delivery_key).toBe('order.created:1001:2026-03-02T14:05:10');
      expect(row!.headers).toMatchObject({
        'content-type': 'application/json',
        'x-wc-webhook-topic': 'order.created',
        'x-wc-webhook-signature': delivery.headers['x-wc-webhook-signature'],
        'x-wc-webhook-delivery-id': delivery.headers['x-wc-webhook-delivery-id'],
      });

      const id = await orderId(integration.id, '1001');
      const got = await hub.request('GET', `/v1/orders/${id}`, { token: apiKey });
      expect(got.status).toBe(200);
      const { history, ...order } = got.body as Json & { history: Json[] };
      expect(order).toMatchObject({
        id,
        integrationId: integration.id,
        channel: 'woocommerce',
        externalId: '1001',
        currency: 'USD',
        updatedAt: '2026-03-02T14:05:10Z',
      });
      expect((order.totals as Json).total).toBe('73.80');
      expectValidCanonicalOrder(order);
      expect(history).toEqual([
        expect.objectContaining({
          source: 'webhook',
          status: order.status,
          previousStatus: null,
          version: 1,
        }),
      ]);
      const list = await hub.request('GET', `/v1/orders?integrationId=${integration.id}`, { token: apiKey });
      expect((list.body as { data: Json[] }).data.map((o) => o.id)).toEqual([id]);
    });

    it('Shopify: answers 200 fast, then the order is queryable and the raw delivery kept byte for byte', async () => {
      const { integration, apiKey } = await shopifyIntegration(db);
      const delivery = shopifyDelivery('orders/create', shopifyFixtureText(SHOPIFY_AUD), {
        webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
        eventId: '98880550-7158-44d4-b7cd-2c97c8a091b5',
      });

      const answer = await post('shopify', integration.id, delivery);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ok: true, outcome: 'accepted' });
      expect(answer.ms).toBeLessThan(1_000);

      const [row] = await processed(integration.id, 1);
      expect(row!.body.equals(delivery.body)).toBe(true);
      expect(row!.delivery_key).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
      expect(row!.event_key).toBe('98880550-7158-44d4-b7cd-2c97c8a091b5');
      expect(row!.order_external_id).toBe('2998557704341');
      expect(row!.headers).toMatchObject({
        'x-shopify-topic': 'orders/create',
        'x-shopify-hmac-sha256': delivery.headers['x-shopify-hmac-sha256'],
        'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
        'x-shopify-shop-domain': 'hub-test.myshopify.com',
      });

      const id = await orderId(integration.id, '2998557704341');
      const got = await hub.request('GET', `/v1/orders/${id}`, { token: apiKey });
      expect(got.status).toBe(200);
      const { history, ...order } = got.body as Json & { history: Json[] };
      expect(order).toMatchObject({
        channel: 'shopify',
        externalId: '2998557704341',
        currency: 'AUD',
        updatedAt: '2020-12-26T21:23:59Z',
      });
      expect((order.totals as Json).total).toBe('59.45');
      expectValidCanonicalOrder(order);
      expect(history).toEqual([expect.objectContaining({ source: 'webhook', version: 1 })]);
    });

    it('a thin event (WooCommerce order.deleted carries only the id) is completed from the store', async () => {
      const { integration } = await wooIntegration(db);
      const trashed = wooOrderFixture('trashed');
      const store = nock(NOCK_STORE).get('/wp-json/wc/v3/orders/1007').reply(200, trashed);

      const answer = await post('woocommerce', integration.id, wooFixture('order-deleted'));
      expect(answer.status).toBe(200);
      await processed(integration.id, 1);
      expect(store.isDone()).toBe(true);
      const order = await db.orders.findByExternalId(integration.id, '1007');
      expect(order?.canonical.deletedAt).toBe('2026-03-03T11:00:05Z');
      expect((await orderHistory(db, integration.id, '1007')).map((h) => h.source)).toEqual(['webhook']);
    });
  });

  describe('deliveries that are not answered 200', () => {
    it('answers 401 to a forged, missing or one-byte-altered signature and keeps nothing of them', async () => {
      const woo = (await wooIntegration(db)).integration;
      const shop = (await shopifyIntegration(db)).integration;
      const genuineWoo = wooFixture('order-created-paid');
      const genuineShop = shopifyDelivery('orders/create', shopifyFixtureText(SHOPIFY_AUD));

      const altered = (d: Delivery): Delivery => {
        const body = Buffer.from(d.body);
        body[body.length - 2] = body[body.length - 2]! ^ 1;
        return { ...d, body };
      };
      const without = (d: Delivery, header: string): Delivery => {
        const { [header]: _gone, ...headers } = d.headers;
        return { ...d, headers };
      };
      const wooAttempts: Delivery[] = [
        wooDelivery('order.created', genuineWoo.body.toString('utf8'), 'not-the-secret'),
        without(genuineWoo, 'x-wc-webhook-signature'),
        altered(genuineWoo),
      ];
      const shopAttempts: Delivery[] = [
        shopifyDelivery('orders/create', genuineShop.body.toString('utf8'), {}, 'not-the-secret'),
        without(genuineShop, 'x-shopify-hmac-sha256'),
        altered(genuineShop),
      ];
      const answers = [
        ...(await Promise.all(wooAttempts.map((d) => post('woocommerce', woo.id, d)))),
        ...(await Promise.all(shopAttempts.map((d) => post('shopify', shop.id, d)))),
      ];
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(answers.map((a) => a.body.error?.message)).toEqual([
        'the signature does not match',
        'the signature header is missing',
        'the signature does not match',
        'the signature does not match',
        'the signature header is missing',
        'the signature does not match',
      ]);
      await expectNothingKept(woo.id);
      await expectNothingKept(shop.id);

      // Nothing was claimed either: the genuine deliveries after them are new, not duplicates.
      expect((await post('woocommerce', woo.id, genuineWoo)).body.outcome).toBe('accepted');
      expect((await post('shopify', shop.id, genuineShop)).body.outcome).toBe('accepted');
      await processed(woo.id, 1);
      await processed(shop.id, 1);
    });

    it('answers 404 for an unknown integration, another platform’s integration, or an unknown platform', async () => {
      const { integration } = await wooIntegration(db);
      const delivery = wooFixture('order-created-paid');
      const unknownId = randomUUID();
      const answers = await Promise.all([
        post('woocommerce', unknownId, delivery),
        post('woocommerce', 'not-a-uuid', delivery),
        post('shopify', integration.id, delivery),
        post('magento', integration.id, delivery),
      ]);
      expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
      expect(answers.every((a) => a.body.error?.code === 'not_found')).toBe(true);
      await expectNothingKept(integration.id);
    });

    it('answers WooCommerce’s unsigned ping with exactly 200, and stores nothing', async () => {
      const { integration } = await wooIntegration(db);
      for (const name of ['ping', 'real-store-11.0.1__001__ping']) {
        const answer = await post('woocommerce', integration.id, wooFixture(name));
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ ok: true, outcome: 'ping' });
      }
      // The same body with WooCommerce's delivery headers is a delivery without its signature, not a ping.
      const disguised = wooDelivery('order.created', 'webhook_id=1');
      const { 'x-wc-webhook-signature': _gone, ...headers } = disguised.headers;
      const answer = await post('woocommerce', integration.id, {
        body: disguised.body,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(answer.status).toBe(401);
      await expectNothingKept(integration.id);
    });

    it('answers 400 to a validly signed body that is not an order, and keeps it in quarantine with the reason', async () => {
      const woo = (await wooIntegration(db)).integration;
      const shop = (await shopifyIntegration(db)).integration;
      const notAnOrder = wooDelivery('order.updated', '{"id":77,"note":"a note, not an order"}');
      const notJson = wooDelivery('order.updated', '<html><body>Fatal error</body></html>');
      const shopList = shopifyDelivery('orders/updated', '[1,2,3]');

      const answers = [
        await post('woocommerce', woo.id, notAnOrder),
        await post('woocommerce', woo.id, notJson),
        await post('shopify', shop.id, shopList),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
      expect(answers.map((a) => a.body.error?.code)).toEqual(['quarantined', 'quarantined', 'quarantined']);
      expect(answers[0]!.body.error?.message).toMatch(/not a WooCommerce order/);

      const quarantined = (await hub.hub.stores.webhookDeliveries.quarantined(1000)).filter((d) =>
        [woo.id, shop.id].includes(d.integrationId),
      );
      expect(quarantined).toHaveLength(3);
      const byBody = new Map(quarantined.map((d) => [d.body.toString('utf8'), d]));
      expect(byBody.get(notAnOrder.body.toString())).toMatchObject({
        status: 'quarantined',
        topic: 'order.updated',
        platform: 'woocommerce',
        reason: expect.stringMatching(/not a WooCommerce order/),
      });
      expect(byBody.get(notJson.body.toString())?.reason).toMatch(/not JSON/);
      expect(byBody.get('[1,2,3]')).toMatchObject({
        platform: 'shopify',
        topic: 'orders/updated',
        reason: expect.stringMatching(/not a JSON object/),
      });
      expect(byBody.get('[1,2,3]')?.headers['x-shopify-hmac-sha256']).toBe(
        shopList.headers['x-shopify-hmac-sha256'],
      );
      expect(
        await count(db, 'SELECT 1 FROM orders WHERE integration_id = ANY($1)', [[woo.id, shop.id]]),
      ).toBe(0);
    });

    it('keeps an order the mapper cannot read in quarantine instead of retrying it for hours', async () => {
      const { integration } = await wooIntegration(db);
      // Shaped like an order (id, status, line items), so the receiver accepts it; it has no currency.
      const body = { id: 78, status: 'processing', line_items: [], date_modified_gmt: '2026-03-02T14:05:10' };
      const answer = await post('woocommerce', integration.id, wooDelivery('order.updated', body));
      expect(answer.status).toBe(200);
      const [row] = await eventually(async () => {
        const rows = await deliveryRows(db, integration.id);
        expect(rows.map((r) => r.status)).toEqual(['quarantined']);
        return rows;
      });
      expect(row!.reason).toMatch(/currency/);
      expect(row!.body.toString()).toBe(JSON.stringify(body));
      expect(
        (await hub.hub.stores.webhookDeliveries.quarantined(1000)).some(
          (d) => d.integrationId === integration.id,
        ),
      ).toBe(true);
      const failed = await hub.hub.queues.ingest.getJobs(['failed', 'delayed']);
      expect(
        failed.filter((j) => (j.data as { integrationId: string }).integrationId === integration.id),
      ).toEqual([]);
    });
  });

  describe('orders PostgreSQL refuses', () => {
    it('one order PostgreSQL cannot store fails alone, not the concurrent orders sharing its statement', async () => {
      const { integration } = await wooIntegration(db);
      const good = ['completed', 'on-hold', 'prices-include-tax', 'jpy-zero-decimal'].map((name) =>
        wooDelivery('order.updated', wooOrderFixture(name)),
      );
      // Valid as far as the mapper and the canonical schema go: a NUL in a note (jsonb holds no
      // U+0000), and a year 0 (PostgreSQL's calendar has none).
      const nul = wooDelivery('order.updated', {
        ...wooOrderFixture('unknown-product-empty-line'),
        customer_note: 'ring the bell\u0000twice',
      });
      const yearZero = wooDelivery('order.updated', {
        ...wooOrderFixture('guest-email-only-float-price'),
        date_modified_gmt: '0000-01-01T00:00:00',
      });
      const answers = await Promise.all(
        [...good, nul, yearZero].map((d) => post('woocommerce', integration.id, d)),
      );
      expect(answers.map((a) => a.body.outcome)).toEqual(Array.from({ length: 6 }, () => 'accepted'));

      const rows = await eventually(async () => {
        const now = await deliveryRows(db, integration.id);
        expect(now.map((r) => r.status).sort()).toEqual([...Array(5).fill('processed'), 'quarantined']);
        return now;
      });
      const byOrder = new Map(rows.map((r) => [r.order_external_id, r]));
      expect(byOrder.get('1002')?.reason).toMatch(
        /^order 1002 cannot be stored: date\/time field value out of range/,
      );
      expect(await db.orders.findByExternalId(integration.id, '1002')).toBeNull();
      // The NUL is dropped from what is stored; the raw delivery keeps the bytes as sent.
      const stored = await db.orders.findByExternalId(integration.id, '1010');
      expect(stored?.canonical.note).toBe('ring the belltwice');
      expect(byOrder.get('1010')?.body.equals(nul.body)).toBe(true);
      // Every job ran once: none failed for its neighbour, and none is waiting for a retry.
      const jobs = (
        await hub.hub.queues.ingest.getJobs(['completed', 'failed', 'delayed', 'waiting', 'active'])
      ).filter((j) => (j.data as { integrationId: string }).integrationId === integration.id);
      expect(jobs.map((j) => [j.attemptsMade, j.failedReason ?? null])).toEqual(
        Array.from({ length: 6 }, () => [1, null]),
      );
    });
  });

  describe('duplicates', () => {
    it('answers a replayed delivery 200 and processes it once', async () => {
      const { integration } = await wooIntegration(db);
      const delivery = wooFixture('order-updated-unicode-fee');
      expect((await post('woocommerce', integration.id, delivery)).body).toEqual({
        ok: true,
        outcome: 'accepted',
      });
      await processed(integration.id, 1);
      const again = await post('woocommerce', integration.id, delivery);
      expect(again.status).toBe(200);
      expect(again.body.outcome).toBe('duplicate');
      await expectProcessedOnce(integration.id, '1003');
    });

    it('answers 20 concurrent identical requests 200 and processes them once', async () => {
      const { integration } = await wooIntegration(db);
      const delivery = wooFixture('order-created-paid');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post('woocommerce', integration.id, delivery)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
      expect(answers.filter((a) => a.body.outcome === 'accepted')).toHaveLength(1);
      expect(answers.filter((a) => a.body.outcome === 'duplicate')).toHaveLength(19);
      await expectProcessedOnce(integration.id, '1001');
    });

    it('processes once the same delivery sent to two API instances sharing Redis', async () => {
      const second = await startTestHub({
        role: 'api',
        registry: registryFor(),
        env: { REDIS_PREFIX: hub.hub.config.redisPrefix, HUB_ALLOWED_STORE_HOSTS: ALLOWED_STORE_HOSTS },
      });
      try {
        const { integration } = await shopifyIntegration(db);
        const delivery = shopifyDelivery('orders/create', shopifyFixtureText(SHOPIFY_AUD));
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            deliver(i % 2 === 0 ? hub.baseUrl : second.baseUrl, 'shopify', integration.id, delivery),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
        expect(answers.filter((a) => a.body.outcome === 'accepted')).toHaveLength(1);
        await expectProcessedOnce(integration.id, '2998557704341');
      } finally {
        await second.stop();
      }
    });

    it('Shopify: a new X-Shopify-Webhook-Id for an X-Shopify-Event-Id already seen is the same event', async () => {
      const { integration } = await shopifyIntegration(db);
      const body = shopifyFixtureText(SHOPIFY_AUD);
      const eventId = randomUUID();
      const first = await post(
        'shopify',
        integration.id,
        shopifyDelivery('orders/create', body, { eventId }),
      );
      const otherSubscription = await post(
        'shopify',
        integration.id,
        shopifyDelivery('orders/create', body, { eventId }),
      );
      expect([first.body.outcome, otherSubscription.body.outcome]).toEqual(['accepted', 'duplicate']);
      await expectProcessedOnce(integration.id, '2998557704341');
    });

    it('WooCommerce: two orders sharing X-WC-Webhook-Delivery-ID are two deliveries, never merged', async () => {
      const { integration } = await wooIntegration(db);
      const a = wooDelivery('order.updated', wooOrderFixture('on-hold'));
      const b = wooDelivery('order.updated', wooOrderFixture('prices-include-tax'));
      expect(a.headers['x-wc-webhook-delivery-id']).toBe(b.headers['x-wc-webhook-delivery-id']);
      const answers = await Promise.all([
        post('woocommerce', integration.id, a),
        post('woocommerce', integration.id, b),
      ]);
      expect(answers.map((x) => x.body.outcome)).toEqual(['accepted', 'accepted']);
      await processed(integration.id, 2);
      expect(await orderHistory(db, integration.id, '1006')).toHaveLength(1);
      expect(await orderHistory(db, integration.id, '1008')).toHaveLength(1);
    });

    async function expectProcessedOnce(integrationId: string, externalId: string) {
      await processed(integrationId, 1);
      // Every answer came after its job was queued: one job in the queue means processed once.
      const jobs = await hub.hub.queues.ingest.getJobs([
        'completed',
        'active',
        'waiting',
        'delayed',
        'failed',
      ]);
      expect(
        jobs.filter((j) => (j.data as { integrationId: string }).integrationId === integrationId),
      ).toHaveLength(1);
      const history = await orderHistory(db, integrationId, externalId);
      expect(history.map((h) => h.source)).toEqual(['webhook']);
      expect(await deliveryRows(db, integrationId)).toHaveLength(1);
    }
  });

  describe('versions', () => {
    it('keeps the newer version when an older one arrives after it', async () => {
      const { integration } = await wooIntegration(db);
      const newer = wooDelivery('order.updated', wooOrderFixture('completed'));
      const older = wooDelivery('order.updated', wooOrderFixture('paid-percent-coupon-two-tax-rates'));
      expect((await post('woocommerce', integration.id, newer)).body.outcome).toBe('accepted');
      await processed(integration.id, 1);
      expect((await post('woocommerce', integration.id, older)).body.outcome).toBe('accepted');
      const rows = await processed(integration.id, 2);
      expect(rows[1]!.reason).toBe('no newer version');

      const stored = await db.orders.findByExternalId(integration.id, '1001');
      expect(stored?.channelUpdatedAt.toISOString()).toBe('2026-03-04T09:30:00.000Z');
      expect(stored?.canonical.channelStatus).toBe('completed');
      expect(stored?.version).toBe(1);
      expect(await orderHistory(db, integration.id, '1001')).toHaveLength(1);
    });

    it('records one history entry when the same version arrives twice under different deliveries', async () => {
      const woo = (await wooIntegration(db)).integration;
      const order = wooOrderFixture('paid-percent-coupon-two-tax-rates');
      // order.created and order.updated of one save: two delivery keys, one channel version.
      await post('woocommerce', woo.id, wooDelivery('order.created', order));
      await processed(woo.id, 1);
      await post('woocommerce', woo.id, wooDelivery('order.updated', order));
      await processed(woo.id, 2);
      expect(await orderHistory(db, woo.id, '1001')).toHaveLength(1);

      const shop = (await shopifyIntegration(db)).integration;
      const body = shopifyFixtureText(SHOPIFY_AUD);
      await post('shopify', shop.id, shopifyDelivery('orders/create', body));
      await processed(shop.id, 1);
      await post('shopify', shop.id, shopifyDelivery('orders/updated', body));
      await processed(shop.id, 2);
      expect(await orderHistory(db, shop.id, '2998557704341')).toHaveLength(1);
    });
  });

  describe('echo suppression', () => {
    it('a webhook of the version the hub itself pushed adds no history entry and no event', async () => {
      const { integration, tenantId } = await wooIntegration(db);
      await subscribe(tenantId);
      const completed = wooOrderFixture('completed');
      // The push path stores what it read back from the channel after pushing (source 'push').
      await new OrderWriter(hub.hub).write(
        integration,
        [
          {
            externalId: '1001',
            updatedAt: '2026-03-04T09:30:00Z',
            payload: completed as never,
            deleted: false,
          },
        ],
        'push',
      );
      const events = () =>
        db.ds.query('SELECT type, source FROM order_events WHERE integration_id = $1 ORDER BY id', [
          integration.id,
        ]) as Promise<{ type: string; source: string }[]>;
      expect(await events()).toEqual([{ type: 'order.created', source: 'push' }]);

      // The channel then tells the hub about the change the hub made.
      await post('woocommerce', integration.id, wooDelivery('order.updated', completed));
      const [row] = await processed(integration.id, 1);
      expect(row!.reason).toBe('no newer version');
      expect((await orderHistory(db, integration.id, '1001')).map((h) => h.source)).toEqual(['push']);
      expect(await events()).toEqual([{ type: 'order.created', source: 'push' }]);

      // A change made on the channel afterwards is news: history and an event.
      const later = {
        ...completed,
        date_modified_gmt: '2026-03-05T08:00:00',
        customer_note: 'leave at door',
      };
      await post('woocommerce', integration.id, wooDelivery('order.updated', later));
      await processed(integration.id, 2);
      expect((await orderHistory(db, integration.id, '1001')).map((h) => h.source)).toEqual([
        'push',
        'webhook',
      ]);
      expect(await events()).toEqual([
        { type: 'order.created', source: 'push' },
        { type: 'order.updated', source: 'webhook' },
      ]);
      await eventually(() =>
        expect(receivedFor(integration.id).map((e) => e.type)).toEqual(['order.created', 'order.updated']),
      );
    });
  });

  describe('privacy webhooks', () => {
    const DOCS_ORDER = JSON.stringify(
      (JSON.parse(shopifyFixtureText('docs-examples-2026-04/orders_create.json')) as { response: Json })
        .response,
    );
    const PERSON = 'ryanpwaldon';

    it('Shopify customers/data_request, customers/redact and shop/redact remove the person everywhere the hub keeps it', async () => {
      const { integration, tenantId } = await shopifyIntegration(db);
      await subscribe(tenantId);
      for (const body of [
        shopifyFixtureText(SHOPIFY_AUD),
        shopifyFixtureText('real-captured/orders-create_2020-12_shopAUD_presentmentUSD.json'),
        DOCS_ORDER,
      ])
        await post('shopify', integration.id, shopifyDelivery('orders/create', body));
      await processed(integration.id, 3);
      // Where the hub keeps documents of the integration, as text: orders, raw deliveries, the event log.
      const KEPT = {
        orders: 'SELECT canonical::text || raw::text AS x FROM orders WHERE integration_id = $1',
        deliveries:
          "SELECT convert_from(body, 'UTF8') AS x FROM webhook_deliveries WHERE integration_id = $1",
        events: 'SELECT data::text AS x FROM order_events WHERE integration_id = $1',
      };
      const traces = async (text = PERSON) => {
        const found: Record<string, number> = {};
        for (const [where, sql] of Object.entries(KEPT))
          found[where] = await count(db, `SELECT 1 FROM (${sql}) AS kept WHERE position($2 in kept.x) > 0`, [
            integration.id,
            text,
          ]);
        return found;
      };
      expect(await traces()).toEqual({ orders: 2, deliveries: 2, events: 2 });
      expect(await traces('john@example.com')).toEqual({ orders: 1, deliveries: 1, events: 1 });

      const customer = { id: 4206822293653, email: 'RyanPWaldon@gmail.com', phone: null };
      await post(
        'shopify',
        integration.id,
        shopifyDelivery('customers/data_request', {
          shop_id: 1,
          shop_domain: 'hub-test.myshopify.com',
          customer,
          orders_requested: [2998557704341],
          data_request: { id: 9999 },
        }),
      );
      const afterRequest = await processed(integration.id, 4);
      expect(afterRequest[3]!.reason).toBe('data request recorded: the hub holds 2 orders of this customer');

      await post(
        'shopify',
        integration.id,
        shopifyDelivery('customers/redact', {
          shop_id: 1,
          shop_domain: 'hub-test.myshopify.com',
          customer,
          orders_to_redact: [2998557704341],
        }),
      );
      const afterRedact = await processed(integration.id, 5);
      expect(afterRedact[4]!.reason).toBe('personal data removed from 2 orders');
      expect(await traces()).toEqual({ orders: 0, deliveries: 0, events: 0 });
      const other = await db.orders.findByExternalId(integration.id, '820982911946154508');
      expect(other?.canonical.customer?.email).toBe('john@example.com');
      const redacted = await db.orders.findByExternalId(integration.id, '2998557704341');
      expect(redacted?.canonical).toMatchObject({
        customer: null,
        billingAddress: null,
        shippingAddress: null,
      });
      expect(redacted?.canonical.totals.total).toBe('59.45');

      await post(
        'shopify',
        integration.id,
        shopifyDelivery('shop/redact', { shop_id: 1, shop_domain: 'hub-test.myshopify.com' }),
      );
      const afterShop = await processed(integration.id, 6);
      expect(afterShop[5]!.reason).toBe('personal data removed from 3 orders');
      expect(await traces('john@example.com')).toEqual({ orders: 0, deliveries: 0, events: 0 });
    });
  });

  describe('metrics', () => {
    const sample = (text: string, name: string, labels: Record<string, string>): number => {
      const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
      for (const line of text.split('\n')) {
        if (!line.startsWith(`${name}{`)) continue;
        const inside = line.slice(name.length + 1, line.indexOf('}'));
        const have = inside.split(',');
        if (wanted.every((w) => have.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return 0;
    };
    const metrics = async () => String((await hub.request('GET', '/metrics')).body);

    it('counts deliveries by platform and outcome and observes the ingest lag', async () => {
      const before = await metrics();
      const woo = (await wooIntegration(db)).integration;
      const shop = (await shopifyIntegration(db)).integration;
      const randomShop = (await shopifyIntegration(db)).integration;
      const order = wooFixture('order-created-paid');
      await post('woocommerce', woo.id, order);
      await post('woocommerce', woo.id, order);
      await post('woocommerce', woo.id, wooFixture('ping'));
      await post('woocommerce', woo.id, wooDelivery('order.created', order.body.toString(), 'forged'));
      await post('woocommerce', randomUUID(), order);
      await post('shopify', shop.id, shopifyDelivery('orders/create', shopifyFixtureText(SHOPIFY_AUD)));
      await post('shopify', randomShop.id, shopifyDelivery('orders/create', '"text"'));
      await processed(woo.id, 1);
      await processed(shop.id, 1);
      const after = await metrics();

      const delta = (platform: string, outcome: string) =>
        sample(after, 'hub_webhook_deliveries_total', { platform, outcome }) -
        sample(before, 'hub_webhook_deliveries_total', { platform, outcome });
      expect({
        accepted: delta('woocommerce', 'accepted'),
        duplicate: delta('woocommerce', 'duplicate'),
        ping: delta('woocommerce', 'ping'),
        rejected: delta('woocommerce', 'rejected'),
        unknown: delta('woocommerce', 'unknown_integration'),
        shopifyAccepted: delta('shopify', 'accepted'),
        shopifyQuarantined: delta('shopify', 'quarantined'),
      }).toEqual({
        accepted: 1,
        duplicate: 1,
        ping: 1,
        rejected: 1,
        unknown: 1,
        shopifyAccepted: 1,
        shopifyQuarantined: 1,
      });
      for (const platform of ['woocommerce', 'shopify']) {
        const lagCount =
          sample(after, 'hub_ingest_lag_seconds_count', { platform }) -
          sample(before, 'hub_ingest_lag_seconds_count', { platform });
        expect(lagCount).toBe(1);
        expect(sample(after, 'hub_ingest_lag_seconds_bucket', { platform, le: '+Inf' })).toBeGreaterThan(0);
      }
      expect(after).toMatch(/^# TYPE hub_ingest_lag_seconds histogram$/m);
    });
  });
});
