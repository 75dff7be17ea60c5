import type { FastifyInstance } from 'fastify';
import type { HubConfig } from './config';
import type { ConnectorRegistry } from './core/registry';
import { Hub } from './hub';
import { createLogger, type Logger } from './observability/logger';
import { WorkerHost } from './queues/worker-host';
import { buildProcessors } from './queues/processors';
import { InboxRelay } from './webhooks/inbox-relay';
import { EventDispatchLoop } from './events/event-delivery';
import { OutboxRelay } from './push/outbox-relay';
import { DeliveryRetention } from './webhooks/retention';

export type Role = 'api' | 'worker' | 'all';

export interface RunningHub {
  hub: Hub;
  server: FastifyInstance | null;
  address: string | null;
  workers: WorkerHost | null;
  stop(): Promise<void>;
}

/**
 * Starts the roles of one process. The API listens even while PostgreSQL or Redis are still
 * coming up (`/ready` says which is missing); workers wait for both.
 */
export async function startHub(
  config: HubConfig,
  options: { role?: Role; log?: Logger; registry: ConnectorRegistry },
): Promise<RunningHub> {
  const role = options.role ?? 'all';
  const log = options.log ?? createLogger(config.logLevel);
  for (const warning of config.warnings) log.warn(warning);
  const hub = new Hub(config, options.registry, log);

  let server: FastifyInstance | null = null;
  let address: string | null = null;
  if (role !== 'worker') {
    // Loaded for the API role only: a worker process has no use for the HTTP stack's memory.
    const [{ buildServer }, { registerExtensions }] = await Promise.all([
      import('./api/server'),
      import('./api/extensions'),
    ]);
    server = await buildServer(hub, { register: registerExtensions });
    address = await server.listen({ host: config.host, port: config.port });
    if (!config.publicUrlExplicit) config.publicUrl = address;
    log.info({ address, role }, 'API listening');
  }

  let workers: WorkerHost | null = null;
  const loops: { start(): void; stop(): void }[] = [];
  if (role !== 'api') {
    workers = new WorkerHost(hub);
    loops.push(
      new InboxRelay(hub),
      new OutboxRelay(hub),
      new EventDispatchLoop(hub),
      new DeliveryRetention(hub),
    );
    void hub.databaseConnected().then(() => {
      if (!workers) return;
      workers.start(buildProcessors(hub));
      for (const loop of loops) loop.start();
      log.info({ role }, 'workers started');
    });
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('stopping: no new work, finishing what is in flight');
      await server?.close();
      for (const loop of loops) loop.stop();
      await workers?.close();
      await hub.close();
      log.info('stopped');
    })());

  return { hub, server, address, workers, stop };
}
