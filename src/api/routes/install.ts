import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { JsonValue } from '../../core/json';
import type { Hub } from '../../hub';
import { IntegrationService } from '../../services/integration-service';
import { requireTenant, tenantOf } from '../auth';
import { presentIntegration } from '../presenters';

interface PendingInstall {
  tenantId: string;
  platform: string;
  storeUrl: string;
  returnUrl: string;
}

const INSTALL_TTL_SECONDS = 600;

/**
 * Install flows where the platform hands the hub its credentials (Shopify OAuth, WooCommerce
 * wc-auth): `GET /v1/{platform}/install` starts one for the calling tenant, the platform answers
 * at `/v1/{platform}/install/callback`, and the store is connected exactly like the setup endpoint.
 */
export function installRoutes(app: FastifyInstance, hub: Hub): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = new IntegrationService(hub);
  const key = (state: string) => `${hub.config.redisPrefix}:install:${state}`;

  const flowOf = (platform: string) => {
    const flow = hub.registry.has(platform) ? hub.registry.get(platform).install : undefined;
    if (!flow) throw new NotFoundError(`${platform} has no install flow`);
    return flow;
  };

  r.get(
    '/v1/:platform/install',
    {
      onRequest: requireTenant(hub),
      schema: {
        tags: ['integrations'],
        summary:
          'Start a platform install flow (Shopify: ?shop=x.myshopify.com; WooCommerce: ?store=https://…)',
        params: z.object({ platform: z.string() }),
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (request, reply) => {
      const flow = flowOf(request.params.platform);
      const state = randomBytes(16).toString('hex');
      const callbackUrl = `${hub.config.publicUrl}/v1/${request.params.platform}/install/callback`;
      const returnUrl = request.query.returnUrl ?? `${hub.config.publicUrl}/docs`;
      const { redirectUrl, storeUrl } = flow.begin(request.query, { callbackUrl, returnUrl, state });
      const pending: PendingInstall = {
        tenantId: tenantOf(request).id,
        platform: request.params.platform,
        storeUrl,
        returnUrl,
      };
      await hub.producer.set(key(state), JSON.stringify(pending), 'EX', INSTALL_TTL_SECONDS);
      if (request.headers.accept?.includes('application/json')) return { redirectUrl, state };
      return reply.redirect(redirectUrl, 302);
    },
  );

  const callback = async (platform: string, query: Record<string, string>, body: JsonValue | null) => {
    const flow = flowOf(platform);
    const state =
      query.state ??
      (body && typeof body === 'object' && !Array.isArray(body) ? String(body.user_id ?? '') : '');
    const stored = state ? await hub.producer.get(key(state)) : null;
    if (!stored)
      throw new ValidationError('this install link expired or was already used; start again', [
        { field: 'state', message: 'unknown' },
      ]);
    const pending = JSON.parse(stored) as PendingInstall;
    const { storeUrl, credentials } = await flow.complete(
      { query, body },
      { state, storeUrl: pending.storeUrl },
    );
    await hub.producer.del(key(state));
    const integration = await service.connect(pending.tenantId, { platform, storeUrl, credentials });
    return { integration, returnUrl: pending.returnUrl };
  };

  r.get(
    '/v1/:platform/install/callback',
    {
      schema: {
        tags: ['integrations'],
        params: z.object({ platform: z.string() }),
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (request, reply) => {
      const { integration, returnUrl } = await callback(request.params.platform, request.query, null);
      if (request.headers.accept?.includes('application/json')) return presentIntegration(integration);
      return reply.redirect(
        `${returnUrl}${returnUrl.includes('?') ? '&' : '?'}integrationId=${integration.id}`,
        302,
      );
    },
  );

  r.post(
    '/v1/:platform/install/callback',
    {
      schema: {
        tags: ['integrations'],
        params: z.object({ platform: z.string() }),
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (request) => {
      const { integration } = await callback(
        request.params.platform,
        request.query,
        (request.body ?? null) as JsonValue | null,
      );
      return presentIntegration(integration);
    },
  );
}
