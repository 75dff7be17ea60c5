import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTestDb, type TestDb } from '../../helpers/db';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY, TEST_REDIS_URL } from '../../helpers/env';
import { startTestHub, TEST_ADMIN_TOKEN, type TestHub } from '../../helpers/hub';
import {
  deliver,
  deliveryRows,
  eventually,
  kill,
  orderHistory,
  registryFor,
  spawnWorker,
  wooFixture,
  wooIntegration,
  wooOrderFixture,
} from './helpers';

/**
 * A worker process killed in the middle of a job: the API (in this process) accepts an
 * order.deleted delivery, whose job must read the order from the store; the worker (a child
 * process, `hub start --role worker`) is killed while the store keeps it waiting; a new worker
 * takes the job over once its lock expires (BullMQ's stalled-job check) and writes the order once.
 */
describe('a worker killed mid-job', () => {
  let api: TestHub;
  let db: TestDb;
  let store: Server;
  const workers: ChildProcess[] = [];
  const orderReads: { answered: boolean }[] = [];
  let firstRead: Promise<void>;

  beforeAll(async () => {
    let arrived: () => void = () => undefined;
    firstRead = new Promise((resolve) => (arrived = resolve));
    // A WooCommerce store whose first read of order 1007 never answers; later reads answer at once.
    store = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (!req.url?.startsWith('/wp-json/wc/v3/orders/1007')) return void res.writeHead(404).end('{}');
      const read = { answered: false };
      orderReads.push(read);
      if (orderReads.length === 1) return arrived();
      read.answered = true;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(wooOrderFixture('trashed')));
    });
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    api = await startTestHub({ role: 'api', registry: registryFor() });
    db = await openTestDb(2);
  });
  afterAll(async () => {
    for (const worker of workers) await kill(worker);
    await api.stop();
    await db.close();
    store.closeAllConnections();
    await new Promise<void>((resolve) => store.close(() => resolve()));
  });

  const workerEnv = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: api.hub.config.redisPrefix,
    HUB_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    HUB_ENCRYPTION_KEY: `test:${TEST_ENCRYPTION_KEY}`,
    HUB_ALLOWED_STORE_HOSTS: '127.0.0.1,localhost',
    LOG_LEVEL: 'warn',
    // A dead worker's job is taken over after about a second instead of thirty.
    WORKER_LOCK_DURATION_MS: '1000',
  });

  it('the job is recovered by another worker and the order written exactly once', async () => {
    const { integration } = await wooIntegration(db, {
      storeUrl: `http://127.0.0.1:${(store.address() as AddressInfo).port}`,
    });
    const answer = await deliver(api.baseUrl, 'woocommerce', integration.id, wooFixture('order-deleted'));
    expect(answer.body).toEqual({ ok: true, outcome: 'accepted' });

    const first = spawnWorker(workerEnv());
    workers.push(first);
    await firstRead; // the worker took the job and waits for the store
    const [job] = await api.hub.queues.ingest.getJobs(['active']);
    expect(job?.data).toMatchObject({ integrationId: integration.id, topic: 'order.deleted' });

    await kill(first, 'SIGKILL');
    expect(await api.hub.queues.ingest.getJobState(job!.id!)).toBe('active');
    expect(await deliveryRows(db, integration.id)).toEqual([]);
    expect(await db.orders.findByExternalId(integration.id, '1007')).toBeNull();

    const second = spawnWorker(workerEnv());
    workers.push(second);
    const [row] = await eventually(async () => {
      const rows = await deliveryRows(db, integration.id);
      expect({ statuses: rows.map((r) => r.status), worker: second.output() }).toEqual({
        statuses: ['processed'],
        worker: expect.any(String), // shown when the statuses differ
      });
      return rows;
    }, 20_000);
    expect(row!.reason).toBe('order created (version 1)');
    expect(orderReads.map((r) => r.answered)).toEqual([false, true]);

    const order = await db.orders.findByExternalId(integration.id, '1007');
    expect(order?.canonical.deletedAt).toBe('2026-03-03T11:00:05Z');
    expect(order?.version).toBe(1);
    expect((await orderHistory(db, integration.id, '1007')).map((h) => h.source)).toEqual(['webhook']);
    const done = await api.hub.queues.ingest.getJob(job!.id!);
    expect(await done?.getState()).toBe('completed');
    expect(done?.stalledCounter).toBe(1);
  }, 40_000);
});
