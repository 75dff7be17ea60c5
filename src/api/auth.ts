import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tenant } from '../db/tenant-store';
import type { Hub } from '../hub';
import { errorBody } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Operator routes: `Authorization: Bearer <HUB_ADMIN_TOKEN>`, compared in constant time. */
export function requireAdmin(hub: Hub) {
  const expected = digest(hub.config.adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    if (!token || !timingSafeEqual(digest(token), expected)) {
      return reply
        .status(401)
        .send(
          errorBody('unauthorized', 'an admin token is required (Authorization: Bearer <HUB_ADMIN_TOKEN>)'),
        );
    }
  };
}

/** Tenant routes: `Authorization: Bearer <apiKey>`; the tenant is then on `request.tenant`. */
export function requireTenant(hub: Hub) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    const tenant = token ? await hub.stores.tenants.authenticate(token) : null;
    if (!tenant) {
      return reply
        .status(401)
        .send(errorBody('unauthorized', 'a valid API key is required (Authorization: Bearer <apiKey>)'));
    }
    request.tenant = tenant;
  };
}

export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw new Error('tenant route without tenant authentication');
  return request.tenant;
}
