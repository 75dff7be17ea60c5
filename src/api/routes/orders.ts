import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../core/canonical/types';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { Hub } from '../../hub';
import { requireTenant, tenantOf } from '../auth';

const listQuery = z.object({
  integrationId: z.uuid().optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(250).default(50),
  cursor: z.string().optional(),
});

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string') throw new Error();
    return { at, id };
  } catch {
    throw new ValidationError('cursor is not one this API gave out', [
      { field: 'cursor', message: 'is invalid' },
    ]);
  }
}

export function orderRoutes(app: FastifyInstance, hub: Hub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireTenant(hub);

  r.get(
    '/v1/orders',
    {
      onRequest: auth,
      schema: { tags: ['orders'], summary: 'Canonical orders, newest update first', querystring: listQuery },
    },
    async (request) => {
      const q = request.query;
      const page = await hub.stores.orders.list(tenantOf(request).id, {
        limit: q.limit,
        ...(q.integrationId ? { integrationId: q.integrationId } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.updatedSince ? { updatedSince: new Date(q.updatedSince) } : {}),
        ...(q.cursor ? { cursor: decodeCursor(q.cursor) } : {}),
      });
      return {
        data: page.orders.map((o) => o.canonical),
        nextCursor: page.next
          ? Buffer.from(JSON.stringify([page.next.at, page.next.id])).toString('base64url')
          : null,
      };
    },
  );

  r.get(
    '/v1/orders/:id',
    {
      onRequest: auth,
      schema: {
        tags: ['orders'],
        summary: 'One canonical order with its history',
        params: z.object({ id: z.string() }),
      },
    },
    async (request) => {
      const order = await hub.stores.orders.findForTenant(tenantOf(request).id, request.params.id);
      if (!order) throw new NotFoundError('order not found');
      return { ...order.canonical, history: await hub.stores.orders.history(order.id) };
    },
  );
}
