import type { FastifyInstance } from 'fastify';
import type { Hub } from '../../hub';

export function healthRoutes(app: FastifyInstance, hub: Hub): void {
  app.get('/health', { schema: { tags: ['operations'], summary: 'The process lives' } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/ready',
    { schema: { tags: ['operations'], summary: 'PostgreSQL and Redis answer' } },
    async (_req, reply) => {
      const checks = await hub.ready();
      const ready = checks.postgres && checks.redis;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        checks: { postgres: checks.postgres ? 'up' : 'down', redis: checks.redis ? 'up' : 'down' },
      });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics' } },
    async (_req, reply) => {
      await Promise.all([refreshQueueDepth(hub), refreshSyncLag(hub)]);
      return reply.type(hub.metrics.registry.contentType).send(await hub.metrics.registry.metrics());
    },
  );
}

async function refreshQueueDepth(hub: Hub): Promise<void> {
  await Promise.all(
    Object.entries(hub.queues).map(async ([name, queue]) => {
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
        for (const [state, n] of Object.entries(counts))
          hub.metrics.queueDepth.set({ queue: name, state }, n);
      } catch {
        // Redis is away; /ready says so.
      }
    }),
  );
}

/** Seconds since each live store's last successful incremental sync, read at scrape time. */
async function refreshSyncLag(hub: Hub): Promise<void> {
  if (!hub.hasDatabase()) return;
  try {
    const rows: { id: string; platform: string; lag: number | null; complete_until: Date | null }[] =
      await hub.ds.query(
        `SELECT i.id, i.platform, extract(epoch FROM now() - s.last_success_at)::float AS lag, s.complete_until
         FROM integrations i LEFT JOIN sync_state s ON s.integration_id = i.id WHERE i.deleted_at IS NULL`,
      );
    for (const r of rows) {
      if (r.lag !== null) hub.metrics.syncLag.set({ integration: r.id, platform: r.platform }, r.lag);
      if (r.complete_until)
        hub.metrics.completeUntil.set(
          { integration: r.id, platform: r.platform },
          r.complete_until.getTime() / 1000,
        );
    }
  } catch {
    // PostgreSQL is away; /ready says so.
  }
}
