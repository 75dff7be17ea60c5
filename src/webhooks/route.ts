import type { FastifyInstance } from 'fastify';
import type { WebhookReceiver } from './receiver';

/**
 * The receivers, in a scope of their own where every body stays the exact bytes received
 * (a signature is checked on bytes, never on re-serialised JSON).
 */
export async function webhookRoutes(app: FastifyInstance, receiver: WebhookReceiver): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { platform: string; integrationId: string }; Body: Buffer | undefined }>(
      '/webhooks/:platform/:integrationId',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Platform webhook receiver (signature checked on the raw body)',
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const result = await receiver.receive(
          request.params.platform,
          request.params.integrationId,
          request.headers,
          body,
        );
        if (result.status === 200) return reply.status(200).send({ ok: true, outcome: result.outcome });
        const code = result.outcome === 'unknown_integration' ? 'not_found' : result.outcome;
        return reply.status(result.status).send({ error: { code, message: result.message, details: [] } });
      },
    );
  });
}
