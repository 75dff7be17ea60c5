import { freshDatabase as freshBenchDatabase } from './hub-processes';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type { BackfillProgress } from '../src/db/sync-state-store';
import { startWooCommerceSandbox, type WooSandbox } from '../src/sandbox';
import { BENCH_ADMIN_TOKEN, BENCH_ENCRYPTION_KEY, freePort } from './hub-processes';
import { round, writeResult } from './lib';

/**
 * `npm run bench:sync`: the hub as it runs in production (an API process and a worker process)
 * backfilling a local WooCommerce sandbox store of 50,000 orders spread over a year: every page
 * pulled over HTTP (with each refunded order's refunds), mapped to the canonical order and stored
 * (one upsert per page). Reports the backfill's throughput, the worker's peak RSS through it, and
 * checks that the hub holds exactly the store's orders.
 */
const ORDERS = Number(process.env.BENCH_SYNC_ORDERS ?? 50_000);
const REQUESTS_PER_SECOND = 5_000;
const TIMEOUT_MS = 15 * 60_000;
/** The worker's V8 old-space limit in the first run, as NODE_OPTIONS would set it in a deployment. */
const WORKER_HEAP_MB = 256;
const DAY = 86_400_000;
/** A database of its own: other benchmarks recreate theirs. */
const DATABASE_URL =
  process.env.BENCH_SYNC_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/channel_hub_bench_sync';

const freshDatabase = () => freshBenchDatabase(DATABASE_URL, 2);

/**
 * How to run the hub: compiled JavaScript, as production runs `hub start` after `npm run build`
 * (running TypeScript through tsx costs the process some 75 MB more). The build goes to a cache
 * folder, never to dist/. BENCH_SYNC_FROM_SOURCE=1 runs the sources through tsx instead.
 */
function compiledEntry(): string[] {
  const root = path.join(__dirname, '..');
  if (process.env.BENCH_SYNC_FROM_SOURCE) return ['--import', 'tsx', path.join(__dirname, 'sync-hub.ts')];
  const out = path.join(root, 'node_modules', '.cache', 'channel-hub-bench-sync');
  rmSync(out, { recursive: true, force: true });
  // Type errors elsewhere in the checkout (work in progress) do not stop the emit.
  spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(root, 'tsconfig.json'),
      '--outDir',
      out,
    ],
    {
      stdio: 'ignore',
    },
  );
  const entry = path.join(out, 'bench', 'sync-hub.js');
  if (!existsSync(entry)) throw new Error(`the build did not produce ${entry}`);
  return [entry];
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** CPU seconds of every PostgreSQL process. */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim().startsWith('postgres'))
        total += cpuSecondsOf(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/** Resident set size now and at its peak (VmHWM) of a process, in MB, from /proc. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface RunResult {
  label: string;
  stored: number;
  expected: number;
  histories: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  idleRssMb: number;
  lists: number;
  refunds: number;
  windows: number;
  windowHours: number;
  cpu: { worker: number; store: number; postgres: number };
}

/** One backfill of the whole store by a fresh hub (API and worker processes) on a fresh database. */
async function backfillOnce(
  woo: WooSandbox,
  seedUntil: Date,
  entry: string[],
  workerNodeArgs: string[],
  label: string,
): Promise<RunResult> {
  const ds = await freshDatabase();
  woo.requests.clear();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL,
    REDIS_PREFIX: `bench-sync-${randomBytes(3).toString('hex')}`,
    HUB_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    HUB_ENCRYPTION_KEY: `bench:${BENCH_ENCRYPTION_KEY}`,
    HUB_ALLOWED_STORE_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BENCH_WOO_REQUESTS_PER_SECOND: String(REQUESTS_PER_SECOND),
  };
  const start = (role: string, nodeArgs: string[] = []): ChildProcess =>
    spawn(process.execPath, [...nodeArgs, ...entry, role], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const api = start('api');
  const worker = start('worker', workerNodeArgs);
  const children = [api, worker];
  const stop = () =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );

  try {
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${baseUrl}/ready`)).status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const call = async (method: string, p: string, token: string, body?: unknown) => {
      const res = await fetch(`${baseUrl}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const tenant = await call('POST', '/v1/tenants', BENCH_ADMIN_TOKEN, { name: 'bench-sync' });
    const apiKey = tenant.body.apiKey as string;

    // The worker has started (PostgreSQL and Redis answer); its memory before any sync.
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = memoryOf(worker.pid!);

    const since = new Date(seedUntil.getTime() - 366 * DAY).toISOString();
    const connected = await call('POST', '/v1/integrations', apiKey, {
      platform: 'woocommerce',
      storeUrl: woo.url,
      credentials: woo.credentials,
      options: { registerWebhooks: false, syncIntervalSeconds: 86_400, backfillSince: since },
    });
    if (connected.status !== 201) throw new Error(`connect failed: ${JSON.stringify(connected.body)}`);
    const integrationId = connected.body.id as string;
    const createdAt = Date.parse(connected.body.createdAt as string);
    const cpuBefore = {
      worker: cpuSecondsOf(worker.pid!),
      store: process.cpuUsage(),
      postgres: postgresCpuSeconds(),
    };

    let peakRssMb = 0;
    let progress: BackfillProgress | null = null;
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
      const mem = memoryOf(worker.pid!);
      if (mem) peakRssMb = Math.max(peakRssMb, mem.rssMb, mem.peakMb);
      const rows: { backfill: BackfillProgress | null }[] = await ds.query(
        'SELECT backfill FROM sync_state WHERE integration_id = $1',
        [integrationId],
      );
      progress = rows[0]?.backfill ?? null;
      if (progress?.finishedAt) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!progress?.finishedAt) throw new Error(`the backfill did not finish: ${JSON.stringify(progress)}`);
    const store = process.cpuUsage(cpuBefore.store);
    const cpu = {
      worker: cpuSecondsOf(worker.pid!) - cpuBefore.worker,
      store: (store.user + store.system) / 1e6,
      postgres: postgresCpuSeconds() - cpuBefore.postgres,
    };
    const final = memoryOf(worker.pid!);
    if (final) peakRssMb = Math.max(peakRssMb, final.peakMb);

    const seconds = (Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000;
    const count = async (sql: string) =>
      ((await ds.query(sql, [integrationId])) as { n: number }[])[0]?.n ?? 0;
    const stored = await count('SELECT count(*)::int AS n FROM orders WHERE integration_id = $1');
    const histories = await count(
      'SELECT count(*)::int AS n FROM order_history h JOIN orders o ON o.id = h.order_id WHERE o.integration_id = $1',
    );
    const expected = woo.store.table
      .modifiedOrder()
      .filter((s) => s.modifiedAt >= Date.parse(since) && s.modifiedAt < createdAt).length;
    const result: RunResult = {
      label,
      stored,
      expected,
      histories,
      seconds,
      perSecond: stored / seconds,
      peakRssMb,
      idleRssMb: idle?.rssMb ?? NaN,
      lists: woo.requests.filter('GET', '/wp-json/wc/v3/orders').length,
      refunds: woo.requests.filter('GET', /\/orders\/\d+\/refunds$/).length,
      windows: progress.windowsTotal,
      windowHours: progress.windowHours,
      cpu,
    };
    console.log(
      `${label}: ${stored} orders in ${round(seconds, 1)} s (${Math.round(result.perSecond)}/s), worker peak RSS ${round(peakRssMb, 0)} MB`,
    );
    return result;
  } finally {
    await stop();
    await ds.destroy();
  }
}

async function main() {
  const seedUntil = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const woo = await startWooCommerceSandbox({ orders: ORDERS, seed: 7, seedUntil });
  try {
    const entry = compiledEntry();
    const extra = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // As a worker is deployed (its heap sized for the job, NODE_OPTIONS), then with Node's defaults
    // (a heap limit of a quarter of the machine's memory, so V8 collects garbage late).
    const sized = await backfillOnce(
      woo,
      seedUntil,
      entry,
      [`--max-old-space-size=${WORKER_HEAP_MB}`, ...extra],
      `worker heap ${WORKER_HEAP_MB} MB`,
    );
    const defaults = await backfillOnce(woo, seedUntil, entry, extra, 'Node defaults');
    const cores = cpus().length;
    const busy = (r: RunResult) => round((r.cpu.worker + r.cpu.store + r.cpu.postgres) / r.seconds, 2);
    writeResult({
      name: 'sync',
      description: `backfill of a WooCommerce sandbox store with ${ORDERS.toLocaleString('en')} orders over a year (pull over HTTP + map + store), API and worker processes`,
      figures: [
        { metric: 'orders backfilled', value: sized.stored, unit: 'orders' },
        {
          metric: 'orders stored = orders in the store',
          value: `${sized.stored} / ${sized.expected}`,
          unit: '',
          target: 'equal',
          met: sized.stored === sized.expected && defaults.stored === defaults.expected,
        },
        {
          metric: 'orders written twice',
          value: sized.histories - sized.stored,
          unit: 'writes',
          target: '0',
          met: sized.histories === sized.stored && defaults.histories === defaults.stored,
        },
        { metric: 'backfill time', value: round(sized.seconds, 1), unit: 's' },
        {
          metric: 'backfill throughput (pull + map + store)',
          value: Math.round(sized.perSecond),
          unit: 'orders/s',
          target: '≥ 2000',
          met: sized.perSecond >= 2000,
        },
        {
          metric: `worker peak RSS through the backfill (heap ${WORKER_HEAP_MB} MB)`,
          value: round(sized.peakRssMb, 0),
          unit: 'MB',
          target: '< 300',
          met: sized.peakRssMb < 300,
        },
        { metric: 'worker RSS before the backfill', value: round(sized.idleRssMb, 0), unit: 'MB' },
        {
          metric: 'throughput with Node defaults',
          value: Math.round(defaults.perSecond),
          unit: 'orders/s',
        },
        {
          metric: 'worker peak RSS with Node defaults',
          value: round(defaults.peakRssMb, 0),
          unit: 'MB',
        },
        { metric: 'order list requests', value: sized.lists, unit: 'requests' },
        { metric: 'refund list requests (refunded orders)', value: sized.refunds, unit: 'requests' },
      ],
      notes: [
        `CPU through the backfill (heap ${WORKER_HEAP_MB} MB): worker ${round(sized.cpu.worker, 1)} s, sandbox store ${round(sized.cpu.store, 1)} s, PostgreSQL ${round(sized.cpu.postgres, 1)} s on ${cores} cores (${busy(sized)} cores busy on average); with Node defaults: worker ${round(defaults.cpu.worker, 1)} s`,
        `${sized.windows} windows of ${sized.windowHours} h, newest first, the next page asked for while the current one is stored; one worker process`,
        'the hub runs compiled (tsc) as after `npm run build`; the sandbox store runs in the benchmark process on the same machine as the worker and PostgreSQL',
        `the sandbox store's rate budget is raised to ${REQUESTS_PER_SECOND} requests/s (a real WooCommerce store's default budget, 5 requests/s, bounds a backfill near 500 orders/s at best)`,
        `"heap ${WORKER_HEAP_MB} MB" is --max-old-space-size=${WORKER_HEAP_MB} (NODE_OPTIONS of the worker); with Node's default limit V8 lets garbage pile up before collecting it: the live heap stays near 60 MB either way`,
      ],
    });
  } finally {
    await woo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
