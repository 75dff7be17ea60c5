import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Hub } from '../hub';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The admin token as a Bearer header, or as the password of HTTP Basic so that a browser can log in. */
function adminGate(hub: Hub) {
  const expected = digest(hub.config.adminToken);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    let token: string | null = null;
    if (/^Bearer /i.test(header)) token = header.slice(7).trim();
    if (/^Basic /i.test(header)) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      token = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (!token || !timingSafeEqual(digest(token), expected)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Basic realm="channel-hub admin", charset="UTF-8"')
        .send({ error: { code: 'unauthorized', message: 'the admin token is required', details: [] } });
    }
  };
}

/** The BullMQ dashboard at /admin/queues, behind the admin token. */
export async function adminDashboard(app: FastifyInstance, hub: Hub): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({ queues: Object.values(hub.queues).map((q) => new BullMQAdapter(q)), serverAdapter });
  await app.register(async (scope) => {
    scope.addHook('onRequest', adminGate(hub));
    await scope.register(serverAdapter.registerPlugin(), { prefix: '/admin/queues' });
  });
}
