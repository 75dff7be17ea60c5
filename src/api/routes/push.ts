import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Hub } from '../../hub';
import { PushService } from '../../push/push-service';
import { requireTenant, tenantOf } from '../auth';

const text = z.string().trim().min(1).max(500);

export function pushRoutes(app: FastifyInstance, hub: Hub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireTenant(hub);
  const service = new PushService(hub);
  const params = z.object({ id: z.string() });

  r.post(
    '/v1/orders/:id/fulfillments',
    {
      onRequest: auth,
      schema: {
        tags: ['push'],
        summary: 'Fulfil lines of an order on its channel (no lineItems: everything still unfulfilled)',
        params,
        body: z
          .object({
            lineItems: z
              .array(z.object({ lineItemExternalId: text, quantity: z.number().int().positive() }))
              .min(1)
              .optional(),
            tracking: z
              .object({ company: text.nullish(), number: text.nullish(), url: z.url().nullish() })
              .optional(),
            notifyCustomer: z.boolean().default(false),
          })
          .default({ notifyCustomer: false }),
      },
    },
    async (request, reply) => {
      const jobId = await service.requestFulfillment(tenantOf(request).id, request.params.id, request.body);
      return reply.status(202).send({ jobId });
    },
  );

  r.post(
    '/v1/orders/:id/cancel',
    {
      onRequest: auth,
      schema: {
        tags: ['push'],
        summary: 'Cancel an order on its channel',
        params,
        body: z
          .object({
            reason: text.optional(),
            notifyCustomer: z.boolean().optional(),
            restock: z.boolean().optional(),
          })
          .default({}),
      },
    },
    async (request, reply) => {
      const jobId = await service.requestCancel(tenantOf(request).id, request.params.id, request.body);
      return reply.status(202).send({ jobId });
    },
  );

  r.put(
    '/v1/inventory',
    {
      onRequest: auth,
      schema: {
        tags: ['push'],
        summary: 'Set stock levels by SKU on every store of the tenant that sells it',
        body: z.object({
          items: z
            .array(
              z.object({
                sku: text,
                available: z.number().int().min(0),
                locationId: text.optional(),
                observedAt: z.iso.datetime({ offset: true }).optional(),
              }),
            )
            .min(1)
            .max(10_000),
        }),
      },
    },
    async (request, reply) => {
      const result = await service.requestInventory(tenantOf(request).id, request.body.items);
      return reply.status(202).send(result);
    },
  );
}
