import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  clockPast,
  connectWoo,
  createOrdersOverTime,
  hubOrders,
  type HubOrderRow,
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
} from './helpers';

const DAY = 86_400_000;

interface IncrementalResult {
  window: { from: string; to: string };
  pages: number;
  ordersSeen: number;
  ordersWritten: number;
}

/**
 * Bulk edits: a merchant's bulk action or an import stamps thousands of orders with one
 * modification second. Paging by (time, id) with the ids of that second in `exclude` would not fit
 * in a URL; the connector pages the rest of such a second by id, and the sync loses none of it.
 */
describe('incremental sync of bulk edits', () => {
  let woo: WooSandbox;
  let conn: TestWoo;
  let sh: SyncHub;
  let db: TestDb;

  beforeAll(async () => {
    woo = await startWooCommerceSandbox({
      orders: 20_000,
      seed: 22,
      seedUntil: new Date(Date.now() - 3_600_000),
    });
    const test = testRegistry();
    conn = test.woo;
    sh = await startSyncHub({ registry: test.registry });
    db = await openTestDb(4);
  });
  afterAll(async () => {
    await sh.stop();
    await woo.close();
    await db.close();
  });

  function expectSameAsStore(row: HubOrderRow | undefined, id: string): void {
    expect(row).toBeDefined();
    const payload = storePayload(woo, Number(id));
    expect(row!.raw).toEqual(payload);
    expect(row!.canonical).toEqual(conn.mapOrder(payload));
  }

  async function incremental(integrationId: string): Promise<IncrementalResult> {
    const job = await settledJob(sh, await syncNow(sh, integrationId));
    expect(job).toMatchObject({ state: 'completed', attempts: 1, lastError: null });
    return job.result as IncrementalResult;
  }

  let firstId = '';

  /** A store connected afresh, with a first incremental run done: its next window holds what follows. */
  async function connected(): Promise<string> {
    const { id } = await connectWoo(sh, woo);
    await queuesIdle(sh);
    await incremental(id);
    return id;
  }

  it('syncs a bulk edit that changed 1,500 orders in the same second, with short requests', async () => {
    // A merchant's bulk action (or an import) stamps thousands of orders with one modification
    // second: paging by (time, id) must not need the whole second's ids in one request.
    // Older orders than the backfill reached: new to the hub.
    const integrationId = await connected();
    firstId = integrationId;
    const seeded = storeIdsModified(woo, 0, Date.now() - 10 * DAY).slice(-1_500);
    await clockPast(Math.floor(Date.now() / 1000) * 1000 + 999);
    const stamp = Math.floor(Date.now() / 1000);
    for (const id of seeded) woo.store.updateOrder(Number(id), { customer_note: 'bulk edited' });
    const seconds = new Set(seeded.map((id) => woo.store.getOrder(Number(id))!.date_modified_gmt));
    expect(seconds.size).toBeLessThanOrEqual(2);
    expect(Math.floor(Date.parse(`${[...seconds][0]}Z`) / 1000)).toBe(stamp);
    await createOrdersOverTime(woo, 0);

    const since = Date.now();
    const result = await incremental(integrationId);
    expect(result.ordersWritten).toBe(1_500);
    const stored = await hubOrders(db.ds, integrationId);
    for (const id of seeded) {
      expect(stored.get(id)!.canonical.note).toBe('bulk edited');
      expect(stored.get(id)!.histories).toBe(1);
    }
    for (const id of sampleOf(seeded, 20)) expectSameAsStore(stored.get(id), id);
    const longest = Math.max(
      ...woo.requests.entries
        .filter((r) => r.at >= since)
        .map(
          (r) =>
            encodeURI(
              Object.entries(r.query)
                .map(([k, v]) => `${k}=${[v].flat().join('&')}`)
                .join('&'),
            ).length,
        ),
    );
    expect(longest).toBeLessThan(4_000);
  });

  it('loses none of a same-second bulk edit when many of its orders change again during paging', async () => {
    // The store connected afresh (the first bulk is then no longer in the overlap of its window).
    expect((await sh.api('DELETE', `/v1/integrations/${firstId}`)).status).toBe(204);
    const storeId = await connected();
    const seeded = storeIdsModified(woo, 0, Date.now() - 10 * DAY).slice(-4_000, -2_800);
    await clockPast(Math.floor(Date.now() / 1000) * 1000 + 999);
    for (const id of seeded) woo.store.updateOrder(Number(id), { customer_note: 'bulk edited again' });
    const bulkSecond = Date.parse(`${woo.store.getOrder(Number(seeded[0]))!.date_modified_gmt}Z`);
    await createOrdersOverTime(woo, 0);

    // Once paging by id has begun inside the bulk's second, 150 orders already read and 20 not read
    // yet change again: every later position shifts down by up to 170.
    const since = Date.now();
    const changedAgain: string[] = [];
    conn.beforePage = (request, ctx) => {
      if (ctx.integrationId !== storeId || changedAgain.length > 0 || request.cursor === null) return;
      const cursor = JSON.parse(Buffer.from(request.cursor, 'base64url').toString('utf8')) as {
        a: number | null;
        s?: { o: number };
      };
      if (!cursor.s || cursor.a !== bulkSecond || cursor.s.o < 500) return;
      const read = new Set(conn.pagesOf(storeId, since).flatMap((p) => p.ids));
      const bulk = [...seeded].sort((a, b) => Number(a) - Number(b));
      changedAgain.push(...bulk.filter((id) => read.has(id)).slice(0, 150));
      changedAgain.push(...bulk.filter((id) => !read.has(id)).slice(0, 20));
      for (const id of changedAgain)
        woo.store.updateOrder(Number(id), { customer_note: 'changed during paging' });
    };
    await incremental(storeId);
    conn.beforePage = null;
    expect(changedAgain).toHaveLength(170);
    // Every order that stayed in the bulk's second was read in this very run, none skipped.
    const again = new Set(changedAgain);
    const afterFirst = await hubOrders(db.ds, storeId);
    const skipped = seeded.filter(
      (id) => !again.has(id) && afterFirst.get(id)?.canonical.note !== 'bulk edited again',
    );
    expect(skipped).toEqual([]);

    // The ones that changed again are in the next window.
    await createOrdersOverTime(woo, 0);
    await incremental(storeId);
    const stored = await hubOrders(db.ds, storeId);
    for (const id of seeded) {
      expect([id, stored.get(id)?.canonical.note]).toEqual([
        id,
        again.has(id) ? 'changed during paging' : 'bulk edited again',
      ]);
    }
  });
});
