import type { OrderWrite } from '../../../src/db/order-store';
import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  connectWoo,
  createOrdersOverTime,
  hubOrders,
  type HubOrderRow,
  type Json,
  queuesIdle,
  sampleOf,
  settledJob,
  startSyncHub,
  storeIdsModified,
  storePayload,
  syncNow,
  type SyncHub,
  testRegistry,
  type TestWoo,
  waitFor,
} from './helpers';

const DAY = 86_400_000;

interface IncrementalResult {
  window: { from: string; to: string };
  pages: number;
  ordersSeen: number;
  ordersWritten: number;
}

/**
 * The incremental sync engine end to end: jobs on real BullMQ queues, a real hub worker, the
 * WooCommerce connector against a sandbox store over HTTP, orders in PostgreSQL.
 */
describe('scheduled incremental sync and backfill', () => {
  let woo: WooSandbox;
  let conn: TestWoo;
  let sh: SyncHub;
  let db: TestDb;
  let upserts: jest.SpyInstance;

  beforeAll(async () => {
    // Seeded history ends an hour ago (the sandbox clamps later lifecycle steps to that instant):
    // incremental windows then hold only what the tests change.
    woo = await startWooCommerceSandbox({
      orders: 50_000,
      seed: 21,
      seedUntil: new Date(Date.now() - 3_600_000),
    });
    const test = testRegistry();
    conn = test.woo;
    sh = await startSyncHub({ registry: test.registry });
    db = await openTestDb(4);
    upserts = jest.spyOn(sh.hub.hub.stores.orders, 'upsert');
  });
  afterAll(async () => {
    upserts.mockRestore();
    await sh.stop();
    await woo.close();
    await db.close();
  });

  /** The hub's order is the store's order: same raw document, same canonical mapping of it. */
  function expectSameAsStore(row: HubOrderRow | undefined, id: string): void {
    expect(row).toBeDefined();
    const payload = storePayload(woo, Number(id));
    expect(row!.raw).toEqual(payload);
    expect(row!.canonical).toEqual(conn.mapOrder(payload));
    expect(row!.channel_updated_at.toISOString()).toBe(
      `${(payload as { date_modified_gmt: string }).date_modified_gmt}.000Z`,
    );
  }

  /** The batches the order store was asked to write for an integration, by source, as sizes. */
  function upsertSizes(integrationId: string, source: string, from = 0): number[] {
    return upserts.mock.calls
      .slice(from)
      .filter(([writes, s]) => s === source && (writes as OrderWrite[])[0]?.integrationId === integrationId)
      .map(([writes]) => (writes as OrderWrite[]).length);
  }

  async function incremental(integrationId: string, as: SyncHub = sh): Promise<IncrementalResult> {
    const job = await settledJob(as, await syncNow(as, integrationId));
    expect(job).toMatchObject({ state: 'completed', attempts: 1, lastError: null });
    return job.result as IncrementalResult;
  }

  let integrationId: string;
  let createdAt: number;
  let backfillSince: string;

  it('backfills 1,000+ orders over many pages: all of them, as the store has them, one upsert per page', async () => {
    const since = new Date(Date.now() - 9 * DAY).toISOString();
    backfillSince = since;
    const integration = await connectWoo(sh, woo, { backfillSince: since });
    integrationId = integration.id;
    createdAt = Date.parse(integration.createdAt as string);

    const got = await waitFor('the backfill to finish', async () => {
      const res = await sh.api('GET', `/v1/integrations/${integrationId}`);
      const body = res.body as { sync: { backfill: Json | null } };
      return body.sync.backfill?.finishedAt ? body : undefined;
    });
    const expected = storeIdsModified(woo, Date.parse(since), createdAt);
    expect(expected.length).toBeGreaterThan(1_000);
    const windows = Math.ceil((createdAt - Date.parse(since)) / DAY);
    expect(got.sync.backfill).toMatchObject({
      windowsDone: windows,
      windowsTotal: windows,
      ordersSoFar: expected.length,
    });

    const stored = await hubOrders(db.ds, integrationId);
    expect([...stored.keys()].sort()).toEqual([...expected].sort());
    expect([...stored.values()].filter((r) => r.histories !== 1)).toEqual([]);
    for (const id of sampleOf(expected, 30)) expectSameAsStore(stored.get(id), id);

    // One upsert statement per page the store gave, with exactly that page's orders.
    const pages = conn.pagesOf(integrationId).filter((p) => p.lane === 'backfill');
    const sizes = upsertSizes(integrationId, 'backfill');
    expect(sizes).toEqual(pages.filter((p) => p.orders > 0).map((p) => p.orders));
    expect(sizes.length).toBeGreaterThanOrEqual(15);
    expect(Math.max(...sizes)).toBe(100);
    // Newest window first, and each window's pages chained by their cursors.
    const windowEnds = [...new Set(pages.map((p) => p.window.to))];
    expect(windowEnds).toHaveLength(windows);
    expect([...windowEnds].sort().reverse()).toEqual(windowEnds);
    await queuesIdle(sh);
  });

  it('syncs 1,200 orders changed since the last run completely, page by page, checkpointing each page', async () => {
    const first = await incremental(integrationId);
    expect(Date.parse(first.window.from)).toBe(createdAt - 5_000);

    const created = await createOrdersOverTime(woo, 1_200, 600);
    const checkpoints = jest.spyOn(sh.hub.hub.stores.syncState, 'checkpoint');
    const callsBefore = upserts.mock.calls.length;
    const since = Date.now();
    const second = await incremental(integrationId);
    const saved = checkpoints.mock.calls
      .filter(([id]) => id === integrationId)
      .map(([, cursor, written]) => ({ page: cursor.window?.pageCursor ?? null, written }));
    checkpoints.mockRestore();
    // The new window starts the overlap before the last one ended, and reaches up to now.
    expect(Date.parse(second.window.from)).toBe(Date.parse(first.window.to) - 5_000);
    const inWindow = storeIdsModified(woo, Date.parse(second.window.from), Date.parse(second.window.to));
    expect(inWindow).toEqual(expect.arrayContaining(created));
    expect(second.ordersSeen).toBe(inWindow.length);
    expect(second.ordersWritten).toBe(1_200);
    const pages = conn.pagesOf(integrationId, since);
    expect(second.pages).toBe(pages.length);
    expect(pages.length).toBeGreaterThanOrEqual(13);
    // A checkpoint after every page, naming the page that comes next (the last one: none, the
    // window done), with the orders that page wrote.
    expect(saved.map((c) => c.page)).toEqual(pages.map((p) => p.nextCursor));
    expect(saved.reduce((n, c) => n + c.written, 0)).toBe(1_200);
    expect(upsertSizes(integrationId, 'sync', callsBefore)).toEqual(
      pages.filter((p) => p.orders > 0).map((p) => p.orders),
    );

    const stored = await hubOrders(db.ds, integrationId);
    for (const id of created) expect(stored.has(id)).toBe(true);
    for (const id of sampleOf(created, 30)) expectSameAsStore(stored.get(id), id);
    expect([...stored.keys()].sort()).toEqual(storeIdsModified(woo, Date.parse(backfillSince)).sort());

    const res = await sh.api('GET', `/v1/integrations/${integrationId}`);
    const sync = (res.body as { sync: Json }).sync;
    expect(sync).toMatchObject({
      lastError: null,
      consecutiveFailures: 0,
      cursor: { updatedAt: second.window.to, window: null },
    });
    expect(Date.parse(sync.lastSuccessAt as string)).toBeGreaterThanOrEqual(since);
  });

  it('loses and doubles nothing when orders change while the window is being paged', async () => {
    // A busy store, not a bulk: fewer orders a second than a page, paged by (time, id) with `exclude`.
    const created = await createOrdersOverTime(woo, 320, 80);
    const changed = {
      emitted: [] as string[],
      ahead: [] as string[],
      trashed: [] as string[],
      added: [] as string[],
    };
    let done = false;
    const from = Date.now();
    conn.beforePage = (_request, ctx) => {
      if (ctx.integrationId !== integrationId || done) return;
      const read = new Set(conn.pagesOf(integrationId, from).flatMap((p) => p.ids));
      if (created.filter((id) => read.has(id)).length < 20) return;
      done = true;
      // Between two pages: change orders already read in this window and orders not read yet,
      // trash some not read yet, and create new ones.
      changed.emitted = created.filter((id) => read.has(id)).slice(0, 15);
      changed.ahead = created.filter((id) => !read.has(id)).slice(-15);
      changed.trashed = created.filter((id) => !read.has(id)).slice(0, 3);
      for (const id of changed.emitted)
        woo.store.updateOrder(Number(id), { customer_note: 'changed while paging' });
      for (const id of changed.ahead) woo.store.updateOrder(Number(id), { status: 'cancelled' });
      for (const id of changed.trashed) woo.store.deleteOrder(Number(id));
      for (let i = 0; i < 3; i++) changed.added.push(String(woo.store.createOrder().id));
    };
    const during = await incremental(integrationId);
    conn.beforePage = null;
    expect(changed.emitted).toHaveLength(15);
    expect(changed.ahead).toHaveLength(15);

    // Orders moved out of the window while it was paged: the next run (window starting the
    // overlap before this one ended) picks them up.
    await createOrdersOverTime(woo, 0);
    const after = await incremental(integrationId);
    expect(Date.parse(after.window.from)).toBe(Date.parse(during.window.to) - 5_000);

    const stored = await hubOrders(db.ds, integrationId);
    const touched = storeIdsModified(woo, from - 10_000);
    expect(touched).toEqual(expect.arrayContaining([...created, ...changed.added]));
    for (const id of touched) expectSameAsStore(stored.get(id), id);
    for (const id of changed.ahead) expect(stored.get(id)!.canonical.status).toBe('cancelled');
    for (const id of changed.trashed) expect(stored.get(id)!.canonical.deletedAt).not.toBeNull();
    // Each version written once: two for orders read, then changed; one for the others.
    const twice = new Set(changed.emitted);
    for (const id of [...created, ...changed.added]) {
      expect([id, stored.get(id)!.histories]).toEqual([id, twice.has(id) ? 2 : 1]);
    }
  });

  it('never lets two workers sync the same store at once', async () => {
    // A second worker process's worth of workers on the same queues (same Redis prefix).
    const second = testRegistry();
    const other = await startSyncHub({
      role: 'worker',
      registry: second.registry,
      env: { REDIS_PREFIX: sh.hub.hub.config.redisPrefix },
    });
    try {
      await createOrdersOverTime(woo, 600, 300);
      woo.faults.latencyMs(40);
      const since = Date.now();
      const lease = `${sh.hub.hub.config.redisPrefix}:lock:sync:${integrationId}`;
      const leaseTtls: number[] = [];
      const watching = (async () => {
        while (Date.now() - since < 15_000) {
          const ttl = await sh.hub.hub.producer.pttl(lease);
          if (ttl > 0) leaseTtls.push(ttl);
          else if (leaseTtls.length > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const jobs = await Promise.all([syncNow(sh, integrationId), syncNow(sh, integrationId)]);
      const settled = await Promise.all(jobs.map((id) => settledJob(sh, id)));
      await watching;
      woo.faults.reset();

      const results = settled.map((j) => j.result as Json);
      expect(settled.map((j) => j.state)).toEqual(['completed', 'completed']);
      const skipped = results.filter((r) => typeof r.skipped === 'string');
      expect(skipped).toEqual([{ skipped: 'another sync of this store is running' }]);
      const ran = results.find((r) => r.skipped === undefined) as unknown as IncrementalResult;
      expect(ran.ordersSeen).toBeGreaterThanOrEqual(600);

      // Every page of the window was asked for once, by one worker.
      const pages = [...conn.pagesOf(integrationId, since), ...second.woo.pagesOf(integrationId, since)];
      expect(pages).toHaveLength(ran.pages);
      expect(new Set(pages.map((p) => p.cursor)).size).toBe(pages.length);
      const byHub = [
        conn.pagesOf(integrationId, since).length,
        second.woo.pagesOf(integrationId, since).length,
      ];
      expect(byHub.filter((n) => n > 0)).toHaveLength(1);
      // The lease was held for the whole run (a short one, renewed while the job lives).
      expect(leaseTtls.length).toBeGreaterThan(5);
      expect(Math.max(...leaseTtls)).toBeLessThanOrEqual(30_000);
      expect(await sh.hub.hub.producer.exists(lease)).toBe(0);
    } finally {
      woo.faults.reset();
      await other.stop();
    }
  });
});
