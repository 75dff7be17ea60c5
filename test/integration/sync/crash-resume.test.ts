import type { ChildProcess } from 'node:child_process';
import { startWooCommerceSandbox, type WooSandbox } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  connectWoo,
  createOrdersOverTime,
  hubOrders,
  orderPages,
  settledJob,
  spawnWorker,
  startSyncHub,
  storeIdsModified,
  syncNow,
  type SyncHub,
  testRegistry,
  waitFor,
} from './helpers';

interface SavedCursor {
  updatedAt: string;
  window: { from: string; to: string; pageCursor: string | null } | null;
}

const decode = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
    p: string;
    a: number;
    e: string[];
    s?: { l: number | null; o: number; k: string[] };
  };
const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/**
 * A hub worker process killed with SIGKILL in the middle of an incremental sync (no catch, no
 * finally, no lease released), then the next run in another worker.
 */
describe('a worker killed in the middle of a sync', () => {
  let woo: WooSandbox;
  let sh: SyncHub;
  let db: TestDb;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    woo = await startWooCommerceSandbox({
      orders: 2_000,
      seed: 31,
      seedUntil: new Date(Date.now() - 3_600_000),
    });
    // The API only: the sync runs in the child worker process, then in the worker started after it.
    sh = await startSyncHub({ role: 'api' });
    db = await openTestDb(4);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await sh.stop();
    await woo.close();
    await db.close();
  });

  it('resumes from its last checkpoint: no page read again from the start, no order lost or doubled', async () => {
    const prefix = sh.hub.hub.config.redisPrefix;
    const { id } = await connectWoo(sh, woo);
    const created = await createOrdersOverTime(woo, 1_000, 250);
    woo.faults.latencyMs(100);

    const worker = spawnWorker({ SYNC_TEST_REDIS_PREFIX: prefix });
    child = worker;
    let stdout = '';
    let stderr = '';
    worker.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(
      'the worker process to start',
      () => {
        if (worker.exitCode !== null) throw new Error(`the worker process exited: ${stderr}`);
        return stdout.includes('ready');
      },
      { timeoutMs: 30_000 },
    );

    const killedJob = await syncNow(sh, id);
    await waitFor('three pages checkpointed by the worker process', async () => {
      const state = await sh.hub.hub.stores.syncState.get(id);
      return Boolean(state.cursor?.window?.pageCursor) && state.ordersSynced >= 300;
    });
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
    woo.faults.reset();

    const state = await sh.hub.hub.stores.syncState.get(id);
    const saved = state.cursor as SavedCursor;
    expect(saved.window?.pageCursor).toBeTruthy();
    const synced = await hubOrders(db.ds, id);
    expect(synced.size).toBeGreaterThanOrEqual(300);
    expect(synced.size).toBeLessThan(created.length);
    // The killed job never finished: BullMQ still sees it running (until its stall is detected).
    expect((await sh.api('GET', `/v1/jobs/${killedJob}`)).body).toMatchObject({ state: 'active' });

    // The dead worker's lease on the store outlives it, briefly: it expires by itself within 30 s.
    const lease = `${prefix}:lock:sync:${id}`;
    const ttl = await sh.hub.hub.producer.pttl(lease);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);

    const resumer = testRegistry();
    const next = await startSyncHub({
      role: 'worker',
      registry: resumer.registry,
      env: { REDIS_PREFIX: prefix },
    });
    try {
      // While the lease stands, a run is skipped rather than run beside a possibly living worker.
      const blocked = await settledJob(sh, await syncNow(sh, id));
      expect(blocked.result).toEqual({ skipped: 'another sync of this store is running' });
      expect(resumer.woo.pages).toHaveLength(0);

      // The lease expires (we do not wait 30 s for it), and the next run resumes.
      await sh.hub.hub.producer.del(lease);
      const resumedAt = Date.now();
      const resumed = await settledJob(sh, await syncNow(sh, id));
      expect(resumed).toMatchObject({ state: 'completed', lastError: null });
      expect((resumed.result as { window: unknown }).window).toEqual({
        from: saved.window!.from,
        to: saved.window!.to,
      });

      // It started at the saved page cursor, not at the window's first page.
      const first = resumer.woo.pages[0]!;
      expect(first.cursor).toBe(saved.window!.pageCursor);
      expect(first.window).toEqual({ from: saved.window!.from, to: saved.window!.to });
      const cursor = decode(saved.window!.pageCursor!);
      const afterKill = orderPages(woo, resumedAt);
      // (Over plain http the signing library sends every parameter twice: read the first.)
      const param = (r: (typeof afterKill)[number], name: string) => [r.query[name]].flat()[0];
      const resumedQuery = afterKill[0]!;
      expect(param(resumedQuery, 'modified_after')).toBe(gmt(cursor.a - 1_000));
      if (cursor.s) {
        // Inside a crowded second, paged by id: from the saved position (less the re-read overlap).
        expect(param(resumedQuery, 'offset')).toBe(String(Math.max(0, cursor.s.o - 10)));
      } else {
        expect(param(resumedQuery, 'exclude')).toBe(cursor.e.join(','));
      }
      // Never the window's first page again.
      const windowStart = gmt(Math.ceil(Date.parse(saved.window!.from) / 1_000) * 1_000 - 1_000);
      expect(
        afterKill.filter(
          (r) =>
            param(r, 'modified_after') === windowStart &&
            param(r, 'status') === 'any' &&
            !param(r, 'exclude'),
        ),
      ).toEqual([]);
      // What the resumed run read is the rest of the window, plus at most the one page the killed
      // worker had written but not yet checkpointed.
      const reread = resumer.woo.pages.flatMap((p) => p.ids).filter((o) => synced.has(o));
      expect(reread.length).toBeLessThanOrEqual(100);
      expect(afterKill).toHaveLength(resumer.woo.pages.length);

      // Every order of the window is in the hub, each version written once.
      const stored = await hubOrders(db.ds, id);
      const expected = storeIdsModified(woo, Date.parse(saved.window!.from), Date.parse(saved.window!.to));
      expect(expected).toEqual(expect.arrayContaining(created));
      expect([...stored.keys()].sort()).toEqual(expect.arrayContaining(expected.sort()));
      const readAfter = new Set(resumer.woo.pages.flatMap((p) => p.ids));
      expect(expected.filter((o) => !synced.has(o) && !readAfter.has(o))).toEqual([]);
      expect([...stored.values()].filter((r) => r.histories !== 1).map((r) => r.external_id)).toEqual([]);
      const after = await sh.hub.hub.stores.syncState.get(id);
      expect(after.cursor).toMatchObject({ updatedAt: saved.window!.to, window: null });
      expect(after.ordersSynced).toBe(stored.size);
    } finally {
      await next.stop();
    }
  }, 60_000);
});
