import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  connectWoo,
  freePort,
  hubOrders,
  type Json,
  queuesIdle,
  startSyncHub,
  storeIdsModified,
  type SyncHub,
  waitFor,
} from './helpers';

/**
 * The setup endpoint end to end: a real hub (API + workers, BullMQ, Redis, PostgreSQL) connecting
 * a sandbox WooCommerce store over HTTP. Only 127.0.0.1 is an allowed local host here, so
 * `localhost` (which resolves to 127.0.0.1) is refused like any other private address.
 */
describe('connecting a store (POST /v1/integrations)', () => {
  let woo: WooSandbox;
  let sh: SyncHub;
  let db: TestDb;
  let publicUrl: string;

  beforeAll(async () => {
    woo = await startWooCommerceSandbox({ orders: 3_000, seed: 11 });
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    sh = await startSyncHub({
      env: { PORT: String(port), PUBLIC_URL: publicUrl, HUB_ALLOWED_STORE_HOSTS: '127.0.0.1' },
    });
    db = await openTestDb(4);
  });
  afterAll(async () => {
    await sh.stop();
    await woo.close();
    await db.close();
  });

  const errorOf = (body: unknown) =>
    (body as { error: { code: string; message: string; details: { field: string }[] } }).error;
  const callbackOf = (id: string) => `${publicUrl}/webhooks/woocommerce/${id}`;
  const schedulersOf = async (id: string) =>
    (await sh.hub.hub.queues.sync.getJobSchedulers(0, -1)).filter((s) => s.key.endsWith(`:${id}`));

  let connected: Json & { id: string };
  let backfillSince: string;

  it('answers 201 with the integration, registers the webhooks, schedules the syncs and starts the backfill', async () => {
    backfillSince = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await sh.api('POST', '/v1/integrations', {
      platform: 'woocommerce',
      storeUrl: `${woo.url}/`,
      credentials: woo.credentials,
      options: { syncIntervalSeconds: 43_200, backfillSince },
    });
    expect(res.status).toBe(201);
    connected = res.body as Json & { id: string };
    expect(connected).toMatchObject({
      platform: 'woocommerce',
      storeUrl: woo.url,
      status: 'active',
      options: { syncIntervalSeconds: 43_200, backfillSince, registerWebhooks: true },
      store: { currency: 'USD', canWrite: true, platformVersion: '11.0.1' },
    });
    expect(typeof connected.createdAt).toBe('string');

    // Webhooks: one active subscription per order topic at the store, pointing at the hub, pinged.
    const atStore = woo.store.listWebhooks().filter((w) => w.delivery_url === callbackOf(connected.id));
    expect(atStore.map((w) => w.topic).sort()).toEqual([
      'order.created',
      'order.deleted',
      'order.restored',
      'order.updated',
    ]);
    expect(atStore.every((w) => w.status === 'active')).toBe(true);
    expect(
      (connected.webhooks as { id: string; status: string }[]).map((w) => [w.id, w.status]).sort(),
    ).toEqual(atStore.map((w) => [String(w.id), 'active']).sort());
    await woo.store.flushWebhooks();
    const pings = woo.store.deliveries.filter((d) => d.kind === 'ping' && d.url === callbackOf(connected.id));
    expect(pings.map((p) => p.status)).toEqual([200, 200, 200, 200]);

    // Never a credential in the answer, and none in clear in the database.
    const secrets = [
      woo.credentials.consumerKey,
      woo.credentials.consumerSecret,
      ...woo.store.webhooks.list().map((w) => w.secret),
    ];
    for (const secret of secrets) expect(JSON.stringify(res.body)).not.toContain(secret);
    const [row] = (await db.ds.query(
      'SELECT row_to_json(i)::text AS text FROM integrations i WHERE id = $1',
      [connected.id],
    )) as { text: string }[];
    for (const secret of secrets) expect(row!.text).not.toContain(secret);
    expect(await sh.hub.hub.stores.integrations.credentials(connected.id)).toMatchObject(woo.credentials);

    // One incremental and one completeness scheduler for the integration, and its catalog refresh.
    const schedulers = await schedulersOf(connected.id);
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      [`completeness:${connected.id}`, 43_200_000 * 12],
      [`incremental:${connected.id}`, 43_200_000],
    ]);
    const pushSchedulers = await sh.hub.hub.queues.push.getJobSchedulers(0, -1);
    expect(pushSchedulers.filter((s) => s.key === `catalog:${connected.id}`)).toHaveLength(1);

    // The backfill runs on its own and is shown with its progress; it stored what the store has.
    const finished = await waitFor('the backfill to finish', async () => {
      const got = await sh.api('GET', `/v1/integrations/${connected.id}`);
      const sync = (got.body as { sync: { backfill: Json | null } }).sync;
      return sync.backfill?.finishedAt ? (got.body as Json) : undefined;
    });
    const createdAt = Date.parse(connected.createdAt as string);
    const windows = Math.ceil((createdAt - Date.parse(backfillSince)) / 86_400_000);
    const expected = storeIdsModified(woo, Date.parse(backfillSince), createdAt);
    expect(expected.length).toBeGreaterThan(10);
    expect(finished).toMatchObject({
      id: connected.id,
      status: 'active',
      sync: {
        ordersSynced: expected.length,
        backfill: {
          since: backfillSince,
          windowsTotal: windows,
          windowsDone: windows,
          ordersSoFar: expected.length,
          nextWindowEnd: null,
          mode: 'pages',
        },
      },
    });
    const next = (finished.sync as { nextRunAt: string | null }).nextRunAt;
    expect(next).not.toBeNull();
    expect(Date.parse(next!)).toBeGreaterThan(Date.now());
    expect(Date.parse(next!)).toBeLessThanOrEqual(Date.now() + 43_200_000);
    expect([...(await hubOrders(db.ds, connected.id)).keys()].sort()).toEqual(expected.sort());

    const list = await sh.api('GET', '/v1/integrations');
    expect((list.body as { data: Json[] }).data.map((i) => i.id)).toContain(connected.id);
    for (const secret of secrets) expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('names every bad field of the body (400), before contacting any store', async () => {
    const contacted = () => woo.requests.filter('GET', '/wp-json/wc/v3/system_status').length;
    const before = contacted();
    const missing = await sh.api('POST', '/v1/integrations', {});
    expect(missing.status).toBe(400);
    expect(
      errorOf(missing.body)
        .details.map((d) => d.field)
        .sort(),
    ).toEqual(['body.credentials', 'body.platform', 'body.storeUrl']);

    const several = await sh.api('POST', '/v1/integrations', {
      platform: 'woocommerce',
      storeUrl: 'ftp://shop.example.com',
      credentials: { consumerKey: 'key', consumerSecret: 42 },
    });
    expect(several.status).toBe(400);
    expect(errorOf(several.body).code).toBe('validation_failed');
    expect(
      errorOf(several.body)
        .details.map((d) => d.field)
        .sort(),
    ).toEqual(['body.credentials.consumerKey', 'body.credentials.consumerSecret', 'body.storeUrl']);

    const platform = await sh.api('POST', '/v1/integrations', {
      platform: 'magento',
      storeUrl: woo.url,
      credentials: {},
    });
    expect(platform.status).toBe(400);
    expect(errorOf(platform.body).details.map((d) => d.field)).toEqual(['body.platform']);

    const options = await sh.api('POST', '/v1/integrations', {
      platform: 'woocommerce',
      storeUrl: woo.url,
      credentials: woo.credentials,
      options: { syncIntervalSeconds: 5, backfillSince: 'yesterday', colour: 'red' },
    });
    expect(options.status).toBe(400);
    expect(errorOf(options.body).details.map((d) => d.field)).toEqual(
      expect.arrayContaining(['body.options.syncIntervalSeconds', 'body.options.backfillSince']),
    );
    expect(contacted()).toBe(before);
  });

  it('answers 422 when the store rejects the keys, and saves nothing', async () => {
    const other = await startWooCommerceSandbox({ orders: 10, seed: 12 });
    try {
      const wrongSecret = await sh.api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl: other.url,
        credentials: { ...other.credentials, consumerSecret: 'cs_wrong' },
      });
      expect(wrongSecret.status).toBe(422);
      expect(errorOf(wrongSecret.body).code).toBe('credentials_rejected');
      // Over plain http the key signs (OAuth 1.0a): a wrong secret shows as a bad signature.
      expect(errorOf(wrongSecret.body).message).toMatch(/rejected the credentials.*signature/);

      const unknownKey = await sh.api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl: other.url,
        credentials: { consumerKey: 'ck_unknown', consumerSecret: 'cs_unknown' },
      });
      expect(unknownKey.status).toBe(422);
      expect(errorOf(unknownKey.body).message).toMatch(/does not know this consumer key/);

      const rows = (await db.ds.query('SELECT id FROM integrations WHERE tenant_id = $1 AND store_url = $2', [
        sh.tenantId,
        other.url,
      ])) as unknown[];
      expect(rows).toEqual([]);
      expect(other.store.listWebhooks()).toEqual([]);
      // Nothing but the credential check reached the store (no webhooks, no backfill).
      expect(other.requests.entries.map((r) => r.path)).toEqual([
        '/wp-json/wc/v3/system_status',
        '/wp-json/wc/v3/system_status',
      ]);
    } finally {
      await other.close();
    }
  });

  it('answers 502 when the store cannot be reached, or answers something that is not its API', async () => {
    const closed = await freePort();
    const unreachable = await sh.api('POST', '/v1/integrations', {
      platform: 'woocommerce',
      storeUrl: `http://127.0.0.1:${closed}`,
      credentials: woo.credentials,
    });
    expect(unreachable.status).toBe(502);
    expect(errorOf(unreachable.body).code).toBe('store_unreachable');
    expect(errorOf(unreachable.body).message).toMatch(/could not be reached/);

    const other = await startWooCommerceSandbox({ orders: 10, seed: 13 });
    try {
      other.faults.html({ status: 200 });
      const html = await sh.api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl: other.url,
        credentials: other.credentials,
      });
      expect(html.status).toBe(502);
      expect(errorOf(html.body).message).toMatch(/HTML page/);
    } finally {
      await other.close();
    }
  }, 20_000);

  it('answers 409 when the tenant already connected the store (however the URL is spelled), even racing', async () => {
    const again = await sh.api('POST', '/v1/integrations', {
      platform: 'woocommerce',
      storeUrl: `${woo.url}//`,
      credentials: woo.credentials,
    });
    expect(again.status).toBe(409);
    expect(errorOf(again.body).code).toBe('conflict');

    const other = await startWooCommerceSandbox({ orders: 10, seed: 14 });
    try {
      const body = {
        platform: 'woocommerce',
        storeUrl: other.url,
        credentials: other.credentials,
        options: { registerWebhooks: false, syncIntervalSeconds: 86_400 },
      };
      const raced = await Promise.all([
        sh.api('POST', '/v1/integrations', body),
        sh.api('POST', '/v1/integrations', body),
      ]);
      expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = raced.find((r) => r.status === 201)!.body as { id: string };
      const live = (await db.ds.query(
        'SELECT id FROM integrations WHERE tenant_id = $1 AND store_url = $2 AND deleted_at IS NULL',
        [sh.tenantId, other.url],
      )) as { id: string }[];
      expect(live.map((r) => r.id)).toEqual([winner.id]);
      // The loser left nothing behind: no scheduler for any id but the winner's.
      const keys = (await sh.hub.hub.queues.sync.getJobSchedulers(0, -1)).map((s) => s.key);
      const orphans = keys.filter((k) => !k.endsWith(winner.id) && !k.endsWith(connected.id));
      expect(orphans).toEqual([]);
      await queuesIdle(sh);
      expect((await sh.api('DELETE', `/v1/integrations/${winner.id}`)).status).toBe(204);
    } finally {
      await other.close();
    }
  });

  it('refuses store URLs on private, loopback and link-local addresses, and plain http, unless allowed', async () => {
    const sandboxPort = new URL(woo.url).port;
    // Every connection attempt would begin with the store status: none may reach the store.
    const contacted = () => woo.requests.filter('GET', '/wp-json/wc/v3/system_status').length;
    const before = contacted();
    const refused = [
      'https://10.0.0.5',
      'https://192.168.1.20/shop',
      'https://172.16.0.1',
      'https://169.254.169.254',
      'https://[::1]',
      'https://[::ffff:127.0.0.1]',
      'https://[::ffff:0:7f00:1]',
      'https://[64:ff9b::a00:5]',
      'https://[2002:7f00:1::]',
      'https://[fd00::1]',
      `https://localhost:${sandboxPort}`,
      `http://localhost:${sandboxPort}`,
      'http://shop.example.com',
    ];
    for (const storeUrl of refused) {
      const res = await sh.api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl,
        credentials: woo.credentials,
      });
      expect([storeUrl, res.status]).toEqual([storeUrl, 400]);
      expect(errorOf(res.body).details.map((d) => d.field)).toEqual(['body.storeUrl']);
    }
    expect(
      errorOf(
        (
          await sh.api('POST', '/v1/integrations', {
            platform: 'woocommerce',
            storeUrl: `https://localhost:${sandboxPort}`,
            credentials: woo.credentials,
          })
        ).body,
      ).message,
    ).toMatch(/loopback, private or link-local/);
    expect(contacted()).toBe(before);

    // A hub that allows no local host refuses 127.0.0.1 itself, over https or http.
    const strict = await startSyncHub({ role: 'api', env: { HUB_ALLOWED_STORE_HOSTS: '' } });
    try {
      for (const storeUrl of ['https://127.0.0.1', 'https://0x7f000001', woo.url]) {
        const res = await strict.api('POST', '/v1/integrations', {
          platform: 'woocommerce',
          storeUrl,
          credentials: woo.credentials,
        });
        expect([storeUrl, res.status]).toEqual([storeUrl, 400]);
        expect(errorOf(res.body).details.map((d) => d.field)).toEqual(['body.storeUrl']);
      }
    } finally {
      await strict.stop();
    }
    expect(contacted()).toBe(before);
  });

  it('PATCH upserts the one schedule and checks rotated keys like a new connection', async () => {
    const patched = await sh.api('PATCH', `/v1/integrations/${connected.id}`, {
      options: { syncIntervalSeconds: 86_400 },
    });
    expect(patched.status).toBe(200);
    expect((patched.body as { options: Json }).options).toMatchObject({
      syncIntervalSeconds: 86_400,
      backfillSince,
      registerWebhooks: true,
    });
    const schedulers = await schedulersOf(connected.id);
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      [`completeness:${connected.id}`, 86_400_000 * 12],
      [`incremental:${connected.id}`, 86_400_000],
    ]);

    const rejected = await sh.api('PATCH', `/v1/integrations/${connected.id}`, {
      credentials: { ...woo.credentials, consumerSecret: 'cs_wrong' },
    });
    expect(rejected.status).toBe(422);
    expect(await sh.hub.hub.stores.integrations.credentials(connected.id)).toMatchObject(woo.credentials);

    const badField = await sh.api('PATCH', `/v1/integrations/${connected.id}`, {
      credentials: { consumerKey: 'nope', consumerSecret: 'cs_x' },
    });
    expect(badField.status).toBe(400);
    expect(errorOf(badField.body).details.map((d) => d.field)).toEqual(['body.credentials.consumerKey']);
  });

  it('DELETE unsubscribes the webhooks, removes the schedules and keeps the orders', async () => {
    await queuesIdle(sh);
    const kept = (await hubOrders(db.ds, connected.id)).size;
    expect(kept).toBeGreaterThan(0);
    const res = await sh.api('DELETE', `/v1/integrations/${connected.id}`);
    expect(res.status).toBe(204);
    expect(woo.store.listWebhooks().filter((w) => w.delivery_url === callbackOf(connected.id))).toEqual([]);
    expect(await schedulersOf(connected.id)).toEqual([]);
    const pushSchedulers = await sh.hub.hub.queues.push.getJobSchedulers(0, -1);
    expect(pushSchedulers.filter((s) => s.key === `catalog:${connected.id}`)).toEqual([]);
    expect((await sh.api('GET', `/v1/integrations/${connected.id}`)).status).toBe(404);
    expect((await hubOrders(db.ds, connected.id)).size).toBe(kept);
    const orders = await sh.api('GET', `/v1/orders?integrationId=${connected.id}&limit=5`);
    expect((orders.body as { data: unknown[] }).data).toHaveLength(5);
    // A sync asked for a disconnected store is refused like an unknown one.
    expect((await sh.api('POST', `/v1/integrations/${connected.id}/sync`, {})).status).toBe(404);

    // The store can be connected again afterwards.
    const again = await connectWoo(sh, woo);
    expect(again.id).not.toBe(connected.id);
    await queuesIdle(sh);
  });
});
