import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { Hub } from '../../hub';
import { checkStoreUrl } from '../../services/store-url-policy';
import { requireTenant, tenantOf } from '../auth';

export const EVENT_TYPES = ['order.created', 'order.updated', 'order.cancelled'] as const;

/**
 * A subscriber URL follows the rules of store URLs: https, and no loopback, private or link-local
 * address unless its host is in HUB_ALLOWED_STORE_HOSTS. Events carry customers' personal data,
 * and the hub must not be made to post into its own network.
 */
async function subscriberUrl(url: string, allowedHosts: readonly string[]): Promise<string> {
  try {
    await checkStoreUrl(url, allowedHosts);
    return url;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const reason = error.message.replace(/^storeUrl /, '');
    throw new ValidationError(`url ${reason}`, [{ field: 'body.url', message: reason }]);
  }
}

export function subscriptionRoutes(app: FastifyInstance, hub: Hub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireTenant(hub);

  r.post(
    '/v1/subscriptions',
    {
      onRequest: auth,
      schema: {
        tags: ['events'],
        summary: 'Subscribe a URL to signed canonical order events; the secret is shown once',
        body: z.object({ url: z.url({ protocol: /^https?$/ }), events: z.array(z.enum(EVENT_TYPES)).min(1) }),
      },
    },
    async (request, reply) => {
      const url = await subscriberUrl(request.body.url, hub.config.allowedStoreHosts);
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const sub = await hub.stores.subscriptions.create(
        tenantOf(request).id,
        url,
        [...new Set(request.body.events)],
        secret,
      );
      return reply
        .status(201)
        .send({ id: sub.id, url: sub.url, events: sub.events, secret, createdAt: sub.createdAt });
    },
  );

  r.get('/v1/subscriptions', { onRequest: auth, schema: { tags: ['events'] } }, async (request) => ({
    data: (await hub.stores.subscriptions.list(tenantOf(request).id)).map((s) => ({
      id: s.id,
      url: s.url,
      events: s.events,
      lastDeliveredEventId: s.lastEventId,
      failingAttempts: s.headAttempts,
      lastError: s.lastError,
      createdAt: s.createdAt,
    })),
  }));

  r.delete(
    '/v1/subscriptions/:id',
    { onRequest: auth, schema: { tags: ['events'], params: z.object({ id: z.uuid() }) } },
    async (request, reply) => {
      if (!(await hub.stores.subscriptions.delete(tenantOf(request).id, request.params.id)))
        throw new NotFoundError('subscription not found');
      return reply.status(204).send();
    },
  );
}
