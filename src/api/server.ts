import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Hub } from '../hub';
import { REDACTED_PATHS } from '../observability/logger';
import { IntegrationService } from '../services/integration-service';
import { IntegrationCache } from '../webhooks/integration-cache';
import { WebhookReceiver } from '../webhooks/receiver';
import { webhookRoutes } from '../webhooks/route';
import { adminDashboard } from './admin-dashboard';
import { handleError } from './errors';
import { healthRoutes } from './routes/health';
import { integrationRoutes } from './routes/integrations';
import { operationRoutes } from './routes/operations';
import { orderRoutes } from './routes/orders';
import { tenantRoutes } from './routes/tenants';

export interface ApiExtensions {
  /** Route groups added by later layers (push, subscriptions, install flows). */
  register?: (app: FastifyInstance, hub: Hub) => void | Promise<void>;
}

/** The HTTP API: Fastify with zod-validated routes, raw-body webhook receivers, OpenAPI at /docs. */
export async function buildServer(hub: Hub, extensions: ApiExtensions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: hub.log.child({ component: 'http' }) as FastifyBaseLogger,
    // Per-request lines would cost more than the webhook answer itself; metrics count requests instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `no route ${request.method} ${request.url}`, details: [] },
    }),
  );
  app.decorateRequest('tenant', null);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    hub.metrics.httpRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) request.log.warn({ route, status: reply.statusCode }, 'request failed');
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Channel Hub',
        version: '0.1.0',
        description:
          'Every channel order in one canonical shape; fulfilments and stock back to the channels.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const integrationService = new IntegrationService(hub);
  healthRoutes(app, hub);
  tenantRoutes(app, hub);
  integrationRoutes(app, hub, integrationService);
  orderRoutes(app, hub);
  operationRoutes(app, hub);
  await webhookRoutes(app, new WebhookReceiver(hub, new IntegrationCache(hub)));
  await adminDashboard(app, hub);
  await extensions.register?.(app, hub);
  return app;
}

export { REDACTED_PATHS };
