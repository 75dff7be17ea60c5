import { sleep } from '../../../src/core/retry-policy';
import { upsertSyncSchedules } from '../../../src/queues/sync-schedules';
import { startWooCommerceSandbox, type LoggedRequest } from '../../../src/sandbox';
import { openTestDb, type TestDb } from '../../helpers/db';
import {
  connectWoo,
  createOrdersOverTime,
  hubOrders,
  type Json,
  orderPages,
  queuesIdle,
  SANDBOX_BUDGET,
  settledJob,
  startSyncHub,
  syncNow,
  type SyncHub,
  testRegistry,
  waitFor,
} from './helpers';

interface DeadLetterView {
  id: string;
  integrationId: string | null;
  queue: string;
  jobName: string;
  jobId: string | null;
  payload: Json;
  error: string;
  attempts: number;
  context: Json;
  replayedAt: string | null;
  replayJobId: string | null;
}

/** What goes wrong with stores: throttling, outages, revoked and read-only keys. */
describe('sync when the store misbehaves', () => {
  let sh: SyncHub;
  let db: TestDb;
  /** Scale of the connector's in-call retry waits (1: real time). The job-level backoff is never scaled. */
  let callRetryScale = 1;
  const seedUntil = new Date(Date.now() - 3_600_000);

  beforeAll(async () => {
    const test = testRegistry({ sleep: (ms, signal) => sleep(ms * callRetryScale, signal) });
    sh = await startSyncHub({ registry: test.registry });
    db = await openTestDb(4);
  });
  afterAll(async () => {
    await sh.stop();
    await db.close();
  });

  const deadLetters = async (integrationId: string) =>
    ((await sh.api('GET', '/v1/dead-letters')).body as { data: DeadLetterView[] }).data.filter(
      (d) => d.integrationId === integrationId,
    );
  const integration = async (id: string) =>
    (await sh.api('GET', `/v1/integrations/${id}`)).body as Json & { sync: Json };

  it('waits out a 429 storm as the store asks, teaches the rate governor, and completes without a dead letter', async () => {
    const woo = await startWooCommerceSandbox({ orders: 500, seed: 51, seedUntil });
    try {
      const { id } = await connectWoo(sh, woo);
      await queuesIdle(sh);
      const created = await createOrdersOverTime(woo, 300, 150);
      const since = Date.now();
      woo.faults.rateLimit({ count: 6, retryAfterSeconds: 1 });
      const job = await settledJob(sh, await syncNow(sh, id), 30_000);
      // Four 429s in a row end the first attempt (its call gave up after retrying in place); the
      // job's retry waits at least the Retry-After, and completes.
      expect(job).toMatchObject({ state: 'completed', attempts: 2 });
      expect(job.lastError).toMatch(/the store throttled listing live orders \(429/);

      const answered = woo.requests.entries.filter((r) => r.at >= since);
      const throttled = answered.filter((r) => r.status === 429);
      expect(throttled).toHaveLength(6);
      // After each 429 (Retry-After: 1), nothing was asked of the store for that second.
      for (const refused of throttled) {
        const next = answered.find((r) => r.at > refused.at);
        expect(next).toBeDefined();
        expect(next!.at - refused.at).toBeGreaterThanOrEqual(950);
      }
      // The governor learned from it: the store's bucket was blocked until the last Retry-After
      // ran out, and its rate cut below the budget (it wins the rate back request by request).
      const bucket = await sh.hub.hub.producer.hgetall(`${sh.hub.hub.config.redisPrefix}:rate:${id}`);
      expect(Number(bucket.blocked)).toBeGreaterThanOrEqual(throttled.at(-1)!.at + 900);
      expect(Number(bucket.refill)).toBeLessThan(SANDBOX_BUDGET.refillPerSecond);

      const stored = await hubOrders(db.ds, id);
      for (const orderId of created) expect(stored.has(orderId)).toBe(true);
      expect(await deadLetters(id)).toEqual([]);
      expect((await integration(id)).sync).toMatchObject({ lastError: null, consecutiveFailures: 0 });
      expect((await integration(id)).status).toBe('active');
    } finally {
      await woo.close();
    }
  }, 40_000);

  it('retries a store answering 500 with growing backoff, then keeps a replayable dead letter', async () => {
    const woo = await startWooCommerceSandbox({ orders: 500, seed: 52, seedUntil });
    callRetryScale = 0.02;
    try {
      const { id } = await connectWoo(sh, woo);
      await queuesIdle(sh);
      const created = await createOrdersOverTime(woo, 120, 120);
      const since = Date.now();
      woo.faults.serverErrors({ count: 1_000_000, status: 500 });
      const jobId = await syncNow(sh, id);
      const job = await settledJob(sh, jobId, 40_000);
      expect(job).toMatchObject({ state: 'failed', attempts: 5, maxAttempts: 5 });
      expect(job.lastError).toMatch(/the store failed on listing live orders \(500/);

      // Five attempts of the job, each retrying its call in place; the pauses between attempts grow.
      const calls = orderPages(woo, since);
      expect(calls.every((r) => r.status === 500)).toBe(true);
      const bursts: LoggedRequest[][] = [];
      for (const call of calls) {
        const last = bursts.at(-1);
        if (last && call.at - last.at(-1)!.at < 400) last.push(call);
        else bursts.push([call]);
      }
      expect(bursts.map((b) => b.length)).toEqual([4, 4, 4, 4, 4]);
      const pauses = bursts.slice(1).map((b, i) => b[0]!.at - bursts[i]!.at(-1)!.at);
      expect(pauses[0]).toBeGreaterThanOrEqual(450);
      expect(pauses[3]).toBeGreaterThanOrEqual(3_900);
      expect(pauses[3]!).toBeGreaterThan(pauses[0]!);

      // The dead letter says what, where, why and how often, and the store is not blamed on the
      // merchant: still active, with the last error shown.
      const letters = await waitFor('the dead letter', async () => {
        const found = await deadLetters(id);
        return found.length > 0 ? found : undefined;
      });
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        queue: 'sync',
        jobName: 'incremental',
        jobId: jobId.replace(/^sync:/, ''),
        payload: { integrationId: id, mode: 'incremental' },
        attempts: 5,
        replayedAt: null,
      });
      expect(letters[0]!.error).toMatch(/500/);
      expect(letters[0]!.context.failedReason).toMatch(/500/);
      const state = await integration(id);
      expect(state.status).toBe('active');
      expect(state.sync).toMatchObject({ consecutiveFailures: 5 });
      expect(state.sync.lastError).toMatch(/500/);

      // The store recovers; the operator replays the dead letter; the sync completes.
      woo.faults.reset();
      const replay = await sh.api('POST', `/v1/dead-letters/${letters[0]!.id}/replay`);
      expect(replay.status).toBe(202);
      const replayed = await settledJob(sh, (replay.body as { jobId: string }).jobId);
      expect(replayed).toMatchObject({ state: 'completed', lastError: null });
      const stored = await hubOrders(db.ds, id);
      for (const orderId of created) expect(stored.has(orderId)).toBe(true);
      expect((await deadLetters(id))[0]).toMatchObject({
        replayJobId: (replay.body as { jobId: string }).jobId,
      });
      expect((await deadLetters(id))[0]!.replayedAt).not.toBeNull();
      expect((await integration(id)).sync).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    } finally {
      callRetryScale = 1;
      await woo.close();
    }
  }, 60_000);

  it('turns revoked keys into needs_attention without a retry storm, pauses the schedule, and resumes on PATCH', async () => {
    const options = { orders: 300, seed: 53, seedUntil };
    let woo = await startWooCommerceSandbox(options);
    let closed = false;
    try {
      const { id } = await connectWoo(sh, woo);
      await queuesIdle(sh);
      expect((await settledJob(sh, await syncNow(sh, id))).state).toBe('completed');

      // The merchant revokes the key: the same store (same address, same orders) knows only a new one.
      const port = Number(new URL(woo.url).port);
      await woo.close();
      closed = true;
      woo = await startWooCommerceSandbox({
        ...options,
        port,
        consumerKey: 'ck_rotated_0123456789abcdef0123456789abcdef',
        consumerSecret: 'cs_rotated_0123456789abcdef0123456789abcdef',
      });
      closed = false;
      const job = await settledJob(sh, await syncNow(sh, id));
      expect(job).toMatchObject({ state: 'failed', attempts: 1 });
      expect(job.lastError).toMatch(/does not know this consumer key/);
      expect(woo.requests.count).toBe(1);
      const paused = await integration(id);
      expect(paused.status).toBe('needs_attention');
      expect(paused.statusReason).toMatch(/does not know this consumer key.*PATCH \/v1\/integrations\//);

      // Scheduled runs keep coming (here every second) and do nothing: the store hears nothing more.
      await upsertSyncSchedules(sh.hub.hub.queues.sync, id, 1);
      const skipped = await waitFor(
        'two scheduled runs',
        async () => {
          const done = (await sh.hub.hub.queues.sync.getCompleted()).filter(
            (j) => j.repeatJobKey === `incremental:${id}`,
          );
          return done.length >= 2 ? done : undefined;
        },
        { timeoutMs: 10_000 },
      );
      for (const run of skipped) expect(String((run.returnvalue as Json).skipped)).toMatch(/needs_attention/);
      expect(woo.requests.count).toBe(1);

      // PATCH with the new key: checked against the store, stored, the integration active again,
      // its schedule back to its interval.
      const patched = await sh.api('PATCH', `/v1/integrations/${id}`, { credentials: woo.credentials });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ status: 'active', statusReason: null });
      const scheduler = await sh.hub.hub.queues.sync.getJobScheduler(`incremental:${id}`);
      expect(scheduler?.every).toBe(86_400_000);
      woo.store.createOrder();
      await createOrdersOverTime(woo, 0);
      const resumed = await settledJob(sh, await syncNow(sh, id));
      expect(resumed).toMatchObject({ state: 'completed', lastError: null });
      expect((resumed.result as { ordersWritten: number }).ordersWritten).toBeGreaterThanOrEqual(1);
      expect((await integration(id)).sync).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    } finally {
      if (!closed) await woo.close();
    }
  });

  it('keeps syncing a store whose key may only read, saying why its webhooks are missing', async () => {
    const woo = await startWooCommerceSandbox({ orders: 300, seed: 54, seedUntil });
    try {
      const res = await sh.api('POST', '/v1/integrations', {
        platform: 'woocommerce',
        storeUrl: woo.url,
        credentials: woo.readOnlyCredentials,
        options: {
          syncIntervalSeconds: 86_400,
          backfillSince: new Date(Date.now() - 3_600_000).toISOString(),
        },
      });
      expect(res.status).toBe(201);
      const connected = res.body as Json & { id: string; store: Json };
      expect(connected.store.canWrite).toBe(false);
      expect(String(connected.store.warnings)).toMatch(/read-only/);
      expect(connected.statusReason).toMatch(/^webhooks not registered yet: the store's key may not write/);
      expect(woo.store.listWebhooks()).toEqual([]);
      await queuesIdle(sh);

      const created = await createOrdersOverTime(woo, 150, 150);
      const since = Date.now();
      const job = await settledJob(sh, await syncNow(sh, connected.id));
      expect(job).toMatchObject({ state: 'completed', lastError: null });
      const stored = await hubOrders(db.ds, connected.id);
      for (const orderId of created) expect(stored.has(orderId)).toBe(true);
      const after = await integration(connected.id);
      expect(after.status).toBe('active');
      expect(after.statusReason).toMatch(/^webhooks not registered yet: the store's key may not write/);
      // No webhook write was attempted again by the sync.
      expect(woo.requests.entries.filter((r) => r.at >= since && r.path.includes('/webhooks'))).toEqual([]);
    } finally {
      await woo.close();
    }
  });
});
