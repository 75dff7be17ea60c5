import type { IncomingHttpHeaders } from 'node:http';
import Fastify from 'fastify';
import { queryRecord, type RequestLog } from './request-log';

export interface SandboxRequest {
  method: string;
  /** Path without the query string, e.g. `/wp-json/wc/v3/orders`. */
  path: string;
  /** Raw query string without `?` (signatures need it as sent). */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body text ('' when none). */
  body: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export type SandboxHandler = (req: SandboxRequest) => Promise<SandboxResponse>;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export { header };

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** A loopback HTTP server whose every request goes to one handler (the sandbox does its own routing). */
export async function startServer(
  handler: SandboxHandler,
  log: RequestLog,
  opts: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    handler: async (request, reply) => {
      const raw = request.raw.url ?? '/';
      const q = raw.indexOf('?');
      const rawQuery = q >= 0 ? raw.slice(q + 1) : '';
      const req: SandboxRequest = {
        method: request.method.toUpperCase(),
        path: safeDecode(q >= 0 ? raw.slice(0, q) : raw),
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: request.headers,
        body: typeof request.body === 'string' ? request.body : '',
      };
      let res: SandboxResponse;
      try {
        res = await handler(req);
      } catch (err) {
        console.error('sandbox handler error', err);
        res = { status: 500, headers: { 'content-type': 'text/plain' }, body: 'sandbox internal error' };
      }
      log.add({
        method: req.method,
        path: req.path,
        query: queryRecord(req.query),
        status: res.status,
        at: Date.now(),
      });
      reply.code(res.status);
      for (const [k, v] of Object.entries(res.headers ?? {})) reply.header(k, v);
      return reply.send(res.body);
    },
  });
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      await app.close();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
