import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request that matches a rule:
 * - `drop-after`: forwards it (the store applies it), then cuts the connection before any answer,
 *   as when the network fails after the write reached the store;
 * - `status`: answers itself, without forwarding (the store never sees it).
 */
export type FaultAction =
  | { kind: 'drop-after' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string };

export interface FaultRule {
  method: string;
  path: RegExp;
  action: FaultAction;
  /** How many matching requests the rule takes (default 1; Infinity for all). */
  times?: number;
}

export interface FaultProxy {
  url: string;
  /** Every request that went through, with what happened to it. */
  log: { method: string; path: string; outcome: 'forwarded' | 'dropped' | number }[];
  add(rule: FaultRule): void;
  clear(): void;
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of a sandbox store that can lose answers and refuse requests on cue. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const rules: (FaultRule & { left: number })[] = [];
  const log: FaultProxy['log'] = [];
  const base = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const rule = rules.find(
        (r) => r.left > 0 && r.method === req.method && r.path.test(decodeURIComponent(path)),
      );
      if (rule) rule.left -= 1;
      if (rule?.action.kind === 'status') {
        log.push({ method: req.method!, path, outcome: rule.action.status });
        res.writeHead(rule.action.status, {
          'content-type': 'application/json; charset=UTF-8',
          ...rule.action.headers,
        });
        res.end(rule.action.body ?? '{}');
        return;
      }
      const upstream = http.request(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: base.host },
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            if (rule?.action.kind === 'drop-after') {
              log.push({ method: req.method!, path, outcome: 'dropped' });
              req.socket.destroy();
              return;
            }
            log.push({ method: req.method!, path, outcome: 'forwarded' });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    add: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clear: () => {
      rules.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
