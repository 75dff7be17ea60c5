import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Hub } from '../../hub';
import { requireAdmin } from '../auth';

export function tenantRoutes(app: FastifyInstance, hub: Hub): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/tenants',
    {
      onRequest: requireAdmin(hub),
      schema: {
        tags: ['tenants'],
        summary: 'Create a tenant (admin token); the API key is shown once',
        body: z.object({ name: z.string().trim().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      const { tenant, apiKey } = await hub.stores.tenants.create(request.body.name);
      return reply.status(201).send({ id: tenant.id, name: tenant.name, apiKey });
    },
  );
}
