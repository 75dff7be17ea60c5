import { createHmac, timingSafeEqual } from 'node:crypto';
import { header, type SandboxRequest } from '../common/server';
import { WooError } from './types';

export type KeyPermissions = 'read' | 'write' | 'read_write';

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  permissions: KeyPermissions;
  /** nonce → timestamp (seconds) of OAuth requests seen in the last 15 minutes. */
  nonces: Map<string, number>;
}

export type AuthResult =
  { kind: 'ok'; key: ApiKey } | { kind: 'anonymous' } | { kind: 'error'; error: WooError };

const WINDOW_S = 15 * 60;
const OAUTH_PARAMS = [
  'oauth_consumer_key',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
] as const;

function authError(message: string): WooError {
  return new WooError(401, 'woocommerce_rest_authentication_error', message);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** RFC 3986 encoding, as PHP's rawurlencode. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function parseOAuthHeader(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^OAuth\s/i.test(value.trim())) return out;
  for (const part of value
    .trim()
    .replace(/^OAuth\s+/i, '')
    .split(',')) {
    const m = /^\s*([^=]+)="?([^"]*)"?\s*$/.exec(part);
    if (m?.[1] && m[1].startsWith('oauth_')) out[m[1]] = decodeURIComponent(m[2] ?? '');
  }
  return out;
}

/**
 * PHP's `$_GET` keys: `a[]=x` and `a[0]=x` become nested keys a[0], and a plain key given twice
 * keeps its last value (as WooCommerce's signature check sees it); used for the base string.
 */
function phpParams(pairs: [string, string][]): [string, string][] {
  const counters = new Map<string, number>();
  const named = pairs.map(([k, v]): [string, string] => {
    const m = /^([^[]+)\[\]$/.exec(k);
    if (!m?.[1]) return [k, v];
    const n = counters.get(m[1]) ?? 0;
    counters.set(m[1], n + 1);
    return [`${m[1]}[${n}]`, v];
  });
  return [...new Map(named).entries()];
}

/** The OAuth 1.0a base string exactly as WooCommerce builds it (body not signed, key `secret&`). */
export function oauthBaseString(method: string, url: string, params: [string, string][]): string {
  const encoded = phpParams(params)
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => {
      const nested = /^([^[]+)\[([^\]]*)\]$/.exec(k);
      const key = nested ? `${rfc3986(nested[1] ?? '')}%5B${rfc3986(nested[2] ?? '')}%5D` : rfc3986(k);
      return [key, rfc3986(v)] as const;
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = encoded.map(([k, v]) => rfc3986(`${k}=${v}`)).join('%26');
  return `${method.toUpperCase()}&${rfc3986(url)}&${query}`;
}

export class WooAuth {
  constructor(
    private readonly keys: ApiKey[],
    private readonly home: () => string,
  ) {}

  private find(consumerKey: string): ApiKey | undefined {
    return this.keys.find((k) => k.consumerKey === consumerKey);
  }

  /**
   * Authenticates a wc/v3 request. Accepts OAuth 1.0a (query, form body or Authorization header) as
   * WooCommerce does over plain HTTP, and also — for convenience — consumer_key/consumer_secret query
   * args and Basic auth, which real stores accept only over HTTPS.
   */
  authenticate(req: SandboxRequest, formBody: [string, string][]): AuthResult {
    const result = this.identify(req, formBody);
    if (result.kind !== 'ok') return result;
    const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method);
    const p = result.key.permissions;
    if (write && p === 'read')
      return { kind: 'error', error: authError('The API key provided does not have write permissions.') };
    if (!write && req.method !== 'OPTIONS' && p === 'write')
      return { kind: 'error', error: authError('The API key provided does not have read permissions.') };
    return result;
  }

  private identify(req: SandboxRequest, formBody: [string, string][]): AuthResult {
    const ck = req.query.get('consumer_key');
    const cs = req.query.get('consumer_secret');
    if (ck && cs) return this.basic(ck, cs);
    const authorization = header(req.headers, 'authorization') ?? '';
    if (/^Basic\s/i.test(authorization)) {
      const decoded = Buffer.from(authorization.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return this.basic(decoded.slice(0, colon), decoded.slice(colon + 1));
    }
    return this.oauth(req, formBody, parseOAuthHeader(authorization));
  }

  private basic(ck: string, cs: string): AuthResult {
    const key = this.find(ck);
    if (!key) return { kind: 'anonymous' };
    if (!safeEqual(key.consumerSecret, cs))
      return { kind: 'error', error: authError('Consumer secret is invalid.') };
    return { kind: 'ok', key };
  }

  private oauth(
    req: SandboxRequest,
    formBody: [string, string][],
    headerParams: Record<string, string>,
  ): AuthResult {
    const pairs: [string, string][] = [...req.query.entries(), ...formBody, ...Object.entries(headerParams)];
    const params = new Map(pairs);
    const missing = OAUTH_PARAMS.filter((p) => !params.get(p));
    if (missing.length === OAUTH_PARAMS.length) return { kind: 'anonymous' };
    if (missing.length > 0) {
      const msg = `Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
      return {
        kind: 'error',
        error: new WooError(401, 'woocommerce_rest_authentication_missing_parameter', msg),
      };
    }
    const key = this.find(params.get('oauth_consumer_key') ?? '');
    if (!key) return { kind: 'error', error: authError('Consumer key is invalid.') };
    const method = params.get('oauth_signature_method');
    if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256')
      return { kind: 'error', error: authError('Invalid signature - signature method is invalid.') };
    const base = oauthBaseString(req.method, `${this.home()}${req.path}`, pairs);
    const expected = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${key.consumerSecret}&`)
      .update(base)
      .digest('base64');
    const given = (params.get('oauth_signature') ?? '').replace(/ /g, '+');
    if (!safeEqual(expected, given))
      return { kind: 'error', error: authError('Invalid signature - provided signature does not match.') };
    const now = Math.floor(Date.now() / 1000);
    const ts = Number(params.get('oauth_timestamp'));
    if (!Number.isFinite(ts) || ts < now - WINDOW_S || ts > now + WINDOW_S)
      return { kind: 'error', error: authError('Invalid timestamp.') };
    for (const [nonce, at] of key.nonces) if (at < now - WINDOW_S) key.nonces.delete(nonce);
    const nonce = params.get('oauth_nonce') ?? '';
    if (key.nonces.has(nonce))
      return { kind: 'error', error: authError('Invalid nonce - nonce has already been used.') };
    key.nonces.set(nonce, ts);
    return { kind: 'ok', key };
  }
}
