import type { Job } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors';
import type { Hub } from '../../hub';
import { QUEUES, type QueueName } from '../../queues/names';
import { replayDeadLetter } from '../../queues/dead-letter-replay';
import { isUuid } from '../../db/order-store';
import { requireTenant, tenantOf } from '../auth';

/** `queue:jobId`, as the API hands job ids out. */
export function parseJobRef(ref: string): { queue: QueueName; id: string } | null {
  const colon = ref.indexOf(':');
  const queue = ref.slice(0, colon) as QueueName;
  if (colon <= 0 || !Object.values(QUEUES).includes(queue)) return null;
  return { queue, id: ref.slice(colon + 1) };
}

const PUSH_STATES: Record<string, string> = {
  pending: 'waiting',
  queued: 'waiting',
  running: 'active',
  failed: 'delayed',
  succeeded: 'completed',
  dead: 'failed',
};

async function jobTenant(hub: Hub, job: Job): Promise<string | null> {
  const data = job.data as { tenantId?: string; integrationId?: string; pushId?: string };
  if (data.tenantId) return data.tenantId;
  if (data.pushId) return (await hub.stores.pushes.find(data.pushId))?.tenantId ?? null;
  if (!data.integrationId) return null;
  return (await hub.stores.integrations.findById(data.integrationId))?.tenantId ?? null;
}

export function operationRoutes(app: FastifyInstance, hub: Hub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireTenant(hub);

  r.get(
    '/v1/jobs/:id',
    {
      onRequest: auth,
      schema: {
        tags: ['jobs'],
        summary: 'A job’s state, attempts, last error and result',
        params: z.object({ id: z.string() }),
      },
    },
    async (request) => {
      const ref = parseJobRef(request.params.id);
      // A push's durable record is its outbox row: it answers even after the queue forgot the job.
      if (ref?.queue === QUEUES.push && isUuid(ref.id)) {
        const push = await hub.stores.pushes.find(ref.id);
        if (!push || push.tenantId !== tenantOf(request).id) throw new NotFoundError('job not found');
        return {
          id: request.params.id,
          name: push.kind,
          state: PUSH_STATES[push.status] ?? push.status,
          attempts: push.attempts,
          lastError: push.lastError,
          result: push.result,
          createdAt: push.createdAt,
        };
      }
      const job = ref ? await hub.queues[ref.queue].getJob(ref.id) : undefined;
      if (!job || (await jobTenant(hub, job)) !== tenantOf(request).id)
        throw new NotFoundError('job not found');
      return {
        id: request.params.id,
        name: job.name,
        state: await job.getState(),
        attempts: job.attemptsMade,
        maxAttempts: job.opts.attempts ?? 1,
        lastError: job.failedReason ?? null,
        result: job.returnvalue ?? null,
        createdAt: new Date(job.timestamp).toISOString(),
        finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      };
    },
  );

  r.get(
    '/v1/dead-letters',
    { onRequest: auth, schema: { tags: ['jobs'], summary: 'Jobs that used their last attempt' } },
    async (request) => ({
      data: await hub.stores.deadLetters.list(tenantOf(request).id),
    }),
  );

  r.post(
    '/v1/dead-letters/:id/replay',
    {
      onRequest: auth,
      schema: {
        tags: ['jobs'],
        summary: 'Run a dead letter’s job again',
        params: z.object({ id: z.string() }),
      },
    },
    async (request, reply) => {
      const letter = await hub.stores.deadLetters.find(tenantOf(request).id, request.params.id);
      if (!letter) throw new NotFoundError('dead letter not found');
      const jobId = await replayDeadLetter(hub, letter);
      return reply.status(202).send({ jobId });
    },
  );
}
