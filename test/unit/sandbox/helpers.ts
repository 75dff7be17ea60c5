import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback webhook receiver that keeps raw bodies; `status` decides the answer. */
export async function startReceiver(
  status: (req: Received) => number = () => 200,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(r);
      res.statusCode = status(r);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** OAuth 1.0a one-legged, the way WooCommerce clients sign over plain HTTP (no token, key `secret&`). */
export function oauthSign(
  method: string,
  url: string,
  key: { consumerKey: string; consumerSecret: string },
  opts: {
    algorithm?: 'HMAC-SHA1' | 'HMAC-SHA256';
    timestamp?: number;
    nonce?: string;
    query?: Record<string, string>;
  } = {},
): Record<string, string> {
  const algorithm = opts.algorithm ?? 'HMAC-SHA256';
  const params: Record<string, string> = {
    ...(opts.query ?? {}),
    oauth_consumer_key: key.consumerKey,
    oauth_nonce: opts.nonce ?? randomBytes(12).toString('hex'),
    oauth_signature_method: algorithm,
    oauth_timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  const normalized = Object.entries(params)
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `${method.toUpperCase()}&${enc(url)}&${enc(normalized)}`;
  const signature = createHmac(algorithm === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${key.consumerSecret}&`)
    .update(base)
    .digest('base64');
  return { ...params, oauth_signature: signature };
}

export function basic(key: { consumerKey: string; consumerSecret: string }): string {
  return `Basic ${Buffer.from(`${key.consumerKey}:${key.consumerSecret}`).toString('base64')}`;
}

/** Integer minor units from a money string ("12.34" with 2 digits → 1234). */
export function minor(text: string, digits: number): number {
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const value = Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  return text.startsWith('-') ? -value : value;
}
