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
      await refreshQueueDepth(hub);
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
