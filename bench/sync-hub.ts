/**
 * One role of the hub for `bench:sync` (`api` or `worker`, the first argument), as `hub start
 * --role …` runs it, with one difference: WooCommerce stores get the rate budget a local sandbox
 * with no limit of its own can take (BENCH_WOO_REQUESTS_PER_SECOND), so that the benchmark
 * measures the sync engine rather than the conservative default budget of a real WooCommerce store
 * (5 requests/s). Both roles need it: the budget a store's bucket starts with is set by whichever
 * process talks to the store first (the API, when it checks the keys).
 */
import { loadConfig } from '../src/config';
import { createConnectorRegistry } from '../src/connectors';
import { type Role, startHub } from '../src/runtime';

async function main(): Promise<void> {
  const role = (process.argv[2] ?? 'worker') as Role;
  const config = loadConfig();
  const registry = createConnectorRegistry(config);
  const perSecond = Number(process.env.BENCH_WOO_REQUESTS_PER_SECOND ?? '0');
  if (perSecond > 0) {
    Object.assign(registry.get('woocommerce').descriptor.rateBudget, {
      capacity: perSecond,
      refillPerSecond: perSecond,
    });
  }
  const running = await startHub(config, { role, registry });
  if (process.env.BENCH_MEMORY_LOG) {
    setInterval(() => {
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 1048576);
      console.error(
        `mem ${role} rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}`,
      );
    }, 2_000).unref();
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
