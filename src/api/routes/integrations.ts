import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { Hub } from '../../hub';
import { QUEUES } from '../../queues/names';
import { enqueueSync } from '../../queues/sync-schedules';
import type { IntegrationService } from '../../services/integration-service';
import { requireTenant, tenantOf } from '../auth';
import { presentIntegration } from '../presenters';

const options = z
  .object({
    syncIntervalSeconds: z.number().int().min(30).max(86_400).optional(),
    backfillSince: z.iso.datetime({ offset: true }).optional(),
    registerWebhooks: z.boolean().optional(),
  })
  .strict();

const connectBody = z.object({
  platform: z.string().min(1),
  storeUrl: z.string().min(1),
  credentials: z.record(z.string(), z.unknown()),
  options: options.optional(),
});

const idParams = z.object({ id: z.string() });

/**
 * The service names fields as they sit in the body (`storeUrl`, `credentials.consumerKey`); the
 * API names them like its schema errors do (`body.storeUrl`), so a client maps every 400 alike.
 */
async function bodyFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.message,
      error.details.map((d) => ({ ...d, field: d.field.startsWith('body.') ? d.field : `body.${d.field}` })),
    );
  }
}

export function integrationRoutes(app: FastifyInstance, hub: Hub, service: IntegrationService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireTenant(hub);

  r.post(
    '/v1/integrations',
    {
      onRequest: auth,
      schema: { tags: ['integrations'], summary: 'Connect a store (the setup endpoint)', body: connectBody },
    },
    async (request, reply) => {
      const integration = await bodyFields(() => service.connect(tenantOf(request).id, request.body));
      return reply.status(201).send(presentIntegration(integration));
    },
  );

  r.get('/v1/integrations', { onRequest: auth, schema: { tags: ['integrations'] } }, async (request) => {
    const list = await hub.stores.integrations.listForTenant(tenantOf(request).id);
    return { data: list.map((i) => presentIntegration(i)) };
  });

  r.get(
    '/v1/integrations/:id',
    {
      onRequest: auth,
      schema: { tags: ['integrations'], summary: 'An integration with its sync state', params: idParams },
    },
    async (request) => {
      const integration = await service.get(tenantOf(request).id, request.params.id);
      const sync = await hub.stores.syncState.get(integration.id);
      const schedulers = await hub.queues[QUEUES.sync]
        .getJobScheduler(`incremental:${integration.id}`)
        .catch(() => undefined);
      const next = schedulers?.next ? new Date(schedulers.next).toISOString() : null;
      return presentIntegration(integration, sync, next);
    },
  );

  r.patch(
    '/v1/integrations/:id',
    {
      onRequest: auth,
      schema: {
        tags: ['integrations'],
        summary: 'Change options or rotate credentials (checked like a new connection)',
        params: idParams,
        body: z
          .object({ credentials: z.record(z.string(), z.unknown()).optional(), options: options.optional() })
          .strict(),
      },
    },
    async (request) => {
      const integration = await bodyFields(() =>
        service.update(tenantOf(request).id, request.params.id, request.body),
      );
      return presentIntegration(integration);
    },
  );

  r.delete(
    '/v1/integrations/:id',
    {
      onRequest: auth,
      schema: { tags: ['integrations'], summary: 'Disconnect; orders are kept', params: idParams },
    },
    async (request, reply) => {
      await service.disconnect(tenantOf(request).id, request.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/v1/integrations/:id/sync',
    {
      onRequest: auth,
      schema: {
        tags: ['integrations'],
        summary: 'Start a sync now',
        description:
          '`incremental`: what changed since the last run; `backfill`: the history since `since`; ' +
          '`completeness`: compares the channel’s counts with the hub’s per day since `since` (default 7 days) and fetches what is missing.',
        params: idParams,
        body: z
          .object({
            mode: z.enum(['incremental', 'backfill', 'completeness']).default('incremental'),
            since: z.iso.datetime({ offset: true }).optional(),
          })
          .default({ mode: 'incremental' }),
      },
    },
    async (request, reply) => {
      const integration = await service.get(tenantOf(request).id, request.params.id);
      const jobId = await enqueueSync(hub.queues[QUEUES.sync], {
        integrationId: integration.id,
        mode: request.body.mode,
        ...(request.body.since ? { since: request.body.since } : {}),
      });
      return reply.status(202).send({ jobId: `${QUEUES.sync}:${jobId}` });
    },
  );
}
