import type { CompletenessReport } from '../../../src/db/sync-state-store';
import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  clockPast,
  connectWoo,
  hubOrders,
  type Json,
  queuesIdle,
  sampleOf,
  settledJob,
  startSyncHub,
  storePayload,
  syncNow,
  type SyncHub,
  testRegistry,
  type TestWoo,
  waitFor,
} from './helpers';

const DAY = 86_400_000;

describe('the completeness check', () => {
  let woo: WooSandbox;
  let conn: TestWoo;
  let sh: SyncHub;
  let db: TestDb;

  beforeAll(async () => {
    woo = await startWooCommerceSandbox({
      orders: 20_000,
      seed: 41,
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

  const historyCount = async (integrationId: string, source: string) =>
    Number(
      (
        (await db.ds.query(
          `SELECT count(*) AS n FROM order_history h JOIN orders o ON o.id = h.order_id
            WHERE o.integration_id = $1 AND h.source = $2`,
          [integrationId, source],
        )) as { n: string }[]
      )[0]!.n,
    );

  let integrationId: string;
  let since: string;

  it('finds the orders the hub lacks, window by window, stores them, reports them and sets complete_until', async () => {
    since = new Date(Date.now() - 5 * DAY).toISOString();
    const { id } = await connectWoo(sh, woo, { backfillSince: since });
    integrationId = id;
    await waitFor('the backfill to finish', async () => {
      const res = await sh.api('GET', `/v1/integrations/${id}`);
      return Boolean((res.body as { sync: { backfill: Json | null } }).sync.backfill?.finishedAt);
    });
    await queuesIdle(sh);
    const complete = await hubOrders(db.ds, id);
    expect(complete.size).toBeGreaterThan(200);

    // Orders the hub never got (a missed webhook, a bug, a restore from an older backup).
    const lost = sampleOf([...complete.keys()].sort(), 7);
    await db.ds.query('DELETE FROM orders WHERE integration_id = $1 AND external_id = ANY($2)', [id, lost]);

    const job = await settledJob(sh, await syncNow(sh, id, { mode: 'completeness', since }));
    expect(job).toMatchObject({ state: 'completed', lastError: null });
    const report = job.result as CompletenessReport;
    expect(report.windows.length).toBeGreaterThanOrEqual(5);
    expect(report.windows.flatMap((w) => w.healed).sort()).toEqual([...lost].sort());
    for (const w of report.windows) expect(w.hub + w.healed.length).toBe(w.channel);
    // Only the windows with a gap were listed page by page; the others cost two counts each.
    const listed = new Set(
      conn
        .pagesOf(id)
        .filter((p) => p.lane === 'backfill' && p.at > Date.parse(report.checkedAt))
        .map((p) => p.window.from),
    );
    expect([...listed].sort()).toEqual(
      report.windows
        .filter((w) => w.healed.length > 0)
        .map((w) => w.from)
        .sort(),
    );

    const healed = await hubOrders(db.ds, id);
    expect([...healed.keys()].sort()).toEqual([...complete.keys()].sort());
    for (const orderId of lost) {
      expect(healed.get(orderId)!.raw).toEqual(storePayload(woo, Number(orderId)));
      expect(healed.get(orderId)!.canonical).toEqual(complete.get(orderId)!.canonical);
    }
    expect(await historyCount(id, 'completeness')).toBe(lost.length);

    const state = (await sh.api('GET', `/v1/integrations/${id}`)).body as { sync: Json };
    expect(state.sync.completeUntil).toBe(report.windows.at(-1)!.to);
    expect(state.sync.completeness).toEqual(report);

    // Nothing missing the next time: nothing fetched, nothing written, complete_until moves on.
    const again = await settledJob(sh, await syncNow(sh, id, { mode: 'completeness', since }));
    const second = again.result as CompletenessReport;
    expect(second.windows.flatMap((w) => w.healed)).toEqual([]);
    expect(await historyCount(id, 'completeness')).toBe(lost.length);
    const after = (await sh.api('GET', `/v1/integrations/${id}`)).body as { sync: Json };
    expect(Date.parse(after.sync.completeUntil as string)).toBeGreaterThanOrEqual(
      Date.parse(report.windows.at(-1)!.to),
    );
  });

  it('is not fooled by an order the store changed since the last sync hiding a missing one in the same window', async () => {
    const id = integrationId;
    const before = await hubOrders(db.ds, id);
    // Two orders of the same day: the store changes one (the hub still has its old version in
    // that day), and the hub loses the other. The day's counts alone would still agree.
    const byDay = new Map<number, string[]>();
    for (const [orderId, row] of before) {
      if (row.canonical.deletedAt !== null) continue;
      const day = Math.floor((row.channel_updated_at.getTime() - Date.parse(since)) / DAY);
      byDay.set(day, [...(byDay.get(day) ?? []), orderId]);
    }
    const [changed, lost] = [...byDay.values()].find((ids) => ids.length >= 2)!;
    woo.store.updateOrder(Number(changed), { customer_note: 'changed after the last sync' });
    await db.ds.query('DELETE FROM orders WHERE integration_id = $1 AND external_id = $2', [id, lost]);
    await clockPast(Date.now() + 2_100); // the change leaves the still-settling last 2 s of the store

    const job = await settledJob(sh, await syncNow(sh, id, { mode: 'completeness', since }));
    expect(job).toMatchObject({ state: 'completed', lastError: null });
    const report = job.result as CompletenessReport;
    expect(report.windows.flatMap((w) => w.healed)).toEqual([lost]);
    const after = await hubOrders(db.ds, id);
    expect(after.has(lost!)).toBe(true);
    expect(after.get(changed!)!.raw).toEqual(storePayload(woo, Number(changed)));
  });
});
